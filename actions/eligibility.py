"""Flow 3 — which support may apply (扶持与补贴资格自查).

The form collects the profile; the rules and the pure engine live in knowledge/rules/support.yml and
actions/eligibility_rules.py (`evaluate(profile)`, `render_text(result)`). This module only turns
free-text answers into the profile and shows the result with citations.
"""
from __future__ import annotations

import logging
import re
from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import citations as C
from actions import flow_texts, parsing
from actions.common import reset_form, utter
from actions.form_reading import latest_intent
from actions.forms import FlowFormValidator
from corpus import vocabulary as V

log = logging.getLogger(__name__)
NO_GRADE = "无"  # slot sentinel: None would mean "not asked yet"
FIELD_WORDS = {"养老": ("养老", "为老", "助老", "老人", "老年"), "助残": ("助残", "残疾", "残障"), "救孤": ("救孤", "孤儿"),
               "济困": ("济困", "帮困", "困难", "扶贫"), "儿童": ("儿童", "儿福", "孩子", "青少年", "托育"),
               "助学": ("助学", "教育"), "救灾": ("救灾", "减灾", "应急"), "环保": ("环保", "垃圾分类", "绿化"),
               "文体": ("文体", "文化", "体育", "文艺", "健身", "舞"),
               "社区治理": ("治理", "调解", "纠纷", "议事", "协商", "自治", "共治", "营造", "社区事务", "邻里", "楼组", "楼道"),
               "健康": ("健康", "医疗", "卫生"), "法律服务": ("法律",)}
NEED_WORDS = {"资金": ("资金", "钱", "经费", "补贴", "补助", "资助"), "场地": ("场地", "地方", "房", "活动室", "办公"),
              "人才": ("人才", "人手", "缺人", "社工", "培训", "志愿者"), "项目": ("项目", "购买服务", "创投", "承接")}


def normalize_region(text: str) -> Optional[str]:
    """'上海长宁' → 上海市长宁区, '鹿城' → 浙江省温州市, '北京朝阳' → 北京市朝阳区; None if unknown.

    The profile's region is the gazetteer's place label, which the rules engine maps to its scopes;
    a question that happens to name a place is not an answer.
    """
    reply = parsing.normalize_reply(text)
    if not reply or parsing.looks_like_question(reply) or parsing.too_long(reply):
        return None
    label = V.place_label(reply)
    if label:
        return label
    district = parsing.parse_district(reply)  # one typo allowed: 常宁区 → 长宁区
    if district and V.place_label(district):
        return V.place_label(district)
    if district or any(place in reply for place in V.uncovered_places()):
        return reply  # a place no document covers: the result says so honestly
    return None


def parse_grade(text: str) -> Optional[str]:
    """'3A' / 'AAA' / '三A' / '没评过' → '3A' … or NO_GRADE; None if unclear."""
    text = parsing.normalize_reply(text)
    if parsing.looks_like_question(text) or re.search(r"忘|不记得|记不清|不清楚|几\s*A", text, re.I):
        return None  # 「去年评过，忘了几A」 gives no grade
    bare = re.fullmatch(r"([1-5一二三四五])\s*(?:级|星)?", text)
    if bare:
        return f"{'一二三四五'.find(bare.group(1)) + 1 or int(bare.group(1))}A"
    upper = text.upper()
    if re.search(r"[06-9六七八九十]\s*A", upper) or upper == "A":
        return None  # no such grade, or a letter without its number
    match = re.search(r"([1-5一二三四五])\s*个?\s*A", upper) or re.search(r"(A{1,5})(?!A)", upper)  # 五个A
    if match:
        token = match.group(1)
        digit = len(token) if token.startswith("A") else "一二三四五".find(token) + 1 or int(token)
        return f"{digit}A"
    if any(w in text for w in ("没评", "未评", "没有", "无", "没参加", "还没", "不是", "木有", "没得")):
        return NO_GRADE
    return None


_LONG_AGO = re.compile(r"很久|多年|老队伍|老团队|老组织|年了|就有了|早就|好几年|十几年|二十年|好多年")
_RECENT = re.compile(r"刚|才成立|新成立|新组建|不久|今年|个月")


def founded_recently(text: str) -> Optional[bool]:
    """「才成立三个月」 → True, 「2010年就有了」「快二十年了」 → False; None when the words do not say."""
    reply = parsing.normalize_reply(text)
    if _LONG_AGO.search(reply) or re.search(r"(不是|并不是|并非|没有?)(刚|新|才)", reply):
        return False
    return True if _RECENT.search(reply) else None


