"""Logging that never writes a full ID-card or mobile number."""
from __future__ import annotations

import logging
import re

_ID_RE = re.compile(r"(?<![0-9])([1-9][0-9]{5})[0-9]{8}([0-9]{3}[0-9Xx])(?![0-9])")
_PHONE_RE = re.compile(r"(?<![0-9])(1[3-9][0-9])[0-9]{4}([0-9]{4})(?![0-9])")


def mask_pii(text: str) -> str:
    """Mask 18-digit ID numbers and 11-digit mainland mobile numbers."""
    text = _ID_RE.sub(lambda m: f"{m.group(1)}********{m.group(2)}", text)
    return _PHONE_RE.sub(lambda m: f"{m.group(1)}****{m.group(2)}", text)


def _mask_arg(value: object) -> object:
    """Strings are masked; other objects (a dumped tracker, a dict) only if their text holds PII."""
    if isinstance(value, str):
        return mask_pii(value)
    if value is None or isinstance(value, (int, float, bool)):
        return value
    text = str(value)
    masked = mask_pii(text)
    return masked if masked != text else value


class MaskingFilter(logging.Filter):
    """Applied to every record: masks the message and its string arguments.

    Arguments stay a tuple of the same length, because formatters such as uvicorn's access
    log read them positionally.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = mask_pii(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_mask_arg(a) for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {k: _mask_arg(v) for k, v in record.args.items()}
        return True


def configure_logging(level: int = logging.INFO) -> None:
    root = logging.getLogger()
    if not any(isinstance(f, MaskingFilter) for h in root.handlers for f in h.filters):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handler.addFilter(MaskingFilter())
        root.addHandler(handler)
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.access", "uvicorn.error"):
        for h in logging.getLogger(name).handlers:
            h.addFilter(MaskingFilter())
