"""Numbers in replies: head counts typed in digits or Chinese (三十来个, 一百零五), mobile phone numbers
with spaces, dashes, +86 or read-out digits (幺三八…)."""
from __future__ import annotations

import re
import unicodedata
from typing import Optional

from actions.parsing.questions import looks_like_question
from actions.parsing.text import normalize_reply

_PHONE_RE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")  # no \b: it never matches next to Chinese
_DIGITS_RE = re.compile(r"[0-9]+")
_SPOKEN_DIGITS = str.maketrans("幺一二三四五六七八九零〇", "112345678900")  # 幺 is how 1 is read out in a phone number
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
# 七八十 (70 to 80), 三四十: two digits before a unit say a range, the first one is taken
_RANGE_RE = re.compile(r"[一二三四五六七八九][二三四五六七八九][十百千]")
_APPROX_RE = re.compile(r"来|多|左右|大概|大约|约|差不多|估计|上下|十几|几十|出头|(?<=[十百千])把|[-~～到至]|" + _RANGE_RE.pattern)
_OLD_TENS_RE = re.compile("[廿卅卌]")  # 廿来个: the old single characters for 二十, 三十, 四十
_OLD_TENS = {"廿": "二十", "卅": "三十", "卌": "四十"}
_CN_NUMBER_RE = re.compile(r"[零〇一二两三四五六七八九十百千]+")
# 「几十个」「好几百人」: no number said at all (「二十几个」「十几个」 are about a number, and kept as approximate)
_VAGUE_RE = re.compile(r"(?<![0-9一二两三四五六七八九十])几[十百千]")
# A landline (021-6234 5678, 6234-5678, 62345678): a telephone, but not the 11-digit mobile a form may ask for.
_LANDLINE_RE = re.compile(r"(?<![0-9])(?:0[0-9]{2,3}[\s\-－—]*)?[2-9][0-9]{3}[\s\-－—]*[0-9]{4}(?![0-9])")
# What a number is when it counts no one: a year, a date, an age, money, a time (「2024年成立的」).
_NOT_COUNTED_RE = re.compile(r"\s*(?:年|月|日|岁|元|块|点|%)")


def find_phone(text: str) -> Optional[str]:
    """An 11-digit mainland mobile number, ignoring spaces, dashes and a +86 prefix."""
    compact = re.sub(r"[\s\-－—()（）]", "", unicodedata.normalize("NFKC", text or "")).replace("+86", "")
    compact = re.sub(r"(?<![0-9幺一二三四五六七八九零〇])[0-9幺一二三四五六七八九零〇]{11}(?![0-9幺一二三四五六七八九零〇])",
                     lambda m: m.group(0).translate(_SPOKEN_DIGITS), compact)
    match = _PHONE_RE.search(compact)
    return match.group(0) if match else None


def find_landline(text: Optional[str]) -> Optional[str]:
    """A fixed-line number (区号 optional) when the reply holds no mobile: said so, rather than 「格式不对」."""
    reply = unicodedata.normalize("NFKC", text or "")
    if find_phone(reply):
        return None
    match = _LANDLINE_RE.search(reply)
    return re.sub(r"[\s\-－—]", "", match.group(0)) if match else None


def cn_number(text: str) -> Optional[int]:
    """Chinese numerals up to the thousands: 三十 → 30, 二十五 → 25, 一百二 → 120, 十来个 → 10."""
    match = re.search(r"[零〇一二两三四五六七八九十百千]+", text)
    if not match:
        return None
    total, digit = 0, None
    said = match.group(0)
    if _RANGE_RE.match(said):  # 七八十 → 七十
        said = said[0] + said[2:]
    unit, zero = 0, False
    for ch in said:
        if ch in "零〇" and total:
            zero = True
            continue  # 一百零五: the 零 only holds the tens' place
        if ch in _CN_DIGITS and digit is not None:
            break  # 二十三四 is 23 or 24: the first one said
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        else:
            unit = _CN_UNITS[ch]
            total += (digit if digit is not None else 1) * unit
            digit = None
    if digit is not None and unit >= 100 and not zero:
        return total + digit * unit // 10  # 一百五 is 150, 两千三 is 2300 (一百零五 is 105)
    return total + (digit or 0)


def parse_count(text: str) -> Optional[int]:
    """A head count from '25', '２５', '25人', '大概三十个', '二十来人'; None when there is no number."""
    detail = parse_count_detail(text)
    return detail[0] if detail else None


_NOW_RE = re.compile(r"(?:但是?|不过|可是?|那)?(?:现在|目前|如今|眼下|现今)")  # the count now, after one before


_COUNT_ONLY_RE = re.compile(r"(?:一共|总共|合计|那就|就|是)?[0-9零一二两三四五六七八九十百]+(?:来|多)?(?:个|位|名)?人?")


def parse_count_detail(text: Optional[str]) -> Optional[tuple[int, bool]]:
    """(count, approximate) from 25 / ２５ / 25人 / 二十五 / 三十来个 / 三十多人; approximate when 来/多/左右/大概
    is said. None for questions and replies without a number."""
    reply = _OLD_TENS_RE.sub(lambda m: _OLD_TENS[m.group(0)], normalize_reply(text))
    if not reply or looks_like_question(reply):
        return None
    pieces = re.split(r"[，,。；;…]+|\.{2,}", reply)
    now = [c for c in pieces[1:] if _NOW_RE.match(c.strip())]  # 「前几年有30个，现在20个」「原来四十个，走了几个，现在三十四」
    last = pieces[-1] if len(pieces) > 1 and _COUNT_ONLY_RE.fullmatch(pieces[-1].strip()) else None  # 「…两页半…二十五个」
    counted = parse_count_detail(now[-1] if now else last) if now or last else None
    if counted is not None:
        return counted
    if _VAGUE_RE.search(reply):
        return None
    match = next((m for m in _DIGITS_RE.finditer(reply) if not _NOT_COUNTED_RE.match(reply, m.end())), None) \
        or next((m for m in _CN_NUMBER_RE.finditer(reply) if _counts(reply, m)), None)
    if match is None:
        return None
    count = int(match.group(0)) if match.group(0).isdigit() else cn_number(match.group(0))
    return count, bool(_APPROX_RE.search(reply))


def _counts(reply: str, match: re.Match) -> bool:
    """A Chinese numeral that counts people (三十来个, 大约六十人, 二十五), not one inside a word (曹杨一村,
    每次都不一样): at the end, or before a counting word."""
    after = reply[match.end():]
    if _GROUP_OF_RE.match(after):
        return False  # 「一个班的人」「两桌人」: how many groups, not how many people
    if after.startswith("把"):  # 「百把人」「千把个」: about a hundred; 「一把扇子」 counts no one
        return match.group(0)[-1] in "十百千" and bool(re.match(r"把(?:个|人|号人|来)?(?:人|左右|吧|的样子)?$", after))
    return not after or bool(re.match(r"[个人名位来多余口左上号几整\s，,。.~～]|出头", after))


# A count of groups (班, 桌, 车, 屋子): no head count, however many people a group may be
# (三十个群众, 二十个群友, 二十个车友, 二十个组织成员, 二十个排舞队员 count people)
_GROUP_OF_RE = re.compile(r"个?(?:班(?![长子级])|桌|车(?![友手队])|屋子?|群(?![众友成员主里内])|教室|房间|大家子|家子|"
                          r"队(?![员友长])|组(?![员长织]))")
