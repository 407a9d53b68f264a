"""The 百问百答 listing (GET /api/faq) and the staff's entries (/api/staff/faq): write, edit, retire,
history, export and import.

The booklet page itself is served by api/routers/web.py; the quiz and the scoring tool have their
own routers. Saving runs the grounding check (api/services/faq_admin.py): 422 with the reason in Chinese.
"""
from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, File, Query, Response, UploadFile
from pydantic import BaseModel, Field, field_validator

from api.deps import DbSession
from api.security import StaffName, same_origin
from api.services import compendium, faq_admin, faq_io
from api.services.errors import Refused
from config.settings import get_settings

router = APIRouter(tags=["faq"])
ClauseId = Annotated[str, Field(min_length=1, max_length=200)]
Phrase = Annotated[str, Field(max_length=200)]


@router.get("/api/faq")
def faq_list(topic: str | None = Query(None, max_length=64), region: str | None = Query(None, max_length=20),
             q: str | None = Query(None, max_length=100)) -> dict:
    """Entries with citations, optionally filtered by topic, region and a keyword."""
    return compendium.search(topic, region, q)


class EntryIn(BaseModel):
    """One entry as staff write it; clause ids come from the hit test or the question log."""

    question: str = Field(min_length=2, max_length=200)
    paraphrases: list[Phrase] = Field(default_factory=list, max_length=30)
    answer: str = Field(min_length=4, max_length=1000)
    clause_ids: list[ClauseId] = Field(min_length=1, max_length=10)
    topic: str = Field(min_length=1, max_length=64)
    region: str | None = Field(None, max_length=20)
    silent: bool | None = None
    audience: list[Annotated[str, Field(max_length=20)]] = Field(default_factory=list, max_length=5)
    model_config = {"strict": True}

    @field_validator("question", "answer", "topic")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("不能只填空格")
        return value.strip()

    @field_validator("region")
    @classmethod
    def _blank_region_is_none(cls, value: str | None) -> str | None:
        return (value or "").strip() or None

    def draft(self) -> faq_admin.Draft:
        return faq_admin.Draft(**self.model_dump())


class RetireIn(BaseModel):
    retired: bool = True


@router.get("/api/staff/faq")
def staff_entries(who: StaffName, session: DbSession) -> dict:
    """The entries staff wrote, edited or retired, newest change first."""
    return faq_admin.listing(session)


@router.post("/api/staff/faq", status_code=201, dependencies=[Depends(same_origin)])
def create_entry(body: EntryIn, who: StaffName, session: DbSession) -> dict:
    """A new grounded entry (201 with its id), answering within seconds on every worker; 422 in Chinese."""
    return {"id": faq_admin.create(session, body.draft(), who)}


@router.get("/api/staff/faq/export")
def export(who: StaffName, session: DbSession, format: Literal["yaml", "xlsx"] = "yaml") -> Response:  # noqa: A002
    """The whole compendium (served and retired entries) for offline review."""
    if format == "xlsx":
        return Response(faq_io.export_xlsx(session), headers={"Content-Disposition": 'attachment; filename="faq.xlsx"'},
                        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    return Response(faq_io.export_yaml(session), media_type="application/x-yaml; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="faq.yml"'})


@router.post("/api/staff/faq/import", dependencies=[Depends(same_origin)])
async def import_entries(who: StaffName, session: DbSession, file: Annotated[UploadFile, File()]) -> dict:
    """A reviewed export back in: every row checked first, all saved or none (422 naming the rows)."""
    name = file.filename or ""
    if not name.lower().endswith((".yml", ".yaml", ".xlsx")):
        raise Refused("请上传导出的 .yml / .yaml 或 .xlsx 文件。")
    data = await file.read(get_settings().max_upload_bytes + 1)
    return faq_io.import_file(session, name, data, who)


@router.get("/api/staff/faq/{entry_id}")
def entry_detail(entry_id: str, who: StaffName, session: DbSession) -> dict:
    """One entry (staff-written or from the YAML) with its citations, state and history."""
    return faq_admin.detail(session, entry_id)


@router.put("/api/staff/faq/{entry_id}", dependencies=[Depends(same_origin)])
def edit_entry(entry_id: str, body: EntryIn, who: StaffName, session: DbSession) -> dict:
    """A new version of the entry after the same grounding check; the change goes into its history."""
    return {"id": entry_id, "changes": faq_admin.update(session, entry_id, body.draft(), who)}


@router.post("/api/staff/faq/{entry_id}/retire", dependencies=[Depends(same_origin)])
def retire_entry(entry_id: str, body: RetireIn, who: StaffName, session: DbSession) -> dict:
    """Retire the entry (it stops answering; kept in the history) or, with retired=false, restore it."""
    faq_admin.set_retired(session, entry_id, body.retired, who)
    return {"id": entry_id, "retired": body.retired}


@router.get("/api/staff/faq/{entry_id}/history")
def entry_history(entry_id: str, who: StaffName, session: DbSession) -> dict:
    """Who changed the entry, when, and what changed."""
    return {"id": entry_id, "history": faq_admin.history(session, entry_id)}
