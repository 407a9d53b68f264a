"""Signature, replay-window, AES and parser checks as plain functions."""
from __future__ import annotations

import pytest

from api.wechat.inbound import BadXml, HostileXml, parse_root
from api.wechat.security import AesCrypto, CryptoError, signature_ok, timestamp_fresh
from tests.wechat.conftest import AES_KEY, APPID, TOKEN
from tests.wechat.test_hostile import LAUGHS, XXE


def test_parser_never_expands_entities() -> None:
    for body in (XXE, LAUGHS, XXE.replace("<!DOCTYPE", "<! DOCTYPE")):
        with pytest.raises(HostileXml):
            parse_root(body.encode())
    with pytest.raises(BadXml):
        parse_root(b"<xml><a>&undefined;</a></xml>")


def test_signature_and_timestamp_helpers() -> None:
    import hashlib

    good = hashlib.sha1("".join(sorted([TOKEN, "123", "n"])).encode()).hexdigest()
    assert signature_ok((TOKEN, "123", "n"), good) and signature_ok((TOKEN, "123", "n"), good.upper())
    assert not signature_ok((TOKEN, "123", "n"), good[:-1] + "0") and not signature_ok((TOKEN, "1", "n"), None)
    assert timestamp_fresh("1000", 300, now=1200) and not timestamp_fresh("1000", 300, now=1301)
    assert not timestamp_fresh("-5", 300) and not timestamp_fresh("12a", 300) and not timestamp_fresh(None, 300)


def test_decrypt_validates_everything_wechatpy_does_not() -> None:
    import base64

    from wechatpy.crypto import PrpCrypto

    crypto = AesCrypto(TOKEN, AES_KEY, APPID)
    token = PrpCrypto(crypto.key).encrypt("<xml/>", APPID).decode()
    assert crypto.decrypt(token) == "<xml/>"
    with pytest.raises(CryptoError):
        AesCrypto(TOKEN, AES_KEY, "wrong").decrypt(token)
    for bad in ("%%%", base64.b64encode(b"x" * 15).decode(), base64.b64encode(b"\0" * 32).decode(), ""):
        with pytest.raises(CryptoError):
            crypto.decrypt(bad)
    with pytest.raises(CryptoError):
        AesCrypto(TOKEN, AES_KEY[:-1], APPID)
