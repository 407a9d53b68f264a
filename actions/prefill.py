"""What an opening message already says (district, street, team name, category, reason, fields, needs, grade):
pre-filled into the form it starts and confirmed in one line, so nothing is asked twice."""
from __future__ import annotations

import re
from typing import Any, Callable, Optional

from actions import parsing
from actions.dereg_reasons import REASON_OPTIONS, map_reason
from actions.deregistration import LABELS as DEREG_LABELS
from actions.deregistration import ORG_TYPE_OPTIONS, map_org_type
from actions.eligibility import LABELS as ELIGIBILITY_LABELS
from actions.eligibility_answers import FIELD_WORDS, mentioned_grade, parse_needs, parse_org_kind, pick
from actions.filing import LABELS as FILING_LABELS
from actions.filing import load_config, map_category
from corpus import vocabulary as V

# Questions about the procedure, not requests to start it: 要不要/怎么/能不能/需要…吗.
ASKS_ABOUT = re.compile(r"要不要|需不需要|需要.{0,8}吗|用不用|必须|怎么|如何|咋|能不能|可不可以|可以.{0,10}吗|能.{0,10}吗|在哪|哪里|哪儿|"
                        r"找谁|谁(?:来)?(?:办|管|负责)|多少|(?:要|需要|得|至少|最少|起码|满)几个人|几个人(?:才|就|以上)|"
                        r"有没有|有什么|有哪些|哪些|是不是|什么|区别|[?？]|[吗伐嘛](?:[啊呀哦呢~～!！]*)$|是真的|真的吗")


def _places(text: str) -> tuple[Optional[str], Optional[str]]:
    """(district, street) the gazetteer finds named in a longer message."""
    street = parsing.mentioned_street(text)
    district = parsing.mentioned_district(text) or (V.district_of_street(street) if street else None)
    if street and district and V.district_of_street(street) not in (None, district):
        street = None  # 「宝山区宝山路的舞蹈队」: 宝山路街道 is in 静安区, not the district said
    return district, street or (parsing.street_after_district(text, district) if district else None)


# A team named as the subject of the opening (「长宁区新华路街道的夕阳红舞蹈队申请注销」): a name ending like a team
# right before what is done with it, whose own words are more than the kind of team (旗袍队, 志愿服务队 name none).
NAMED_TEAM = re.compile(r"([\u4e00-\u9fff]{2,24}?(?:队|团|社|会|组|班|沙龙))(?=跟|和|与|好久|已经|准备|申请|要|想|解散|散|不办|"
                        r"不搞|并|合到|[，,\s]|$)")
GENERIC_TEAM_WORDS = re.compile("|".join([*sorted({w for ws in load_config()["categories"].values() for w in ws}, key=len,
                                                  reverse=True), "志愿", "服务", "社区", "老年", "兴趣", "活动", "团队",
                                          "队伍", "小组", "为老", "村嫂", "银发", "居民", "我们", "咱们",
                                          "楼门长", "楼组长", "楼长", "门栋长", "居民代表"]))  # roles, no team's own name


def _team_named(text: str) -> Optional[str]:
    for match in NAMED_TEAM.finditer(text):
        name = re.sub(r"^(?:(?:队名|团名|名字|名称)就?(?:叫做|叫|是)|叫做|名叫|叫|帮|给|替|为)?(?:我们|咱们|俺们)?", "",
                      match.group(1).split("的")[-1])  # 「队名叫夕阳红广场舞队，想备案」
        proper = GENERIC_TEAM_WORDS.sub("", re.sub(r"(?:队|团|社|会|组|班|沙龙)$", "", name))
        if len(proper) >= 3 and not re.search(r"[想给要帮办请是在个我你]|团队|队伍", name) \
                and parsing.parse_team_name(name) == name and not parsing.mentioned_district(name):
            return name
    return None


