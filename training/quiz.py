"""Training quiz drawn from the compendium: multiple choice (4 options) or true/false.

Options are the key phrase of each entry's answer (a player compares them at a glance; the whole
answer and its clause come with the explanation). Distractors are other entries' key phrases, same
topic first, never from an entry that shares a clause with the correct one (it might be right too), so
exactly one option is correct. A quiz asks about one region (drawn at random when none is chosen)
unless staff pick 全部: mixing 北京 and 温州 rules in one quiz teaches neither. Pure functions: the
gateway stores the generated questions and checks answers against them.
"""
from __future__ import annotations

import random
import re
from dataclasses import asdict, dataclass

from corpus.compendium import REGIONS, FaqEntry, region_allows
from corpus.documents import Document
from corpus.vocabulary import detect_regions
from training.grounding import strip_notes

TRUE_FALSE = ("正确", "错误")
OPTION_COUNT = 4
ALL_REGIONS = "全部"
MAX_OPTION = 40  # characters: an option is read at a glance, the explanation holds the rest
_SENTENCE = re.compile(r"[^。；！？]+")
_LEAD_IN = re.compile(r"^(文件|方案|意见|举措|通知)(只)?(要求|规定|提出|明确|写明|指出)?[：，]?")
_SILENT = re.compile(r"没有|未|不在")


def _shorten(text: str) -> str:
    return text if len(text) <= MAX_OPTION else text[:MAX_OPTION - 1] + "…"


def key_phrase(answer: str) -> str:
    """The part of an answer that carries its point, at most MAX_OPTION characters: the longest comma
    part of its first sentence that fits (lead-ins like 文件要求 dropped); for an answer about what the
    documents leave out, that part and whom to ask."""
    sentences = [s.strip() for s in _SENTENCE.findall(answer) if s.strip()]
    if not sentences:
        return _shorten(answer)
    silent = next((p for s in sentences for p in s.split("，") if _SILENT.search(p)), None)
    ask = next((s for s in sentences if "咨询" in s), None)
    if silent and ask and len(silent) + len(ask) < MAX_OPTION:
        return f"{_LEAD_IN.sub('', silent)}，{ask}"
    lead = sentences.pop(0) if len(sentences[0]) < 6 and len(sentences) > 1 else ""  # 「可以。」「不是。」
    parts = [_LEAD_IN.sub("", p).strip() for p in sentences[0].split("，")]
    fitting = [p for p in parts if 4 <= len(p) <= MAX_OPTION - len(lead) - 1]
    phrase = max(fitting, key=len) if fitting else _shorten(sentences[0])
    return f"{lead}，{phrase}" if lead and len(lead) + len(phrase) < MAX_OPTION else phrase


def option_text(entry: FaqEntry, docs: dict[str, Document]) -> str:
    """What a choice option shows of an entry (expiry notes stripped: they would give the answer away)."""
    return key_phrase(strip_notes(entry.answer, docs))


def quiz_region(entries: list[FaqEntry], topic: str | None, region: str | None, rng: random.Random) -> str:
    """The region a quiz asks about: the chosen one, 全部 when staff chose all, else one drawn from the
    regions that have questions on the topic."""
    if region:
        return region
    return rng.choice([r for r in REGIONS if eligible(entries, topic, r)] or [ALL_REGIONS])


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
    wanted = detect_regions(region) if region and region != ALL_REGIONS else []
    return [e for e in entries if (not topic or e.topic == topic) and region_allows(e.regions, wanted)]


def _distractors(entry: FaqEntry, pool: list[FaqEntry], docs: dict[str, Document], k: int,
                 rng: random.Random) -> list[str]:
    """k distinct wrong options: same topic first, then any; none sharing a clause with the entry."""
    correct = option_text(entry, docs)
    same, other = [], []
    for cand in pool:
        if cand.id == entry.id or set(cand.clause_ids) & set(entry.clause_ids):
            continue
        (same if cand.topic == entry.topic else other).append(cand)
    rng.shuffle(same)
    rng.shuffle(other)
    picked: list[str] = []
    for cand in same + other:
        text = option_text(cand, docs)
        if text != correct and text not in picked:
            picked.append(text)
        if len(picked) == k:
            break
    return picked


def make_question(entry: FaqEntry, pool: list[FaqEntry], docs: dict[str, Document], rng: random.Random,
                  qid: str) -> QuizQuestion:
    """A multiple-choice question, or a true/false one (about a third of the time)."""
    explanation = entry.answer
    if rng.random() < 1 / 3:
        truth = rng.random() < 0.5
        shown = strip_notes(entry.answer, docs) if truth else _false_statement(entry, pool, docs, rng)
        prompt = f"判断：关于「{entry.question}」，以下说法是否正确？\n{shown}"
        return QuizQuestion(qid, entry.id, "truefalse", prompt, list(TRUE_FALSE), 0 if truth else 1,
                            explanation, list(entry.clause_ids))
    correct = option_text(entry, docs)
    options = [correct, *_distractors(entry, pool, docs, OPTION_COUNT - 1, rng)]
    rng.shuffle(options)
    return QuizQuestion(qid, entry.id, "choice", entry.question, options, options.index(correct), explanation,
                        list(entry.clause_ids))


def _false_statement(entry: FaqEntry, pool: list[FaqEntry], docs: dict[str, Document], rng: random.Random) -> str:
    """A true/false question's false statement: the whole answer of an entry that shares no clause."""
    phrase = _distractors(entry, pool, docs, 1, rng)[0]
    other = next(c for c in pool if c.id != entry.id and option_text(c, docs) == phrase)
    return strip_notes(other.answer, docs)


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
