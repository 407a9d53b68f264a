"""Team names from whole sentences (「我们叫夕阳红广场舞队」「名字是康乐门球队，谢谢」): prefixes, quotes,
short forms and remarks after the name removed."""
from __future__ import annotations

import re
from typing import Optional

from actions.parsing.answers import declines, is_non_answer
from actions.parsing.gazetteer import listed_place
from actions.parsing.people import name_shaped
from actions.parsing.places import only_larger_places
from actions.parsing.questions import about_policy, follows_up, looks_like_question
from actions.parsing.text import GREETINGS, clean_text, normalize_reply, only_says_when, reply_pieces, without_hedge

_TEAM_PREFIX_RE = re.compile(
    r"^(?:(?:我们|咱们|俺们)(?:团队|队伍|的队|队)?的?(?:名字|名称|队名)?就?(?:是|叫做|名叫|叫)|"
    r"(?:团队|队伍)?的?(?:名字|名称|队名)就?(?:是|叫做|叫)?|就?(?:叫做|名叫|就叫|叫)|"
    r"(?:要|想|需要)?(?:注销|撤销|撤掉?|备案|登记)的(?:团队|队伍|组织|机构|就是|是)+)[：:\s]*")  # 「要注销的就是…」
_TEAM_SUFFIX_RE = re.compile(r"(?:队|团|组|会|社|班|站|部|所|室|坊|苑|中心|家园|联盟|之家|沙龙|私伙局)$")
_NICKNAME_RE = re.compile(r"简称|俗称|都叫|平时叫|一般叫|也叫|小名|都说|平时说|一般说|都喊")
_NAME_ELSEWHERE_RE = re.compile(r"(?:名字|名称|全称|队名)(?:都|就)?(?:写)?在[^，,。]{1,8}[上里]")
_NICKNAME_AFTER_RE = re.compile(r"(?<=[队团组会社班站心龙部])[嘛呢啊呀吧]?(?=(?:平时|平常|一般|大家|别人|人家)+(?:都|也)?(?:叫|喊|称)|"
                                r"简称|俗称|(?:都|也)(?:叫|喊))")
_NAME_MARKERS = ("全称是", "全称为", "全称", "全名是", "全名叫", "全名", "大名叫", "大名是", "名字就是", "名字是", "名字叫", "名字为", "名字写", "名字", "名称是",
                 "名称为", "名称写", "名称", "队名是", "队名叫", "队名为", "队名写", "队名", "团名", "叫做", "名叫", "就叫", "叫", "就写", "登记的话写", "备案的话写", "登记的时候写", "登记写", "备案写",
                 "改成", "改名叫", "改名为", "现在叫")


def _pieces(reply: str) -> list[str]:
    return reply_pieces(reply, "，,。；;！!")


def _after_name_marker(part: str) -> Optional[str]:
    """What follows the last of 叫/名字是/全称… in a piece (团队名字就是夕阳红 → 夕阳红); None without one."""
    ends = [part.rfind(m) + len(m) for m in _NAME_MARKERS if m in part]
    if not ends or re.match(r"(?:一直|始终|从来|都|也|还|已经|早就|(?:没|不)(?:变|改|换)|是老|是我|是大家|是居委)", part[max(ends):]):
        return None  # 「名字一直没变」「名字是老队长定的」: something said of the name, not the name
    after = re.sub(r"^(?:拟定?|暂定|初定|定)为|^为(?=[“\"「『《‘【])", "", part[max(ends):])  # 「名称拟为…」, not 「名字是为老服务队」
    said = re.match(r"^([^:：]{1,12})[:：](.+)$", after)  # 「名字定下来了：…」, not 「叫夕阳红：一个舞蹈队」
    told = said and re.search(r"了|是|为|下来|如下|[0-9一二两三四五六七八九十]个字", said.group(1))  # 「就两个字：晚霞」
    return said.group(2).strip() if told else after.lstrip(":： ")


