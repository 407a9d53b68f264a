"""Shared fixtures of the knowledge-based tests: compendium entries, clauses, documents, held-out
phrasings and (once per process) the FAQ matcher with the real model.

Not a conftest: each test package's conftest imports the fixtures it uses
(``from tests.fixtures import entries, docs  # noqa: F401``), so tests/training, tests/answering
and tests/api share one definition without sharing a directory.
"""
from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from answering.compendium import Faq


@pytest.fixture(scope="session")
def entries():
    from corpus.compendium import load_entries

    return load_entries()


@pytest.fixture(scope="session")
def clauses():
    from corpus.clauses import load_clauses

    return load_clauses()


@pytest.fixture(scope="session")
def docs():
    from corpus.documents import load_documents

    return load_documents()


@pytest.fixture(scope="session")
def heldout() -> list[dict]:
    from corpus.compendium import faq_dir

    lines = (faq_dir() / "heldout.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="session")
def faq() -> Faq:
    """The real matcher: e5 vectors of every phrasing (cached under $BAIWEN_CACHE/faq)."""
    from answering.compendium import Faq
    from config.settings import Settings
    from retrieval.embed import get_embedder

    s = Settings()
    return Faq.load(get_embedder(s.embedding_model, s.cache_dir), cache_dir=s.cache_dir)
