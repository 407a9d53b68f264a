"""Policy Q&A in conversation: every free-form question goes to the retriever served by the gateway.

The last answer's context (resolved question, region, cited doc and clause ids) is kept in four
slots and sent back with the next question, so the gateway can resolve follow-ups such as
「那北京呢？」 or 「这个文件还有效吗？」. Close compendium questions come back as 「猜你想问」 buttons.
"""
from __future__ import annotations

import logging
import re
from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import gateway, parsing
from actions.parsing import side_model
from actions.handoff_requests import contact_after_handoff, file_request, wants_a_person
from actions.offers import offer, offered_flow
from corpus import vocabulary as V

log = logging.getLogger(__name__)

UNAVAILABLE = ("政策查询服务暂时不可用，请稍后再问一次。急需答复的话，可以咨询所在街道（镇）社会组织服务中心"
               "或区民政局。")
NOT_FOUND = ("文件里没有找到能明确回答这个问题的条款。我只能依据已收录的政策文件回答；具体情况建议咨询"
             "所在街道（镇）社会组织服务中心或区民政局。")
SUGGESTIONS_PROMPT = "猜你想问："
MAX_SUGGESTIONS = 3
MAX_IDS = 5  # the gateway accepts at most 5 doc ids and 5 clause ids in `context`
CLARIFY_SOURCE = "clarify"
METADATA_SOURCE = "metadata"  # a document's own facts (validity, issuer, 文号): shown as they are, stated or not
# context key in /api/ask → slot that keeps it between turns (bot/domain.yml)
CONTEXT_SLOTS = (("question", "qa_question"), ("region", "qa_region"),
                 ("doc_ids", "qa_doc_ids"), ("clause_ids", "qa_clause_ids"))


def region_hint(tracker: Tracker) -> Optional[str]:
    """The region key (长宁 / 上海 / 北京 / 温州) of a place told in a flow, or None.

    The slot may still hold the raw text of the pending answer (a side question typed at a free-text
    step fills it before validation), so only a key the vocabulary finds in it is sent, never the text.
    """
    for slot in ("region", "district", "dereg_region"):
        value = tracker.get_slot(slot)
        targets = V.detect_regions(value) if isinstance(value, str) and len(value) <= 100 else []
        if targets:
            city, district = targets[0]
            return district or city
    return None


def _ids(value: Any) -> list[str]:
    """A clean list of id strings (slots and replies are data from outside this process)."""
    if not isinstance(value, (list, tuple)):
        return []
    return [str(v) for v in value if isinstance(v, str) and v.strip()][:MAX_IDS]


def _text(value: Any) -> Optional[str]:
    """A non-empty stripped string, else None."""
    if not isinstance(value, str):
        return None
    return value.strip() or None


def context_from_slots(tracker: Tracker) -> Optional[dict[str, Any]]:
    """The previous answer's context to send with this question; None before the first answer."""
    question = _text(tracker.get_slot("qa_question"))
    if question is None:
        return None
    return {"question": question, "region": _text(tracker.get_slot("qa_region")),
            "doc_ids": _ids(tracker.get_slot("qa_doc_ids")), "clause_ids": _ids(tracker.get_slot("qa_clause_ids"))}


def context_events(answer: dict[str, Any]) -> list[EventType]:
    """SlotSets keeping the returned context; none when the reply carries no `context` key at all,
    cleared slots when it is null (the gateway starts afresh)."""
    if "context" not in answer:
        return []
    raw = answer.get("context") if isinstance(answer.get("context"), dict) else {}
    clean = {"question": _text(raw.get("question")), "region": _text(raw.get("region")),
             "doc_ids": _ids(raw.get("doc_ids")), "clause_ids": _ids(raw.get("clause_ids"))}
    if clean["question"] is None:
        clean = {key: None for key in clean}
    return [SlotSet(slot, clean[key]) for key, slot in CONTEXT_SLOTS]


def suggestion_buttons(answer: dict[str, Any], asked: str) -> list[dict[str, str]]:
    """Quick replies for 「猜你想问」: the question itself is the payload, so tapping equals typing it."""
    seen = {asked.strip()}
    buttons: list[dict[str, str]] = []
    for raw in answer.get("suggestions") or []:
        question = _text(raw)
        if question and question not in seen and not question.startswith("/"):
            seen.add(question)
            buttons.append({"title": question, "payload": question})
    return buttons[:MAX_SUGGESTIONS]


def in_form(tracker: Tracker) -> bool:
    """A form is active: its question follows the answer, and on WeChat extra numbered choices would
    shift the digits of the form's own buttons, so no 「猜你想问」 then."""
    return bool((tracker.active_loop or {}).get("name"))


SHORT_ASK = 8  # 「谁来管」「那要多久」「具体怎么做」: a short question right after an answer continues it


def follows_up_answer(tracker: Tracker, text: str) -> bool:
    """「那团队呢」「如果是备案类的呢」「下一条呢」「谁来管」 right after a policy answer, outside a form: a follow-up
    for the gateway to resolve with the kept context, whatever intent NLU gave it (affirm, start_filing …); a
    short question naming a flow (「怎么备案」) is the flow's own question."""
    if context_from_slots(tracker) is None or in_form(tracker):
        return False
    said = parsing.normalize_reply(text)
    short_ask = 0 < len(said) <= SHORT_ASK and parsing.asks_in_words(said) and not offered_flow(said)
    return parsing.follows_up(text) or short_ask