def pick(text: str, table: dict[str, tuple[str, ...]]) -> list[str]:
    """Every key whose words occur in the text, in table order."""
    return [key for key, words in table.items() if any(w in text for w in words)]


ORG_KIND_OPTIONS = (  # (registration kind key, synonyms) in the order of the question's buttons
    ("legal_person", ("法人类登记", "法人", "登记", "民非", "民办非企业", "社团", "社会团体", "协会", "社会服务机构",
                      "基金会", "民政局登记", "民政局注册", "注册")),
    ("filed", ("备案类", "备案", "团队", "小组", "没登记", "没有登记", "未登记", "街道备案")),
)


def parse_org_kind(text: str) -> Optional[str]:
    """备案类 for filed teams/groups, 法人类登记 for registered legal persons; the longest word wins
    (没登记 outweighs 登记), a tie or a question is None."""
    reply = parsing.normalize_reply(text)
    if not reply or parsing.looks_like_question(reply):
        return None
    filed_denied = re.search(r"(没|未|还没)有?备案", reply)
    if filed_denied and re.search(r"(没|未)有?登记", reply):
        return None  # neither: not one of the two kinds this self-check covers
    if not filed_denied and re.search(r"(没|未|不是)(在)?(民政局)?(登记|注册)|(登记|注册)证书?(也)?(没有|没)", reply):
        return V.registration_kind("filed")  # 「没在民政局登记，只是备案」
    options = [(V.registration_kind(key), words) for key, words in ORG_KIND_OPTIONS]
    index = parsing.choose(reply, options)
    return None if index is None else V.registration_kind(ORG_KIND_OPTIONS[index][0])


def parse_fields(text: str) -> Optional[list[str]]:
    """Known fields named in the text; another short answer counts as 其他; questions are None."""
    reply = parsing.free_text(text, 1, 100)
    if reply is None or not re.search(r"[\u4e00-\u9fff]", reply):
        return None
    named = pick(reply, FIELD_WORDS)
    if not named and re.search(r"都|凡是|所有|全部", reply):
        return None  # 「会长说都写上」「凡是居民需要的都做」 name no field
    return named or ["其他"]


_NOT_NEEDED = re.compile(r"还好|不缺|不需要|不要|不用|够了|够用|不太需要|无所谓|去掉|删掉")


def parse_needs(text: str) -> Optional[list[str]]:
    """The needs named in the text (资金/场地/人才/项目); None for questions and other text."""
    reply = parsing.normalize_reply(text)
    if not reply or parsing.looks_like_question(reply):
        return None
    wanted = [part for part in re.split(r"[，,。；;\s]", reply) if part and not _NOT_NEEDED.search(part)]
    named = pick("，".join(wanted), NEED_WORDS)
    if not named and re.search(r"都(需要|要|缺|想要)|全部|都有需要|四个都", reply):
        return list(NEED_WORDS)
    return named or None


def profile_from(tracker: Tracker) -> dict[str, Any]:
    """The engine's profile (keys fixed by the eligibility_rules contract)."""
    grade = tracker.get_slot("grade")
    return {"region": tracker.get_slot("region"), "org_kind": tracker.get_slot("org_kind"),
            "grade": None if grade in (None, NO_GRADE) else grade,
            "fields": list(tracker.get_slot("service_fields") or []),
            "newly_founded": bool(tracker.get_slot("newly_founded")),
            "needs": list(tracker.get_slot("support_needs") or []),
            "hires_key_groups": bool(tracker.get_slot("hires_key_groups")),
            "has_party_org": bool(tracker.get_slot("has_party_org"))}


def result_citations(result: Any) -> list[dict]:
    """Citations for every clause the applicable measures and near misses rest on (deduplicated)."""
    ids: list[str] = []
    for item in [*getattr(result, "applicable", []), *getattr(result, "near_misses", [])]:
        ids += [cid for cid in item.clause_ids if cid not in ids]
    cites = []
    for cid in ids:
        try:
            cites.append(C.cite(cid))
        except KeyError:
            log.warning("rule cites an unknown clause: %s", cid)
    return cites


# How each answer is named back to the user (「已更正：服务领域改为「文体」」): the vocabulary's field labels.
LABELS = {slot: V.field_label(slot) for slot in ("region", "org_kind", "grade", "service_fields", "newly_founded",
                                                 "support_needs", "hires_key_groups", "has_party_org")}
# The answers an uncovered place stands for: nothing the rules could use (see validate_region).
UNCOVERED_PROFILE = {"org_kind": "未知", "grade": NO_GRADE, "service_fields": [], "newly_founded": False,
                     "support_needs": [], "hires_key_groups": False, "has_party_org": False}