# 「长宁虹桥街道虹储居委会的，…」「仓桥社区的剪纸社」: a 居委/社区 named before 的 or a comma (社区社会组织, 社区团队 name none)
COMMUNITY_SAID = re.compile(r"[\u4e00-\u9fff0-9]{2,16}?(?:居委会|居民委员会|居委|居民区|村委会|社区|村)(?=的|[，,。；;\s]|$)")
# 「27个人」「队里一共30名队员」: an exact count of people (「二十来个」「几个人」 are asked, and confirmed there)
COUNT_SAID = re.compile(r"(?:有|共|一共|总共|现在)?([0-9０-９]{1,3}|[一二两三四五六七八九十百]{1,4})(?:个|名|位)?(?:人|队员|成员|会员)(?![家])")
# 「我是负责人韦志宏」「队长叫王秀英」: the leader named after the role
LEADER_SAID = re.compile(r"(?:负责人|队长|团长|组长|领队|召集人)(?:是|叫|为|[:：])?([\u4e00-\u9fff]{2,4}?)(?=[，,。；;\s]|老师|阿姨|$)")


def _community_said(text: str, district: Optional[str], street: Optional[str]) -> Optional[str]:
    for match in COMMUNITY_SAID.finditer(text):
        name = parsing.parse_community(match.group(0))
        if name and name == match.group(0)[-len(name):] and not re.search(r"社区社会|社会组织|团队|队伍|[我你他想给要在是有帮替为让]", name):
            return parsing.without_places_said(name, district, street)  # 「徐汇田林十二村」 → 田林十二村, as the form reads it
    return None


def _count_said(text: str) -> Optional[int]:
    clauses = [c for c in re.split(r"[，,。；;！!？?\s]+", text) if COUNT_SAID.search(c)]
    found = [parsing.parse_count_detail(COUNT_SAID.search(c).group(0)) for c in clauses]
    exact = {n for n, approx in filter(None, found) if not approx}
    return exact.pop() if len(exact) == 1 and len(found) == 1 else None


def _leader_said(text: str) -> Optional[str]:
    match = LEADER_SAID.search(text)
    if not match or re.search(r"[想要备登申我们的在是有叫住搬]", match.group(1)):  # 「楼组长想备案」「队长住金桥」 name no one
        return None
    return parsing.parse_person(match.group(1))


def _filing_prefill(text: str) -> dict[str, Any]:
    district, street = _places(text)
    values = {"team_name": _team_named(text), "category": map_category(re.sub(ASKS_ABOUT, "", text)),
              "district": district, "street": street, "community": _community_said(text, district, street),
              "member_count": _count_said(text), "leader_name": _leader_said(text)}
    return {slot: value for slot, value in values.items() if value}


def _first(parse: Callable[[str], Any], words: str, text: str) -> Any:
    """What the first clause naming one of `words` states, up to where it asks (「我们队好几年没活动了，要注销吗？」
    and 「团队解散了怎么办」 state the reason; 「要注销吗」 states nothing)."""
    clauses = [parsing.stated_part(c) for c in re.split(r"[，,。；;！!？?\s]+", text)]
    return next((v for v in map(parse, [c for c in clauses if c and re.search(words, c)]) if v), None)


# the reasons' own words; 「不办了」「不搞了」 in an opening say that the team stops, not why
REASON_WORDS = "|".join(w for key, _title, words in REASON_OPTIONS if key != "other" for w in words if w[0] not in "不关")


def _dereg_prefill(text: str) -> dict[str, Any]:
    district, street = _places(text)
    reason = _first(map_reason, REASON_WORDS + r"|没搞活动", text)
    kind = _first(map_org_type, r"民政局|登记的|登记证|民非|社团|协会|备[过了]?的?案|小组", text)  # 「之前备过案」
    # the options' titles: the form's validators parse them back to the same keys
    street = street or (parsing.unnamed_after_district(text, district) if district else None)  # 「宝山友谊路」
    values = {"dereg_org_name": _team_named(text), "dereg_reason": _title(REASON_OPTIONS, reason),
              "dereg_org_type": _title(ORG_TYPE_OPTIONS, kind),
              "dereg_region": f"{district}{street or ''}" if district else None}
    return {slot: value for slot, value in values.items() if value}


