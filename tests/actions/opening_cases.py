"""The opening paraphrases (tests/actions/opening_paraphrases.yml) and held-out batches of openings as cases, with the
file's split rule: pure (no Rasa), so tools/train_opening_flows.py trains on exactly the tuning half the routing tests
leave out of their held-out figures."""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import NamedTuple

import yaml

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "actions" / "opening_paraphrases.yml"


class Case(NamedTuple):
    text: str
    flow: str  # filing / deregistration / eligibility, or none (no form may start)
    kind: str  # start / ask / policy
    half: str  # tune / heldout


def half(text: str) -> str:
    """The split rule of the file's header: odd first hex digit of sha1 → held-out."""
    return "heldout" if int(hashlib.sha1(text.encode("utf-8")).hexdigest()[0], 16) % 2 else "tune"


def load_cases() -> list[Case]:
    data = yaml.safe_load(CASES.read_text(encoding="utf-8"))
    return [Case(text, flow, kind, half(text)) for flow, kinds in data.items() for kind, texts in kinds.items()
            for text in texts]


def load_heldout(directory: Path) -> list[Case]:
    """A held-out batch's openings (literal texts) and its messages that must start no flow, all in the held-out half."""
    openings = yaml.safe_load((directory / "openings.yml").read_text(encoding="utf-8"))
    cases = [Case(str(o["text"]), flow, "ask" if o.get("asks_question") else "start", "heldout")
             for flow, items in openings.items() for o in items]
    none = directory / "none.yml"
    texts = yaml.safe_load(none.read_text(encoding="utf-8")) if none.exists() else []
    return cases + [Case(text, "none", "policy", "heldout") for text in texts]