class ValidateEligibilityForm(FlowFormValidator):
    """Turns each free-text answer into a profile value; unclear answers are re-asked."""

    CORRECTION_KEYWORDS = {"region": ("地区", "地方"), "org_kind": ("类型",), "grade": ("等级", "评估"),
                           "service_fields": ("领域",), "support_needs": ("需求", "需要"),
                           "newly_founded": ("新成立", "刚成立", "才成立", "初创", "成立时间", "成立不久", "成立没多久"),
                           "hires_key_groups": ("重点群体", "重点人群", "高校毕业生", "毕业生", "吸纳", "招用"),
                           "has_party_org": ("党组织", "党支部", "党小组", "党建")}

    RULES = {
        "region": (normalize_region, "目前收录的是上海（含长宁区）、浙江温州和北京的文件。请告诉我组织所在的城市和区，例如「上海徐汇」。"),
        "org_kind": (parse_org_kind, "请回答「法人类登记」（在民政局登记）或「备案类」（在街道备案的团队/小组），"
                                     "例如回复「备案类」或序号 2。"),
        "grade": (parse_grade, "请回答评估等级 1A 到 5A，例如「3A」；没评过就说「没有」。"),
        "service_fields": (parse_fields, "请说说主要服务领域，例如「养老」「助残」「儿童」「济困」。"),
        "support_needs": (parse_needs, "请从「资金、场地、人才、项目」里选一项或几项，例如「资金和场地」。"),
    }
    YES_NO_SLOTS = ("newly_founded", "hires_key_groups", "has_party_org")
    VALUE_SLOTS = ("region", "org_kind", "grade", "support_needs")
    KEYWORD_SLOTS = ("org_kind", "support_needs")
    LIST_SLOTS = ("support_needs", "service_fields")

    def name(self) -> str:
        return "validate_eligibility_form"

    async def validate_region(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                              domain: DomainDict) -> dict[str, Any]:
        """A place no document covers ends the questions at once: the result can only say that the
        documents do not cover it, so nothing else is asked (the other answers get neutral values)."""
        parse, message = self.RULES["region"]
        region = self.check_reply("region", value, parse, message, dispatcher, tracker, domain)
        if region is None or V.place_label(region):
            return {"region": region}
        return {"region": region, **UNCOVERED_PROFILE}

    def describe(self, slot: str, value: Any) -> str:
        if isinstance(value, bool):
            shown = "是" if value else "否"
        else:
            shown = "、".join(value) if isinstance(value, list) else ("无" if value == NO_GRADE else value)
        return f"{LABELS.get(slot, slot)}改为「{shown}」"

    def __getattr__(self, name: str) -> Any:
        """Yes/no slots also read the NLU intent (affirm/deny), so they need the tracker."""
        slot = name.removeprefix("validate_")
        if name.startswith("validate_") and slot in self.YES_NO_SLOTS:
            return lambda value, dispatcher, tracker, domain: self._yes_no(slot, value, dispatcher, tracker, domain)
        return super().__getattr__(name)

    async def _yes_no(self, slot: str, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                      domain: DomainDict) -> dict[str, Any]:
        """Yes/no from the words, a button title or number, or the NLU intent; a question is no answer."""
        intent = latest_intent(tracker)[0]

        def parse(text: str) -> Optional[bool]:
            if parsing.looks_like_question(parsing.normalize_reply(text)):
                return None
            if slot == "newly_founded":
                told = founded_recently(text)
                if told is not None:
                    return told
            return parsing.parse_yes_no(text, intent)

        message = "请回答「是」或「不是」（有/没有），也可以回复序号 1 或 2。"
        return {slot: self.check_reply(slot, value, parse, message, dispatcher, tracker, domain)}


class ActionEligibilityResult(Action):
    """Runs the rules engine on the profile and shows applicable measures and near misses, cited."""

    def name(self) -> str:
        return "action_eligibility_result"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        try:
            from actions.eligibility_rules import evaluate, render_text
            result = evaluate(profile_from(tracker))
            text = render_text(result)
        except Exception:  # noqa: BLE001 — the rules are data; a broken file must not crash the chat
            log.exception("eligibility engine failed")
            ask = flow_texts.region_info(flow_texts.flow_region(tracker.get_slot("region")))["ask"]
            dispatcher.utter_message(text=f"抱歉，资格自查暂时出了问题。您可以直接问我具体的扶持政策，或咨询{ask}。")
            return reset_form(domain, "eligibility_form")
        utter(dispatcher, "（自查结果只是根据文件条款的初步判断，不是审批结果。）\n" + text, result_citations(result))
        return reset_form(domain, "eligibility_form")