# Serving someone (陪老人, 帮困难户, 照顾孩子): the fields an opening names by whom the team serves; a word
# inside the team's kind (老年合唱队) serves no one.
SERVING = r"陪|帮|照顾|服务|关爱|看护|助|送(?:饭|餐|菜|药)|上门|探访|看望"
# 「帮夕阳红广场舞队查一查」: asking on a team's behalf, which serves no one
FOR_A_TEAM = re.compile(r"(?:帮|替|给)(?:我们|咱们)?[\u4e00-\u9fff]{0,12}?(?:队|团|社|组|协会)(?:查|看|问|算|自查|测)")


def _served_fields(clause: str) -> Optional[list[str]]:
    served = [part for part in re.split(r"[、和及与跟]", FOR_A_TEAM.sub("", clause)) if re.search(SERVING, part)]
    return pick("，".join(served), FIELD_WORDS) or None


def _all_served(text: str) -> Optional[list[str]]:
    """Every field the opening's clauses name by whom they serve (「给孤老送饭的，还帮残疾人」 → 养老、助残)."""
    clauses = [parsing.stated_part(c) for c in re.split(r"[，,。；;！!？?\s]+", text)]
    found = [key for c in clauses if c for key in (_served_fields(c) or [])]
    return list(dict.fromkeys(found)) or None


# 「我们队里有党支部」: the user's own team has one, said in a clause without a negation or a question (「有党支部的社会组织
# 有什么扶持」「街道有党支部，我们队没有」 say nothing of theirs)
PARTY_ORG = re.compile(r"(?:我们|咱们|俺们|我们队|队里|团队里|组织里|协会里)[^，,。没未不]{0,6}?(?:有|建了|成立了|建立了|组建了)(?:个|一个)?"
                       r"(?:临时)?(?:党支部|党小组|党组织)(?!的)")


def _has_party_org(text: str) -> Optional[bool]:
    clauses = re.split(r"[，,。；;！!？?\s]+", text)
    return True if any(PARTY_ORG.search(c) and not re.search(r"没|未|不|吗|么|\?|？", c) for c in clauses) else None


def _eligibility_prefill(text: str) -> dict[str, Any]:
    district, _street = _places(text)
    kind = _first(parse_org_kind, r"备案|登记|民非|社团|协会|基金会|事务所", text)  # 「我们是街道备案的唱歌队，有啥钱可以申请不」
    needs = _first(parse_needs, r"缺|没钱|没有?(?:场地|地方|经费|资金|人手)|需要|想要", text)  # 「没钱买音响 街道能不能补点钱」
    fields = _all_served(text)  # 「我们是陪老人看病、帮困难户的志愿队」
    values = {"region": V.place_label(district) if district else None, "org_kind": kind, "service_fields": fields,
              "grade": mentioned_grade(text),  # 「我们是4A级的社会组织」
              "newly_founded": True if re.search(r"[刚新才](?:刚)?(?:成立|组建)", text) else None, "support_needs": needs,
              "has_party_org": _has_party_org(text)}  # 「我们队里有党支部」
    return {slot: value for slot, value in values.items() if value}


PREFILL: dict[str, Callable[[str], dict[str, Any]]] = {
    "filing": _filing_prefill, "deregistration": _dereg_prefill, "eligibility": _eligibility_prefill}


def _title(options: tuple[tuple[str, str, tuple[str, ...]], ...], key: Optional[str]) -> Optional[str]:
    return next((title for option, title, _words in options if option == key), None)


def _label(slot: str) -> str:
    return {**FILING_LABELS, **DEREG_LABELS, **ELIGIBILITY_LABELS}.get(slot, slot)


def prefill(flow: str, text: str) -> dict[str, Any]:
    """Slot values the opening message states clearly (nothing guessed; a question word is not a value)."""
    message = parsing.normalize_reply(text)
    if not message or message.startswith("/") or parsing.too_long(message):
        return {}
    return PREFILL[flow](message)


def prefill_line(values: dict[str, Any]) -> str:
    """「已按您说的记下：所在区 长宁区、原因 解散。」 with how to change it."""
    told = "；".join(f"{_label(slot)} {_shown(value)}" for slot, value in values.items())
    return f"已按您说的记下：{told}。不对的话随时说「……改成……」。"


def _shown(value: Any) -> str:
    """A value as the user would write it: 「资金、场地」, not the list 「['资金', '场地']」."""
    if isinstance(value, bool):
        return "是" if value else "否"
    return "、".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)
