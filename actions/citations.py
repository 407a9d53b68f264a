"""Citations for the clauses behind each flow's texts (same JSON shape as /api/ask); the clause ids are data
(knowledge/flows/, knowledge/rules/support.yml)."""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from actions.flow_texts import all_clause_ids
from corpus.citations import reference_with_validity, render_citation

# Every clause id the flows' texts cite (knowledge/flows/); tests check that each exists and renders.
FIXED_CLAUSES = all_clause_ids()


@lru_cache(maxsize=None)
def cite(clause_id: str) -> dict[str, Any]:
    """The citation dict of a fixed clause, rendered once per process (KeyError names an unknown id)."""
    return render_citation(clause_id)


def refs(*clause_ids: str) -> tuple[str, list[dict[str, Any]]]:
    """Reference line (《标题》（文号）第X条；…, expired ones flagged) and citation list, in the given order."""
    cites = [cite(cid) for cid in clause_ids]
    return "；".join(reference_with_validity(c) for c in cites), cites
