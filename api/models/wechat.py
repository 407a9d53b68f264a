"""Tables for the wechat feature (owned by that feature)."""
