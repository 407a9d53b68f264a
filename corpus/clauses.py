"""Clause segmentation following each document's own numbering.

A clause is the smallest numbered unit (一、/（一）/1. headings, 第N条 articles, annex scoring rows)
with its heading path, so a citation can name it exactly and the retriever can match on its context.
Pure Python 3.10 compatible: the Rasa action server imports it to render fixed citations.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from corpus.documents import Document, load_documents

_CN = "一二三四五六七八九十"
_LEVELS = [  # (level, regex capturing the id segment, label format)
    (1, re.compile(rf"^第([{_CN}百]+)条\s*"), "第{}条"),
    (1, re.compile(rf"^([{_CN}]+)、\s*"), "{}、"),
    (2, re.compile(rf"^（([{_CN}]+)）\s*"), "（{}）"),
    (3, re.compile(r"^(\d+)[.．、]\s*"), "{}."),
]
_ANNEX_RE = re.compile(r"^附件[：:]\s*(.+)$")
_EFFECTIVE_RE = re.compile(r"^本.{1,12}自.{4,20}起施行")


@dataclass(frozen=True)
class Clause:
    """One citable unit of a document."""

    id: str
    doc_id: str
    label: str
    path: tuple[str, ...]
    title: str
    text: str
    order: int

    def is_outline(self) -> bool:
        """A bare heading whose text only lists its parts' titles (「包括：1.…；2.…」, written by _node_text): it
        answers 「包括哪些」, while a question on one part is answered by that part."""
        lines = self.text.split("\n")
        return len(lines) == 2 and lines[1].startswith("包括：")

    def context(self, doc_title: str = "") -> str:
        """Document title + heading path + text: what the retriever indexes.

        Every clause carries its document's title, so words that only name the document
        (北京这份意见, 五社联动方案) favour all of that document's clauses alike instead of
        pulling the notice or preamble, where the title happens to be written out.
        """
        heads = [h for h in (doc_title, *self.path[:-1]) if h]
        return " > ".join(heads + [self.text])


@dataclass
class _Node:
    seg: str
    label: str
    level: int
    heading: str
    body: list[str] = field(default_factory=list)
    children: list["_Node"] = field(default_factory=list)


def _match_heading(line: str) -> tuple[int, str, str, str] | None:
    """(level, id segment, label, rest of line) for a numbered line, else None."""
    for level, rx, fmt in _LEVELS:
        m = rx.match(line)
        if m:
            seg = m.group(1)
            seg_id = f"第{seg}条" if fmt.startswith("第") else (f"（{seg}）" if level == 2 else seg)
            return level, seg_id, fmt.format(seg), line[m.end():].strip()
    return None


def _short_title(rest: str) -> str:
    """The heading words of a numbered line: up to the first full stop, if short."""
    head = re.split(r"[。；]", rest, maxsplit=1)[0]
    return head if len(head) <= 40 else ""


def _front_matter(lines: list[str], doc: Document) -> list[tuple[str, str, list[str]]]:
    """Split what precedes the first heading into 印发通知 and 序言 at the repeated title line."""
    squash = lambda s: re.sub(r"[\s（）()—\-]", "", s)  # noqa: E731
    title = squash(doc.title)
    cut = None
    for i, ln in enumerate(lines):
        if squash(ln) and (squash(ln) == title or (len(squash(ln)) > 8 and squash(ln) in title)):
            cut = i
    if cut is None or cut == 0:
        return [("序言", "序言", lines)] if lines else []
    parts = [("通知", "印发通知", lines[:cut])]
    if lines[cut + 1:]:
        parts.append(("序言", "序言", lines[cut:]))
    return parts


def _parse_tree(lines: list[str]) -> tuple[list[_Node], list[str], list[str]]:
    """Numbered tree of the body; returns (roots, lines before first heading, annex lines)."""
    roots: list[_Node] = []
    stack: list[_Node] = []
    front: list[str] = []
    for i, line in enumerate(lines):
        if _ANNEX_RE.match(line) and any("\t" in ln for ln in lines[i:]):
            return roots, front, lines[i:]
        hit = _match_heading(line)
        if hit and not (hit[0] == 3 and not stack):
            level, seg, label, rest = hit
            while stack and stack[-1].level >= level:
                stack.pop()
            node = _Node(seg, label, level, rest)
            (stack[-1].children if stack else roots).append(node)
            stack.append(node)
        elif stack:
            stack[-1].body.append(line)
        else:
            front.append(line)
    return roots, front, []


def _node_text(node: _Node) -> str:
    """Clause text: its own line and paragraphs; a bare heading lists its children's titles."""
    parts = [node.heading] + node.body
    if not node.body and node.children:
        kids = "；".join(f"{c.label}{_short_title(c.heading) or c.heading[:30]}" for c in node.children)
        parts.append(f"包括：{kids}。")
    return "\n".join(p for p in parts if p)


