"""The action server's entry point: rasa_sdk's app, callable only by Rasa.

`python -m actions.server --actions actions -p 5055` (scripts/run_all.sh) replaces `rasa run actions`:
the same Sanic app (rasa_sdk.endpoint.create_app), bound to loopback, without CORS, and with one request
middleware: every route but /health needs the shared secret ACTIONS_TOKEN in ``X-Actions-Token``, which
Rasa sends from its endpoints file (action_endpoint.headers). A forged webhook call is 401 and runs no action.
"""
from __future__ import annotations

import hmac
import logging
from typing import Optional

HEADER = "X-Actions-Token"


def refusal(token: str, path: str, given: Optional[str]):  # noqa: ANN201 — sanic response or None
    """401 unless the request is the health probe or carries the configured token (empty token: refuse all)."""
    from sanic import response

    if path == "/health":
        return None
    if not token or not given or not hmac.compare_digest(given.encode(), token.encode()):
        return response.json({"error": "unauthorized"}, status=401)
    return None


def main() -> None:
    from rasa_sdk import utils
    from rasa_sdk.constants import APPLICATION_ROOT_LOGGER_NAME
    from rasa_sdk.endpoint import create_app, create_argument_parser

    from actions.config import settings

    parser = create_argument_parser()
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (loopback by default)")
    args = parser.parse_args()
    utils.configure_colored_logging(args.loglevel)
    utils.configure_file_logging(logging.getLogger(APPLICATION_ROOT_LOGGER_NAME), args.log_file, args.loglevel,
                                 args.logging_config_file)
    utils.update_sanic_log_level()
    token = settings().actions_token
    app = create_app(args.actions, cors_origins=None)

    @app.middleware("request")
    async def _rasa_only(request):  # noqa: ANN001, ANN202
        return refusal(token, request.path, request.headers.get(HEADER))

    app.run(args.host, args.port, workers=1)


if __name__ == "__main__":
    main()
