"""Gateway application: mounts every feature's router and serves local static assets."""
from __future__ import annotations

import logging
import threading
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from api.bodylimit import BodyLimit
from api.migrations import init_db
from api.ratelimit import Limiter
from api.security import require_internal, require_staff
from api.logging_setup import configure_logging
from api.services import dialogue
from api.services.assistant import get_assistant, is_ready
from api.services.retention import purge_safely
from api.staff_accounts import accounts
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
    accounts()  # a malformed STAFF_USERS stops the start with a message saying how to fix it
    init_db()
    purge_safely()  # RETENTION_DAYS: old conversations, question log and log files (indexed deletes, quick)
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


_PRIVATE_CALLS = (require_staff, require_internal)
_PRIVATE_PREFIXES = ("/internal/", "/api/staff/", "/staff")


def _calls(dependant) -> set:  # noqa: ANN001
    found = {dependant.call}
    for sub in dependant.dependencies:
        found |= _calls(sub)
    return found


def is_public(route: object) -> bool:
    """A route residents' clients may call: not staff-only, not internal, not the console's own endpoints."""
    if not isinstance(route, APIRoute):
        return False
    return not (route.path.startswith(_PRIVATE_PREFIXES) or _calls(route.dependant) & set(_PRIVATE_CALLS))


def _public_openapi(app: FastAPI, private: set[tuple[str, str]]):  # noqa: ANN202
    """/openapi.json describes only the public API: staff and internal endpoints are nobody's business."""
    full = app.openapi

    def openapi() -> dict:
        schema = full()
        for path, method in private:
            operations = schema.get("paths", {}).get(path, {})
            operations.pop(method.lower(), None)
            if not operations:
                schema.get("paths", {}).pop(path, None)
        return schema
    return openapi


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

    modules = (ask, chat, requests, staff_session, overview, feedback, documents, hit_test, wechat, faq, quiz,
               scoring, web)
    for module in modules:
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=ROOT / "api" / "static"), name="static")
    app.openapi = _public_openapi(app, {(r.path, m) for module in modules for r in module.router.routes
                                        if isinstance(r, APIRoute) and not is_public(r) for m in r.methods})
    app.state.limiter = Limiter(get_settings())
    app.add_middleware(BodyLimit)  # bodies bounded (and uploads authorised) before any route reads them
    return app


app = create_app()
