"""Yes/no answers, and replies that answer nothing (不知道 / 随便 / 看情况): one list of non-answers that
every slot's parser refuses, so a form re-asks instead of storing or guessing."""
from __future__ import annotations

import re
import unicodedata
from typing import Optional

from actions.parsing.questions import looks_like_question
from actions.parsing.text import GREETINGS, clean_text, han_punctuation, normalize_reply, only_says_when, without_hedge

_YES_RE = re.compile(r"^(是|对|有|嗯|好|行|可以|确认|确定|没错|正确|对的|提交|交吧|得嘞|得勒|妥了|妥妥|yes|ok|y)|^得$|"
                     r"(?<![不没])(?:都|全|全部)(?:对|正确)|(?:^|[，,\s])(?:那就|就|那)?(?:提交|交|撤销备案|注销备案|撤掉|注销)(?:了|掉|上去)?$|已(建|经)|是的|有的|刚成立|新成立|"
                     r"刚刚|建立了|建了|成立了|招了|招过|[聘雇]了|[聘雇]过|聘用|招用|可以提交|提交吧|^👍|^👌|^✅")
_NO_RE = re.compile(r"不是|没有|没|无|否|不|木有|别|错|等一?下|等等|先不|暂缓|缓一缓|no|n$|还没|^❌|^🙅|[暂尚]未|未(?:建|成立|设|有|招|聘)")
_SURE_YES_RE = re.compile(r"没问题|没错|不错|没毛病|(?<![不有])无误|(?<![不别])同意(?:提交|注销|办理|申请)|(?<![不])对的|(?<![不])是的|^有的?$|^(确认|确定)?提交吧?$|"
                         r"(?<![别不没先再])(?:撤|注销|销|提交|交|办)(?:了|掉)?吧|"  # 「嗯，撤了吧，没办法」
                         r"(?:^|[，,\s])(?:请|麻烦|帮我|帮忙|你|您)+(?:提交|交上去)(?:吧|一下)?$")  # 「核对完毕，请提交」
# 「队员们还没同意注销」「没人同意」「不能同意」: a negation before 同意 in the same clause agrees to nothing
_NOT_AGREED_RE = re.compile(r"(?:没|不|别|未|无|难|反对)[^，,。；;！!]{0,6}同意")
# Replies that answer nothing, whatever the slot: not knowing, leaving it open, putting it off, pointing
# elsewhere (「跟名字上写的一样」「这个要问居委会」). One list for every parser, yes/no included.
NOT_AN_ANSWER = ("不知道", "说不上来", "说不出来", "讲不上来", "不清楚", "不太清楚", "不晓得", "不告诉", "没告诉", "没想好", "还没起", "没有名字", "随便", "忘了",
                 "不记得", "记不住", "记不清", "不确定", "不太确定", "不大确定", "不一定", "说不好", "不好说", "说不准", "说不清",
                 "搞不清", "说不完", "还没找到", "没找到", "还在找", "没有固定", "都行", "都可以", "无所谓", "看需要", "看情况",
                 "再说吧", "等会儿", "待会儿", "回头", "再告诉", "要问", "问问", "得问", "回去问", "去问下", "去问一下", "查查",
                 "我查一下", "我看看", "我找找", "我找一下", "我翻翻", "我翻一下", "平常那些", "就那些", "老样子", "上写着",
                 "不固定", "没固定", "还没定", "没定好", "待定", "没想过", "没考虑过", "想不起", "记不起", "没看过", "没商量",
                 "没注意", "没留意", "没数过", "没统计")
_POINTS_ELSEWHERE_RE = re.compile(r"(?:跟|和|同)[^，,。]{0,8}(?:一样|差不多|相同|一个意思|一回事|一码事)|"  # 「跟队名一个意思」
                                  r"^(?:这个|那个|这|那)(?:还)?(?:要|得|需要)(?:看|查|翻)|"  # 「这个要看证书」
                                  r"^(?:很多|好多|挺多|一大堆|各种各样)+的?$|没个准|没准儿?$|(?:不|没有?)固定(?:的|地方)?$|"  # 「很多很多」「今天这明天那，没个准」
                                  r"^(?:你|您)?(?:自己)?(?:去|可以)?问(?:一下|下)?(?:我们|咱们)?(?:的)?(?:居委会?|街道|社工|书记|队长|会长|团长|组长|负责人|领导|"
                                  r"他们|别人|办事处|民政局?)(?:去|吧|呗|好了|就知道了?)?(?:$|[，,])|"  # 「问居委去」「问居委会吧，他们安排的」
                                  r"^(?:啥|什么|样样|各种)都(?:搞|弄|做|干|来|玩)[吧啊呀的哈]?$|"  # 「啥都搞」 names nothing
                                  r"^(?:看|在)?(?:回执|证书|登记证|表格?|本子|文件|材料)上(?:面)?(?:有|写着)[的呢呀啊]?$")  # 「回执上有」


