"""Which listed option a reply picks: its number, its title (one typo allowed), a clear part of one
title, or one of its synonyms."""
from __future__ import annotations

import re
from typing import Optional, Sequence

from actions.parsing.numbers import cn_number
from actions.parsing.text import normalize_reply
from corpus.text import join_separable

_ORDINAL_RE = re.compile(r"^(?:那就|那|就|我们|我|还是)?(?:选项|选择|选|要|是)?第?([0-9]{1,2}|[一二三四五六七八九十])"
                         r"(?:个|项|号|条|种|类)?(?:那个|那项|那条|这个|这项|选项)?$")  # 「就选２吧」「那就第三个」「一号那个」
_BANKER_DIGITS = str.maketrans("壹贰叁肆伍陆柒捌玖拾", "一二三四五六七八九十")  # 「壹」 typed as on a cheque


def _compact(text: str) -> str:
    """Letters and digits only: 「与其他组织合并。」 and 「与其他组织合并」 compare equal."""
    return re.sub(r"[^\w]", "", normalize_reply(text)).lower()


def sounds_alike(a: str, b: str, tone: bool = False) -> bool:
    """Two characters with a reading in common (常/长, 欧/瓯): the typo of someone typing by pinyin; with ``tone``
    the tone must agree too (老/佬, not 残/餐)."""
    from pypinyin import Style, pinyin  # imported here: only typo checks need its dictionary

    style = Style.TONE3 if tone else Style.NORMAL
    return bool(set(pinyin(a, heteronym=True, style=style)[0]) & set(pinyin(b, heteronym=True, style=style)[0]))