def is_clarification(answer: dict[str, Any]) -> bool:
    """The gateway asking which document or region a follow-up means (`source: "clarify"`, not
    confident): shown as it is, since it guesses nothing."""
    return answer.get("source") == CLARIFY_SOURCE


def reply_from_answer(answer: dict[str, Any]) -> tuple[str, list[dict]]:
    """Text and citations to show; when the retriever is not confident it is said plainly, never guessed."""
    text = (answer.get("answer") or "").strip()
    citations = answer.get("citations") or []
    if text and (answer.get("confident") or is_clarification(answer) or answer.get("source") == METADATA_SOURCE):
        return text, citations
    if citations:
        return NOT_FOUND + "\n下面附上检索到的可能相关条款，仅供参考。", citations
    return NOT_FOUND, []


async def answer_question(dispatcher: CollectingDispatcher, tracker: Tracker, question: str,
                          suggestions: bool = True, only_confident: bool = False,
                          unsure: Optional[str] = None) -> list[EventType]:
    """Answer one question (also inside forms, before the pending question is asked again).

    Returns the SlotSets that keep this answer's context; callers must pass them on to Rasa.
    ``only_confident``: say nothing unless the documents answer it (a lead-in before a form that
    goes on anyway, where a refusal would only be noise); ``unsure`` is then said instead of nothing.
    """
    answer = await _asked(tracker, question)
    if answer is None:
        dispatcher.utter_message(text=UNAVAILABLE)
        return []
    if only_confident and not answer.get("confident"):
        if unsure:  # the nearest clauses stay as cards, for reference
            citations = reply_from_answer(answer)[1]
            dispatcher.utter_message(text=unsure, json_message={"citations": citations} if citations else None)
        return []
    _say(dispatcher, answer)
    buttons = [] if in_form(tracker) or not suggestions else suggestion_buttons(answer, question)
    if buttons:
        dispatcher.utter_message(text=SUGGESTIONS_PROMPT, buttons=buttons)
    return context_events(answer)


# What the documents are about, named in a message no step could read (「场地是街道统一安排的」「孵化基地那块我不懂」): a remark
# on the rules, which gets their answer or the plain refusal rather than the step's example again
POLICY_TOPIC = re.compile(r"备案|注销|撤销|登记|扶持|补贴|补助|资助|资金|经费|场地|活动室|等级|评估|[1-5]A|党建|党组织|支部|孵化|培训|"
                          r"社工|民政|政策|文件|规定|条件|材料|手续|流程|创投|购买服务|资格|年检|年报|监管|税")


async def answer_if_confident(dispatcher: CollectingDispatcher, tracker: Tracker, text: str) -> Optional[list[EventType]]:
    """The documents' answer to a message nobody marked as a question, said when they answer it confidently, when it
    names what the documents are about or when the side-question model takes it for one (their refusal then): the
    context events (possibly none), else None and nothing said (not even that the service is down)."""
    answer = await _asked(tracker, text)
    if answer is None or not (answer.get("confident") or POLICY_TOPIC.search(text) or side_model.asks(text)):
        return None
    _say(dispatcher, answer)
    return context_events(answer)


async def _asked(tracker: Tracker, question: str) -> Optional[dict[str, Any]]:
    """The gateway's answer with this conversation's region and context; None while it cannot be reached."""
    try:
        return await gateway.ask(question, region=region_hint(tracker), context=context_from_slots(tracker))
    except gateway.GatewayError as exc:
        log.warning("policy QA unavailable: %s", exc)
        return None


def _say(dispatcher: CollectingDispatcher, answer: dict[str, Any]) -> None:
    text, citations = reply_from_answer(answer)
    dispatcher.utter_message(text=text, json_message={"citations": citations} if citations else None)


NOT_UNDERSTOOD = "没太明白您的意思。可以直接说想办的事，或者把问题打出来，比如「广场舞队要不要备案」。"
_FILLERS = set("啊阿呀哈嗯哦噢喔呢吧嘛哎唉呃额诶欸哇")


def says_something(text: str) -> bool:
    """Whether a message has words to look up: two different Chinese characters that are not only 语气词."""
    return len({ch for ch in text if "\u4e00" <= ch <= "\u9fff"} - _FILLERS) >= 2


class ActionPolicyQA(Action):
    """Answers the latest user message with cited clauses (also the NLU/core fallback)."""

    def name(self) -> str:
        return "action_policy_qa"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list:
        question = ((tracker.latest_message or {}).get("text") or "").strip()
        if not question or question.startswith("/"):
            dispatcher.utter_message(response="utter_help")
            return []
        if wants_a_person(question) or contact_after_handoff(tracker, question):
            await file_request(dispatcher, tracker)  # 「能不能找个工作人员帮我填」, or the number the handoff asked for
            return []
        if not says_something(question):  # 「？？？」「啊啊啊啊」「1」: no question to look up
            dispatcher.utter_message(text=NOT_UNDERSTOOD)
            dispatcher.utter_message(response="utter_help")
            return []
        flow = offered_flow(question)
        events = await answer_question(dispatcher, tracker, question, suggestions=flow is None)
        if flow:
            return [*events, *offer(dispatcher, flow)]
        return [*events, SlotSet("flow_offer", None)] if tracker.get_slot("flow_offer") else events
