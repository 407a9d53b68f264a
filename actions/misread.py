"""A form answer NLU read as 「取消」 or 「转人工」 is still taken as the answer it is.

Inside a form the rules route the cancel and handoff intents to their actions, and the slot mappings do
not fill the pending slot from those intents. When the message is not really a request to stop or for
a person (「主要是七宝老街茶馆，下雨天就不搞了」「联系人戴晓敏，电话177…」), the active form's own validator
is run on it as the pending slot's candidate, exactly as after a normal extraction: parsed values are
stored, anything else is re-asked; nothing is lost and nothing unparsed is kept.
"""
from __future__ import annotations

from typing import Optional

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import parsing
from actions.deregistration import ValidateDeregistrationForm
from actions.eligibility import ValidateEligibilityForm
from actions.filing import ValidateFilingForm
from actions.form_reading import ask_buttons, parse_with_buttons

VALIDATORS = {"filing_form": ValidateFilingForm, "deregistration_form": ValidateDeregistrationForm,
              "eligibility_form": ValidateEligibilityForm}


def as_candidate(tracker: Tracker, slot: str, text: str) -> Tracker:
    """The tracker as the validator sees it after an extraction put `text` into `slot`."""
    events = [*tracker.events, {"event": "slot", "name": slot, "value": text, "timestamp": None}]
    return Tracker(tracker.sender_id, {**tracker.current_slot_values(), slot: text}, tracker.latest_message, events,
                   tracker.is_paused(), tracker.followup_action, tracker.active_loop, tracker.latest_action_name)


def _pending(tracker: Tracker) -> tuple[Optional[type], Optional[str], str]:
    """(the active form's validator, the slot it asks, the latest message)."""
    validator = VALIDATORS.get((tracker.active_loop or {}).get("name") or "")
    return validator, tracker.get_slot("requested_slot"), ((tracker.latest_message or {}).get("text") or "").strip()


async def take_as_answer(dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
    """The form validator's events for the latest message as the pending slot's answer ([] outside a form)."""
    validator, slot, text = _pending(tracker)
    if validator is None or not slot or not text or text.startswith("/"):
        return []
    return await validator().run(dispatcher, as_candidate(tracker, slot, text), domain)


def answers_pending(tracker: Tracker, domain: DomainDict) -> bool:
    """Whether the latest message is for the pending question: its value (「不搞了，解散」 is the reason 解散), or a
    question asked in words that the form answers before asking again (「可以不填身份证吗」 stops nothing)."""
    validator, slot, text = _pending(tracker)
    if validator is not None and slot and parsing.asks_in_words(text):
        return True
    if validator is not None and str(slot).endswith("_confirmed") and parsing.holds_off(text):
        return True  # 「等开完会再办」 at the confirmation: on hold, never cancelled
    rule = validator.RULES.get(slot) if validator and slot else None
    return rule is not None and parse_with_buttons(text, rule[0], ask_buttons(domain, slot)) is not None
