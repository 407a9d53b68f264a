"""Redis implementation of the shared WeChat store (used when REDIS_URL is set).

Same contract as SqlStore; atomicity comes from single commands (HSETNX, INCR, LPOP) and one
small Lua script for "create or count another try".

Keys per message or user (wx:msg, wx:pending, wx:buttons, wx:sources, wx:failed, wx:rate) expire on their
own, so nothing needs pruning. The one exception is wx:token:<appid>: a single hash per AppID,
overwritten on every refresh, so it cannot accumulate, and readers compare its `expires_at`, so
an expired token is refreshed rather than used (the refresh lease, wx:token-lease, does expire).
"""
from __future__ import annotations

import json

from redis.asyncio import Redis

from api.wechat.records import MsgRecord, Source, TokenRecord

_TTL_S = 2 * 24 * 3600  # records outlive WeChat's retry window and the 48 h service window
_BEGIN = """
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('HSET', KEYS[1], 'last_at', ARGV[2])
  return {redis.call('HINCRBY', KEYS[1], 'attempts', 1), 0}
end
redis.call('HSET', KEYS[1], 'openid', ARGV[1], 'attempts', 1, 'first_at', ARGV[2], 'last_at', ARGV[2], 'state', 'running')
redis.call('EXPIRE', KEYS[1], ARGV[3])
return {1, 1}
"""


class RedisStore:
    """Shared state in Redis; keys are prefixed `wx:` and all but the token hash expire on their own."""

    def __init__(self, url: str) -> None:
        self.r = Redis.from_url(url, decode_responses=True)
        self._begin = self.r.register_script(_BEGIN)

    async def begin(self, key: str, openid: str, now: float) -> tuple[int, bool]:
        attempts, created = await self._begin(keys=[f"wx:msg:{key}"], args=[openid, repr(now), _TTL_S])
        return int(attempts), bool(int(created))

    async def get(self, key: str) -> MsgRecord | None:
        h = await self.r.hgetall(f"wx:msg:{key}")
        if not h:
            return None
        parts = json.loads(h["parts"]) if h.get("parts") else None
        return MsgRecord(
            int(h["attempts"]), float(h["first_at"]), float(h["last_at"]), h["state"], parts, h.get("delivered_by"),
            float(h["delivered_for"]) if h.get("delivered_for") else None,
        )

    async def finish(self, key: str, parts: list[str]) -> None:
        await self.r.hset(f"wx:msg:{key}", mapping={"state": "done", "parts": json.dumps(parts, ensure_ascii=False)})

    async def claim_delivery(self, key: str, how: str, at: float) -> bool:
        """HSETNX decides the winner; readers treat a missing delivered_for as 'just now'."""
        won = bool(await self.r.hsetnx(f"wx:msg:{key}", "delivered_by", how))
        if won:
            await self.r.hset(f"wx:msg:{key}", "delivered_for", repr(at))
        return won

    async def mark_delivery(self, key: str, how: str) -> None:
        await self.r.hset(f"wx:msg:{key}", "delivered_by", how)

    async def set_pending(self, openid: str, parts: list[str]) -> None:
        name = f"wx:pending:{openid}"
        async with self.r.pipeline(transaction=True) as p:
            p.delete(name)
            if parts:
                p.rpush(name, *parts)
                p.expire(name, _TTL_S)
            await p.execute()

    async def pop_pending(self, openid: str) -> str | None:
        return await self.r.lpop(f"wx:pending:{openid}")

    async def set_buttons(self, openid: str, buttons: list[dict[str, str]]) -> None:
        await self.r.set(f"wx:buttons:{openid}", json.dumps(buttons, ensure_ascii=False), ex=_TTL_S)

    async def get_buttons(self, openid: str) -> list[dict[str, str]]:
        raw = await self.r.get(f"wx:buttons:{openid}")
        return json.loads(raw) if raw else []

    async def set_sources(self, openid: str, sources: list[Source]) -> None:
        await self.r.set(f"wx:sources:{openid}", json.dumps(sources, ensure_ascii=False), ex=_TTL_S)

    async def get_sources(self, openid: str) -> list[Source]:
        raw = await self.r.get(f"wx:sources:{openid}")
        return json.loads(raw) if raw else []

    async def add_failed(self, openid: str, key: str, text: str, errcode: int, errmsg: str) -> None:
        """Queue a refused send; the list lives _TTL_S past its newest entry (a user who never writes
        again must not keep it forever)."""
        item = json.dumps({"key": key, "text": text, "errcode": errcode, "errmsg": errmsg[:200]}, ensure_ascii=False)
        name = f"wx:failed:{openid}"
        async with self.r.pipeline(transaction=True) as p:
            p.rpush(name, item)
            p.expire(name, _TTL_S)
            await p.execute()

    async def take_failed(self, openid: str) -> list[str]:
        async with self.r.pipeline(transaction=True) as p:
            p.lrange(f"wx:failed:{openid}", 0, -1)
            p.delete(f"wx:failed:{openid}")
            items, _ = await p.execute()
        return [json.loads(i)["text"] for i in items]

    async def hit_rate(self, openid: str, window: int) -> int:
        name = f"wx:rate:{openid}:{window}"
        async with self.r.pipeline(transaction=True) as p:
            p.incr(name)
            p.expire(name, 120)
            count, _ = await p.execute()
        return int(count)

    async def get_token(self, appid: str) -> TokenRecord | None:
        h = await self.r.hgetall(f"wx:token:{appid}")
        return TokenRecord(h.get("token", ""), float(h.get("expires_at", 0)), 0.0) if h else None

    async def lease_token(self, appid: str, now: float, lease_s: float) -> bool:
        return bool(await self.r.set(f"wx:token-lease:{appid}", "1", nx=True, px=int(lease_s * 1000)))

    async def save_token(self, appid: str, token: str, expires_at: float) -> None:
        await self.r.hset(f"wx:token:{appid}", mapping={"token": token, "expires_at": repr(expires_at)})
        await self.r.delete(f"wx:token-lease:{appid}")

    async def drop_token(self, appid: str, token: str) -> None:
        if (await self.r.hget(f"wx:token:{appid}", "token")) == token:
            await self.r.hset(f"wx:token:{appid}", "expires_at", "0")

    async def prune(self, older_than: float) -> None:
        """Nothing to do: per-message and per-user keys carry a TTL; the token hash is one key per AppID."""

    async def close(self) -> None:
        """Close the connection pool (gateway shutdown)."""
        await self.r.aclose()