# what a pair of quotes holds, with one quoted word inside (「武定坊“老克勒”摄影沙龙」 quoted as a whole)
_QUOTED_INNER = r"(?:[^“”\"「」『』《》‘’【】]|[“「『‘][^“”「」『』‘’]{1,12}[”」』’])"
_QUOTED_RE = re.compile(rf"(?:^|(?<=[是叫写为成]))[“\"「『《‘【]({_QUOTED_INNER}{{2,30}})[”\"」』》’】]|"
                        rf"[“\"「『《‘【]({_QUOTED_INNER}{{2,30}})[”\"」』》’】]")
# A quoted word the team's kind follows (「叫‘不老松’太极队」): the quotes set off the name's own word, kept without them
_LEADING_QUOTED_RE = re.compile(r"^[“\"「『‘'【]([^”\"」』’'】]{1,12})[”\"」』’'】](?=[\u4e00-\u9fff]{1,10}$)")


def _quoted_name(reply: str) -> Optional[str]:
    """A name in quotes inside a longer message (要注销的是“景山登山健身队”): after 是/叫/写 or at the start, or
    one that ends like a team; 「五马街道“乐活”家政服务社」 quotes a part of the name, not the name."""
    for match in _QUOTED_RE.finditer(reply):
        after = re.split(r"[，,。；;！!\s]", reply[match.end():])[0]
        joined = re.match(r"[\u4e00-\u9fffA-Za-z0-9]+", after)  # 「…二区“老街坊”合唱团（大家平时喊…）」
        inside, after = joined is not None, joined.group(0) if joined else after
        completed = any(_TEAM_SUFFIX_RE.search(after[:i]) for i in range(1, min(len(after), 12) + 1)) if inside \
            else _TEAM_SUFFIX_RE.search(after)  # 「“老街坊”合唱团就这个名字…」: the name goes on to its kind
        if (inside or not _TEAM_SUFFIX_RE.search(match.group(1) or match.group(2))) and completed:
            continue  # 「叫‘不老松’太极队」: the quotes hold a part of the name the rest completes
        name = _bare_team_name(match.group(1) or match.group(2))
        if name and (match.group(1) or _TEAM_SUFFIX_RE.search(name)):
            return name
    return None


def _is_subsequence(short: str, full: str) -> bool:
    rest = iter(full)
    return all(ch in rest for ch in short)


def _without_short_form(name: str) -> str:
    """「五马瓯剧票友社（瓯剧社）」 → the full name: a bracketed short form made of the name's own characters
    (or after 简称) is not part of it; 「…服务中心（筹）」 keeps its bracket."""
    match = re.fullmatch(r"(.{2,}?)\s*\((?:简称[:：]?)?([^()]{1,12})\)", name)
    if match is None:
        return name
    if re.fullmatch(r"[\u4e00-\u9fff]{1,8}(?:区|县|市|街道|镇|乡|路)", match.group(2)) \
            or re.search(r"备案|登记|注册|[^筹]的$|暂定|暂时|临时|待定|还没定|没定|已|停止|没有?|不再|[^筹]了$|[，,]", match.group(2)):  # 「（暂定）」「（已停止活动）」  # 「…舞蹈队（新华路街道备案的）」: a remark
        return match.group(1)  # 「…故事会（虹口区）」: where it is, not a part of the name
    full, short = match.groups()
    if re.fullmatch(r"[\u4e00-\u9fff]{2,5}", short) and not short.startswith("筹") and not _TEAM_SUFFIX_RE.search(short):
        return full  # 「翠林柔力球队（右安门）」: where it is, or a short form; 「（筹）」 stays
    shares = any(short[i:i + 2] in full for i in range(len(short) - 1))  # 横街暑托志愿小组（暑托班）
    return full if _is_subsequence(short, full) or shares or "简称" in name else name


