"""Staff console login: a named account's password for a session cookie naming that account, log out, probe."""
from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from pydantic import BaseModel, ConfigDict, Field, field_validator

from api.ratelimit import check_login, record_login_failure
from api.security import (
    STAFF_COOKIE, clear_staff_cookie, revoke_staff_session, same_origin, session_name, set_staff_cookie,
)
from api.staff_accounts import authenticate

router = APIRouter()


class LoginIn(BaseModel):
    """An account (STAFF_USERS, or ``api`` with STAFF_TOKEN as its password) and its password."""

    model_config = ConfigDict(extra="forbid")  # an old client's {"token", "name"} is a 422, not a guess

    name: str = Field(min_length=1, max_length=40)
    password: str = Field(min_length=1, max_length=200)

    @field_validator("name")
    @classmethod
    def _printable_name(cls, value: str) -> str:
        """Leading/trailing blanks are a typing slip, not part of the account name."""
        value = value.strip()
        if not value or any(ord(ch) < 32 for ch in value):
            raise ValueError("请填写账号")
        return value


@router.post("/staff/login", dependencies=[Depends(same_origin)])
def login(body: LoginIn, request: Request, response: Response) -> dict:
    """A right password gets a signed, HttpOnly, SameSite=Strict session cookie naming the account — the
    name the audit trail records is the account's, checked here, never a name the client made up."""
    check_login(request)
    name = authenticate(body.name, body.password)
    if name is None:
        record_login_failure(request)
        raise HTTPException(status_code=401, detail="账号或密码不正确，请核对后重试；忘记密码请联系管理员重设。")
    set_staff_cookie(response, name, request)
    return {"name": name}


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
