"""Goodbye only when the user says goodbye: the classifier also reads 「1」「啊啊啊啊」「<script>…」 as goodbye
(its examples include 88 and 886), and answering those with 「再见」 ends a conversation nobody ended."""
from __future__ import annotations

import re

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.parsing import looks_like_question
from actions.policy_qa import ActionPolicyQA

CLOSING = re.compile(r"再见|再会|回见|拜(?!托|访)|bye|(?<!\d)886?(?![\d岁年号元块个人次])|先这样|就这样|到这|回头再|改天|下次(?:再|见)|明天再|"
                     r"我(?:先)?走了|撤了|先下|下了|下线|晚安|没事了|结束对话", re.IGNORECASE)


def says_goodbye(text: str) -> bool:
    """A closing word, and not a question (「活动结束后要报备吗」「下次活动要报备吗」 ask something)."""
    return bool(CLOSING.search(text or "")) and not looks_like_question(text or "")


class ActionGoodbye(Action):
    """「再见」 gets goodbye; anything else the classifier took for it is handled as any other message."""

    def name(self) -> str:
        return "action_goodbye"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if says_goodbye((tracker.latest_message or {}).get("text") or ""):
            dispatcher.utter_message(response="utter_goodbye")
            return []
        return await ActionPolicyQA().run(dispatcher, tracker, domain)
