"""居委会 and 村 names as residents type them (「新华路街道的番禺居委会」「我们小区归番禺居委会」「古龙1村」): the
larger places, hedges and where-it-is words removed; a count of 居委 or another body (物业公司) names none."""
from __future__ import annotations

import re
from typing import Optional

from actions.parsing.answers import free_text, is_non_answer
from actions.parsing.gazetteer import listed_place
from actions.parsing.places import all_districts, only_larger_places, road_named
from actions.parsing.people import name_shaped
from actions.parsing.questions import about_policy, looks_like_question
from actions.parsing.text import GREETINGS, NAME_STOPWORDS, clean_text, is_cjk, normalize_reply, reply_pieces, without_hedge
from corpus import vocabulary as V
from corpus.text import cn_numeral

# Where a place is instead of its name (「就是菜场对面那个」「学校旁边」), or another body than a 居委 (「物业公司」).
_NOT_COMMUNITY_RE = re.compile(r"那个|这个|对面|旁边|隔壁|附近|门口|后面|前面|物业|公司|业委会|派出所|医院|学校|单位|超市|菜场")


# 「古龙1村居委会」: a numbered 村 or 居委 is written in Chinese numerals (古龙一村), whatever digits were typed
_NUMBERED_RE = re.compile(r"(?<=[\u4e00-\u9fff])[1-9][0-9]?(?=村|居委|居民区|[区里](?:社区|居委|居民区))")  # 望京西园3区社区


def parse_community(text: Optional[str]) -> Optional[str]:
    """The 居委会/村 as named, without 「我们属于」「归…管」「…的」; None for questions and refusals. A sentence read
    no other way names its 居委 by the one 「X居委会」 in it (「我们都是番禺居委会的居民」「社区这块填番禺居委会就行了」)."""
    named, reply = _community(text), normalize_reply(text)
    if named is not None or looks_like_question(reply) or is_non_answer(reply):
        return named
    marked = {m for m in map(_without_larger_places, _marked_mentions(reply)) if m and not _GENERIC_COMMUNITY.match(m)}
    return marked.pop() if len(marked) == 1 else None


_MENTION_STOP = set("是在的了我你他她们就都也还和跟与到从给把被那这个哪啥么呢吧啊呀嘛哈填写叫按算归属于向听去由往让对壁旁边前之")


def _marked_mentions(reply: str) -> list[str]:
    """Each 「X居委会」「X居民委员会」「X村」「X社区」 with X the run of characters before it up to a function word (2–16
    of them), said where a 居委 is named: after 是/在/住/填/写, a colon or a comma (「我闺女说填九星村就行」)."""
    out = []
    for m in re.finditer(r"居委会|居民委员会|村(?!委|民|里|子|口|居)|社区(?!活动|服务|中心|组织|工作|治理|居|干部)", reply):
        if _HOUSE_NUMBER_RE.match(reply[m.end():]):
            continue  # 「我家在康健新村12号楼」: an estate, with the house in it
        start = m.start()
        while start > 0 and start > m.start() - 16 and "\u4e00" <= reply[start - 1] <= "\u9fff" and reply[start - 1] not in _MENTION_STOP:
            start -= 1
        ends = m.group(0) in ("居委会", "居民委员会") or re.match(r"(?:$|[，,。.！!、\s]|就(?:行|好|对|是)|当|吧|呀|啊|哈)", reply[m.end():])
        if ends and m.start() - start >= 2 and (start == 0 or reply[start - 1] in "是在住填写属于归，,、:： 。“「『"):  # 「…填九星村就行」
            out.append(reply[start:m.end()])  # not 「我们去…活动室」「隔壁…的场地」「听…说」: another body's 居委
    return out


# A piece after the 居委 naming the street, town or district it is in (「，南桥镇的」「，徐汇区那边」)
_LARGER_AFTER_RE = re.compile(r"(?:在|属于?|归)?[\u4e00-\u9fff]{1,6}?(?:街道|镇|乡|(?<![社小园校])区)(?:的|那边|那儿|这边|那块|管)?")
# What the neighbours are or do (「小区里的人都认识」「大家都住这」): people, not a 居委's name
_ABOUT_PEOPLE_RE = re.compile(r"的人|人都|大家|都认识|邻居")


