"""How a flow starts: a question about it is answered first, what the opening message already said is
filled in and confirmed in one line, and an explicit 「开始填写」 starts the form.

「我们小区广场舞队要不要去登记啊」 is a question: it gets a cited answer and an offer to fill in the
form (a button; WeChat numbers it). 「我们合唱团解散了，要注销」 starts the deregistration form with
the reason 解散 already filled, so it is not asked again. The rules in bot/data/rules/forms.yml branch
on the `flow_start` slot this action sets: a flow name starts its form, ``none`` waits for the user.
"""
from __future__ import annotations

import re
from typing import Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import parsing
from actions.form_reading import latest_intent
from actions.parsing import flow_model
from actions.offers import (DISOWNED, ENDING, FILING_WORDS, FLOW_INTENTS, FLOW_TITLES, NEW_TEAM, SUPPORT_WORDS, ends_a_team, offer,
                            offered_flow, stated_flow, unslipped)
from actions.policy_qa import NOT_UNDERSTOOD, ActionPolicyQA, answer_question, follows_up_answer
from actions.prefill import ASKS_ABOUT, prefill, prefill_line
from corpus import vocabulary as V

NO_FLOW = "none"
HOW_ONLY = re.compile(r"(?:怎么|咋|如何)(?:弄|办|搞|操作|填|整)|流程|步骤")
OTHER_ASKS = re.compile(r"材料|条件|要求|哪里|哪儿|在哪|去哪|好处|多久|几天|钱|费|找谁|谁(?:来)?(?:办|管|负责)|多少")
# 「备案了能领多少钱补贴」: no collected document gives an amount, which the self-check's lead-in says first
AMOUNT_ASKED = re.compile(r"多少钱|(?:补贴|补助|资助|经费|资金|奖励)[^，,。？?]{0,4}(?:多少|几千|几万|几百)|(?:领|拿|给|补)多少")
# Whether to do it at all (要不要/是真的伐): answered first, even from someone who says they want to
WHETHER = re.compile(r"要不要|需不需要|用不用|必须|是不是|能不能|可不可以|行不行|[吗伐嘛](?:[啊呀哦呢~～!！?？]*)$|是真的|真的吗")
SELF_CHECK = re.compile(r"(?:我要|我想|想|要|做个?|开始|帮我)?(?:扶持)?自查(?:一下)?")
# Asking to file now (想备案, 要给队伍登记), not about what filing brings afterwards (备案后能拿什么补贴).
MONEY_WANTED = re.compile(r"(?:有|拿|申请|领|给|发|能)[^，,。要交收花付]{0,3}钱|钱[^，,。]{0,4}(?:申请|领|拿)|"
                          r"钱[^，,。]{0,6}(?:找|补)|缺(?:钱|经费|资金|场地|地方)")
# What support is called in everyday words (有啥好处, 场地优惠, 什么支持, 奖补): asking for the self-check
EVERYDAY_SUPPORT = re.compile(r"好处|优惠|支持|奖补|报销|待遇|免费的?(?:场地|地方|活动室|用)|"
                              r"(?:想|要|需要|求|盼)(?:要|有)?(?:个|一个|间|块)?(?:固定|免费|长期|专门)?的?(?:(?:排练|活动)?(?:场地|场所)|活动室|排练厅)")
# 「帮我们太极队办个备案」「在街道报备一下」: asking to file, which a support-minded classifier misreads
FILING_ASKED = re.compile(r"(?:(?:想|要|准备|打算|需要|办|做|给|帮|为|替)[^，,。？?]{0,12}?(?:备个?案|登个?记|报备|报上去)|"
                          r"把(?!备案|登记)[^，,。？?]{1,10}?(?:备个?案|登记))(?!后|以后|之后|了以后)|"
                          r"(?:备案|登记|报备)(?:一下|一个)|(?<![没未])先(?:去)?(?:备个?案|登个?记)(?!后|以后|之后|了以后|还是)")
