"""WeChat load benchmark: N simulated WeChat users send policy questions for D seconds on loopback.

Each user behaves like the WeChat server + a person: signed POST to /wechat, a 5 s timeout per try,
up to 3 tries of the same MsgId, then a think time before the next question. A fake WeChat API
server (token + 客服消息) receives the customer-service fallbacks, so every delivery is counted.

    python -m bench.wechat_load                      # starts a gateway (2 workers, stub dialogue)
    python -m bench.wechat_load --dialogue real      # same, with api.services.dialogue (Rasa must be running)
    python -m bench.wechat_load --dialogue stack     # whole stack (tests/e2e/stack.py: Rasa, actions, retriever)
    python -m bench.wechat_load --url http://127.0.0.1:8000 --fake-api-port 8701
        (gateway started by you with WECHAT_API_BASE=http://127.0.0.1:8701 and the same WECHAT_TOKEN)
    python -m bench.wechat_load --profiles default,prod --users 200 --duration-s 120   # `make bench-load`
        (each profile started in turn on free ports, the same load, CPU per process: bench/load_profiles.py)

Reports p50/p95/p99 reply time, the share of replies that fell back to the customer-service API,
duplicates (deliveries beyond one per message) and errors; writes artifacts/bench/wechat_load.json.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from defusedxml.ElementTree import fromstring

from bench import load_report
from bench.load_report import USER_PREFIX, pct
from tests.wechat.conftest import APPID, MP, FakeWeChatApi, ServerThread, free_port, signature

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "bench-wechat-token"
QUESTIONS = [
    "社区社会组织备案需要什么条件？", "备案要准备哪些材料？", "群众活动团队怎么备案？", "注销备案要怎么办理？",
    "我们团队能申请哪些扶持？", "社区社会组织可以申请活动场地吗？", "备案后多久要年检？", "撤销备案是什么情况？",
    "培训补贴怎么申请？", "温州的社区社会组织有什么扶持政策？",
]


def stub_app() -> Any:
    """Gateway app whose dialogue is a stub with BENCH_STUB_MS mean latency (uvicorn --factory)."""
    from api.main import create_app

    app = create_app()
    mean_ms = float(os.environ.get("BENCH_STUB_MS", "800"))

    async def converse(sender_id: str, text: str) -> list[dict[str, Any]]:
        await asyncio.sleep(random.uniform(0.5, 1.5) * mean_ms / 1000)
        body = f"关于“{text}”：请参照相关规定办理。" * 6
        cit = {"title": "社区社会组织备案管理办法", "clause": "第七条", "in_force": True, "text": "……"}
        return [{"text": body, "buttons": [], "citations": [cit]}]

    app.state.wechat_converse = converse
    return app


@dataclass
class Stats:
    """Per-message outcomes collected by the simulated users."""

    passive: list[float] = field(default_factory=list)
    fallback_started: dict[str, tuple[str, float]] = field(default_factory=dict)  # msg_id → (openid, t0)
    timed_out: dict[str, tuple[str, float]] = field(default_factory=dict)  # no try answered: 客服消息 may still come
    broken_off: dict[str, tuple[str, float]] = field(default_factory=dict)  # an error after a try the gateway may have
    errors: Counter = field(default_factory=Counter)
    rate_limited: int = 0
    unavailable: int = 0  # 「请稍后再发一次」: the dialogue failed or timed out
    uncited: int = 0
    sent: int = 0
    tries: int = 0


def message_xml(openid: str, msg_id: str, text: str) -> str:
    return (
        f"<xml><ToUserName><![CDATA[{MP}]]></ToUserName><FromUserName><![CDATA[{openid}]]></FromUserName>"
        f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
        f"<Content><![CDATA[{text}]]></Content><MsgId>{msg_id}</MsgId></xml>"
    )


async def one_try(http: httpx.AsyncClient, xml: str, try_timeout: float, token: str = TOKEN) -> httpx.Response | None:
    ts, nonce = str(int(time.time())), f"n{random.randrange(10**9)}"
    params = {"signature": signature(token, ts, nonce), "timestamp": ts, "nonce": nonce}
    try:
        return await asyncio.wait_for(http.post("/wechat", params=params, content=xml.encode()), try_timeout)
    except asyncio.TimeoutError:
        return None


async def deliver(http: httpx.AsyncClient, stats: Stats, openid: str, msg_id: str, text: str, try_timeout: float,
                  token: str = TOKEN) -> None:
    """Up to three tries of one message, as WeChat does; records the outcome. A try that ends in an error ends the
    message, but when an earlier try timed out (or this one broke off) the gateway may have it and still owe a
    客服消息: it is then awaited like a timed-out message, so that its send is not counted as a duplicate."""
    xml, t0 = message_xml(openid, msg_id, text), time.perf_counter()
    stats.sent += 1
    for n in range(3):
        stats.tries += 1
        try:
            resp = await one_try(http, xml, try_timeout, token)
        except httpx.HTTPError as exc:
            stats.errors[type(exc).__name__] += 1
            stats.broken_off[msg_id] = (openid, t0)
            return
        if resp is None:
            continue
        if resp.status_code != 200:
            stats.errors[f"http {resp.status_code}"] += 1
            if n:
                stats.broken_off[msg_id] = (openid, t0)
        elif resp.text == "success":
            stats.fallback_started[msg_id] = (openid, t0)
        else:
            classify_reply(stats, resp.text, time.perf_counter() - t0)
        return
    stats.timed_out[msg_id] = (openid, t0)  # the gateway got it: WeChat's user may still get a 客服消息


def classify_reply(stats: Stats, body: str, elapsed: float) -> None:
    try:
        content = fromstring(body).findtext("Content") or ""
    except Exception:  # noqa: BLE001 — any unparsable body is an error to report
        stats.errors["non-XML reply"] += 1
        return
    stats.unavailable += "稍后再发" in content
    if "太频繁" in content:
        stats.rate_limited += 1
    elif "《" not in content:
        stats.uncited += 1  # the dialogue's content (e.g. a clarifying question), not a transport error
    stats.passive.append(elapsed)


async def user(http: httpx.AsyncClient, stats: Stats, idx: int, end: float, args: argparse.Namespace) -> None:
    openid, seq = f"{USER_PREFIX}{idx:03d}", 0
    await asyncio.sleep(random.uniform(0, args.think_s))
    while time.perf_counter() < end:
        seq += 1
        await deliver(http, stats, openid, f"{idx:03d}{seq:06d}{random.randrange(10**6)}", random.choice(QUESTIONS),
                      args.try_timeout_s, getattr(args, "wechat_token", TOKEN))
        await asyncio.sleep(random.uniform(0.8, 1.2) * args.think_s)


def fallback_outcomes(stats: Stats, api: FakeWeChatApi | None) -> tuple[list[float], int, int]:
    """Customer-service sends matched to the messages that fell back: (latencies, lost, duplicates)."""
    if api is None:
        return [], 0, 0
    sends = [(send["touser"], at) for send, at in zip(api.sends, api.send_times)]
    owed = [*stats.fallback_started.values(), *stats.timed_out.values(), *stats.broken_off.values()]
    return load_report.fallback_outcomes(sends, owed)


def spawn_gateway(args: argparse.Namespace, api_url: str, tmp: Path) -> tuple[subprocess.Popen, str]:
    from api.db import make_engine
    from api.migrations import init_db  # migrated up front, so the workers' start-up finds nothing to do

    db_url = f"sqlite:///{tmp / 'bench.db'}"
    init_db(make_engine(db_url))
    port = free_port()
    target = ["api.main:app"] if args.dialogue == "real" else ["bench.wechat_load:stub_app", "--factory"]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": db_url,
           "WECHAT_TOKEN": TOKEN, "WECHAT_APPID": APPID, "WECHAT_SECRET": "wx-secret", "WECHAT_API_BASE": api_url,
           "BENCH_STUB_MS": str(args.stub_ms), "WECHAT_RATE_LIMIT_PER_MIN": "20"}
    if args.redis_url:
        env["REDIS_URL"] = args.redis_url
    cmd = [sys.executable, "-m", "uvicorn", *target, "--host", "127.0.0.1", "--port", str(port),
           "--workers", str(args.workers), "--log-level", "warning"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    proc.terminate()
    raise SystemExit("gateway did not start")


async def run(args: argparse.Namespace, url: str, api: FakeWeChatApi | None) -> dict[str, Any]:
    stats = Stats()
    limits = httpx.Limits(max_connections=args.users * 3, max_keepalive_connections=args.users * 3)
    started = time.perf_counter()
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=60) as http:
        end = started + args.duration_s
        await asyncio.gather(*(user(http, stats, i, end, args) for i in range(args.users)))
    grace_end = time.perf_counter() + args.grace_s  # let late customer-service sends arrive
    while time.perf_counter() < grace_end and fallback_outcomes(stats, api)[1]:
        await asyncio.sleep(1)
    fb_lat, lost, dups = fallback_outcomes(stats, api)
    kefu = [m.get("text", {}).get("content", "") for m in (api.sends if api else []) if m["touser"].startswith(USER_PREFIX)]
    all_lat = stats.passive + fb_lat
    answered = len(stats.passive) + len(stats.fallback_started)
    return {
        "users": args.users, "duration_s": args.duration_s, "dialogue": args.dialogue,
        "workers": 1 if args.dialogue == "stack" else args.workers,
        "store": "redis" if args.redis_url else "database", "messages": stats.sent, "tries": stats.tries,
        "passive": len(stats.passive), "fallback": len(stats.fallback_started),
        "fallback_share": round(len(stats.fallback_started) / answered, 4) if answered else None,
        "p50_s": pct(stats.passive, 0.50), "p95_s": pct(stats.passive, 0.95), "p99_s": pct(stats.passive, 0.99),
        "mean_s": round(statistics.mean(stats.passive), 3) if stats.passive else None,
        "all_p99_s": pct(all_lat, 0.99), "fallback_lost": lost, "duplicates": dups,
        "rate_limited": stats.rate_limited, "passive_without_citation": stats.uncited, "errors": dict(stats.errors),
        "token_calls": api.token_calls if api else None, "error_count": sum(stats.errors.values()),
        "timed_out": len(stats.timed_out),
        "unavailable": stats.unavailable + sum("稍后再发" in text for text in kefu),
        **load_report.reply_summary(stats.passive, fb_lat, stats.sent, args.duration_s),
    }


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--url", help="running gateway (else one is started)")
    p.add_argument("--fake-api-port", type=int, default=0, help="port of the fake WeChat API server")
    p.add_argument("--users", type=int, default=50)
    p.add_argument("--duration-s", type=float, default=60)
    p.add_argument("--think-s", type=float, default=4.0, help="pause between a user's messages (rate limit 20/min)")
    p.add_argument("--try-timeout-s", type=float, default=5.0, help="WeChat's per-try timeout")
    p.add_argument("--grace-s", type=float, default=20.0, help="wait for late customer-service sends")
    p.add_argument("--dialogue", choices=["stub", "real", "stack"], default="stub")
    p.add_argument("--stub-ms", type=float, default=800)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--redis-url")
    p.add_argument("--out", help="JSON report (default artifacts/bench/wechat_load.json, with --profiles "
                                 "artifacts/bench/wechat_load_profiles.json)")
    p.add_argument("--profiles", help="default,prod: start each profile in turn (bench/load_profiles.py), same load, "
                                      "one table side by side with CPU per process")
    return p.parse_args()


def run_with_gateway(args: argparse.Namespace, api: FakeWeChatApi, api_url: str, tmp: Path) -> dict[str, Any]:
    """Against --url, or a gateway started here (stub or api.services.dialogue)."""
    proc, url = (None, args.url) if args.url else spawn_gateway(args, api_url, tmp)
    try:
        return asyncio.run(run(args, url, api))
    finally:
        if proc:
            proc.terminate()
            proc.wait(timeout=30)


def run_with_stack(args: argparse.Namespace, api: FakeWeChatApi, api_url: str, tmp: Path) -> dict[str, Any]:
    """Whole stack via the e2e helper (one gateway worker, real Rasa + actions + retriever)."""
    from tests.e2e.stack import running_stack

    env = {"WECHAT_TOKEN": TOKEN, "WECHAT_APPID": APPID, "WECHAT_SECRET": "wx-secret", "WECHAT_API_BASE": api_url}
    with running_stack(tmp, **env) as url:
        asyncio.run(warm_up(url))
        return asyncio.run(run(args, url, api))


async def warm_up(url: str, token: str = TOKEN) -> None:
    """One answered question first, so model loading is not measured as reply time."""
    async with httpx.AsyncClient(base_url=url, timeout=120) as http:
        for _ in range(10):
            resp = await one_try(http, message_xml("bench-warmup", f"w{time.time_ns()}", QUESTIONS[0]), 120, token)
            if resp is not None and "《" in resp.text:
                return


def main() -> None:
    args = parse_args()
    if args.profiles:
        from bench.load_profiles import run_profiles

        raise SystemExit(run_profiles(args, run, warm_up))
    args.out = args.out or str(ROOT / "artifacts" / "bench" / "wechat_load.json")
    api = FakeWeChatApi()
    server = ServerThread(api.app(), port=args.fake_api_port)
    with server, tempfile.TemporaryDirectory() as tmp:
        if args.dialogue == "stack" and not args.url:
            report = run_with_stack(args, api, server.url, Path(tmp))
        else:
            report = run_with_gateway(args, api, server.url, Path(tmp))
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, ensure_ascii=False, indent=2))
    print(json.dumps(report, ensure_ascii=False, indent=2))
    ok = not report["errors"] and not report["duplicates"] and not report["fallback_lost"]
    ok = ok and report["p99_s"] is not None and report["p99_s"] < 4.5
    print("target (p99 < 4.5 s, no duplicates, no errors):", "met" if ok else "NOT met")


if __name__ == "__main__":
    main()
