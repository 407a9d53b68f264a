"""Deterministic conversation scripts: one persona, one opening, a phrasing (and rephrasings) per slot,
and the disturbances a resident brings — side questions at random steps, an invalid reply when a slot is
asked, a correction of an earlier answer, a cancel, a restart of the stack in the middle.

A script only says what the user will say; the simulated user (user.py) decides when, from the bot's
prompts. Seeds are derived from (flow, half, channel, index), so the same call always gives the same
conversations, and dev scripts draw only dev items (bank.Bank.half).
"""
from __future__ import annotations

import random
from dataclasses import asdict, dataclass, field
from typing import Any

from bench.dialogue.bank import Bank, Phrasing, expand
from bench.dialogue.flows import FLOWS, Meant, canonical, meant, new_value, persona_value, render, resolve

CONFIRM_DEFAULT = (Phrasing("default-confirm", "确认"),)
RATES = {"side": 0.6, "second_side": 0.2, "invalid": 0.35, "correction": 0.3, "cancel": 0.08}


@dataclass
class Injection:
    kind: str  # side | invalid | correction | cancel | restart
    item_id: str
    text: str = ""
    at: int = 0  # side / cancel / restart: before answering the at-th slot question (1-based)
    slot: str | None = None  # invalid: sent when this slot is asked; correction: the slot it changes
    value: Any = None  # correction: the new canonical value
    answerable: bool | None = None  # side questions


@dataclass
class Script:
    id: str
    flow: str
    half: str
    channel: str
    seed: str
    persona: dict
    opening: dict
    answers: dict[str, list[dict]]  # slot → [{id, text}] first the answer, then rephrasings
    meant: dict[str, Meant]
    injections: list[Injection] = field(default_factory=list)
    fixes: dict[str, str] = field(default_factory=dict)  # slot → text with {new}: fixing a wrong pre-fill

    def has(self, kind: str) -> bool:
        return any(i.kind == kind for i in self.injections)

    def as_json(self) -> dict:
        out = asdict(self)
        out["meant"] = {slot: m.as_json() for slot, m in self.meant.items()}
        out["persona"] = self.persona.get("id")
        return out


def _value_of(slot: str, phrasing: Phrasing, persona: dict) -> Any:
    return canonical(slot, phrasing.value) if phrasing.literal else persona_value(slot, persona)


def choose_phrasings(slot: str, items: list[Phrasing], persona: dict, rng: random.Random) -> list[Phrasing]:
    """The answer and up to two rephrasings that mean the same: templates and literals whose value is
    the persona's; if none fits, one literal (the user then means its value) and its equals."""
    fitting = [p for p in items if _value_of(slot, p, persona) == persona_value(slot, persona)]
    if not fitting:
        first = rng.choice(items)
        fitting = [p for p in items if _value_of(slot, p, persona) == _value_of(slot, first, persona)]
        fitting.remove(first)
        return [first, *rng.sample(fitting, min(2, len(fitting)))]
    return rng.sample(fitting, min(3, len(fitting)))


def _opening(bank: Bank, flow: str, persona: dict, rng: random.Random) -> dict:
    """An opening whose pre-filled values agree with the persona (else one without pre-fills); openings
    marked persona_field are filled from the persona."""
    items = bank.openings.get(flow) or [{"id": f"default-{flow}", "text": FLOWS[flow].start_text, "prefill": {}}]
    items = [{**o, "text": resolve(str(o["text"]), persona), "prefill": resolve(o.get("prefill") or {}, persona)}
             if o.get("persona_field") else o for o in items]
    fits = [o for o in items if all(canonical(s, v) == persona_value(s, persona)
                                    for s, v in (o.get("prefill") or {}).items())]
    plain = [o for o in items if not o.get("prefill")]
    chosen = dict(rng.choice(fits or plain or items))
    chosen["text"] = render(Phrasing(chosen["id"], str(chosen["text"])), persona)
    return chosen


def personas_for(bank: Bank, flow: str) -> list[dict]:
    """Personas that make sense for the flow (a persona may list its `flows`)."""
    return [p for p in bank.personas if not p.get("flows") or flow in p["flows"]]


