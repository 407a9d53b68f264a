"""Rasa's REST channel, callable only by the gateway (loaded by Rasa through bot/credentials.yml).

The stock ``rest`` channel answers anyone who reaches port 5005. This one is the same channel under the
same URL (/webhooks/rest/webhook) with two checks before Rasa sees the message: the request must carry
the shared secret in ``X-Rasa-Token`` (RASA_TOKEN, which scripts/run_all.sh gives the gateway and Rasa
only; an empty token refuses every call), and the message may be at most ``max_chars`` characters, the
gateway's own limit. Not part of the Rasa model: mk/rasa.mk leaves *.py out of the model hash.

A message Rasa failed on (the lock store or the tracker database unreachable, a timeout) is answered 503,
not the stock channel's 200 with no messages: the gateway then asks the user to send it again
(api/services/dialogue.py) instead of showing an empty 「收到」 as if it had been understood.
"""
from __future__ import annotations

import hmac
import json
from contextvars import ContextVar
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from bot.action_result_check import install as _install_action_result_check
from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request

_install_action_result_check()  # Rasa imports this module at start in every profile (bot/action_result_check.py)

HEADER = "X-Rasa-Token"
# Whether Rasa raised while handling this request's message. The stock handler catches and logs the error and
# returns what was collected; a context variable carries the fact to the response middleware, which runs in
# the same request task.
_failed: ContextVar[bool] = ContextVar("rest_message_failed", default=False)


class GatewayRestInput(RestInput):
    """``rest`` with a shared-secret header and a message length cap."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    def __init__(self, token: str = "", max_chars: int = 2000) -> None:
        self.token = token
        self.max_chars = max_chars

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "GatewayRestInput":
        credentials = credentials or {}
        return cls(str(credentials.get("token") or ""), int(credentials.get("max_chars") or 2000))

    def refusal(self, request: Request) -> Optional[response.HTTPResponse]:
        """401 without the right token, 413 for an over-long message; None lets the request through."""
        given = request.headers.get(HEADER) or ""
        if not self.token or not hmac.compare_digest(given.encode(), self.token.encode()):
            return response.json({"error": "unauthorized"}, status=401)
        if request.method == "POST":
            try:
                message = (json.loads(request.body or b"{}") or {}).get("message")
            except (ValueError, AttributeError):
                return response.json({"error": "bad request"}, status=400)
            if isinstance(message, str) and len(message) > self.max_chars:
                return response.json({"error": "message too long"}, status=413)
        return None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        async def noting_failure(message: UserMessage) -> Any:
            try:
                return await on_new_message(message)
            except BaseException:  # noqa: B036 — Rasa's handler logs it; here it is only noted, then re-raised
                _failed.set(True)
                raise

        webhook = super().blueprint(noting_failure)

        @webhook.middleware("request")
        async def _gateway_only(request: Request) -> Optional[response.HTTPResponse]:
            _failed.set(False)
            return self.refusal(request)

        @webhook.middleware("response")
        async def _failure_is_503(request: Request, resp: response.HTTPResponse) -> Optional[response.HTTPResponse]:
            if _failed.get():
                return response.json({"error": "message not processed, send it again"}, status=503)
            return None

        return webhook
