"""Places said together in one answer: 「长宁区新华路街道的」 at the district question also says the street, 「上海杨浦的，
五角场附近」 the region and a landmark in it."""
from __future__ import annotations

import re
from typing import Optional

from actions.parsing.places import (all_streets, mentioned_street, parse_district, parse_street, street_after_district,
                                    unnamed_after_district)
from corpus import vocabulary as V


def street_said_with(text: Optional[str], district: str) -> Optional[str]:
    """The street a district answer also names (「长宁区新华路街道的」「温州鹿城区五马街道」「徐汇天平路」), or None;
    never a listed street of another district (「长宁区天平路街道」 names two places that do not fit)."""
    street = street_after_district(text, district) or mentioned_street(text)
    if street is None:
        bare = unnamed_after_district(text, district)
        street = parse_street(bare) if bare else None
    if street and street in all_streets() and street not in V.streets(district):
        return None
    return street


# 「上海杨浦的，五角场附近」: a place, then (after a comma) a landmark it is near
_NEAR_LANDMARK_RE = re.compile(r"^(.{2,}?)[，,；;\s]+([\u4e00-\u9fff]{2,8}?)(?:附近|周边|旁边|一带)$")


def region_before_landmark(reply: str) -> Optional[str]:
    """「上海杨浦的，五角场附近」 → 上海杨浦的: the place said before a landmark it is near, which only says where in it;
    None when the landmark is a place of its own (「上海，苏州附近」) or lies in another district (「上海长宁，五角场附近」).
    「上海附近」 alone says the place is not the one named."""
    said = _NEAR_LANDMARK_RE.match(reply or "")
    if said is None or V.place_label(said.group(2)) or any(p in said.group(2) for p in V.uncovered_places()):
        return None
    district, before = parse_district(said.group(2)), parse_district(said.group(1))
    return said.group(1) if district is None or before is None or district == before else None
