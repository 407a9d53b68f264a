"""Which region a question or an answer is about, and the last question asked again for another one
(「那北京呢？」 re-asks 「温州培优方案的目标」 as 「北京的目标」)."""
from __future__ import annotations

import re

from corpus.vocabulary import detect_regions, region_keys, region_words

_TITLE_LEAD = re.compile(r"^(的)?(这个|那个|这份|那份)?[\u4e00-\u9fff]{0,4}?(意见|方案|举措|行动|通知)(里|中|的|上)?")


def without_regions(text: str) -> str:
    """The text with every word naming a covered region, district or street removed (longest first)."""
    for word in sorted(region_words(), key=len, reverse=True):
        text = text.replace(word, "")
    return text


def with_region(question: str, region: str) -> str:
    """The previous question asked for another region: its own region words replaced."""
    stripped = re.sub(r"^(市里|区里|市|区|的)+", "", without_regions(question))
    stripped = _TITLE_LEAD.sub("", stripped)  # 「温州培优方案的目标」 → 「北京的目标」, not 「北京培优方案的目标」
    return f"{region}{stripped}"


# A district's own documents lead its city's only with a clause near the city's best (「长宁有没有类似的」 after
# 上海市's 僵尸型 clause: 长宁's 16. scores 0.96 of it); else the city-wide clause, which applies there too, stays first
# (「长宁呢」 after 上海市's 注销 clause: 长宁's best, 五、工作要求, scores 0.59 of it).
DISTRICT_NEAR = 0.8


def region_first(hits: list, region: str | None) -> list:
    """The hits from documents of ``region`` ahead of the others, each group in its ranked order; for a district,
    its own documents ahead of its city's city-wide ones when they hold a clause near as good (DISTRICT_NEAR)."""
    targets = detect_regions(region or "")
    if not targets:
        return hits

    def tier(hit) -> int:  # noqa: ANN001
        own = [(city, district) for city, district in targets if hit.doc.covers(city, district)]
        return 2 if not own else 0 if any(district and hit.doc.district for _, district in own) else 1
    tiers = [tier(h) for h in hits]
    best = {t: max((h.score for h, ht in zip(hits, tiers) if ht == t), default=0.0) for t in (0, 1)}
    near = best[0] >= DISTRICT_NEAR * best[1]
    order = sorted(range(len(hits)), key=lambda i: tiers[i] if near or tiers[i] == 2 else 0)
    return [hits[i] for i in order]


def region_of(question: str, region: str | None) -> str | None:
    """The region key an answered question was about (for the context it leaves behind)."""
    if region and region in region_keys():
        return region
    targets = detect_regions(f"{region or ''} {question}")
    if not targets:
        return None
    city, district = targets[0]
    return district or city


def leaf_first(hits: list) -> list:
    """「温州把社区社会组织分成哪几种类型」「那长宁呢」: the other region's specific clause, not the outline listing
    its parts (四、（一） above its 2.), when the last answer was a specific clause too."""
    if not hits or not hits[0].clause.is_outline():
        return hits
    leaf = next((h for h in hits if h.doc.id == hits[0].doc.id and not h.clause.is_outline()), None)
    return [leaf, *(h for h in hits if h is not leaf)] if leaf else hits
