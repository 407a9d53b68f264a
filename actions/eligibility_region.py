"""The self-check's region: a city and district as people type them (「上海长宁」「北京朝阳」「鹿城」), read to the
gazetteer's place label the rules engine maps to its scopes; a place no document covers is kept as said, and a
place the reply denies, several places at once or a ring road name no region."""
from __future__ import annotations

import re
from typing import Optional

from actions import parsing
from corpus import vocabulary as V


# Words for several places at once (江浙沪, 长三角): no one region to check against.
_SEVERAL_REGIONS = re.compile(r"江浙沪|江浙|长三角|珠三角|京津冀|华东|华北|华南|华中|西南|西北|东北地区|全国|各地|好几个(?:城市|地方|省)|"
                              r"不在|附近|周边|旁边|外面|以外")  # 「上海附近」「不在上海」: not the place named


_RING_ROAD_RE = re.compile(r"[二三四五六七]环(?:路)?(?:外|以外|内|以内|里|边|附近|周边|沿线|一带)")


def normalize_region(text: str) -> Optional[str]:
    """'上海长宁' → 上海市长宁区, '鹿城' → 浙江省温州市, '北京朝阳' → 北京市朝阳区; None if unknown.

    The profile's region is the gazetteer's place label, which the rules engine maps to its scopes;
    a question that happens to name a place is not an answer.
    """
    reply = parsing.normalize_reply(text)
    said = parsing.without_denied(reply)  # 「杭州西湖区 我们不是上海的哈」: a place the reply denies is not the region
    if said != reply and "不在" not in reply and not parsing.looks_like_question(reply):  # 「不在上海」: none, below
        said = re.sub(r"^(?:而)?是|[，,\s]*(?:我们|咱们|俺们|但是?|可是?)?$", "", said)
        return normalize_region(said) if said else None
    if (near := parsing.region_before_landmark(reply)) is not None:
        return normalize_region(near)  # 「上海杨浦的，五角场附近」: the region, then where in it
    if not reply or parsing.looks_like_question(reply) or parsing.too_long(reply) or _SEVERAL_REGIONS.search(reply):
        return None
    if _RING_ROAD_RE.search(reply) and not parsing.mentioned_district(reply):
        return None  # 「北京五环外」: a ring road names no district
    label = V.place_label(reply)
    if label:
        return _district_typed_after(reply, label) or label
    district = parsing.parse_district(reply)  # one typo allowed: 常宁区 → 长宁区
    if district and V.place_label(district):
        return V.place_label(district)
    if district or any(place in reply for place in V.uncovered_places()):
        return reply  # a place no document covers: the result says so honestly
    return None


def _district_typed_after(reply: str, city: str) -> Optional[str]:
    """「上海普沱区」「上海黄埔区，打浦桥那边」: a district of the city named, typed with a slip the district parser
    forgives alone (普沱 → 普陀), which the city's label would otherwise swallow."""
    names = [n for n in (city, city.rstrip("市"), city[-3:].rstrip("市")) if n and n in reply] if city.endswith("市") else []
    district = parsing.parse_district(reply.split(names[0], 1)[1]) if names else None
    finer = V.place_label(district) if district else None
    return finer if finer and finer.startswith(city) and finer != city else None
