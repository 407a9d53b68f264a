"""The simulated user: reads each bot turn and decides what to type next, like a resident with a goal.

It answers the slot the form asks for (the tracker's requested slot; the prompt text if no form runs)
with its phrasing; when the same slot is asked again after a valid answer it rephrases, then picks the
offered option (a button on the web, its number in WeChat), and gives up after three tries. Side
questions, the invalid reply, the correction and the cancel of its script are sent when due. A yes/no
check of a value it meant («大约 30 人，对吗？») is confirmed. If the bot answers the opening without
starting the flow, it taps the offered start button, else types the flow's plain request.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from bench.dialogue.channels import Turn
from bench.dialogue.flows import BOOL_SLOTS, FLOWS, Meant, canonical, display, norm
from bench.dialogue.generator import Injection, Script
from bench.dialogue.prompts import asks_to_confirm, last_prompt_slot
from bench.dialogue.scoring import slot_value_ok
from bench.dialogue.tracker import TrackerState

MAX_TRIES = 3  # valid answers to one slot before the user gives up
REFERENCE = re.compile(r"(?<![A-Za-z])(BA|ZX)-\d{8}-\d{3,}")
START_WORDS = ("开始", "填写", "办理", "自查", "备案", "注销")
YES = "对的"
REFUSAL = "文件里没有找到"  # actions/policy_qa.py NOT_FOUND: the plain refusal (reference clauses may follow)
ANSWER_KINDS = ("opening", "start", "answer", "rephrase", "option", "confirm_value", "confirm")


@dataclass
class Utterance:
    kind: str  # opening | answer | rephrase | option | confirm_value | confirm | side | invalid | correction |
    #            cancel | cancel_again | start | restart
    text: str = ""
    slot: str | None = None
    item_id: str | None = None


class SimUser:
    def __init__(self, script: Script) -> None:
        self.script = script
        self.flow = FLOWS[script.flow]
        self.meant: dict[str, Meant] = dict(script.meant)
        self.pending: list[Injection] = list(script.injections)
        self.tries: Counter = Counter()  # valid answers sent per slot
        self.allowed: Counter = Counter()  # extra tries a correction of the slot grants
        self.confirms: Counter = Counter()
        self.steps = 0  # bot turns that asked a slot
        self.turns = 0  # user messages (WeChat 「更多」 included)
        self.starts = 0
        self.outcome: str | None = None  # completed | cancelled | stuck:<slot> | form_exited | not_started |
        #                                   turn_limit | wrong_form:<form>
        self.last: Utterance | None = None
        self.asked_slot: str | None = None
        self.prompts: Counter = Counter()
        self.events: list[dict[str, Any]] = []  # verdicts on side questions, invalid replies, corrections …
        self.mismatches: list[dict[str, Any]] = []  # prompt text says another slot than the tracker
        self.prefill_reasked: list[str] = []
        self.fixed: set[str] = set()
        self.sent: Counter = Counter()  # utterance kinds sent
        self.limit = 3 * len(self.flow.slots) + 12

    # ---- the conversation ---------------------------------------------------------------------
    def opening(self) -> Utterance:
        return self._say(Utterance("opening", self.script.opening["text"], item_id=self.script.opening["id"]))

    def _say(self, utt: Utterance) -> Utterance:
        self.last = utt
        self.sent[utt.kind] += 1
        self.turns += 1
        return utt

    def observe(self, turn: Turn, state: TrackerState, before: TrackerState) -> None:
        """Judge the effect of the last utterance (side question cited, invalid reply not stored …)."""
        self.turns += turn.extra_user_turns
        last, asked = self.last, self.asked_slot
        if last is None:
            return
        if last.kind == "opening":
            self.events.append({"kind": "opening", "id": last.item_id, "cited": turn.cited(),
                                "asks_question": bool(self.script.opening.get("asks_question")),
                                "form_started": state.active_loop == self.flow.form})
        stored = state.slots.get(asked) if asked else None
        kept = asked is None or before.slots.get(asked) == stored or stored is None
        if last.kind == "side":
            inj = next(i for i in self.script.injections if i.item_id == last.item_id and i.kind == "side")
            self.events.append({"kind": "side", "id": last.item_id, "slot": asked, "answerable": inj.answerable,
                                "cited": turn.cited(), "refused": REFUSAL in turn.text, "not_stored": kept,
                                "form_kept": state.active_loop == self.flow.form})
        elif last.kind == "invalid":
            self.events.append({"kind": "invalid", "id": last.item_id, "slot": last.slot, "text": last.text[:80],
                                "not_stored": kept, "form_kept": state.active_loop == self.flow.form,
                                "reasked": state.requested_slot == last.slot, "status": turn.status})
        elif last.kind in ("correction", "fix_prefill"):
            self.events.append({"kind": last.kind, "id": last.item_id, "slot": last.slot,
                                "applied": _same(last.slot, state.slots.get(last.slot), self.meant[last.slot])})

    def next(self, turn: Turn, state: TrackerState) -> Utterance | None:
        """What to type after this bot turn; None when the conversation is over (see `outcome`)."""
        if self._finished(turn, state):
            return None
        if self.turns >= self.limit:
            self.outcome = "turn_limit"
            return None
        if state.active_loop and state.active_loop != self.flow.form:
            self.outcome = f"wrong_form:{state.active_loop}"
            return None
        slot = state.requested_slot if state.active_loop == self.flow.form else None
        text_slot = last_prompt_slot(turn.texts, self.flow.slots)
        if slot and text_slot and text_slot != slot:
            self.mismatches.append({"tracker": slot, "text": text_slot, "prompt": turn.texts[-1][:80]})
        if self.last and self.last.kind == "cancel" and state.active_loop == self.flow.form:
            return self._say(Utterance("cancel_again", "取消", slot))  # «您是要退出吗？退出请说「取消」»
        if self.last and self.last.kind == "cancel_again" and state.active_loop == self.flow.form:
            self.outcome = "cancel_ignored"
            return None
        if slot is None:
            return self._not_in_form(turn)
        restart = next((i for i in self.pending if i.kind == "restart" and i.at <= self.steps + 1), None)
        if restart is not None:  # the runner restarts the stack, then asks again with the same turn
            self.pending.remove(restart)
            return Utterance("restart", slot=slot)
        wrong = self._wrong_prefill(state, slot)
        if wrong is not None:  # «已按您说的记下：组织类型 …» but that is not what the user meant
            self.fixed.add(wrong)
            new = display(wrong, self.meant[wrong].value)
            return self._say(Utterance("fix_prefill", self.script.fixes[wrong].replace("{new}", new), wrong))
        self.asked_slot = slot
        self.steps += 1
        if self.last and self.last.kind in ANSWER_KINDS:  # re-asks after a side question etc. are expected
            self.prompts[turn.texts[-1] if turn.texts else ""] += 1
        if slot in (self.script.opening.get("prefill") or {}) and self.tries[slot] == 0 and self.steps > 0:
            self.prefill_reasked.append(slot)
        return self._due(slot) or self._answer(slot, turn)

    def _finished(self, turn: Turn, state: TrackerState) -> bool:
        if self.last and self.last.kind in ("cancel", "cancel_again") and state.active_loop is None:
            self.outcome = "cancelled"
            return True
        if self.flow.record and REFERENCE.search(turn.text):
            self.outcome = "completed"
            return True
        if self.flow.record is None and "action_eligibility_result" in state.actions:
            self.outcome = "completed"
            return True
        return False

    def _not_in_form(self, turn: Turn) -> Utterance | None:
        if self.last and self.last.kind in ("cancel", "cancel_again"):
            self.outcome = "cancelled"
            return None
        if self.steps:
            self.outcome = "form_exited"
            return None
        if self.starts >= 2:
            self.outcome = "not_started"
            return None
        self.starts += 1
        mine = [b for b in turn.buttons if b["payload"] == self.flow.start_payload]  # the offer of this flow, if several
        for button in mine or [b for b in turn.buttons if any(w in b["title"] for w in START_WORDS[:3])]:
            return self._say(Utterance("start", button["payload"]))
        return self._say(Utterance("start", self.flow.start_text))

    def _wrong_prefill(self, state: TrackerState, asked: str) -> str | None:
        """A slot the bot filled without asking (from the opening or another answer) with a value the
        user did not mean; each such slot is corrected once, as a user reading the one-line note would."""
        for slot in self.flow.slots:
            value = state.slots.get(slot)
            if slot in (asked, self.flow.confirm) or slot in self.fixed or self.tries[slot] or value is None:
                continue
            if not slot_value_ok(slot, value, self.meant[slot]):
                return slot
        return None

    def _due(self, slot: str) -> Utterance | None:
        """The first injection due at this step (cancel, then correction, side question, invalid reply)."""
        for kind in ("cancel", "correction", "side", "invalid"):
            for inj in self.pending:
                if inj.kind != kind:
                    continue
                if kind == "invalid" and inj.slot != slot:
                    continue
                if kind != "invalid" and inj.at > self.steps and slot != self.flow.slots[-1]:
                    continue  # not due yet (the flow's last question is the last chance)
                if kind == "correction" and (inj.slot == slot or not self._answered(inj.slot)):
                    continue
                self.pending.remove(inj)
                if kind == "correction":
                    self.meant[inj.slot] = Meant(inj.value)
                    self.allowed[inj.slot] += 1
                return self._say(Utterance(kind, inj.text, slot=inj.slot if kind != "side" else slot,
                                           item_id=inj.item_id))
        return None

    def _answered(self, slot: str | None) -> bool:
        return bool(slot) and (self.tries[slot] > 0 or slot in (self.script.opening.get("prefill") or {}))

    def _answer(self, slot: str, turn: Turn) -> Utterance | None:
        meant = self.meant[slot]
        last_text = turn.texts[-1] if turn.texts else ""
        if last_text and asks_to_confirm(last_text) and slot != self.flow.confirm and self.confirms[slot] < 2 \
                and _shown(slot, meant, last_text):
            self.confirms[slot] += 1
            return self._say(Utterance("confirm_value", YES, slot))
        if slot == self.flow.confirm:
            self.confirms[slot] += 1
            if self.confirms[slot] > MAX_TRIES:
                self.outcome = f"stuck:{slot}"
                return None
            phrasings = self.script.answers[slot]
            return self._say(Utterance("confirm", phrasings[(self.confirms[slot] - 1) % len(phrasings)]["text"], slot))
        self.tries[slot] += 1
        tries = self.tries[slot] - self.allowed[slot]
        if tries > MAX_TRIES:
            self.outcome = f"stuck:{slot}"
            return None
        if slot in self.allowed and self.meant[slot] is not self.script.meant[slot] and tries <= 1:
            return self._say(Utterance("answer", display(slot, meant.value), slot))  # the corrected value
        phrasings = self.script.answers[slot]
        if tries == MAX_TRIES:
            option = _option_for(slot, meant, turn.buttons)
            if option is not None:
                return self._say(Utterance("option", option, slot))
        chosen = phrasings[min(tries - 1, len(phrasings) - 1)]
        return self._say(Utterance("answer" if tries == 1 else "rephrase", chosen["text"], slot, chosen["id"]))

    def loops(self) -> int:
        """Prompts the bot repeated more than three times in this conversation."""
        return sum(1 for count in self.prompts.values() if count > 3)


def _shown(slot: str, meant: Meant, text: str) -> bool:
    """Whether a confirmation question shows the value the user meant."""
    if slot in BOOL_SLOTS:
        return True
    return norm(display(slot, meant.value)) in norm(text)


def _same(slot: str | None, stored: Any, meant: Meant) -> bool:
    if slot is None or stored is None:
        return False
    try:
        return canonical(slot, stored) == meant.value
    except (TypeError, ValueError):
        return False


def _option_for(slot: str, meant: Meant, buttons: list[dict[str, str]]) -> str | None:
    """The payload (web) or number (WeChat) of the offered option that means the user's value."""
    wanted = norm(display(slot, meant.value))
    for button in buttons:
        title = norm(button["title"])
        if slot in BOOL_SLOTS:
            negative = title.startswith(("不", "没", "否", "无"))
            if negative != (meant.value is True):
                return button["payload"]
            continue
        if title and (title == wanted or (len(wanted) >= 2 and (wanted in title or title in wanted))):
            return button["payload"]
    return None
