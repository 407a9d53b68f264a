"""The activity scope (本居委 / 街道范围 / 跨街道) from words matched as whole units."""
from __future__ import annotations

import re
from typing import Optional

from actions.parsing.answers import is_non_answer
from actions.parsing.options import edit_distance_at_most_one
from actions.parsing.places import PLACE_NOUNS, all_districts, all_streets
from actions.parsing.text import normalize_reply, too_long
from corpus import vocabulary as V

_SCOPE_UNITS: tuple[tuple[str, str], ...] = (
    # phrases first, then units that merely contain 区/街/镇 (小区 is a community, not a district)
    ("跨街道", "district"), ("跨镇", "district"), ("几个街道", "district"), ("全区", "district"), ("跨区", "district"),
    ("全市", "district"), ("整个区", "district"), ("外区", "district"), ("别的区", "district"), ("其他区", "district"),
    ("好几个区", "district"), ("跨居委", "street"), ("几个小区", "street"), ("几个居委", "street"),
    ("整个街道", "street"), ("全街道", "street"), ("本居委", "community"), ("本小区", "community"),
    ("本社区", "community"), ("居民区", "community"), *((noun, "community") for noun in PLACE_NOUNS), ("楼组", "community"),
    ("居委", "community"), ("村里", "community"), ("楼里", "community"), ("楼下", "community"),
    ("家门口", "community"), ("弄堂", "community"), ("楼道", "community"),
)
_SCOPE_TAIL: tuple[tuple[str, str], ...] = (("区里", "district"), ("街道", "street"), ("镇", "street"),
                                              ("村", "community"), ("楼", "community"))
# 「附近三个居委都有人来」「两三个小区的」: several communities are a street's scope
_SEVERAL_RE = re.compile(r"(?:[两二三四五六七八九十几多好]+个|一些|好些)(?:居委会?|小区|社区|村|居民区)")
# 「跨了两三个街道」「好几个镇的人」: several streets are past one street
_SEVERAL_STREETS_RE = re.compile(r"(?:[两二三四五六七八九十几多好]+个|一些|好些)(?:街道|镇|乡)|跨了?[^，,。]{0,4}(?:街道|镇)")
_OPEN_RE = re.compile(r"都有?可能|哪个都(?:有|行)|都说不定")
_SCOPE_RANK = {"community": 0, "street": 1, "district": 2}
_WIDER = {"community": "street", "street": "district", "district": "district"}
_UNIT = r"(居委会?|居民区|小区|社区|村|楼|街道|镇|乡|区|县)"
# Where a unit is said relative to the team (「不跨街道」「不光本居委」「隔壁居委的也来」「不限哪个街道」): within it, or past it
_WITHIN_RE = re.compile(r"(?:不|没有?|没)(?:会|怎么)?(?:跨|出)(?:过|了)?(?:本|这个|我们|咱们)?(?:的)?" + _UNIT)
_PAST_RE = re.compile(r"(?:不光|不只|不止|不仅|不单|不限|不管|不分)(?:是|在|于)?(?:本|这个|我们|咱们|哪个|哪些|什么)?(?:的)?" + _UNIT + "|" + _UNIT +
                      r"(?:以外|之外|外面|外边)|(?:别的|其他|其它|隔壁|旁边|附近|周边|邻近)(?:的)?" + _UNIT)

# 「其他居委的不来」「别的小区的人不参加」: others of that unit said not to take part: within it
_OTHERS_NOT_RE = re.compile(r"(?:别的|其他|其它|隔壁|外面)(?:的)?" + _UNIT + r"(?:的)?(?:人|居民|队员|阿姨|老人)?(?:我们|咱们|我)?"
                            r"(?:都|也|就|从来|基本)?(?:不来|没有?来|不参加|没参加|不收(?![费钱])|不要(?![钱紧])|不招|不让|进不来)")


def _unit_level(unit: str) -> str:
    return "district" if unit in ("区", "县") else "street" if unit in ("街道", "镇", "乡") else "community"


def _relative_scopes(reply: str) -> tuple[list[str], str]:
    """Scopes said relative to a unit, and the reply with those phrases blanked: within it (不跨街道 → street,
    不出小区 and 别的小区的人不来 → community; 不跨区 says too little), past it (不光本居委, 居委以外, 隔壁小区 → the next wider)."""
    found: list[str] = []

    def within(match: re.Match) -> str:
        level = _unit_level(match.group(1))
        found.extend([] if level == "district" else [level])
        return "□" * len(match.group(0))

    def past(match: re.Match) -> str:
        found.append(_WIDER[_unit_level(next(g for g in match.groups() if g))])
        return "□" * len(match.group(0))

    reply = _PAST_RE.sub(past, _WITHIN_RE.sub(within, _OTHERS_NOT_RE.sub(within, reply)))
    return found, reply


def _scope_units() -> list[tuple[str, str]]:
    """Fixed phrases, then the gazetteer's streets (street) and districts (larger), then single words."""
    streets = [(s, "street") for s in all_streets()]
    districts = [(d, "district") for d in all_districts()]
    return [*_SCOPE_UNITS, *streets, *districts, *_SCOPE_TAIL]


def parse_scope(text: Optional[str]) -> Optional[str]:
    """community / street / district from words matched as whole units: each matched unit is blanked
    before shorter words are tried, so 小区里 never counts as 区里. The widest scope named wins."""
    reply = normalize_reply(text)
    if not reply or too_long(reply) or is_non_answer(reply):  # 「有时候在小区，有时候去外面，说不好」
        return None
    relative, reply = _relative_scopes(reply)
    relative += ["district"] if _SEVERAL_STREETS_RE.search(reply) else []
    reply = _SEVERAL_STREETS_RE.sub(lambda m: "□" * len(m.group(0)), reply)
    several = _SEVERAL_RE.search(reply)
    reply = _SEVERAL_RE.sub(lambda m: "□" * len(m.group(0)), reply)
    whole = re.search(r"(?:整个|全)[\u4e00-\u9fff]{1,4}?[区县市]", reply)  # 「整个西湖区都有人来」, not 「全小区」
    found: list[str] = ["district"] if whole and not whole.group(0).endswith(PLACE_NOUNS) else []
    whole_city = rf"(?:整个|全|满)(?:{'|'.join(V.city_keys())}|城)"
    found += ["district"] if re.search(whole_city, reply) else []  # 「全上海都有队员」: the covered cities of the gazetteer
    found += ["street"] if several else []
    found += relative
    for word, scope in _scope_units():
        if word in reply:
            found.append(scope)
            reply = reply.replace(word, "□" * len(word))
    if len(set(found)) > 1 and _OPEN_RE.search(reply):
        return None  # 「小区、街道、全区都有可能」: several scopes, none chosen
    return max(found, key=_SCOPE_RANK.__getitem__) if found else _typed(reply)


def _typed(reply: str) -> Optional[str]:
    """A short reply one sound-alike character off one fixed phrase (本居为 → 本居委); None otherwise."""
    close = {scope for word, scope in _SCOPE_UNITS if len(word) >= 3 and len(reply) <= 5
             and edit_distance_at_most_one(word, reply, homophone=True)}
    return close.pop() if len(close) == 1 else None
