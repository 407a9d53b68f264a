"""Corrections of an earlier answer (改成 / 写错了 / 应该是 …) and the new value they name."""
from __future__ import annotations

import re
from typing import Optional

from actions.parsing.text import clean_text, is_cjk, normalize_reply

_CORRECTION_RE = re.compile(r"(?:号码|电话|手机号?|名字|名称|队名|地址|地点|场地|人数|负责人|联系人|类别|范围|街道|居委会?|区县?|"
                            r"原因|类型|等级|需求|领域|地区)(?:要|得|想|那项|那个)?(?:换|变|改)(?:成|为|到|一下|一个|个|了|掉|(?=\d))|"  # 「电话换一个」「人数改30」
                            r"(?:内容|名字|名称|负责人|范围|类别|街道|居委会?)(?:那栏|那项|就)?(?:改填|改写|(?:写|填|记)成)|"  # 「活动内容写成…吧」「负责人改填…」
                            r"(?:类别|类型|名字|名称|队名|范围|原因|等级|领域|需求|街道|居委会?|区县?|负责人|地点|内容)[^，,。\s]{0,3}?"
                            r"(?:再想想|想了想|想想|考虑了?一下)[，,\s]*(?:还是|应该是)|"  # 「类别再想想，还是…吧」: a change of mind on a field
                            r"(?:名字|名称|队名|全称)(?:前面|后面|中间)?(?:还有|还差|少了|缺了|漏了)(?:几|一|两|[0-9])个字|"  # 「名字前面还有几个字」
                            r"[写填弄打说选搞记]岔|"  # 「街道写岔了」: 岔 for 错
                            r"(?:名字|名称|队名|全称)[^。？?]{0,12}?(?:应该|其实|准确(?:地)?说|正式的?)(?:叫|是)|"  # 「队名我刚问了队长，应该叫…」
                            r"(?:联系)?(?:电话|手机号?|号码|联系方式)(?:还是|改|换|就)?留(?=[^，,。]{0,4}[0-9０-９])|"  # 「联系电话留139…，我儿子的」
                            r"改成|改为|换成|改一下|改下|修改|更正|写错|填错|弄错|打错|说错|选错|搞错|错了|应该是|应该选|"
                            r"[说报算写填][多少大小]了|多算了|少算了|说的是简称|(?:刚才|刚刚)说的是|不是(?:刚才|刚刚|之前|前面)(?:说|写|填)的|"
                            r"少打|多打|打漏|漏了|[少多]了一?个字|[少多漏]写|写漏|有误|不正确|^不对|(?<![对是])不对(?=[，,。\s!！]|$)|其实是|其实不是|不是那个|不是这个|重新填|重新选|重选|再选一下|重新说|重说|其实有|打快了|正确的?(?:是|叫)|实际上?有|^不是[^，,。\s]{1,10}[哈啊呀的]?[，,\s]\s*(?:而)?是|^改(?=团队|人数|负责|活动|手机|电话|名|地|类|街道|居委|范围|所在|联系|组织|原因|等级|领域|需求)")
# 「是上海静安不是长宁」: what it is, then what it is not — the reverse of 不是…，是…
IS_NOT_RE = re.compile(r"(?:^|(?<=[，,\s]))(?:就|其实|明明)?是(?!不)([^，,。\s不]{1,10}?)[，,\s]?(?:而)?不是([^，,。\s]{1,10}?)[吧啊呀哈的]?$")
_VALUE_AFTER_RE = re.compile(r"(?:^\s*叫做?|(?:应该|其实|准确(?:地)?说?|正式的?)叫做?|留(?=\s*[0-9０-９])|改成|改为|换成|改填|改写|(?:写|填|记)成|改到|换到|挪到|搬到|变成|改(?=\d)|应该是|应该选|改选|更正为|重新填|重新选一下|重新选|实际上?(?:是|有)?|正确的?叫|是|[:：])[:：\s]*(.+)$")
# Where a correction's new value starts: keywords after the last of these name the value, not the field
# (「名字少打了几个字，是方松街道社区志愿服务队」 corrects the name; its 街道 is part of the new value).
VALUE_MARK_RE = re.compile(r"(?:应该|其实|准确(?:地)?说?|正式的?)叫做?|留(?=\s*[0-9０-９])|改成|改为|换成|改填|改写|(?:写|填|记)成|应该是|应该选|改选|更正为|实际上?|(?<!不)是|[:：]|(?<=全称|全名|名字|名称|队名)叫做?")


