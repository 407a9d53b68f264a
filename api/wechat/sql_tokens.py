"""The WeChat access token in the gateway database: one cached token per AppID and the lease that lets one
worker at a time refresh it. A part of SqlStore (api/wechat/sql_store.py), which gives it `_session`."""
from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from typing import Any

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from api.models.wechat import WechatAccessToken
from api.wechat.records import TokenRecord


def threaded(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Run a blocking database call in a thread so waiting tries never block the event loop."""

    @functools.wraps(fn)
    async def wrapper(self: Any, *args: Any) -> Any:
        return await asyncio.to_thread(fn, self, *args)

    return wrapper


class SqlTokens:
    """SqlStore's access-token methods (the Store contract's get/lease/save/drop_token)."""

    _session: sessionmaker[Session]

    @threaded
    def get_token(self, appid: str) -> TokenRecord | None:
        with self._session() as s:
            row = s.get(WechatAccessToken, appid)
            return TokenRecord(row.token, row.expires_at, row.lease_until) if row else None

    @threaded
    def lease_token(self, appid: str, now: float, lease_s: float) -> bool:
        """Only one worker refreshes the token at a time: take the lease if it is free."""
        with self._session() as s:
            try:
                if s.get(WechatAccessToken, appid) is None:
                    s.add(WechatAccessToken(appid=appid, token="", expires_at=0.0, lease_until=0.0))
                    s.flush()
                res = s.execute(
                    update(WechatAccessToken)
                    .where(WechatAccessToken.appid == appid, WechatAccessToken.lease_until < now)
                    .values(lease_until=now + lease_s)
                )
                s.commit()
                return res.rowcount == 1
            except IntegrityError:
                s.rollback()
                return False

    @threaded
    def save_token(self, appid: str, token: str, expires_at: float) -> None:
        with self._session() as s:
            s.execute(
                update(WechatAccessToken)
                .where(WechatAccessToken.appid == appid)
                .values(token=token, expires_at=expires_at, lease_until=0.0)
            )
            s.commit()

    @threaded
    def drop_token(self, appid: str, token: str) -> None:
        """Forget a token WeChat called invalid — unless another worker already replaced it."""
        with self._session() as s:
            s.execute(
                update(WechatAccessToken)
                .where(WechatAccessToken.appid == appid, WechatAccessToken.token == token)
                .values(expires_at=0.0)
            )
            s.commit()
