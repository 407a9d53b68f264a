"""Every valid phrasing of a batch of the phrasing bank's DEV half, read by the form validators the way the
action server reads it, and every invalid one refused — without the real stack, so a reading that fails
shows its text, what was stored and what was meant.

Valid phrasings are rendered for a few dev personas that fit them (templates over persona fields), with the
earlier answers of that persona filled, and the stored value is judged by the bench's own comparison
(bench/dialogue/scoring.slot_value_ok). Only the dev half is read: the sealed half stays sealed.

    PYTHONPATH=. ~/.cache/baiwen/py310/bin/python -m tests.actions.bank_readings b8
    PYTHONPATH=. ~/.cache/baiwen/py310/bin/python -m tests.actions.bank_readings "" --every [--sealed]
"""
from __future__ import annotations

import asyncio
import sys
from collections import Counter
from typing import Any, NamedTuple

import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import deregistration, eligibility, filing
from bench.dialogue.bank import Bank, Phrasing, expand, load_bank
from bench.dialogue.flows import FLOWS, SLOT_FLOW, meant, region_label, render
from bench.dialogue.generator import personas_for
from bench.dialogue.scoring import slot_value_ok
from tests.actions.conftest import ROOT

FORMS = {"filing_form": filing.ValidateFilingForm, "deregistration_form": deregistration.ValidateDeregistrationForm,
         "eligibility_form": eligibility.ValidateEligibilityForm}
SCOPE_KEYS = {"本居委": "community", "街道范围": "street", "跨街道": "district"}
PERSONAS_PER_ITEM = 3
CONFIRM_SLOTS = ("filing_confirmed", "dereg_confirmed")


class Miss(NamedTuple):
    id: str
    slot: str
    text: str
    stored: Any
    meant: Any


def answers_of(persona: dict) -> dict[str, Any]:
    """The persona's answers as the bot keeps them in its slots (scope keys, 无 for no grade, labels)."""
    return {**{k: persona.get(k) for k in FLOWS["filing"].slots if k in persona},
            "activity_scope": SCOPE_KEYS.get(persona.get("activity_scope"), persona.get("activity_scope")),
            "dereg_org_type": persona.get("dereg_org_type"), "dereg_org_name": persona.get("team_name"),
            "dereg_region": f"{persona.get('district')}{persona.get('street')}", "dereg_reason": persona.get("dereg_reason"),
            "dereg_contact": persona.get("leader_phone"), "region": region_label(persona.get("city"), persona.get("district")),
            "grade": "无" if persona.get("grade") in (None, "none") else persona.get("grade"),
            **{k: persona.get(k) for k in ("org_kind", "service_fields", "newly_founded", "support_needs",
                                           "hires_key_groups", "has_party_org")}}


def run_step(slot: str, text: str, persona: dict, domain: dict) -> tuple[list[dict], list[dict]]:
    """The validator's events and messages for `text` typed at `slot`, the persona's earlier answers filled."""
    flow = FLOWS[SLOT_FLOW[slot]]
    earlier = flow.slots[:flow.slots.index(slot)]
    answers = answers_of(persona)
    slots = {s: answers.get(s) for s in earlier}
    slots.update({"requested_slot": slot, slot: text})
    latest = {"text": text, "intent": {"name": "inform", "confidence": 0.9}, "entities": []}
    events = [{"event": "user", "text": text, "parse_data": latest}, {"event": "slot", "name": slot, "value": text}]
    tracker = Tracker("web:bank", slots, latest, events, False, None, {"name": flow.form}, "action_listen")
    dispatcher = CollectingDispatcher()
    return asyncio.run(FORMS[flow.form]().run(dispatcher, tracker, domain)), dispatcher.messages


def stored_value(events: list[dict], slot: str) -> Any:
    """The value the validator set for `slot` (the last SlotSet), None when nothing was stored."""
    values = [e.get("value") for e in events if e.get("event") == "slot" and e.get("name") == slot]
    return values[-1] if values else None


def read_right(slot: str, value: Any, want: Any) -> bool:
    """A 「不对」 at a confirmation is never stored as False: the form asks what to change, so nothing stored
    (not True) is the right reading; any other slot needs its value."""
    return slot in CONFIRM_SLOTS and want is False and value is not True


def _personas(bank: Bank, slot: str, phrasing: Phrasing) -> list[dict]:
    fitting = [p for p in personas_for(bank, SLOT_FLOW[slot]) if phrasing.fits(p)]
    return fitting[:PERSONAS_PER_ITEM]


def check_valid(bank: Bank, prefix: str, domain: dict) -> tuple[int, list[Miss]]:
    """(cases run, misses) over the valid phrasings whose id starts with `prefix`."""
    total, misses = 0, []
    for slot, items in bank.valid.items():
        for phrasing in (p for p in items if p.id.startswith(prefix) and slot in SLOT_FLOW):
            for persona in _personas(bank, slot, phrasing):
                text, want = expand(render(phrasing, persona)), meant(slot, phrasing, persona)
                value = stored_value(run_step(slot, text, persona, domain)[0], slot)
                total += 1
                if not read_right(slot, value, want.value) and not slot_value_ok(slot, value, want):
                    misses.append(Miss(phrasing.id, slot, text, value, want.value))
    return total, misses


def check_invalid(bank: Bank, prefix: str, domain: dict) -> tuple[int, list[Miss]]:
    """(cases run, misses) over the invalid replies: nothing may be stored for their slot."""
    total, misses = 0, []
    for slot, items in bank.invalid.items():
        for phrasing in (p for p in items if p.id.startswith(prefix) and slot in SLOT_FLOW):
            persona = _personas(bank, slot, phrasing)[0]
            text = expand(render(phrasing, persona))
            value = stored_value(run_step(slot, text, persona, domain)[0], slot)
            total += 1
            if value is not None:
                misses.append(Miss(phrasing.id, slot, text, value, None))
    return total, misses


def dev_bank() -> Bank:
    return load_bank().half("dev")


def domain_file() -> dict:
    return yaml.safe_load((ROOT / "bot" / "domain.yml").read_text(encoding="utf-8"))


def main(prefix: str, every: bool = False, half: str = "dev") -> None:
    """Readings of one batch (all of the bank for an empty prefix); ``every``: with every fitting persona, not
    three (a value's shape — quotes inside a name, a 居委 named after its street — breaks phrasings one persona
    at a time). The sealed half prints counts only: its texts stay unread."""
    global PERSONAS_PER_ITEM
    PERSONAS_PER_ITEM = 1000 if every else PERSONAS_PER_ITEM
    bank, domain = load_bank().half(half), domain_file()
    for kind, check in (("valid", check_valid), ("invalid", check_invalid)):
        total, misses = check(bank, prefix, domain)
        wrong = Counter(m.slot for m in misses if m.stored is not None)
        print(f"{prefix or 'all'} {half} {kind}: {total - len(misses)}/{total} right; a wrong value stored "
              f"{sum(wrong.values())} times {dict(wrong)}")
        for miss in misses if half == "dev" else ():
            print(f"  {miss.id:24} {miss.slot:16} {miss.text!r:50} stored={miss.stored!r} meant={miss.meant!r}")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(args[0] if args else "b8", every="--every" in sys.argv, half="sealed" if "--sealed" in sys.argv else "dev")
