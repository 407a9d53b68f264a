"""Tables for the feedback feature (owned by that feature)."""
