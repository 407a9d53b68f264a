"""Flow 3 — which support may apply (扶持与补贴资格自查).

The form collects the profile; the rules and the pure engine live in knowledge/rules/support.yml and
actions/eligibility_rules.py (`evaluate(profile)`, `render_text(result)`). What the answers mean is
actions/eligibility_answers.py; this module validates them into the profile and shows the result with
citations.
"""
from __future__ import annotations

import logging
from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import citations as C
from actions import flow_texts, parsing
from actions.common import reset_form, utter
from actions.eligibility_answers import (NO_GRADE, founded_recently, normalize_region, parse_fields, parse_grade,
                                         parse_needs, parse_org_kind)
from actions.form_reading import latest_intent
from actions.forms import FlowFormValidator
from corpus import vocabulary as V

log = logging.getLogger(__name__)


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
                           "service_fields": ("领域",), "support_needs": ("需求", "需要", "缺的"),
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
        if isinstance(value, bool):
            return {slot: value}  # pre-filled from the opening (「刚成立，想看看有啥扶持」), validated when the form starts
        intent = latest_intent(tracker)[0]

        def parse(text: str) -> Optional[bool]:
            if parsing.looks_like_question(parsing.normalize_reply(text)) or parsing.only_acknowledges(text):
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
