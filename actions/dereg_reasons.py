"""Why a team is deregistered (解散 / 合并 / 长期不活动 / 其他) from a button, its number or the user's own words: what
the team is now is read before its cause, what a reply denies or takes back is no reason (「合并…不是，其实没合成，散了」)."""
from __future__ import annotations

import re
from typing import Optional

from actions import parsing

REASON_OPTIONS = (
    ("dissolved", "解散", ("解散", "散了", "散掉", "散伙", "不办了", "不搞了", "关掉", "不做了", "不干了",
                                 "走光", "都走了", "走完了", "不存在", "解体", "散架", "没了", "不在了", "散啦", "搞不动", "跳不动", "唱不动", "弄不动", "干不动")),
    ("merged", "与其他组织合并", ("合并", "并入", "并到", "合到", "并掉", "并了", "合成一个", "合在一起", "合成一", "合起来",
                                 "吸收", "并进", "归到", "加入了别的", "加入别的", "合进", "合为", "合成", "并成", "并过去", "合二为一")),
    ("inactive", "长期不活动了", ("不活动", "没活动", "不运作", "停了", "僵尸", "长期没搞", "好久没搞", "很久没搞", "没人了", "没人来", "没人参加", "停摆", "不开展",
                                        "没怎么活动", "不怎么活动", "很少活动", "活动少", "名存实亡")),
    ("other", "其他原因", ("其他", "其它", "别的", "重复备案", "重复登记", "备重了", "转成", "转为", "转型", "升级", "改登记", "转登记", "重新备案", "改名", "登记成", "注册成", "登记为", "正式登记",
                               "换个名", "换名")),
)



def choose_key(text: str, options: tuple[tuple[str, str, tuple[str, ...]], ...]) -> Optional[str]:
    """The key of the option a reply picks (number, title, part of a title, synonym); None if unclear."""
    reply = parsing.normalize_reply(text)
    if not reply or parsing.looks_like_question(reply):
        return None
    index = parsing.choose(reply, [(title, words) for _key, title, words in options])
    return None if index is None else options[index][0]


# 「跟别的队并了」「合到别的队去了」: merged with another team (别的 names that team, not another reason)
_MERGED_RE = re.compile(r"[跟和与同].{0,8}(?:合并|并了|并到|并入|并成|合到|合在|合二为一|合成|合为|合起来|合一起|合了|并一块)|"
                        r"(?:合并|并到|并入|合到)(?:到)?别的|(?:被|让)[^，,。]{1,10}?(?:吸收|合并|并|收进|收编|收走)|"
                        r"(?:加入|并进|合进|转到|转去|去|到)(?:了)?(?:别的|隔壁|其他|其它|另一个|另外的?|街道的?)"
                        r"[^，,。]{0,6}(?:队|团|组|社|会|中心)")  # 「成员都加入了隔壁的合唱团」
# 「不想搞了」「大家不打算再办下去」: the team gives up, it is dissolved
_GIVING_UP_RE = re.compile(r"不(?:想|再|打算|准备)(?:再)?(?:搞|办|做|干|弄)(?:了|下去)")
# 「一年多没搞活动了」「三年多没组织过活动」: no activity, whatever verb is used
_NO_ACTIVITY_RE = re.compile(r"(?:没|不|没有|停止|很少)(?:怎么|再|咋)?(?:搞|组织|开展|举办|办|参加)过?(?:什么|啥|一次|一回|一场|任何)?活动|"
                             r"没(?:有)?(?:再)?(?:聚|见面|碰头|排练|练)(?:过|了)|(?:一直|好久|很久|长期|老是?|半年|一年|几年)[^，,。]{0,3}没(?:搞|弄|动|办|人管)|(?<![跳唱弄干搞走])不动了|停掉|停下|没(?:什么|啥)?动静|没声音|"
                             r"没(?:怎么|有)?动(?:过|了)|没(?:有)?(?:再|怎么)?活动(?:过|了)|一次(?:活动)?[都也]没|聚不[上起齐]|凑不[齐起]|最后一次(?:活动|聚|排练)[^，,。]{0,4}(?:还是|是)?[^，,。]{0,4}(?:前年|去年|几年前|好久)|"
                             r"(?:大家|都|也|就)(?:再)?不(?:来|去|跳|唱|练|参加|出来)了|"  # 「大家也就不来了」
                             r"(?:不了|没)几次活动|"  # 「一年到头也搞不了几次活动」
                             r"没有?(?:什么|啥|多少)?人(?:再|愿意|肯|想)?(?:来|跳|唱|练|搞|玩|参加|组织|牵头|管|带|张罗|召集|操心)")  # 「没人跳了」「没人牵头」


