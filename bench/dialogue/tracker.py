"""Read-only view of the Rasa SQL tracker store (SQLite) of the stack under test.

The gateway's API does not say which slot the form is waiting for; the tracker store does. Rasa saves
the tracker before the REST channel answers, so after each reply the events of the turn are there.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class TrackerState:
    active_loop: str | None = None
    requested_slot: str | None = None
    slots: dict[str, Any] = field(default_factory=dict)
    actions: list[str] = field(default_factory=list)  # action names, in order
    results: list[dict[str, Any]] = field(default_factory=list)  # slots when a result/submit action ran


RESULT_ACTIONS = ("action_eligibility_result", "action_submit_filing", "action_submit_deregistration")


def _events(db: Path, sender: str) -> list[dict]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        rows = con.execute("SELECT data FROM events WHERE sender_id = ? ORDER BY id", (sender,)).fetchall()
    except sqlite3.OperationalError as exc:  # the table is created on the first conversation
        if "no such table" in str(exc):
            return []
        raise
    finally:
        con.close()
    return [json.loads(r[0]) for r in rows]


def replay(events: list[dict]) -> TrackerState:
    """Slots, active loop and actions after the events (slot values as the last event set them)."""
    state = TrackerState()
    for event in events:
        kind = event.get("event")
        if kind == "slot":
            state.slots[event.get("name")] = event.get("value")
            if event.get("name") == "requested_slot":
                state.requested_slot = event.get("value")
        elif kind == "active_loop":
            state.active_loop = event.get("name")
            if state.active_loop is None:
                state.requested_slot = None
        elif kind == "action":
            name = event.get("name") or ""
            state.actions.append(name)
            if name in RESULT_ACTIONS:
                state.results.append({"action": name, "slots": dict(state.slots)})
        elif kind == "restart":
            state = TrackerState(actions=state.actions, results=state.results)
    return state


def read_state(db: Path, sender: str) -> TrackerState:
    return replay(_events(db, sender))
