"""温州 annex self-assessment: 乡镇（街道）社会组织服务平台 scoring table.

Items, maxima and descriptions are parsed from the clauses ``wz-2021-122/附件/<项目>`` and the grade
bands from ``wz-2021-122/附件/备注``, so the tool follows the document rather than copies of it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.clauses import Clause, load_clauses

ANNEX_PREFIX = "wz-2021-122/附件/"
NOTE_ID = ANNEX_PREFIX + "备注"
_ITEM_RE = re.compile(r"项目：(?P<name>[^；]+)；分值：(?P<max>\d+(?:\.\d+)?)分；评分要点：(?P<desc>.+)", re.S)
_TOP_RE = re.compile(r"(\d+)分及以上为(\S+?型)")
_MID_RE = re.compile(r"(\d+)-(\d+)分为(\S+?型)")
_LOW_RE = re.compile(r"(\d+)分以下为(\S+?型)")


class ScoringError(ValueError):
    """Bad input for the self-assessment; the message is Chinese and names the item."""


@dataclass(frozen=True)
class Item:
    name: str
    max_points: float
    description: str
    clause_id: str


@dataclass(frozen=True)
class Grades:
    """Grade bands as the 备注 states them: top ≥ top_min, mid_min..mid_max, else low."""

    top_min: int
    top: str
    mid_min: int
    mid_max: int
    mid: str
    low_max: int
    low: str
    text: str

    def grade(self, total: float) -> str:
        if total >= self.top_min:
            return self.top
        return self.mid if total >= self.mid_min else self.low


def items(clauses: dict[str, Clause] | None = None) -> list[Item]:
    """The scoring items in document order, parsed from their clauses."""
    clauses = clauses or load_clauses()
    out = []
    for cid, clause in clauses.items():
        m = _ITEM_RE.search(clause.text) if cid.startswith(ANNEX_PREFIX) and cid != NOTE_ID else None
        if m:
            out.append(Item(m["name"].strip(), float(m["max"]), m["desc"].strip(), cid))
    return out


def grades(clauses: dict[str, Clause] | None = None) -> Grades:
    """The grade bands parsed from the 备注 clause."""
    text = (clauses or load_clauses())[NOTE_ID].text
    top, mid, low = _TOP_RE.search(text), _MID_RE.search(text), _LOW_RE.search(text)
    if not (top and mid and low):
        raise ValueError(f"cannot parse grade bands from {NOTE_ID}: {text!r}")
    return Grades(int(top[1]), top[2], int(mid[1]), int(mid[2]), mid[3], int(low[1]), low[2], text.strip())


def _points(item: Item, value: object) -> float:
    """One item's points, validated: a number from 0 to the item's maximum, in steps of 0.5."""
    if value is None or value == "":
        raise ScoringError(f"请填写“{item.name}”的得分（0–{item.max_points:g}分）。")
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ScoringError(f"“{item.name}”的得分必须是数字。")
    try:
        points = float(value)
    except ValueError:
        raise ScoringError(f"“{item.name}”的得分必须是数字。") from None
    if not 0 <= points <= item.max_points:
        raise ScoringError(f"“{item.name}”的得分应在0到{item.max_points:g}分之间，收到{points:g}分。")
    if (points * 2) != int(points * 2):
        raise ScoringError(f"“{item.name}”的得分只能是整数或半分（如7.5）。")
    return points


def assess(points: dict[str, object], clauses: dict[str, Clause] | None = None) -> dict:
    """Total and grade for points per item; ScoringError for missing, unknown or out-of-range input."""
    table = items(clauses)
    unknown = sorted(set(points) - {i.name for i in table})
    if unknown:
        raise ScoringError(f"没有这个评分项目：{'、'.join(unknown)}。")
    rows = [{"item": i.name, "points": _points(i, points.get(i.name)), "max_points": i.max_points,
             "description": i.description, "clause_id": i.clause_id} for i in table]
    total = sum(r["points"] for r in rows)
    bands = grades(clauses)
    return {"items": rows, "total": total, "max_total": sum(i.max_points for i in table),
            "grade": bands.grade(total), "grade_rule": bands.text, "grade_clause_id": NOTE_ID}
