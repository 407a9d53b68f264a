"""Turn dialogue messages (the /api/chat shape) into plain WeChat text.

WeChat shows neither Markdown nor HTML nor buttons, so: markup stripped, buttons become a
numbered list answered by digits, citations condensed to 《title》 + clause label.
The wording of the answer itself is passed through unchanged — never invented here.
"""
from __future__ import annotations

import html
import re
from typing import Any

from api.wechat.inbound import CONTROL_CHARS

BUTTON_PROMPT = "回复数字选择"
_TAG = re.compile(r"<[^<>]{0,500}>")
_LINK = re.compile(r"!?\[([^\]\n]*)\]\(([^)\s]*)\)")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*", re.MULTILINE)
_BULLET = re.compile(r"^\s*[-*+]\s+", re.MULTILINE)
_QUOTE = re.compile(r"^\s*>\s?", re.MULTILINE)
_EMPHASIS = re.compile(r"(\*\*|__|\*|`{1,3}|~~)")
_RULE = re.compile(r"^\s*([-*_]\s*){3,}$", re.MULTILINE)
_BLANKS = re.compile(r"\n{3,}")


def strip_markup(text: str) -> str:
    """Remove HTML tags/entities and Markdown syntax, keeping the words (and link targets)."""
    text = re.sub(r"<br\s*/?>", "\n", text or "", flags=re.IGNORECASE)
    text = _TAG.sub("", text)
    text = html.unescape(text)
    text = _LINK.sub(lambda m: m.group(1) + (f"（{m.group(2)}）" if m.group(2).startswith("http") else ""), text)
    text = _RULE.sub("", text)
    text = _HEADING.sub("", text)
    text = _QUOTE.sub("", text)
    text = _BULLET.sub("· ", text)
    text = _EMPHASIS.sub("", text)
    text = CONTROL_CHARS.sub("", text)
    return _BLANKS.sub("\n\n", text).strip()


def _title(title: str) -> str:
    """Inner 《》 become 〈〉 so a condensed title is one unbroken 《…》 unit."""
    inner = strip_markup(title).replace("《", "〈").replace("》", "〉").strip()
    return f"《{inner}》" if inner else ""


def condense_citation(cit: dict[str, Any]) -> str:
    """《title》+ clause label, marked 「（已失效）」 when the document is no longer in force."""
    label = strip_markup(str(cit.get("clause") or ""))
    line = _title(str(cit.get("title") or "")) + label
    if line and cit.get("in_force") is False:
        line += "（已失效）"
    return line


def render_messages(messages: list[dict[str, Any]]) -> tuple[str, list[dict[str, str]]]:
    """One text for the whole answer plus the buttons in the order they were numbered."""
    blocks: list[str] = []
    buttons: list[dict[str, str]] = []
    citations: list[str] = []
    for msg in messages or []:
        if not isinstance(msg, dict):
            continue
        text = strip_markup(str(msg.get("text") or ""))
        if text:
            blocks.append(text)
        for cit in msg.get("citations") or []:
            line = condense_citation(cit) if isinstance(cit, dict) else ""
            if line and line not in citations:
                citations.append(line)
        for btn in msg.get("buttons") or []:
            if isinstance(btn, dict) and (btn.get("title") or btn.get("payload")):
                title = strip_markup(str(btn.get("title") or btn.get("payload")))
                buttons.append({"title": title, "payload": str(btn.get("payload") or title)})
    if citations:
        blocks.append("依据：\n" + "\n".join(citations))
    if buttons:
        numbered = "\n".join(f"{i}. {b['title']}" for i, b in enumerate(buttons, 1))
        blocks.append(f"{numbered}\n（{BUTTON_PROMPT}）")
    return "\n\n".join(blocks), buttons


def button_choice(text: str, buttons: list[dict[str, str]]) -> str | None:
    """Map a digit reply (「2」, 「２」) to the payload of that button, if it exists."""
    digits = text.strip().translate(str.maketrans("０１２３４５６７８９", "0123456789")).rstrip("。.")
    if digits.isdigit() and len(digits) <= 3 and 1 <= int(digits) <= len(buttons):
        return buttons[int(digits) - 1]["payload"]
    return None
