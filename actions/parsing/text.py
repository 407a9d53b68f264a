"""How a reply is normalised before any parser reads it: full-width to half-width, emoji and fillers
dropped, 语气词 trimmed, the domain's voice typos read as meant, and the plain shapes every parser
shares (Chinese characters only, greetings, a reply that only says when)."""
from __future__ import annotations

import re
import unicodedata
from typing import Optional

MAX_ANSWER_CHARS = 500  # a longer reply is refused with a message, never cut silently
_EMOJI_RE = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\u200d\u20e3]")  # 2️⃣ (keycap) reads as 2
_LEAD_FILLER_RE = re.compile(r"^(?:嗯+(?:呐|呢|哪(?![个里儿些位样种天年一]))?|呃+|哦+|噢+|啊+|额+|那个|就是|好的?(?![几多些久像象])|ok)[\s，,、。.…~～]*", re.I)
# Words typed by voice input for the domain's own words (备按 for 备案): read as the word meant.
_VOICE_TYPOS = {"备按": "备案", "被按": "备案", "注消": "注销", "街到": "街道", "居委汇": "居委会", "据委": "居委", "巨委": "居委", "局委": "居委", "聚委": "居委", "街道儿": "街道", "合病": "合并", "河并": "合并", "文题活动": "文体活动", "明字": "名字",
                "句号": "。", "逗号": "，"}  # punctuation dictated as words
_VOICE_TYPO_RE = re.compile("|".join(_VOICE_TYPOS))
# A reply that only says when (每周两次, 晚上七点, 每周三下午): no place, name, activity or field.
_WHEN_RE = re.compile(r"[0-9零一二两三四五六七八九十几]+(?:点半?|次|回|趟|个?小时|天)|[0-9一二两三四五六七八九十几半]+个(?:月|星期|礼拜|钟头)|每|一周|周(?:[一二三四五六日末](?![次回趟]))?|"
                      r"星期[一二三四五六日天]?|礼拜[一二三四五六日天]?|[早上中下晚]午|[早晚]上|傍晚|[天月]|左右|大概|一般|基本上?|"
                      r"都是|(?<=[、和])[一二三四五六日天](?=[、和早上中下晚]|$)|[到至~～:：\-]|[，,、\s]")  # 「晚上六点半到八点」
# Greetings, thanks and laughter: said to the bot, no value of any slot (「辛苦啦😊」 is no team name).
MEALTIME = r"吃(?:了|过)?饭?了?(?:吗|没|没有|伐)|吃过了"  # 「吃饭没」: a greeting, not a 没
GREETINGS = re.compile(r"^(?:你好|您好|在吗|在不在|哈喽|hello|hi|谢谢|多谢|好的|收到|好嘞|好滴|辛苦(?:了|你了|您了)?|"
                       r"麻烦(?:你|您)?了|(?:太|非常|十分)?感谢(?:你|您)?(?:了)?|谢谢(?:你|您)(?:了)?|[早中下晚]上好|[中下]午好|"
                       r"[哈呵嘿嘻]{2,}|" + MEALTIME + ")$", re.I)
NAME_STOPWORDS = re.compile(r"[不没你我他她们的了吗呢啊吧哪谁啥么问]|也是|那个|这个|知道|告诉|名字|团队|负责|就是|一下|顺便|请|帮")


def clean_text(text: Optional[str]) -> str:
    """Trim spaces and trailing punctuation/语气词 so '夕阳红舞蹈队。' and '夕阳红舞蹈队哈' compare equal."""
    text = (text or "").strip()
    return re.sub(r"[\s。.!！~～,，、]*(哈|呀|啊|哦|噢|吧|呢|啦|嘛|呗|咯|喽|嘞)?[\s。.!！~～,，]*$", "", text).strip()


_FORMAL_NUMERALS = str.maketrans("壹贰叁肆伍陆柒捌玖拾佰", "一二三四五六七八九十百")
# 贰拾捌, 第叁项, 肆个 → 二十八, 第三项, 四个; 陆建平 and 队伍 keep their 陆 and 伍
_FORMAL = "壹贰叁肆伍陆柒捌玖拾佰"
_FORMAL_RUN_RE = re.compile(rf"(?<=第)[{_FORMAL}]+|[{_FORMAL}]{{2,}}|[{_FORMAL}](?=[个人项位号条种类]|名(?:队|成|会|人|$))")
_QUOTED_RE = re.compile(r"^[“「『\"]([^“”「」『』\"]+)[”」』\"]$")  # a reply that is one quoted value
_ROMAN = {"I": "1", "II": "2", "III": "3", "IV": "4", "V": "5", "VI": "6"}


def normalize_reply(text: Optional[str]) -> str:
    """Full-width to half-width, emoji and leading 嗯/那个 dropped, trailing 语气词 trimmed: the form of a
    reply every parser compares, so ２５ equals 25 and 「嗯，长宁区😊」 equals 长宁区."""
    text = _FORMAL_RUN_RE.sub(lambda m: m.group(0).translate(_FORMAL_NUMERALS), unicodedata.normalize("NFKC", text or ""))
    text = _ROMAN.get(text.strip(), text)  # Ⅱ (NFKC: II) → 2
    text = _QUOTED_RE.sub(r"\1", _EMOJI_RE.sub("", text).strip())  # 「“王秀英”」: the quotes are not the name
    text = _LEAD_FILLER_RE.sub("", text)
    return clean_text(fix_voice_typos(text))


