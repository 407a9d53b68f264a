"""Pages of the web chat (`/`) and the staff console (`/staff`), plus the feedback endpoint they use.

The pages are static HTML: everything dynamic comes from the JSON API and is rendered with textContent,
so no server-side template ever interpolates user text. The feedback router is included here so the
gateway's main.py needs no change for it.
"""
from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

from api.routers import feedback
from config.settings import ROOT

STATIC = ROOT / "api" / "static"
# Pages change with deployments; make browsers revalidate instead of showing a stale console.
_NO_CACHE = {"Cache-Control": "no-cache"}

router = APIRouter()
router.include_router(feedback.router)


def _page(name: str) -> FileResponse:
    """One HTML page from api/static with a strict CSP: only our own scripts and styles."""
    headers = dict(_NO_CACHE)
    headers["Content-Security-Policy"] = (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    )
    return FileResponse(Path(STATIC / name), media_type="text/html; charset=utf-8", headers=headers)


@router.get("/", include_in_schema=False)
def chat_page() -> FileResponse:
    """The residents' chat (mobile first)."""
    return _page("chat.html")


@router.get("/staff", include_in_schema=False)
def staff_page() -> FileResponse:
    """The staff console; it shows its own login form when /api/staff/me answers 401."""
    return _page("staff.html")