BENEFITS = re.compile(r"享受|政策|优惠|好处|待遇|扶持|补(?!办|上|登|填|交|个|一下)")
WANTS_FILING = re.compile(r"(?:想|要|准备|打算|需要)(?:给|帮|为)?[^，,。？?]{0,10}?(?:备个?案|登记|重新备(?=[，,。！!~～]|$))(?!后|以后|之后|了以后)")
# A team that is filed already (我们是备过案的团队, 已经登记了, 有备案): what it is, not what it asks to do
FILED = re.compile(r"(?<![没未])备过案|(?<![没未])(?:备案|登记)过|已经?(?:备|登记)|(?:备案|登记|(?<![准预])备)好了?|"
                   r"(?<![没未])有备案|是备案|备案(?:的|类)?(?:团队|队伍|组织)|"
                   r"(?:之前|以前|原来|原先)(?![^，,。]{0,8}(?:没|未))[^，,。]{0,8}(?:备案|登记|备的案)")


# 「备案以后能不能借到活动场地」「我们备案的队伍能申请项目吗」: what filing brings a team, asked — the self-check's question
AFTER_FILING = re.compile(r"(?:备案|登记|备了?案|报备)了?(?:以后|之后|后)|(?<![没未要想])(?:备案|登记)了")
NOT_FILED = re.compile(r"(?:还|一直|都)?(?:没|未|没有)(?:去)?(?:备案|备过案|登记)")
GAINS = re.compile(r"申请|拿|领|借|(?:免费)?用(?:活动室|场地|房子)|派|参加|参与|享受|带来|好处|帮扶|支持|项目|培训|场地|活动室|老师|创投|购买服务|帮(?:我们|忙)")


def names_support(message: str) -> bool:
    """Support named in words of money, help or a place wanted (「有没有钱可以申请」「想要个固定场地」)."""
    return bool(SUPPORT_WORDS.search(message) or MONEY_WANTED.search(message) or EVERYDAY_SUPPORT.search(message))


def files_now(message: str) -> bool:
    """A request to file a team now (「给舞蹈队备个案吧，以后能申请扶持」), not a filed team asking for more; a
    request after what was filed before is the latest word (「以前只在居委会登记过名单，现在想正式到街道备案」)."""
    asked = [m.start() for rx in (WANTS_FILING, FILING_ASKED) for m in rx.finditer(message)]
    filed = [m.end() for m in FILED.finditer(message)]
    return bool(asked) and (not filed or max(asked) >= max(filed))


# Filing and deregistration answer a question about them first and offer the form; the self-check
# answers 「能拿什么补贴」 itself, so it starts at once, after the documents' answer when they have one.
ANSWER_FIRST = ("filing", "deregistration")
# When no clause answers 「怎么备案」 itself, one line says so before the offer, instead of the full refusal.
HOW_TO_UNSURE = f"收录的文件没有直接回答这一点的条款（最接近的附在下面，仅供参考）；具体手续、材料请咨询{V.ask_office()}。"
AMOUNT_UNSURE = f"收录的文件没有写扶持或补贴的具体金额，标准请咨询{V.ask_office()}；下面的自查只看哪些扶持可能适用。"
# A question before the self-check that no clause answers itself: said so, the nearest clauses as cards, then the self-check.
SUPPORT_UNSURE = f"收录的文件没有直接回答这一点的条款（最接近的附在下面，仅供参考），具体请咨询{V.ask_office()}；下面的自查看哪些扶持可能适用。"


def asks_about_flow(text: str) -> bool:
    """A question about doing it (要不要登记/怎么备案/能不能注销), not a request to start now."""
    message = parsing.normalize_reply(text)
    return bool(message) and not message.startswith("/") and bool(ASKS_ABOUT.search(message))


def wants_it_now(flow: str, text: str) -> bool:
    """「我们广场舞队想备案一下，要怎么弄啊」: a request to file now that only asks how — the form is the how.
    Whether to file at all (「要不要去登记」「是真的伐」), materials, conditions, where or what it brings are
    still answered first."""
    message = unslipped(parsing.normalize_reply(text))
    return flow == "filing" and files_now(message) and bool(HOW_ONLY.search(message)) \
        and not WHETHER.search(message) and not OTHER_ASKS.search(message)


