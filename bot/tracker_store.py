"""Rasa's SQL tracker store, with phone and ID-card numbers masked before events reach the database.

Loaded by Rasa through the endpoints file (bot/endpoints.yml; scripts/run_all.sh writes the same type into
the one it generates): ``type: bot.tracker_store.MaskingSQLTrackerStore``. Why a subclass and not a
clean-up job: var/tracker.db would otherwise hold every resident's full mobile and ID number for as long as
the conversation is kept, readable by anyone who gets the file. Masking uses ``corpus.text.mask_pii``, the
project's one masking function (138****5678, 110105********1234).

What is masked and what is not:
- user messages (text, the NLU parse, entities), bot messages (text and payloads such as the filing summary),
  e2e action texts, and the values of slots that are not form answers (e.g. ``qa_question``).
- the answers of the forms (the domain's ``required_slots``, e.g. ``leader_phone``, ``dereg_contact``) stay
  as given: the form submits them, possibly after a Rasa restart, when they are read back from this store.
  So does ``contact_phone``: a number given only to be called back on (actions/handoff.py), which a later
  「转人工」 submits.
Rasa never re-reads stored user texts during a turn (the action server gets the live, unmasked tracker);
from the next turn on, earlier messages read back masked — so a phone given in an earlier message is not
found by a later action (the handoff takes it from this message, the contact_phone slot or the form's answer).

Conversation retention (deleting old events) is the gateway's job: api/services/retention.py.
Not part of the Rasa model: mk/rasa.mk leaves bot/*.py out of the model hash.
"""
from __future__ import annotations

from typing import Any, Dict, Iterator, Set, Text

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker

from corpus.text import mask_pii

# slots outside forms that hold an answer to be submitted later (see the module docstring)
SUBMITTED_SLOTS = frozenset({"contact_phone"})
# event type → the fields of its dict that carry what people typed or were shown
TEXT_FIELDS = {"user": ("text", "parse_data"), "bot": ("text", "data"), "action": ("action_text",),
               "entities": ("entities",)}


def mask_value(value: Any) -> Any:
    """Every string inside `value` (dicts and lists walked) masked; other values as they are."""
    if isinstance(value, str):
        return mask_pii(value)
    if isinstance(value, dict):
        return {key: mask_value(item) for key, item in value.items()}
    if isinstance(value, list):
        return [mask_value(item) for item in value]
    return value


def mask_event(data: Dict[Text, Any], keep_slots: Set[Text]) -> Dict[Text, Any]:
    """A serialised event with its free text masked (form answers in `keep_slots` untouched)."""
    kind = data.get("event")
    if kind == "slot":
        return data if data.get("name") in keep_slots else {**data, "value": mask_value(data.get("value"))}
    fields = TEXT_FIELDS.get(kind, ())
    return {key: mask_value(value) if key in fields else value for key, value in data.items()}


class _StoredEvent:
    """What SQLTrackerStore.save reads of an event (``type_name``, ``as_dict()``), with the dict masked."""

    def __init__(self, type_name: Text, data: Dict[Text, Any]) -> None:
        self.type_name = type_name
        self._data = data

    def as_dict(self) -> Dict[Text, Any]:
        return self._data


class MaskingSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore whose new events are stored with phone and ID numbers masked."""

    def form_slots(self) -> Set[Text]:
        """Every slot a form asks for, and the contact phone: the answers something will submit."""
        forms = self.domain.forms if self.domain else {}
        answers = {slot for form in forms.values() for slot in (form or {}).get("required_slots", [])}
        return answers | SUBMITTED_SLOTS

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator:
        keep = self.form_slots()
        for event in super()._additional_events(session, tracker):
            yield _StoredEvent(event.type_name, mask_event(event.as_dict(), keep))
