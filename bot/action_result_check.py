"""Rasa's check of each action server reply, with its schema's validator built once.

Rasa 3.6 (``RemoteAction._validate_action_result``) validates every reply of the action server with
``jsonschema.validate``, which first re-checks the unchanging event schema against JSON Schema's
meta-schema. py-spy on a Rasa server under load found that re-check at 70 % of its CPU (docs/DEPLOY.md).
Here the schema is checked once and its validator kept: a reply is validated exactly as before (the same
schema, the same best-matching error, the same message), and only the repeated meta-schema check goes.
Rasa offers no setting for this, so the method is replaced when Rasa loads bot/rest_channel.py, the
channel every profile starts with (bot/credentials.yml).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, Text

from jsonschema import ValidationError
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


@lru_cache(maxsize=1)
def _validator() -> Any:
    """The reply schema's validator, the schema itself checked once."""
    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
    """What ``RemoteAction._validate_action_result`` does, without re-checking the schema on each call."""
    error = best_match(_validator().iter_errors(result))
    if error is None:
        return True
    error.message += (". Failed to validate Action server response from API, make sure your response from the "
                      f"Action endpoint is valid. For more information about the format visit "
                      f"{DOCS_BASE_URL}/custom-actions")
    raise error


def install() -> None:
    """Replace Rasa's method (idempotent)."""
    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]


__all__ = ["ValidationError", "install", "validate_action_result"]
