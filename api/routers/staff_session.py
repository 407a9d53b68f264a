"""Staff console login: exchange STAFF_TOKEN for a session cookie naming the staff member, log out, probe."""
from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from pydantic import BaseModel, Field, field_validator

from api.ratelimit import check_login, record_login_failure
from api.security import (
    STAFF_COOKIE, clear_staff_cookie, revoke_staff_session, same_origin, session_name, set_staff_cookie,
    staff_token_ok,
)

router = APIRouter()


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


@router.post("/staff/login", dependencies=[Depends(same_origin)])
def login(body: LoginIn, request: Request, response: Response) -> dict:
    """Exchange STAFF_TOKEN for a signed, HttpOnly, SameSite=Strict session cookie naming the staff member."""
    check_login(request)
    if not staff_token_ok(body.token):
        record_login_failure(request)
        raise HTTPException(status_code=401, detail="令牌不正确，请向管理员确认工作人员令牌。")
    set_staff_cookie(response, body.name, request)
    return {"name": body.name}


@router.post("/staff/logout", dependencies=[Depends(same_origin)])
def logout(request: Request, response: Response) -> dict:
    """Always succeeds: the session (if any) is revoked on the server and the cookie cleared."""
    revoke_staff_session(request.cookies.get(STAFF_COOKIE))
    clear_staff_cookie(response)
    return {"ok": True}


@router.get("/staff/session")
def session_probe(request: Request) -> dict:
    """Who is logged in, or null: a probe that answers 200 so the login page logs no console error."""
    return {"name": session_name(request)}