# What people say after a name without a comma (voice input): 「…志愿队要注销的就是这个」「是…队没错」.
_WILL_DO = r"(?:就(?:好|行|可以|成)|即可)了?"  # 「写夕阳红广场舞队就好」: how the name is to be written down, no part of it
_AFTER_NAME_RE = re.compile(rf"(?<=[队团组会社班站心龙部坊苑家局])(?:就?[叫是]?(?:这个|它)|要注销的|没错|对的|不会错|居委会?也|{_WILL_DO}$).*$")
_NOT_A_NAME_RE = re.compile(r"那个|这个|[那这]边[^队团组会社班站]*$|[那这]边的(?:队|团|组|团队|队伍)$|(?<!迷)你|我|她|(?<![吉其])他|的$")  # 吉他社 is a name; 「居委会那边起」


# 「社区的舞蹈队」「我们小区的合唱团」: where a team is and what kind, no name of its own
_DESCRIBED_ONLY_RE = re.compile(r"^(?:我们|咱们)?(?:社区|小区|居委会?|街道|村|楼里|这边|那边|下面|底下|下属)?的[\u4e00-\u9fff]{1,3}(?:队|团|组|班)$")
# 「一个跳舞的队」「一支唱歌的队伍」: what kind of team it is, said of one team, no name
_ONE_KIND_RE = re.compile(r"^(?:就是|是)?(?:一个|一支|一只)[\u4e00-\u9fff]{1,8}?的(?:队伍|团队|小组|小队|队|团|组|班)$")
_HEAD_COUNT_RE = re.compile(r"(?:大概|大约|差不多|有|共|一共)?[0-9零一二两三四五六七八九十百几]+[多来余]?(?:个|位|名)?(?:人|队员|成员|会员|老人)")
_COMMUNITY_ONLY_RE = re.compile(r"(?:居委会?|居民委员会|村委会?|村民委员会)$")  # a 居委 is where the team is


# 「要销掉的就是X」「证书上面印的是X」「我们报的是X」: a clause ending in 的 that says which name is meant, before a
# team's name (「我们跳的是广场舞」 says what the team does); 「隔壁小区的是…」「原来的是…」 point at another name
_LEAD_IN_RE = re.compile(r"^[^，,。的]{1,8}的(?:就|也|都)?是(?=[^，,。]{3,}$)")
_OTHER_NAME_RE = re.compile(r"别人|人家|隔壁|旁边|对面|他们|她们|别的|其他|其它|以前|原来|之前|过去|老的|旧的|以往")
# 「就X嘛」「是X」: 就/是 before a team's name (就业/就医/就餐… start names of their own)
_JUST_RE = re.compile(r"^(?:就(?![业医餐近诊职读])是?|是)(?=.{3,}$)")


# 「我们是新华路的夕阳红广场舞队」: who we are, with where the team is (a place and 的) before its name
_WE_ARE_AT_RE = re.compile(r"^(?:我们|咱们|俺们)(?:就)?是([\u4e00-\u9fff]{2,8}?)的(?=[^，,。；;\s]{3,})")
# 「队长叫王桂兰」「负责人是李阿姨」: who leads the team, no name of the team
_LEADER_SAID_RE = re.compile(r"^(?:我们|咱们)?(?:的|队的|团的|队里的?)?(?:队长|团长|组长|领队|负责人|联系人|会长|社长|带头人?)"
                             r"(?:的名字|名字)?(?:就)?(?:是|叫做?|姓)")


def _without_where(part: str) -> str:
    """「我们是新华路的夕阳红广场舞队」 → 夕阳红广场舞队: a street or district the gazetteer lists, said with 的 after 我们是,
    is where the team is; 「新华路的朋友合唱团」 typed alone may be the name itself, and a place no list knows (阳光里)
    may be a part of it."""
    where = _WE_ARE_AT_RE.match(part)
    if where and listed_place(where.group(1)) and _TEAM_SUFFIX_RE.search(clean_text(part[where.end():])):
        return part[where.end():]
    return part


