"""The 百问百答 compendium: loading, validation helpers and FAQ-first matching.

Entries live in ``knowledge/faq/*.yml`` (one file per topic: ``topic`` + ``entries``). Matching compares
the user's question with every entry's question and paraphrases (e5 query prompt on both sides, cosine)
together with character-bigram overlap, and only answers when one entry clearly wins: a miss simply
falls back to clause retrieval, a wrong entry would put words in the documents' mouth.
"""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import yaml

from retrieval.clauses import Clause
from retrieval.documents import KNOWLEDGE_DIR, Document, detect_regions, load_documents

FAQ_SUBDIR = "faq"
AUDIENCES = ("居民", "组织负责人", "工作人员")
REGIONS = ("上海", "长宁", "北京", "温州")
# Offices the documents themselves name; a "silent" entry must send people to one of them.
OFFICES = ("街道（镇）", "街（镇）", "街镇社会组织服务中心", "社会组织服务中心", "区民政局",
           "县（市、区）民政部门", "乡镇（街道）", "区委社会工委区民政局")
# Matching thresholds (tuned on knowledge/faq/heldout.jsonl; see bench/faq_eval.py).
SEM_WEIGHT = 0.85
THRESHOLD = 0.85
MARGIN = 0.02
_PUNCT_RE = re.compile(r"[\s\W_]+", re.UNICODE)
# A question asking for a quantity ("多少学时") is not answered by an entry that states none.
_ASKS_QUANTITY = re.compile(r"多少|几[个次年天家项分名月号]|学时|金额|标准是")


@dataclass(frozen=True)
class FaqEntry:
    """One question–answer pair of the compendium, grounded in ``clause_ids``."""

    id: str
    topic: str
    audience: tuple[str, ...]
    regions: tuple[str, ...]
    question: str
    paraphrases: tuple[str, ...]
    answer: str
    clause_ids: tuple[str, ...]
    silent: bool = False
    source: str = ""

    def texts(self) -> list[str]:
        """Every phrasing the matcher compares against."""
        return [self.question, *self.paraphrases]


@dataclass
class FaqAnswer:
    """A confident compendium match, returned to /api/ask (citations via ``render_citation``)."""

    id: str
    question: str
    answer: str
    clause_ids: list[str]
    score: float
    silent: bool


def faq_dir(knowledge_dir: Path | None = None) -> Path:
    return Path(knowledge_dir or KNOWLEDGE_DIR) / FAQ_SUBDIR


def _entry(raw: dict, topic: str, source: str) -> FaqEntry:
    """One YAML mapping → FaqEntry; list fields become tuples so entries are hashable."""
    return FaqEntry(
        id=str(raw["id"]), topic=str(raw.get("topic") or topic), audience=tuple(raw.get("audience") or ()),
        regions=tuple(raw.get("regions") or ()), question=str(raw["question"]).strip(),
        paraphrases=tuple(str(p).strip() for p in raw.get("paraphrases") or ()),
        answer=str(raw["answer"]).strip(), clause_ids=tuple(raw.get("clause_ids") or ()),
        silent=bool(raw.get("silent", False)), source=source)


