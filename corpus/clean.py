"""Cleaning of extracted policy texts: repairs what PDF/web extraction broke, keeps the wording.

Every step is a small named function and every change it makes is logged, so a new document goes
through the same path and a reviewer can see exactly what was touched (`python -m corpus clean`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

_END_PUNCT = "。；：！？”」）)》.;:!?…"
_HEADING_RE = re.compile(
    r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.．、]|第[一二三四五六七八九十百]+条|附件[：:])"
)
_CJK = r"\u4e00-\u9fff"


@dataclass
class CleanReport:
    """What cleaning changed, one line per change (kept next to the cleaned text)."""

    changes: list[str] = field(default_factory=list)

    def add(self, step: str, detail: str) -> None:
        self.changes.append(f"{step}: {detail}")


def strip_html_tags(text: str, report: CleanReport) -> str:
    """Annex cells arrive wrapped in <p> tags; the tags are markup, not wording."""
    n = len(re.findall(r"</?p>", text))
    if n:
        report.add("strip_html_tags", f"removed {n} <p>/</p> tags")
    text = re.sub(r"\s*</p>\s*<p>\s*", " ", text)
    return re.sub(r"</?p>", "", text)


def strip_bold_markers(text: str, report: CleanReport) -> str:
    """`**…**` marks bold task titles (002) and a bold notice title (003); the words stay."""
    n = text.count("**") // 2
    if n:
        report.add("strip_bold_markers", f"removed {n} bold marker pairs")
    return text.replace("**", "")


def normalize_lines(text: str, report: CleanReport) -> list[str]:
    """Trim layout whitespace (centred signatures, indents) and drop stray page-only lines."""
    lines = [ln.replace("\u3000", " ").strip() for ln in text.replace("\r\n", "\n").split("\n")]
    out = []
    for ln in lines:
        if re.fullmatch(r"[（(]此页无正文[)）]", ln) or re.fullmatch(r"\d{10,}", ln):
            report.add("drop_page_artifact", ln)
            continue
        out.append(re.sub(r" {2,}", " ", ln) if "\t" not in ln else ln)
    return out


def _is_page_join(prev: str, nxt: str) -> bool:
    """A sentence cut by a page break or hard wrap.

    The previous line is running prose (it has sentence punctuation, is no bare heading, and does
    not end a sentence) and the next line carries on (no heading marker). Header lines, titles,
    signatures and dates have no inner punctuation, so they are never glued together.
    """
    if not prev or not nxt or "\t" in prev or "\t" in nxt or prev[-1] in _END_PUNCT:
        return False
    body = _HEADING_RE.sub("", prev)
    if not re.search("[，、。；]", body) or _HEADING_RE.match(nxt):
        return False
    return re.match(f"[{_CJK}“‘（(0-9]", nxt) is not None


def rejoin_paragraphs(lines: list[str], report: CleanReport) -> list[str]:
    """Rejoin paragraphs split by page breaks (blank lines between) or hard wraps."""
    out: list[str] = []
    blank = False
    for ln in lines:
        if not ln:
            blank = True
            continue
        if out and _is_page_join(out[-1], ln):
            out[-1] = _join(out[-1], ln, report)
        else:
            if blank and out:
                out.append("")
            out.append(ln)
        blank = False
    return out


def _join(prev: str, nxt: str, report: CleanReport) -> str:
    """Join two halves; a CJK character repeated across the page join is an extraction artifact."""
    if prev[-1] == nxt[0] and re.match(f"[{_CJK}]", nxt[0]):
        report.add("drop_doubled_char_at_page_join", f"…{prev[-6:]}|{nxt[:6]}… → dropped one “{nxt[0]}”")
        nxt = nxt[1:]
    report.add("rejoin_page_split", f"…{prev[-8:]}|{nxt[:8]}…")
    return prev + nxt


def clean_text(raw: str) -> tuple[str, CleanReport]:
    """Run every cleaning step in order; returns the cleaned text and what changed."""
    report = CleanReport()
    text = strip_html_tags(raw, report)
    text = strip_bold_markers(text, report)
    lines = rejoin_paragraphs(normalize_lines(text, report), report)
    lines = [ln.rstrip("\t ") for ln in lines]
    cleaned = "\n".join(lines).strip() + "\n"
    cleaned = re.sub(r"\n{3,}", "\n\n", cleaned)
    return cleaned, report
