"""Handoff requests (RG-…): when a message asks for a person, what staff see, and filing the request.

Kept apart from the handoff action so that the policy-QA fallback can file a request the classifier missed
without importing the forms (handoff → misread → forms → policy_qa would be a cycle).
"""
from __future__ import annotations

import logging
import re
import unicodedata

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import gateway
from actions.common import FLOW_NAMES
from actions.parsing import find_phone

log = logging.getLogger(__name__)
RECENT_MESSAGES = 5
# Only an explicit request files a handoff record: the words people use for "a person, please", or the button.
# 工作人员 only as the one asked for (找/让/请…工作人员, 工作人员联系我…), never where the writer says who they are:
# 「我是月坛街道的工作人员，现协助一支团队办理预备案」 asks for no one.
_STAFF_WANTED = r"(找|要|请|让|叫|跟|和|同|向|问|转|给|留言|联系)[^，,。？?！!]{0,6}工作人员|" \
                r"工作人员(能|可以|快|赶紧|尽快)?(联系我|回电|回复我|打电话|处理|跟进|帮我|看看)"
# 人来 only as sent for (派个人来), not 「需要专业的人来带」; 真人 not in 「你是真人还是机器人」
_EXPLICIT = re.compile(r"人工|真人(?!还是)|" + _STAFF_WANTED + r"|客服|转接|找人|找个人|找你们|找.{0,3}(领导|负责人)|投诉|"
                       r"联系我|打电话给我|来电|回电|(?:派|叫|让|找)个?[^，,。？?！!]{0,3}人来|中心的人|^/human_handoff")
_SELF = re.compile(r"(我是|我们是|作为|本人是|本人系)(?![^，,。？?！!]*?(找|让|请|叫|联系|想|要))[^，,。？?！!]{0,12}工作人员")
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


# Asking for a person in so many words, for a message the classifier read as a question: 人工/投诉/人来/负责人
# also sit inside ordinary questions (人工资, 该去哪里投诉, 派人来辅导, 找不到负责人), so only these count there.
_PERSON_PLEASE = re.compile(r"转人工|人工(?:客服|服务)|真人|(?:找|让|请|叫)[^，,。？?！!]{0,4}工作人员(?!的)|"
                            r"工作人员[^，,。？?！!]{0,2}(?:帮我|帮忙|联系我|回电|打电话给我)")


def wants_a_person(text: str) -> bool:
    """A request for a person beyond doubt (「能不能找个工作人员帮我填」), whatever the classifier read."""
    return bool(_PERSON_PLEASE.search(_SELF.sub("", text or "")))


def offers_contact(text: str) -> bool:
    """Whether a message gives a number to be called back on: with a request for a person, or on its own.

    A number inside anything else (「我电话138…，备案要什么材料」) is not kept: the tracker store masks it,
    and this slot would be the one place it survived."""
    if not find_phone(text):
        return False
    rest = _NOT_WORDS.sub("", unicodedata.normalize("NFKC", text))
    return asks_for_a_person(text) or bool(_CONTACT_ONLY.fullmatch(rest))


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


def contact_after_handoff(tracker: Tracker, text: str) -> bool:
    """A number on its own right after a handoff reply that asked for one: it belongs to that request."""
    if not offers_contact(text):
        return False
    users = 0
    for event in reversed(tracker.events or []):  # the previous bot reply filed a request (not 「请说转人工」)
        users += event.get("event") == "user"
        if users > 1:
            return False
        if event.get("event") == "bot" and "转人工请求" in (event.get("text") or ""):
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
    in_form = bool((tracker.active_loop or {}).get("name"))  # there a bare number answers the form's question
    contact = ("您留的手机号已一并记录。" if data["contact_phone"]
               else "希望电话联系的话，可以再说一次「转人工」并附上手机号（会补进这个编号，不会重复登记）。" if in_form
               else "希望电话联系的话，直接回复手机号即可（会补进这个编号，不会重复登记）。")
    if merged:
        dispatcher.utter_message(text=f"已补充到编号 {reference} 的转人工请求（没有另外登记）。{contact}")
        return
    dispatcher.utter_message(
        text=f"编号 {reference}：已登记转人工请求。这里不是实时人工客服：请求和这段对话已记录，供工作人员查看，"
             f"何时回复由工作人员安排。{contact}在此之前，您可以继续问我政策问题。")