def _community(text: Optional[str]) -> Optional[str]:
    reply = _NUMBERED_RE.sub(lambda m: cn_numeral(int(m.group(0))), without_hedge(normalize_reply(text)))
    if is_non_answer(reply):  # 「荣华居委会吧，我也不太确定」: the name, and a remark on how sure
        kept = [p for p in reply_pieces(reply, "，,；;") if not is_non_answer(p)]
        reply = "，".join(kept) if any(_community_named(clean_text(p)) for p in kept) else reply
    if not reply or len(reply) > 40 or looks_like_question(reply) or is_non_answer(reply) \
            or GREETINGS.match(reply) or about_policy(reply):  # 「备案后要定期汇报活动情况」 names no 居委
        return None
    reply = _CONFIRMED_AFTER_RE.sub("", _QUOTED_NAME_RE.sub(r"\1", reply))  # 「是番禺居委会的哟 没错的」: the name, then
    reply = _CONFIRMED_INSIDE_RE.sub("", reply)  # a word that it is right (「九星村没错，我刚跟居委主任确认过」)
    reply = _RESIDENTS_RE.sub("", _without_listed_place_before(reply))  # 「我们新华路的番禺居委会」「…居委会的居民」「…社区儿」
    reply = _LARGER_IN_BRACKETS_RE.sub("", reply)  # 「翠林一里社区（右安门街道）」: where it is, said in brackets
    reply = re.sub(r"(?<=[会委区村])\([^()]{0,12}(?:我|家|住|栋|幢|楼|号)[^()]{0,12}\)$", "", reply)  # 「…居委会（我家在12栋）」
    reply = re.sub(r"^(?:[\u4e00-\u9fff]{0,6}?(?:这一?栏|那一?栏|一栏)|居委会?|社区|村委会?)?(?:就)?(?:填|写)(?:成)?(?=.{2,}(?:居委会?|社区|村))", "", reply)  # 「社区这一栏写…」「填…居委会」
    pieces = reply_pieces(reply, "，,；;！!。")
    inside = _estate_of_community(pieces)
    if inside:
        return inside
    pieces = [p for p in pieces if not _SITS_IN_RE.match(clean_text(p))]  # 「居委会就在小区里面」 says where, names none
    pieces = [p for i, p in enumerate(pieces) if i == 0 or not _LARGER_AFTER_RE.fullmatch(clean_text(p))]  # 「江海一居，南桥镇的」
    pieces = [p for p in pieces if not _ABOUT_PEOPLE_RE.search(p)]  # 「小区里的人都认识」: the neighbours, no 居委
    if not pieces:
        return None
    reply = "，".join(pieces)
    if len(pieces) > 1:  # the piece that names one (「社区嘛，番禺社区」), else one with the word
        reply = next((p for p in pieces if re.search(r"居委|居民委员会|村委|社区$", _community_named(p) or "")),  # 「…曹杨新村，曹杨一村居委会」
                     None) or next((p for p in pieces if _community_named(p)),
                     next((p for p in pieces if re.search(r"居委|居民委员会|村|社区", p)), reply))
    reply = _FIELD_LABEL_RE.sub("", reply)  # 「居委番禺居委会」「居委墨池社区」: the field's name, then the value
    said = re.match(r"^(?:我们的?|咱们的?)?(?:所在的?|所属的?)?(?:社区)?(居委会?|居民委员会|社区|村委会?|村)(?:名字|名称)?(?:的话)?"
                    r"(?:是|为|叫|就是|[:：]|全称|全名)[:：\s]*", reply)  # 「所属社区居委会为番禺居委会」「居委会全称番禺居委会」
    reply = reply[said.end():] if said else reply
    if said and is_cjk(reply) and 2 <= len(reply) <= 6 and not _COMMUNITY_RE.fullmatch(reply) \
            and not only_larger_places(reply):  # 「居委会叫番禺」: the name, with the word said before it
        reply += said.group(1)
    reply = re.sub(r"^(?:我们|咱们)?(?:是|在|住在|住|属于|属|归|隶属于?|就是|就(?![在住属归是])(?=[\u4e00-\u9fff]{2,16}(?:居委会?|居民委员会|社区|村)$))+", "", reply)  # 「就番禺居委会吧」
    estate = _ESTATE_COMMUNITY_RE.fullmatch(reply)  # 「运光新村那个居委」 → 运光新村居委, 「菊儿胡同那个社区」 → 菊儿社区
    if estate and not NAME_STOPWORDS.search(estate.group(1)) and not _NOT_COMMUNITY_RE.search(estate.group(1)) \
            and not _POINTING_RE.search(estate.group(1)):  # 「那边新村那个居委」 points, names none
        return estate.group(1) + ("" if estate.group(2) == "胡同" else estate.group(2)) + estate.group(3)
    road = _ROAD_COMMUNITY_RE.fullmatch(reply)
    if road and road_named(road.group(1)) and not re.search(r"[东南西北中]$", road.group(1)):  # 中山北路's 居委 is no 中山北居委
        return road.group(1) + road.group(2)  # 「瞿溪路那个居委会」 → 瞿溪居委会, named after its road as 番禺路's 番禺居委
    reply = clean_text(re.sub(r"(?:管|的|那边|这边|下面|里|那个片区|这个片区|片区|那片|这片)+$", "", reply))
    if _HOUSE_NUMBER_RE.search(reply) and not _community_named(reply) or (_NOT_COMMUNITY_RE.search(reply) and not _community_named(reply)):
        return None  # 「3号楼」「我们住新村43号楼」「菜场对面那个」「物业公司」 name no 居委
    if re.fullmatch(r"(?:我们|咱们|这个|那个|本)?(?:居民委员会|村民委员会|居委会|村委会|居委|社区|村)", reply):
        return None  # 「居委会」 alone names none
    named = _community_named(reply)
    if named is None and (only_larger_places(reply) or name_shaped(reply)):
        return None  # 「长宁区新华路街道」 is a street, 「王秀英」 a person, not a 居委
    if named is None and (len(reply) > 10 or re.search(r"[我你他她们了吗呢吧啊呀要想说问知道叫是有没]", reply)):
        return None  # a longer reply with no 居委/社区/村 in it is a sentence about one, not its name
    return free_text(named or reply, 2, 30)