def load_entries(knowledge_dir: Path | None = None) -> list[FaqEntry]:
    """All entries in file order (files sorted by name, so the booklet's topic order is stable)."""
    entries: list[FaqEntry] = []
    for path in sorted(faq_dir(knowledge_dir).glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for raw in data.get("entries") or []:
            entries.append(_entry(raw, str(data.get("topic", "")), path.name))
    return entries


# -- grounding checks (used by tests/faq/test_compendium.py) -----------------------------------------

def normalize(text: str) -> str:
    """NFKC, no whitespace: cleaned texts keep stray spaces (`不少于 12 个`) and mix （ and (."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def doc_region(doc: Document) -> str:
    """The region tag an entry uses for a document: its district (长宁) if any, else its city."""
    return doc.district.removesuffix("区") if doc.district else doc.region_key


def expiry_note(doc: Document) -> str:
    """The sentence an answer resting on an expired (or expiring) document must carry."""
    until = doc.valid_until
    return f"（{doc.short_title}有效期至{until.year}年{until.month}月{until.day}日，已失效，仅供参考）"


_QUOTED = re.compile(r"“([^”]+)”|《([^》]+)》")
_DIGITS = re.compile(r"\d+(?:\.\d+)?%?")
_CN_COUNT = re.compile(r"[一二三四五六七八九十两百千]+(?:个|项|级|类|年|条|名|家|次|分|层|种|季度|批|型|阶段|月|日)")


def answer_facts(answer: str) -> list[str]:
    """Named programmes, numbers and counted quantities an answer asserts (each must be in a clause)."""
    text = unicodedata.normalize("NFKC", answer)
    quoted = [a or b for a, b in _QUOTED.findall(answer)]
    return [q for q in quoted] + _DIGITS.findall(text) + _CN_COUNT.findall(text)


def check_entry(entry: FaqEntry, clauses: dict[str, Clause], docs: dict[str, Document]) -> list[str]:
    """Problems with one entry (empty list: grounded). Chinese-free messages: they are for developers."""
    missing = [c for c in entry.clause_ids if c not in clauses]
    if missing or not entry.clause_ids:
        return [f"{entry.id}: unknown or no clause ids {missing}"]
    cited_docs = {clauses[c].doc_id: docs[clauses[c].doc_id] for c in entry.clause_ids}
    problems: list[str] = []
    expected_regions = {doc_region(d) for d in cited_docs.values()}
    if set(entry.regions) != expected_regions:
        problems.append(f"{entry.id}: regions {sorted(entry.regions)} != documents' {sorted(expected_regions)}")
    answer = entry.answer
    for doc in cited_docs.values():
        if doc.valid_until:
            note = expiry_note(doc)
            if note not in answer:
                problems.append(f"{entry.id}: cites {doc.id} (valid until {doc.valid_until}) without {note}")
            answer = answer.replace(note, "")
    corpus = normalize("".join(clauses[c].text for c in entry.clause_ids))
    problems += [f"{entry.id}: {fact!r} not in its cited clauses"
                 for fact in answer_facts(answer) if normalize(fact) not in corpus]
    if entry.silent and not any(office in entry.answer for office in OFFICES):
        problems.append(f"{entry.id}: silent entry names no office to ask")
    return problems


def strip_notes(answer: str, docs: dict[str, Document]) -> str:
    """The answer without expiry notes (quiz options: the note would give the answer away)."""
    for doc in docs.values():
        if doc.valid_until:
            answer = answer.replace(expiry_note(doc), "")
    return answer.strip()


# -- matching -----------------------------------------------------------------------------------------

def _clean(text: str) -> str:
    return _PUNCT_RE.sub("", unicodedata.normalize("NFKC", text).lower())


def bigrams(text: str) -> set[str]:
    """Character bigrams of the text without punctuation (Chinese has no spaces to split words on)."""
    t = _clean(text)
    return {t[i:i + 2] for i in range(len(t) - 1)} or ({t} if t else set())


def dice(a: set[str], b: set[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def region_allows(entry_regions: tuple[str, ...], wanted: list[tuple[str, str | None]]) -> bool:
    """Whether an entry may answer a question about ``wanted`` regions (empty: any region).

    上海 and 长宁 answer each other (长宁 is in 上海; the city's measures apply there); 北京 and 温州 stand alone.
    """
    if not wanted:
        return True
    allowed = set()
    for city, district in wanted:
        allowed |= {city, "长宁"} if city == "上海" else {city}
        if district:
            allowed.add(district)
    return bool(allowed & set(entry_regions))


def wanted_regions(question: str, region: str | None) -> list[tuple[str, str | None]]:
    """Regions from the explicit parameter, else those the question names."""
    return detect_regions(region) if region and region.strip() else detect_regions(question)


def _misses_quantity(question: str, entry: FaqEntry) -> bool:
    """True when the question asks "how much/many" and the (non-silent) entry states no figure."""
    if entry.silent or not _ASKS_QUANTITY.search(question):
        return False
    return not (_DIGITS.search(entry.answer) or _CN_COUNT.search(entry.answer))


def _cache_path(model_name: str, texts: list[str]) -> Path:
    from retrieval.embed import cache_root

    digest = hashlib.sha256(json.dumps([model_name, texts], ensure_ascii=False).encode()).hexdigest()[:16]
    return cache_root() / "faq" / f"{digest}.npy"


def embed_texts(embedder, texts: list[str]) -> np.ndarray:  # noqa: ANN001
    """Query-prompt vectors for every phrasing, cached on disk by model + texts (startup stays fast)."""
    path = _cache_path(getattr(embedder, "name", type(embedder).__name__), texts)
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
    def load(cls, embedder, knowledge_dir: Path | None = None) -> Faq:  # noqa: ANN001
        """Load the entries and embed their questions + paraphrases once."""
        entries = load_entries(knowledge_dir)
        texts, owners = [], []
        for i, entry in enumerate(entries):
            texts += entry.texts()
            owners += [i] * len(entry.texts())
        return cls(entries, embedder, embed_texts(embedder, texts), np.array(owners, dtype=np.int32),
                   [bigrams(t) for t in texts])

    def by_id(self, entry_id: str) -> FaqEntry | None:
        return next((e for e in self.entries if e.id == entry_id), None)

    def ranked(self, question: str) -> list[tuple[float, FaqEntry]]:
        """Every entry with its best phrasing score, best first (regions are applied by ``match``)."""
        sem = self.vectors @ self.embedder.encode_queries([question])[0]
        qg = bigrams(question)
        best: dict[int, float] = {}
        for row, owner in enumerate(self.owners.tolist()):
            score = SEM_WEIGHT * float(sem[row]) + (1 - SEM_WEIGHT) * dice(qg, self.grams[row])
            if score > best.get(owner, -1.0):
                best[owner] = score
        return sorted(((s, self.entries[i]) for i, s in best.items()), key=lambda pair: -pair[0])

    def match(self, question: str, region: str | None = None) -> FaqAnswer | None:
        """The entry that clearly answers ``question``, or None (then clause retrieval answers)."""
        if not question or not question.strip():
            return None
        ranked = self.ranked(question)
        if len(ranked) < 2:
            return None
        (score, entry), runner_up = ranked[0], ranked[1][0]
        # The best entry overall must suit the region: if a 北京 question is closest to a 温州-only
        # entry, the compendium has no 北京 answer, and the next 北京 entry would be a wrong one.
        if not region_allows(entry.regions, wanted_regions(question, region)):
            return None
        if score < THRESHOLD or score - runner_up < MARGIN or _misses_quantity(question, entry):
            return None
        return FaqAnswer(entry.id, entry.question, entry.answer, list(entry.clause_ids), round(score, 4),
                         entry.silent)
