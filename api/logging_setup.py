"""Logging that never writes a full ID-card or mobile number."""
from __future__ import annotations

import logging

from corpus.text import mask_pii

__all__ = ["MaskingFilter", "configure_logging", "mask_pii"]


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
