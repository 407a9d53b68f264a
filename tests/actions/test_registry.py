"""The action server registers exactly the actions the domain declares (catches abstract bases leaking in)."""
from rasa_sdk.executor import ActionExecutor


def test_registered_actions_match_the_domain(domain) -> None:
    executor = ActionExecutor()
    executor.register_package("actions")
    assert set(executor.actions) == set(domain["actions"])
