"""Gateway ↔ Rasa: one function every channel (web chat, WeChat) uses to talk to the assistant.

Rasa's REST channel answers with a list of messages; a custom payload (`{"citations": [...]}`, or a
form question's `{"form_step": {slot, n, total}}`) arrives as a separate message right after the text it
belongs to, so it is folded back into that text here.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Optional

import httpx

from api.db import session_scope
from api.logging_setup import mask_pii
from api.services import chat_quiz, resident_status
from config.settings import get_settings

log = logging.getLogger("api.dialogue")

RASA_DOWN = ("对话服务暂时不可用，请稍后再发一次。急需办理的话，可以直接联系所在街道（镇）社会组织服务中心"
             "或区民政局。")
_client: Optional[httpx.AsyncClient] = None


def _http() -> httpx.AsyncClient:
    """One pooled client: keeps the loopback connection warm for low turn latency."""
    global _client
    if _client is None or _client.is_closed:
        _client = httpx.AsyncClient(timeout=get_settings().rasa_timeout_s)
    return _client


async def aclose() -> None:
    """Close the pooled client at gateway shutdown (a later call to _http() opens a new one)."""
    global _client
    if _client is not None:
        await _client.aclose()
        _client = None


def _message(text: str, buttons: Optional[list] = None, citations: Optional[list] = None) -> dict[str, Any]:
    return {"text": text, "buttons": buttons or [], "citations": citations or [], "step": None}


def _step(raw: Any) -> Optional[dict[str, Any]]:
    """A form question's place ({slot, n, total}) when it is well formed, else None."""
    if not isinstance(raw, dict):
        return None
    slot, n, total = raw.get("slot"), raw.get("n"), raw.get("total")
    if not (isinstance(slot, str) and isinstance(n, int) and isinstance(total, int) and 0 < n <= total <= 50):
        return None
    return {"slot": slot[:64], "n": n, "total": total}


def _buttons(raw: Any) -> list[dict[str, str]]:
    """Only title and payload reach the client."""
    return [{"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
            for b in (raw or []) if isinstance(b, dict)]


def to_chat_messages(rasa_messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rasa REST output → /api/chat messages (text, buttons, citations)."""
    out: list[dict[str, Any]] = []
    for raw in rasa_messages:
        custom = raw.get("custom") if isinstance(raw.get("custom"), dict) else None
        if raw.get("text"):
            out.append(_message(str(raw["text"]), _buttons(raw.get("buttons"))))
        elif raw.get("buttons"):
            out.append(_message("", _buttons(raw.get("buttons"))))
        if custom and (isinstance(custom.get("citations"), list) or _step(custom.get("form_step"))):
            if not out:
                out.append(_message(""))
            out[-1]["citations"].extend(custom.get("citations") or [])
            out[-1]["step"] = _step(custom.get("form_step")) or out[-1]["step"]
    return out


def _status_notices(sender_id: str) -> list[dict[str, Any]]:
    """Staff status changes of this sender's requests not yet shown (each shown once, then marked seen)."""
    with session_scope() as session:
        return [_message(text) for text in resident_status.notices_for(session, sender_id)]


async def converse(sender_id: str, text: str) -> list[dict[str, Any]]:
    """The replies to one user message, led by notices of status changes staff made since the sender last wrote.

    The notices are taken after the reply: a status lookup in this very turn (actions/status.py) marks what it
    showed as seen, so the same change is not announced twice in one answer.
    """
    replies = await _reply(sender_id, text)
    return await asyncio.to_thread(_status_notices, sender_id) + replies


async def _reply(sender_id: str, text: str) -> list[dict[str, Any]]:
    """Send one user message to Rasa and return the replies; if Rasa is down or failed on the message (its REST
    channel answers 503: lock store or tracker database unreachable), RASA_DOWN asks the user to send it again.

    Training-quiz moves (「开始练习」, an option letter during a quiz) are answered by the quiz first.
    """
    quiz = await chat_quiz.handle(sender_id, text)
    if quiz is not None:
        return quiz
    settings = get_settings()
    url = settings.rasa_url.rstrip("/") + "/webhooks/rest/webhook"
    headers = {"X-Rasa-Token": settings.rasa_token} if settings.rasa_token else {}
    try:
        resp = await _http().post(url, json={"sender": sender_id, "message": text}, headers=headers)
        resp.raise_for_status()
        data = resp.json()
    except (httpx.HTTPError, ValueError) as exc:
        log.warning("rasa unavailable for %s: %s", mask_pii(sender_id), type(exc).__name__)
        return [_message(RASA_DOWN)]
    messages = to_chat_messages(data if isinstance(data, list) else [])
    return messages or [_message("收到。还有什么想了解的吗？")]
