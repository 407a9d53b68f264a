"""What a message means to a form before any slot parser sees it: the intent NLU gave it, whether it asks
a policy or a status question, which of the question's buttons it names, which answer came last, and how
many turns the pending question has taken.

Pure readings of the tracker and the domain, shared by the form validators (actions/forms.py), the
openings and the handoff/cancel misreadings; they store nothing (added_items returns the events of a list
answer extended by a later message).
"""
from __future__ import annotations

import re
from typing import Any, Callable, Optional

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import parsing
from actions.common import ask_response, form_slots
from actions.status import asks_status, find_reference

QUESTION_INTENTS = {"ask_policy", "nlu_fallback", "out_of_scope", "help"}
QUESTION_MIN_CONFIDENCE = 0.5
STATUS_MIN_CONFIDENCE = 0.9  # above the form answers NLU ever gives check_status (held-out: none)

def latest_intent(tracker: Tracker) -> tuple[Optional[str], float]:
    """Name and confidence of the intent NLU gave the latest message."""
    intent = (tracker.latest_message or {}).get("intent") or {}
    return intent.get("name"), float(intent.get("confidence") or 0.0)


def is_policy_question(tracker: Tracker) -> bool:
    """A question to the retriever, not an answer to the form: question intent AND question wording."""
    name, confidence = latest_intent(tracker)
    text = (tracker.latest_message or {}).get("text") or ""
    if name not in QUESTION_INTENTS or not parsing.looks_like_question(text) or parsing.is_correction(text):
        return False  # 「名字少打了几个字，是…」 fixes an answer, it asks nothing
    return name == "nlu_fallback" or confidence >= QUESTION_MIN_CONFIDENCE


def is_status_question(tracker: Tracker) -> bool:
    """A question about one's own earlier request: a reference (BA-…), or a confident check_status worded
    as one (a bare number such as a phone is an answer, whatever the classifier says)."""
    name, confidence = latest_intent(tracker)
    text = (tracker.latest_message or {}).get("text") or ""
    if find_reference(text):
        return True
    return name == "check_status" and confidence >= STATUS_MIN_CONFIDENCE and asks_status(text, mine_is_enough=False)


def ask_buttons(domain: DomainDict, slot: str) -> list[dict[str, str]]:
    """The buttons of the slot's question in bot/domain.yml: the options every reply is matched against."""
    return [{"title": str(b["title"]), "payload": str(b["payload"])} for b in ask_response(domain, slot).get("buttons") or []]


ADD_RE = re.compile(r"再加|还要加|加上|加一个|也缺|也需要|也想要?|也要|还缺|还需要|另外还|漏说|忘了?说|少说")
REPLACE_RE = re.compile(r"不要.{1,6}了|去掉|删掉|换成|只要")


def added_items(list_slots: tuple[str, ...], rules: dict, requested: str, text: str, dispatcher: CollectingDispatcher,
                tracker: Tracker) -> list[EventType]:
    """「再加一个，场地也缺」: the items named are added to the earlier list answer they parse as;
    「不要资金了，主要是缺场地」 replaces it."""
    def named(slot: str) -> list[str]:
        return [i for i in (rules[slot][0](text) or []) if i != "其他"]

    adds, replaces = bool(ADD_RE.search(text)), bool(REPLACE_RE.search(text))
    if not (adds or replaces) or requested in list_slots and named(requested):
        return []  # 「想要个排练室，还缺个会编舞的老师」 answers the pending list question itself
    for slot in list_slots:
        earlier = tracker.get_slot(slot)
        items = named(slot)
        if slot != requested and isinstance(earlier, list) and items:
            if replaces and not adds:
                dispatcher.utter_message(text=f"好的，已改为：{'、'.join(items)}。")
                return [SlotSet(slot, items), SlotSet(requested, None)]
            merged = [*earlier, *[i for i in items if i not in earlier]]
            dispatcher.utter_message(text=f"好的，已加上：{'、'.join(items)}。")
            return [SlotSet(slot, merged), SlotSet(requested, None)]
    return []


