"""The WeChat load on both profiles in one run (issue 15, item 5): `python -m bench.wechat_load --profiles
default,prod --users 200 --duration-s 120` (`make bench-load`).

Each profile is started in turn on free loopback ports with its own temp folders, loaded by the same simulated
WeChat users (bench/wechat_load.py) and stopped again before the next one starts:
- default: `make run`'s scripts/run_all.sh (one gateway worker, one Rasa, one action server, SQLite), through
  tests/e2e/stack.py;
- prod: `make run-prod`'s scripts/run_prod.sh (PostgreSQL, Redis, 2 × action server, 2 × Rasa, 2 × gateway,
  HAProxy under supervisord, ENV=production, tokens generated), through the fault tests' tests/faults/profile.py.
Both profiles' gateways send their customer-service messages to a fake WeChat API server of this process.

CPU per process (bench/load_cpu.py) is read from the profile's process tree right before the load and right after
the last customer-service send; the machine's whole busy time over the same window tells how much other jobs
took. Writes artifacts/bench/wechat_load_profiles.json and prints one table (bench/load_report.py).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import signal
import socket
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

Load = Callable[[argparse.Namespace, str, Any], Awaitable[dict[str, Any]]]  # bench.wechat_load.run
WarmUp = Callable[[str, str], Awaitable[None]]  # bench.wechat_load.warm_up

import psutil

from bench import load_cpu, load_report
from tests.e2e.stack import StackFailed, running_stack
from tests.faults.profile import ProfileFailed, running_profile
from tests.wechat.conftest import APPID, FakeWeChatApi, ServerThread

ROOT = Path(__file__).resolve().parent.parent
MIN_GRACE_S = 75.0  # the gateway gives up on the dialogue after 60 s and then sends 「请稍后再发一次」 as 客服消息
WECHAT = {"WECHAT_APPID": APPID, "WECHAT_SECRET": "wx-secret"}


def rasa_model() -> str:
    pointer = ROOT / "var" / "rasa-model"
    model = os.environ.get("RASA_MODEL") or (pointer.read_text().strip() if pointer.is_file() else "")
    if not model or not Path(model).is_file():
        raise SystemExit(f"Rasa model {model!r} missing: run `make rasa-model` first")
    return model


def _listener(port: int) -> int | None:
    """The pid listening on a loopback TCP port."""
    for conn in psutil.net_connections(kind="tcp"):
        if conn.status == psutil.CONN_LISTEN and conn.laddr and conn.laddr.port == port and conn.pid:
            return conn.pid
    return None


@contextmanager
def default_profile(tmp: Path, api_url: str) -> Iterator[tuple[str, str, list[int], int]]:
    """scripts/run_all.sh on free ports: (url, WeChat token, process-tree roots, Rasa replicas)."""
    token = secrets.token_urlsafe(24)
    with running_stack(tmp, RASA_MODEL=rasa_model(), WECHAT_TOKEN=token, WECHAT_API_BASE=api_url, **WECHAT) as url:
        gateway = _listener(int(url.rsplit(":", 1)[1]))
        parent = psutil.Process(gateway).parent() if gateway else None
        root = parent.pid if parent and "run_all.sh" in " ".join(parent.cmdline()) else gateway
        yield url, token, [root] if root else [], 1


@contextmanager
def prod_profile(tmp: Path, api_url: str) -> Iterator[tuple[str, str, list[int], int]]:
    """scripts/run_prod.sh on free ports (tests/faults/profile.py): its tree is supervisord's."""
    with running_profile(tmp, rasa_model(), {"WECHAT_API_BASE": api_url, **WECHAT}) as prof:
        root = int((tmp / "run" / "supervisord.pid").read_text().strip())
        yield prof.base, prof.secret("WECHAT_TOKEN"), [root], 2


PROFILES: dict[str, Callable[[Path, str], Any]] = {"default": default_profile, "prod": prod_profile}
DESCRIBE = {"default": "run_all.sh: 1 gateway, 1 Rasa, 1 action server, SQLite",
            "prod": "run_prod.sh: 2 gateways, 2 Rasa, 2 action servers, PostgreSQL, Redis, HAProxy, supervisord"}


