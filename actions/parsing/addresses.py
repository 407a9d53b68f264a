"""Places said together in one answer: 「长宁区新华路街道的」 at the district question also says the street."""
from __future__ import annotations

from typing import Optional

from actions.parsing.places import (all_streets, mentioned_street, parse_street, street_after_district,
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