def answers_pending(rules: dict, requested: str, text: str, domain: dict) -> bool:
    """Whether `text` is a value for the pending question (its parser, or one of its options)."""
    rule = rules.get(requested)
    return bool(text) and rule is not None and parse_with_buttons(text, rule[0], ask_buttons(domain, requested)) is not None


def answers_besides(rules: dict, requested: str, text: str, domain: dict) -> bool:
    """Whether the pieces without correction words answer the pending question by themselves."""
    rest = "，".join(p for p in re.split(r"[，,。；;]+", parsing.normalize_reply(text)) if p and not parsing.is_correction(p))
    return answers_pending(rules, requested, rest, domain)


def parse_with_buttons(text: str, parse: Callable[[str], Any], buttons: list[dict[str, str]]) -> Any:
    """Typed option titles count like taps: an exact title first, then the slot's own parser (its
    synonyms and free words), then a number, a title with one typo or a clear part of one title."""
    reply = parsing.normalize_reply(text)
    if parsing.only_doubts(reply):
        return None  # 「本居委还是街道范围我不知道」: neither chosen
    for button in buttons:
        if reply and reply in (parsing.normalize_reply(button["title"]), parsing.normalize_reply(button["payload"])):
            result = parse(button["payload"])
            if result is not None:
                return result
    result = parse(text)
    if result is not None or not buttons or parsing.looks_like_question(reply) or \
            parsing.names_several(reply, [b["title"] for b in buttons]):
        return result
    said = parsing.without_denied(reply, steps=True)  # 「没在民政局登记」 picks no 「在民政局登记的…」 button
    index = parsing.choose(said, [(b["title"], (b["payload"],)) for b in buttons]) if said else None
    return None if index is None else parse(buttons[index]["payload"])


# A piece that denies, doubts, stops, puts off or hands over: the reply is no plain option with a remark
_NOT_A_REMARK_RE = re.compile(r"不|没|别|还是|或者|或是|算了|取消|退出|人工|先这样|就这样|再说|问问|问一?下|稍等|等[下会一]|回头")


def parse_one_piece(text: str, parse: Callable[[str], Any], buttons: list[dict[str, str]]) -> Any:
    """For a question with three options or more: the option of the one piece of a reply that names one, the
    others a remark (「选三，范围挺大的」); nothing when two pieces read as options, or a piece denies, corrects,
    doubts, stops or puts off (「选二，不对，三」「二，还是三来着」「2，算了」「2，我问问队长」), or the reply asks something.
    Yes/no questions are not cut up (「还在筹建，有5个党员」 is no 已建立), nor free answers: a remark would pass for
    a name (「本人是九星村的居民，队伍也在这」)."""
    reply = parsing.normalize_reply(text)
    pieces = parsing.reply_pieces(reply, "，,。！!；;")
    if len(buttons) < 3 or len(pieces) < 2 or parsing.looks_like_question(reply) or parsing.DEFERS_RE.search(reply) or \
            any(_NOT_A_REMARK_RE.search(p) or parsing.is_correction(p) for p in pieces):
        return None
    values = [value for piece in pieces if (value := parse_with_buttons(piece, parse, buttons)) is not None]
    return values[0] if len(values) == 1 else None


def previous_answer(requested: str, tracker: Tracker, domain: DomainDict) -> Optional[str]:
    """The form's last answered slot before the pending one (what 「上一步」「刚才那项」 mean)."""
    slots = form_slots(domain, (tracker.active_loop or {}).get("name") or "")
    earlier = slots[:slots.index(requested)] if requested in slots else []
    return next((s for s in reversed(earlier) if tracker.get_slot(s) is not None), None)


def misses(tracker: Tracker, slot: str) -> int:
    """User turns spent on this slot, the current one included: counted back to the form's start or to
    the last other slot that got a value (the tracker is the only state, the domain has no counter)."""
    count = 0
    for event in reversed(tracker.events or []):
        kind, name = event.get("event"), event.get("name")
        if kind == "user":
            count += 1
        elif kind == "active_loop" or (kind == "slot" and name == "requested_slot" and event.get("value") != slot):
            break
        elif kind == "slot" and name not in (slot, "requested_slot") and not str(name).startswith("qa_") \
                and event.get("value") is not None:
            break
    return max(count, 1)


