"""Which slot a bot prompt asks for.

The simulated user trusts the form's requested slot (read from the stack's tracker store, tracker.py):
it does not depend on wording. The text is the fallback and the cross-check: every utter_ask_<slot>
text of bot/domain.yml and every re-ask message of the validators (the RULES tables in actions/*.py, read
with `ast`, nothing imported) is a known prompt of its slot, and a bot message is matched to the known
prompt it shares the most character bigrams with.
"""
from __future__ import annotations

import ast
from functools import lru_cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
MIN_SCORE = 0.45
CONFIRM_MARKERS = ("对吗", "是吗", "对不对", "是不是", "没错吧", "确认一下", "请确认", "对么")


def _bigrams(text: str) -> set[str]:
    text = "".join(ch for ch in text if ch.isalnum())
    return {text[i:i + 2] for i in range(len(text) - 1)}


@lru_cache(maxsize=1)
def known_prompts(root: Path = ROOT) -> tuple[tuple[str, str], ...]:
    """(slot, prompt text) for every ask and re-ask text the bot has."""
    domain = yaml.safe_load((root / "bot" / "domain.yml").read_text(encoding="utf-8"))
    out: list[tuple[str, str]] = []
    for name, variants in (domain.get("responses") or {}).items():
        if name.startswith("utter_ask_"):
            out += [(name.removeprefix("utter_ask_"), v.get("text") or "") for v in variants or []]
    for path in sorted((root / "actions").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "RULES" for t in node.targets) \
                    and isinstance(node.value, ast.Dict):
                for key, value in zip(node.value.keys, node.value.values):
                    if isinstance(key, ast.Constant) and isinstance(value, ast.Tuple) and len(value.elts) > 1 \
                            and isinstance(value.elts[1], ast.Constant):
                        out.append((str(key.value), str(value.elts[1].value)))
    return tuple((slot, text) for slot, text in out if text)


def slot_from_text(text: str, slots: tuple[str, ...] | None = None) -> str | None:
    """The slot whose known prompt the text resembles most (bigram overlap of the known prompt), or None."""
    grams = _bigrams(text)
    if not grams:
        return None
    best, best_score = None, 0.0
    for slot, prompt in known_prompts():
        if slots is not None and slot not in slots:
            continue
        known = _bigrams(prompt)
        score = len(grams & known) / max(1, len(known))
        if score > best_score:
            best, best_score = slot, score
    return best if best_score >= MIN_SCORE else None


def last_prompt_slot(texts: list[str], slots: tuple[str, ...] | None = None) -> str | None:
    """The slot the last recognisable message of a bot turn asks for."""
    for text in reversed(texts):
        slot = slot_from_text(text, slots)
        if slot:
            return slot
    return None


def asks_to_confirm(text: str) -> bool:
    """A yes/no check of a value the bot understood («大约 30 人，对吗？»)."""
    return any(marker in text for marker in CONFIRM_MARKERS)
