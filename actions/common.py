"""Helpers shared by the flows: slot resets, replies with citations, flow names."""
from __future__ import annotations

from typing import Any, Optional

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

FLOW_NAMES = {"filing_form": "团队预备案", "deregistration_form": "注销/撤销备案申请",
              "eligibility_form": "扶持资格自查"}


def form_slots(domain: DomainDict, form: str) -> list[str]:
    """Required slots of a form as declared in bot/domain.yml."""
    spec = (domain.get("forms") or {}).get(form) or {}
    return list(spec.get("required_slots") or [])


def ask_response(domain: DomainDict, slot: str) -> dict[str, Any]:
    """The slot's utter_ask response (text and buttons) from the domain Rasa sends with every call."""
    for response in ((domain or {}).get("responses") or {}).get(f"utter_ask_{slot}") or []:
        return response
    return {"text": ""}


def reset_form(domain: DomainDict, form: str) -> list[EventType]:
    """Clear a form's slots so the next run starts fresh (nothing half-filled leaks into it)."""
    return [SlotSet(slot, None) for slot in form_slots(domain, form)]


def retry_confirmation(form: str, confirm_slot: str) -> list[EventType]:
    """After a failed save keep every answer and reopen the form at its confirmation question."""
    return [SlotSet(confirm_slot, None), FollowupAction(form)]


def summary_shown(tracker: Tracker, form: str, marker: str) -> bool:
    """Whether this run of the form already showed its summary (a bot message carrying ``marker``):
    after a correction only the changed line is repeated, not the whole block."""
    for event in reversed(tracker.events or []):
        if event.get("event") == "bot" and marker in (event.get("text") or ""):
            return True
        if event.get("event") == "active_loop" and event.get("name") == form:
            return False
    return False


def utter(dispatcher: CollectingDispatcher, text: str, citations: Optional[list[dict[str, Any]]] = None,
          buttons: Optional[list[dict[str, str]]] = None) -> None:
    """One bot message; citations travel as a custom payload the gateway attaches to this text."""
    dispatcher.utter_message(text=text, buttons=buttons or [],
                             json_message={"citations": citations} if citations else None)


ON_HOLD = "好的，先不提交，填好的信息都留着。问好了回复「确认提交」；要改哪一项直接说；不办了说「取消」。"
# What a confirmation step's validator says when it stores nothing (「我要修改」, 「先不提交」): it ends the turn.
CONFIRM_REPLIES = ("要改哪一项", ON_HOLD)


def prompted_this_turn(tracker: Tracker) -> bool:
    """Whether the confirmation's validator already said what to do next in this turn: asking the confirmation
    again right after 「请告诉我要改哪一项」 would say 「其他信息不变，信息无误请点确认提交」 before anything changed."""
    for event in reversed(tracker.events or []):
        if event.get("event") == "user":
            return False
        if event.get("event") == "bot" and any(m in (event.get("text") or "") for m in CONFIRM_REPLIES):
            return True
    return False


def on_hold(dispatcher: CollectingDispatcher, confirm_slot: str) -> dict[str, Any]:
    """「先不提交了，我问问队长」 at the confirmation: nothing is stored, nothing is lost, and the user is told
    how to come back."""
    dispatcher.utter_message(text=ON_HOLD)
    return {confirm_slot: None}
