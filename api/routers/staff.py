"""Staff console JSON: login/logout (session cookie), overview statistics, knowledge documents with a
background re-index job, and the retrieval hit test.

Requests (filings, deregistrations, handoffs) are served by api/routers/requests.py; the console page
itself by api/routers/web.py; the questions review by api/routers/feedback.py.
"""
from __future__ import annotations

import datetime as dt
import hmac
import io
import logging
import re
import time
from collections import Counter
from typing import Annotated, Callable
from urllib.parse import urlsplit

import httpx
from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, Response, UploadFile
from pydantic import BaseModel, Field, field_validator
from sqlalchemy import func, select

from api.deps import STAFF_COOKIE, DbSession, StaffName, make_staff_session, verify_staff_session
from api.models.feedback import Feedback, QuestionLog
from api.models.requests import DeregistrationRequest, FilingRequest, HandoffRequest, utcnow
from api.requests_store import CHINA_TZ, china_day_start_utc
from api.services import knowledge
from config.settings import get_settings

log = logging.getLogger("api.staff")
router = APIRouter()


# ---------------------------------------------------------------- login / logout

def same_origin(request: Request) -> None:
    """CSRF guard for cookie-authenticated writes: a browser's Origin must be this gateway (else 403)."""
    origin = request.headers.get("origin")
    if origin and urlsplit(origin).netloc != request.headers.get("host", ""):
        raise HTTPException(status_code=403, detail="跨站请求被拒绝，请从工作台页面操作。")


class LoginIn(BaseModel):
    token: str = Field(min_length=1, max_length=200)
    name: str = Field(min_length=1, max_length=40)

    @field_validator("name")
    @classmethod
    def _printable_name(cls, value: str) -> str:
        """The name is recorded as 'who' on every status change, so it must be a real, printable name."""
        value = value.strip()
        if not value or any(ord(ch) < 32 for ch in value):
            raise ValueError("请填写您的姓名")
        return value


_FAILED_LOGINS: dict[str, list[float]] = {}
_LOGIN_WINDOW_S, _LOGIN_MAX_FAILURES = 300.0, 10


def _throttle(client: str) -> None:
    """Slow down token guessing: too many recent failures from one address → 429."""
    recent = [t for t in _FAILED_LOGINS.get(client, []) if time.time() - t < _LOGIN_WINDOW_S]
    _FAILED_LOGINS[client] = recent
    if len(recent) >= _LOGIN_MAX_FAILURES:
        raise HTTPException(status_code=429, detail="登录失败次数过多，请 5 分钟后再试。")


@router.post("/staff/login", dependencies=[Depends(same_origin)])
def login(body: LoginIn, request: Request, response: Response) -> dict:
    """Exchange STAFF_TOKEN for a signed, HttpOnly, SameSite=Strict session cookie naming the staff member."""
    settings = get_settings()
    client = request.client.host if request.client else "?"
    _throttle(client)
    expected = settings.staff_token
    if not expected or not hmac.compare_digest(body.token.encode(), expected.encode()):
        _FAILED_LOGINS.setdefault(client, []).append(time.time())
        raise HTTPException(status_code=401, detail="令牌不正确，请向管理员确认工作人员令牌。")
    response.set_cookie(STAFF_COOKIE, make_staff_session(body.name), max_age=settings.staff_session_max_age_s,
                        httponly=True, samesite="strict", secure=request.url.scheme == "https", path="/")
    return {"name": body.name}


@router.post("/staff/logout")
def logout(response: Response) -> dict:
    """Always succeeds: clearing a cookie needs no authentication."""
    response.delete_cookie(STAFF_COOKIE, path="/")
    return {"ok": True}


@router.get("/staff/session")
def session_probe(request: Request) -> dict:
    """Who is logged in, or null: a probe that answers 200 so the login page logs no console error."""
    return {"name": verify_staff_session(request.cookies.get(STAFF_COOKIE))}


# ---------------------------------------------------------------- overview

# Topic words for the "top topics" chart: a console grouping of residents' questions, not policy.
TOPICS: dict[str, tuple[str, ...]] = {
    "备案": ("备案",), "登记": ("登记", "注册"), "注销与退出": ("注销", "撤销", "退出", "解散"),
    "扶持与补贴": ("扶持", "补贴", "补助", "资助", "奖励", "资金", "公益金"), "场地": ("场地", "阵地", "安家", "空间"),
    "评估等级": ("评估", "3A", "等级"), "公益创投": ("创投",), "购买服务": ("购买",), "党建": ("党",),
    "培训": ("培训", "学习"), "五社联动": ("五社",), "僵尸型组织": ("僵尸", "不活动", "休眠"),
}


def topic_of(question: str) -> str:
    return next((name for name, words in TOPICS.items() if any(w in question for w in words)), "其他")


def china_date(moment: dt.datetime) -> dt.date:
    """Stored timestamps are naive UTC; staff count days on the Chinese calendar."""
    return moment.replace(tzinfo=dt.timezone.utc).astimezone(CHINA_TZ).date()


def _day_series(rows: list[tuple[dt.datetime, bool]], first: dt.date, days: int) -> dict:
    """Per-day question and confident-answer counts, with empty days as zeros."""
    asked, answered = Counter(), Counter()
    for created, confident in rows:
        asked[china_date(created)] += 1
        answered[china_date(created)] += bool(confident)
    dates = [first + dt.timedelta(days=i) for i in range(days)]
    return {"dates": [d.isoformat() for d in dates], "questions": [asked[d] for d in dates],
            "answered": [answered[d] for d in dates]}


