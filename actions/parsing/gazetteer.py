"""The gazetteer's districts and streets, and how a reply names a listed street: in full, by its stem (天山路 for
天山路街道), by a stem's prefix (仙霞) — not inside a person's name (季永兴) or between two streets."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable, Optional

from actions.parsing.options import edit_distance_at_most_one
from actions.parsing.people import COMMON_SURNAMES, name_shaped
from actions.parsing.text import is_cjk
from corpus import vocabulary as V

_STREET_SUFFIX_RE = re.compile(r"(街道|镇|乡)$")
_UNIT_RE = re.compile(r"街道|镇|乡")


def street_stem(street: str) -> str:
    """天山路街道 → 天山路, 新泾镇 → 新泾: the form people type."""
    return _STREET_SUFFIX_RE.sub("", street)


def all_districts() -> list[str]:
    """Every district of the covered cities (the gazetteer lists them all)."""
    return [d for city in V.load_vocabulary()["gazetteer"] for d in V.districts(city)]


def all_streets() -> list[str]:
    """The streets the gazetteer lists (not every street of a covered city)."""
    spec = V.load_vocabulary()["gazetteer"]
    return [s for city in spec for names in (spec[city].get("streets") or {}).values() for s in names]


def listed_place(word: str) -> bool:
    """新华路, 北新泾街道, 长宁, 长宁区: a district or street the gazetteer lists, in full or as typed (without 区/街道),
    so a word before 的 can be told to be where something is rather than a part of its name."""
    return word in _listed_place_words()


@lru_cache(maxsize=1)
def _listed_place_words() -> frozenset[str]:
    districts = {w for d in all_districts() for w in (d, V.short_name(d)) if len(w) >= 2}
    return frozenset(districts | {w for s in all_streets() for w in (s, street_stem(s)) if len(w) >= 2})


def longest(text: str, names: list[str], stem: Callable[[str], str], min_len: int = 2) -> Optional[str]:
    """The name whose full form or stem (min_len+ chars) the text holds, the longest match first; a stem
    said with another unit's suffix is another place (虹桥镇 is not 虹桥街道)."""
    found = [(len(key), -i, name) for i, name in enumerate(names) for key in (name, stem(name))
             if len(key) >= min_len and key in text and not (key != name and _other_unit_after(text, key, name))]
    return max(found)[2] if found else None  # on a tie the one listed first (虹桥 → 长宁's 虹桥街道)


def _other_unit_after(text: str, stem: str, name: str) -> bool:
    said = _UNIT_RE.match(text, text.find(stem) + len(stem))
    return bool(said) and not name.endswith(said.group(0))


_BETWEEN_RE = re.compile(r"中间|之间|交界|接壤")


def listed_street(reply: str) -> Optional[str]:
    """The listed street the reply names by its name or stem; none for a stem inside a name (「是季永兴」), beside
    another street said whole (「右安门街道。我是赵德胜」) or before 区/县/市."""
    street = longest(reply, all_streets(), street_stem)
    stem = street_stem(street or "")
    if street and street not in reply and (_whole_other_street(reply, stem) or _inside_a_word(reply, stem)
                                           or re.search(rf"{stem}[区县市]", reply)):
        return None  # 「滨江区」「天河区」: a district elsewhere named like a listed street (鹿城's 滨江街道)
    return street


def _whole_other_street(reply: str, stem: str) -> bool:
    """Whether the reply says a 街道/镇/乡 in full that is not the one of ``stem``."""
    return any(stem not in m.group(0) for m in re.finditer(r"[\u4e00-\u9fff]{2,6}?(?:街道|镇|乡)", reply))


def _inside_a_word(reply: str, stem: str) -> bool:
    """Whether a two-character stem is part of a person's name: after a surname that starts a word (季永兴, 赵德胜),
    or a surname stem with one more character (金海波); not 阿拉七宝, 住七宝, 长宁天山."""
    at = reply.find(stem)
    if len(stem) != 2 or at < 0:
        return False
    before, after = reply[:at], reply[at + 2:]
    starts = lambda i: i <= 0 or not is_cjk(reply[i - 1]) or reply[i - 1] in "是叫我他她的，,"  # noqa: E731
    surname_before = at > 0 and before[-1] in COMMON_SURNAMES and starts(at - 1)
    given_after = stem[0] in COMMON_SURNAMES and starts(at) and len(after) >= 1 and is_cjk(after[0]) \
        and not re.match(r"[街镇乡区县市路那这的一附边片块里人居社村新呀啊吧哈嘛呢哦了个管下上]", after) \
        and (len(after) == 1 or not is_cjk(after[1]))
    return surname_before or given_after


def between_two_streets(reply: str) -> bool:
    """Whether the reply places itself between two listed streets by their stems (「泗泾和九亭中间」), saying neither
    in full (「在虹桥和古美中间的新虹街道」 names 新虹街道)."""
    return bool(_BETWEEN_RE.search(reply)) and _two_streets(reply) and not any(s in reply for s in all_streets())


def _two_streets(reply: str) -> bool:
    """Whether the reply names two listed streets, neither inside the other's name (泗泾 and 九亭)."""
    keys = {key for name in all_streets() for key in (name, street_stem(name)) if len(key) >= 2 and key in reply}
    return len({k for k in keys if not any(k != o and k in o for o in keys)}) > 1 and \
        len({n for n in all_streets() if any(k in (n, street_stem(n)) for k in keys)}) > 1


def stem_prefix(reply: str) -> Optional[str]:
    """The one listed street whose stem starts with a reply of 2+ characters (仙霞 → 仙霞新村街道)."""
    said = _STREET_SUFFIX_RE.search(reply.strip())  # 虹桥镇 is no prefix of 虹桥街道
    reply = _STREET_SUFFIX_RE.sub("", reply.strip())
    found = {name for name in all_streets() if len(reply) >= 2 and street_stem(name).startswith(reply)
             and (said is None or name.endswith(said.group(0)))}
    return found.pop() if len(found) == 1 else None


_OTHER_ROAD_RE = re.compile(r"[东南西北中一二三四五六七八九](?=路)")  # 南京路 is not 南京西路, 石门路 not 石门二路


def near_street(reply: str, others: frozenset[str] = frozenset()) -> Optional[str]:
    """The one listed street whose full name the reply misses by one typo, said with its unit or without (天林街道 →
    田林街道, 大京镇 → 大荆镇, 北新经 → 北新泾街道); a person's name (金海波) or a place in ``others`` is kept as typed, since
    the gazetteer does not list every street and a near name may be another place."""
    if len(reply) < 3 or not is_cjk(reply) or name_shaped(reply) or reply in others:
        return None
    found = {street for street in all_streets() if _one_slip(street, reply)}
    return found.pop() if len(found) == 1 else None


def _one_slip(street: str, reply: str) -> bool:
    """Whether the reply is ``street`` with one character typed wrong, added or left out; not a name that only a word
    put in front would make ``street`` (长安街 is no 西长安街街道, 外滩 no 北外滩), nor its stem with a character put in front
    (王金桥 is a person, no 金桥镇), nor a one-character stem (新街道 is no 新虹街道), nor the road of another (南京路, 南京西路)."""
    stem = street_stem(street)
    said = reply if _STREET_SUFFIX_RE.search(reply) else reply + street[len(stem):]  # 北新经 as 北新经街道
    said_stem = street_stem(said)
    return edit_distance_at_most_one(street, said, homophone=True) and not stem.endswith(said_stem) \
        and said_stem[1:] != stem and len(said_stem) >= 2 and _OTHER_ROAD_RE.sub("", stem) != said_stem
