"""Storage of filings, deregistrations and handoffs: references, queries, status workflow, CSV.

Kept apart from the router so the same functions serve the HTTP API, the staff console and tests.
"""
from __future__ import annotations

import csv
import io
import logging
import random
import time
from dataclasses import dataclass
from datetime import date, datetime, time as dtime, timedelta, timezone

from pydantic import BaseModel
from sqlalchemy import Select, func, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from api.logging_setup import mask_pii
from api.models.requests import (
    ALLOWED_TRANSITIONS, STATUS_SUBMITTED, DeregistrationRequest, FilingRequest, HandoffRequest,
    StatusChange, utcnow,
)
from api.requests_schemas import DeregistrationData, FilingData, HandoffData
from corpus.vocabulary import field_label

log = logging.getLogger("api.requests")
# China has no DST, so a fixed offset is exact and needs no tz database on the machine.
CHINA_TZ = timezone(timedelta(hours=8), "Asia/Shanghai")
MAX_ATTEMPTS = 60
HANDOFF_MERGE_MINUTES = 30  # a repeated 转人工 within this time, while the first is unread, joins it


@dataclass(frozen=True)
class KindSpec:
    """Everything that differs between the three request kinds."""

    kind: str
    prefix: str
    path: str  # URL segment under /api/
    title: str  # Chinese name used in messages
    model: type
    schema: type[BaseModel]
    columns: tuple[tuple[str, str], ...]  # (attribute, CSV header), after the common columns
    has_street: bool = True


def labelled(*names: str, variant: str | None = None) -> tuple[tuple[str, str], ...]:
    """(attribute, CSV header) pairs, the headers taken from the vocabulary's field labels."""
    return tuple((name, field_label(name, variant)) for name in names)


SPECS: dict[str, KindSpec] = {
    "filing": KindSpec("filing", "BA", "filings", "备案申请", FilingRequest, FilingData, labelled(
        "team_name", "category", "district", "street", "community", "member_count", "leader_name",
        "leader_phone", "activity_place", "activities", "tier")),
    "deregistration": KindSpec("deregistration", "ZX", "deregistrations", "注销/撤销备案申请",
                               DeregistrationRequest, DeregistrationData, labelled(
        "org_kind", "org_name", "region", "district", "street", "reason", "contact", "path", "notes",
        variant="deregistration")),
    "handoff": KindSpec("handoff", "RG", "handoffs", "转人工请求", HandoffRequest, HandoffData, labelled(
        "question", "context", "contact"), has_street=False),
}
COMMON_COLUMNS = labelled("reference", "sender_id", "status", "created_at")


class TransitionError(ValueError):
    """A status change the workflow does not allow; the message is shown to staff as is."""


@dataclass(frozen=True)
class Filters:
    """Staff list filters; dates are Chinese calendar days, both ends inclusive."""

    sender_id: str | None = None
    status: str | None = None
    street: str | None = None
    date_from: date | None = None
    date_to: date | None = None


def china_day_start_utc(day: date) -> datetime:
    """Naive-UTC instant at which `day` begins in China (the stored timestamps are naive UTC)."""
    return datetime.combine(day, dtime.min, CHINA_TZ).astimezone(timezone.utc).replace(tzinfo=None)


def to_china_iso(moment: datetime) -> str:
    """Staff read local (China) time; stored values are naive UTC."""
    return moment.replace(tzinfo=timezone.utc).astimezone(CHINA_TZ).isoformat(timespec="seconds")


def _next_reference(session: Session, spec: KindSpec, now: datetime) -> str:
    """Next free per-day reference; the unique constraint catches races, the caller retries."""
    stem = f"{spec.prefix}-{now.replace(tzinfo=timezone.utc).astimezone(CHINA_TZ):%Y%m%d}-"
    ref_col = spec.model.reference
    last = session.scalar(select(ref_col).where(ref_col.like(stem + "%"))
                          .order_by(func.length(ref_col).desc(), ref_col.desc()).limit(1))
    seq = int(last.removeprefix(stem)) + 1 if last else 1
    return f"{stem}{seq:04d}"


def create_request(session: Session, kind: str, sender_id: str, data: BaseModel) -> str:
    """Insert a request with a fresh reference and its first history row; retry on a taken reference."""
    spec = SPECS[kind]
    for attempt in range(MAX_ATTEMPTS):
        now = utcnow()
        reference = _next_reference(session, spec, now)
        row = spec.model(reference=reference, sender_id=sender_id, status=STATUS_SUBMITTED,
                         created_at=now, updated_at=now, **data.model_dump())
        session.add(row)
        session.add(StatusChange(reference=reference, from_status=None, to_status=STATUS_SUBMITTED,
                                 who=f"用户 {sender_id}"[:100], note="", at=now))
        try:
            session.commit()
        except (IntegrityError, OperationalError):
            session.rollback()  # another writer took this reference (or held the SQLite lock)
            time.sleep(random.uniform(0.002, 0.02) * (attempt + 1))
            continue
        log.info("stored %s %s", kind, reference)
        return reference
    raise RuntimeError(f"could not allocate a {spec.prefix} reference")