def make_script(bank: Bank, flow: str, half: str, index: int, channel: str = "web",
                restart: bool = False, rates: dict[str, float] = RATES) -> Script:
    """The index-th conversation of a flow in a half (deterministic)."""
    seed = f"{flow}:{half}:{channel}:{index}"
    rng = random.Random(seed)
    spec = FLOWS[flow]
    persona = rng.choice(personas_for(bank, flow))
    answers: dict[str, list[dict]] = {}
    meaning: dict[str, Meant] = {}
    for slot in spec.slots:
        items = [p for p in bank.valid.get(slot) or [] if p.fits(persona)] or \
            (list(CONFIRM_DEFAULT) if slot == spec.confirm else [])
        if not items:
            raise ValueError(f"the bank has no phrasing for slot {slot}")
        chosen = choose_phrasings(slot, items, persona, rng)
        answers[slot] = [{"id": p.id, "text": render(p, persona)} for p in chosen]
        meaning[slot] = meant(slot, chosen[0], persona)
    opening = _opening(bank, flow, persona, rng)
    for slot, value in (opening.get("prefill") or {}).items():
        if slot in meaning:
            meaning[slot] = Meant(canonical(slot, value), meaning[slot].aliases)
    script = Script(f"{flow}-{half}-{channel}-{index:03d}", flow, half, channel, seed, persona, opening,
                    answers, meaning)
    fix_rng = random.Random(seed + ":fixes")
    for slot in spec.slots:  # how this user would correct a value the bot filled in wrongly
        mine = [c for c in bank.corrections if c.get("flow") == flow and c.get("slot") == slot]
        templated = [str(c["text"]) for c in mine if "{new}" in str(c.get("text"))]
        literal = [render(Phrasing(c["id"], str(c["text"])), persona) for c in mine if "value" in c
                   and not c.get("op") and canonical(slot, resolve(c["value"], persona)) == meaning[slot].value]
        script.fixes[slot] = fix_rng.choice(templated or literal or ["刚才那项说错了，应该是：{new}"])
    script.injections = _injections(bank, spec.slots, flow, persona, meaning, rng, restart, rates)
    return script


def _when_holds(when: dict | None, slot: str, meaning: dict[str, Meant], persona: dict) -> bool:
    """A literal correction's `when`: the value meant so far (or the persona field) matches."""
    for key, want in (when or {}).items():
        if key in meaning:
            if meaning[key].value != canonical(key, want):
                return False
        elif key == "district" and slot in ("dereg_region", "region"):
            if str(want) not in str(meaning[slot].value):
                return False
        elif str(persona.get(key)) != str(want):
            return False
    return True


def correction(item: dict, slot: str, meaning: dict[str, Meant], persona: dict, personas: list[dict],
               rng: random.Random) -> tuple[Any, str] | None:
    """(new canonical value, text) of a bank correction, or None when it would change nothing."""
    current = meaning[slot].value
    if "value" in item:
        if not _when_holds(item.get("when"), slot, meaning, persona):
            return None
        value = canonical(slot, resolve(item["value"], persona))
        if item.get("op") == "add":
            value = sorted({*(current or []), *value})
        return (value, render(Phrasing(item["id"], str(item["text"])), persona)) if value != current else None
    made = new_value(str(item.get("kind") or slot), slot, persona, personas, rng, current)
    if made is None:
        return None
    text = str(item["text"]).replace("{new}", made[1])
    return made[0], render(Phrasing(item["id"], text), persona)


def _injections(bank: Bank, slots: tuple[str, ...], flow: str, persona: dict, meaning: dict[str, Meant],
                rng: random.Random, restart: bool, rates: dict[str, float]) -> list[Injection]:
    steps = len(slots)
    out: list[Injection] = []
    sides = bank.side_questions
    n_side = (rng.random() < rates["side"]) + (rng.random() < rates["second_side"])
    for q in rng.sample(sides, min(n_side, len(sides))):
        out.append(Injection("side", str(q["id"]), render(Phrasing(str(q["id"]), str(q["text"])), persona),
                             at=rng.randint(1, steps), answerable=q.get("answerable", True)))
    invalid_slots = [s for s in slots if any(p.fits(persona) for p in bank.invalid.get(s) or [])]
    if invalid_slots and rng.random() < rates["invalid"]:
        slot = rng.choice(invalid_slots)
        item = rng.choice([p for p in bank.invalid[slot] if p.fits(persona)])
        out.append(Injection("invalid", item.id, expand(render(item, persona)), slot=slot))
    if rng.random() < rates["correction"]:
        items = [c for c in bank.corrections if c.get("flow") == flow and c.get("slot") in slots
                 and slots.index(c["slot"]) + 2 <= steps]
        made = None
        for item in rng.sample(items, len(items)):
            made = correction(item, item["slot"], meaning, persona, bank.personas, rng)
            if made is not None:
                at = rng.randint(slots.index(item["slot"]) + 2, steps)
                out.append(Injection("correction", str(item["id"]), made[1], at=at, slot=item["slot"], value=made[0]))
                break
    cancels = [c for c in bank.cancels if not c.get("flow") or c["flow"] == flow]
    if restart:
        out.append(Injection("restart", "restart", at=rng.randint(2, max(2, steps - 1))))
    elif cancels and rng.random() < rates["cancel"]:
        item = rng.choice(cancels)
        out.append(Injection("cancel", str(item["id"]), str(item["text"]), at=rng.randint(2, max(2, steps - 1))))
    return out


def generate(bank: Bank, flow: str, half: str, n: int, channel: str = "web", restarts: int = 0,
             rates: dict[str, float] = RATES) -> list[Script]:
    """n scripts of one flow from one half of the bank; `restarts` of them (spread evenly) restart the
    stack in the middle."""
    part = bank.half(half)
    every = max(1, n // restarts) if restarts else 0
    return [make_script(part, flow, half, i, channel, restart=bool(every) and i % every == every - 1
                        and i // every < restarts, rates=rates) for i in range(n)]
