"""How a flow starts: a question about it is answered first, what the opening message already said is
filled in and confirmed in one line, and an explicit 「开始填写」 starts the form.

「我们小区广场舞队要不要去登记啊」 is a question: it gets a cited answer and an offer to fill in the
form (a button; WeChat numbers it). 「我们合唱团解散了，要注销」 starts the deregistration form with
the reason 解散 already filled, so it is not asked again. The rules in bot/data/rules/forms.yml branch
on the `flow_start` slot this action sets: a flow name starts its form, ``none`` waits for the user.
"""
from __future__ import annotations

import re
from typing import Any, Callable, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import parsing
from actions.deregistration import LABELS as DEREG_LABELS
from actions.deregistration import ORG_TYPE_OPTIONS, REASON_OPTIONS, map_org_type, map_reason
from actions.eligibility import LABELS as ELIGIBILITY_LABELS
from actions.eligibility import parse_org_kind
from actions.filing import LABELS as FILING_LABELS
from actions.filing import map_category
from actions.form_reading import latest_intent
from actions.offers import FILING_WORDS, FLOW_INTENTS, FLOW_TITLES, SUPPORT_WORDS, offer, offered_flow
from actions.policy_qa import answer_question
from corpus import vocabulary as V

NO_FLOW = "none"
# Questions about the procedure, not requests to start it: 要不要/怎么/能不能/需要…吗.
ASKS_ABOUT = re.compile(r"要不要|需不需要|需要.{0,8}吗|用不用|必须|怎么|如何|咋|能不能|可不可以|可以.{0,10}吗|能.{0,10}吗|"
                        r"有没有|有什么|有哪些|哪些|是不是|什么|区别|[?？]")
# A start_filing reading of a message that is about ending a team (「把我们队的备案销了」: 备案 weighs heavily
# for the classifier): the words of ending, and none of starting something new.
ENDING = re.compile(r"注销|注消|撤销|撤掉|撤了|要不要撤|撤不撤|撤备案|销掉|销了|取消备案|(备案|登记).{0,6}取消|解散|散伙|散了|不搞了|不办了|不干了|停办|退出")
STARTING = re.compile(r"成立|新建|新成立|重新|再建|新的|组建|办个|建个|登记一个|备案一个")
# The self-check answers 「能拿什么补贴」 itself: only filing and deregistration answer first.
ANSWER_FIRST = ("filing", "deregistration")


def _places(text: str) -> tuple[Optional[str], Optional[str]]:
    """(district, street) the gazetteer finds named in a longer message."""
    street = parsing.mentioned_street(text)
    district = parsing.mentioned_district(text) or (V.district_of_street(street) if street else None)
    return district, street


def _filing_prefill(text: str) -> dict[str, Any]:
    district, street = _places(text)
    values = {"category": map_category(re.sub(ASKS_ABOUT, "", text)), "district": district,
              "street": street if district else None}
    return {slot: value for slot, value in values.items() if value}


def _dereg_prefill(text: str) -> dict[str, Any]:
    district, street = _places(text)
    reason = map_reason(text) if re.search(r"解散|合并|并入|不活动|没活动|停了|散了", text) else None
    kind = map_org_type(text) if re.search(r"民政局|登记的|民非|社团|协会|备案|小组", text) else None
    # the options' titles: the form's validators parse them back to the same keys
    values = {"dereg_reason": _title(REASON_OPTIONS, reason), "dereg_org_type": _title(ORG_TYPE_OPTIONS, kind),
              "dereg_region": f"{district}{street or ''}" if district else None}
    return {slot: value for slot, value in values.items() if value}


def _eligibility_prefill(text: str) -> dict[str, Any]:
    district, _street = _places(text)
    kind = parse_org_kind(text) if re.search(r"备案|登记|民非|社团|协会|基金会", text) else None
    values = {"region": V.place_label(district) if district else None, "org_kind": kind}
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
    told = "、".join(f"{_label(slot)} {value}" for slot, value in values.items())
    return f"已按您说的记下：{told}。不对的话随时说「……改成……」。"


def asks_about_flow(text: str) -> bool:
    """A question about doing it (要不要登记/怎么备案/能不能注销), not a request to start now."""
    message = parsing.normalize_reply(text)
    return bool(message) and not message.startswith("/") and bool(ASKS_ABOUT.search(message))


def ending_not_starting(text: str) -> bool:
    """A message read as 「备案」 that asks to end a team, not to file a new one."""
    message = parsing.normalize_reply(text)
    return bool(ENDING.search(message)) and not STARTING.search(message)


def flow_of(intent_flow: str, text: str) -> str:
    """The flow a start-intent message asks for: its own topic words over the classifier's reading.

    The classifier leans on single words (备案 in 「之前的备案要取消」, 团队 in 「刚成立的团队有没有启动资金」);
    the words of ending, of support and of filing say which flow the person means — stricter than an offer's
    topic words, since they start a form (「申请备案要钱吗」 asks about filing, not for the self-check).
    """
    message = parsing.normalize_reply(text)
    if ending_not_starting(message):
        return "deregistration"
    if SUPPORT_WORDS.search(message):
        return "eligibility"
    return "filing" if intent_flow == "deregistration" and FILING_WORDS.search(message) else intent_flow


class ActionOpenFlow(Action):
    """Start intents and 「好的/开始填写」 after an offer: answer first, pre-fill, or start the form."""

    def name(self) -> str:
        return "action_open_flow"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        intent = latest_intent(tracker)[0]
        text = (tracker.latest_message or {}).get("text") or ""
        flow = FLOW_INTENTS.get(intent or "")
        if flow is not None:
            flow = flow_of(flow, text)
        if flow is None:  # affirm: accepts the flow offered after an answer, or the one it names (开始自查)
            flow = tracker.get_slot("flow_offer") or offered_flow(text)
            if flow not in FLOW_TITLES:
                dispatcher.utter_message(response="utter_anything_else")
                return [SlotSet("flow_start", NO_FLOW)]
            return [SlotSet("flow_offer", None), SlotSet("flow_start", flow)]
        if flow in ANSWER_FIRST and asks_about_flow(text):
            context = await answer_question(dispatcher, tracker, text, suggestions=False)
            return [*context, *offer(dispatcher, flow), SlotSet("flow_start", NO_FLOW)]
        values = prefill(flow, text)
        if values:
            dispatcher.utter_message(text=prefill_line(values))
        return [SlotSet("flow_offer", None), *[SlotSet(s, v) for s, v in values.items()], SlotSet("flow_start", flow)]
