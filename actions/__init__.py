"""Rasa custom actions, one module per flow (rasa_sdk imports every submodule of this package)."""
