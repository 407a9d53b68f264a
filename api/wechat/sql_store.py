"""The WeChat shared store in the gateway database (SQLite with WAL by default, PostgreSQL in production).

While a message is `running`, `wechat_message.parts` (the reply, a JSON list, once `done`) holds the producer's
lease (api/wechat/lease.py) as a JSON object `{"owner", "until"}`. Each lease change is one conditional UPDATE:
renew and finish match the owner's prefix, a take-over the exact lapsed lease it read, so of concurrent takers
exactly one changes the row (PostgreSQL re-checks the WHERE after the row lock; SQLite has one writer at a time).
"""
from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import ColumnElement, delete, event, func, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from api.models.wechat import WechatFailedDelivery, WechatMessage, WechatRate, WechatUserState
from api.wechat.records import MsgRecord, Source
from api.wechat.sql_tokens import SqlTokens, threaded


def _sqlite_fast_commits(dbapi_conn: Any, _record: Any) -> None:
    """WAL + synchronous=NORMAL: no fsync per commit (state is short-lived; a crash loses at most a retry)."""
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _lease(owner: str, until: float) -> str:
    """The lease as `parts` holds it while running (ASCII: json.dumps escapes the rest)."""
    return json.dumps({"owner": owner, "until": until})


def _lease_of(parts: str | None) -> tuple[str | None, float | None]:
    """(owner, until) of a running row; (None, None) for a row written before leases existed."""
    lease = json.loads(parts) if parts and parts.startswith("{") else {}
    return lease.get("owner"), lease.get("until")


def _held_by(owner: str) -> ColumnElement[bool]:
    """A running row whose lease `owner` holds: `parts` starts with `{"owner": "<owner>", ` (an exact,
    case-sensitive prefix comparison, which LIKE is not in SQLite)."""
    prefix = json.dumps({"owner": owner})[:-1] + ", "
    return (WechatMessage.state == "running") & (func.substr(WechatMessage.parts, 1, len(prefix)) == prefix)


