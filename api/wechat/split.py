"""Split long replies into ≤ 2048-byte parts on sentence or citation boundaries.

A cut never falls inside a multi-byte character (we cut str, measure UTF-8) nor inside a
《title》; every part but the last carries the 「更多」 hint, and that hint counts in the limit.
"""
from __future__ import annotations

MORE_HINT = "\n\n（内容较长，回复「更多」查看下一部分）"
_LEVELS = ("\n", "。！？；!?;", "，、,：: ")


def utf8_len(text: str) -> int:
    """Bytes WeChat counts."""
    return len(text.encode("utf-8"))


def _cut(text: str, budget: int) -> int:
    """Index of the best cut with text[:i] ≤ budget bytes: line > sentence > comma > any char outside 《》."""
    best: dict[int, int] = {}
    size, depth = 0, 0
    for i, ch in enumerate(text):
        size += utf8_len(ch)
        if size > budget:
            break
        depth += (ch == "《") - (ch == "》" and depth > 0)
        if depth:
            continue
        for level, marks in enumerate(_LEVELS):
            if ch in marks:
                best[level] = i + 1
        best[len(_LEVELS)] = i + 1
    floor = len(text[: best.get(len(_LEVELS), 1)]) // 3
    for level in range(len(_LEVELS) + 1):
        if best.get(level, 0) > floor:
            return best[level]
    return best.get(len(_LEVELS)) or _hard_cut(text, budget)


def _hard_cut(text: str, budget: int) -> int:
    """Last resort (a 《title》 longer than a part): cut at a character boundary."""
    size = 0
    for i, ch in enumerate(text):
        size += utf8_len(ch)
        if size > budget:
            return max(i, 1)
    return len(text)


def split_reply(text: str, limit: int = 2048) -> list[str]:
    """Parts of at most `limit` bytes; a text that fits is returned whole without a hint."""
    text = text.strip()
    if utf8_len(text) <= limit:
        return [text]
    budget = limit - utf8_len(MORE_HINT)
    parts: list[str] = []
    while utf8_len(text) > limit:
        i = _cut(text, budget)
        head, text = text[:i].rstrip(), text[i:].lstrip()
        parts.append(head + MORE_HINT)
    if text:
        parts.append(text)
    return parts