# What went before the team's state (「场地没了以后就一直没搞过活动」): a cause, read only when the rest says nothing
_CAUSE_RE = re.compile(r"^(.{2,}?)(?:以后|之后|后来|完了|了以后|结果|所以|因此|于是)[，,]?(?:就|也|便)?(?=.{2,})")
# Something other than the team gone or lacking (场地没了, 钱没了, 老师走了): the cause, not a dissolution
_THING_GONE_RE = re.compile(r"(?:场地|地方|场子|活动室|房子|钱|经费|资金|老师|教练|队长|负责人|会长|领队|带头的?人?)"
                            r"(?:也|都|就|又)?(?:没了|没有了|不在了|走了|收回了?|拆了|到期了?|不给了?)")


# 「合并…不是，其实…」「不活动，不对，是…」: a reason said, then taken back by a 不是/不对 of its own — what follows is meant
# 「解散…也不算，就是好几年没动静了」: a reason said, then that it does not quite fit — what follows is meant
_TAKEN_BACK_RE = re.compile(r"^[^，,。]{1,12}?(?:(?:…+|\.{2,}|[，,。])\s*(?:哦|噢)?(?:不是|不对)(?:不是|不对)?|(?:…+|\.{2,}|[，,。\s吧嘛])?\s*(?:也|倒也|其实也|又)"
                            r"(?:不算|算不上|谈不上)(?:是)?)[啊呀吧]?(?:…+|\.{2,}|[，,。\s])+(?:其实|而是|应该是|就是|只是|是)?(?=.{2,})")
# 「其实没合成」「还没解散」「没打算解散」「暂时不解散」: a way of ending said not to have happened (or not meant) names no reason
_NOT_HAPPENED_RE = re.compile(r"(?:还|也|并|都)?(?:没有?|未|不)(?:会|打算|准备|想|愿意?|肯)?(?:真)?"
                              r"(?:合成|合并|并成|并掉|合到一起|合在一起|解散|散掉?|散伙|解体)[了过成]?|"
                              # 「想合并也没人要我们」: a way of ending tried or wished for that did not come about
                              r"(?:想|本想|本来想|原想|打算|准备)[^，,。]{0,6}?(?:合并|并到|并入|合到|并过去)[^，,。]{0,3}?"
                              r"(?:也|都|但|可|却)?(?:没|不成|不了|失败|黄了)[^，,。]*")
# 「没人了，散掉了」: the team dissolved, said outright beside what led to it, is the reason — not one only near
# (快散了, 离解散不远) nor 散 inside another word (松散, 分散)
_DISSOLVED_RE = re.compile(r"(?<![快要离将松分扩疏涣])(?:解散|(?<!解)散(?:了|掉|伙|啦|架)|解体)|各回各家|各奔东西")


def map_reason(text: str) -> Optional[str]:
    """Reason key from a number, the option title (长期不活动了) or free words; None when unclear. What the
    team is now is read before its cause (「老师走了以后就没人来了」 is inactive, not a dissolution); a reason
    taken back or said not to have happened is not read."""
    reply = parsing.normalize_reply(text)
    taken_back = _TAKEN_BACK_RE.match(reply)
    reply = _NOT_HAPPENED_RE.sub("，", reply[taken_back.end():] if taken_back else reply)
    cause = _CAUSE_RE.match(reply)
    if cause and not parsing.looks_like_question(reply):
        now = _reason(reply[cause.end():])
        if now is not None:
            return now
    return _reason(_THING_GONE_RE.sub("，", reply))


# 「都不是」「不是前面三种」: none of the listed reasons, so the last option (其他原因) unless another part names one
_NONE_OF_THEM_RE = re.compile(r"(?:^|(?<=[，,。]))(?:都|全|哪个都|以上都|上面都)不是(?=[，,。…\s]|$)|"
                              r"不是(?:前面|上面|以上)(?:的|这|那)?(?:几|三|两)?(?:种|个|项|条)")


def _reason(text: str) -> Optional[str]:
    reply = parsing.normalize_reply(text)
    if _NONE_OF_THEM_RE.search(reply) and not parsing.looks_like_question(reply):
        rest = _NONE_OF_THEM_RE.sub("，", reply)
        return next((k for k in [_reason(rest)] if k not in (None, "other")), "other")
    said = parsing.without_denied(reply)  # 「不是不活动，是散了」
    key, reply = (choose_key(said, REASON_OPTIONS) if said else None), said
    if key == "inactive" and _DISSOLVED_RE.search(reply):
        return "dissolved"  # 「说白了就是没人了，散掉了」
    if key not in (None, "other") or parsing.looks_like_question(reply):
        return key
    if _MERGED_RE.search(reply):
        return "merged"
    if key is None and _GIVING_UP_RE.search(reply):
        return "dissolved"
    if key is None and _FILED_WRONG_RE.search(reply):
        return "other"
    return "inactive" if key is None and _NO_ACTIVITY_RE.search(reply) else key


# 「名字写错了，要撤了重新备」「原来挂错了街道」: the record was wrong, to be filed again: another reason
_FILED_WRONG_RE = re.compile(r"重新[^，,。]{0,4}备|(?<![没未])(?:挂|写|备|登|填)错了?")
