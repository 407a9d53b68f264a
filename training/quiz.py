"""Training quiz drawn from the compendium: multiple choice (4 options) or true/false.

Distractors are other entries' answers, same topic first, never from an entry that shares a clause with
the correct one (it might be right too), so exactly one option is correct. Pure functions: the gateway
stores the generated questions and checks answers against them.
"""
from __future__ import annotations

import random
from dataclasses import asdict, dataclass

from corpus.compendium import FaqEntry, region_allows
from corpus.documents import Document
from corpus.vocabulary import detect_regions
from training.grounding import strip_notes

TRUE_FALSE = ("正确", "错误")
OPTION_COUNT = 4


@dataclass(frozen=True)
class QuizQuestion:
    """One question; ``answer`` is the index of the correct option (hidden from the player)."""

    id: str
    entry_id: str
    kind: str  # "choice" | "truefalse"
    prompt: str
    options: list[str]
    answer: int
    explanation: str
    clause_ids: list[str]

    def public(self) -> dict:
        """What a player sees before answering."""
        return {"id": self.id, "kind": self.kind, "prompt": self.prompt, "options": self.options}

    def to_dict(self) -> dict:
        return asdict(self)


def eligible(entries: list[FaqEntry], topic: str | None = None, region: str | None = None) -> list[FaqEntry]:
    """Entries matching the staff's topic / region filter."""
    wanted = detect_regions(region) if region else []
    return [e for e in entries if (not topic or e.topic == topic) and region_allows(e.regions, wanted)]


def _distractors(entry: FaqEntry, pool: list[FaqEntry], docs: dict[str, Document], k: int,
                 rng: random.Random) -> list[str]:
    """k distinct wrong answers: same topic first, then any; none sharing a clause with the entry."""
    correct = strip_notes(entry.answer, docs)
    same, other = [], []
    for cand in pool:
        if cand.id == entry.id or set(cand.clause_ids) & set(entry.clause_ids):
            continue
        (same if cand.topic == entry.topic else other).append(cand)
    rng.shuffle(same)
    rng.shuffle(other)
    picked: list[str] = []
    for cand in same + other:
        text = strip_notes(cand.answer, docs)
        if text != correct and text not in picked:
            picked.append(text)
        if len(picked) == k:
            break
    return picked


def make_question(entry: FaqEntry, pool: list[FaqEntry], docs: dict[str, Document], rng: random.Random,
                  qid: str) -> QuizQuestion:
    """A multiple-choice question, or a true/false one (about a third of the time)."""
    correct = strip_notes(entry.answer, docs)
    explanation = entry.answer
    if rng.random() < 1 / 3:
        truth = rng.random() < 0.5
        shown = correct if truth else _distractors(entry, pool, docs, 1, rng)[0]
        prompt = f"判断：关于「{entry.question}」，以下说法是否正确？\n{shown}"
        return QuizQuestion(qid, entry.id, "truefalse", prompt, list(TRUE_FALSE), 0 if truth else 1,
                            explanation, list(entry.clause_ids))
    options = [correct, *_distractors(entry, pool, docs, OPTION_COUNT - 1, rng)]
    rng.shuffle(options)
    return QuizQuestion(qid, entry.id, "choice", entry.question, options, options.index(correct), explanation,
                        list(entry.clause_ids))


def build_quiz(entries: list[FaqEntry], docs: dict[str, Document], n: int = 5, topic: str | None = None,
               region: str | None = None, seed: int | None = None,
               only_ids: list[str] | None = None) -> list[QuizQuestion]:
    """n questions from the filtered entries (or from ``only_ids``: a retry of past mistakes)."""
    rng = random.Random(seed)
    chosen = [e for e in entries if e.id in set(only_ids)] if only_ids else eligible(entries, topic, region)
    rng.shuffle(chosen)
    return [make_question(e, entries, docs, rng, f"q{i + 1}") for i, e in enumerate(chosen[:n])]


def well_formed(q: QuizQuestion) -> bool:
    """Exactly one correct option, all options distinct, the right number of them."""
    expected = 2 if q.kind == "truefalse" else OPTION_COUNT
    return len(q.options) == expected == len(set(q.options)) and 0 <= q.answer < expected