def names_a_place(text: Optional[str]) -> bool:
    """「乐山新村居委会」「长宁区新华路街道」: a reply that is only the name of a 居委 or of larger places — where, not what."""
    reply = normalize_reply(text)
    return bool(reply) and (only_larger_places(reply) or bool(re.fullmatch(r"[\u4e00-\u9fff0-9]{2,12}(?:居委会?|居民委员会|村委会?|居民区)", reply)))


def without_places_said(name: str, district: Optional[str], street: Optional[str]) -> str:
    """「瓯海泽雅唐宅村」 → 唐宅村 when the form was told 瓯海区 and 泽雅镇: the district and street already answered,
    said again (in full or short) in front of the 居委's name, are no part of it; a name that would be left
    without one of its own (「泽雅村」) keeps them."""
    rest, after_district = name, False
    for place in (district, street):
        stem = re.sub(r"(?:街道|镇|乡)$", "", place or "")  # after the district, or set apart by 的 (「龙凤街的新民社区」)
        short = stem if place == street and (after_district or re.match(rf"{stem}街?的", rest)) else ""
        forms = (place, V.short_name(place or ""), short)  # a street's stem only after the district (田林十二村 is one name)
        said = max((p for p in forms if p and len(p) >= 2 and rest.startswith(p)
                    and not re.fullmatch(rf"街?的?[{_NUMERALS}]+(?:村|居委会?|社区|小区)", rest[len(p):])), key=len, default="")
        rest, after_district = rest[len(said):], bool(said) and place == district
    rest = re.sub(r"^街?的", "", rest) if rest != name else rest
    return rest if rest != name and _COMMUNITY_RE.fullmatch(rest) and not _GENERIC_COMMUNITY.match(rest) else name