def without_correction_words(text: str) -> str:
    """「说错了，我们不是新成立的」 → 「，我们不是新成立的」: what is left to read as the new answer."""
    return _CORRECTION_RE.sub("", normalize_reply(text))


# 「人数不是20，是25」: a field said, then what it is not and what it is
FIELD_NOT_BUT_RE = re.compile(r"^(?:刚才|刚刚|前面)?(?:的|说的)?([\u4e00-\u9fff]{1,5}?)(?:也|并|可)?不是[^，,。\s]{1,12}[，,\s]+(?:而)?(?:应该)?是")


def is_not_only(text: str) -> Optional[tuple[str, str]]:
    """(what it is, what it is not) when 「是X不是Y」 is the message's only correction word: a correction of an
    earlier answer only where Y names that answer (「是上海静安不是长宁」), else the pending answer."""
    said = IS_NOT_RE.search(clean_text(text or ""))
    return None if said is None or _CORRECTION_RE.search(text or "") else (said.group(1), said.group(2))


# 「我们不是街道备案的队，是居委会指导的小组」: what was said before denied, then what is so
_NOT_IS_RE = re.compile(r"^(?:我们|咱们|我)?(?:并|其实)?不是[^，,。\s]{2,12}?[，,\s]+(?:而|其实)?是[^，,。\s]{2,14}$")


def is_correction(text: str) -> bool:
    """Words people use when fixing an earlier answer (改成 / 写错了 / 应该是 / 是A不是B / 不是A，是B …)."""
    return bool(_CORRECTION_RE.search(text or "") or IS_NOT_RE.search(clean_text(text or ""))
                or _NOT_IS_RE.search(clean_text(text or "")))


_NEW_VALUE_RE = re.compile(r"(?:应该选|应该是|改成|改为|换成|更正为|实际上?(?:是|有)?|其实有|选|是)[:：\s]*([^，,。]+)[，,。]*$")
_ASK_TO_CHANGE_RE = re.compile(r"[，,\s]*(?:麻烦|帮我|帮忙)?(?:改一下|改下|改过来|改掉|换一下)(?:吧|哈|啊)?$")
_FITS_BETTER_RE = re.compile(r"(?:更合适|比较合适|更准确|更对|才对|更好)(?:一些|一点|些)?$")


def corrected_value(text: str) -> Optional[str]:
    """The new value of a correction that names no field: 「不对不对，应该选在民政局登记的社会组织」."""
    said = re.sub(r"(?:[，,]\s*|(?<=[^是不\s，,]))(?:而)?不是[^，,。]*[。]?$", "", normalize_reply(text))  # 「…，不是解散」 names the old value
    said = re.sub(r"^(?:其实)?不是[^，,。\s]{1,10}?[哈啊呀的]?[，,\s]+(?=(?:而)?是)", "", said)  # 「不是不活动哈 是散了」
    said = _ASK_TO_CHANGE_RE.sub("", said)  # 「想想还是文体活动类更合适，改一下」
    match = _NEW_VALUE_RE.search(said) or _FIRST_VALUE_RE.search(said)  # 「是二十八个，刚又来了两个」: a remark after it
    value = _FITS_BETTER_RE.sub("", clean_text(match.group(1))) if match else ""
    return value or None


_NO_VALUE_RE = re.compile(r"^(?:你|您)?(?:先|别|不|没|等|再|还|麻烦|帮|请|谢|我再|我看)")  # 「队名不对，先别提交」: no new value
_FIRST_VALUE_RE = re.compile(r"^(?:更正|纠正|订正)?[:：\s]*(?:我们|咱们)?(?:而)?(?:应该|其实|实际上?)?是[:：\s]*([^，,。]+)")  # 「更正：我们是…」
# The correction words without their start-of-reply anchors (a negated class such as [^，,] keeps its 「^」).
_ONLY_CORRECTING_RE = re.compile(r"^(?:[一下哈啊呀了的吧]|" + re.sub(r"(?<!\[)\^", "", _CORRECTION_RE.pattern) + r")*$")


