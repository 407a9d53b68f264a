"""Shared behaviour of the three flow forms: before a reply goes through the slot's parser (actions/parsing/), a value
taken back inside it (「长宁区 哦不对 是徐汇」), an answer followed by a question, a policy question (answered, the pending
question re-asked) and a correction of an earlier answer (words per slot in CORRECTION_KEYWORDS) are told apart. Nothing
unparsed is stored: misses re-ask with an example, then list the options, 「取消」 and 「转人工」; over-long replies are refused.
"""
from __future__ import annotations

import re
from abc import ABC, abstractmethod
from typing import Any, Callable, Optional

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions import parsing
from actions.parsing import side_model
from actions.form_reading import (added_items, answer_then_question, answers_besides, answers_pending, ask_buttons, denies_stored,
                                  is_policy_question, is_status_question, landline_remark, misses, parse_one_piece, parse_with_buttons,
                                  previous_answer, read_as, without_retracted)
from actions.policy_qa import answer_if_confident, answer_question, says_something
from actions.status import ActionCheckStatus

TOO_LONG = (f"您输入的内容太长了（超过 {parsing.MAX_ANSWER_CHARS} 字），这一项我没有记录。"
            "请用一两句话简短回答，例如团队名称只写「夕阳红舞蹈队」。")
BACK_RE = re.compile(r"^(?:返回|回到|退回|回)?上一(?:步|题|个问题|项)$|^back$", re.IGNORECASE)
LAST_ANSWER_RE = re.compile(r"(?:刚才|刚刚|前面)那[项个题]|上一[项个题步]|前一[项个题]|那一?项")
CHANGE_RE = re.compile(r"改成|改为|换成|更正为|改一下|改下|应该是|帮我改|能改")  # a correction that asks (「…改成…行吗」) still changes
# An unsure answer (应该是/其实是) or one set against another (「不是在小区，是在居委活动室」): not by itself a correction
HEDGE_WORDS_RE = re.compile(r"应该是|应该选|应该|其实是|其实|^不是[^，,。\s]{1,10}[哈啊呀的]?[，,\s]\s*(?=(?:而)?是)|"
                            + parsing.IS_NOT_RE.pattern)
PUT_OFF = "好的，{label}这次先不记，问好了随时告诉我，我们接着从这一步填；这一项是必填的，不能跳过。不想继续请说「取消」。"
HELP_BUTTONS = [{"title": "取消", "payload": "/cancel"}, {"title": "转人工", "payload": "/human_handoff"}]