# 「瞿溪路那个居委会」「番禺路上的那个居委」: the 居委 pointed at by the road it sits on
_ROAD_COMMUNITY_RE = re.compile(r"([\u4e00-\u9fff]{2,4})路(?:上|边上|旁边)?的?(?:那个|这个)(居委会?|居民区|社区)")
_ESTATE_COMMUNITY_RE = re.compile(r"([\u4e00-\u9fff]{2,4}?)(新村|[一二三四五六七八九十]村|胡同)(?:里|里面)?的?(?:那个|这个)(居委会?|居民区|社区)")
_CONFIRMED_AFTER_RE = re.compile(r"(?<=[会委区村])(?:的)?[哟哦呀啊嘛哈啦]*(?:[，,。\s]+(?:没错|对的|是的|不会错|错不了)的?[哟哦呀啊哈]?)?$")
_CONFIRMED_INSIDE_RE = re.compile(r"(?<=[会委区村])(?:的)?(?:没错|对的|是的|错不了|不会错)的?(?=[，,。\s]|$)")
_QUOTED_NAME_RE = re.compile(r"[“「『]([^“”「」『』]{1,16}(?:居民委员会|村民委员会|居委会|村委会|居委|社区|村))[”」』]")  # 「“番禺居委会”没错的」
_LARGER_IN_BRACKETS_RE = re.compile(r"(?<=.{2})\((?:属于?|在|归)?[^()]{1,12}?(?:区|县|市|街道|街道办|镇|乡)(?:的|管)?\)")
# The field's name said before its value, without 是/叫 (「…，街道五马，居委墨池社区」): a label, no part of the name
_FIELD_LABEL_RE = re.compile(r"^(?:(?:居委会|居委(?!会)|村委会?|社区|村(?!委))(?!全称|全名|名字|名称|是|为|叫)(?=[\u4e00-\u9fff]{2,}(?:居委会?|居民委员会|村)$)|"
                             r"(?:居委会|居委(?!会)|居民委员会)(?!全称|全名|名字|名称|是|为|叫)(?=[\u4e00-\u9fff]{2,}社区$))")
_COMMUNITY_RE = re.compile(r"[\u4e00-\u9fff]{2,12}?(?:居民委员会|村民委员会|居委会|村委会|居委|社区|村)$")
_GENERIC_COMMUNITY = re.compile(r"^(?:社区|所在|我们|咱们|这个|那个|本|小区)?(?:居民委员会|村民委员会|居委会|村委会|居委|社区|村)$")


# 「番禺居委会的居民」「劲松北社区儿」: who lives there, or an 儿 spoken onto the name, after the 居委's name
_RESIDENTS_RE = re.compile(r"(?<=居委会|居民区)的(?:居民|住户|老百姓)|(?<=[委村])的(?:居民|住户|村民|老百姓)|(?<=社区)(?:的(?:居民|住户|老百姓)|儿(?=[，,。；;！!\s]|$))|(?<=村)儿"
                           r"(?=[，,。；;！!\s]|$)")
# 「我们新华路的番禺居委会」: the street (or district) the 居委 is in, said with 的 before its name
_PLACE_OF_RE = re.compile(r"^(?:我们|咱们|俺们)?(?:是|在|住在|属于)?([\u4e00-\u9fff]{2,8}?)的(?=[\u4e00-\u9fff]{2,12}(?:居委会?|居民委员会|社区|村)(?:[，,。；;！!\s]|$))")


def _without_listed_place_before(reply: str) -> str:
    """The reply without a street or district the gazetteer lists said with 的 before the 居委's name; as typed otherwise."""
    said = _PLACE_OF_RE.match(reply)
    return reply[said.end():] if said and listed_place(said.group(1)) else reply


# 「3号楼」「新村43号楼」「12栋2单元」: where in an estate someone lives, an address and no 居委
_HOUSE_NUMBER_RE = re.compile(r"[0-9一二三四五六七八九十百]+(?:号楼|号(?![桥门线路院村])|栋|幢|单元|室|楼)")  # 2号桥村 is a name
# 「居委会就在十二村里面」: where the 居委 sits, inside the estate the reply named
_SITS_IN_RE = re.compile(r"^(?:我们的?|咱们的?)?(?:居委会?|居民委员会)(?:就|也)?(?:在|设在|位于)([\u4e00-\u9fff0-9]{2,8}?)(?:里面|里头|里|内)(?:的)?$")


_NUMERALS = "0123456789零一二两三四五六七八九十百"