def _bare_team_name(part: str) -> Optional[str]:
    part = _without_where(part)
    part = re.sub(r"^它(?=.{3,})", "", _TEAM_PREFIX_RE.sub("", part))  # 「就叫它夕阳红舞蹈队吧」
    part = _LEADING_QUOTED_RE.sub(r"\1", re.sub(r"^(?:我们|咱们|俺们)[呢啊呀嘛]?(?=(?:就是|是)(?:那个|这个)?.{3,})", "", part))
    part = re.sub(r"^(?:就是|是)?(?:那个|这个)(?=.{3,})|^(?:要|想|需要|帮我)?(?:注销|撤销|撤掉)(?:掉)?(?=.{3,}$)", "", part)
    lead = _LEAD_IN_RE.match(part)  # 「要销掉的就是…」「上面印的是…」: what is meant, then the name
    if lead and _TEAM_SUFFIX_RE.search(clean_text(part[lead.end():])):
        if _OTHER_NAME_RE.search(lead.group(0)):
            return None
        part = part[lead.end():]
    name = _AFTER_NAME_RE.sub("", clean_text(part.strip("「」“”\"'《》【】 ")))
    name = _without_short_form(_JUST_RE.sub("", name) if _TEAM_SUFFIX_RE.search(name) else name)
    if not (2 <= len(name) <= 30) or not any(ch.isalpha() for ch in name) or name.isdigit() \
            or _NOT_A_NAME_RE.search(name) or only_says_when(name) or _COMMUNITY_ONLY_RE.search(name) \
            or _DESCRIBED_ONLY_RE.match(name) or _ONE_KIND_RE.match(name) or _HEAD_COUNT_RE.fullmatch(name) \
            or re.fullmatch(r"简称|全称|全名|名字|名称|队名|小名|缩写|俗称", name):  # 「20个人」 counts; 「简称」 names the kind of name
        return None
    return name


# 「名字最后再说」「先往下问吧」: the name put off until later, none given
_LATER_RE = re.compile(r"(?:名字|名称|队名)[^，,。\s]{0,3}?(?:最后|后面|回头|等会儿?|待会儿?|晚点|过会儿?|之后|以后)再(?:说|讲|告诉|填|补|给)|"
                       r"先往下问|先问(?:下一|别的|后面)|先跳过")
# 「后面不用加队」「不要带‘队’字」: a remark on how the name is written, after it
# 「夕阳红广场舞队（要写全称，不是夕阳红）」「…（经居委会推荐）」「晴波园K歌俱乐部（K是英文字母K）」: a closing bracket that
# remarks on the name (how to write it, who proposed it), not a part of it; 「…服务中心（筹）」 keeps its bracket
_BRACKET_REMARK_RE = re.compile(r"(?<=[\u4e00-\u9fffA-Za-z0-9])\s*\((?=[^()]*(?:[，,]|是|要写|写|不是|经|推荐|字母|英文|汉字|"
                                r"数字|拼音|大写|小写|名字|全称|简称|身份证|别写|不要|为准))[^()]{1,30}\)$")
_NO_SUFFIX_REMARK_RE = re.compile(r"[，,\s]+(?:后面|最后|末尾|结尾)?(?:不用|不要|别|不必|无需|没有)再?(?:加|带)[上个]?.{0,4}$")
_PROVISIONAL_RE = re.compile(r"(?:^|[，,\s])(?:先|暂时|暂且|临时|姑且)就?(?:叫做?|用|定为?|写成?)[：:\s]*([^，,。\s]{2,30}?)[吧啊哈呀]?"
                             r"(?:[，,\s]+(?:以后|回头|之后|后面|到时候?|等)[^，,。]{0,6})?$")  # 「先叫夕阳红吧 以后再改」
# 「先写成这样吧」「先叫啥好呢」「先用居委会的名字吧」: no name said
_NO_PROVISIONAL_NAME_RE = re.compile(r"这样|那样|这个|那个|啥|什么|怎么|哪|一下|名字|名称")
_TEAM_END = "队团组会社班站心龙部坊苑盟家局"  # …沙龙, …俱乐部, …之家