class FlowFormValidator(FormValidationAction, ABC):
    """Base validator: mid-form questions and corrections, then the usual validate_<slot> methods."""

    # slot → words that name it in a correction, most specific first
    CORRECTION_KEYWORDS: dict[str, tuple[str, ...]] = {}
    # slots whose parsers accept only their own kind of value (places, phones, counts, options), in the
    # order a correction that names no field is tried against them
    VALUE_SLOTS: tuple[str, ...] = ()
    # slots holding a list that a later 「再加一个，场地也缺」 adds to
    LIST_SLOTS: tuple[str, ...] = ()
    # slot → confirmation slot to clear when a correction changes the summary
    CONFIRM_SLOT: Optional[str] = None
    # slot → (parser returning the clean value or None, Chinese message when it is None)
    RULES: dict[str, tuple[Callable[[str], Any], str]] = {}
    # slots whose answer is a number: no extra buttons, so a WeChat digit reply stays a number
    NUMBER_SLOTS: tuple[str, ...] = ()
    # yes/no slots: a correction that names one is its new answer as a whole (「说错了，我们不是新成立的」)
    YES_NO_SLOTS: tuple[str, ...] = ()
    # VALUE_SLOTS whose parsers match option keywords anywhere in a text (社区 → 社区事务类): tried last
    KEYWORD_SLOTS: tuple[str, ...] = ()
    # slot → (earlier slots, fn(value, *their values)): what those answers already say is taken out (「瓯海泽雅唐宅村」 → 唐宅村)
    IN_CONTEXT: dict[str, tuple[tuple[str, ...], Callable[..., Any]]] = {}
    # slot → (the next slot, parser(text, value) of what the same answer says of it): 「长宁区新华路街道的」
    ALSO_SAID: dict[str, tuple[str, Callable[[str, Any], Any]]] = {}
    # slot → its name as the form shows it (corpus.vocabulary.field_label), for lines that name a slot
    LABELS: dict[str, str] = {}

    @abstractmethod
    def name(self) -> str:
        """Abstract so rasa_sdk's executor does not register this base class as an action."""

    def __getattr__(self, name: str) -> Any:
        """validate_<slot> for every slot in RULES, so each flow lists parsers instead of methods."""
        slot = name.removeprefix("validate_")
        rules = type(self).RULES
        if name.startswith("validate_") and slot in rules:
            return self._rule_validator(slot, *rules[slot])
        raise AttributeError(name)

    def _rule_validator(self, slot: str, parse: Callable[[str], Any], message: str) -> Callable:
        async def validate(value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                           domain: DomainDict) -> dict[str, Any]:
            result = self.check_reply(slot, value, parse, message, dispatcher, tracker, domain)
            said_before, narrow = type(self).IN_CONTEXT.get(slot, ((), None))
            result = narrow(result, *map(tracker.get_slot, said_before)) if narrow and result is not None else result
            return {slot: result, **self._also_said(slot, str(value or ""), result, dispatcher, tracker)}
        return validate

    def _also_said(self, slot: str, text: str, value: Any, dispatcher: CollectingDispatcher,
                   tracker: Tracker) -> dict[str, Any]:
        """The next question's answer when this one already gave it, filled and said in one line, so it is
        not asked again; never over an answer the user gave before."""
        later, parse = type(self).ALSO_SAID.get(slot, ("", None))
        said = parse(text, value) if parse and value is not None and tracker.get_slot(later) is None else None
        if said is None:
            return {}
        dispatcher.utter_message(text=f"{self.LABELS.get(later, later)}记为「{said}」，不对的话直接说「改成……」。")
        return {later: said}

    def check_reply(self, slot: str, value: Any, parse: Callable[[str], Any], message: str,
                    dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Any:
        """The parsed value, or None after a re-ask: nothing unparsed is ever stored."""
        text = str(value if value is not None else "")
        if parsing.too_long(text):
            dispatcher.utter_message(text=TOO_LONG)
            return None
        result = parse_with_buttons(text, parse, ask_buttons(domain, slot))
        result = parse_one_piece(text, parse, ask_buttons(domain, slot)) if result is None else result
        later = PUT_OFF.format(label=self.LABELS.get(slot, "这一项")) if parsing.DEFERS_RE.search(text) else None
        if result is None:  # 「电话等我儿子回来帮我填」: that answer later, the form waits at this step
            self.reask(slot, later or landline_remark(text, parse) or message, dispatcher, tracker, domain)
        return result

    def reask(self, slot: str, message: str, dispatcher: CollectingDispatcher, tracker: Tracker,
              domain: DomainDict) -> None:
        """First miss: the slot's message with its example. From the second miss on the same slot: the
        options as buttons (WeChat numbers them), how to cancel and the offer of a person."""
        if misses(tracker, slot) < 2:
            dispatcher.utter_message(text=message)  # earlier answers stay as they are
            return
        options = ask_buttons(domain, slot)
        pick = "可以直接选下面的选项（回复序号也行）。" if options else ""
        extra = [] if slot in self.NUMBER_SLOTS else [*options, *HELP_BUTTONS]
        dispatcher.utter_message(text=f"{message}\n{pick}不想继续请说「取消」；需要工作人员帮忙请说「转人工」。",
                                 buttons=extra)

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        requested = tracker.get_slot("requested_slot")
        text = (tracker.latest_message or {}).get("text") or ""
        if requested and text and not text.startswith("/"):
            text, tracker = without_retracted(tracker, requested, text, type(self), domain)  # 「长宁区 哦不对 是徐汇」: 「徐汇」
            if (checked := parsing.without_checks_asked(text)) != text and answers_pending(type(self).RULES, requested, checked, domain):
                text, tracker = checked, read_as(tracker, requested, checked)  # 「夕阳红广场舞队，这样填对吗」: the value, checked
            if aside := answer_then_question(requested, text, type(self), domain):  # 「…居委会。对了问一下，…？」: both
                return [*await answer_question(dispatcher, tracker, aside[1]),
                        *await super().run(dispatcher, read_as(tracker, requested, aside[0]), domain)]
            if BACK_RE.match(parsing.normalize_reply(text)):
                return self._step_back(requested, dispatcher, tracker, domain)
            if is_status_question(tracker):  # 「我上次交的备案怎么样了」 mid-form: answered, the form goes on
                await ActionCheckStatus().run(dispatcher, tracker, domain)
                return [SlotSet(requested, None)]
            added = added_items(self.LIST_SLOTS, type(self).RULES, requested, text, dispatcher, tracker)
            if added:
                return added
            if is_policy_question(tracker):
                return await self._side_question(requested, text, dispatcher, tracker)
            events = await self._correction_events(requested, text, dispatcher, tracker, domain)
            if events is not None:
                return events
            if self._unparsed_question(requested, text, domain):
                return await self._side_question(requested, text, dispatcher, tracker)
            if (answered := await self._answered_anyway(requested, text, dispatcher, tracker, domain)) is not None:
                return answered
        return await super().run(dispatcher, tracker, domain)

    async def _answered_anyway(self, requested: str, text: str, dispatcher: CollectingDispatcher, tracker: Tracker,
                               domain: DomainDict) -> Optional[list[EventType]]:
        """No value, not worded as a question, yet the documents answer it confidently (「备案了对队伍有啥帮助」) or it names
        what they are about (「场地是街道统一安排的」): answered, the pending question asked again; else re-asked."""
        if requested not in type(self).RULES or answers_pending(type(self).RULES, requested, text, domain) or parsing.DEFERS_RE.search(text) \
                or parsing.too_long(text) or parsing.is_non_answer(text) or not says_something(text) or parsing.says_stop(text):
            return None  # a yes/no step reads its replies its own way (「成立两年多了」): not second-guessed here
        events = await answer_if_confident(dispatcher, tracker, text)
        return None if events is None else [SlotSet(requested, None), *events]

    def _step_back(self, requested: str, dispatcher: CollectingDispatcher, tracker: Tracker,
                   domain: DomainDict) -> list[EventType]:
        """「上一步」: the answer before the pending question is cleared, so the form asks it again."""
        previous = previous_answer(requested, tracker, domain)
        events: list[EventType] = [SlotSet(requested, None)]
        if previous is None:
            dispatcher.utter_message(text="已经是第一个问题了。")
        else:
            events.append(SlotSet(previous, None))
        if self.CONFIRM_SLOT:
            events.append(SlotSet(self.CONFIRM_SLOT, None))
        return events

    async def _side_question(self, requested: str, text: str, dispatcher: CollectingDispatcher,
                             tracker: Tracker) -> list[EventType]:
        """Answer with citations; the pending question is asked again and nothing is stored."""
        context = await answer_question(dispatcher, tracker, text)  # keeps the answer's context
        return [SlotSet(requested, None), *context]

    def _unparsed_question(self, requested: str, text: str, domain: DomainDict) -> bool:
        """Worded as a question and no value for the pending slot, whatever intent NLU gave it:
        「顺便问下，登记了能拿补贴吗」 at the category step is a question, not a category."""
        if parsing.remarks_to_bot(text) or parsing.follows_up(text):
            return True  # 「哈哈你好聪明啊」「下一条呢」 name nothing of the team, whatever a free-text step would take
        rule, sure = type(self).RULES.get(requested), side_model.surely_asks(text)  # 「算了不办了」: a cancel NLU may have missed
        model_asks = (sure or side_model.asks(text) and rule is None) and not parsing.says_stop(text)
        if not (parsing.looks_like_question(text) or parsing.about_policy(text) or model_asks) or parsing.DEFERS_RE.search(text):
            return False  # a step's reply the model only suspects: _answered_anyway; 「电话等我女儿下班了再说」: put off
        if rule is not None and parse_with_buttons(text, rule[0], ask_buttons(domain, requested)) is None:
            return True
        if rule is None and parsing.parse_yes_no(text) is None:
            return True  # a yes/no step: 「成员最少要几个人」 says neither yes nor no, whatever NLU thinks
        # a value, yet asking in words or surely to the model (「队伍散了，剩下的会费咋处理」); a correction asks only without 改成
        fixing = parsing.is_correction(HEDGE_WORDS_RE.sub("", text))
        return (parsing.asks_in_words(parsing.asked_pieces(text)) or sure and not fixing) and not (fixing and CHANGE_RE.search(text))

    def _corrected_slot(self, requested: str, text: str, tracker: Tracker,
                        domain: DomainDict) -> Optional[tuple[str, Optional[str]]]:
        """(slot, new value) when the text corrects an earlier slot: the slot the longest word names with the value after
        it (「电话写错了，应该是…」); else the first earlier answer the new value parses as — places, numbers and phones, then
        「刚才那项」, then options by keywords (「不对不对，应该选在民政局登记的社会组织」); else the named slot without a value."""
        if not (parsing.is_correction(text) or self._field_not_but(requested, text)) \
                or (parsing.asks_in_words(text) and not CHANGE_RE.search(text)):
            return None  # 「名字写错了会有影响吗」 asks; the side-question path answers it
        named = self._named_slot(requested, text, tracker)
        said_not = parsing.is_not_only(text)  # 「是X不是Y」: only an answer Y names is corrected
        named = None if said_not and named and not denies_stored(type(self).RULES, *named, said_not[1], tracker, domain) else named
        if named and (named[1] is not None or named[0] in self.YES_NO_SLOTS):
            return named
        if named and named[0] != requested and answers_besides(type(self).RULES, requested, text, domain):
            return None  # 「名字要改成带“协会”的，…，选其他原因」: the pending answer, and no value to correct
        hedged = self._hedged_value(requested, text, tracker, domain) if named is None else None
        if hedged is not None:
            return requested, hedged  # 「应该是南郊街道吧」 at the street step answers it, unsure; it corrects nothing
        value = parsing.corrected_value(text)
        strict = [s for s in self.VALUE_SLOTS if s not in self.KEYWORD_SLOTS]
        previous = previous_answer(requested, tracker, domain) if LAST_ANSWER_RE.search(text) else None
        order = [*strict, *([previous] if named is None and previous else []),
                 *[s for s in self.VALUE_SLOTS if s in self.KEYWORD_SLOTS]]
        for slot in order if value else ():
            parse = type(self).RULES.get(slot, (None,))[0]
            if slot != requested and parse and tracker.get_slot(slot) is not None \
                    and parse_with_buttons(value, parse, ask_buttons(domain, slot)) is not None \
                    and (not said_not or denies_stored(type(self).RULES, slot, value, said_not[1], tracker, domain)):
                return slot, value
        return named

    def _field_not_but(self, requested: str, text: str) -> bool:
        """「人数不是20，是25」: an earlier slot's word before 不是…，是…, so a correction of that slot."""
        said = parsing.FIELD_NOT_BUT_RE.match(parsing.normalize_reply(text))
        return bool(said) and any(word in said.group(1) for slot, words in self.CORRECTION_KEYWORDS.items()
                                  for word in words if slot != requested)

    def _hedged_value(self, requested: str, text: str, tracker: Tracker, domain: DomainDict) -> Optional[str]:
        """The pending slot's answer when a hedge (应该是/其实是, 不是A是B) is the only correction word, the
        pending slot's parser reads its value and no earlier place, phone or count does (「其实有35个人」)."""
        if parsing.is_correction(HEDGE_WORDS_RE.sub("", parsing.normalize_reply(text))) or parsing.asks_in_words(text):  # 「培训应该是免费的吧」 asks
            return None
        contrast = re.match(r"^(?:其实)?不是", parsing.normalize_reply(text)) or parsing.IS_NOT_RE.search(
            parsing.normalize_reply(text))  # 「不是A，是B」「是B不是A」: B is the answer
        value = (parsing.corrected_value(text) if contrast else None) or text
        rules = type(self).RULES
        strict = [s for s in self.VALUE_SLOTS if s not in self.KEYWORD_SLOTS and s != requested
                  and tracker.get_slot(s) is not None and s in rules]
        if any(parse_with_buttons(value, rules[s][0], ask_buttons(domain, s)) not in (None, tracker.get_slot(s))
               for s in strict):
            return None  # another answer it would change (a street's district the same as told changes nothing)
        rule = rules.get(requested)
        readable = rule is not None and parse_with_buttons(value, rule[0], ask_buttons(domain, requested)) is not None
        return value if readable else None

    def _named_slot(self, requested: str, text: str, tracker: Tracker) -> Optional[tuple[str, Optional[str]]]:
        """The slot named in the clause with the correction words (「番禺居委，街道写错了」), an earlier one, the longest, the first
        said; the pending one unless only hedged (「名字写错了，应该是…」) — with the value after it (「25，人数刚才说错了」: before); a
        yes/no one only once answered, its answer the whole text (「说错了，不是新成立的」)."""
        own = parsing.is_correction(HEDGE_WORDS_RE.sub("", parsing.normalize_reply(text)))  # 「田林街道，区应该是徐汇区」: hedged
        marks = list(parsing.VALUE_MARK_RE.finditer(text))
        head = text[:marks[-1].start()] if marks else text  # a word after the last 是/改成 is part of the value
        found = [(parsing.correcting_clause(text, word), slot != requested, len(word), -text.find(word), slot, word) for slot, words in
                 self.CORRECTION_KEYWORDS.items() for word in words if word in (text if slot in self.YES_NO_SLOTS else head)
                 and (slot != requested or own) and (slot not in self.YES_NO_SLOTS or tracker.get_slot(slot) is not None)]
        if not found:
            return None
        *_order, slot, word = max(found)  # 范围 before 街道 in 「范围和街道都写错了」
        value = parsing.without_correction_words(text) if slot in self.YES_NO_SLOTS else parsing.correction_value(text, word)
        before = value is None and slot == requested and not parsing.looks_like_question(text)  # not 「地区说错了？」
        return slot, parsing.said_before_correction(text) if before else value

    async def _correction_events(self, requested: str, text: str, dispatcher: CollectingDispatcher,
                                 tracker: Tracker, domain: DomainDict) -> Optional[list[EventType]]:
        """Re-validate the corrected slot; clear the pending one so the form asks it again."""
        found = self._corrected_slot(requested, text, tracker, domain)
        if found is None:
            return None
        slot, value = found
        if slot == requested:  # the pending question answered with a hedge: its value, nothing corrected
            return [SlotSet(name, val) for name, val in
                    (await self._validate_one(slot, value, dispatcher, tracker, domain)).items()]
        updates: dict[str, Any] = {slot: None}
        if value is not None:
            updates = await self._validate_one(slot, value, dispatcher, tracker, domain)
            if updates.get(slot) is not None:
                dispatcher.utter_message(text=f"好的，已更正：{self.describe(slot, updates[slot])}。")
        else:
            dispatcher.utter_message(text="好的，我们重新填这一项。")
        updates[requested] = None
        if self.CONFIRM_SLOT:
            updates[self.CONFIRM_SLOT] = None
        return [SlotSet(name, val) for name, val in updates.items()]

    async def _validate_one(self, slot: str, value: str, dispatcher: CollectingDispatcher,
                            tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        method = getattr(self, f"validate_{slot}", None)
        return {slot: value} if method is None else await method(value, dispatcher, tracker, domain)

    def describe(self, slot: str, value: Any) -> str:
        """How a slot and its value are shown back to the user (overridden for labels)."""
        return f"{slot} = {value}"