LANDLINE = ("「{number}」是座机号码。这一项要留 11 位手机号（1 开头，例如 13812345678），方便工作人员联系；"
            "没有手机的话，可以留家人的手机号，或说「转人工」。")


def landline_remark(text: str, parse: Callable[[str], Any]) -> Optional[str]:
    """A landline typed where the question asks for a mobile (its prompt says 手机号, 11 位): said so, with
    what to give instead, rather than 「格式不对」."""
    number = parsing.find_landline(text) if parse is parsing.find_phone else None
    return LANDLINE.format(number=number) if number else None


def rough_count_note(tracker: Tracker, slot: str, label: str) -> Optional[str]:
    """「人数先按大约 20 记下了」 when the message just answered `slot` with a rough count (「二十来个」「十几个」):
    the number said is kept, and the user is told so and how to correct it, never silently."""
    text = (tracker.latest_message or {}).get("text") or ""
    value = tracker.get_slot(slot)
    detail = parsing.parse_count_detail(text) if isinstance(value, int) and not isinstance(value, bool) else None
    if detail is None or not detail[1] or detail[0] != value:
        return None
    return f"{label}先按大约 {value} 记下了；知道准确数的话，随时说「{label}改成……」。"



def denies_stored(rules: dict, slot: str, value: Optional[str], denied: str, tracker: Tracker, domain: DomainDict) -> bool:
    """Whether 「是X不是Y」 corrects `slot`: X reads as a new value of it and Y names its stored answer
    (「是上海静安不是长宁」 with 长宁区 stored); 「是居委的电话不是我的」 names no stored answer."""
    stored, parse = tracker.get_slot(slot), rules.get(slot, (None,))[0]
    if parse is None or stored is None or not value:
        return False
    new = parse_with_buttons(value, parse, ask_buttons(domain, slot))
    named = denied in str(stored) or parse_with_buttons(denied, parse, ask_buttons(domain, slot)) == stored
    return new is not None and new != stored and named



# Free descriptions (where the team meets, what it does): a bare 「不对」「写错了」 inside one can be what is described
DESCRIBED_SLOTS = ("activity_place", "activities")
_PREDICATE = r"(?:是|在|不|没|已|有|就|只|要|呢|嘛|的话|倒|早|现在|以前|那)"  # not 也/还: 「钱 哦不对 钱也要」 adds


def _refers_back(taken: str, said: str) -> bool:
    """「活动室在装修」「夕阳红是别的队」「这是简称」「她是副的」: what follows the retraction is a remark on the value
    taken back (its own words, or 这/那/她 before a predicate), not a value said instead."""
    if re.match(r"(?:这|那)(?:是|只是|都是|也是|已经|不|在)|(?:它|她|他)(?:是|不|已|只|在|没)", said):
        return True
    cores = {taken[i:j] for i in range(len(taken)) for j in range(i + 2, len(taken) + 1)} | {taken}
    return any(said.startswith(core) and re.match(_PREDICATE, said[len(core):]) for core in cores if core)


