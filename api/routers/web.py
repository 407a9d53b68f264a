"""The HTML pages: web chat (`/`), staff console (`/staff`), 百问百答 booklet (`/faq`), quiz, scoring.

The static pages hold no data: everything dynamic comes from the JSON API and is rendered with
textContent. The booklet is rendered from an autoescaped template (api/services/booklet.py). Every
page carries the same strict CSP (api/security.py).
"""
from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse, HTMLResponse

from api.security import page_headers
from api.services import booklet
from config.settings import ROOT

STATIC = ROOT / "api" / "static"

router = APIRouter()


def _page(name: str) -> FileResponse:
    """One HTML page from api/static with the pages' headers (CSP, revalidation)."""
    return FileResponse(STATIC / name, media_type="text/html; charset=utf-8", headers=page_headers())


@router.get("/", include_in_schema=False)
def chat_page() -> FileResponse:
    """The residents' chat (mobile first)."""
    return _page("chat.html")


@router.get("/staff", include_in_schema=False)
def staff_page() -> FileResponse:
    """The staff console; it shows its own login form when /api/staff/me answers 401."""
    return _page("staff.html")


@router.get("/faq", include_in_schema=False)
def faq_page() -> HTMLResponse:
    """The searchable booklet."""
    return HTMLResponse(booklet.page(), headers=page_headers())


@router.get("/quiz", include_in_schema=False)
def quiz_page() -> FileResponse:
    """The training quiz page (it plays /api/quiz)."""
    return _page("quiz.html")


@router.get("/scoring", include_in_schema=False)
def scoring_page() -> FileResponse:
    """The 温州 self-assessment page (it posts to /api/scoring)."""
    return _page("scoring.html")
