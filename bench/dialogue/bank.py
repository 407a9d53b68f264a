"""The phrasing bank (bench/dialogue/bank/) and its fixed dev / sealed halves.

Every item (persona, phrasing, invalid reply, opening, side question, correction, cancel) lands in one
half by a stable hash of its id, like bench/bank.py splits the question bank: adding items never moves old
ones. Dev conversations use only dev items; only the gate (tests/dialogue) and `--sealed` read the sealed
half. The loader accepts the shapes the bank writer may use for a slot: a list of items (an item
`{invalid: [...]}` inside it allowed), or a mapping with `valid`/`phrasings`/`items` and `invalid`.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

BANK = Path(__file__).resolve().parent / "bank"
HALVES = ("dev", "sealed")
NO_VALUE = object()  # a template phrasing: its value is the persona's
_VALID_KEYS = ("valid", "phrasings", "items", "answers", "ok")


def half_of(item_id: str) -> str:
    """dev or sealed, 50 / 50 by a stable hash of the id (sha1, as bench/bank.part_of)."""
    return "dev" if int(hashlib.sha1(str(item_id).encode("utf-8")).hexdigest(), 16) % 2 == 0 else "sealed"


@dataclass(frozen=True)
class Phrasing:
    """One way to answer a slot: a template over persona fields, or a literal with its own value."""

    id: str
    text: str
    value: Any = NO_VALUE
    approx: bool = False
    when: dict | None = None  # only for personas whose fields have these values

    def fits(self, persona: dict) -> bool:
        return all(str(persona.get(k)) == str(v) for k, v in (self.when or {}).items())

    @property
    def literal(self) -> bool:
        return self.value is not NO_VALUE


@dataclass
class Bank:
    personas: list[dict]
    valid: dict[str, list[Phrasing]]
    invalid: dict[str, list[Phrasing]]
    openings: dict[str, list[dict]]
    side_questions: list[dict]
    corrections: list[dict]
    cancels: list[dict]
    warnings: list[str] = field(default_factory=list)

    def half(self, name: str) -> Bank:
        """The items of one half. A list with no item in this half keeps all its items and says so in
        `warnings` (only tiny banks, such as the test fixture, ever need that)."""
        if name not in HALVES:
            raise ValueError(f"half must be one of {HALVES}")
        warnings: list[str] = []

        def pick(items: list, what: str) -> list:
            mine = [it for it in items if half_of(_id(it)) == name]
            if items and not mine:
                warnings.append(f"{what}: no {name} item, all {len(items)} used")
                return list(items)
            return mine

        return replace(
            self,
            personas=pick(self.personas, "personas"),
            valid={slot: pick(items, f"phrasings.{slot}") for slot, items in self.valid.items()},
            invalid={slot: [p for p in items if half_of(p.id) == name] for slot, items in self.invalid.items()},
            openings={flow: pick(items, f"openings.{flow}") for flow, items in self.openings.items()},
            side_questions=pick(self.side_questions, "side_questions"),
            corrections=[c for c in self.corrections if half_of(_id(c)) == name],
            cancels=pick(self.cancels, "cancels"),
            warnings=[*self.warnings, *warnings],
        )


def _id(item: Any) -> str:
    return item.id if isinstance(item, Phrasing) else str(item["id"])


def _read(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None


def _phrasing(raw: Any, slot: str, index: int) -> Phrasing:
    if isinstance(raw, str):
        return Phrasing(f"{slot}-{index}", raw)
    value = raw.get("value", NO_VALUE)
    return Phrasing(str(raw.get("id") or f"{slot}-{index}"), str(raw["text"]), value, bool(raw.get("approx")),
                    dict(raw["when"]) if isinstance(raw.get("when"), dict) else None)


def _slot_items(slot: str, spec: Any) -> tuple[list[Phrasing], list[Phrasing]]:
    """(valid, invalid) phrasings of one slot, whatever of the accepted shapes it has."""
    valid_raw: list = []
    invalid_raw: list = []
    if isinstance(spec, dict):
        for key in _VALID_KEYS:
            valid_raw += list(spec.get(key) or [])
        invalid_raw += list(spec.get("invalid") or [])
    else:
        for item in spec or []:
            if isinstance(item, dict) and set(item) == {"invalid"}:
                invalid_raw += list(item["invalid"] or [])
            else:
                valid_raw.append(item)
    valid = [_phrasing(r, slot, i) for i, r in enumerate(valid_raw)]
    invalid = [_phrasing(r, f"{slot}-invalid", i) for i, r in enumerate(invalid_raw)]
    return valid, invalid


def load_bank(path: Path = BANK) -> Bank:
    """The whole bank (both halves); a missing file counts as empty."""
    personas = (_read(path / "personas.yml") or {}).get("personas") or []
    raw_phrasings = _read(path / "phrasings.yml") or {}
    raw_phrasings = raw_phrasings.get("slots", raw_phrasings)
    valid: dict[str, list[Phrasing]] = {}
    invalid: dict[str, list[Phrasing]] = {}
    extra_invalid = raw_phrasings.pop("invalid", None) if isinstance(raw_phrasings.get("invalid"), dict) else None
    for slot, spec in raw_phrasings.items():
        valid[slot], invalid[slot] = _slot_items(slot, spec)
    for slot, items in (extra_invalid or {}).items():
        invalid.setdefault(slot, []).extend(_phrasing(r, f"{slot}-invalid", i) for i, r in enumerate(items or []))
    openings = _read(path / "openings.yml") or {}
    openings = openings.get("openings", openings)
    side = _read(path / "side_questions.yml") or {}
    return Bank(
        personas=[dict(p) for p in personas],
        valid=valid,
        invalid=invalid,
        openings={flow: [dict(o) for o in items or []] for flow, items in openings.items()},
        side_questions=[dict(q) for q in side.get("side_questions") or side.get("questions") or []],
        corrections=[dict(c) for c in side.get("corrections") or []],
        cancels=[dict(c) for c in side.get("cancels") or []],
    )


def expand(text: str) -> str:
    """「<<LONG:600>>」 → a 600-character paste (a policy paragraph repeated), deterministic."""
    if not (text.startswith("<<LONG:") and text.endswith(">>")):
        return text
    size = int(text[len("<<LONG:"):-2])
    unit = ("社区社会组织是由社区居民发起成立，在城乡社区开展为民服务、公益慈善、邻里互助、文体娱乐和农村生产技术服务"
            "等活动的社会组织。我们团队成立已经好几年了，平时大家一起活动，也参加街道的比赛和演出。")
    return (unit * (size // len(unit) + 1))[:size]