def names_a_flow(text: str) -> bool:
    """Whether a message speaks of filing, ending a team or support at all (the words the flows are chosen by)."""
    message = unslipped(parsing.normalize_reply(text))
    return bool(offered_flow(text) or ENDING.search(message) or FILING_WORDS.search(message)
                or NEW_TEAM.search(message))


def ending_not_starting(text: str) -> bool:
    """A message read as 「备案」 that asks to end a team, not to file a new one."""
    return ends_a_team(parsing.normalize_reply(text))


def flow_of(intent_flow: str, text: str) -> str:
    """The flow a start-intent message asks for: its own topic words over the classifier's reading.

    The classifier leans on single words (备案 in 「之前的备案要取消」, 团队 in 「刚成立的团队有没有启动资金」);
    the words of ending, of support and of filing say which flow the person means — stricter than an offer's
    topic words, since they start a form (「申请备案要钱吗」 asks about filing, not for the self-check). Where none
    of them decides, the opening-flow model (parsing/flow_model.py) does, and the classifier only when it is unsure.
    """
    message = DISOWNED.sub("", unslipped(parsing.normalize_reply(text)))
    if stated := stated_flow(message):
        return stated  # 「备案跟注销是一个入口吗？我要的是备案」
    if ending_not_starting(message):
        return "deregistration"
    if files_now(message):
        return "filing"  # 「想给合唱队备个案，有补贴吗」 asks for filing and asks a question about support
    if NOT_FILED.search(message) and AFTER_FILING.search(message):
        return "filing"  # 「还没备案，备案以后能拿补贴吗」: what filing would bring a team not filed yet — filing is its next step
    if names_support(message) or (AFTER_FILING.search(message) or FILED.search(message)) and GAINS.search(message):
        return "eligibility"  # 「有没有钱可以申请」「我们是备过案的团队，有啥好处」
    if intent_flow == "eligibility" and FILING_WORDS.search(message) and not (BENEFITS.search(message)
                                                                               or FILED.search(message)):
        return "filing"  # 「我们广场舞队想去街道登记一下」「团队备案」 name no support at all
    # 「怎么备案」「刚组了个队，要上报吗」 read as ending: filing, unless the team is filed already (「原来登记的那个队要关了」)
    filing = FILING_WORDS.search(message) and not FILED.search(message) or NEW_TEAM.search(message)
    if intent_flow == "deregistration" and filing:
        return "filing"
    # 「我们跳舞的想让街道知道有我们这个队」: no word of the flows decides, so the model over the classifier (a button's
    # payload, /start_filing, states its intent)
    learned = None if message.startswith("/") else flow_model.likely_flow(message)
    return learned or intent_flow


def support_too(flow: str, text: str) -> Optional[str]:
    """「我们准备备案，备案后有哪些扶持」 asks for filing and about support: the self-check is offered after filing."""
    message = unslipped(parsing.normalize_reply(text))
    support = names_support(message) or AFTER_FILING.search(message) and GAINS.search(message)
    return "eligibility" if flow == "filing" and support else None


def ends_a_filing(text: str) -> bool:
    """「取消备案」「这个登记不要了」 read as 「取消」 outside a form: a filed team to end, not a form to leave
    (「取消备案申请」 is the form)."""
    message = unslipped(parsing.normalize_reply(text))
    return ending_not_starting(message) and bool(FILING_WORDS.search(message)) \
        and not re.search(r"(?:备案|登记)(?:申请|流程|表)|填", message)


def offered_question(tracker: Tracker, flow: str) -> str:
    """The message answered before the flow was offered (「我们队好几年没活动了，要注销吗？」): what it states
    is pre-filled once the offer is taken; empty when no offer of this flow is pending."""
    if tracker.get_slot("flow_offer") != flow:
        return ""
    said = [e.get("text") or "" for e in tracker.events or [] if e.get("event") == "user"]
    return said[-2] if len(said) >= 2 else ""


