"""The 百问百答 booklet: the searchable /faq page and the standalone printable file (tools/booklet.py).

The page is api/templates/booklet.html rendered with autoescaping, so no compendium or document text
can become markup; this module only arranges the entries into topics for it.
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template

from api.services.compendium import citations, compendium
from config.settings import ROOT
from corpus.compendium import FaqEntry

TEMPLATES = ROOT / "api" / "templates"
PRINT_CSS = ROOT / "api" / "static" / "faq.css"


@lru_cache(maxsize=1)
def _template() -> Template:
    """Loaded once; StrictUndefined makes a misspelt field an error instead of an empty string."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, trim_blocks=True, lstrip_blocks=True,
                      undefined=StrictUndefined)
    return env.get_template("booklet.html")


def _citation_view(c: dict) -> dict:
    return {"title": c["title"], "doc_number": c.get("doc_number"), "clause": c["clause"], "text": c["text"],
            "in_force": c["in_force"]}


def _entry_view(entry: FaqEntry) -> dict:
    """What the template shows of one entry; ``search`` is the text the page's filter looks in."""
    return {"id": entry.id, "question": entry.question, "answer": entry.answer,
            "tags": [*entry.regions, *entry.audience],
            "search": " ".join([entry.question, *entry.paraphrases, entry.answer]),
            "citations": [_citation_view(c) for c in citations(entry)]}


def _sections(entries: Sequence[FaqEntry]) -> list[dict]:
    """Topics numbered in the order they first appear, each with its entries."""
    order = list(dict.fromkeys(e.topic for e in entries))
    return [{"number": i, "topic": topic, "entries": [_entry_view(e) for e in entries if e.topic == topic]}
            for i, topic in enumerate(order, 1)]


def render_booklet(entries: Sequence[FaqEntry], *, interactive: bool, css: str = "") -> str:
    """The whole booklet: title, table of contents by topic, entries with citations.

    interactive: the /faq page (search box, external CSS/JS under the CSP); otherwise a standalone
    printable file with ``css`` (our own stylesheet, not user input) inlined.
    """
    return _template().render(interactive=interactive, css=css, total=len(entries), sections=_sections(entries))


def page() -> str:
    """The /faq page over the served compendium."""
    return render_booklet(compendium(), interactive=True)


def printable() -> str:
    """The standalone booklet with the booklet CSS inlined (opens without the server)."""
    return render_booklet(compendium(), interactive=False, css=PRINT_CSS.read_text(encoding="utf-8"))