def _space_remarks(reply: str) -> str:
    """「夕阳红广场舞队 就这几个字」「…票友社 唱京剧的」: a space after a name that ends like a team, before words
    that do not, sets off a remark (a comma); 「夕阳红 舞蹈队」 is one name dictated in two."""
    pieces = re.split(r"(\s+)", reply)
    out = pieces[:1]
    for i in range(1, len(pieces) - 1, 2):
        rest = "".join(pieces[i + 1:]).strip()
        before = re.sub(r"[哦哈呀啊呢嘛啦噢吧]+$", "", out[-1])  # 「…广场舞队哦 有点长」「…队吧 大家投票定的」
        remark = before[-1:] in _TEAM_END and not _TEAM_SUFFIX_RE.search(clean_text(rest))
        out = [*out[:-1], before] if remark else out
        out += ["，" if remark else pieces[i], pieces[i + 1]]
    return "".join(out)


# 「华泾乐活助残服务社，全称前面还有上海市徐汇区」: the places that open the full name, said after the rest of it
_PREFIX_AFTER_RE = re.compile(r"^([^，,。；;\s]{2,30}?)[，,。；;\s]+(?:全称|全名|名字|名称)?的?(?:最?前面|前头|开头)(?:还|要|得)?(?:有|加上?|带)(?:个|着)?"
                              r"[“「]?([\u4e00-\u9fff]{2,12}?)[”」]?(?:这?几个字)?$")


def _with_prefix_said_after(reply: str) -> str:
    """The name in full when the larger places it opens with are said after it; the reply itself otherwise."""
    said = _PREFIX_AFTER_RE.match(reply)
    if said and _TEAM_SUFFIX_RE.search(said.group(1)) and only_larger_places(said.group(2)):
        return said.group(2) + said.group(1)
    return reply


_SENTENCE_WORDS_RE = re.compile(r"[我你他她们了吗呢吧啊呀想说问知道没]")


