"""Simulated-user suite (issue 11): the harness's own unit tests and the gate on the sealed half."""