def _ports(snap: load_cpu.Snapshot) -> set[int]:
    """Loopback ports the profile's processes listen on."""
    ports: set[int] = set()
    for pid, _ in snap:
        try:
            ports |= {c.laddr.port for c in psutil.Process(pid).net_connections("tcp") if c.status == "LISTEN"}
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return ports


def _leftovers(snap: load_cpu.Snapshot, ports: set[int]) -> dict[str, list[int]]:
    """After the stop: processes of the profile still alive (then killed: this run started them), ports still bound."""
    alive = []
    for pid, created in snap:
        try:
            if psutil.Process(pid).create_time() == created:
                alive.append(pid)
                os.kill(pid, signal.SIGKILL)
        except (psutil.NoSuchProcess, ProcessLookupError):
            continue
    bound = []
    for port in sorted(ports):
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                bound.append(port)
    return {"processes_left": alive, "ports_left_bound": bound}


def measure(args: argparse.Namespace, name: str, api: FakeWeChatApi, api_url: str, load: Load,
            warm_up: WarmUp) -> dict[str, Any]:
    """Start profile `name`, warm it, `load` it (the simulated users), read its CPU, stop it."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix=f"baiwen-load-{name}-") as tmp:
        with PROFILES[name](Path(tmp), api_url) as (url, token, roots, replicas):
            start_s = time.perf_counter() - started
            for _ in range(2 * replicas):  # every gateway and Rasa server has answered once
                asyncio.run(warm_up(url, token))
            api.sends.clear()
            api.send_times.clear()
            args.wechat_token = token
            before, busy0, own0, t0 = load_cpu.snapshot(roots), load_cpu.machine_busy_s(), load_cpu.own_cpu_s(), \
                time.perf_counter()
            report = asyncio.run(load(args, url, api))
            after, window = load_cpu.snapshot(roots), time.perf_counter() - t0
            busy, client = load_cpu.machine_busy_s() - busy0, load_cpu.own_cpu_s() - own0
            ports = _ports(after)
    cpu = load_cpu.cpu_by_kind(before, after)
    cores = psutil.cpu_count() or 1
    report.update(profile=name, processes=DESCRIBE[name], dialogue=name, workers=replicas,
                  store="redis" if name == "prod" else "database", start_s=round(start_s, 1),
                  cpu_window_s=round(window, 1), client_cpu_s=round(client, 1),
                  other_cpu_s=round(max(0.0, busy - client - sum(cpu.values())), 1),
                  machine_busy_share=round(busy / (window * cores), 3), load_avg_after=os.getloadavg(),
                  **load_report.cpu_summary(cpu, report["answered"], window, cores), **_leftovers(after, ports))
    return report


def run_profiles(args: argparse.Namespace, load: Load, warm_up: WarmUp) -> int:
    """Every profile of --profiles in turn under `load` (bench.wechat_load.run, passed in by its main: this module
    is below it); prints the table, writes the JSON; non-zero when one failed."""
    names = [n.strip() for n in args.profiles.split(",") if n.strip()]
    unknown = set(names) - set(PROFILES)
    if unknown:
        raise SystemExit(f"unknown profile(s) {sorted(unknown)}; known: {sorted(PROFILES)}")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    args.grace_s = max(args.grace_s, MIN_GRACE_S)  # ended early once every fallback has arrived
    out = Path(args.out or ROOT / "artifacts" / "bench" / "wechat_load_profiles.json")
    doc: dict[str, Any] = {"command": " ".join(["python -m bench.wechat_load", *sys.argv[1:]]),
                           "at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                           "cores": psutil.cpu_count(), "load_avg_before": os.getloadavg(), "results": []}
    failed = False
    for name in names:
        api = FakeWeChatApi()  # one per profile: late sends of one run never count in the next
        with ServerThread(api.app(), port=args.fake_api_port) as server:
            try:
                result = measure(args, name, api, server.url, load, warm_up)
            except (StackFailed, ProfileFailed) as exc:
                failed, result = True, {"profile": name, "error": str(exc)[-3000:]}
        doc["results"].append(result)
        print(f"── {name}: {json.dumps(result, ensure_ascii=False)}", flush=True)
    doc["table"] = load_report.table(doc["results"])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(doc, ensure_ascii=False, indent=2))
    print(f"\n{args.users} WeChat users × {args.duration_s:g} s per profile ({doc['command']}):\n")
    print(doc["table"])
    print(f"\nwritten: {out}")
    return 1 if failed else 0
