"""bot/action_result_check.py: Rasa's check of action server replies, its validator built once."""
from __future__ import annotations

import pytest
from jsonschema import ValidationError, validate
from rasa.core.actions.action import RemoteAction

import bot.rest_channel  # noqa: F401  (Rasa loads the channel at start; that installs the check)
from bot.action_result_check import validate_action_result

GOOD = {"events": [{"event": "slot", "name": "team_name", "value": "夕阳红", "timestamp": None},
                   {"event": "active_loop", "name": None}], "responses": [{"text": "好的"}]}
BAD = [{"events": [{"event": "slot", "name": 3}], "responses": []},
       {"events": [{"event": "no_such_event"}]},
       {"events": "not a list"}]


def test_loading_the_channel_installs_the_check_in_rasa():
    assert RemoteAction._validate_action_result is validate_action_result


def test_a_valid_reply_passes_as_with_the_stock_check():
    validate(GOOD, RemoteAction.action_response_format_spec())
    assert RemoteAction.__new__(RemoteAction)._validate_action_result(GOOD) is True


@pytest.mark.parametrize("reply", BAD)
def test_an_invalid_reply_fails_with_the_stock_error_and_advice(reply):
    with pytest.raises(ValidationError) as stock:
        validate(reply, RemoteAction.action_response_format_spec())
    with pytest.raises(ValidationError) as ours:
        RemoteAction.__new__(RemoteAction)._validate_action_result(reply)
    assert ours.value.message.startswith(stock.value.message)
    assert "Failed to validate Action server response" in ours.value.message