def _said_after_correction(text: str) -> Optional[str]:
    """What follows the last piece holding correction words, without 「才对」: 「刚才范围说错了，跨居委，在街道范围」
    → 跨居委，在街道范围; None when nothing follows or it says no value (「先别提交」)."""
    pieces = [clean_text(p) for p in re.split(r"[，,。；;]+", normalize_reply(text)) if clean_text(p)]
    last = max((i for i, p in enumerate(pieces) if is_correction(p)), default=-1)
    said = _FITS_BETTER_RE.sub("", "，".join(pieces[last + 1:])) if last >= 0 else ""
    return None if not said or _ONLY_CORRECTING_RE.match(said) or _NO_VALUE_RE.match(said) else said


# 「刚才那个是简称」「之前说的只是缩写」: a remark on the old value, no new one
SHORT_FORM_REMARK_RE = re.compile(r"(?:^|[，,。\s]+)(?:刚才|刚刚|之前|前面|上面|原来)?(?:那个|说的|写的|填的|报的|给的)?(?:只|就)?是(?:个)?"
                                  r"(?:简称|缩写|俗称|小名|昵称)(?:而已)?[哈啊呀啦]?(?=[，,。\s]|$)")


def correction_value(text: str, keyword: str) -> Optional[str]:
    """The new value in '电话写错了，应该是139…' / '人数改成30'; None when only the field is named."""
    text = SHORT_FORM_REMARK_RE.sub("，", text)  # 「…，刚才那个是简称」 says what the old value was
    tail = text.split(keyword, 1)[1] if keyword in text else text
    tail = re.sub(r"^\s*(?:也|并|可)?不是[^，,。\s]{1,12}[，,\s]+(?=(?:而)?(?:应该)?是)", "", tail)  # 「人数不是20，是25」
    match, skipped = _VALUE_AFTER_RE.search(tail), False
    while match and re.search(r"不$|(?:刚才|刚刚|之前|原来|前面)[^，,。]{0,4}$", tail[:match.start()]):
        match, skipped = _VALUE_AFTER_RE.search(tail, match.start() + 1), True  # 「不是花园」「刚才说的是地点」: the old value
    if match is None:  # 「人数更正一下哈，31个」「不是这个街道，我们归天山路街道管」: the pieces after the correction
        said = _said_after_correction(text)  # (「人数说错了，25个，不是20」: 25)
        return None if said is None or skipped and re.match(r"刚才|刚刚|之前|原来|前面|那|这", said) else \
            re.sub(r"(?<=.{2})[，,\s]*(?:而)?不是[^，,。]*$", "", said)
    if re.match(r"(?:带|加上?|含|包含)[“\"「『]?[^，,。]{1,8}?[”\"」』]?的", match.group(1)):
        return None  # 「名字要改成带“协会”的」 says what the new name will hold, and gives none
    said = re.sub(r"(?<=.{2})[吧啊呀哈][，,].*$", "", match.group(1))  # 「写成跳广场舞吧，刚才说得不准」: a remark after the value
    said = re.sub(r"(?<=.{2})[，,\s]*(?:而)?不是[^，,。]*$", "", said)  # 「应该是居委活动室，不是花园」: the old value after it
    value = re.sub(r"(?<=.{2})了$", "", _FITS_BETTER_RE.sub("", clean_text(said)))  # 「…中心了」「七宝镇才对」
    return value or None


# A value taken back inside the reply itself (「长宁区 哦不对 是徐汇」「钱……不对，是场地」「解散 口误 是合并」): an interjection
# before 不(对/是), or 不对/说错了/口误 set off by a pause, with words on both sides of it
_SEP = r"[\s,.;!~…，。；！～、]"
_RETRACTION_RE = re.compile(rf"{_SEP}*[哦噢喔]+(?:不对(?:了|啊|呀)?(?:{_SEP}+|(?=是))|不是?(?:了|啊|呀)?{_SEP}+)|"  # 「长宁区哦不是徐汇区」: 哦，不是徐汇
                            rf"{_SEP}+(?:不对不对|不是不是|不对|(?:说|讲|搞|打|写)?错了|口误)(?:了|啊|呀)?(?:{_SEP}+|(?=是))")
