"""Redis implementation of the shared WeChat store (used when REDIS_URL is set).

Same contract as SqlStore; atomicity comes from single commands (HSETNX, INCR, LPOP) and small Lua
scripts: "create or count another try", and the producer's lease (api/wechat/lease.py) — the hash fields
`owner` and `lease_until`, renewed, taken over and finished only after checking them in the same script.

Keys per message or user (wx:msg, wx:pending, wx:buttons, wx:sources, wx:failed, wx:rate) expire on their
own, so nothing needs pruning. The one exception is wx:token:<appid>: a single hash per AppID,
overwritten on every refresh, so it cannot accumulate, and readers compare its `expires_at`, so
an expired token is refreshed rather than used (the refresh lease, wx:token-lease, does expire).
"""
from __future__ import annotations

import json

from redis.asyncio import BlockingConnectionPool, Redis

from api.wechat.records import MsgRecord, Source, TokenRecord

_TTL_S = 2 * 24 * 3600  # records outlive WeChat's retry window and the 48 h service window
_BEGIN = """
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('HSET', KEYS[1], 'last_at', ARGV[2])
  return {redis.call('HINCRBY', KEYS[1], 'attempts', 1), 0}
end
redis.call('HSET', KEYS[1], 'openid', ARGV[1], 'attempts', 1, 'first_at', ARGV[2], 'last_at', ARGV[2],
           'state', 'running', 'owner', ARGV[4], 'lease_until', ARGV[5])
redis.call('EXPIRE', KEYS[1], ARGV[3])
return {1, 1}
"""
# ARGV: owner, new lease_until. Only the owner of a running message extends its lease.
_RENEW = """
local h = redis.call('HMGET', KEYS[1], 'state', 'owner')
if h[1] ~= 'running' or h[2] ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'lease_until', ARGV[2])
return 1
"""
# ARGV: new owner, now, new lease_until. A running message whose lease lapsed (or that has none) changes hands.
_TAKE_OVER = """
local h = redis.call('HMGET', KEYS[1], 'state', 'lease_until')
if h[1] ~= 'running' or (tonumber(h[2]) or 0) >= tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[1], 'owner', ARGV[1], 'lease_until', ARGV[3])
return 1
"""
# ARGV: owner, parts as JSON. The reply is published once, by the lease's current owner.
_FINISH = """
local h = redis.call('HMGET', KEYS[1], 'state', 'owner')
if h[1] ~= 'running' or h[2] ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'state', 'done', 'parts', ARGV[2])
return 1
"""


POOL_SIZE, POOL_WAIT_S = 200, 5.0


class RedisStore:
    """Shared state in Redis; keys are prefixed `wx:` and all but the token hash expire on their own."""

    def __init__(self, url: str) -> None:
        # A waiting try holds a connection only for one read, but 200 users' tries at once exceed redis-py's
        # default pool of 100, which then raises MaxConnectionsError mid-reply (measured: lost messages under
        # `make bench-load`); a blocking pool makes a read wait for a free connection instead.
        pool = BlockingConnectionPool.from_url(url, max_connections=POOL_SIZE, timeout=POOL_WAIT_S,
                                               decode_responses=True)
        self.r = Redis(connection_pool=pool)
        self._begin = self.r.register_script(_BEGIN)
        self._renew = self.r.register_script(_RENEW)
        self._take_over = self.r.register_script(_TAKE_OVER)
        self._finish = self.r.register_script(_FINISH)

    async def begin(self, key: str, openid: str, now: float, owner: str, lease_s: float) -> tuple[int, bool]:
        """Count a try; the first one creates the record with `owner` holding the lease."""
        args = [openid, repr(now), _TTL_S, owner, repr(now + lease_s)]
        attempts, created = await self._begin(keys=[f"wx:msg:{key}"], args=args)
        return int(attempts), bool(int(created))

    async def get(self, key: str) -> MsgRecord | None:
        h = await self.r.hgetall(f"wx:msg:{key}")
        if not h:
            return None
        parts = json.loads(h["parts"]) if h.get("parts") else None
        return MsgRecord(
            int(h["attempts"]), float(h["first_at"]), float(h["last_at"]), h["state"], parts, h.get("delivered_by"),
            float(h["delivered_for"]) if h.get("delivered_for") else None,
            h.get("owner"), float(h["lease_until"]) if h.get("lease_until") else None,
        )

    async def renew_many(self, leases: dict[str, str], now: float, lease_s: float) -> set[str]:
        """Renew a worker's leases ({key: owner}) in one round trip; the keys whose lease is still held."""
        async with self.r.pipeline(transaction=False) as pipe:
            for key, owner in leases.items():
                await self._renew(keys=[f"wx:msg:{key}"], args=[owner, repr(now + lease_s)], client=pipe)
            held = await pipe.execute()
        return {key for key, ok in zip(leases, held) if int(ok)}

    async def take_over(self, key: str, owner: str, now: float, lease_s: float) -> bool:
        """Hand a running message with a lapsed lease to `owner`; of concurrent callers exactly one wins."""
        return bool(await self._take_over(keys=[f"wx:msg:{key}"], args=[owner, repr(now), repr(now + lease_s)]))

    async def finish(self, key: str, parts: list[str], owner: str) -> bool:
        """Publish the reply; False (nothing written) when `owner` no longer holds the lease."""
        return bool(await self._finish(keys=[f"wx:msg:{key}"], args=[owner, json.dumps(parts, ensure_ascii=False)]))

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