class SqlStore(SqlTokens):
    """Database-backed store (SQLite with WAL by default, PostgreSQL via DATABASE_URL).

    The tables come from the migrations (api.migrations.init_db); this class never creates them. The
    access token's methods are SqlTokens'.
    """

    def __init__(self, engine: Engine) -> None:
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_fast_commits)
        self._engine = engine
        self._session: sessionmaker[Session] = sessionmaker(bind=engine, expire_on_commit=False)

    @threaded
    def begin(self, key: str, openid: str, now: float, owner: str, lease_s: float) -> tuple[int, bool]:
        """Register a try: (attempt number, True when this try is the first and must produce, as `owner`)."""
        with self._session() as s:
            try:
                s.add(WechatMessage(key=key, openid=openid, attempts=1, first_at=now, last_at=now, state="running",
                                    parts=_lease(owner, now + lease_s)))
                s.commit()
                return 1, True
            except IntegrityError:
                s.rollback()
            stmt = (
                update(WechatMessage)
                .where(WechatMessage.key == key)
                .values(attempts=WechatMessage.attempts + 1, last_at=now)
                .returning(WechatMessage.attempts)
            )
            attempts = s.execute(stmt).scalar_one()
            s.commit()
            return attempts, False

    @threaded
    def get(self, key: str) -> MsgRecord | None:
        with self._session() as s:
            row = s.get(WechatMessage, key)
            if row is None:
                return None
            running = row.state == "running"
            parts = json.loads(row.parts) if row.parts and not running else None
            owner, until = _lease_of(row.parts) if running else (None, None)
            return MsgRecord(
                row.attempts, row.first_at, row.last_at, row.state, parts, row.delivered_by, row.delivered_for,
                owner, until,
            )

    def _set_if(self, key: str, *conditions: ColumnElement[bool], **values: Any) -> bool:
        """One conditional UPDATE of a message row; True when it matched (and so changed) the row."""
        with self._session() as s:
            res = s.execute(update(WechatMessage).where(WechatMessage.key == key, *conditions).values(**values))
            s.commit()
            return res.rowcount == 1

    @threaded
    def renew_many(self, leases: dict[str, str], now: float, lease_s: float) -> set[str]:
        """Renew a worker's leases ({key: owner}) in one transaction; the keys whose lease is still held."""
        kept = set()
        with self._session() as s:
            for key, owner in leases.items():
                stmt = update(WechatMessage).where(WechatMessage.key == key, _held_by(owner))
                if s.execute(stmt.values(parts=_lease(owner, now + lease_s))).rowcount == 1:
                    kept.add(key)
            s.commit()
        return kept

    @threaded
    def take_over(self, key: str, owner: str, now: float, lease_s: float) -> bool:
        """Hand a running message with a lapsed lease to `owner`: compare-and-set on the lease read."""
        with self._session() as s:
            row = s.get(WechatMessage, key)
        if row is None or row.state != "running" or (_lease_of(row.parts)[1] or 0.0) >= now:
            return False
        seen = WechatMessage.parts.is_(None) if row.parts is None else WechatMessage.parts == row.parts
        return self._set_if(key, WechatMessage.state == "running", seen, parts=_lease(owner, now + lease_s))

    @threaded
    def finish(self, key: str, parts: list[str], owner: str) -> bool:
        """Publish the reply; False (nothing written) when `owner` no longer holds the lease."""
        return self._set_if(key, _held_by(owner), state="done", parts=json.dumps(parts, ensure_ascii=False))

    @threaded
    def claim_delivery(self, key: str, how: str, at: float) -> bool:
        """Compare-and-set: only one try (or the customer-service fallback) delivers a message."""
        return self._set_if(key, WechatMessage.delivered_by.is_(None), delivered_by=how, delivered_for=at)

    @threaded
    def mark_delivery(self, key: str, how: str) -> None:
        self._set_if(key, delivered_by=how)

    def _user(self, s: Session, openid: str) -> WechatUserState:
        row = s.get(WechatUserState, openid, with_for_update=True)
        if row is None:
            row = WechatUserState(openid=openid, pending="[]", buttons="[]", updated_at=time.time())
            s.add(row)
        return row

    def _update_user(self, openid: str, change: Callable[[WechatUserState], Any]) -> Any:
        """Read-modify-write a user row, retrying once if a concurrent first insert won."""
        for _ in range(2):
            with self._session() as s:
                try:
                    row = self._user(s, openid)
                    result = change(row)
                    row.updated_at = time.time()
                    s.commit()
                    return result
                except IntegrityError:
                    s.rollback()
        return None

    @threaded
    def set_pending(self, openid: str, parts: list[str]) -> None:
        self._update_user(openid, lambda r: setattr(r, "pending", json.dumps(parts, ensure_ascii=False)))

    @threaded
    def pop_pending(self, openid: str) -> str | None:
        def pop(row: WechatUserState) -> str | None:
            parts = json.loads(row.pending or "[]")
            row.pending = json.dumps(parts[1:], ensure_ascii=False)
            return parts[0] if parts else None

        return self._update_user(openid, pop)

    @threaded
    def set_buttons(self, openid: str, buttons: list[dict[str, str]]) -> None:
        self._update_user(openid, lambda r: setattr(r, "buttons", json.dumps(buttons, ensure_ascii=False)))

    @threaded
    def get_buttons(self, openid: str) -> list[dict[str, str]]:
        with self._session() as s:
            row = s.get(WechatUserState, openid)
            return json.loads(row.buttons) if row and row.buttons else []

    @threaded
    def set_sources(self, openid: str, sources: list[Source]) -> None:
        self._update_user(openid, lambda r: setattr(r, "sources", json.dumps(sources, ensure_ascii=False)))

    @threaded
    def get_sources(self, openid: str) -> list[Source]:
        with self._session() as s:
            row = s.get(WechatUserState, openid)
            return json.loads(row.sources) if row and row.sources else []

    @threaded
    def add_failed(self, openid: str, key: str, text: str, errcode: int, errmsg: str) -> None:
        with self._session() as s:
            s.add(WechatFailedDelivery(
                openid=openid, msg_key=key, text=text, errcode=errcode, errmsg=errmsg[:200], created_at=time.time()
            ))
            s.commit()

    @threaded
    def take_failed(self, openid: str) -> list[str]:
        """Undelivered texts, oldest first, marked delivered in the same transaction."""
        with self._session() as s:
            rows = s.scalars(
                select(WechatFailedDelivery)
                .where(WechatFailedDelivery.openid == openid, WechatFailedDelivery.delivered_at.is_(None))
                .order_by(WechatFailedDelivery.id)
                .with_for_update()
            ).all()
            for row in rows:
                row.delivered_at = time.time()
            s.commit()
            return [r.text for r in rows]

    @threaded
    def hit_rate(self, openid: str, window: int) -> int:
        """Count one message in this minute's window and return the count so far."""
        for _ in range(3):
            with self._session() as s:
                stmt = (
                    update(WechatRate)
                    .where(WechatRate.openid == openid, WechatRate.window == window)
                    .values(count=WechatRate.count + 1)
                    .returning(WechatRate.count)
                )
                count = s.execute(stmt).scalar_one_or_none()
                if count is None:
                    try:
                        s.add(WechatRate(openid=openid, window=window, count=1))
                        s.commit()
                        return 1
                    except IntegrityError:
                        s.rollback()
                        continue
                s.commit()
                return count
        return 0

    @threaded
    def prune(self, older_than: float) -> None:
        with self._session() as s:
            s.execute(delete(WechatMessage).where(WechatMessage.last_at < older_than))
            s.execute(delete(WechatRate).where(WechatRate.window < int(older_than // 60)))
            s.commit()

    async def close(self) -> None:
        """Return the pool's connections to the database (gateway shutdown)."""
        await asyncio.to_thread(self._engine.dispose)
