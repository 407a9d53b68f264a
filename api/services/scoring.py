"""The 温州 platform self-assessment as the gateway serves it: the table with its clauses, and a score.

The table is parsed from the served knowledge folder's clauses, so the tool follows the document.
"""
from __future__ import annotations

from api.services.compendium import cite
from api.services.errors import Refused
from config.settings import get_settings
from corpus.clauses import Clause, load_clauses
from training.scoring import NOTE_ID, ScoringError, assess, grades, items


def _clauses() -> dict[str, Clause]:
    return load_clauses(get_settings().knowledge_dir)


def table() -> dict:
    """The table as the annex states it: items, maxima, descriptions, grade rule and its clause."""
    clauses = _clauses()
    bands = grades(clauses)
    return {"items": [{"item": i.name, "max_points": i.max_points, "description": i.description,
                       "citation": cite(i.clause_id)} for i in items(clauses)],
            "grade_rule": bands.text, "grade_citation": cite(NOTE_ID)}


def score(points: dict[str, float | int | str | None]) -> dict:
    """Total and grade; Refused with a Chinese message naming the item for missing or out-of-range points."""
    try:
        result = assess(points, _clauses())
    except ScoringError as exc:
        raise Refused(str(exc)) from None
    return {**result, "grade_citation": cite(result["grade_clause_id"])}
