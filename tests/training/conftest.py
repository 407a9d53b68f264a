"""Fixtures of the training tests (shared definitions in tests/fixtures.py)."""
from tests.fixtures import clauses, docs, entries  # noqa: F401
