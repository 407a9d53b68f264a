"""Districts, streets and communities, normalised against the gazetteer (corpus/vocabulary.py): typos of
one character, stems without 街道/镇, places outside the covered cities kept as typed."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable, Optional

from actions.parsing.answers import is_non_answer
from actions.parsing.gazetteer import (all_districts, all_streets, between_two_streets, listed_street, longest,
                                       near_street, stem_prefix, street_stem)
from actions.parsing.options import edit_distance_at_most_one, without_denied
from actions.parsing.people import name_shaped
from actions.parsing.place_shapes import PLACE_NOUNS, clean_tail, place_shaped
from actions.parsing.questions import looks_like_question
from actions.parsing.text import NAME_STOPWORDS, is_cjk, normalize_reply, told_to_write, without_hedge
from corpus import vocabulary as V

_AREA_WORDS = ("城区", "市区", "郊区", "片区", "辖区", "街区")  # 老城区 is a part of town, not a district
# 「大宁路那个街道」「共和新路上的那个街道」: a 街道/镇 pointed at by the road it is named after (X路 + 街道)
_ROAD_UNIT_RE = re.compile(r"^([\u4e00-\u9fff]{1,5}路)(?:上|边上|旁边)?的?(?:那个|这个)(街道|镇)$")
# 「龙凤街」「沙园街」: a 街道 said the way 广州 and others name it (X街); a kind of street is no 街道 (步行街)
_SHORT_STREET_RE = re.compile(r"([\u4e00-\u9fff]{2,3})街")
_STREET_KINDS = re.compile(r"步行|商业|美食|小吃|酒吧|购物|老|古|一条|这条|那条|大|小|后|前|横|直|[东南西北中]$|"
                           r"对面|隔壁|旁边|附近|门口|整条?|满|扫|逛|夜市|哪")  # 「对面街」「满大街」「扫大街」 name no 街道
# 「马路那个街道」「门口那条路那个街道」: a road said by what it is or where, no road a 街道 is named after
_NOT_A_ROAD_NAME_RE = re.compile(r"^(?:就在|在|靠近?|挨着|沿着?|顺着|近|哪|那|这|一条|每条|整条)|门口|对面|旁边|隔壁|附近|"
                                 r"外环|内环|中环|高架|高速|马路|公路|[马条面边头口小大环架速]$")


def road_named(stem: str) -> bool:
    """Whether the words before 路 name a road (大宁, 瞿溪), not a kind of road or where it is (马, 这条, 门口那条)."""
    return bool(stem) and not _NOT_A_ROAD_NAME_RE.search(stem) and not NAME_STOPWORDS.search(stem)


@lru_cache(maxsize=1)
def _other_places() -> frozenset[str]:
    """Two-character names that are places in their own right (上海, 广州), never a typo of a district."""
    aliases = (a for region in V.load_vocabulary()["regions"].values() for a in region.get("aliases") or ())
    return frozenset((*V.uncovered_places(), *aliases))


def _after_other_city(reply: str) -> Optional[str]:
    """What follows a city the gazetteer does not cover at the start of a reply (杭州西湖区 → 西湖区)."""
    city = next((c for c in V.uncovered_places() if reply.startswith(c)), None)
    rest = re.sub(r"^[省市]?的?", "", reply[len(city):]) if city else ""
    return rest if len(rest) >= 2 else None


def _near_district(reply: str) -> Optional[str]:
    """The one district (or stem of 3+ chars) the reply misses by a single character (常宁区 → 长宁区), or whose
    two-character stem it misses by a replaced character (常宁 → 长宁: the gazetteer lists every district of a covered
    city, so a near one is that district). Streets: gazetteer.near_street."""
    found = {name for name in all_districts() for key in (name, V.short_name(name))
             if (len(key) >= 3 <= len(reply) and edit_distance_at_most_one(key, reply, homophone=True))
             or (len(key) == 2 == len(reply) and is_cjk(reply) and reply not in _other_places()
                 and edit_distance_at_most_one(key, reply, homophone=True))}
    return found.pop() if len(found) == 1 else None


def _place_reply(text: Optional[str]) -> Optional[str]:
    """The reply when it may name a place: short, no question, not a refusal (「龙湾区 状元街道」 as one)."""
    reply = without_hedge(re.sub(r"\s+", "", normalize_reply(text)))  # 「应该是南郊街道吧」「街道的话…大场镇」
    reply = re.sub(r"^(.{2,}?)\(全称(.{2,8})\)$", r"\2", re.sub(r"^[\u4e00-\u9fff()]{1,8}[:：](?=.{2,})", "", reply))  # 「行政区：西湖（全称西湖区）」
    reply = re.sub(r"^(?:管|负责)?(?:我们|咱们|我俫|阿拉)?的?(?:所属|所在)?的?(?:区县?|街道|镇|乡)(?:\([^()]{1,3}\))?(?:是|为|叫)(?=.{2,})", "",
                   reply)  # 「管我们的街道（镇）是五马街道」
    reply = re.sub(r"^(?:当时|以前|原来|之前)?(?:是)?在(?=.{2,}[区镇道乡](?:备的案|备案的|备过案|备案|办的|办理的)$)", "", reply)  # 「当时在…备的案」
    reply = re.sub(r"(?<=.{2}[区镇道乡])(?:备的案|备案的|备过案|备案|办的|办理的)$", "", reply)
    reply = re.sub(r"^((?:(?!马路|这条|那条|小路|大路|门口|对面)[\u4e00-\u9fff]){2,5})(?:那个|这个)(街道|镇)$", r"\1\2", reply)  # 「五马那个街道」
    reply = re.sub(r"^(?:我们|咱们)?(?:那个|这个)?(?:所在的?)?(?:区县?|街道|镇|乡|县|地区)?(?:名字|名称)?(?:叫做?|名叫|就叫)(?=.{2,})", "", reply)  # 「我们那个街道叫古美」
    reply = re.sub(r"^(?:该|本|我们|咱们)?(?:团队|队伍|组织|协会|机构)?(?:登记|备案|注册)(?:是)?(?:于|在)(?=.{2,})", "", reply)  # 「该团队登记于…」
    reply = re.sub(r"^(?:.*[^\u4e00-\u9fff])?(?:全名|全称)(?:应该|就)?(?:是|叫|为)?[:：]?(?=.{2,})", "", reply)  # 「全名应该是五马街道」「…全称万寿路街道」
    reply = re.sub(r"^(?:我们|咱们|我俫|阿拉|他们|她们|渠|渠俫)?(?:这儿|这边|这里|那边|那儿)?(?:的)?(?:[\u4e00-\u9fff]{0,6}?(?:居委会?|小区|社区|村))?"
                   r"(?:原来|以前|当时|之前|一直|现在|目前)?(?:(?:具体|确切|准确)(?:来说|地说|说)?)?"
                   r"(?:是|在|属于|属|就在|归)+(?=.{2,})", "", reply)  # 「具体是…」「我们墨池社区属于五马街道」
    reply = re.sub(r"(?<=.{2})(?:管辖|管理|管)(?:我们|咱们|我俫)?(?:的|着|个)?$", "", reply)  # 「归…街道管」「是五马街道管我们的」
    reply = re.sub(r"(?<=[\u4e00-\u9fff]{2})(?<![那这一几两每哪])个$", "", reply)  # 「普陀曹杨新村个」「宝山大场个」: 个 for 的 (沪, 温)
    reply = re.sub(r"^(.{2,}?)\(([^()]{2,8}[区县市])\)$", r"\2\1", reply)  # 「甘家口街道（海淀区）」
    reply = re.sub(r"^(.{2,}?(?:街道|镇|乡))\([^()]{2,8}(?:街道|镇|乡)\)$", r"\1", reply)  # 「南郊街道（南郊镇）」
    reply = re.sub(r"(?<=.{2})(?:没错|对的|没跑儿?|错不了)$", "", reply)  # 「西湖区没错」
    reply = re.sub(r"(?<=.{2})(?:(?:的|那边|这边|这里|那里|那块|这块|那片|这片|附近|一带|那个|这个|那儿|这儿|辖区)儿?)+$", "", reply)  # 「西湖区那个」「双井那块儿」
    reply = re.sub(r"(?<=[区县市])(?:下面|下边|底下|下属)?的(?=[\u4e00-\u9fff]{2,})", "", reply)  # 「武侯区(下面)的玉林街道」
    reply = re.sub(r"(?<=街道)办(?:事处)?$", "", reply)  # 「月坛街道办」
    reply = _ROAD_UNIT_RE.sub(lambda m: m.group(1) + m.group(2) if road_named(m.group(1)[:-1]) else m.group(0), reply)  # 「大宁路那个街道」
    reply = re.sub(r"^(?:所在|所属)?的?(?:(?:区县?|街道|镇|乡|县|地区)(?:及|和|与|、|/)?)+(?:是|为|:)", "", reply)  # 「所在区及街道：…」「所属区县为…」
    if not reply or len(reply) > 40 or looks_like_question(reply) or is_non_answer(reply) \
            or re.fullmatch(r"(?:所在|所属)的?(?:区县?|街道|镇|乡|县|地区|市)+", reply):  # 「所属区县」: the label alone
        return None
    return reply


def _by_pieces(parse: Callable[[str], Optional[str]], text: Optional[str]) -> Optional[str]:
    """The whole reply's place, else the first comma-separated piece that is one (「西湖区，翠苑街道」,
    「古美街道啊，古龙一村居委会就归它管」); never for a question."""
    if re.match(r"^(?:是不是|是否|难道)", normalize_reply(text)):
        return None  # 「是不是大宁路那个街道」 asks
    told = told_to_write(text)  # 「住在闵行，但活动在浦东，填浦东吧」
    found = parse(told) if told and told != normalize_reply(text) else None
    if found is not None:
        return found
    said = without_denied(normalize_reply(text))
    if said != normalize_reply(text):  # 「不是大宁路街道」 names what it is not; 「不是X，是Y」 the Y
        text = re.sub(r"^(?:而|就|应该|其实)?是", "", said)
        if not text:
            return None
    found = parse(text or "")
    if found is None:  # 「我们归新华路街道管，办事处在哪条路上我说不上来」「…，没跑儿」: the piece that names it
        said = [p for p in re.split(r"[，,；;]+|\.{2,}", normalize_reply(text))
                if p.strip() and not is_non_answer(p) and not re.fullmatch(r"(?:应该)?(?:没错|没跑儿?|对的|错不了)[的啦了]?", p.strip())]
        found = parse("，".join(said)) if said and "，".join(said) != normalize_reply(text) else None
    if found is not None or looks_like_question(text or ""):
        return found
    pieces = [p for p in re.split(r"[，,；;。…]+", normalize_reply(text)) if p.strip()]
    found = [v for v in map(parse, pieces) if v] if len(pieces) > 1 else []  # 「田林那块，田林街道」: the one said whole
    return next((v for v in found if v.endswith(("街道", "镇", "乡", "区", "县"))), found[0] if found else None)


def parse_district(text: Optional[str]) -> Optional[str]:
    """上海长宁区 / 长宁 → 长宁区 (gazetteer; a listed street gives its district); an unlisted one (西湖区) as typed."""
    return _by_pieces(_district, text)


def _district(text: str) -> Optional[str]:
    reply = _place_reply(text)
    if reply is None:
        return None
    city_rest = _after_other_city(reply)
    if city_rest and not re.search(r"[路街巷弄]$", city_rest):  # 杭州西湖区 → 西湖区; 四川北路, 南京西路 are roads
        named = re.fullmatch(r"[\u4e00-\u9fff]{2}|[\u4e00-\u9fff]{2,4}?[区县市]", city_rest)
        if named and not city_rest.endswith(PLACE_NOUNS) and not NAME_STOPWORDS.search(city_rest):
            return city_rest
        return None if listed_street(city_rest) else _district(city_rest)  # 「南京新街口」 is no 西城
    district = longest(reply, all_districts(), V.short_name) or _near_district(reply)
    if district:
        listed = longest(reply, all_streets(), street_stem, min_len=3) if district not in reply else None
        if listed and V.short_name(district) in listed:  # 宝山路街道 is in 静安区, not 宝山区
            return V.district_of_street(listed)
        return district
    unlisted = re.match(r"^([\u4e00-\u9fff]{2,4}?(?:区|县|市))(?=[\u4e00-\u9fff]{2,}(?:街道|镇|乡)$)", reply)
    if unlisted and not unlisted.group(1).endswith(PLACE_NOUNS) and not NAME_STOPWORDS.search(unlisted.group(1)):
        # 姑苏区平江街道 → 姑苏区; 常宁区新华路街道 → 长宁区 (「我们小区门口那个街道」 names none)
        return _near_district(unlisted.group(1)) or unlisted.group(1)
    street = listed_street(reply)
    if street:
        return V.district_of_street(street)
    no_district = re.sub(r"[省市]$", "", reply) in _other_places() or reply.endswith(_AREA_WORDS)  # 「杭州市」, 老城区
    tail = None if no_district else clean_tail(reply, ("区", "县", "市"), 8, _other_places())  # 「再往上是西湖区」: 西湖区
    rest = _after_other_city(tail or "")  # 「我只记得是杭州西湖区」: 西湖区, its city said before it
    return rest if rest and re.fullmatch(r"[\u4e00-\u9fff]{2,4}?[区县市]", rest) else tail


def mentioned_district(text: Optional[str]) -> Optional[str]:
    """A listed district named anywhere in a longer message (我们是长宁区新华路的合唱团 → 长宁区); no guessing
    by shape or typo: an opening message is only mined for what it says plainly."""
    message = normalize_reply(text)
    return longest(message, all_districts(), V.short_name) if message else None


def mentioned_street(text: Optional[str]) -> Optional[str]:
    """A listed 街道/镇 named anywhere in a longer message (stems of 3+ characters only: 新华路, not 新华); else
    one the gazetteer does not list, said whole with its 街道/镇 between the message's other words
    (「给塘下镇的一个队伍办下备案」「我是鹿城区松台街道的」)."""
    message = normalize_reply(text)
    listed = longest(message, all_streets(), street_stem, min_len=3) if message else None
    if listed and any(f"{c}{street_stem(listed)}" in message for c in V.uncovered_places()):
        return None  # 「我们南京新街口的队」: 南京's 新街口
    if listed or not message:
        return listed
    for token in re.split(r"[^\u4e00-\u9fff]+|给|帮|我是|我们|咱们|是|在|的|这边|那边|有个|有一个|想|要|全称|全名", message):
        name = _without_known_places(token) if token.endswith(("街道", "镇")) else ""
        if place_shaped(name, ("街道", "镇"), 8) and len(street_stem(name)) >= 2:
            return name
    return None


def unnamed_after_district(text: Optional[str], district: str) -> Optional[str]:
    """A place said right after a district that the gazetteer does not list (「宝山友谊路的为老服务社」 → 友谊路),
    kept as typed like the form's own answer; None when nothing place-like follows."""
    message = normalize_reply(text)
    for key in (district, V.short_name(district)):
        at = message.find(key) if len(key) >= 2 else -1
        after = re.match(r"([^的，,。\s]{2,5}?)(?=街道|镇|乡|的|[，,。\s]|$)", message[at + len(key):]) if at >= 0 else None
        if after and is_cjk(after.group(1)) and not _NAME_GOES_ON_RE.match(after.group(1)) and not NAME_STOPWORDS.search(after.group(1)) \
                and not re.search(r"这边|那边|这里|那里|一带|附近|区|县|市", after.group(1)):
            return after.group(1)
    return None


