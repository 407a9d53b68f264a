"""温州 annex self-assessment: items parsed from the clauses, grade boundaries, input validation."""
from __future__ import annotations

import pytest

from training.scoring import ScoringError, assess, grades, items

FULL = {"实体运作": 15, "专业运营": 10, "专项资金": 10, "党建引领": 10, "组织培育": 12, "枢纽作用": 18,
        "专业服务": 20, "社会评价": 5}


def points_for(total: float) -> dict:
    """Fill items in order until ``total`` is reached."""
    out, left = {}, total
    for item in items():
        out[item.name] = min(item.max_points, left)
        left -= out[item.name]
    return out


def test_items_parsed_from_the_annex():
    table = {i.name: i.max_points for i in items()}
    assert table == FULL
    assert all(i.description and i.clause_id.startswith("wz-2021-122/附件/") for i in items())


def test_grade_rule_parsed():
    g = grades()
    assert (g.top_min, g.top, g.mid_min, g.mid_max, g.mid, g.low_max, g.low) == (90, "示范型", 75, 89, "完善型", 74, "提升型")


@pytest.mark.parametrize("total,grade", [(74, "提升型"), (74.5, "提升型"), (75, "完善型"), (89, "完善型"),
                                         (89.5, "完善型"), (90, "示范型"), (100, "示范型"), (0, "提升型")])
def test_boundaries(total, grade):
    result = assess(points_for(total))
    assert result["total"] == total and result["grade"] == grade and result["max_total"] == 100


@pytest.mark.parametrize("points,word", [({**FULL, "社会评价": 6}, "社会评价"), ({**FULL, "实体运作": -1}, "实体运作"),
                                         ({**FULL, "专业服务": 7.3}, "专业服务"), ({**FULL, "党建引领": "很多"}, "党建引领"),
                                         ({k: v for k, v in FULL.items() if k != "枢纽作用"}, "枢纽作用"),
                                         ({**FULL, "额外加分": 3}, "额外加分")])
def test_bad_input_names_the_item(points, word):
    with pytest.raises(ScoringError, match=word):
        assess(points)
