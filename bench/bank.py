"""The labelled question bank (bench/questions/bank/) and its fixed train / dev / sealed split.

Answerable questions are split by clause group (a clause's top two path levels), so no clause is
tuned on in train and then measured in dev or sealed; unanswerable questions and follow-ups by
their id. The split is a hash, fixed forever: adding questions never moves old ones across parts.
Train fits models, dev chooses thresholds, and only the gate (`make eval`) reads the sealed part.
"""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

BANK = Path(__file__).resolve().parent / "questions" / "bank"
PARTS = ("train", "dev", "sealed")


def part_of(key: str) -> str:
    """train 60 % / dev 20 % / sealed 20 %, by a stable hash of the key."""
    bucket = int(hashlib.sha1(key.encode("utf-8")).hexdigest(), 16) % 10
    return "train" if bucket < 6 else "dev" if bucket < 8 else "sealed"


def batch_of(row_id: str) -> str:
    """The batch a row was written in: its id's number (q17-, un17-, fu17- → "17"); the first rows the team
    wrote (sh-, wb-, un-, fu-) are batch "0". Each batch came from one sitting, often in several phrasings of
    one question, so a model's features must not let a question lean on its batch-mates."""
    numbered = re.match(r"[a-z]+(\d+)-", row_id)
    return numbered.group(1) if numbered else "0"


def document_of_seed() -> dict[str, str]:
    """The anchored sets' "doc" field (the seed file's number, "000") → the document's id (knowledge/documents.yml)."""
    import yaml

    from corpus.documents import DEFAULT_KNOWLEDGE_DIR

    meta = yaml.safe_load((DEFAULT_KNOWLEDGE_DIR / "documents.yml").read_text(encoding="utf-8"))
    return {d["seed"][:3]: d["id"] for d in meta["documents"]}


def _read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def answerable(part: str, bank: Path = BANK) -> list[dict]:
    """Answerable questions of one part: {id, q, clause_ids, register, group}."""
    rows = [r for path in sorted(bank.glob("answerable_*.jsonl")) for r in _read(path)]
    return [r for r in rows if part_of(r["group"]) == part]


def unanswerable(part: str, bank: Path = BANK) -> list[dict]:
    """Questions the corpus does not answer: {id, q, kind, register, why}."""
    return [r for r in _read(bank / "unanswerable.jsonl") if part_of(r["id"]) == part]


def followups(part: str, bank: Path = BANK) -> list[dict]:
    """Two-turn conversations: {id, turns: [q1, q2], expect: {...}}."""
    return [r for r in _read(bank / "followups.jsonl") if part_of(r["id"]) == part]
