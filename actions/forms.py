"""Shared behaviour of the three flow forms: policy questions and corrections in the middle of a form.

Every form slot is filled from free text. Before the per-slot validation runs, the base class checks
whether the message was really (a) a policy question — answered, and the pending question re-asked —
or (b) a correction of an earlier answer ("电话写错了，应该是…") — that slot is re-validated and the
pending question re-asked. Subclasses list the words that name each slot in CORRECTION_KEYWORDS.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, Callable, Optional

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions import parsing
from actions.policy_qa import answer_question

QUESTION_INTENTS = {"ask_policy", "nlu_fallback", "out_of_scope", "help"}
QUESTION_MIN_CONFIDENCE = 0.5


def latest_intent(tracker: Tracker) -> tuple[Optional[str], float]:
    """Name and confidence of the intent NLU gave the latest message."""
    intent = (tracker.latest_message or {}).get("intent") or {}
    return intent.get("name"), float(intent.get("confidence") or 0.0)


def is_policy_question(tracker: Tracker) -> bool:
    """A question to the retriever, not an answer to the form: question intent AND question wording."""
    name, confidence = latest_intent(tracker)
    text = (tracker.latest_message or {}).get("text") or ""
    if name not in QUESTION_INTENTS or not parsing.looks_like_question(text):
        return False
    return name == "nlu_fallback" or confidence >= QUESTION_MIN_CONFIDENCE


class FlowFormValidator(FormValidationAction, ABC):
    """Base validator: mid-form questions and corrections, then the usual validate_<slot> methods."""

    # slot → words that name it in a correction, most specific first
    CORRECTION_KEYWORDS: dict[str, tuple[str, ...]] = {}
    # slot → confirmation slot to clear when a correction changes the summary
    CONFIRM_SLOT: Optional[str] = None
    # slot → (parser returning the clean value or None, Chinese message when it is None)
    RULES: dict[str, tuple[Callable[[str], Any], str]] = {}

    @abstractmethod
    def name(self) -> str:
        """Abstract so rasa_sdk's executor does not register this base class as an action."""

    def __getattr__(self, name: str) -> Any:
        """validate_<slot> for every slot in RULES, so each flow lists parsers instead of methods."""
        slot = name.removeprefix("validate_")
        rules = type(self).RULES
        if name.startswith("validate_") and slot in rules:
            return self._rule_validator(slot, *rules[slot])
        raise AttributeError(name)

    @staticmethod
    def _rule_validator(slot: str, parse: Callable[[str], Any], message: str) -> Callable:
        async def validate(value: Any, dispatcher: CollectingDispatcher, _tracker: Tracker,
                           _domain: DomainDict) -> dict[str, Any]:
            result = parse(str(value if value is not None else ""))
            if result is None:
                dispatcher.utter_message(text=message)  # re-ask; earlier answers stay as they are
            return {slot: result}
        return validate

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        requested = tracker.get_slot("requested_slot")
        text = (tracker.latest_message or {}).get("text") or ""
        if requested and text and not text.startswith("/"):
            if is_policy_question(tracker):
                context = await answer_question(dispatcher, tracker, text)  # keeps the answer's context
                return [SlotSet(requested, None), *context]
            events = await self._correction_events(requested, text, dispatcher, tracker, domain)
            if events is not None:
                return events
        return await super().run(dispatcher, tracker, domain)

    def _corrected_slot(self, requested: str, text: str) -> Optional[tuple[str, str]]:
        """(slot, keyword) when the text corrects an earlier slot (not the one being asked)."""
        if not parsing.is_correction(text):
            return None
        for slot, words in self.CORRECTION_KEYWORDS.items():
            for word in words:
                if word in text and slot != requested:
                    return slot, word
        return None

    async def _correction_events(self, requested: str, text: str, dispatcher: CollectingDispatcher,
                                 tracker: Tracker, domain: DomainDict) -> Optional[list[EventType]]:
        """Re-validate the corrected slot; clear the pending one so the form asks it again."""
        found = self._corrected_slot(requested, text)
        if found is None:
            return None
        slot, keyword = found
        value = parsing.correction_value(text, keyword)
        updates: dict[str, Any] = {slot: None}
        if value is not None:
            updates = await self._validate_one(slot, value, dispatcher, tracker, domain)
            if updates.get(slot) is not None:
                dispatcher.utter_message(text=f"好的，已更正：{self.describe(slot, updates[slot])}。")
        else:
            dispatcher.utter_message(text="好的，我们重新填这一项。")
        updates[requested] = None
        if self.CONFIRM_SLOT:
            updates[self.CONFIRM_SLOT] = None
        return [SlotSet(name, val) for name, val in updates.items()]

    async def _validate_one(self, slot: str, value: str, dispatcher: CollectingDispatcher,
                            tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        method = getattr(self, f"validate_{slot}", None)
        if method is None:
            return {slot: value}
        return await method(value, dispatcher, tracker, domain)

    def describe(self, slot: str, value: Any) -> str:
        """How a slot and its value are shown back to the user (overridden for labels)."""
        return f"{slot} = {value}"
