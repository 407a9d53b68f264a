"""Fixtures of the 百问百答 tests: the compendium, corpus, and (once per run) the matcher with the real model."""
from __future__ import annotations

import json

import pytest

from corpus.clauses import load_clauses
from corpus.documents import load_documents
from answering.compendium import Faq
from config.settings import Settings
from corpus.compendium import faq_dir, load_entries


@pytest.fixture(scope="session")
def entries():
    return load_entries()


@pytest.fixture(scope="session")
def clauses():
    return load_clauses()


@pytest.fixture(scope="session")
def docs():
    return load_documents()


@pytest.fixture(scope="session")
def heldout() -> list[dict]:
    lines = (faq_dir() / "heldout.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="session")
def faq() -> Faq:
    """The real matcher: e5 vectors of every phrasing (cached under $BAIWEN_CACHE/faq)."""
    from retrieval.embed import get_embedder

    s = Settings()
    return Faq.load(get_embedder(s.embedding_model, s.cache_dir), cache_dir=s.cache_dir)