def without_retracted(tracker: Tracker, slot: str, text: str, form: Any, domain: DomainDict) -> tuple[str, Tracker]:
    """A reply that takes back an answer to this question inside itself (「长宁区 哦不对 是徐汇」) read as if only
    what is said instead had been typed: that text, and a copy of the tracker whose latest message and pending slot
    say it; an empty text when only a remark on the value taken back follows (「晚霞舞蹈队，不对，这是简称」), so the
    question is asked again. A remark taken back after the answer keeps the answer (「龚雪梅，共字下面一个龙……不对，
    是龙字下面一个共」). A clause taken back that also reads as another strict answer of the form, other than the one
    stored (「25人 说错了 是30人」 at the place question), is left to the correction path, and so is any other reply."""
    found = parsing.retraction(text, described=slot in DESCRIBED_SLOTS)
    if found is None:
        return text, tracker
    parse, buttons = form.RULES.get(slot, (parsing.parse_yes_no,))[0], ask_buttons(domain, slot)
    kept, _, last = found[0].rpartition("，")
    instead = parsing.respelled(last, found[1])  # 「三林园居委会…打错了，是苑，三林苑」: one character fixed
    found = (found[0], instead) if instead else found
    strict = [s for s in form.VALUE_SLOTS if s not in form.KEYWORD_SLOTS and s != slot and s in form.RULES]
    field = re.sub(r"^(?:的|那个)|(?:的|那个|那项|这项)$", "", last) in \
        {w for s, words in form.CORRECTION_KEYWORDS.items() if s != slot for w in words}  # 「电话 错了 是139…」
    if parse_with_buttons(last, parse, buttons) is not None:  # the answer itself taken back
        other = [(parse_with_buttons(last, form.RULES[s][0], ask_buttons(domain, s)),
                  parse_with_buttons(found[1], form.RULES[s][0], ask_buttons(domain, s)), tracker.get_slot(s)) for s in strict]
        if any(was is not None and (now is None or now != stored) for was, now, stored in other) \
                or (field and slot not in form.VALUE_SLOTS):  # a free-text question takes a field's name too
            return text, tracker  # not 「新华路 哦不对 天山路」 at the street question: the district stays the one stored
        said = found[1] if not kept or parse_with_buttons(found[1], parse, buttons) is not None else f"{kept}，{found[1]}"
        if not re.search(r"[，,。；;\s]", found[1]) and (_refers_back(last, found[1]) or (
                slot in DESCRIBED_SLOTS and re.search(r"[不没别](?![光但仅只过])", found[1]))):
            said = ""  # 「居委活动室 哦不对 活动室在装修」「跳舞 哦不对 现在不跳了」: nothing said instead
    elif kept and parse_with_buttons(kept, parse, buttons) is not None:  # a remark on the answer taken back
        said = f"{kept}，{found[1]}"
    else:
        return text, tracker
    return said, read_as(tracker, slot, said)


def read_as(tracker: Tracker, slot: str, said: str) -> Tracker:
    """A copy of the tracker whose latest message, and the pending slot filled from it, say only ``said``."""
    copy = tracker.copy()
    typed, copy.latest_message["text"] = copy.latest_message.get("text"), said
    for event in reversed(copy.events):
        if event.get("event") != "slot":
            break
        if event.get("name") == slot:
            event["value"] = said
    if copy.slots.get(slot) == typed:
        copy.slots[slot] = said
    return copy


# 「居委会是枫林二村居委会。对了问一下，…？」: an answer, then a question set off by a full stop or an aside word
_ASIDE = re.compile(r"\s*[。！!；;]\s*|[，,\s]+(?=(?:对了|顺便|另外|还有个?(?:问题|事)|问一?下|请问|想问|我想问))")


def answer_then_question(slot: str, text: str, form: Any, domain: DomainDict) -> Optional[tuple[str, str]]:
    """(answer, question) of a reply that answers the pending question and then asks one of its own; the answer is
    still checked by the slot's own validator. None when the first part asks too, says only 「好的」, or (at a step
    with a rule) is no value of it."""
    parts = _ASIDE.split(text.strip(), maxsplit=1)
    if len(parts) != 2:
        return None
    head, tail = parts[0].strip(), re.sub(r"^[，,\s]+", "", parts[1]).strip()
    if len(re.findall(r"[\u4e00-\u9fff0-9０-９]", head)) < 2 or not parsing.looks_like_question(tail) \
            or parsing.looks_like_question(head) or parsing.only_acknowledges(head) or parsing.is_correction(text):
        return None
    if _ASKED_ABOUT_IT.match(tail) and _TELLS_OF_ITSELF.match(head):
        return None  # 「我们有个队员是党员，想问问要不要建支部」: what the question is about, not an answer
    rule = form.RULES.get(slot)
    if rule is not None and parse_with_buttons(head, rule[0], ask_buttons(domain, slot)) is None:
        return None
    return head, tail


_ASKED_ABOUT_IT = re.compile(r"(?:想问|我想问|问一?下|请问)")
_TELLS_OF_ITSELF = re.compile(r"^(?:我们|咱们|队里|队伍里?|团队里?)(?:这)?有(?:个|一个|位|一位|几个|几位|些)(?!人)")