_ADDS_RE = re.compile(r"还(?!是)|也|另外|而且|以及|再加上?")  # 「每天跳舞 哦不 还唱歌」
# 「冬天在活动室」「有时候也唱歌」: a time or a condition after a description taken back adds to it
_CONDITION_RE = re.compile(r"有时候?|有的时候|偶尔|平时|平常|冬天|夏天|天冷|天热|下雨|雨天|刮风|周末|晚上|白天|早上|上午|下午|节假日|过节|放假")


def retraction(text: Optional[str], described: bool = False) -> Optional[tuple[str, str]]:
    """(what is taken back with what stands before it, what is said instead) at the reply's last retraction:
    「龚雪梅，共字下面一个龙……不对，是龙字下面一个共」 → (龚雪梅，共字下面一个龙, 是龙字下面一个共); None without one.
    For a `described` answer (a place, what the team does) a bare 不对/写错了 between spaces is part of it
    (「教小朋友写字 写错了 就改」), and a time or condition after the retraction adds to what was said."""
    reply = normalize_reply(text)
    found = [m for m in _RETRACTION_RE.finditer(reply) if not described or reply[m.end():].startswith("是")
             or re.search(r"[^\s]", re.sub(r"不对不对|不是不是|不对|(?:说|讲|搞|打|写)?错了|[了啊呀]", "", m.group(0)))]
    if not found:
        return None
    head, said = reply[:found[-1].start()], clean_text(reply[found[-1].end():])
    if not re.search(r"[\u4e00-\u9fff0-9A-Za-z]", head) or not re.search(r"[\u4e00-\u9fff0-9A-Za-z]", said):
        return None  # 「不对，刚才名字写错了」 retracts an earlier answer; 「长宁区，不对」 says nothing instead
    clauses = [c for c in re.split(rf"{_SEP}+", head) if c]
    if re.search(r"刚才|刚刚|前面|之前|上面|上一", head):
        return None  # 「刚才那个 说错了 …」: an earlier answer taken back, the correction path reads it
    if _ADDS_RE.match(said) or (described and _CONDITION_RE.match(said)):
        return None  # 「每天跳舞 哦不 还唱歌」「小区花园 哦不对 冬天在活动室」: something added, nothing taken back
    return "，".join(clauses), re.sub(r"^(?:而|就|应该|其实)?是(?=[^的了吧啊]{2,})", "", said)  # 「不对，是徐汇」: 是 says it is


def respelled(taken: str, said: str) -> Optional[str]:
    """「三林园居委会…打错了，是苑，三林苑」 → 三林苑居委会: what is said instead retypes the start of the name taken back with
    one character changed (that character alone first, if at all), so the name is the one taken back with that character
    fixed and its ending (居委会, 舞蹈队) kept; None for any other value said instead (「长宁区 哦不对 是徐汇」)."""
    pieces = [clean_text(p) for p in re.split(rf"{_SEP}+", said) if clean_text(p)]
    word = pieces[-1] if pieces else ""
    if not (is_cjk(taken) and is_cjk(word) and 2 <= len(word) < len(taken)) \
            or not all(len(p) == 1 and p in word for p in pieces[:-1]):  # 「苑，三林苑」: the character, then the word
        return None
    changed = [i for i, (was, now) in enumerate(zip(taken, word)) if was != now]
    return word + taken[len(word):] if len(changed) == 1 else None


def correcting_clause(text: str, word: str) -> bool:
    """Whether `word` stands in a clause holding correction words (「番禺居委，街道写错了」: 街道, not 居委)."""
    return any(word in c and is_correction(c) for c in re.split(r"[，,。；;\s]+", normalize_reply(text)))


def said_before_correction(text: str) -> Optional[str]:
    """「25，人数刚才说错了」 → 25: the pieces before the first one holding correction words; None without any."""
    pieces = [clean_text(p) for p in re.split(r"[，,。；;]+", normalize_reply(text)) if clean_text(p)]
    return "，".join(pieces[:next((i for i, p in enumerate(pieces) if is_correction(p)), 0)]) or None