@router.get("/api/staff/overview")
def overview(who: StaffName, session: DbSession, days: Annotated[int, Query(ge=1, le=365)] = 30) -> dict:
    """Questions per day, answered rate, flow completions, top topics and feedback, for the last `days` days."""
    first = china_date(utcnow()) - dt.timedelta(days=days - 1)
    since = china_day_start_utc(first)
    rows = session.execute(select(QuestionLog.created_at, QuestionLog.confident, QuestionLog.question)
                           .where(QuestionLog.created_at >= since)).all()
    total = len(rows)
    flows = {name: session.scalar(select(func.count()).select_from(model).where(model.created_at >= since)) or 0
             for name, model in (("filing", FilingRequest), ("deregistration", DeregistrationRequest),
                                 ("handoff", HandoffRequest))}
    ratings = dict(session.execute(select(Feedback.rating, func.count()).where(Feedback.created_at >= since)
                                   .group_by(Feedback.rating)).all())
    topics = Counter(topic_of(r.question) for r in rows).most_common(8)
    return {
        **_day_series([(r.created_at, r.confident) for r in rows], first, days),
        "total_questions": total,
        "answered_rate": (sum(bool(r.confident) for r in rows) / total) if total else None,
        "flows": flows, "feedback": {"up": ratings.get("up", 0), "down": ratings.get("down", 0)},
        "top_topics": [{"topic": t, "count": n} for t, n in topics],
    }


# ---------------------------------------------------------------- knowledge documents + background index job

@router.get("/api/staff/documents")
def list_documents(who: StaffName) -> dict:
    return {"documents": [knowledge.doc_row(d) for d in knowledge.documents().values()], "job": knowledge.job_state()}


@router.get("/api/staff/index-job")
def index_job(who: StaffName) -> dict:
    return knowledge.job_state()


def _job(change: Callable[[], object]) -> object:
    """Run a knowledge change: 409 while a job runs, 422 with the reason for a bad document."""
    try:
        return change()
    except knowledge.JobBusy as exc:
        raise HTTPException(status_code=409, detail=str(exc)) from None
    except ValueError as exc:  # the helpers refuse bad documents with a message for staff
        raise HTTPException(status_code=422, detail=str(exc)[:300]) from None


MAX_UPLOAD_BYTES = 5 * 1024 * 1024
_DOC_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,40}$")


def _date(value: str | None, label: str, required: bool = False) -> str | None:
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
    value = _optional(value, label, limit)
    if not value:
        raise HTTPException(status_code=422, detail=f"{label}：不能为空。")
    return value


async def _read_upload(file: UploadFile) -> str:
    data = await file.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise HTTPException(status_code=422, detail="文件太大（上限 5 MB）。")
    try:
        text = knowledge.extract_text(file.filename or "", data)
    except ValueError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from None
    except Exception:  # noqa: BLE001 — a corrupt .docx/.pdf is bad input, not a server error
        raise HTTPException(status_code=422, detail="文件无法读取，可能已损坏，请检查后重新上传。") from None
    if len(text.strip()) < 20:
        raise HTTPException(status_code=422, detail="没有从文件中读出正文（扫描版 PDF 请先转成文字）。")
    return text


Text = Annotated[str | None, Form()]


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
        meta["id"] = _new_doc_id(doc_id.strip())
    if file is None:
        raise HTTPException(status_code=422, detail="请选择要上传的文件（.txt、.docx 或 .pdf）。")
    text = await _read_upload(file)
    new_id = _job(lambda: knowledge.add_document(meta, text))
    return {"doc_id": new_id, "job": knowledge.job_state(), "by": who}


def _new_doc_id(doc_id: str) -> str:
    if not _DOC_ID.match(doc_id):
        raise HTTPException(status_code=422, detail="文件编号只能用小写字母、数字和连字符（2–41 位）。")
    if doc_id in knowledge.documents():
        raise HTTPException(status_code=409, detail="该文件编号已存在。")
    return doc_id


def _known(doc_id: str) -> None:
    if doc_id not in knowledge.documents():
        raise HTTPException(status_code=404, detail="没有这个文件，请刷新列表后重试。")


@router.post("/api/staff/documents/{doc_id}/expire", dependencies=[Depends(same_origin)])
def expire_document(doc_id: str, who: StaffName) -> dict:
    """Mark expired → after re-indexing it is no longer cited as in force."""
    _known(doc_id)
    _job(lambda: knowledge.expire_document(doc_id))
    return {"doc_id": doc_id, "job": knowledge.job_state(), "by": who}


@router.delete("/api/staff/documents/{doc_id}", dependencies=[Depends(same_origin)])
def delete_document(doc_id: str, who: StaffName) -> dict:
    """Delete → after re-indexing it is never cited again."""
    _known(doc_id)
    _job(lambda: knowledge.delete_document(doc_id))
    return {"doc_id": doc_id, "job": knowledge.job_state(), "by": who}


# ---------------------------------------------------------------- hit test

class HitTestIn(BaseModel):
    question: str = Field(min_length=1, max_length=500)
    region: str | None = Field(default=None, max_length=20)
    top_k: int = Field(default=10, ge=1, le=20)


@router.post("/api/staff/hit-test")
async def hit_test(body: HitTestIn, who: StaffName, request: Request) -> dict:
    """Exactly what /api/ask answers (same pipeline, called in-process), so staff test the real thing.

    The X-Staff-Hit-Test header asks /api/ask not to log this as a resident's question.
    """
    transport = httpx.ASGITransport(app=request.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway", timeout=60) as client:
        resp = await client.post("/api/ask", json=body.model_dump(), headers={"X-Staff-Hit-Test": "1"})
    if resp.status_code == 422:
        raise HTTPException(status_code=422, detail=resp.json().get("detail", "问题格式不正确。"))
    if resp.status_code != 200:
        raise HTTPException(status_code=503, detail="检索服务暂不可用（索引可能尚未建立），请稍后再试。")
    return resp.json()
