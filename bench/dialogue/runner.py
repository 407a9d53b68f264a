"""Plays scripts against a running stack: a few conversations in flight at once, each a simulated user
typing into one channel; afterwards the sender's stored records are read through the staff API.

Scripts with a restart run last, as one group: each plays until its restart point, then the whole stack
is restarted once with the same tracker store and database (tests/e2e/stack.running_stack on the same
temp folder) and every one of them carries on where it was.
"""
from __future__ import annotations

import asyncio
import os
import sqlite3
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bench.dialogue.channels import Turn, WebChannel, WeChatChannel
from bench.dialogue.generator import Script
from bench.dialogue.tracker import read_state
from bench.dialogue.user import SimUser

STAFF_TOKEN = "dialogue-eval-staff"
WECHAT_TOKEN = "dialogue-eval-wechat"
STACK_ENV = {
    "STAFF_TOKEN": STAFF_TOKEN, "WECHAT_TOKEN": WECHAT_TOKEN, "INTERNAL_TOKEN": "dialogue-eval-internal",
    "RASA_TOKEN": "dialogue-eval-rasa", "ACTIONS_TOKEN": "dialogue-eval-actions",
    "SESSION_SECRET": "dialogue-eval-session",  # web cookies stay valid across the restart
    "WECHAT_REPLY_WAIT_S": "25", "WECHAT_RETRY_INTERVAL_S": "30", "BAIWEN_WARM": "1",
    # every simulated resident types faster than a person and all of them share one loopback address:
    # the per-user, per-sender and per-address rate limits would measure the harness, not the dialogue
    "WECHAT_RATE_LIMIT_PER_MIN": "1000", "RATE_LIMIT_CLIENT": "100000/minute", "RATE_LIMIT_SENDER": "1000/minute",
}


@dataclass
class Stack:
    """The stack under test: its URL, its tracker store, and how to restart it (None: cannot)."""

    base: str
    tracker_db: Path
    staff_token: str = STAFF_TOKEN
    wechat_token: str = WECHAT_TOKEN
    restart: Callable[[], str] | None = None
    restarts: int = 0


class ManagedStack:
    """running_stack in a temp folder, restartable on the same tracker store and database."""

    def __init__(self, tmp: Path, model: str | None = None, **env: str) -> None:
        self.tmp, self.env = tmp, {**STACK_ENV, "SECRETS_DIR": str(tmp / "secrets"), **env}
        self.env["RASA_MODEL"] = model or os.environ.get("RASA_MODEL") or \
            (Path(__file__).resolve().parents[2] / "var" / "rasa-model").read_text().strip()
        self._exit = ExitStack()
        self.stack: Stack | None = None

    def _start(self) -> str:
        from tests.e2e.stack import running_stack  # the project's one way to start the three servers

        base = self._exit.enter_context(running_stack(self.tmp, **self.env))
        httpx.post(f"{base}/api/ask", json={"question": "备案", "top_k": 1}, timeout=300)  # load the model
        return base

    def _restart(self) -> str:
        self._exit.close()
        self._exit = ExitStack()
        return self._start()

    def __enter__(self) -> Stack:
        self.stack = Stack(self._start(), self.tmp / "tracker.db", restart=self._restart)
        return self.stack

    def __exit__(self, *exc: object) -> None:
        self._exit.close()


@dataclass
class Played:
    """One played conversation: the script, the user's view of it and what the stack stored."""

    script: Script
    sim: SimUser
    sender: str
    transcript: list[dict[str, Any]] = field(default_factory=list)
    records: dict[str, list[dict]] = field(default_factory=dict)  # filings / deregistrations / handoffs
    results: list[dict] = field(default_factory=list)  # slots when a submit/result action ran (tracker)
    latencies: list[float] = field(default_factory=list)
    error: str | None = None


