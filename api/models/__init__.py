"""Importing this package registers every feature's tables on api.db.Base."""
from api.models import requests, wechat, feedback, training  # noqa: F401