def street_after_district(text: Optional[str], district: str) -> Optional[str]:
    """A listed street of the district said by its stem right after it (「闵行古美的广场舞队」 → 古美街道)."""
    message = normalize_reply(text)
    for key in (district, V.short_name(district)):
        at = message.find(key) if len(key) >= 2 else -1
        after = message[at + len(key):] if at >= 0 else ""
        found = [s for s in V.streets(district) if after and after.startswith(street_stem(s))]
        if found:
            return _stated_instead(message, district, after, max(found, key=len))
        said = re.match(r"[\u4e00-\u9fff]{2,}?(?=的|[，,。\s]|$)", after)  # 「长宁天山的太极拳队」: 天山 → 天山路街道
        prefixed = {s for s in V.streets(district) if said and street_stem(s).startswith(said.group(0))}
        if len(prefixed) == 1:
            return prefixed.pop()
    return None


# 「金桥舞蹈队」: what follows a street's stem up to a team's kind, no 的 or pause between — the team named after it
_TEAM_NAMED_ON_RE = re.compile(r"[^的，,。；;\s]{0,10}?(?:队|团|社(?!区)|组|班|协会|沙龙)")
# Where the team was (以前在花木, 原来我们属于…): not where it is
_USED_TO_BE_RE = re.compile(r"(?:以前|原来|之前|过去|本来|以往|曾经)[^，,。；;]*?(?:在|位于|属于|归)")


