"""Tables for the training feature (owned by that feature)."""
