"""The offer to start a guided flow after an answer about its topic (「怎么备案」 → answer, then 「开始填写」).

The button's payload is the flow's start intent, so a tap (or 「1」 in WeChat) equals asking for the
flow; a typed 「好的」 is accepted through the `flow_offer` slot (actions/opening.py).
"""
from __future__ import annotations

import re
from typing import Optional

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import parsing
from actions.parsing import flow_model

FLOW_INTENTS = {"start_filing": "filing", "start_deregistration": "deregistration", "check_support": "eligibility"}
FLOW_TITLES = {"filing": "团队预备案申请", "deregistration": "注销/撤销备案申请", "eligibility": "扶持资格自查"}
START_PAYLOADS = {flow: f"/{intent}" for intent, flow in FLOW_INTENTS.items()}
# The words of support and of filing; actions/opening.py chooses a start message's flow by them as well.
SUPPORT_WORDS = re.compile(r"补贴|扶持|资助|奖励|补助|资金|经费|自查|查(?:一?下)?(?:扶持|申请)?资格")
FILING_WORDS = re.compile(r"备案|登记|注册|备个案|备一?下案|报个?备|登个记|立个?案")
# One-character slips of the flows' own words (same sound or shape), read as the word meant before choosing a flow.
# Slips of the flows' key words beyond the ones every form reply is corrected for (parsing.fix_voice_typos).
SLIPS = (("备桉", "备案"), ("备安", "备案"), ("登纪", "登记"), ("登计", "登记"),
         ("住销", "注销"), ("注锁", "注销"), ("撤消", "撤销"), ("补帖", "补贴"), ("补占", "补贴"), ("扶直", "扶持"),
         ("扶植", "扶持"), ("扶值", "扶持"), ("自察", "自查"))


def unslipped(text: str) -> str:
    """The message with the flows' words spelled right (「我要注消备桉」 → 「我要注销备案」)."""
    text = parsing.fix_voice_typos(text)  # 备按, 注消 …: the slips form replies are corrected for
    for slip, word in SLIPS:
        text = text.replace(slip, word)
    return text
# A flow's topic in a policy question: the flow offered after the answer (an offer may also follow 「能拿点钱不」).
# A team that stops doing what it did (「合唱队不唱了」「我们不跳了」): ending it, whatever the activity.
STOPPING = r"不(?:再)?(?:唱|跳|练|搞|办|干|弄|玩|做|演|跑|走|打|下|活动|组织)了"
# The words of ending a team in a policy question (the offer after its answer: 「队员都走光了，这个备案还用管吗」).
ENDING_ASKED = re.compile(r"注销|注消|住销|撤销|撤消|撤掉|撤了|要不要撤|撤不撤|[怎咋]么?撤|撤备案|(?:备案|登记).{0,6}撤(?!回)|"
                          r"销掉|销了|解散|散伙|散了|停办|取消备案|名存实亡|不存在了|走光了|散摊子|" + STOPPING)
# The words of ending a team in a request (「把我们队的备案销了」, where 备案 weighs heavily for the classifier,
# actions/opening.py): those of a question, and the words a question about support or a member uses as well
# (补贴取消了, 有人退出了, 两个居委合并了), which the offer leaves out. With none of STARTING, a message asks to end one.
ENDING = re.compile(ENDING_ASKED.pattern + r"|撤一下|销个?户|退掉|消掉|消了|取消登记|登记.{0,6}取消|备案.{0,6}取消|终止|退出|"
                    r"合并了|并到|并入|合到|(?:备案|登记|队|团|组|会)[^，,。]{0,4}(?:去掉|删掉|删除|不要了|不想要|关掉)|"
                    r"(?:队|团|组|会)[^，,。]{0,2}关门|不(?:想)?再继续|了结")
# A team just formed (组了个秧歌队, 新拉起来一支队伍): nothing there to end
NEW_TEAM = re.compile(r"组了一?[个支]|组建|新成立|刚成立|新组|新拉|拉了一?[个支]|成立了一?[个支]")
STARTING = re.compile(r"成立|新建|新成立|重新|再建|新的|组建|办个(?!撤|注销|注消)|建个|登记一个|备案一个|" + NEW_TEAM.pattern)
# 「要改名重新备案，原来这个先注销」「老的备案先撤了」「注销以后还能用原来的名字重新备案吗」「注销要哪些手续？我们准备改名
# 重新备案」: the old record ended first, though a new one follows (「原来那个注销了，现在想重新备案」 ended it already)
ENDS_FIRST = re.compile(r"先(?:把[^，,。]{0,8})?(?:注销|撤|销掉)(?!过)|(?<!已经)(?<!已)(?:注销|撤销)[^，,。？?]{0,3}(?:以后|之后|后)[^，,。]{0,12}重新|"
                        r"(?:注销|撤销)[^，,。？?]{0,6}(?:手续|流程|怎么办|咋办)[^。]{0,12}重新")
