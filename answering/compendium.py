"""FAQ-first matching against the 百问百答 compendium.

Matching compares the user's question with every entry's question and paraphrases (e5 query prompt on
both sides, cosine) together with character-bigram overlap, and only answers when one entry clearly
wins: a miss simply falls back to clause retrieval, a wrong entry would put words in the documents' mouth.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from corpus.compendium import FaqEntry, faq_dir, load_entries, region_allows, wanted_regions
from corpus.text import CN_COUNT, DIGITS, char_bigrams, fold_width, squash
from retrieval.embed import DEFAULT_CACHE

# Matching thresholds (tuned on knowledge/faq/heldout.jsonl; see bench/faq_eval.py).
SEM_WEIGHT = 0.85
THRESHOLD = 0.85
MARGIN = 0.02
SUGGEST_MIN = 0.80  # a suggestion must be about the same thing, not merely the same corpus
STAFF_SOURCE = "staff"  # FaqEntry.source of entries staff wrote (or edited) in the console
# A question asking for a quantity ("多少学时") is not answered by an entry that states none.
_ASKS_QUANTITY = re.compile(r"多少|几[个次年天家项分名月号]|学时|金额|标准是")


@dataclass
class FaqAnswer:
    """A confident compendium match, returned to /api/ask (citations via ``render_citation``)."""

    id: str
    question: str
    answer: str
    clause_ids: list[str]
    score: float
    silent: bool
    vetted: bool = False  # staff wrote this entry for exactly such questions (see Faq.match)
    as_written: bool = False  # the question is one of the entry's own phrasings (a tapped 猜你想问)


def dice(a: set[str], b: set[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def _misses_quantity(question: str, entry: FaqEntry) -> bool:
    """True when the question asks "how much/many" and the (non-silent) entry states no figure."""
    if entry.silent or not _ASKS_QUANTITY.search(question):
        return False
    return not (DIGITS.search(entry.answer) or CN_COUNT.search(entry.answer))


def _cache_path(model_name: str, texts: list[str], cache_dir: Path | None) -> Path:
    digest = hashlib.sha256(json.dumps([model_name, texts], ensure_ascii=False).encode()).hexdigest()[:16]
    return Path(cache_dir or DEFAULT_CACHE) / "faq" / f"{digest}.npy"


def embed_texts(embedder, texts: list[str], cache_dir: Path | None = None) -> np.ndarray:  # noqa: ANN001
    """Query-prompt vectors for every phrasing, cached on disk by model + texts (startup stays fast)."""
    path = _cache_path(getattr(embedder, "name", type(embedder).__name__), texts, cache_dir)
    if path.exists():
        vecs = np.load(path)
        if vecs.shape[0] == len(texts):
            return vecs
    vecs = np.concatenate([embedder.encode_queries(texts[i:i + 32]) for i in range(0, len(texts), 32)])
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.npy")
    np.save(tmp, vecs)
    tmp.replace(path)
    return vecs


@dataclass
class Faq:
    """The compendium with its phrasing vectors; ``match`` is the FAQ-first step of /api/ask."""

    entries: list[FaqEntry]
    embedder: object
    vectors: np.ndarray
    owners: np.ndarray  # index into entries for each phrasing row
    grams: list[set[str]] = field(default_factory=list)

    @classmethod
    def load(cls, embedder, knowledge_dir: Path | None = None, cache_dir: Path | None = None) -> Faq:  # noqa: ANN001
        """Load the entries and embed their questions + paraphrases once."""
        entries = load_entries(knowledge_dir)
        texts, owners = [], []
        for i, entry in enumerate(entries):
            texts += entry.texts()
            owners += [i] * len(entry.texts())
        return cls(entries, embedder, embed_texts(embedder, texts, cache_dir), np.array(owners, dtype=np.int32),
                   [char_bigrams(t) for t in texts])

    @classmethod
    def if_present(cls, embedder, knowledge_dir: Path | None = None,  # noqa: ANN001
                   cache_dir: Path | None = None) -> Faq | None:
        """The matcher when the compendium exists (retrieval works without it)."""
        return cls.load(embedder, knowledge_dir, cache_dir) if faq_dir(knowledge_dir).exists() else None

    def replaced(self, entries: list[FaqEntry]) -> Faq:
        """The matcher over another list of entries (staff saved one): phrasings it already knows keep
        their vectors, only new ones are embedded, so a saved entry answers within a second."""
        rows = (text for entry in self.entries for text in entry.texts())  # rows are in entry order
        known = {}
        for text, vector in zip(rows, self.vectors):
            known.setdefault(text, vector)
        texts, owners = [], []
        for i, entry in enumerate(entries):
            texts += entry.texts()
            owners += [i] * len(entry.texts())
        new = list(dict.fromkeys(t for t in texts if t not in known))
        if new:
            known.update(zip(new, self.embedder.encode_queries(new)))
        vectors = np.stack([known[t] for t in texts]) if texts else self.vectors[:0]
        return Faq(list(entries), self.embedder, vectors, np.array(owners, dtype=np.int32),
                   [char_bigrams(t) for t in texts])

    def by_id(self, entry_id: str) -> FaqEntry | None:
        return next((e for e in self.entries if e.id == entry_id), None)

    def ranked(self, question: str) -> list[tuple[float, FaqEntry]]:
        """Every entry with its best phrasing score, best first (regions are applied by ``match``). The question
        is read width-folded, as the retriever reads it, so both share one query embedding (「１２２号」)."""
        question = fold_width(question)
        sem = self.vectors @ self.embedder.encode_queries([question])[0]
        qg = char_bigrams(question)
        best: dict[int, float] = {}
        for row, owner in enumerate(self.owners.tolist()):
            score = SEM_WEIGHT * float(sem[row]) + (1 - SEM_WEIGHT) * dice(qg, self.grams[row])
            if score > best.get(owner, -1.0):
                best[owner] = score
        return sorted(((s, self.entries[i]) for i, s in best.items()), key=lambda pair: -pair[0])

    def match(self, question: str, region: str | None = None,
              ranked: list[tuple[float, FaqEntry]] | None = None) -> FaqAnswer | None:
        """The entry that clearly answers ``question``, or None (then clause retrieval answers).

        ``ranked`` is ``self.ranked(question)`` when the caller has it already.
        """
        if not question or not question.strip():
            return None
        ranked = ranked if ranked is not None else self.ranked(question)
        if len(ranked) < 2:
            return None
        (score, entry), runner_up = ranked[0], ranked[1][0]
        asked = squash(question)
        written = next(((s, e) for s, e in ranked[:5] if asked in {squash(t) for t in e.texts()}), None)
        if written:  # one of an entry's own phrasings, as a tapped 猜你想问 sends it: that entry, whatever is near
            (score, entry) = written
        # The best entry overall must suit the region: if a 北京 question is closest to a 温州-only
        # entry, the compendium has no 北京 answer, and the next 北京 entry would be a wrong one.
        if not region_allows(entry.regions, wanted_regions(question, region)):
            return None
        if not written and (score < THRESHOLD or score - runner_up < MARGIN or _misses_quantity(question, entry)):
            return None
        return FaqAnswer(entry.id, entry.question, entry.answer, list(entry.clause_ids), round(score, 4),
                         entry.silent, entry.source == STAFF_SOURCE, bool(written))


def suggestions(ranked: list[tuple[float, FaqEntry]], question: str, region: str | None,
                exclude: str | None = None, k: int = 3) -> list[str]:
    """猜你想问: up to k compendium questions close to this one, for its region, other than its own answer —
    and none whose entry says the documents are silent (「服务中心的地址和电话」 would only be refused)."""
    wanted = wanted_regions(question, region)
    asked = char_bigrams(question)
    out = []
    for score, entry in ranked:
        if score < SUGGEST_MIN or len(out) == k:
            break
        if entry.id != exclude and not entry.silent and region_allows(entry.regions, wanted) and dice(asked, char_bigrams(entry.question)) < 0.8:
            out.append(entry.question)
    return out

