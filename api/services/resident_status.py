"""What a resident may see of their own requests: status, last change, the note staff made visible.

Kept apart from api/services/requests.py (the staff side) because everything here is answered to a
conversation's sender: every query filters on `sender_id`, so another sender's reference is simply
not found — the same answer as a reference that does not exist — and nothing personal (phone numbers,
names, the staff's internal history notes) is ever part of the result.
"""
from __future__ import annotations

import logging
import re
import unicodedata
from datetime import timezone
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from api.services.requests import CHINA_TZ, SPECS, KindSpec
from corpus.text import mask_pii

log = logging.getLogger("api.resident_status")
MAX_ITEMS = 5  # a chat reply, not a report: the newest few
REFERENCE_RE = re.compile(r"(BA|ZX|RG)\s*[-—_]?\s*(\d{8})\s*[-—_]?\s*(\d{4})")
# The one field that names what the request is about, shown so the resident recognises it (their own words).
LABEL_FIELDS = {"filing": "team_name", "deregistration": "org_name"}


def normalise_reference(text: str) -> str | None:
    """「ba２０２６１１２６０００１」, 「BA－20261126－0001」 → 'BA-20261126-0001'; None when there is none."""
    match = REFERENCE_RE.search(unicodedata.normalize("NFKC", text or "").upper())
    return f"{match[1]}-{match[2]}-{match[3]}" if match else None


def _spec_of(reference: str) -> KindSpec | None:
    return next((s for s in SPECS.values() if reference.startswith(s.prefix + "-")), None)


def _local(moment: Any) -> str:
    """Minutes in China time: what a resident reads as 「最近更新」."""
    return moment.replace(tzinfo=timezone.utc).astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M")


def resident_view(spec: KindSpec, row: Any) -> dict[str, str]:
    """The resident-facing shape of one request; deliberately no phone, names, address or staff notes."""
    label_field = LABEL_FIELDS.get(spec.kind)
    return {"reference": row.reference, "kind": spec.kind, "title": spec.title,
            "label": mask_pii(getattr(row, label_field) or "") if label_field else "",
            "status": row.status, "updated_at": _local(row.updated_at),
            "resident_note": mask_pii(row.resident_note or "")}


def _mark_seen(session: Session, spec: KindSpec, ids: list[int]) -> None:
    if ids:
        session.execute(update(spec.model).where(spec.model.id.in_(ids)).values(status_seen=True))


def own_requests(session: Session, sender_id: str, reference: str | None = None,
                 kind: str | None = None) -> list[dict[str, str]]:
    """The sender's requests (one by reference, or the newest of a kind, or of all kinds), marked seen:
    whoever just read a status needs no notice about it on their next message."""
    if reference is not None:
        reference = normalise_reference(reference)
        spec = _spec_of(reference) if reference else None
        specs = [spec] if spec else []
    else:
        specs = [SPECS[kind]] if kind in SPECS else list(SPECS.values())
    found: list[tuple[KindSpec, Any]] = []
    for spec in specs:
        query = select(spec.model).where(spec.model.sender_id == sender_id)
        if reference:
            query = query.where(spec.model.reference == reference)
        rows = session.scalars(query.order_by(spec.model.updated_at.desc()).limit(MAX_ITEMS))
        found.extend((spec, row) for row in rows)
    found.sort(key=lambda pair: pair[1].updated_at, reverse=True)
    found = found[:MAX_ITEMS]
    for spec in specs:
        _mark_seen(session, spec, [row.id for s, row in found if s is spec and not row.status_seen])
    session.commit()
    return [resident_view(spec, row) for spec, row in found]


def take_unseen(session: Session, sender_id: str) -> list[dict[str, str]]:
    """Status changes of the sender's requests not yet shown, each returned by exactly one call: the
    flag is flipped with a conditional UPDATE, so two workers answering at once never both show it."""
    out: list[dict[str, str]] = []
    for spec in SPECS.values():
        model = spec.model
        rows = session.scalars(select(model).where(model.sender_id == sender_id, model.status_seen.is_(False)))
        for row in list(rows):
            flipped = session.execute(update(model).where(model.id == row.id, model.status_seen.is_(False))
                                      .values(status_seen=True)).rowcount
            if flipped == 1:
                out.append(resident_view(spec, row))
    session.commit()
    return out


def notice_text(item: dict[str, str]) -> str:
    """「您的备案申请 BA-… 状态已更新为「已联系」。」 plus the note staff made visible, if any."""
    label = f"（{item['label']}）" if item["label"] else ""
    text = f"📌 您的{item['title']} {item['reference']}{label}状态已更新为「{item['status']}」（{item['updated_at']}）。"
    if item["resident_note"]:
        text += f"\n工作人员说明：{item['resident_note']}"
    return text


def notices_for(session: Session, sender_id: str) -> list[str]:
    """The notices to put before this turn's reply; a database failure costs the notice, never the reply."""
    try:
        return [notice_text(item) for item in take_unseen(session, sender_id)]
    except Exception as exc:  # noqa: BLE001 — the chat must answer even when this lookup fails
        session.rollback()
        log.warning("status notices unavailable for %s: %s", mask_pii(sender_id), type(exc).__name__)
        return []
