"""Policy Q&A in conversation: every free-form question goes to the retriever served by the gateway."""
from __future__ import annotations

import logging
from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import gateway

log = logging.getLogger(__name__)

UNAVAILABLE = ("政策查询服务暂时不可用，请稍后再问一次。急需答复的话，可以咨询所在街道（镇）社会组织服务中心"
               "或区民政局。")
NOT_FOUND = ("文件里没有找到能明确回答这个问题的条款。我只能依据已收录的政策文件回答；具体情况建议咨询"
             "所在街道（镇）社会组织服务中心或区民政局。")


def region_hint(tracker: Tracker) -> Optional[str]:
    """Region the user already told us in a flow (eligibility region or filing district), if any."""
    return tracker.get_slot("region") or tracker.get_slot("district")


def reply_from_answer(answer: dict[str, Any]) -> tuple[str, list[dict]]:
    """Text and citations to show; when the retriever is not confident it is said plainly, never guessed."""
    text = (answer.get("answer") or "").strip()
    citations = answer.get("citations") or []
    if answer.get("confident") and text:
        return text, citations
    if citations:
        return NOT_FOUND + "\n下面附上检索到的可能相关条款，仅供参考。", citations
    return NOT_FOUND, []


async def answer_question(dispatcher: CollectingDispatcher, tracker: Tracker, question: str) -> None:
    """Answer one question (also used inside forms before the pending question is asked again)."""
    try:
        answer = await gateway.ask(question, region=region_hint(tracker))
    except gateway.GatewayError as exc:
        log.warning("policy QA unavailable: %s", exc)
        dispatcher.utter_message(text=UNAVAILABLE)
        return
    text, citations = reply_from_answer(answer)
    dispatcher.utter_message(text=text, json_message={"citations": citations} if citations else None)


class ActionPolicyQA(Action):
    """Answers the latest user message with cited clauses (also the NLU/core fallback)."""

    def name(self) -> str:
        return "action_policy_qa"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list:
        question = ((tracker.latest_message or {}).get("text") or "").strip()
        if not question or question.startswith("/"):
            dispatcher.utter_message(response="utter_help")
            return []
        await answer_question(dispatcher, tracker, question)
        return []
