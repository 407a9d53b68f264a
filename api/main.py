"""Gateway application: mounts every feature's router and serves local static assets."""
from __future__ import annotations

import logging
import threading
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from api.migrations import init_db
from api.logging_setup import configure_logging
from api.services import dialogue
from api.services.assistant import get_assistant, is_ready
from api.routers import (
    ask, chat, documents, faq, feedback, hit_test, overview, quiz, requests, scoring, staff_session, web, wechat,
)
from api.services.errors import ServiceError, status_of
from config.settings import DEV_INTERNAL_TOKEN, DEV_STAFF_TOKEN, ROOT, get_settings
from api.validation import chinese_validation_message

log = logging.getLogger("api")


def _warm_retriever() -> None:
    """Load the model and index at start-up, so the first question is not the slow one."""
    try:
        get_assistant()
    except Exception:  # noqa: BLE001 — /api/ask reports a missing index itself
        log.exception("retriever could not be loaded at start-up")


def _warn_dev_tokens() -> None:
    """Development runs with public default tokens; say so loudly (production refuses them in Settings)."""
    s = get_settings()
    if s.env == "development" and (s.staff_token == DEV_STAFF_TOKEN or s.internal_token == DEV_INTERNAL_TOKEN):
        log.warning("ENV=development: using the public development tokens — set STAFF_TOKEN, INTERNAL_TOKEN and "
                    "WECHAT_TOKEN and ENV=production for any deployment")


@asynccontextmanager
async def lifespan(app: FastAPI):
    configure_logging()
    _warn_dev_tokens()
    init_db()
    if get_settings().warm_on_start:
        threading.Thread(target=_warm_retriever, name="warm-retriever", daemon=True).start()
    yield
    await _shutdown(app)


async def _shutdown(app: FastAPI) -> None:
    """After the server stops taking requests: let in-flight WeChat replies finish (bounded by
    WeChatService.drain_budget_s), then close the HTTP and Redis clients this worker opened."""
    service = getattr(app.state, "wechat_service", None)
    if service is not None:
        await service.close()
    await dialogue.aclose()


def create_app() -> FastAPI:
    # Swagger UI and ReDoc load their scripts from a CDN, which this deployment cannot reach (a blank
    # page): they are off, and the OpenAPI description stays at /openapi.json for any local viewer.
    app = FastAPI(title="百问百答助手", version="0.1.0", lifespan=lifespan, docs_url=None, redoc_url=None)

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse(status_code=422, content={"detail": chinese_validation_message(exc.errors())})

    @app.exception_handler(ServiceError)
    async def _refused(_request: Request, exc: ServiceError) -> JSONResponse:
        """A service's refusal: its HTTP status and its Chinese message, like any HTTPException."""
        return JSONResponse(status_code=status_of(exc), content={"detail": str(exc)})

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error: %s", type(exc).__name__)
        return JSONResponse(status_code=500, content={"detail": "服务暂时出现问题，请稍后再试。"})

    @app.get("/health")
    def health() -> dict:
        return {"status": "ok", "retriever": "ready" if is_ready() else "loading"}

    for module in (ask, chat, requests, staff_session, overview, feedback, documents, hit_test, wechat, faq, quiz,
                   scoring, web):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=ROOT / "api" / "static"), name="static")
    return app


app = create_app()
