"""Tables for the requests feature (owned by that feature)."""
