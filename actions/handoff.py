"""Human handoff: stores an RG- request for staff and says honestly what happens next."""
from __future__ import annotations

import logging
import re
import unicodedata

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import gateway
from actions.common import FLOW_NAMES
from actions.misread import take_as_answer
from actions.parsing import find_phone

log = logging.getLogger(__name__)
RECENT_MESSAGES = 5
# Only an explicit request files a handoff record: the words people use for "a person, please", or the button.
# 工作人员 only as the one asked for (找/让/请…工作人员, 工作人员联系我…), never where the writer says who they are:
# 「我是月坛街道的工作人员，现协助一支团队办理预备案」 asks for no one.
_STAFF_WANTED = r"(找|要|请|让|叫|跟|和|同|向|问|转|给|留言|联系)[^，,。？?！!]{0,6}工作人员|" \
                r"工作人员(能|可以|快|赶紧|尽快)?(联系我|回电|回复我|打电话|处理|跟进|帮我|看看)"
_EXPLICIT = re.compile(r"人工|真人|" + _STAFF_WANTED + r"|客服|转接|找人|找个人|找你们|找.{0,3}(领导|负责人)|投诉|联系我|"
                       r"打电话给我|来电|回电|人来|中心的人|^/human_handoff")
_SELF = re.compile(r"(我是|我们是|作为|本人是|本人系)(?![^，,。？?！!]*?(找|让|请|叫|联系|想|要))[^，,。？?！!]{0,12}工作人员")
# A request for a person whatever else the message says; 联系我/打电话给我 with a number at a form's phone step
# is how that answer is worded (「有事打电话给我，138…」), so there the answer wins.
_UNMISTAKABLE = re.compile(r"人工|真人|客服|转接|^/human_handoff")
PHONE_SLOTS = ("leader_phone", "dereg_contact")
NOT_ASKED = "需要工作人员跟进的话，请说「转人工」（可以附上手机号）；想继续办理或提问，直接告诉我就行。"
# What may surround a number given only to be called back on: 「我的电话是 138…」「手机号：138…」.
_CONTACT_ONLY = re.compile(r"(我的?|本人)?(联系)?(电话|手机|手机号|号码|手机号码|电话号码|联系方式|联系电话)?(是|为)?")
_NOT_WORDS = re.compile(r"[\d\s\-—+()（）:：,，、。.!！~]")
# The slot the phone is kept in (domain: a custom mapping running action_remember_phone outside forms);
# bot/tracker_store.py stores it unmasked like a form answer, because a later 「转人工」 submits it.
CONTACT_SLOT = "contact_phone"


def asks_for_a_person(text: str) -> bool:
    """Whether the message itself asks for a person (or is the 「转人工」 button), not merely a word NLU
    mistook for it."""
    text = _SELF.sub("", text or "")
    return bool(_EXPLICIT.search(text))


def offers_contact(text: str) -> bool:
    """Whether a message gives a number to be called back on: with a request for a person, or on its own.

    A number inside anything else (「我电话138…，备案要什么材料」) is not kept: the tracker store masks it,
    and this slot would be the one place it survived."""
    if not find_phone(text):
        return False
    rest = _NOT_WORDS.sub("", unicodedata.normalize("NFKC", text))
    return asks_for_a_person(text) or bool(_CONTACT_ONLY.fullmatch(rest))


def _gives_the_asked_phone(tracker: Tracker, text: str) -> bool:
    """A number typed at a form's phone step, worded as 「有事联系我」 rather than asking for a person."""
    return tracker.get_slot("requested_slot") in PHONE_SLOTS and bool(find_phone(text)) \
        and not _UNMISTAKABLE.search(text)


def recent_user_texts(tracker: Tracker, limit: int = RECENT_MESSAGES) -> list[str]:
    """The user's last messages, so staff see the context without opening the tracker store."""
    texts = [e.get("text") for e in tracker.events if e.get("event") == "user" and e.get("text")]
    return [t for t in texts if not t.startswith("/")][-limit:]


def handoff_data(tracker: Tracker) -> dict:
    """What the staff console shows for a handoff request."""
    recent = recent_user_texts(tracker)
    form = (tracker.active_loop or {}).get("name")
    # Earlier messages come back from the tracker store masked, so the phone is this message's, the one
    # remembered when it was typed (contact_phone), or a form's answer.
    phone = (find_phone(recent[-1] if recent else "") or tracker.get_slot(CONTACT_SLOT)
             or tracker.get_slot("leader_phone") or tracker.get_slot("dereg_contact"))
    return {"message": recent[-1] if recent else "", "recent_messages": recent,
            "active_flow": FLOW_NAMES.get(form) if form else None, "contact_phone": phone}


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


def contact_after_handoff(tracker: Tracker, text: str) -> bool:
    """A number on its own right after a handoff reply that asked for one: it belongs to that request."""
    if not offers_contact(text):
        return False
    users = 0
    for event in reversed(tracker.events or []):
        users += event.get("event") == "user"
        if users > 1:
            return False
        if event.get("event") == "action" and event.get("name") == "action_handoff":
            return True
    return False


async def file_request(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """Store (or add to the unread) RG- request of this sender and say what happens next."""
    data = handoff_data(tracker)
    try:
        reference, merged = await gateway.store_handoff(tracker.sender_id, data)
    except gateway.GatewayError as exc:
        log.warning("handoff not stored: %s", exc)
        dispatcher.utter_message(text="抱歉，转人工请求暂时没能记录下来。请稍后再试，或直接联系所在街道（镇）"
                                      "社会组织服务中心。")
        return
    contact = ("您留的手机号已一并记录。" if data["contact_phone"]
               else "希望电话联系的话，直接回复手机号即可（会补进这个编号，不会重复登记）。")
    if merged:
        dispatcher.utter_message(text=f"已补充到编号 {reference} 的转人工请求（没有另外登记）。{contact}")
        return
    dispatcher.utter_message(
        text=f"编号 {reference}：已登记转人工请求。这里不是实时人工客服：请求和这段对话已记录，供工作人员查看，"
             f"何时回复由工作人员安排。{contact}在此之前，您可以继续问我政策问题。")


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