def _walk(node: _Node, doc: Document, prefix: tuple, path: tuple, out: list[Clause]) -> None:
    ids = prefix + (node.seg,)
    labels = path + (node.label + (_short_title(node.heading) or ""),)
    label = _label(ids)
    out.append(Clause(
        id="/".join((doc.id,) + ids), doc_id=doc.id, label=label, path=labels,
        title=_short_title(node.heading), text=_node_text(node), order=len(out),
    ))
    for child in node.children:
        _walk(child, doc, ids, labels, out)


def _label(ids: tuple) -> str:
    """Display label such as 四、（一）3. built from the id segments."""
    parts = []
    for seg in ids:
        if seg.startswith("第") or seg.startswith("（"):
            parts.append(seg)
        elif seg.isdigit():
            parts.append(f"{seg}.")
        else:
            parts.append(f"{seg}、")
    return "".join(parts)


def _annex_clauses(doc: Document, lines: list[str], start: int) -> list[Clause]:
    """One clause per scoring row (项目/分值/评分要点), plus the grading note."""
    m = _ANNEX_RE.match(lines[0])
    annex_title = m.group(1).strip() if m else "附件"
    out = []
    for line in lines[1:]:
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) >= 3 and cells[1].isdigit():
            text = f"项目：{cells[0]}；分值：{cells[1]}分；评分要点：{cells[2]}"
            out.append(Clause(f"{doc.id}/附件/{cells[0]}", doc.id, f"附件·{cells[0]}",
                              ("附件：" + annex_title, cells[0]), cells[0], text, start + len(out)))
        elif line.startswith("备注"):
            note = line.split("\t")[0].strip()
            out.append(Clause(f"{doc.id}/附件/备注", doc.id, "附件·备注", ("附件：" + annex_title, "备注"),
                              "备注", note, start + len(out)))
    return out


def segment(doc: Document, text: str | None = None) -> list[Clause]:
    """All clauses of one document, in reading order."""
    lines = [ln.strip() for ln in (text if text is not None else doc.text()).splitlines() if ln.strip()]
    effective = [ln for ln in lines if _EFFECTIVE_RE.match(ln)]
    lines = [ln for ln in lines if ln not in effective]
    roots, front, annex = _parse_tree(lines)
    out: list[Clause] = []
    for seg, label, body in _front_matter(front, doc):
        out.append(Clause(f"{doc.id}/{seg}", doc.id, label, (label,), label, "\n".join(body), len(out)))
    for root in roots:
        _walk(root, doc, (), (), out)
    for ln in effective:
        out.append(Clause(f"{doc.id}/施行", doc.id, "施行日期", ("施行日期",), "施行日期", ln, len(out)))
    if annex:
        out.extend(_annex_clauses(doc, annex, len(out)))
    return out


@lru_cache(maxsize=8)
def load_clauses(knowledge_dir: Path | None = None) -> dict[str, Clause]:
    """Every clause of every document, by id (ids are unique; a duplicate is a segmentation bug)."""
    clauses: dict[str, Clause] = {}
    for doc in load_documents(knowledge_dir).values():
        for clause in segment(doc):
            if clause.id in clauses:
                raise ValueError(f"duplicate clause id {clause.id}: fix the numbering in {doc.path}")
            clauses[clause.id] = clause
    return clauses
