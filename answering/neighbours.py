"""How close a question is to questions already known to be answerable, or not, by the corpus.

Questions the documents do not answer come in kinds (a subsidy's amount, an office's phone number, tax,
another city's rules, 变更登记); a new one is usually near one of them in meaning even when its words are
not. The cosine of a question to its nearest labelled question of each kind is one pair of answerability
features. An answerable reference counts only for a question about its own documents' cities: 「北京呢」 read
as 「北京…能一次采购三年吗」 is not made answerable by 长宁's question of the same words. An unanswerable one
counts only for a question asking every detail it asks (answering.refusal.asked_details): the embedding reads
「群众活动团队要几个人以上才能备案」 as 「群众活动团队怎么备案」 (cosine 0.98), but only the first asks a number.

The reference questions are the question bank's train split, the team's own set and the compendium's phrasings
(silent entries as unanswerable), stored in the answerability model's file by the trainer, so dev and sealed
questions are never their own neighbours.
Reference vectors are cached on disk like the compendium's (answering.compendium.embed_texts); a question's
own vector is the one retrieval already computed.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from answering.compendium import embed_texts
from answering.refusal import asked_details
from corpus.text import fold_width
from corpus.vocabulary import detect_regions


def unit(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to length 1, so a dot product is a cosine."""
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)


def nearest(similarities: np.ndarray) -> float:
    """The best cosine, 0 with no references (a model fitted without them)."""
    return float(similarities.max()) if similarities.size else 0.0


def asked_cities(question: str, region: str | None = None) -> frozenset[str]:
    """The cities (上海 / 北京 / 温州) a question is about, by its words or the region it is asked for."""
    return frozenset(city for city, _ in detect_regions(f"{region or ''} {question}"))


def in_cities(cities: Sequence[frozenset[str]], asked: frozenset[str]) -> np.ndarray:
    """Which answerable references are about a city the question asks about (all, when it names none)."""
    return np.array([not asked or bool(own & asked) for own in cities], dtype=bool)


def details(question: str) -> frozenset[str]:
    """The kinds of detail a question asks for."""
    return frozenset(asked_details(question))


def within(kinds: Sequence[frozenset[str]], asked: frozenset[str]) -> np.ndarray:
    """Which unanswerable references ask no detail kind the question does not ask too."""
    return np.array([own <= asked for own in kinds], dtype=bool)


@dataclass(frozen=True)
class Neighbours:
    """Unit vectors of the reference questions, the cities of each answerable one's documents and the detail
    kinds each unanswerable one asks."""

    answerable: np.ndarray
    unanswerable: np.ndarray
    cities: tuple[frozenset[str], ...]
    kinds: tuple[frozenset[str], ...]

    @classmethod
    def of(cls, embedder, references: dict[str, list[dict]], cache_dir: Path | None = None) -> Neighbours:  # noqa: ANN001
        """Embed (or read from the cache) the reference questions, written as queries are; ``references`` is
        {"answerable": [{"q", "cities"}], "unanswerable": [{"q"}]} as the model file stores it."""
        def vectors(rows: list[dict]) -> np.ndarray:
            texts = [fold_width(r["q"]) for r in rows]
            return unit(embed_texts(embedder, texts, cache_dir)) if texts else np.zeros((0, 1), np.float32)

        answerable, unanswerable = references.get("answerable", []), references.get("unanswerable", [])
        return cls(vectors(answerable), vectors(unanswerable),
                   tuple(frozenset(r.get("cities", ())) for r in answerable), tuple(details(r["q"]) for r in unanswerable))

    def closeness(self, query: np.ndarray, cities: frozenset[str] = frozenset(),
                  kinds: frozenset[str] = frozenset()) -> tuple[float, float]:
        """(nearest answerable, nearest unanswerable) cosine to one query vector, for a question about ``cities``
        asking ``kinds`` of detail."""
        if not len(self.cities) or not len(self.kinds):
            return 0.0, 0.0
        q = unit(query[None, :])[0]
        return (nearest((self.answerable @ q)[in_cities(self.cities, cities)]),
                nearest((self.unanswerable @ q)[within(self.kinds, kinds)]))
