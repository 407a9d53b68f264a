"""Importing this package registers every feature's tables on `Base` (what migrations compare against)."""
from api.models.base import Base, utcnow
from api.models import requests, wechat, feedback, training, sessions, compendium, index_jobs  # noqa: F401

__all__ = ["Base", "utcnow"]
