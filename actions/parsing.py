"""Pure parsing of free-text form answers (no Rasa imports, unit-tested directly).

WeChat users type numbers in Chinese, phones with spaces or dashes, yes/no as 嗯/没有 …; every
parser returns None when it cannot tell, so the form re-asks instead of guessing.
"""
from __future__ import annotations

import re
from typing import Optional

_PHONE_RE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")  # no \b: it never matches next to Chinese
_DIGITS_RE = re.compile(r"[0-9]+")
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_QUESTION_RE = re.compile(r"[？?]|吗|怎么|如何|什么|啥|哪些|哪里|哪儿|多少|多久|能不能|可不可以|可以不|是否|要不要|需不需要|有没有|么$")
_CORRECTION_RE = re.compile(r"改成|改为|换成|改一下|改下|修改|更正|写错|填错|弄错|打错|说错|错了|应该是|重新填|^改(?=团队|人数|负责|活动|手机|电话|名|地|类|街道|居委|范围|所在|联系|组织|原因|等级|领域|需求)")
_VALUE_AFTER_RE = re.compile(r"(?:改成|改为|换成|应该是|更正为|重新填|是)[:：\s]*(.+)$")
_YES_RE = re.compile(r"^(是|对|有|嗯|好|行|可以|确认|确定|没错|正确|对的|yes|ok|y)|已(建|经)|是的|有的|刚成立|新成立|刚刚")
_NO_RE = re.compile(r"不是|没有|没|无|否|不|no|n$|还没")
_SURE_YES_RE = re.compile(r"没问题|没错|不错|对的|是的|^有的?$")


def clean_text(text: Optional[str]) -> str:
    """Trim spaces and trailing punctuation/语气词 so '夕阳红舞蹈队。' and '夕阳红舞蹈队哈' compare equal."""
    text = (text or "").strip()
    return re.sub(r"[\s。.!！~～,，、]*(哈|呀|啊|哦|噢|吧|呢|啦|嘛)?[\s。.!！~～,，]*$", "", text).strip()


def find_phone(text: str) -> Optional[str]:
    """An 11-digit mainland mobile number, ignoring spaces, dashes and a +86 prefix."""
    compact = re.sub(r"[\s\-－—()（）]", "", text or "").replace("+86", "")
    match = _PHONE_RE.search(compact)
    return match.group(0) if match else None


def _cn_number(text: str) -> Optional[int]:
    """Chinese numerals up to the thousands: 三十 → 30, 二十五 → 25, 一百二 → 120, 十来个 → 10."""
    match = re.search(r"[零〇一二两三四五六七八九十百千]+", text)
    if not match:
        return None
    total, digit = 0, None
    for ch in match.group(0):
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        else:
            total += (digit if digit is not None else 1) * _CN_UNITS[ch]
            digit = None
    return total + (digit or 0)


def parse_count(text: str) -> Optional[int]:
    """A head count from '25', '25人', '大概三十个', '二十来人'; None when there is no number."""
    digits = _DIGITS_RE.search(text or "")
    if digits:
        return int(digits.group(0))
    return _cn_number(text or "")


def parse_yes_no(text: str, intent: Optional[str] = None) -> Optional[bool]:
    """True/False from a short answer or the NLU intent (affirm/deny); None when unclear."""
    if intent == "affirm":
        return True
    if intent == "deny":
        return False
    text = clean_text(text).lower()
    if _SURE_YES_RE.search(text):
        return True
    if _NO_RE.search(text):
        return False
    if _YES_RE.search(text):
        return True
    return None


def looks_like_question(text: str) -> bool:
    """Question marks or question words: a form answer rarely has them, a policy question does."""
    return bool(_QUESTION_RE.search(text or ""))


def is_correction(text: str) -> bool:
    """Words people use when fixing an earlier answer (改成 / 写错了 / 应该是 …)."""
    return bool(_CORRECTION_RE.search(text or ""))


def correction_value(text: str, keyword: str) -> Optional[str]:
    """The new value in '电话写错了，应该是139…' / '人数改成30'; None when only the field is named."""
    tail = text.split(keyword, 1)[1] if keyword in text else text
    match = _VALUE_AFTER_RE.search(tail)
    value = clean_text(match.group(1)) if match else ""
    return value or None
