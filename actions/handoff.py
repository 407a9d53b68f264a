"""Human handoff: stores an RG- request for staff and says honestly what happens next."""
from __future__ import annotations

import re

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.handoff_requests import CONTACT_SLOT, asks_for_a_person, file_request, offers_contact
from actions.misread import take_as_answer
from actions.parsing import find_phone

# A request for a person whatever else the message says; 联系我/打电话给我 with a number at a form's phone step
# is how that answer is worded (「有事打电话给我，138…」), so there the answer wins.
_UNMISTAKABLE = re.compile(r"人工|真人|客服|转接|^/human_handoff")
PHONE_SLOTS = ("leader_phone", "dereg_contact")
NOT_ASKED = "需要工作人员跟进的话，请说「转人工」（可以附上手机号）；想继续办理或提问，直接告诉我就行。"


def _gives_the_asked_phone(tracker: Tracker, text: str) -> bool:
    """A number typed at a form's phone step, worded as 「有事联系我」 rather than asking for a person."""
    return tracker.get_slot("requested_slot") in PHONE_SLOTS and bool(find_phone(text)) \
        and not _UNMISTAKABLE.search(text)


class ActionHandoff(Action):
    """Records the request; never pretends a person is now chatting live."""

    def name(self) -> str:
        return "action_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        text = ((tracker.latest_message or {}).get("text") or "").strip()
        in_form = bool((tracker.active_loop or {}).get("name"))
        if not asks_for_a_person(text):  # 「三十来个人吧」 classified as a handoff: no record staff must chase
            if not in_form:
                dispatcher.utter_message(text=NOT_ASKED)
                return []
            return await take_as_answer(dispatcher, tracker, domain)  # inside a form it is the answer
        if in_form and _gives_the_asked_phone(tracker, text):
            return await take_as_answer(dispatcher, tracker, domain)
        await file_request(dispatcher, tracker)
        return []


class ActionRememberPhone(Action):
    """Run by Rasa's slot extraction on every message outside a form (the contact_phone slot's custom
    mapping): keeps a number offered for a call back, so a later 「转人工」 without it still carries it."""

    def name(self) -> str:
        return "action_remember_phone"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        text = ((tracker.latest_message or {}).get("text") or "").strip()
        if not offers_contact(text):
            return []
        return [SlotSet(CONTACT_SLOT, find_phone(text))]
