"""Request bodies are bounded before anything reads them, and uploads are refused before they are read
when the sender is not staff.

An ASGI middleware in front of every route: a declared ``Content-Length`` over the path's cap is answered
413 at once (the body is never received); a body without one is received up to the cap and refused past
it. The cap is MAX_UPLOAD_BYTES (+ 64 KB of multipart framing) for document uploads, MAX_BODY_BYTES for
everything else. A document upload without valid staff credentials is 401 before its body is read.
"""
from __future__ import annotations

import json

from fastapi import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.security import require_staff
from config.settings import get_settings

UPLOAD_PATH = "/api/staff/documents"
FAQ_IMPORT_PATH = "/api/staff/faq/import"  # the compendium as YAML/XLSX: an upload like a document
TOO_LARGE = "请求内容太大。"
MULTIPART_SLACK = 64 * 1024


async def _refuse(send: Send, status: int, detail: str, headers: dict[str, str] | None = None) -> None:
    body = json.dumps({"detail": detail}, ensure_ascii=False).encode()
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
           (b"connection", b"close")] + [(k.encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        settings = get_settings()
        upload = scope["path"] in (UPLOAD_PATH, FAQ_IMPORT_PATH) and scope["method"] == "POST"
        cap = settings.max_upload_bytes + MULTIPART_SLACK if upload else settings.max_body_bytes
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > cap):
            await _refuse(send, 413, TOO_LARGE)
            return
        if upload:
            try:
                require_staff(Request(scope), headers.get(b"authorization", b"").decode("latin-1") or None)
            except HTTPException as exc:
                await _refuse(send, exc.status_code, str(exc.detail), exc.headers)
                return
        if declared is not None:
            await self.app(scope, receive, send)
            return
        chunks, size = [], 0  # no Content-Length (chunked): receive at most `cap`, then replay
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            size += len(message.get("body", b""))
            if size > cap:
                await _refuse(send, 413, TOO_LARGE)
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        replay: list[Message] = [{"type": "http.request", "body": b"".join(chunks), "more_body": False}]

        async def replayed() -> Message:
            return replay.pop() if replay else await receive()

        await self.app(scope, replayed, send)