# Declining to answer at all (「不用了」「算了」「先不填了」): never a name, a place or a description. Kept apart
# from NOT_AN_ANSWER because at a yes/no question 「不用了」 is the answer no.
_DECLINES_RE = re.compile(r"^(?:那)?(?:不用了?|算了|不填了?|不写了?|不想(?:说|填|写|留|告诉)|先不(?:填|写|弄|办|说)?了?|不弄了|"
                          r"不办了|不要了|不需要了?|没必要)[吧啊呀哈嘛了。！!～~…\s]*$")


# Putting a confirmation off (「等等 我先问问队长 先不提交了」): not a no, not a change, not a cancel.
_PUTS_OFF_RE = re.compile(r"先不(?:提交|交|确认|办|报)|等(?:等|一下|会儿?)再|(?:回头|晚点|过两天|明天)再(?:提交|交|确认|说|弄)|"
                          r"先问问|我(?:先|再)?问(?:一下|问)?(?:队长|书记|居委|大家)|商量(?:一下|下)再")


def puts_off(text: Optional[str]) -> bool:
    """「先不提交了，我问问队长」: the user wants to come back to the confirmation later."""
    return bool(_PUTS_OFF_RE.search(text or ""))


def declines(text: Optional[str]) -> bool:
    """「不用了」「先不填了」: the user declines the question (a refusal is never stored as a value)."""
    return bool(_DECLINES_RE.match(clean_text(text or "")))


# Putting the whole matter off (「备案的事等开春再说吧」「先搁一搁」): no value of any slot
# (「唱歌跳舞等文体活动」: 等 after a list says "etc.", it waits for nothing)
_WAIT = r"等(?!文体|公益|娱乐|健身|体育|志愿|各类|各种|多种|方面|项目|内容|等)"
# Words of stopping the flow (「算了不办了」「不填了」): in a short message they ask to cancel (actions/cancel.py), so no
# step reads them and no side question is made of them
STOP_WORDS_RE = re.compile(r"算了|不办|不填|不弄|不搞|不做|不要了|不用了|不想(办|填|弄|做|继续|搞|了)|停止|终止|结束|别填|^停[止下]?$")
SHORT_STOP = 12


def says_stop(text: str) -> bool:
    """A short message with a word of stopping the flow."""
    return len(text or "") <= SHORT_STOP and bool(STOP_WORDS_RE.search(text or ""))


DEFERS_RE = re.compile(r"(?:下回|下次|改天|以后|回头|过几天|过段时间|开春|明年|年后|过了年|" + _WAIT + r"[^，,。]{1,10}?)再(?:说|弄|办|填|搞)|"
                       + _WAIT + r"[^，,。]{1,10}?(?:回来|有空|下班|放学|放假)(?:再|了)?(?:帮我|帮忙)(?:说|弄|办|填|搞)|"
                       r"先?搁一搁|先搁着|先放一放|先放放|先放着")
_CLAUSES_RE = re.compile(r"[，,。；;！!\s]+")
_MATTER_RE = re.compile(r"(?:那|这)?个?[\u4e00-\u9fff]{0,4}?(?:的事|这事|事情|这个事)[儿情吧啊]?|(?:那|这)(?:个|事)?[吧啊]?|"
                        r"(?:电话|手机号?|号码|名字|名称|队名|人数|地址|地点|类别|范围)(?:的话|嘛|啊|呢)?")


