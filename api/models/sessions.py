"""Staff console sessions ended on the server: a logged-out cookie stays refused until it would expire."""
from __future__ import annotations

from sqlalchemy import Float, String
from sqlalchemy.orm import Mapped, mapped_column

from api.models.base import Base


class RevokedSession(Base):
    """The signature of a logged-out staff_session cookie (api/security.py) and when it expires anyway."""

    __tablename__ = "revoked_staff_session"

    signature: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires_at: Mapped[float] = mapped_column(Float, index=True)
