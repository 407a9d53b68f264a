"""「BA-20261126-0001 进度」「查一下我的备案」: the status of the sender's own requests, from the gateway.

Whose requests: always `tracker.sender_id` — the id the gateway gave Rasa from its signed cookie or a
verified WeChat signature — never anything the message says. The gateway looks only among that sender's
requests, so someone else's reference gets word for word the answer a reference that does not exist gets.
"""
from __future__ import annotations

import logging
import re
import unicodedata
from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import gateway
from actions.policy_qa import ActionPolicyQA

log = logging.getLogger(__name__)
# BA-20261126-0001 as people type it: lower case, full-width digits or dashes (NFKC folds those), no dashes.
REFERENCE_RE = re.compile(r"(?<![A-Z])(BA|ZX|RG)\s*[-—_]?\s*(\d{8})\s*[-—_]?\s*(\d{4})(?!\d)")
# Which kind a message without a reference asks about; 「撤销备案」 is a deregistration, so that goes first.
KIND_WORDS = (("deregistration", re.compile(r"注销|注消|撤销|撤消")),
              ("handoff", re.compile(r"人工|工作人员|客服|留言|回复|回电|理我")),
              ("filing", re.compile(r"备案|备按|报备")))
KIND_NAMES = {"filing": "备案申请", "deregistration": "注销/撤销备案申请", "handoff": "转人工请求", None: "申请"}
STATUS_HINTS = {"已提交": "等待工作人员查看", "已联系": "工作人员正在跟进",
                "已办结": "已处理完毕", "不予受理": "有疑问可以联系所在街道（镇）社会组织服务中心"}
STATUS_WORDS = re.compile(r"进度|办好|办完|办得|办了没|怎么样了|到哪|哪一步|结果|批了|批下来|通过了|审核|状态|查一下|查查|查询|"
                          r"有消息|消息了|回音|答复了|回复了")
# One's own earlier request, named without status words: 「我们的备案呢」「上次交的注销申请」.
OWN_WORDS = re.compile(r"我的|我们的|咱们的|上次|之前|刚才|提交的|交的|报的|申请的")
HOW_TO_CHECK = "编号在提交成功时的回复里（如 BA-20261126-0001）"
UNAVAILABLE = "抱歉，进度暂时查不到，请稍后再试；急事可以直接联系所在街道（镇）社会组织服务中心。"


def find_reference(text: str) -> Optional[str]:
    """The reference in a message, normalised to BA-20261126-0001; None when it names none."""
    match = REFERENCE_RE.search(unicodedata.normalize("NFKC", text or "").upper())
    return f"{match[1]}-{match[2]}-{match[3]}" if match else None


def asks_status(text: str, mine_is_enough: bool = True) -> bool:
    """Worded as a question about one's own request, not about the procedure (「不备案会怎么样」).

    mine_is_enough: 「我们的备案呢」 counts; inside a form it does not (「我们的备案团队叫…」 is an answer),
    there only a reference or status words do."""
    if find_reference(text) or STATUS_WORDS.search(text or ""):
        return True
    return mine_is_enough and bool(OWN_WORDS.search(text or "") and (asked_kind(text) or re.search(r"申请|请求", text)))


def asked_kind(text: str) -> Optional[str]:
    """The kind of request a message without a reference asks about; None = all of them."""
    return next((kind for kind, words in KIND_WORDS if words.search(text or "")), None)


def item_line(item: dict[str, Any]) -> str:
    """One request as the resident reads it: what, status and what it means, last change, staff's note."""
    label = f"「{item['label']}」" if item.get("label") else ""
    hint = STATUS_HINTS.get(item.get("status"), "")
    line = (f"{item.get('reference')}（{item.get('title')}{label}）：{item.get('status')}"
            f"{'，' + hint if hint else ''}；最近更新 {item.get('updated_at')}。")
    if item.get("resident_note"):
        line += f"\n工作人员说明：{item['resident_note']}"
    return line


def not_found(reference: Optional[str], kind: Optional[str]) -> str:
    """The same words whether the reference does not exist or belongs to someone else."""
    if reference:
        return (f"没有查到编号为 {reference} 的申请。请核对编号（{HOW_TO_CHECK}）；只能查询在这里（本网页或本公众号）"
                "提交的申请，别处提交的请联系所在街道（镇）社会组织服务中心。")
    return (f"在这里还没有查到您提交的{KIND_NAMES[kind]}。只能查询在这里（本网页或本公众号）提交的申请；"
            f"也可以直接发编号查询（{HOW_TO_CHECK}）。")


def status_reply(items: list[dict[str, Any]], reference: Optional[str], kind: Optional[str]) -> str:
    """The whole reply: one request, a short list, or the not-found text."""
    if not items:
        return not_found(reference, kind)
    if reference or len(items) == 1:
        return "查询结果：\n" + item_line(items[0])
    lines = [f"{n}. {item_line(item)}" for n, item in enumerate(items, 1)]
    return f"您最近的{KIND_NAMES[kind]}（最新在前）：\n" + "\n".join(lines)


class ActionCheckStatus(Action):
    """Answers from the gateway's /internal/requests/lookup; sets no slot, so the conversation goes on as before."""

    def name(self) -> str:
        return "action_check_status"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        text = (tracker.latest_message or {}).get("text") or ""
        if not asks_status(text):  # the classifier's check_status for a policy question: answer that
            return await ActionPolicyQA().run(dispatcher, tracker, domain)
        reference = find_reference(text)
        kind = None if reference else asked_kind(text)
        try:
            items = await gateway.lookup_requests(tracker.sender_id, reference, kind)
        except gateway.GatewayError as exc:
            log.warning("status lookup failed: %s", exc)
            dispatcher.utter_message(text=UNAVAILABLE)
            return []
        dispatcher.utter_message(text=status_reply(items, reference, kind))
        return []
