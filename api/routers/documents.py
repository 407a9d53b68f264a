"""Staff knowledge documents: list, upload, mark expired, delete, each followed by a background re-index.

The form fields are checked here (422 naming the field, nothing stored); the change and the re-index
job are api/services/knowledge.py.
"""
from __future__ import annotations

import asyncio
import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, HTTPException, UploadFile

from api.security import StaffName, same_origin
from api.services import knowledge
from config.settings import get_settings

router = APIRouter()
Text = Annotated[str | None, Form()]


@router.get("/api/staff/documents")
def list_documents(who: StaffName) -> dict:
    """Every document with its validity, and the state of the re-index job."""
    return {"documents": [knowledge.doc_row(d) for d in knowledge.documents().values()], "job": knowledge.job_state()}


@router.get("/api/staff/index-job")
def index_job(who: StaffName) -> dict:
    """The re-index job the console polls for progress."""
    return knowledge.job_state()


def _date(value: str | None, label: str, required: bool = False) -> str | None:
    """An ISO date form field; a wrong format is a 422 naming the field."""
    value = (value or "").strip()
    if not value:
        if required:
            raise HTTPException(status_code=422, detail=f"{label}：不能为空。")
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise HTTPException(status_code=422, detail=f"{label}：应为 YYYY-MM-DD 格式的日期。") from None


def _optional(value: str | None, label: str, limit: int) -> str | None:
    """A trimmed form field; too long is a 422, never silently cut."""
    value = (value or "").strip()
    if len(value) > limit:
        raise HTTPException(status_code=422, detail=f"{label}：不超过 {limit} 字。")
    return value or None


def _required(value: str | None, label: str, limit: int) -> str:
    """A trimmed form field that must be filled in."""
    value = _optional(value, label, limit)
    if not value:
        raise HTTPException(status_code=422, detail=f"{label}：不能为空。")
    return value


@router.post("/api/staff/documents", dependencies=[Depends(same_origin)])
async def upload_document(
    who: StaffName, file: Annotated[UploadFile | None, File()] = None, title: Text = None, issuer: Text = None,
    date: Text = None, region: Text = None, kind: Text = None, doc_number: Text = None, district: Text = None,
    valid_from: Text = None, valid_until: Text = None, doc_id: Text = None,
) -> dict:
    """Validate everything first (422, nothing stored), then add the document and re-index in the background."""
    meta = {"title": _required(title, "标题", 200), "issuer": _required(issuer, "发布机关", 100),
            "date": _date(date, "发文日期", required=True), "region": _required(region, "地区", 20),
            "kind": _optional(kind, "类别", 20) or "", "doc_number": _optional(doc_number, "文号", 60),
            "district": _optional(district, "区县", 20), "valid_from": _date(valid_from, "生效日期"),
            "valid_until": _date(valid_until, "失效日期")}
    if meta["valid_from"] and meta["valid_until"] and meta["valid_until"] < meta["valid_from"]:
        raise HTTPException(status_code=422, detail="失效日期不能早于生效日期。")
    if doc_id and doc_id.strip():
        meta["id"] = knowledge.check_new_doc_id(doc_id.strip())
    if file is None:
        raise HTTPException(status_code=422, detail="请选择要上传的文件（.txt、.docx 或 .pdf）。")
    text = await knowledge.upload_text(file.filename or "", await file.read(get_settings().max_upload_bytes + 1))
    new_id = await asyncio.to_thread(knowledge.staff_change, lambda: knowledge.add_document(meta, text))
    return {"doc_id": new_id, "job": knowledge.job_state(), "by": who}


@router.post("/api/staff/documents/{doc_id}/expire", dependencies=[Depends(same_origin)])
def expire_document(doc_id: str, who: StaffName) -> dict:
    """Mark expired → after re-indexing it is no longer cited as in force."""
    knowledge.require_document(doc_id)
    knowledge.staff_change(lambda: knowledge.expire_document(doc_id))
    return {"doc_id": doc_id, "job": knowledge.job_state(), "by": who}


@router.delete("/api/staff/documents/{doc_id}", dependencies=[Depends(same_origin)])
def delete_document(doc_id: str, who: StaffName) -> dict:
    """Delete → after re-indexing it is never cited again."""
    knowledge.require_document(doc_id)
    knowledge.staff_change(lambda: knowledge.delete_document(doc_id))
    return {"doc_id": doc_id, "job": knowledge.job_state(), "by": who}
