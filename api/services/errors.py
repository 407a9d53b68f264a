"""The ways a service refuses a request, each with the Chinese message the user reads.

Services raise these instead of HTTP errors so the web chat, WeChat and the JSON API can share them;
api/main.py answers each with ``{"detail": message}`` and the HTTP status ``status_of`` gives.
"""
from __future__ import annotations


class ServiceError(Exception):
    """A request the service will not carry out; ``str(error)`` is the message for the user."""


class Refused(ServiceError):
    """The request is understood but cannot be served as asked (bad choice, nothing to draw from)."""


class NotFound(ServiceError):
    """The thing the request names does not exist (or is not the caller's)."""


class Conflict(ServiceError):
    """The thing already exists, or the request clashes with work in progress."""


class Unavailable(ServiceError):
    """A dependency the service needs (the index, the model) cannot answer right now."""


STATUS: dict[type[ServiceError], int] = {Refused: 422, NotFound: 404, Conflict: 409, Unavailable: 503}


def status_of(error: ServiceError) -> int:
    """The HTTP status of an error kind (the most specific one listed); 422 for an unlisted kind."""
    return next((STATUS[kind] for kind in type(error).__mro__ if kind in STATUS), 422)
