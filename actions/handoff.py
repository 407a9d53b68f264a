"""Human handoff: stores an RG- request for staff and says honestly what happens next."""
from __future__ import annotations

import logging

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import gateway
from actions.common import FLOW_NAMES
from actions.parsing import find_phone

log = logging.getLogger(__name__)
RECENT_MESSAGES = 5


def recent_user_texts(tracker: Tracker, limit: int = RECENT_MESSAGES) -> list[str]:
    """The user's last messages, so staff see the context without opening the tracker store."""
    texts = [e.get("text") for e in tracker.events if e.get("event") == "user" and e.get("text")]
    return [t for t in texts if not t.startswith("/")][-limit:]


def handoff_data(tracker: Tracker) -> dict:
    """What the staff console shows for a handoff request."""
    recent = recent_user_texts(tracker)
    form = (tracker.active_loop or {}).get("name")
    phone = next((p for p in map(find_phone, reversed(recent)) if p), None) or tracker.get_slot("leader_phone")
    return {"message": recent[-1] if recent else "", "recent_messages": recent,
            "active_flow": FLOW_NAMES.get(form) if form else None, "contact_phone": phone}


class ActionHandoff(Action):
    """Records the request; never pretends a person is now chatting live."""

    def name(self) -> str:
        return "action_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        data = handoff_data(tracker)
        try:
            reference = await gateway.store_request("handoff", tracker.sender_id, data)
        except gateway.GatewayError as exc:
            log.warning("handoff not stored: %s", exc)
            dispatcher.utter_message(text="抱歉，转人工请求暂时没能记录下来。请稍后再试，或直接联系所在街道（镇）"
                                          "社会组织服务中心。")
            return []
        contact = ("工作人员会按您留的手机号联系您。" if data["contact_phone"]
                   else "如果希望电话联系，可以再说一次「转人工」并附上手机号。")
        dispatcher.utter_message(
            text=f"已为您登记转人工请求，编号 {reference}。这里不是实时人工客服：工作人员会在工作时间查看这段对话"
                 f"并跟进，{contact}在此之前，您可以继续问我政策问题。")
        return []