def _stated_instead(message: str, district: str, after: str, street: str) -> str:
    """``street`` said right after the district, unless its stem begins the team's name and the message states one other
    listed street of the district as where the team is (「浦东金桥舞蹈队想备案，我们在花木」: 花木街道, not 金桥镇); a
    street the team was at (以前在花木) or that is only named (队长住金桥, 离龙华很近) is no such statement."""
    team = _TEAM_NAMED_ON_RE.match(after, len(street_stem(street)))
    rest = _USED_TO_BE_RE.sub("，", message.replace(after[:team.end()], "，")) if team else ""
    at = rf"(?:在|位于|属于|归)(?:{district}|{V.short_name(district) or district})?"
    stated = {s for s in V.streets(district) if s != street and re.search(at + re.escape(street_stem(s)), rest)}
    stated = {s for s in stated if not any(o != s and street_stem(s) in street_stem(o) for o in stated)}
    return stated.pop() if len(stated) == 1 else street


def _without_known_places(reply: str) -> str:
    """The reply without the covered cities and their districts (北京朝阳区三里屯 → 三里屯)."""
    names = sorted({*all_districts(), *map(V.short_name, all_districts()), *V.region_words()}, key=len,
                   reverse=True)
    for name in names:
        if len(name) >= 2 and not name.endswith(("街道", "镇", "乡")):
            reply = re.sub(f"{name}(?!门)", "", reply)  # 朝阳门外 is named after a gate, not 朝阳 and 门外
    return re.sub(r"^[市区县]?的?", "", reply)


