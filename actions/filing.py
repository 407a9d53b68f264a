"""Flow 1 — guided pre-filing of a community activity team (备案引导).

Collects the team's details, maps everyday words to the four categories of 000 四、（一）3, explains
which tier fits (社区活动小组 / 群众活动团队备案 / 登记) with the clauses behind it, shows a summary for
confirmation, then stores a pre-filing request (BA-…) through the gateway for staff follow-up.
"""
from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import citations as C
from actions import gateway, parsing
from actions.common import reset_form, retry_confirmation, summary_shown, utter
from actions.forms import FlowFormValidator, latest_intent
from corpus import vocabulary as V
from corpus.text import mask_pii

log = logging.getLogger(__name__)
CONFIG_PATH = Path(__file__).with_name("filing_config.yml")
CATEGORIES = V.categories()
SCOPES = {"community": "本居委（村）内", "street": "街道（镇）范围内、跨居委", "district": "跨街道或更大范围"}
TIERS = {"community": V.organization_kind("group"), "street": V.organization_kind("team"),
         "district": f"可考虑登记为{V.organization_kind('registered')}"}
# The form's slots in the order the summary lists them, labelled as the chat asks for them.
SLOTS = ("team_name", "category", "district", "street", "community", "member_count", "activity_scope",
         "leader_name", "leader_phone", "activity_place", "activities")
LABELS = {slot: V.field_label(slot, "filing_dialogue") for slot in SLOTS}


@lru_cache(maxsize=1)
def load_config() -> dict[str, Any]:
    """Category words and local-practice settings (filing_config.yml); the category names are the vocabulary's."""
    config = yaml.safe_load(CONFIG_PATH.read_text(encoding="utf-8"))
    unknown = set(config["categories"]) - set(CATEGORIES)
    if unknown:
        raise ValueError(f"filing_config.yml: unknown categories {sorted(unknown)}; see knowledge/vocabulary.yml")
    return config


def map_category(text: str) -> Optional[str]:
    """广场舞 → 文体活动类: a category name (typo or clear part such as 文体 included), else the category
    whose everyday words give the longest match; on a tie the config order decides (filing_config.yml
    says the first category with a matching word wins). None for questions."""
    reply = parsing.normalize_reply(text)
    if not reply or parsing.looks_like_question(reply):
        return None
    words = load_config()["categories"]
    options = [(name, (name[:2], *words[name])) for name in CATEGORIES]
    index = parsing.choose(reply, options, numbers=False)  # digits follow the buttons' order
    if index is not None:
        return CATEGORIES[index]
    if parsing.option_number(reply, 99) is not None:
        return None
    return next((name for name, listed in words.items() if any(w in reply for w in listed)), None)


def map_scope(text: str) -> Optional[str]:
    """Scope key from the button payloads or free words matched as whole units (小区里 is not 区里)."""
    reply = parsing.normalize_reply(text)
    if not reply or parsing.looks_like_question(reply):
        return None
    return parsing.parse_scope(reply)


def tier_for(scope: str, members: int) -> str:
    """Tier key; only scope decides unless a local-practice threshold is configured."""
    limit = load_config()["local_practice"].get("small_group_max_members")
    if scope == "community" and limit is not None and members > int(limit):
        return "street"
    return scope


def tier_clauses(district: str) -> tuple[str, ...]:
    """The clauses behind the tiers for the user's region (温州 → 003; otherwise the Shanghai texts)."""
    if V.in_city("温州", district):
        return (C.TIERS_WZ,)
    return (C.TIERS_CN, C.ENTRY_SH)


def tier_text(scope: str, members: int, district: str) -> tuple[str, list[dict]]:
    """Which tier fits and why, with citations; says who decides and marks any local threshold."""
    tier = tier_for(scope, members)
    line, cites = C.refs(*tier_clauses(district))
    why = {
        "community": "团队只在本居委（村）内活动，可能属于「社区活动小组」：文件规定由居（村）民委员会指导和管理这类小组。",
        "street": "团队在街道（镇）范围内跨居委活动，可能属于「社区群众活动团队」：文件规定由街道（镇）负责实施备案。",
        "district": "团队跨街道活动、规模较大，如果希望成为有法人资格的社会组织，可以考虑向区民政局申请登记；"
                    "在此之前也可以先由街道（镇）备案管理。",
    }[tier]
    text = (f"【层级建议】{why}\n文件只说按「规模和活动范围」分层级，没有规定人数等具体标准，"
            f"最终由街道（镇）认定。依据：{line}")
    limit = load_config()["local_practice"].get("small_group_max_members")
    if limit is not None:
        source = load_config()["local_practice"].get("source") or "本地工作口径"
        text += f"\n（本地做法，不是政策规定：{source}以 {limit} 人作为社区活动小组的参考上限。）"
    return text, cites


