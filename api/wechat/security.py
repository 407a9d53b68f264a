"""Signatures, replay window and AES (safe mode) for WeChat callbacks.

wechatpy compares signatures with `!=` (timing leak), parses the encrypted envelope with plain
xmltodict and does not validate PKCS#7 padding or the length prefix; so verification and
decryption are done here, and wechatpy is used only to encrypt replies.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import socket
import struct
import time

from wechatpy.crypto import WeChatCrypto
from wechatpy.crypto.cryptography import WeChatCipher


class CryptoError(ValueError):
    """The encrypted payload is malformed, for another AppID, or cannot be decrypted."""


def sha1_signature(*parts: str) -> str:
    """WeChat's signature: sha1 of the lexicographically sorted parts, concatenated."""
    return hashlib.sha1("".join(sorted(parts)).encode("utf-8")).hexdigest()


def signature_ok(expected_parts: tuple[str, ...], given: str | None) -> bool:
    """Constant-time check so the signature cannot be guessed byte by byte."""
    if not given:
        return False
    return hmac.compare_digest(sha1_signature(*expected_parts).encode(), given.strip().lower().encode())


def timestamp_fresh(timestamp: str | None, tolerance_s: int, now: float | None = None) -> bool:
    """Reject replays: the timestamp must be an integer within ±tolerance of our clock."""
    if not timestamp or not timestamp.isdigit() or len(timestamp) > 12:
        return False
    return abs((now or time.time()) - int(timestamp)) <= tolerance_s


class AesCrypto:
    """Safe-mode encryption with a 43-character EncodingAESKey, checking the AppID on the way in."""

    def __init__(self, token: str, aes_key: str, appid: str) -> None:
        if len(aes_key) != 43:
            raise CryptoError("EncodingAESKey must have 43 characters")
        try:
            self.key = base64.b64decode(aes_key + "=", validate=True)
        except binascii.Error as exc:
            raise CryptoError("EncodingAESKey is not base64") from exc
        if len(self.key) != 32:
            raise CryptoError("EncodingAESKey must decode to 32 bytes")
        self.token, self.appid = token, appid
        self._wechatpy = WeChatCrypto(token, aes_key, appid)

    def decrypt(self, encrypted: str) -> str:
        """Decrypt one Encrypt field, validating padding, length prefix, UTF-8 and AppID."""
        try:
            raw = base64.b64decode(encrypted, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise CryptoError("not base64") from exc
        if not raw or len(raw) % 16:
            raise CryptoError("bad ciphertext length")
        plain = WeChatCipher(self.key).decrypt(raw)
        pad = plain[-1]
        if not 1 <= pad <= 32 or plain[-pad:] != bytes([pad]) * pad:
            raise CryptoError("bad padding")
        content = plain[16:-pad]
        if len(content) < 4:
            raise CryptoError("too short")
        length = socket.ntohl(struct.unpack("I", content[:4])[0])
        if length > len(content) - 4:
            raise CryptoError("bad length prefix")
        try:
            xml = content[4 : 4 + length].decode("utf-8")
            appid = content[4 + length :].decode("utf-8")
        except UnicodeDecodeError as exc:
            raise CryptoError("not UTF-8") from exc
        if not hmac.compare_digest(appid.encode(), self.appid.encode()):
            raise CryptoError("AppID mismatch")
        return xml

    def encrypt_reply(self, xml: str, nonce: str, timestamp: str) -> str:
        """Wrap a reply in the signed <Encrypt> envelope WeChat expects in safe mode."""
        return self._wechatpy.encrypt_message(xml, nonce, timestamp)