def without_deferral(text: Optional[str]) -> str:
    """The clauses that put nothing off (「每周三跳广场舞，等天暖和了再搞户外的」 → 每周三跳广场舞); "" when every
    clause does (「备案的事等开春再说」), the text itself when none does."""
    clauses = [c for c in _CLAUSES_RE.split(text or "") if c]
    if not any(DEFERS_RE.search(c) for c in clauses):
        return text or ""
    kept = [c for c in clauses if not DEFERS_RE.search(c) and not _MATTER_RE.fullmatch(c)]  # 「备案的事，开春再说」
    return "，".join(kept)


def holds_off(text: Optional[str]) -> bool:
    """At a confirmation, 「先不提交，我问问队长」 or the whole matter put off (「等开完会再办」): on hold, not a no."""
    return puts_off(text) or bool(DEFERS_RE.search(text or ""))


def is_non_answer(text: Optional[str]) -> bool:
    """「不知道」「随便」「回头问了书记再告诉你」「跟名字上写的一样」: no value of any slot; a deferral only when
    nothing else is said before it (「小区花园，下雨的话等雨停再说」 names the place)."""
    reply = re.sub(r"问问?好", "", text or "")  # 「打个电话问问好」 greets someone, it puts nothing off
    deferred = DEFERS_RE.search(reply) and not without_deferral(reply)
    return any(word in reply for word in NOT_AN_ANSWER) or bool(_POINTS_ELSEWHERE_RE.search(reply) or deferred)


# 「想问问要不要建支部」「不知道要不要先报备」: a question said outright, though 问问/不知道 also put an answer off
_ASKS_OUTRIGHT_RE = re.compile(r"想问问?|问一?下|请问|不知道(?:要不要|能不能|可不可以|该不该|用不用|需不需要)")


def asked_pieces(text: str) -> str:
    """The pieces of a reply that may ask, without those that only put the answer off (「…，在哪条路我说不上来」)."""
    return "，".join(p for p in re.split(r"[，,。；;]+", text) if not is_non_answer(p) or _ASKS_OUTRIGHT_RE.search(p))


# 「好的」「行」「OK」 to 「有没有吸纳重点群体就业？」 acknowledge the question, they do not answer it (a 是/有 does);
# parse_yes_no reads them as yes, which is right where the question is 「确认提交吗」.
_ACKNOWLEDGES_RE = re.compile(r"(?:嗯+|哦+)?(?:(?:好的?|好滴|好哒|好嘞|行|行的|ok|okay|收到了?|知道了?|明白了?|了解|👌|👍)"
                              r"[啊呀哈的吧。，,！!~～.\s]*)+", re.I)


def only_acknowledges(text: Optional[str]) -> bool:
    """Whether the reply only acknowledges (好的/行/收到了), at a question of fact no yes."""
    return bool(_ACKNOWLEDGES_RE.fullmatch(clean_text(text or "")))


def parse_yes_no(text: str, intent: Optional[str] = None) -> Optional[bool]:
    """True/False from a short answer, else the NLU intent (affirm/deny): the words win (NLU read 「木有😅」
    as affirm); None when unclear (不知道 is no 没有)."""
    if is_non_answer(text):
        return None
    words = clean_text(unicodedata.normalize("NFKC", text or "")).lower()
    if _SURE_YES_RE.search(words) and not _NOT_AGREED_RE.search(re.sub(r"没问题|没错|不错|没毛病", "", words)):
        return True
    if _NO_RE.search(words):
        return False
    if _YES_RE.search(words):
        return True
    if len(words) > 6:
        return None  # 「我今天血压有点高」: a sentence with no yes or no in it says neither, whatever NLU read
    return {"affirm": True, "deny": False}.get(intent or "")  # the words said neither: NLU's reading


def free_text(text: Optional[str], min_len: int = 2, max_len: int = 200) -> Optional[str]:
    """A short description (place, activities) of a sensible length: not digits or punctuation only, not
    a question, a greeting or a 「不知道/随便」."""
    reply = without_hedge(normalize_reply(without_deferral(str(text or ""))))  # 「地点的话…小区花园」
    if not (min_len <= len(reply) <= max_len) or not any(ch.isalpha() for ch in reply):
        return None
    if looks_like_question(reply) or looks_like_question(str(text)) or GREETINGS.match(reply) \
            or is_non_answer(reply) or only_says_when(reply) or declines(reply):  # the raw text too: 「你说呢」
        return None
    return han_punctuation(reply)
