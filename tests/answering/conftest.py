"""Fixtures of the answering tests (shared definitions in tests/fixtures.py)."""
from tests.fixtures import entries, faq, heldout  # noqa: F401
