"""`/wechat`: the WeChat Official Account server callback (GET verify, POST messages).

Cheap checks come first (signature, timestamp, size, declarations) so hostile traffic costs
little. Once a request is well signed, the answer is always XML or `success`, never an HTTP
error: WeChat shows 「该公众号暂时无法提供服务」 otherwise.
"""
from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, Response

from api.logging_setup import mask_pii
from config.settings import Settings, get_settings
from api.wechat.inbound import BadXml, HostileXml, child_texts, parse_root, reject_declarations, to_inbound
from api.wechat.arrival import arrival_time
from api.wechat.kefu import KefuClient
from api.wechat.reply import SUCCESS, text_reply_xml
from api.wechat.security import AesCrypto, CryptoError, signature_ok, timestamp_fresh
from api.wechat.service import WeChatService, default_converse
from api.wechat.stores import make_store

router = APIRouter()
log = logging.getLogger("api.wechat")


class BodyTooLarge(Exception):
    """The body exceeds wechat_max_body_bytes."""


def wechat_settings(request: Request) -> Settings:
    """`app.state.wechat_settings` when a test or deployment set one, else the global settings."""
    return getattr(request.app.state, "wechat_settings", None) or get_settings()


def get_service(request: Request) -> WeChatService:
    """One service per app (shared store, token cache, in-process wake-ups), built on first use."""
    state = request.app.state
    service = getattr(state, "wechat_service", None)
    if service is None:
        s = wechat_settings(request)
        store = make_store(s.redis_url, s.database_url)
        kefu = KefuClient(
            store, s.wechat_api_base, s.wechat_appid, s.wechat_secret, s.wechat_http_timeout_s, s.wechat_token_margin_s
        )
        service = WeChatService(s, store, kefu, lambda: getattr(state, "wechat_converse", None) or default_converse())
        state.wechat_service = service
    return service


def _plain(text: str, status: int = 200) -> PlainTextResponse:
    return PlainTextResponse(text, status_code=status)


@router.get("/wechat")
async def verify(request: Request) -> Response:
    """URL verification: echo `echostr` only for a correct signature."""
    s, q = wechat_settings(request), request.query_params
    if not signature_ok((s.wechat_token, q.get("timestamp", ""), q.get("nonce", "")), q.get("signature")):
        return _plain("", 403)
    return _plain(q.get("echostr", "")[:256])


async def _read_capped(request: Request, limit: int) -> bytes:
    """Read at most `limit` bytes; larger bodies stop being read at once."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
    return b"".join(chunks)


@router.post("/wechat")
async def receive(request: Request) -> Response:
    """Signature/replay/size/XXE gates, then the message (decrypted in safe mode) is answered. The try's
    clock starts when the load balancer received it (api/wechat/arrival.py), not when this worker got to it."""
    s, q = wechat_settings(request), request.query_params
    arrived = arrival_time(request, s)
    aes = q.get("encrypt_type", "").lower() == "aes"
    timestamp, nonce = q.get("timestamp", ""), q.get("nonce", "")
    if not aes and not signature_ok((s.wechat_token, timestamp, nonce), q.get("signature")):
        return _plain("", 403)
    if not timestamp_fresh(timestamp, s.wechat_timestamp_tolerance_s):
        return _plain("", 403)
    try:
        body = await _read_capped(request, s.wechat_max_body_bytes)
        reject_declarations(body)
    except BodyTooLarge:
        return _plain("", 413)
    except HostileXml:
        return _plain("", 400)
    try:
        return await _answer(request, s, body, aes, (timestamp, nonce), arrived)
    except _Forbidden:
        return _plain("", 403)
    except Exception as exc:  # noqa: BLE001 — a well-signed request never sees an error
        log.warning("wechat request failed safely: %s", mask_pii(repr(exc))[:300])
        return _plain(SUCCESS)


class _Forbidden(Exception):
    """Safe-mode msg_signature missing or wrong."""


def _decrypt(s: Settings, fields: dict[str, str], query: dict[str, str], timestamp: str, nonce: str) -> tuple[str, AesCrypto]:
    """Check msg_signature over the Encrypt field, then decrypt (AppID checked)."""
    encrypted = fields.get("Encrypt", "")
    if not encrypted or not signature_ok((s.wechat_token, timestamp, nonce, encrypted), query.get("msg_signature")):
        raise _Forbidden
    crypto = AesCrypto(s.wechat_token, s.wechat_aes_key, s.wechat_appid)
    return crypto.decrypt(encrypted), crypto


async def _answer(request: Request, s: Settings, body: bytes, aes: bool, stamp: tuple[str, str],
                  arrived: float) -> Response:
    """Parse → service → passive reply XML (encrypted in safe mode) or `success`."""
    (timestamp, nonce), crypto = stamp, None
    try:
        fields = child_texts(parse_root(body))
        if aes:
            inner, crypto = _decrypt(s, fields, dict(request.query_params), timestamp, nonce)
            fields = child_texts(parse_root(inner))
        msg = to_inbound(fields)
    except (BadXml, HostileXml, CryptoError) as exc:
        log.info("wechat message ignored: %s", mask_pii(str(exc))[:200])
        return _plain(SUCCESS)
    content = await get_service(request).handle(msg, arrived)
    if content is None:
        return _plain(SUCCESS)
    xml = text_reply_xml(msg, content)
    if crypto is not None:
        xml = crypto.encrypt_reply(xml, nonce, timestamp)
    return Response(xml, media_type="application/xml; charset=utf-8")