def reply_pieces(reply: str, marks: str) -> list[str]:
    """The non-empty pieces of a reply between any of ``marks`` (each parser its own commas and stops), an
    ellipsis (…, ...) or a tilde: 「我们那个…夕阳红广场舞队，对」「嗯呢～番禺居委会～」."""
    return [p for p in re.split(rf"(?:[{marks}…～~]|\.{{2,}})+", reply) if p]


_HALF_PUNCT = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？"}
_HAN_PUNCT_RE = re.compile(r"(?<=[\u4e00-\u9fff])[,;:!?]|[,;:!?](?=[\u4e00-\u9fff])")


def han_punctuation(text: str) -> str:
    """Punctuation next to Chinese written full-width again (NFKC made 「排练合唱，逢年过节」 「排练合唱,逢年过节」), and
    brackets as a pair in a Chinese answer (「活动室（B1）」): a free answer is stored the way it was typed."""
    text = _HAN_PUNCT_RE.sub(lambda m: _HALF_PUNCT[m.group(0)], text)
    return re.sub(r"\(([^()]*)\)", r"（\1）", text) if re.search(r"[\u4e00-\u9fff]", text) else text


def fix_voice_typos(text: str) -> str:
    """备按 → 备案, 注消 → 注销: the domain's own words as voice input mistypes them."""
    return _VOICE_TYPO_RE.sub(lambda m: _VOICE_TYPOS[m.group(0)], text)


def only_says_when(text: Optional[str]) -> bool:
    """「每周两次」「晚上七点」: a time or frequency and nothing else."""
    reply = normalize_reply(text)
    return bool(reply) and not _WHEN_RE.sub("", reply)


def too_long(text: Optional[str]) -> bool:
    """Over MAX_ANSWER_CHARS: the answer is refused with a request for a shorter one."""
    return len(text or "") > MAX_ANSWER_CHARS


# A value said with a hedge or after its topic (「应该是南郊街道吧」「好像叫番禺居委」「街道的话…古美街道」): the
# value is the rest; the hedge only says the speaker is less sure, and the topic names the question's field.
_HEDGE_RE = re.compile(r"^(?:我|我们)?(?:应该|可能|好像|大概|估计|大约|差不多|记得|印象中|没记错的话)(?:就)?"
                       r"(?:是|叫|在|属于|属|归)?[，,\s…]*(?=[^，,\s]{2,})")
_TOPIC_RE = re.compile(r"^(?:所在的?|我们的?|团队的?|队伍的?)?(?:区县?|街道|镇|乡|居委会?|居民委员会|社区|村委?会?|名字|名称|队名|全称|"
                       r"地点|地方|场地|负责人|联系人|姓名|人数|电话|手机号?|号码|范围|类别|类型|原因|等级|需求|领域|地区|"
                       r"活动内容|内容|活动)(?:的话|嘛|呢|啊|呀|吧|[?？]+)[…\.。，,、\s]*(?=.{2,})")  # 「队名？…」: the question echoed


def without_hedge(reply: str, topic: bool = True) -> str:
    """「应该是南郊街道」 → 南郊街道, 「街道的话…古美街道」 → 古美街道: the value without the hedge (and, for places,
    the topic) before it."""
    for _ in range(2):  # 「街道的话，应该是古美街道」
        reply = _HEDGE_RE.sub("", _TOPIC_RE.sub("", reply) if topic else reply)
    return reply


def is_cjk(text: str) -> bool:
    """Only Chinese characters (and the · of transcribed names): the shape of a name or a place."""
    return bool(text) and all("\u4e00" <= ch <= "\u9fff" or ch == "·" for ch in text)


# 「住在闵行，但活动在浦东，填浦东吧」「写新华路就行」: the last clause says what to write down, whatever else was said
# (「写长宁不对」「写长宁也行」 tell what not to write, or that either will do)
_WRITTEN = r"((?:(?![不没别错也吗呢么]|的话|还是)[^，,。;；\s]){2,12}?)"
_TOLD_TO_WRITE_RE = re.compile(rf"(?:^|[，,;；\s]|(?<=栏)|(?<=[这那]项))(?:那|就|还是|那就)?(?:填|写|记)(?:成|上|作)?(?:个|一个)?{_WRITTEN}(?:吧|就行|就好|就可以|即可)?$|"
                               rf"(?:^|[，,;；\s])(?:那|就|还是|那就)?按{_WRITTEN}(?:来)?(?:填|写|算)(?:吧|就行|就好)?$")


def told_to_write(text: Optional[str]) -> Optional[str]:
    """The value of a closing 「填X吧」「按X填」 clause, None without one."""
    said = _TOLD_TO_WRITE_RE.search(normalize_reply(text))
    return (said.group(1) or said.group(2)) if said else None
