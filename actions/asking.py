"""Every form question is asked with where the user is: 「第 3/11 步」 on the question line, and a
`form_step` payload ({slot, n, total}) the web chat turns into a step counter with 上一步 / 取消.

The question texts and buttons stay in bot/domain.yml (utter_ask_<slot>); one action_ask_<slot> class
per form slot is generated from the domain's forms (Rasa calls action_ask_<slot> instead of the
response when the domain lists it). Confirmation slots keep their own ask actions (the summary).
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from functools import lru_cache
from pathlib import Path
from typing import Optional

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import ask_response
from actions.form_reading import rough_count_note
from corpus import vocabulary as V

DOMAIN_PATH = Path(__file__).resolve().parents[1] / "bot" / "domain.yml"
CONFIRM_SLOTS = ("filing_confirmed", "dereg_confirmed")
COUNT_SLOTS = ("member_count",)  # a rough count said for one of these is told back before the next question


@lru_cache(maxsize=1)
def form_questions() -> dict[str, tuple[str, ...]]:
    """form → the slots it asks in order (confirmation excluded): the steps the counter counts."""
    forms = (yaml.safe_load(DOMAIN_PATH.read_text(encoding="utf-8")) or {}).get("forms") or {}
    return {form: tuple(s for s in spec.get("required_slots") or [] if s not in CONFIRM_SLOTS)
            for form, spec in forms.items()}


def step_of(slot: str, form: Optional[str]) -> Optional[tuple[int, int]]:
    """(n, total) of the slot in its form; None for a slot the form does not ask."""
    slots = form_questions().get(form or "") or next((s for s in form_questions().values() if slot in s), ())
    return (slots.index(slot) + 1, len(slots)) if slot in slots else None


def with_step(text: str, n: int, total: int) -> str:
    """The counter goes on the question itself, the last line (an intro line above it stays as it is)."""
    head, _, question = text.rpartition("\n")
    return f"{head}\n第 {n}/{total} 步：{question}" if head else f"第 {n}/{total} 步：{question}"


class AskSlotAction(Action, ABC):
    """Asks one form slot with its step; the generated subclasses set `slot` and `name`."""

    slot = ""

    @abstractmethod
    def name(self) -> str:
        """Abstract so rasa_sdk's executor registers only the generated per-slot classes."""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        response = ask_response(domain, self.slot)
        step = step_of(self.slot, (tracker.active_loop or {}).get("name"))
        text = str(response.get("text") or "")
        notes = [rough_count_note(tracker, s, V.field_label(s, "filing_dialogue")) for s in COUNT_SLOTS if s != self.slot]
        text = "\n".join([*(n for n in notes if n), text])
        payload = None
        if step is not None:
            text = with_step(text, *step)
            payload = {"form_step": {"slot": self.slot, "n": step[0], "total": step[1]}}
        dispatcher.utter_message(text=text, buttons=list(response.get("buttons") or []), json_message=payload)
        return []


def _ask_class(slot: str) -> type:
    return type(f"AskSlot_{slot}", (AskSlotAction,),
                {"slot": slot, "name": lambda self: f"action_ask_{self.slot}", "__doc__": f"Asks {slot}."})


ASK_ACTIONS = {slot: _ask_class(slot) for slots in form_questions().values() for slot in slots}
