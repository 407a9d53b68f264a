"""Turn dialogue messages (the /api/chat shape) into plain WeChat text.

WeChat shows neither Markdown nor HTML nor buttons, so: markup stripped, buttons become a
numbered list answered by digits, citations condensed to 《title》 + clause label right after the
message they support, with a hint that 「原文」 sends the cited clauses whole (render_sources).
The wording of the answer itself is passed through unchanged — never invented here.
"""
from __future__ import annotations

import html
import re
from typing import Any

from api.wechat.inbound import CONTROL_CHARS
from api.wechat.records import Source
from corpus.text import fold_width

BUTTON_PROMPT = "回复数字选择"
SOURCES_HINT = "（回复“原文”查看条款全文）"
SOURCES_HEAD = "上一条回答引用的条款原文："
MAX_SOURCES = 10
_INTRO_MARKS = ("：", ":")
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


def _citation_lines(msg: dict[str, Any], seen: list[str]) -> list[str]:
    """This message's condensed citations not yet shown earlier in the reply."""
    lines: list[str] = []
    for cit in msg.get("citations") or []:
        line = condense_citation(cit) if isinstance(cit, dict) else ""
        if line and line not in seen:
            seen.append(line)
            lines.append(line)
    return lines


def _buttons(msg: dict[str, Any]) -> list[dict[str, str]]:
    """Buttons with a title or payload: the title is shown, the payload is what a digit sends."""
    out: list[dict[str, str]] = []
    for btn in msg.get("buttons") or []:
        if isinstance(btn, dict) and (btn.get("title") or btn.get("payload")):
            title = strip_markup(str(btn.get("title") or btn.get("payload")))
            out.append({"title": title, "payload": str(btn.get("payload") or title)})
    return out


def render_messages(messages: list[dict[str, Any]]) -> tuple[str, list[dict[str, str]]]:
    """One text for the whole answer plus the buttons in the order they were numbered.

    Citations follow the message they support; the numbered list comes last, directly under a
    text that introduces it (「猜你想问：」).
    """
    blocks: list[str] = []
    buttons: list[dict[str, str]] = []
    seen: list[str] = []
    last_cited = -1
    for msg in messages or []:
        if not isinstance(msg, dict):
            continue
        text = strip_markup(str(msg.get("text") or ""))
        if text:
            blocks.append(text)
        lines = _citation_lines(msg, seen)
        if lines:
            blocks.append("\n".join(["依据：", *lines]))
            last_cited = len(blocks) - 1
        buttons.extend(_buttons(msg))
    if last_cited >= 0 and collect_sources(messages):
        blocks[last_cited] += "\n" + SOURCES_HINT
    if buttons:
        numbered = "\n".join(f"{i}. {b['title']}" for i, b in enumerate(buttons, 1)) + f"\n（{BUTTON_PROMPT}）"
        if blocks and blocks[-1].endswith(_INTRO_MARKS):
            blocks[-1] += "\n" + numbered
        else:
            blocks.append(numbered)
    return "\n\n".join(blocks), buttons


def collect_sources(messages: list[dict[str, Any]]) -> list[Source]:
    """The cited clauses of a reply, whole (`full_text`, else the clause text flows send), for 「原文」."""
    sources: list[Source] = []
    seen: set[str] = set()
    for msg in messages or []:
        for cit in (msg.get("citations") or []) if isinstance(msg, dict) else []:
            if not isinstance(cit, dict):
                continue
            body = strip_markup(str(cit.get("full_text") or cit.get("text") or ""))
            key = str(cit.get("clause_id") or condense_citation(cit))
            if body and key not in seen:
                seen.add(key)
                sources.append({"title": str(cit.get("title") or ""), "clause": str(cit.get("clause") or ""),
                                "in_force": cit.get("in_force"), "text": body})
    return sources[:MAX_SOURCES]


def render_sources(sources: list[Source]) -> str:
    """《title》clause label, then the whole clause, for each stored source; empty when there are none."""
    blocks = [f"{condense_citation(s)}\n{s.get('text', '')}".strip() for s in sources if isinstance(s, dict)]
    blocks = [b for b in blocks if b]
    return "\n\n".join([SOURCES_HEAD, *blocks]) if blocks else ""


# 「2」「２」「第2个」「选二」「3号」: a number on its own, as people pick from a numbered list
# Chinese numerals only with 第/选 (「四」 alone may be the value 4A); not 条/项: 「第二条」「第三项」 ask about a clause.
_PICK = re.compile(r"([0-9]{1,2})(?:个|号)?|(?:选择?|选择?第|第)([0-9]{1,2}|[一二三四五六七八九十])(?:个|号)?")
_CN_DIGITS = "一二三四五六七八九十"


def button_choice(text: str, buttons: list[dict[str, str]]) -> str | None:
    """Map a number reply (「2」「２」「第二个」) to the payload of that button, if it exists."""
    picked = _PICK.fullmatch(fold_width(text.strip()).rstrip("。.!！~～"))
    if not picked:
        return None
    word = picked.group(1) or picked.group(2)
    n = int(word) if word.isdigit() else _CN_DIGITS.index(word) + 1
    return buttons[n - 1]["payload"] if 1 <= n <= len(buttons) else None