def filing_summary(slots: dict[str, Any]) -> str:
    """The summary the user confirms before anything is stored."""
    shown = dict(slots)
    shown["activity_scope"] = SCOPES.get(slots.get("activity_scope"), slots.get("activity_scope"))
    shown["member_count"] = f"{slots.get('member_count')} 人"
    lines = [f"· {label}：{shown.get(slot)}" for slot, label in LABELS.items()]
    return "请核对以下信息：\n" + "\n".join(lines)


def next_steps(district: str) -> tuple[str, list[dict]]:
    """What happens after the pre-filing request, with the clauses that say so."""
    if V.in_city("温州", district):
        line, cites = C.refs(C.TIERS_WZ)
        return (f"下一步：乡镇（街道）工作人员会联系负责人核实，备案管理由乡镇政府（街道办事处）实施（{line}）。"
                "需要哪些材料、多久办结，文件没有写，请以乡镇（街道）社会组织服务平台的答复为准。"), cites
    line, cites = C.refs(C.CATEGORIES_CN, C.ENTRY_SH, C.SUPPORT_SH)
    text = ("下一步：\n1. 街道（镇）社会组织服务中心工作人员会用您留的手机号联系负责人核实信息。\n"
            "2. 正式备案由街道（镇）办理，通过「上海市社区群众活动团队备案系统」完成。"
            "需要准备哪些材料、多久办结，文件没有写，请以街道（镇）社会组织服务中心的答复为准。\n"
            "3. 活动场地：文件鼓励把社区党群服务中心、社区文化活动中心、居（村）委会活动室等向群众活动团队提供"
            f"活动场地和设备，可以向街道（镇）或居委咨询。\n依据：{line}")
    return text, cites


def filing_record(tracker: Tracker) -> dict[str, Any]:
    """Record fields for /internal/requests (names fixed by the issue)."""
    data = {slot: tracker.get_slot(slot) for slot in LABELS if slot != "activity_scope"}
    data["tier"] = TIERS[tier_for(tracker.get_slot("activity_scope"), int(tracker.get_slot("member_count")))]
    return data


def _name_like(value: Any, min_len: int = 2, max_len: int = 30) -> Optional[str]:
    """Cleaned text of a sensible length that is not just digits or punctuation, and not a question."""
    text = parsing.normalize_reply(str(value or ""))
    if not (min_len <= len(text) <= max_len) or not any(ch.isalpha() for ch in text):
        return None
    return None if parsing.looks_like_question(text) else text


def parse_district(text: str) -> Optional[str]:
    """'上海长宁区' / '长宁' → 长宁区 from the gazetteer; None for anything that is not a place."""
    return parsing.parse_district(text)


def parse_street(text: str) -> Optional[str]:
    """'天山路' → 天山路街道 from the gazetteer; 镇/乡 kept; None for anything that is not a place."""
    return parsing.parse_street(text)


def parse_members(text: str) -> Optional[int]:
    """A positive head count (三十来个 → 30: the approximate count is kept as the number said)."""
    detail = parsing.parse_count_detail(text)
    return detail[0] if detail is not None and 0 < detail[0] < 100000 else None


def parse_person(text: str) -> Optional[str]:
    """The name itself (我姓王，王秀英 → 王秀英; 王阿姨 kept as typed)."""
    return parsing.parse_person(text)


