"""Fixtures of the answering tests (shared definitions in tests/fixtures.py)."""
import pytest

from answering.pipeline import Assistant
from tests.fixtures import entries, faq, heldout  # noqa: F401


@pytest.fixture(scope="session")
def assistant() -> Assistant:
    """The assistant as the settings open it (real model, index and compendium), for follow-up turns."""
    from config.settings import get_settings

    s = get_settings()
    return Assistant.open(s.index_dir, s.embedding_model, s.knowledge_dir, s.cache_dir)
