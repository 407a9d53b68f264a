"""How the benchmarks ask /api/ask without filling the residents' question log: as a staff hit test.

The gateway honours ``X-Staff-Hit-Test: 1`` only with valid staff credentials, so the benchmarks send
the staff token of the same settings the gateway reads (STAFF_TOKEN, .env, or the development default).
"""
from __future__ import annotations

from config.settings import get_settings


def hit_test_headers() -> dict[str, str]:
    """Headers that keep a benchmark's questions out of the log (and nobody else's)."""
    return {"X-Staff-Hit-Test": "1", "Authorization": f"Bearer {get_settings().staff_token}"}
