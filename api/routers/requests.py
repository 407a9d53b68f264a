"""Requests API: the action server stores filings/deregistrations/handoffs; staff read and update them.

Phone numbers: shown in full in detail views and the CSV export (staff call the leader back), masked
(138****8000) in list views, which are often on screen in shared offices; never written to logs.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Response
from pydantic import BaseModel, Field, ValidationError

from api.deps import DbSession
from api.models.requests import STATUSES
from api.requests_schemas import InternalRequest, StatusPatch, label_errors
from api.services.requests import (
    SPECS, Filters, KindSpec, TransitionError, change_status, create_request, get_request, history,
    history_dict, list_requests, merge_handoff, to_csv, to_dict,
)
from api.security import StaffName, require_internal, same_origin
from api.services.resident_status import own_requests
from api.validation import chinese_validation_message

router = APIRouter()
MAX_OFFSET = 10**9  # beyond any table; a larger number would overflow the database's integer (422, not 500)


@router.post("/internal/requests", dependencies=[Depends(require_internal)], tags=["internal"])
def store_request(body: InternalRequest, db: DbSession) -> dict:
    """Validate `data` against its kind's schema (422 in Chinese) and store it under a new reference; a repeated
    转人工 joins the sender's unread one (`merged`: true)."""
    spec = SPECS[body.kind]
    try:
        data = spec.schema.model_validate(body.data)
    except ValidationError as exc:
        raise HTTPException(422, chinese_validation_message(label_errors(exc.errors()))) from None
    merged = merge_handoff(db, body.sender_id, data) if body.kind == "handoff" else None
    if merged:
        return {"reference": merged, "merged": True}
    return {"reference": create_request(db, body.kind, body.sender_id, data), "merged": False}


class StatusLookup(BaseModel):
    """Body of POST /internal/requests/lookup: whose requests (the conversation's sender, as Rasa has it)
    and optionally one reference (any spelling) or one kind."""

    sender_id: str = Field(min_length=1, max_length=128)
    reference: str | None = Field(default=None, max_length=64)
    kind: Literal["filing", "deregistration", "handoff"] | None = None


@router.post("/internal/requests/lookup", dependencies=[Depends(require_internal)], tags=["internal"])
def lookup_requests(body: StatusLookup, db: DbSession) -> dict:
    """The sender's own requests for the chat's status lookup. Another sender's reference yields the same
    empty list as a reference that does not exist: the answer must not reveal that it exists."""
    return {"items": own_requests(db, body.sender_id, body.reference, body.kind)}


def _filters(
    sender_id: Annotated[str | None, Query(max_length=128)] = None,
    status: Annotated[str | None, Query(max_length=8)] = None,
    street: Annotated[str | None, Query(max_length=50)] = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> Filters:
    """Query-string filters shared by the list and the CSV export; unknown statuses are refused."""
    if status and status not in STATUSES:
        raise HTTPException(422, f"状态应为：{'、'.join(STATUSES)}。")
    if date_from and date_to and date_from > date_to:
        raise HTTPException(422, "起始日期不能晚于结束日期。")
    return Filters(sender_id or None, status or None, street or None, date_from, date_to)


FiltersDep = Annotated[Filters, Depends(_filters)]


def _not_found(spec: KindSpec, reference: str) -> HTTPException:
    return HTTPException(404, f"没有找到编号为 {reference[:40]} 的{spec.title}。")


def _detail(db: DbSession, spec: KindSpec, row) -> dict:  # noqa: ANN001
    return {**to_dict(spec, row), "history": [history_dict(c) for c in history(db, row.reference)]}


def _add_staff_routes(spec: KindSpec) -> None:
    """Register list / CSV / detail / PATCH for one kind; the three kinds differ only in their spec."""
    base = f"/api/{spec.path}"

    @router.get(base, tags=["staff"], name=f"list_{spec.path}")
    def list_items(_who: StaffName, db: DbSession, filters: FiltersDep,
                   limit: Annotated[int, Query(ge=1, le=1000)] = 100,
                   offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0) -> dict:
        if filters.street and not spec.has_street:
            raise HTTPException(422, f"{spec.title}没有街道/镇字段，不能按街道筛选。")
        rows, total = list_requests(db, spec, filters, limit, offset)
        return {"items": [to_dict(spec, r, masked=True) for r in rows], "total": total,
                "limit": limit, "offset": offset}

    @router.get(f"{base}.csv", tags=["staff"], name=f"export_{spec.path}")
    def export_csv(_who: StaffName, db: DbSession, filters: FiltersDep) -> Response:
        rows, _ = list_requests(db, spec, filters)
        filename = f"{spec.path}-{datetime.now():%Y%m%d}.csv"
        return Response(to_csv(spec, rows), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{filename}"'})

    @router.get(f"{base}/{{reference}}", tags=["staff"], name=f"get_{spec.path}")
    def get_item(reference: str, _who: StaffName, db: DbSession) -> dict:
        row = get_request(db, spec, reference)
        if row is None:
            raise _not_found(spec, reference)
        return _detail(db, spec, row)

    @router.patch(f"{base}/{{reference}}", tags=["staff"], name=f"patch_{spec.path}",
                  dependencies=[Depends(same_origin)])
    def patch_item(reference: str, body: StatusPatch, who: StaffName, db: DbSession) -> dict:
        if body.status not in STATUSES:
            raise HTTPException(422, f"状态应为：{'、'.join(STATUSES)}。")
        try:
            row = change_status(db, spec, reference, body.status, who, body.note, body.resident_note)
        except LookupError:
            raise _not_found(spec, reference) from None
        except TransitionError as exc:
            raise HTTPException(422, str(exc)) from None
        return _detail(db, spec, row)


for _spec in SPECS.values():
    _add_staff_routes(_spec)
