"""POST /api/chat — web chat turn through the Rasa dialogue (api/services/dialogue.py).

The sender is the one the gateway issued in the signed ``web_sender`` cookie (api/identity.py), never
one the body names: a body ``sender_id`` is optional and refused (403) unless it is that same id. The
response says which ``sender_id`` the turn was processed under.
"""
from __future__ import annotations

import re
from typing import Optional

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, Field, field_validator

from api.identity import check_claim, issue, web_sender
from api.ratelimit import enforce
from api.security import same_origin
from api.services import dialogue
from config.settings import get_settings

router = APIRouter()
_SENDER_RE = re.compile(r"^[A-Za-z0-9:_\-.@]{1,128}$")


class ChatRequest(BaseModel):
    """One user turn; bad input gets a Chinese 422 from the app's validation handler."""

    sender_id: Optional[str] = Field(default=None, min_length=1, max_length=128)
    message: str = Field(min_length=1, max_length=2000)

    @field_validator("sender_id")
    @classmethod
    def _sender(cls, value: Optional[str]) -> Optional[str]:
        if value is not None and not _SENDER_RE.match(value):
            raise ValueError("只能包含字母、数字和 : _ - . @，例如 web:1234")
        return value

    @field_validator("message")
    @classmethod
    def _text(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("消息不能为空")
        if len(value) > get_settings().max_question_chars:
            raise ValueError(f"消息太长，请控制在 {get_settings().max_question_chars} 字以内")
        return value


class ChatButton(BaseModel):
    title: str
    payload: str


class FormStep(BaseModel):
    """Where a form question stands: the web chat shows 「第 n/total 步」 with 上一步 / 取消."""

    slot: str
    n: int
    total: int


class ChatMessage(BaseModel):
    text: str
    buttons: list[ChatButton] = []
    citations: list[dict] = []
    step: Optional[FormStep] = None


class ChatResponse(BaseModel):
    sender_id: str
    messages: list[ChatMessage]


@router.post("/api/chat", response_model=ChatResponse, dependencies=[Depends(same_origin)])
async def chat(body: ChatRequest, request: Request, sender: str = Depends(web_sender)) -> ChatResponse:
    """Relay the message to Rasa; Rasa being down is a normal answer with a Chinese message, not a 500."""
    check_claim(body.sender_id, sender)
    enforce(request, "chat", sender)
    return ChatResponse(sender_id=sender, messages=await dialogue.converse(sender, body.message))


@router.get("/api/chat/session")
def chat_session(sender: str = Depends(web_sender)) -> dict:
    """This browser's sender id (issued with the cookie on the first call): the page shows and stores it."""
    return {"sender_id": sender}


@router.post("/api/chat/session", dependencies=[Depends(same_origin)])
def new_chat_session(request: Request, response: Response) -> dict:
    """「新对话」: a fresh sender id (and cookie); the old conversation is no longer reachable from here."""
    enforce(request, "session")
    return {"sender_id": issue(request, response)}