# What goes on after a district's short name to make another place's (朝阳门, 长宁路): no district said there
_NAME_GOES_ON_RE = re.compile(r"[门路街桥巷弄]")


def parse_street(text: Optional[str]) -> Optional[str]:
    """天山路(街道) → 天山路街道 from the gazetteer; else a name ending in 街道/镇/乡 as typed, a bare one + 街道."""
    return _by_pieces(_street, text)


# 「不归五马街道」「不属于田林街道」: the street it is not, unless another follows (「不在七宝在莘庄」)
_NOT_IN_RE = re.compile(r"(?:不归|不属于?|不在)(?!.{2,}?[，,]?(?:在|是|归|属于))")


def _street(text: str) -> Optional[str]:
    reply = _place_reply(text)
    if reply is None or _NOT_IN_RE.match(reply) or reply in {*all_districts(), *map(V.short_name, all_districts()),
                                                             *_other_places()} \
            or re.search(r"^[^街镇乡]*(?:居委会?|居民委员会|村委会?|社区|居民区)$", reply):
        return None  # 「静安」 at the street question is the district, no typo of 静安寺街道; 「番禺居委会」 is no street
    listed = listed_street(reply)
    if listed and _after_other_city(reply) and not reply.startswith(street_stem(listed)):
        return None  # 「南京新街口」: 南京's, not 西城's 新街口街道 (嘉兴路街道 is 虹口's)
    if between_two_streets(reply):
        return None  # 「泗泾和九亭中间那块」: between two streets, neither of them
    street = listed or near_street(reply, _other_places())
    if street:
        return street
    reply = _without_known_places(reply)
    street = near_street(reply, _other_places()) or stem_prefix(reply)  # 「黄浦区半松园路街道」; 仙霞 → 仙霞新村街道
    if street:
        return street
    rest = re.sub(r"^(?:[^区县市]{1,6}?[区县市])+(?=.{2,})", "", reply)  # 杭州市西湖区翠苑街道 → 翠苑街道
    if not reply.endswith(PLACE_NOUNS[:-1]) and len(street_stem(rest)) >= 2:  # 米市巷街道: 市 inside the name
        reply = rest
    village = re.fullmatch(r"([\u4e00-\u9fff]{2,6}?(?:街道|镇|乡))[\u4e00-\u9fff]{2,8}?(?:村|居委会?|社区)", reply)
    if village and not NAME_STOPWORDS.search(village.group(1)):
        return village.group(1)  # 「七宝镇九星村」: the town, then a village of it
    if clean := clean_tail(reply, ("街道", "镇", "乡"), 12, _other_places()):  # 「往上是五马街道」: 五马街道
        return clean
    short = _SHORT_STREET_RE.fullmatch(reply)
    if short and not NAME_STOPWORDS.search(short.group(1)) and not _STREET_KINDS.match(short.group(1)) \
            and not short.group(1).endswith(("区", "县", "市", "路", "村")):
        return reply + "道"  # 龙凤街 → 龙凤街道
    if is_cjk(reply) and 2 <= len(reply) <= 5 and not NAME_STOPWORDS.search(reply) and len(street_stem(reply)) >= 2 \
            and not reply.endswith(("区", "县", "市", "街道", *(n for n in PLACE_NOUNS if n != "新村"))) \
            and not re.search(r"(?<!新)村$|晓得|知道|记得|只|是|想|说|空着|不填|不写|待定|^街道", reply) \
            and not name_shaped(reply):  # 「鞍山四村」 is an estate; 「只晓得是」「街道先空着」 no place; 「是金海波」 a person
        return reply  # a place the gazetteer does not list, kept as typed (街道 or 镇 is not guessed)
    return None


def only_larger_places(text: str) -> bool:
    """A district and/or street and nothing else (「长宁区新华路街道」, 「新华路街道」): no team or 居委."""
    reply = normalize_reply(text)
    rest = _without_known_places(reply)
    rest = re.sub(r"[\u4e00-\u9fff]{0,6}(?:街道办事处|街道办|街道|镇|乡)$", "", rest)
    city_and_more = any(reply.startswith(c) and len(reply) > len(c) for c in V.city_keys())  # 「温州永嘉」「上海长宁」
    return not rest and bool(re.search(r"[区县市]|街道|镇|乡", reply) or city_and_more)