class Runner:
    def __init__(self, stack: Stack, concurrency: int = 3) -> None:
        self.stack, self.concurrency = stack, concurrency
        self.tag = format(time.time_ns() // 1_000_000 % 0xFFFFFF, "x")  # fresh senders on a reused stack
        self._waiting = 0
        self._resume = asyncio.Event()
        self._group_left = 0

    def _channel(self, script: Script, client: httpx.AsyncClient) -> WebChannel | WeChatChannel:
        """A fresh session per conversation (its own cookie jar on the web)."""
        key = f"{script.id}-{self.tag}"
        return WeChatChannel(self.stack, key, client) if script.channel == "wechat" else WebChannel(self.stack, key)

    async def _say(self, played: Played, channel: WebChannel | WeChatChannel, text: str, kind: str,
                   slot: str | None) -> Turn:
        before = read_state(self.stack.tracker_db, played.sender)
        turn = await channel.say(text)
        played.sender = channel.sender  # the web gateway names the sender on the first reply
        state = read_state(self.stack.tracker_db, played.sender)
        played.latencies.append(turn.seconds)
        played.transcript.append({"user": text[:200], "kind": kind, "slot": slot, "status": turn.status,
                                  "bot": turn.texts, "buttons": [b["title"] for b in turn.buttons],
                                  "cited": turn.cited(), "requested_slot": state.requested_slot,
                                  "ms": round(turn.seconds * 1000)})
        played.sim.observe(turn, state, before)
        return turn

    async def play(self, script: Script, client: httpx.AsyncClient) -> Played:
        sim = SimUser(script)
        channel = self._channel(script, client)
        played = Played(script, sim, channel.sender)
        try:
            utt = sim.opening()
            while utt is not None:
                turn = await self._say(played, channel, utt.text, utt.kind, utt.slot)
                utt = sim.next(turn, read_state(self.stack.tracker_db, played.sender))
                if utt is not None and utt.kind == "restart":
                    played.transcript.append({"user": "", "kind": "restart", "slot": utt.slot, "bot": []})
                    await self._await_restart()
                    utt = sim.next(turn, read_state(self.stack.tracker_db, played.sender))
                    played.transcript[-1]["bot"] = ["(stack restarted; same tracker store and database)"
                                                    if self.stack.restart else "(no restart: not a managed stack)"]
        except (httpx.HTTPError, ValueError, sqlite3.Error) as exc:
            played.error = f"{type(exc).__name__}: {exc}"[:300]
            sim.outcome = sim.outcome or "error"
        finally:
            self._group_left -= 1 if script.has("restart") else 0
            await self._maybe_restart()
            await channel.aclose()
        played.results = read_state(self.stack.tracker_db, played.sender).results
        played.records = await self.records(client, played.sender)
        return played

    async def _await_restart(self) -> None:
        self._waiting += 1
        await self._maybe_restart()
        await self._resume.wait()

    async def _maybe_restart(self) -> None:
        """Restart once every script of the restart group is waiting (or done)."""
        if self._waiting == 0 or self._waiting < self._group_left or self._resume.is_set():
            return
        if self.stack.restart is not None:
            self.stack.base = await asyncio.to_thread(self.stack.restart)
            self.stack.restarts += 1
        self._resume.set()

    async def records(self, client: httpx.AsyncClient, sender: str) -> dict[str, list[dict]]:
        """Every stored request of this sender, in full (detail view: phone numbers unmasked)."""
        headers = {"Authorization": f"Bearer {self.stack.staff_token}"}
        out: dict[str, list[dict]] = {}
        for path in ("filings", "deregistrations", "handoffs"):
            resp = await client.get(f"{self.stack.base}/api/{path}", params={"sender_id": sender}, headers=headers)
            resp.raise_for_status()
            out[path] = [(await client.get(f"{self.stack.base}/api/{path}/{item['reference']}", headers=headers)).json()
                         for item in resp.json()["items"]]
        return out

    async def run(self, scripts: list[Script], progress: Callable[[Played], None] | None = None) -> list[Played]:
        """All scripts: the ordinary ones first, then the restart group; results in script order."""
        plain = [s for s in scripts if not s.has("restart")]
        group = [s for s in scripts if s.has("restart")]
        sem = asyncio.Semaphore(self.concurrency)
        done: dict[str, Played] = {}
        async with httpx.AsyncClient(timeout=180) as client:
            async def one(script: Script) -> None:
                async with sem:
                    done[script.id] = await self.play(script, client)
                    if progress:
                        progress(done[script.id])

            await asyncio.gather(*(one(s) for s in plain))
            self._group_left, self._waiting = len(group), 0
            self._resume = asyncio.Event()
            # the group runs all at once (not limited by the semaphore): all must reach the restart together
            await asyncio.gather(*(self._group_member(s, client, done, progress) for s in group))
        return [done[s.id] for s in scripts]

    async def _group_member(self, script: Script, client: httpx.AsyncClient, done: dict[str, Played],
                            progress: Callable[[Played], None] | None) -> None:
        done[script.id] = await self.play(script, client)
        if progress:
            progress(done[script.id])


def run_scripts(stack: Stack, scripts: list[Script], concurrency: int = 3,
                progress: Callable[[Played], None] | None = None) -> tuple[list[Played], float]:
    """Play the scripts; returns them played and the wall time in seconds."""
    start = time.perf_counter()
    played = asyncio.run(Runner(stack, concurrency).run(scripts, progress))
    return played, time.perf_counter() - start
