"""Request bodies are bounded before anything reads them, and uploads are refused before they are read
when the sender is not staff.

An ASGI middleware in front of every route: a declared ``Content-Length`` over the path's cap is answered
413 without passing the body on; a body without one is received up to the cap and refused past it. Up to
DRAIN_BYTES (for at most DRAIN_SECONDS) of a refused body are read and dropped first, so the client is not
reset before it reads the 413; a larger declared body, or an upload, is refused at once. The cap is MAX_UPLOAD_BYTES
(+ 64 KB of multipart framing) for document uploads, MAX_BODY_BYTES for everything else. A document upload without valid staff credentials is 401 before its body is read.
"""
from __future__ import annotations

import asyncio
import contextlib
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
DRAIN_BYTES = 1024 * 1024  # read and drop this much of a refused body so the client can read the 413
DRAIN_SECONDS = 2.0  # and for no longer than this: a slow sender is cut off


async def _drain(receive: Receive, budget: int) -> None:
    """Read and discard the rest of a refused body, up to `budget` bytes.

    A server that answers and closes while the client is still sending resets the connection, and the
    client loses the 413 it was sent (a lingering close, as nginx does). Bounded, so a body that never
    ends is still cut off.
    """
    with contextlib.suppress(asyncio.TimeoutError):
        await asyncio.wait_for(_discard(receive, budget), DRAIN_SECONDS)


async def _discard(receive: Receive, budget: int) -> None:
    while budget > 0:
        message = await receive()
        if message["type"] != "http.request":
            return
        budget -= len(message.get("body", b""))
        if not message.get("more_body"):
            return


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
            if not upload and declared.isdigit() and int(declared) <= cap + DRAIN_BYTES:
                await _drain(receive, DRAIN_BYTES + cap)  # never for an upload: its sender may not be staff
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
                if message.get("more_body"):
                    await _drain(receive, DRAIN_BYTES)
                await _refuse(send, 413, TOO_LARGE)
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        replay: list[Message] = [{"type": "http.request", "body": b"".join(chunks), "more_body": False}]

        async def replayed() -> Message:
            return replay.pop() if replay else await receive()

        await self.app(scope, replayed, send)
