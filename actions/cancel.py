"""Cancelling a flow: only when the message says so; an answer NLU read as 「取消」 is taken as the answer."""
from __future__ import annotations

import re

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import parsing
from actions.common import FLOW_NAMES, reset_form
from actions.misread import answers_pending, take_as_answer

# Words that stop a flow wherever they stand, and weaker ones that do so only as a short message of
# their own (「下雨天就不搞了」 inside a description of the activity place stops nothing).
CANCEL_ALWAYS = re.compile(r"取消|退出|不填了|不办了|不弄了|不注销了|不备案了|不自查了|不查了|别填了|不想填|今天先到这|^cancel$|^/cancel$|"
                           r"不填啦|不弄啦|不办啦|暂不继续|不继续了|不再继续")
# Stopping words that can also describe the team (「下雨就先停下」): a stop only when the message answers nothing
CANCEL_UNLESS_ANSWER = re.compile(r"先停下来?(?:吧|了|[，,。!！\s]|$)|停下吧|(?:不要|别)再问|别问了|^停[，,。!！\s]")
# Putting one field off (「电话等我儿子回来帮我填」「名字等开会定了再填」): that field is re-asked, the flow goes on
FIELD_PUT_OFF = re.compile(r"电话|手机|号码|名字|名称|队名|人数|地址|地点|负责人|联系人|类别|范围|街道|居委|原因|等级|领域|需求")
# Putting the whole flow off (parsing.DEFERS_RE: 「备案的事等开春再说吧」「撤销的事先搁一搁」「等我女儿回来帮我填」) stops
# it, unless the message answers the pending question or holds a confirmation (「我问问队长再提交」 is on hold, see
# parsing.puts_off), asks (「备案可以以后再弄吗」), puts one field off, or says something besides (「唉算了，等…帮我填」
# says only that)
# 「不办了会怎样」「退出的话有什么影响」 ask what stopping would mean; they stop nothing
ASKS_WHAT_IF = re.compile(r"(?:不办|不填|不弄|不做|退出|取消|不要|停)了?(?:的话)?[，,]?(?:会怎(?:么)?样|会不会|"
                          r"(?:会)?有(?:什么|啥)(?:影响|后果|问题)|要紧吗|有事吗)")


def means_cancel(text: str, answers_pending: bool = False) -> bool:
    """Whether the message asks to stop the flow; a weak word does not when the message is also a value
    for the pending question (「不搞了，解散」 at the reason step)."""
    text = re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "", parsing.fix_voice_typos((text or "").strip()))  # 「取 消」「不注消了」
    if ASKS_WHAT_IF.search(text) and not text.startswith("/"):
        return False
    weak = parsing.says_stop(text) and not answers_pending
    deferred = parsing.DEFERS_RE.search(text) and not answers_pending and not parsing.puts_off(text) \
        and not parsing.looks_like_question(text) and not FIELD_PUT_OFF.search(text) \
        and not re.sub(r"先这样|就这样", "", parsing.STOP_WORDS_RE.sub("", parsing.without_deferral(text))).strip("，,。！!唉哎嗯啊吧 ")
    stops = CANCEL_UNLESS_ANSWER.search(text) and not answers_pending
    return bool(CANCEL_ALWAYS.search(text) or weak or deferred or stops)


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
        if not means_cancel(text, answers_pending(tracker, domain)):  # an answer NLU mistook for "cancel": taken as the answer it is
            return [*await take_as_answer(dispatcher, tracker, domain), FollowupAction(form)]
        flow = FLOW_NAMES.get(form, "当前流程")
        dispatcher.utter_message(
            text=f"好的，已取消{flow}。刚才填写的内容没有提交，也不会保存为申请。需要时随时可以重新开始。")
        return [ActiveLoop(None), SlotSet("requested_slot", None), SlotSet("flow_after", None), *reset_form(domain, form)]