def _just_left_a_form(tracker: Tracker) -> bool:
    """A form ran since the user's previous message (「取消备案」 again after leaving the filing form is no request)."""
    turns = 0
    for event in reversed(tracker.events or []):
        turns += event.get("event") == "user"
        if turns >= 2:
            return False
        if event.get("event") == "active_loop":
            return True
    return False


class ActionOpenFlow(Action):
    """Start intents and 「好的/开始填写」 after an offer: answer first, pre-fill, or start the form; 「取消」 outside
    a form (nothing to cancel, unless it ends a filed team: 「取消备案」); a follow-up on the last policy answer
    that NLU read as one of these goes to policy QA with the kept context."""

    def name(self) -> str:
        return "action_open_flow"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        intent = latest_intent(tracker)[0]
        text = (tracker.latest_message or {}).get("text") or ""
        if follows_up_answer(tracker, text):  # 「那团队呢」 read as affirm, 「如果是备案类的呢」 as start_filing
            return [*await ActionPolicyQA().run(dispatcher, tracker, domain), SlotSet("flow_start", NO_FLOW)]
        flow = FLOW_INTENTS.get(intent or "")
        if flow is not None and tracker.get_slot("flow_offer") and not text.startswith("/") and not names_a_flow(text):
            flow = tracker.get_slot("flow_offer")  # 「开始填写」 typed after the offer: the flow offered (a button says its own)
        elif flow is not None:
            flow = flow_of(flow, text)
        elif intent == "cancel" and SELF_CHECK.fullmatch(parsing.normalize_reply(text)):
            flow = "eligibility"  # 「自查」 alone, which the classifier reads as 「不自查了」
        elif intent == "cancel":  # outside a form (the forms' rules take it inside one)
            if not ends_a_filing(text) or tracker.get_slot("flow_offer") or _just_left_a_form(tracker):
                dispatcher.utter_message(response="utter_nothing_to_cancel")
                return [SlotSet("flow_offer", None), SlotSet("flow_start", NO_FLOW)]
            flow = "deregistration"
        if flow is None:  # affirm: accepts the flow offered after an answer, or the one it names (开始自查)
            flow = tracker.get_slot("flow_offer") or offered_flow(text)
            if flow not in FLOW_TITLES:  # 「asdfghjkl」 read as affirm is no 「好的」
                said = parsing.parse_yes_no(text) is not None or bool(re.search(r"[\u4e00-\u9fff]", text))
                if not said:
                    dispatcher.utter_message(text=NOT_UNDERSTOOD)
                dispatcher.utter_message(response="utter_anything_else" if said else "utter_help")
                return [SlotSet("flow_start", NO_FLOW)]
            text = ""  # 「好的」 itself states nothing
        elif flow in ANSWER_FIRST and asks_about_flow(text) and not wants_it_now(flow, text):
            if not names_a_flow(text):  # 「收会员费要交税吗」: a question the classifier took for a start
                return [*await answer_question(dispatcher, tracker, text), SlotSet("flow_start", NO_FLOW)]
            context = await answer_question(dispatcher, tracker, text, suggestions=False, only_confident=True,
                                            unsure=HOW_TO_UNSURE)
            return [*context, *offer(dispatcher, flow, also=support_too(flow, text)), SlotSet("flow_start", NO_FLOW)]
        lead_in = await answer_question(dispatcher, tracker, text, suggestions=False, only_confident=True,
                                        unsure=AMOUNT_UNSURE if AMOUNT_ASKED.search(text) else SUPPORT_UNSURE) \
            if flow == "eligibility" and asks_about_flow(text) else []
        values = {**prefill(flow, offered_question(tracker, flow)), **prefill(flow, text)}
        if values:
            dispatcher.utter_message(text=prefill_line(values))
        taken = tracker.get_slot("flow_offer") == flow == "filing"  # the two-need offer's filing: the self-check after it
        after = [SlotSet("flow_after", None)] if tracker.get_slot("flow_after") and not taken else []
        return [*lead_in, SlotSet("flow_offer", None), *after, *[SlotSet(s, v) for s, v in values.items()],
                SlotSet("flow_start", flow)]