class ValidateFilingForm(FlowFormValidator):
    """Validates every filing answer and re-asks with a clear message on bad input."""

    CONFIRM_SLOT = "filing_confirmed"
    CORRECTION_KEYWORDS = {
        "leader_phone": ("手机号", "手机", "电话", "号码"), "member_count": ("人数", "多少人", "几个人"),
        "leader_name": ("负责人", "姓名", "队长"), "team_name": ("队名", "团队名", "名称", "名字"),
        "category": ("类别", "分类", "类型"), "community": ("居委", "村委"), "street": ("街道", "镇"),
        "district": ("所在区", "区县", "哪个区"), "activity_place": ("活动地点", "地点", "场地", "地方"),
        "activities": ("活动内容", "内容"), "activity_scope": ("范围",),
    }

    RULES = {
        "team_name": (parsing.parse_team_name, "团队名称不能为空，请只写名称（2 到 30 个字），例如「虹桥夕阳红舞蹈队」。"),
        "category": (map_category, "没能判断团队属于哪一类。请从「文体活动类、公益慈善类、生活服务类、社区事务类」中选一个，"
                                   "或者说说团队主要做什么，例如「广场舞」「助老志愿」。"),
        "district": (parse_district, "请只告诉我所在的区（县），例如「长宁区」。"),
        "street": (parse_street, "请只告诉我所在的街道或镇，例如「新华路街道」「新泾镇」。"),
        "community": (_name_like, "请告诉我所属的居委会或村的名称，例如「番禺居委」。"),
        "member_count": (parse_members, "人数要填一个正整数，例如「25」或「三十来个」。"),
        "activity_scope": (map_scope, "请选一个活动范围，例如回复「本居委」「街道范围」或「跨街道」。"),
        "leader_name": (parse_person, "负责人姓名不能为空，请只写姓名或称呼，例如「王秀英」或「王阿姨」。"),
        "leader_phone": (parsing.find_phone, "手机号格式不对：应为 1 开头的 11 位数字，例如 13812345678。请重新输入。"),
        "activity_place": (lambda t: _name_like(t, 2, 50), "活动地点不能为空，例如「XX小区中心花园」「居委活动室」。"),
        "activities": (lambda t: _name_like(t, 2, 200), "请用一两句话说说团队平时做什么活动（2 到 200 字），"
                                                        "例如「每天晚上在小区花园跳广场舞」。"),
    }
    NUMBER_SLOTS = ("member_count",)

    def name(self) -> str:
        return "validate_filing_form"

    def describe(self, slot: str, value: Any) -> str:
        shown = mask_pii(value) if slot == "leader_phone" else SCOPES.get(value, value)  # 138****5678
        return f"{LABELS.get(slot, slot)}改为「{shown}」"

    async def validate_filing_confirmed(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        answer = parsing.parse_yes_no(str(value or ""), latest_intent(tracker)[0])
        if answer is True:
            return {"filing_confirmed": True}
        buttons = [{"title": f"改{LABELS[s]}", "payload": f"改{LABELS[s]}"} for s in
                   ("team_name", "member_count", "leader_phone", "activity_place")]
        message = ("请告诉我要改哪一项，例如「人数改成30」「电话改成13912345678」。" if answer is False
                   else "信息无误请回复「确认」，需要修改请直接说要改哪一项；说「取消」则不提交。")
        dispatcher.utter_message(text=message, buttons=buttons)
        return {"filing_confirmed": None}


CONFIRM_PROMPT = "信息无误请点「确认提交」。"


class ActionAskFilingConfirmed(Action):
    """Before confirming: tier suggestion with its clauses, then the summary."""

    def name(self) -> str:
        return "action_ask_filing_confirmed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        buttons = [{"title": "确认提交", "payload": "确认提交"}, {"title": "我要修改", "payload": "我要修改"},
                   {"title": "取消", "payload": "/cancel"}]
        if summary_shown(tracker, "filing_form", CONFIRM_PROMPT):  # after a correction: its line was just said
            utter(dispatcher, f"其他信息不变。{CONFIRM_PROMPT}", buttons=buttons)
            return []
        slots = {slot: tracker.get_slot(slot) for slot in LABELS}
        text, cites = tier_text(slots["activity_scope"], int(slots["member_count"]), slots["district"])
        utter(dispatcher, text, cites)
        utter(dispatcher, filing_summary(slots) + f"\n\n{CONFIRM_PROMPT}", buttons=buttons)
        return []


class ActionSubmitFiling(Action):
    """Stores the confirmed request and gives the reference and the cited next steps."""

    def name(self) -> str:
        return "action_submit_filing"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if tracker.get_slot("filing_confirmed") is not True:
            return []
        try:
            reference = await gateway.store_request("filing", tracker.sender_id, filing_record(tracker))
        except gateway.GatewayError as exc:
            log.warning("filing not stored: %s", exc)
            dispatcher.utter_message(text="抱歉，系统暂时没能保存您的申请，刚才填写的信息都还在。请稍后再点「确认提交」，"
                                          "或直接联系所在街道（镇）社会组织服务中心。")
            return retry_confirmation("filing_form", "filing_confirmed")
        text, cites = next_steps(tracker.get_slot("district"))
        utter(dispatcher, f"编号 {reference}：已提交团队预备案申请。请记下这个编号，方便查询。\n"
                          f"说明：这是供工作人员跟进的预备案申请，还不是正式备案。\n{text}", cites)
        return reset_form(domain, "filing_form")

