"""Goodbye only for goodbye (actions/smalltalk.py)."""
from __future__ import annotations

import pytest
import yaml

from actions.policy_qa import NOT_UNDERSTOOD
from actions.smalltalk import ActionGoodbye, says_goodbye
from tests.actions.conftest import ROOT, make_tracker, run


def _trained_goodbyes() -> list[str]:
    data = yaml.safe_load((ROOT / "bot" / "data" / "nlu" / "smalltalk.yml").read_text(encoding="utf-8"))
    return [line[2:].strip() for block in data["nlu"] if block.get("intent") == "goodbye"
            for line in block["examples"].splitlines() if line.startswith("- ")]


def test_every_trained_goodbye_says_goodbye() -> None:
    examples = _trained_goodbyes()
    assert len(examples) > 20 and [e for e in examples if not says_goodbye(e)] == []


@pytest.mark.parametrize("text", ["1", "啊啊啊啊", "<script>alert(1)</script>", "？？？"])
def test_noise_read_as_goodbye_gets_the_menu_not_a_farewell(text: str, domain, gateway) -> None:
    events, messages = run(ActionGoodbye(), make_tracker(text, intent="goodbye"), domain)
    assert events == [] and messages[0]["text"] == NOT_UNDERSTOOD and gateway.calls == []


def test_a_question_read_as_goodbye_is_answered(domain, gateway) -> None:
    run(ActionGoodbye(), make_tracker("广场舞队要不要备案", intent="goodbye"), domain)
    assert [c[0] for c in gateway.calls] == ["/api/ask"]


def test_goodbye_is_goodbye(domain, gateway) -> None:
    _, messages = run(ActionGoodbye(), make_tracker("好的，拜拜", intent="goodbye"), domain)
    assert messages == [{"response": "utter_goodbye"}] or messages[0].get("response") == "utter_goodbye"


@pytest.mark.parametrize("text", ["拜托帮我看看", "13888888888", "88岁了还能参加吗", "活动结束后要报备吗", "下次活动要报备吗"])
def test_words_that_only_look_like_goodbye_are_not_goodbye(text: str) -> None:
    assert not says_goodbye(text)