def _estate_of_community(pieces: list[str]) -> Optional[str]:
    """「田林十二村，居委会就在十二村里面」 → 田林十二村居委会: the 居委 said to sit inside the estate named before
    it takes that estate's name; None unless one piece names an estate that ends with the place the other gives."""
    inside = [m.group(1) for m in map(_SITS_IN_RE.match, map(clean_text, pieces)) if m]
    estates = [clean_text(p) for p in pieces if is_cjk(clean_text(p)) and re.search(r"(?:村|小区|新村|苑|园|里|坊|城)$", clean_text(p))]
    found = [e for e in estates for place in inside if e.endswith(place) and not NAME_STOPWORDS.search(e)
             and not (place[0] in _NUMERALS and e[-len(place) - 1:-len(place)] in tuple(_NUMERALS))]  # 二村 is not 十二村
    return f"{found[0]}居委会" if len(found) == 1 and not only_larger_places(found[0]) else None


def _community_named(reply: str) -> Optional[str]:
    """The last name ending like a 居委/社区/村 among the reply's words, without the district and street
    said before it (「新华路街道的番禺居委会」「我们小区归番禺居委会」「社区居委会：番禺居委会」 → 番禺居委会)."""
    words = re.split(r"[:：\s/]|(?:就|也)?是|叫做?|名叫|归|属于?|辖区|那个|这个|那几[栋幢片块排]|管(?:着)?(?:我们|咱们)?|隶属于?|(?<=[区县市道镇乡])(?:下面|下属)?的|小区的?|在|"
                     r"(?:这|那)(?:块|边|片|儿|里|一带)的?|(?:附近|旁边|周边|一带|隔壁)的?", reply)  # 「大场那边的乾溪三村居委会」
    words = [re.sub(r"(?<=[会委区村])的$", "", w) for w in words if w]  # 「我们是曹杨一村居委会的」
    names = [n for n in (_without_larger_places(w) for w in words if w) if _COMMUNITY_RE.fullmatch(n)]
    names = [n for n in names if n and not _GENERIC_COMMUNITY.match(n) and not NAME_STOPWORDS.search(n[:-2])
             and not re.match(r"[0-9一二两三四五六七八九十几好]+个", n)]  # 「两个居委」 counts, names none
    return names[-1] if names else None


def _without_larger_places(word: str) -> str:
    """「长宁区新华路街道番禺居委」 → 番禺居委: a listed district or street (or one said with 区/街道/镇) in front."""
    city = next((c for c in V.city_keys() if re.match(rf"{c}市?", word)), None)  # 「上海长宁区…」, not 「上海新村居委会」
    after_city = re.sub(rf"^{city}市?", "", word) if city else ""
    word = after_city if any(after_city.startswith(V.short_name(d)) for d in all_districts()) else word
    rest = re.sub(r"^(?:[\u4e00-\u9fff]{2,4}?(?<![城都])[区县市])?(?:[\u4e00-\u9fff]{2,6}?(?:街道|镇|乡))?", "", word)  # 城市花园
    if rest == word:  # 「长宁新华路番禺居委会」: a listed district and one of its streets, both said short
        district = next((d for d in all_districts() if word.startswith(V.short_name(d))), None)
        after = word[len(V.short_name(district)):] if district else ""
        if city and word == after_city and _GENERIC_COMMUNITY.match(after):
            return ""  # 「上海长宁居委会」: a city, a district and the word, no 居委 named
        street = max((s for s in V.streets(district) if after.startswith(_STREET_END_RE.sub("", s))), key=len, default=None) \
            if district else None
        rest = after[len(_STREET_END_RE.sub("", street)):] if street else word
        rest = word if _NAME_GOES_ON_RE.match(rest) else rest  # 「闵行梅陇三村居委会」「古美西路居委会」: named after the place
    return rest if _COMMUNITY_RE.fullmatch(rest) and not _GENERIC_COMMUNITY.match(rest) else word


_STREET_END_RE = re.compile(r"(?:街道|镇|乡)$")
# What goes on a place's name to make a 居委's (梅陇 → 梅陇三村, 古美 → 古美西路): no street said before the name
_NAME_GOES_ON_RE = re.compile(r"[东南西北中]?[路街村]|[东南西北中]?[0-9一二三四五六七八九十]+[村区里弄坊街]|新村|[东南西北中](?:居委|社区)")
_POINTING_RE = re.compile(r"那边|这边|那里|这里|那块|这块|那片|这片|那儿|这儿|边上|一带")
