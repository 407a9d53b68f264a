"""Query expansion: everyday words → the documents' policy terms (knowledge/colloquial.yml).

「我们小区跳广场舞的阿姨要去街道办个啥手续」 shares few words with 「群众活动团队备案」; the table adds
the policy terms to what the sparse index and the coverage check look for. Only ever added, never
substituted, so a question in policy words ranks as before.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from corpus.documents import DEFAULT_KNOWLEDGE_DIR

TABLE = "colloquial.yml"


@lru_cache(maxsize=4)
def table(knowledge_dir: Path | None = None) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(everyday word, policy terms), longest word first so 广场舞 wins over 舞."""
    path = Path(knowledge_dir or DEFAULT_KNOWLEDGE_DIR) / TABLE
    if not path.exists():
        return ()
    raw = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("terms") or {}
    return tuple(sorted(((str(k), tuple(map(str, v))) for k, v in raw.items()), key=lambda kv: -len(kv[0])))


def expansions(question: str, knowledge_dir: Path | None = None) -> list[str]:
    """Policy terms for the everyday words in the question that it does not already contain."""
    out: list[str] = []
    for word, terms in table(knowledge_dir):
        if word in question:
            out += [t for t in terms if t not in question and t not in out]
    return out


def expand(question: str, knowledge_dir: Path | None = None) -> str:
    """The question with its added policy terms appended (what BM25 and the coverage check read)."""
    extra = expansions(question, knowledge_dir)
    return f"{question} {' '.join(extra)}" if extra else question
