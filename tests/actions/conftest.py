"""Fixtures for action tests (py310 env): a real HTTP stub of the gateway and tracker builders."""
from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Optional

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import config, deregistration, eligibility, filing

ROOT = Path(__file__).resolve().parents[2]
FORMS = {"filing_form": filing.ValidateFilingForm, "deregistration_form": deregistration.ValidateDeregistrationForm,
         "eligibility_form": eligibility.ValidateEligibilityForm}
PREFIX = {"filing": "BA", "deregistration": "ZX", "handoff": "RG"}
ASK_ANSWER = {"answer": "备案由街道（镇）负责实施。", "confident": True, "source": "clauses", "faq_id": None,
              "citations": [{"clause_id": "cn-2022/四/（一）/2", "clause": "四、（一）2."}], "took_ms": 3.0}


class GatewayStub:
    """Records every call; `fail` makes the next calls answer HTTP 500."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict, dict]] = []
        self.fail = False
        self.delay_s = 0.0
        self.ask_answer: dict[str, Any] = dict(ASK_ANSWER)
        self.lookup_items: list[dict[str, Any]] = []  # what /internal/requests/lookup answers
        self.merged = False  # /internal/requests joined the conversation's unread 转人工


def _handler(stub: GatewayStub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            stub.calls.append((self.path, body, dict(self.headers)))
            time.sleep(stub.delay_s)
            if stub.fail:
                return self._send(500, {"detail": "boom"})
            if self.path == "/api/ask":
                return self._send(200, stub.ask_answer)
            if self.path == "/internal/requests":
                return self._send(200, {"reference": f"{PREFIX[body['kind']]}-20261122-0001", "merged": stub.merged})
            if self.path == "/internal/requests/lookup":
                return self._send(200, {"items": stub.lookup_items})
            return self._send(404, {})

        def _send(self, status: int, payload: dict) -> None:
            data = json.dumps(payload, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *_args) -> None:
            return

    return Handler


@pytest.fixture(autouse=True)
def unread_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The action server reads its settings once; each test starts unread, so the env it sets applies.

    Without the `gateway` stub the gateway is a port nothing listens on (the discard port), never a stack
    someone has running on the default 8000: 「暂时不可用」 tests must not depend on what else runs here."""
    monkeypatch.setenv("GATEWAY_URL", "http://127.0.0.1:9")
    config.settings.cache_clear()
    yield
    config.settings.cache_clear()


@pytest.fixture
def gateway(monkeypatch: pytest.MonkeyPatch) -> Iterator[GatewayStub]:
    stub = GatewayStub()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(stub))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("GATEWAY_URL", f"http://127.0.0.1:{server.server_address[1]}")
    monkeypatch.setenv("INTERNAL_TOKEN", "test-internal")
    yield stub
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def domain() -> dict:
    return yaml.safe_load((ROOT / "bot" / "domain.yml").read_text(encoding="utf-8"))


def make_tracker(text: str = "", intent: str = "nlu_fallback", confidence: float = 0.9,
                 slots: Optional[dict] = None, requested: Optional[str] = None,
                 form: Optional[str] = None, history: Optional[list[str]] = None) -> Tracker:
    """Tracker as the action server receives it right after action_extract_slots filled `requested`."""
    slots = dict(slots or {})
    events: list[dict] = [{"event": "user", "text": t} for t in history or []]
    latest = {"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": []}
    events.append({"event": "user", "text": text, "parse_data": latest})
    if requested:
        slots["requested_slot"] = requested
        slots[requested] = text
        events.append({"event": "slot", "name": requested, "value": text})
    return Tracker("web:test", slots, latest, events, False, None,
                   {"name": form} if form else {}, "action_listen")


def run(action: Any, tracker: Tracker, domain: dict) -> tuple[list[dict], list[dict]]:
    """Run an action; returns (events, messages)."""
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, domain))
    return events, dispatcher.messages


def validate_form(form: str, slot: str, text: str, domain: dict, intent: str = "inform", history=None, slots=None,
                  confidence: float = 0.9) -> tuple[list[dict], list[dict]]:
    """Run a form's validator on ``text`` typed as the answer to ``slot``; returns (events, messages)."""
    tracker = make_tracker(text, intent=intent, confidence=confidence, requested=slot, form=form, history=history,
                           slots=slots)
    return run(FORMS[form](), tracker, domain)


# One answer per slot of each form, in the order the form asks: what tests put in the slots asked before a step.
EARLIER_ANSWERS = {
    "filing_form": {"team_name": "夕阳红舞蹈队", "category": "文体活动类", "district": "长宁区", "street": "新华路街道",
                    "community": "番禺居委", "member_count": 20, "activity_scope": "community", "leader_name": "王秀英",
                    "leader_phone": "13812345678", "activity_place": "小区花园", "activities": "跳舞"},
    "deregistration_form": {"dereg_org_type": "team", "dereg_org_name": "夕阳红舞蹈队", "dereg_region": "长宁区新华路街道",
                            "dereg_reason": "dissolved", "dereg_contact": "13812345678"},
    "eligibility_form": {"region": "上海市长宁区", "org_kind": "备案类", "grade": "无", "service_fields": ["养老"],
                         "newly_founded": True, "support_needs": ["资金"], "hires_key_groups": False},
}


def answers_before(form: str, slot: str) -> dict:
    """The form's answers before ``slot`` (the pending question); all of them for a slot not in the list."""
    answers = EARLIER_ANSWERS[form]
    keys = list(answers)
    return {k: answers[k] for k in keys[:keys.index(slot)]} if slot in keys else dict(answers)
