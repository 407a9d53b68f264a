"""Helpers shared by the flows: slot resets, replies with citations, cancelling a flow."""
from __future__ import annotations

import re
from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

CANCEL_WORDS = re.compile(r"取消|算了|不办|不填|不弄|不搞|不做|不要了|不想|退出|停止|终止|结束|别填|不自查|不注销|不备案|^停[止下]?$|cancel")
FLOW_NAMES = {"filing_form": "团队预备案", "deregistration_form": "注销/撤销备案申请",
              "eligibility_form": "扶持资格自查"}


def form_slots(domain: DomainDict, form: str) -> list[str]:
    """Required slots of a form as declared in bot/domain.yml."""
    spec = (domain.get("forms") or {}).get(form) or {}
    return list(spec.get("required_slots") or [])


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


class ActionCancelFlow(Action):
    """Stops the active form and says plainly that nothing was submitted."""

    def name(self) -> str:
        return "action_cancel_flow"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        form = (tracker.active_loop or {}).get("name")
        if not form:
            dispatcher.utter_message(text="好的。现在没有正在办理的流程。还有什么可以帮您？")
            return []
        text = (tracker.latest_message or {}).get("text") or ""
        if not CANCEL_WORDS.search(text):  # an answer NLU mistook for "cancel": keep the form going
            dispatcher.utter_message(text="没太明白，您是要退出吗？退出请说「取消」；继续填写请直接回答下面的问题。")
            return [FollowupAction(form)]
        flow = FLOW_NAMES.get(form, "当前流程")
        dispatcher.utter_message(
            text=f"好的，已取消{flow}。刚才填写的内容没有提交，也不会保存为申请。需要时随时可以重新开始。")
        return [ActiveLoop(None), SlotSet("requested_slot", None), *reset_form(domain, form)]