def merge_handoff(session: Session, sender_id: str, data: HandoffData) -> str | None:
    """A second 转人工 of the same conversation while its first one is still unread (已提交, within
    HANDOFF_MERGE_MINUTES) adds to that one instead of giving staff two requests to chase: the number
    given now, and the new message under the context. Returns the reference it merged into, or None."""
    since = utcnow() - timedelta(minutes=HANDOFF_MERGE_MINUTES)
    row = session.scalars(select(HandoffRequest).where(
        HandoffRequest.sender_id == sender_id, HandoffRequest.status == STATUS_SUBMITTED,
        HandoffRequest.created_at >= since).order_by(HandoffRequest.created_at.desc()).limit(1)
        .with_for_update()).first()
    if row is None:
        return None
    added = [f"后来又说：{data.question}"] if data.question and data.question != row.question else []
    if data.contact and data.contact != row.contact:
        if row.contact:
            added.append(f"另留电话：{data.contact}")  # the first number stays where staff look for it
        else:
            row.contact = data.contact
    row.context = "\n".join([row.context, *added]).strip()[-4000:]  # the newest words are the ones kept
    row.updated_at = now = utcnow()
    session.add(StatusChange(reference=row.reference, from_status=row.status, to_status=row.status,
                             who=f"用户 {sender_id}"[:100], note="同一对话再次转人工，已并入本请求", at=now))
    session.commit()
    log.info("merged a handoff into %s", row.reference)
    return row.reference


def _filtered(spec: KindSpec, filters: Filters) -> Select:
    """The SELECT for a staff list, shared by the JSON list and the CSV export."""
    model = spec.model
    query = select(model)
    if filters.sender_id:
        query = query.where(model.sender_id == filters.sender_id)
    if filters.status:
        query = query.where(model.status == filters.status)
    if filters.street and spec.has_street:
        query = query.where(model.street == filters.street)
    if filters.date_from:
        query = query.where(model.created_at >= china_day_start_utc(filters.date_from))
    if filters.date_to:
        query = query.where(model.created_at < china_day_start_utc(filters.date_to + timedelta(days=1)))
    return query


def list_requests(session: Session, spec: KindSpec, filters: Filters,
                  limit: int | None = None, offset: int = 0) -> tuple[list, int]:
    """Newest first, plus the total count so the console can page."""
    query = _filtered(spec, filters)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    query = query.order_by(spec.model.created_at.desc(), spec.model.id.desc()).offset(offset)
    rows = session.scalars(query.limit(limit) if limit else query).all()
    return list(rows), total


def get_request(session: Session, spec: KindSpec, reference: str):  # noqa: ANN201  (a model row)
    """One request by reference, or None."""
    return session.scalar(select(spec.model).where(spec.model.reference == reference))


def history(session: Session, reference: str) -> list[StatusChange]:
    """Status changes of one request, oldest first."""
    query = select(StatusChange).where(StatusChange.reference == reference)
    return list(session.scalars(query.order_by(StatusChange.at, StatusChange.id)))


def change_status(session: Session, spec: KindSpec, reference: str, to_status: str,
                  who: str, note: str | None, resident_note: str | None = None):  # noqa: ANN201
    """Apply one allowed workflow step and record who/when; raises TransitionError otherwise.

    `resident_note` (None = unchanged) is what the resident sees in the chat; the same status with a new
    resident note only updates that note (staff correct it without a workflow step). A real step leaves
    the change unseen, so the resident's next message carries a notice (api/services/resident_status.py)."""
    row = session.scalar(select(spec.model).where(spec.model.reference == reference).with_for_update())
    if row is None:
        raise LookupError(reference)
    if resident_note is not None:
        row.resident_note = resident_note
    if to_status == row.status and resident_note is not None:
        session.add(StatusChange(reference=reference, from_status=row.status, to_status=to_status,
                                 who=who[:100], note=note or "更新了给居民的说明", at=utcnow()))
        session.commit()
        return row
    allowed = ALLOWED_TRANSITIONS.get(row.status, ())
    if to_status not in allowed:
        session.rollback()
        hint = "、".join(allowed) if allowed else "无（已是最终状态）"
        raise TransitionError(f"不能从“{row.status}”改为“{to_status}”。当前可改为：{hint}。")
    now, from_status = utcnow(), row.status
    session.add(StatusChange(reference=reference, from_status=from_status, to_status=to_status,
                             who=who[:100], note=note or "", at=now))
    row.status, row.updated_at, row.status_seen = to_status, now, False
    session.commit()
    log.info("%s %s → %s by %s", reference, from_status, to_status, mask_pii(who))
    return row


def to_dict(spec: KindSpec, row, masked: bool = False) -> dict:  # noqa: ANN001
    """JSON shape of a request; `masked` hides the middle of phone numbers (list views)."""
    out = {name: getattr(row, name) for name, _ in COMMON_COLUMNS + spec.columns}
    out["kind"] = spec.kind
    out["resident_note"] = row.resident_note or ""
    out["created_at"] = to_china_iso(row.created_at)
    out["updated_at"] = to_china_iso(row.updated_at)
    for key in ("leader_phone", "contact") if masked else ():  # 138****8000: recognisable, not exposed
        if key in out:
            out[key] = mask_pii(out[key])
    return out


def history_dict(change: StatusChange) -> dict:
    """JSON shape of one status change."""
    return {"from_status": change.from_status, "to_status": change.to_status, "who": change.who,
            "note": change.note, "at": to_china_iso(change.at)}


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """Neutralise spreadsheet formulas (CSV injection): a leading ' makes Excel show the text."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(spec: KindSpec, rows: list) -> str:
    """UTF-8 CSV with a BOM so Excel shows the Chinese headers and values correctly."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    columns = COMMON_COLUMNS + spec.columns
    writer.writerow([header for _, header in columns])
    for row in rows:
        record = to_dict(spec, row)
        writer.writerow([csv_cell(record[name]) for name, _ in columns])
    return "\ufeff" + buf.getvalue()