# 「队员都去新组的队了，这个队要注销吗」: ending named outright, with no filing asked for
ENDS_OUTRIGHT = re.compile(r"(?:注销|撤销|撤掉|销掉)(?![过了好掉])")
# 「注销的事先放放」「备案以后再说」「先不备案」: a flow put off, not asked for now (「不是要备案」「不办备案，只想…」: one disowned)
DISOWNED = re.compile(r"(?<!是)不是(?:要|想|来)?(?:办|做|弄)?个?(?:备个?案|登记|注销|撤销|撤掉|自查)[^，,。！？?]{0,3}|"
                      r"(?:备案|登记|注销|撤销|自查)(?:的|这)?(?:事情?|块)?[，,]?(?:先|暂时|以后|回头|过阵子|另外|改天|下次|下回|后面)(?:再说|放放|放一放|放一下|"
                      r"不急|不管|搁一?搁|缓缓|不弄|不办)|(?:先|暂时?)不(?:办|弄|搞|做)?(?:备案|登记|注销|自查)了?|"
                      r"(?<![是要])不(?:办|弄|搞|做)(?:备案|登记|注销|自查)(?![的过])")
# What support is asked for in a question without the support words (什么支持, 缺场地): offered only without 备案/登记
SUPPORT_ASKED = re.compile(r"(?:什么|啥|哪些)(?:支持|帮助|帮扶)|缺(?:钱|经费|资金|场地|地方|老师|项目)")
TOPIC_WORDS = (("eligibility", re.compile(SUPPORT_WORDS.pattern + r"|(有|拿|申请|领|给|发|能).{0,3}钱")),
               ("filing", FILING_WORDS), ("eligibility", SUPPORT_ASKED))


def ends_a_team(message: str, words: re.Pattern = ENDING) -> bool:
    """Whether a message asks to end a team (「队员都走光了」「原来这个先注销」), not to start one."""
    return bool(words.search(message)) and (not STARTING.search(message) or bool(ENDS_FIRST.search(message))
                                            or bool(ENDS_OUTRIGHT.search(message)) and not FILING_WORDS.search(message))


def offer_buttons(flow: str) -> list[dict[str, str]]:
    """The one button that starts the offered flow (a typed 「好的」 works as well)."""
    return [{"title": "开始自查" if flow == "eligibility" else "开始填写", "payload": START_PAYLOADS[flow]}]


# 「备案跟注销是一个入口吗？我要的是备案」: the flow said outright, whatever else the message names
_STATED = re.compile(r"(?:我|我们)?(?:要的是|要办的是|想办的是|要做的是|是要|是想)(?:办|做)?(?:个|一个)?(?:新|重新)?(备案|登记|注销|撤销|(?:扶持)?自查)")
_STATED_FLOWS = {"备案": "filing", "登记": "filing", "注销": "deregistration", "撤销": "deregistration"}


def stated_flow(message: str) -> Optional[str]:
    """The flow a message says it wants in so many words (「我要的是备案」), or None."""
    said = _STATED.search(message or "")
    return _STATED_FLOWS.get(said.group(1), "eligibility") if said else None


def offered_flow(question: str) -> Optional[str]:
    """The flow a policy question is about (said outright, else the one flow whose words it has), or None. Where it has
    the words of several (「扶持得先有备案才能申请是吧？那先给我们把备案办了」「备了案以后还能注销吗？能的话我们就先备案」),
    the opening-flow model chooses among them: the order of the word lists (ending before 补贴 before 备案) cannot."""
    message = DISOWNED.sub("", unslipped(question or ""))
    if stated := stated_flow(message):
        return stated
    named = {"deregistration"} if ends_a_team(message, ENDING_ASKED) else set()
    named |= {flow for flow, words in TOPIC_WORDS if words.search(message)}
    if len(named) > 1:
        probabilities = flow_model.probabilities(message)
        return max(sorted(named), key=probabilities.get)
    return next(iter(named), None)


def offer(dispatcher: CollectingDispatcher, flow: str, also: Optional[str] = None) -> list[EventType]:
    """After an answer about a flow's topic: the offer to start it, remembered for a typed 「好的」; ``also``: a second
    flow the message spoke of (「想备案，备案后能拿什么扶持」: filing, and the self-check), offered after it."""
    def said(name: str) -> str:  # 选: the web shows buttons, WeChat numbers them (api/wechat/render.py)
        verb = "做" if name == "eligibility" else "填写"
        return f"{verb}{FLOW_TITLES[name]}（选「{offer_buttons(name)[0]['title']}」）"

    text = f"需要的话，我可以一步步带您{said(flow)}" + (f"，或者{said(also)}" if also else "")
    dispatcher.utter_message(text=f"{text}，说「取消」随时退出。",
                             buttons=offer_buttons(flow) + (offer_buttons(also) if also else []))
    return [*([SlotSet("flow_after", also)] if also else []), SlotSet("flow_offer", flow)]


def offer_after(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """After a submitted filing: the self-check its opening message also asked for (「想备案，顺便问问能不能申请补贴」)."""
    flow = tracker.get_slot("flow_after")
    if flow not in FLOW_TITLES:
        return []
    dispatcher.utter_message(text="您一开始还问到了扶持。")
    return [*offer(dispatcher, flow), SlotSet("flow_after", None)]