def parse_team_name(text: Optional[str]) -> Optional[str]:
    """The name itself from 「我们叫夕阳红广场舞队」「我们是跳广场舞的，叫夕阳红舞蹈队」「名字是康乐门球队，谢谢」:
    of the comma-separated pieces, a name after 叫/名字是/全称 that ends like a team (队/团/组/会…) first,
    then any piece ending like one, then a name after such a word, then a lone piece. None for
    questions, greetings, refusals and pastes over 50 chars."""
    reply = without_hedge(normalize_reply(text))  # 「名字的话…夕阳红舞蹈队吧」「好像叫…」
    reply = _NO_SUFFIX_REMARK_RE.sub("", _space_remarks(reply))  # 「夕阳红广场舞队 就这几个字」「银发先锋 后面不用加队」
    reply = _BRACKET_REMARK_RE.sub("", reply)
    label = re.match(r"^[\u4e00-\u9fff]{1,8}[:：]\s*(?=[^:：，,]{2,30}$)", reply)  # 「申请注销主体：夕阳红广场舞队」: a form's label
    reply = reply[label.end():] if label and _TEAM_SUFFIX_RE.search(reply) else reply
    reply = re.sub(rf"(^|[，,\s])写(?![意字作生诗真春])(?=[^，,\s]{{2,30}}?(?:吧(?:[，,\s]|$)|[{_TEAM_END}](?:[，,\s]|$|{_WILL_DO}$)))",
                   r"\1名字是", reply)  # 「写…队吧」「写…队，…」「写…队就好」, not 「写意书画社」
    reply = re.sub(r"^以(.{2,30}?)的名义.*$", r"\1", reply)  # 「以夕阳红广场舞队的名义申请备案」
    reply = _with_prefix_said_after(reply)  # 「…服务社，全称前面还有上海市徐汇区」
    provisional = _PROVISIONAL_RE.search(reply)  # 「名字还没定好 先叫阳光助老队吧」: the name used for now
    if provisional and not looks_like_question(reply):  # 「名字后面再说 先叫夕阳红吧」 gives one for now
        name = provisional.group(1)
        return None if _NO_PROVISIONAL_NAME_RE.search(name) else _bare_team_name(clean_text(name))
    if _LATER_RE.search(reply):
        return None  # 「你先往下问吧 名字最后再说」: the name put off
    if is_non_answer(reply):  # 「…叫银龄合唱团，备案号不记得了」: the name, and a remark about something else
        pieces = _pieces(reply)
        if any(is_non_answer(p) and re.search(r"名字|名称|队名|全称|叫(?:啥|什么)", p) for p in pieces):
            return None  # 「年头太久，名字想不起来了」: the name itself is what is not known
        reply = "，".join(p for p in pieces if not is_non_answer(p))
    if about_policy(reply) and not re.search(f"[{_TEAM_END}]", reply):
        return None  # 「备案类的也能拿扶持」: what the rules allow, said — no team named
    if _NAME_ELSEWHERE_RE.search(reply) and not any(_TEAM_SUFFIX_RE.search(clean_text(p)) for p in _pieces(reply)):
        return None  # 「名字在回执上，我找找」: where the name is written, not the name
    if not reply or len(reply) > 50 or looks_like_question(reply) or follows_up(text or "") or is_non_answer(reply) or declines(reply) \
            or GREETINGS.match(reply) or only_larger_places(reply):  # 「闵行区古美街道」 is where, not who
        return None
    quoted = None if _NICKNAME_RE.search(reply) else _quoted_name(reply)
    if quoted:
        return quoted
    reply = _NICKNAME_AFTER_RE.sub("，", reply)  # 「…广场舞队嘛平时大家都叫夕阳红」: the nickname is a piece of its own
    parts = [p for p in (clean_text(_AFTER_NAME_RE.sub("", p)) for p in _pieces(reply)) if p
             and not re.fullmatch(r"(?:名字|名称|队名|全称)[啊呀吗嘛哈]?", clean_text(p))]  # 「名字啊，七宝沪剧沙龙」
    nicknames = [p for p in parts if _NICKNAME_RE.search(p)]  # 「平时大家都叫我们编织组」 names no team
    parts = [p for p in parts if p not in nicknames] or parts
    parts = [p for p in parts if not _LEADER_SAID_RE.match(p)]  # 「队长叫王桂兰」 names who leads, not the team
    marked = [_after_name_marker(p) for p in parts]
    names = [_bare_team_name(re.sub(r"^(?:我们|咱们|俺们)", "", after)) if after else
             _bare_team_name(re.sub(r"^(?:全称|全名|名称|名字|队名|团名|大名(?!鼎))(?:是|为|叫)?[：:\s]*", "", part))
             for part, after in zip(parts, marked)]
    teamlike = [n for n in names if n and _TEAM_SUFFIX_RE.search(n)]
    after_marker = [n for n, after in zip(names, marked) if after]
    first = names[0] if names and names[0] and not (len(names[0]) > 12 or _SENTENCE_WORDS_RE.search(names[0])
                                                   or name_shaped(names[0])) else None  # 「汤月华」: a person, not a team
    marked_team = [n for n in after_marker if n and _TEAM_SUFFIX_RE.search(n)]  # 「居委会那边的小组，名字是…小组」
    name = next((n for n in (*marked_team, *teamlike, *after_marker, first) if n), None)  # a sentence is no name without a team's ending
    full_at = next((i for i, p in enumerate(parts) if re.search(r"全称|全名", p)), None)  # 「编织组…哦你要全称是吧，新泾北苑…小组」:
    named_in_full = [n for n in names[full_at:] if n and _TEAM_SUFFIX_RE.search(n)] if full_at is not None else []
    return named_in_full[0] if named_in_full else name  # the name given as the full one (not 「…，隔壁是夕阳红舞蹈队」)