def edit_distance_at_most_one(a: str, b: str, homophone: bool = False) -> bool:
    """One typo (a character replaced, added or dropped); with `homophone`, a replaced character must
    sound like the one it replaces (常宁区 is 长宁区; 西湖区 is another place than 西城区)."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [(x, y) for x, y in zip(a, b) if x != y]
        return len(diffs) <= 1 and (not homophone or not diffs or sounds_alike(*diffs[0]))
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def option_number(text: Optional[str], count: int) -> Optional[int]:
    """Index (0-based) of a reply 「2」「２」「第二个」「选3」 among `count` options; None otherwise."""
    reply = re.sub(r"[吧啊呀哈]+$", "", normalize_reply(text).translate(_BANKER_DIGITS))
    reply = re.sub(r"^(?:No|NO|no|No)[.．:：\s]*(?=[0-9])", "", reply)  # 「No.1」: number one
    if re.fullmatch(r"(?:那就|那|就)?(?:选|要)?(?:最后(?:一|那)?[个项条种])(?:选项)?", reply):
        return count - 1  # 「选最后一个」
    if re.fullmatch(r"(?:那就|那|就)?(?:选|要)?(?:头一?[个项条种]|最前面那?个)(?:选项)?", reply):
        return 0  # 「头一个」
    match = _ORDINAL_RE.match(reply)
    if not match:
        return None
    token = match.group(1)
    number = int(token) if token.isdigit() else cn_number(token)
    return number - 1 if number is not None and 1 <= number <= count else None


_NUMBER_LIST_RE = re.compile(r"^(?:选|要|选择|我选|就)?((?:第?(?:[0-9]|[一二三四五六七八九])(?:个|项|号|条)?"
                             r"(?:\s*(?:[,，、/和跟及与]|还有|以及|加)\s*|$))+)$")


def option_numbers(text: Optional[str], count: int) -> Optional[list[int]]:
    """Indexes (0-based) of a list of option numbers 「1和3」「一、三」「第二个和第四个」「选2跟4」; None when the
    reply is not such a list or names a number beyond the options."""
    match = _NUMBER_LIST_RE.match(normalize_reply(text).replace(" ", ""))
    if not match:
        return None
    tokens = re.findall(r"[0-9]|[一二三四五六七八九]", match.group(1))
    numbers = [int(t) if t.isdigit() else cn_number(t) for t in tokens]
    if not numbers or any(n is None or not 1 <= n <= count for n in numbers):
        return None
    return sorted({n - 1 for n in numbers})


def choose(text: Optional[str], options: Sequence[tuple[str, Sequence[str]]],
           numbers: bool = True) -> Optional[int]:
    """Index of the option a reply picks: its number, its exact title, a title with one typo, a part of
    one title, or one of its synonyms (the longest piece of evidence wins); None when ambiguous.
    numbers=False when the options are not listed in the order the user saw them numbered."""
    number = option_number(text, len(options))
    if number is not None or option_number(text, 99) is not None:
        return number if numbers else None
    reply = _compact(text or "")
    if not reply:
        return None
    titles = [_compact(title) for title, _ in options]
    for rule in (lambda t: t == reply, lambda t: len(reply) >= 3 and edit_distance_at_most_one(t, reply)):
        hits = [i for i, t in enumerate(titles) if rule(t)]
        if len(hits) == 1:
            return hits[0]
    return _best_evidence(reply, titles, [synonyms for _, synonyms in options])


def _shared_run(reply: str, title: str, minimum: int = 4) -> int:
    """Length of the longest run of characters the reply and a title share, when it is long enough to
    be evidence (4+: two-character words such as 其他 or 社区 are not)."""
    best = 0
    for i in range(len(reply)):
        for j in range(i + best + 1, len(reply) + 1):
            if reply[i:j] not in title:
                break
            best = j - i
    return best if best >= minimum else 0


def _best_evidence(reply: str, titles: list[str], synonyms: list[Sequence[str]]) -> Optional[int]:
    """The option with the longest title or synonym inside the reply, or whose title holds the reply
    (a synonym outweighs a part of a title); None on a tie."""
    scores: dict[int, float] = {}
    for i, title in enumerate(titles):
        words = [title, *(_compact(w) for w in synonyms[i])]
        best = max((len(w) for w in words if w and w in reply), default=0)
        part = len(reply) - 0.5 if len(reply) >= 2 and reply in title else 0
        shared = _shared_run(reply, title)  # 跟其他组织合并了 shares 其他组织合并 with 与其他组织合并
        if max(best, part, shared):
            scores[i] = max(best, part, shared)
    if not scores:
        return None
    top = max(scores.values())
    winners = [i for i, score in scores.items() if score == top]
    return winners[0] if len(winners) == 1 else None


# 「不是登记的社会组织，是备案的队伍」: what a reply says the answer is not, up to the next comma
_DENIED_RE = re.compile(r"(?:而|也|并|可)?(?:不是|并非|不属于|不算)(?!很|太|特别|非常)[^，,。；;]*")
# 「没在民政局登记」「就是个兴趣小组，没备案」: a registration step that was not taken
_NOT_DONE_RE = re.compile(r"(?:没|未|还没|从没|没有)(?:有|去)?(?:在|到|去)?(?:民政局|民政|区里|街道|镇上?|居委会?)?(?:里|那里|那边)?"
                          r"(?:登记|注册|备案|备过案|备)(?:过|了)?(?:案)?")


# 「场地不缺」「场地居委借给我们了」「钱有了」: a clause saying the thing is had, so no option it names is chosen (not
# 「登记证有了」, which says which kind)
_HAD_RE = re.compile(r"(?![^，,。；;]*(?:证|登记|备案|注册))[^，,。；;]*?(?:不缺|不太?需要|不用|不差|不愁|(?<!不)够了|(?<!不)够用|有了|解决了|"
                     r"(?<![不没])(?:借给|给|批下来|拨下来|派)(?:我们|咱们)?了)(?=[，,。；;]|$)")


def without_denied(reply: str, steps: bool = False) -> str:
    """The reply without what it denies (「不是X」; with `steps`, 「没登记/没备案」 and what is had too), split words
    rejoined; empty when it only denies."""
    reply = join_separable(reply)  # 备了个案, 备的案, 登过记: the word itself
    reply = _DENIED_RE.sub("，", reply)
    reply = _HAD_RE.sub("，", _NOT_DONE_RE.sub("，", reply)) if steps else reply
    return re.sub(r"^[，,\s]+|[，,\s]+$", "", re.sub(r"[，,]{2,}", "，", reply))


_SEVERAL_RE = re.compile(r"都|两个|两样|或者|还是|也")


def names_several(reply: str, titles: Sequence[str]) -> bool:
    """「文体跟公益两个都像」「文体和生活服务都沾」: two options named at once (by a title's first two
    characters) with 都/两个/或者…, so no one of them is chosen."""
    named = {t[:2] for t in titles if len(t) >= 2 and t[:2] in reply}
    return len(named) > 1 and bool(_SEVERAL_RE.search(reply))


# 「主要是1，还有5」「①⑤」: option numbers among joining words, which option_numbers does not read as a list
_OPTION_NUMBERS_RE = re.compile(r"(?:主要|还有|选择?|和|跟|及|与|以及|就|是|还|吧|[、，,\s]|第?[0-9一二三四五六七八九十]+[个项]?|[①-⑨])+")


def only_option_numbers(text: str) -> bool:
    """Whether a reply says nothing but option numbers and the words joining them."""
    return bool(_OPTION_NUMBERS_RE.fullmatch(text or ""))


def numbers_among_words(text: Optional[str], count: int) -> Optional[list[int]]:
    """Indexes (0-based) of the options a reply of only option numbers names (「主要是1，还有5」「①⑤」, each digit of
    a circled run its own option); None when it says more or names a number beyond the options."""
    raw = re.sub(r"\s", "", text or "")
    if not raw or not only_option_numbers(raw):
        return None
    tokens = re.findall(r"[0-9０-９]+|[①-⑨]|[一二三四五六七八九十]+", raw)
    numbers = [ord(t) - 0x245F if "①" <= t <= "⑨" else int(t) if t.isdigit() else cn_number(t) for t in tokens]
    if not numbers or any(n is None or not 1 <= n <= count for n in numbers):
        return None
    return sorted({n - 1 for n in numbers})


def numbers_beside_words(text: Optional[str], count: int) -> list[int]:
    """Indexes (0-based) of the options that pieces of a reply saying only digits of options name, beside pieces
    of words (「主要项目吧 还有2」 → the 2nd); [] when no piece does, one names a number beyond the options, or the reply
    denies, takes back or wavers (「3，不对，是4，济困」「2还是3」)."""
    reply = normalize_reply(text)
    pieces = [p for p in re.split(r"[，,。；;\s]+", reply) if re.search(r"[0-9①-⑨]", p)]
    if re.search(r"[不没别错]|还是|或者|或是", reply):
        return []
    found = [numbers_among_words(p, count) for p in pieces]
    return [] if not found or None in found else sorted({i for listed in found for i in listed or ()})


# 「除了钱都缺」「除了助残，其他五个都沾点」: every option but the ones named (not 「除了养老，别的都不做」)
_ALL_BUT = (r"除了?([^，,。；;]{{1,8}}?)(?:以外|之外)?[，,\s]*(?:别的|其他|其它|剩下的?)?(?:[0-9一二两三四五六七八九几]+[个样项种类])?"
            r"(?:都|全)(?:{verbs})(?![不没])")
DOES = "沾|做|搞|有|涉及|包括|占|算"  # fields: what the team does (「其他都沾点」, not 「别的都做不了」)
LACKS = "缺|要|需要|想要"  # needs: what it lacks (「除了钱，别的都有」 lacks money alone)


def all_but(text: Optional[str], verbs: str = DOES) -> Optional[str]:
    """The words naming the options a 「除了X，其他都…」 leaves out, said with one of ``verbs``; None without such a clause."""
    said = re.search(_ALL_BUT.format(verbs=verbs), normalize_reply(text))
    return said.group(1) if said else None
