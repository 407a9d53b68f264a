"""Fixtures of the gateway tests beyond the shared ones in tests/conftest.py."""
from tests.fixtures import entries  # noqa: F401  (test_faq_api.py renders the booklet from the compendium)
