"""What a place's name looks like: only Chinese characters ending like an administrative unit, and no words around
it (「往上是五马街道」 holds the name 五马街道 after the words 往上是)."""
from __future__ import annotations

import re
from typing import Optional

from actions.parsing.text import NAME_STOPWORDS, is_cjk

PLACE_NOUNS = ("小区", "社区", "园区", "景区", "校区", "营区", "新村")  # end in 区/村 but are not districts
_WORDS_IN_PLACE_RE = re.compile(r"[是在勒归往先空我你他她们队哪啥那这就还也都的个给来后划从到被把]|街道.|小区")  # words around a name, no part of it


# Before the name: 「不在西湖区」「不归五马街道」 deny it, 「那个开发区」 points at one unnamed
_DENIED_OR_POINTED_RE = re.compile(r"(?:不|没|非)(?:在|归|属于?|是)?$|(?:那|这)个?$")


def clean_tail(reply: str, suffixes: tuple[str, ...], max_len: int, others: frozenset[str] = frozenset()) -> Optional[str]:
    """The longest place-shaped end of a reply that starts after a word and holds none (「往上是五马街道」 → 五马街道);
    never one denied or pointed at, nor a place in ``others`` (cities: 「我在杭州市」)."""
    stems = ((i, re.sub(f"(?:{'|'.join(suffixes)})$", "", reply[i:])) for i in range(len(reply) - 1))
    tail = next((reply[i:] for i, stem in stems if place_shaped(reply[i:], suffixes, max_len) and len(stem) >= 2 and (
        i == 0 or not is_cjk(reply[i - 1]) or _WORDS_IN_PLACE_RE.match(reply[i - 1]) or reply[:i].endswith(PLACE_NOUNS))
        and not _WORDS_IN_PLACE_RE.search(stem)), None)
    before = reply[:len(reply) - len(tail)] if tail else ""
    return None if tail is None or _DENIED_OR_POINTED_RE.search(before) or re.sub(r"[省市]$", "", tail) in others else tail


def place_shaped(reply: str, suffixes: tuple[str, ...], max_len: int) -> bool:
    """A name of only Chinese characters ending like an administrative unit (西湖区, 城关镇)."""
    return (is_cjk(reply) and 3 <= len(reply) <= max_len and reply.endswith(suffixes) and not reply.startswith(("是", "在", "叫"))
            and not reply.endswith(PLACE_NOUNS) and not NAME_STOPWORDS.search(reply[:-1]))
