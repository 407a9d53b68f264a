"""Text helpers every package shares: normalisation, character bigrams, numbers, PII masking.

Pure Python 3.10 compatible (the action server imports it). One definition each, so the matcher,
the refusal gate, the question-log grouping and the log filter cannot drift apart.
"""
from __future__ import annotations

import re
import unicodedata

_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_PUNCT_RE = re.compile(r"[\s\W_]+", re.UNICODE)
_SPACE_RE = re.compile(r"\s+")
# Figures an answer can assert: Arabic numbers (with % and decimals) and counted Chinese quantities.
DIGITS = re.compile(r"\d+(?:\.\d+)?%?")
CN_COUNT = re.compile(r"[一二三四五六七八九十两百千]+(?:个|项|级|类|年|条|名|家|次|分|层|种|季度|批|型|阶段|月|日)")
_D = "[0-9０-９]"  # people type full-width digits on phones
_ID_RE = re.compile(rf"(?<!{_D})([1-9１-９]{_D}{{5}}){_D}{{8}}({_D}{{3}}[0-9０-９XxＸｘ])(?!{_D})")
_PHONE_RE = re.compile(rf"(?<!{_D})([1１][3-9３-９]{_D})([ \-－]?){_D}{{4}}\2({_D}{{4}})(?!{_D})")


def compact(text: str) -> str:
    """NFKC, no whitespace: cleaned texts keep stray spaces (`不少于 12 个`) and mix （ and (."""
    return _SPACE_RE.sub("", unicodedata.normalize("NFKC", text))


def squash(text: str) -> str:
    """NFKC, lower case, no punctuation or whitespace: the form two phrasings are compared in."""
    return _PUNCT_RE.sub("", unicodedata.normalize("NFKC", text).lower())


def char_bigrams(text: str) -> set[str]:
    """Character bigrams of the squashed text (Chinese has no spaces to split words on)."""
    t = squash(text)
    return {t[i:i + 2] for i in range(len(t) - 1)} or ({t} if t else set())


def quoted_names(text: str, longest: int) -> list[str]:
    """Names a question puts in quotes (“五社联动”「专业服务」), 2 to ``longest`` characters: the refusal check
    wants each in the clause (12: a term, not a quoted sentence), the ranking lifts a clause headed by one (16)."""
    return re.findall(rf"[“\"「『]([^”\"」』]{{2,{longest}}})[”\"」』]", text)


def cjk_bigrams(text: str) -> list[str]:
    """Bigrams of every CJK run in order (single characters for one-character runs): BM25 and coverage."""
    out = []
    for run in _CJK_RUN.findall(text):
        out.extend(run[i:i + 2] for i in range(max(len(run) - 1, 1)))
    return out


def mask_pii(text: str) -> str:
    """Mask 18-digit ID numbers (110105********123X) and 11-digit mobile numbers (138****8000, also
    written 138 1234 8000 or 138-1234-8000, in half- or full-width digits)."""
    text = _ID_RE.sub(lambda m: f"{m.group(1)}********{m.group(2)}", text)
    return _PHONE_RE.sub(lambda m: f"{m.group(1)}{m.group(2)}****{m.group(2)}{m.group(3)}", text)


_HALF_WIDTH = str.maketrans({chr(c): chr(c - 0xFEE0) for c in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B),
                                                                *range(0xFF41, 0xFF5B))})


def cn_numeral(number: int) -> str:
    """0–99 as the documents and place names write them (7 → 七, 12 → 十二, 20 → 二十)."""
    digits = "零一二三四五六七八九"
    if number < 10:
        return digits[number]
    tens, ones = divmod(number, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


def fold_width(text: str) -> str:
    """Full-width digits and Latin letters as ASCII (「１２２号」 → 「122号」), as phone keyboards type them;
    Chinese punctuation stays as it is."""
    return text.translate(_HALF_WIDTH)


# Separable verbs as people type them (「备了案」「登个记」「注过册」「备的案」「报上名」): the policy word made whole again,
# so that the embedding, BM25 and the compendium all read 「备案」. Only the words listed are joined.
_SEPARABLE = re.compile(r"(?<![准预设储])(备|登|注|立|结|报)(?:(?:了|过|的)(?:个|一个|一下)?|个|一个|一下|好|完|上)"
                        r"(案|记|册|项|名)(?![例卷单录件子])")
_WHOLE = frozenset({"备案", "登记", "注册", "立项", "结项", "报名"})


def join_separable(text: str) -> str:
    """「备了案之后有啥支持」 → 「备案之后有啥支持」."""
    return _SEPARABLE.sub(lambda m: m.group(1) + m.group(2) if m.group(1) + m.group(2) in _WHOLE else m.group(0),
                          text)

