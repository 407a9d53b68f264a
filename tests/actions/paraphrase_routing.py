"""Where an opening message is routed: the trained Rasa NLU's intent, then the action the rules run for it
(action_open_flow for the start intents and 「好的」, action_policy_qa for questions and low confidence),
read off the events it returns — a form started (flow_start), a flow offered (flow_offer), or neither.

Measure the paraphrase list (tests/actions/opening_paraphrases.yml) through the current model, or a held-out batch of
openings (bench/dialogue/heldout/<batch>: openings.yml in the bank's format and none.yml, messages that start no flow):
    PYTHONPATH=. ~/.cache/baiwen/py310/bin/python -m tests.actions.paraphrase_routing [--openings DIR] [--model M]
"""
from __future__ import annotations

import asyncio
import os
import threading
from collections import defaultdict
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Iterator, Optional

import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.offers import FLOW_INTENTS
from actions.opening import ActionOpenFlow
from actions.policy_qa import ActionPolicyQA
from tests.actions.opening_cases import ROOT, Case, load_cases, load_heldout

FLOWS = ("filing", "deregistration", "eligibility")
# the rules (bot/data/rules/*.yml): which action answers an opening (no form active) read as each intent
OPEN_FLOW = {*FLOW_INTENTS, "affirm", "cancel"}  # cancel: outside a form
POLICY_QA = {"ask_policy", "nlu_fallback", "out_of_scope", "inform"}


def _tracker(text: str, intent: str) -> Tracker:
    latest = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": []}
    return Tracker("web:routing", {}, latest, [{"event": "user", "text": text, "parse_data": latest}], False, None,
                   {}, "action_listen")


def outcome(intent: str, text: str, domain: dict) -> tuple[str, Optional[str]]:
    """('start', flow) when a form starts, ('offer', flow) when only offered, ('answer', None) otherwise."""
    if intent in OPEN_FLOW:
        action = ActionOpenFlow()
    elif intent in POLICY_QA:
        action = ActionPolicyQA()
    else:  # greetings, status, hand-off: no flow
        return "answer", None
    events = asyncio.run(action.run(CollectingDispatcher(), _tracker(text, intent), domain))
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    if slots.get("flow_start") in FLOWS:
        return "start", slots["flow_start"]
    if slots.get("flow_offer") in FLOWS:
        return "offer", slots["flow_offer"]
    return "answer", None


def correct(case: Case, routed: tuple[str, Optional[str]]) -> bool:
    """A flow's opening reaches that flow (its form, or its offer after an answer); a policy question starts none."""
    kind, flow = routed
    return kind != "start" if case.flow == "none" else flow == case.flow


def accuracy(rows: list[tuple[Case, tuple[str, Optional[str]]]]) -> dict[tuple[str, str], tuple[int, int]]:
    """(flow, half) → (right, total)."""
    tally: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for case, routed in rows:
        tally[case.flow, case.half][0] += correct(case, routed)
        tally[case.flow, case.half][1] += 1
    return {key: (right, total) for key, (right, total) in tally.items()}


class NLU:
    """The trained model's NLU (FallbackClassifier included: low confidence reads as nlu_fallback)."""

    def __init__(self, model: str) -> None:
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
        from rasa.core.agent import Agent
        self.agent = Agent.load(model)

    def intents(self, texts: list[str]) -> list[str]:
        async def parse() -> list[str]:
            return [(await self.agent.parse_message(t))["intent"]["name"] for t in texts]
        return asyncio.run(parse())


def current_model() -> Optional[str]:
    path = ROOT / "var" / "rasa-model"
    model = path.read_text(encoding="utf-8").strip() if path.exists() else ""
    return model if model and Path(model).exists() else None


def gateway_stub() -> Iterator[None]:
    """A gateway that answers every /api/ask confidently (the answer's words do not route)."""
    from tests.actions.conftest import GatewayStub, _handler
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(GatewayStub()))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    os.environ["GATEWAY_URL"] = f"http://127.0.0.1:{server.server_address[1]}"
    os.environ.setdefault("INTERNAL_TOKEN", "test-internal")
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()


def route_all(intents: list[str], cases: list[Case], domain: dict) -> list[tuple[Case, tuple[str, Optional[str]]]]:
    return [(case, outcome(intent, case.text, domain)) for case, intent in zip(cases, intents)]


def main() -> None:
    import argparse
    ap = argparse.ArgumentParser(description="Route openings through the trained NLU and action_open_flow.")
    ap.add_argument("--openings", type=Path, help="a held-out batch directory instead of the paraphrase list")
    ap.add_argument("--model", default=None, help="a Rasa model (default: var/rasa-model)")
    args = ap.parse_args()
    model = args.model or current_model()
    cases = load_heldout(args.openings) if args.openings else load_cases()
    intents = NLU(model).intents([c.text for c in cases])
    domain = yaml.safe_load((ROOT / "bot" / "domain.yml").read_text(encoding="utf-8"))
    stub = gateway_stub()
    next(stub)
    rows = route_all(intents, cases, domain)
    for (case, routed), intent in zip(rows, intents):
        if not correct(case, routed):
            print(f"WRONG {case.half:7} {case.flow:14} {case.kind:6} {intent:22} → {routed[0]} {routed[1]}  {case.text}")
    table = accuracy(rows)
    for flow in (*FLOWS, "none"):
        print(flow, "  ".join(f"{h}: {r}/{t} = {r / t:.1%}" for h in ("tune", "heldout") if (flow, h) in table
                              for r, t in [table[flow, h]]))
    wrong = sum(r[0] == "start" and r[1] != c.flow for c, r in rows if c.flow != "none")
    print(f"another flow's form started: {wrong} of {sum(c.flow != 'none' for c in cases)}; model {model}")
    stub.close()  # stops the stub gateway now, not at interpreter exit, where its shutdown would wait forever


if __name__ == "__main__":
    main()
