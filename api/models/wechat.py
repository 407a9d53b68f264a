"""Tables for the WeChat channel: shared state every gateway worker must see.

WeChat retries a message up to three times and each try may land on a different worker,
so dedupe/in-flight results, pending 「更多」 parts, failed deliveries, the rate-limit
counters and the one access_token all live in the database (or Redis, see api/wechat/stores.py).
"""
from __future__ import annotations

from sqlalchemy import Float, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from api.models.base import Base


class WechatMessage(Base):
    """One inbound message (keyed by MsgId or event identity): who produces and who delivers it."""

    __tablename__ = "wechat_message"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    openid: Mapped[str] = mapped_column(String(100), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    first_at: Mapped[float] = mapped_column(Float)
    last_at: Mapped[float] = mapped_column(Float)
    state: Mapped[str] = mapped_column(String(16), default="running")  # running | done
    parts: Mapped[str | None] = mapped_column(Text, nullable=True)  # JSON list of reply parts
    delivered_by: Mapped[str | None] = mapped_column(String(16), nullable=True)  # passive | kefu | failed | none
    delivered_for: Mapped[float | None] = mapped_column(Float, nullable=True)  # arrival of the try that got it


class WechatUserState(Base):
    """Per-user conversation leftovers: the next 「更多」 parts, the last numbered buttons and the
    clauses the last answer cited (sent whole on 「原文」)."""

    __tablename__ = "wechat_user_state"

    openid: Mapped[str] = mapped_column(String(100), primary_key=True)
    pending: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of parts not yet sent
    buttons: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of {"title","payload"}
    sources: Mapped[str | None] = mapped_column(Text, nullable=True)  # JSON list of api.wechat.records.Source
    updated_at: Mapped[float] = mapped_column(Float, default=0.0)


class WechatFailedDelivery(Base):
    """A customer-service send that WeChat refused; delivered with a note on the user's next message."""

    __tablename__ = "wechat_failed_delivery"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    openid: Mapped[str] = mapped_column(String(100), index=True)
    msg_key: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    errcode: Mapped[int] = mapped_column(Integer)
    errmsg: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[float] = mapped_column(Float)
    delivered_at: Mapped[float | None] = mapped_column(Float, nullable=True)


class WechatRate(Base):
    """Fixed one-minute window message counter per openid."""

    __tablename__ = "wechat_rate"

    openid: Mapped[str] = mapped_column(String(100), primary_key=True)
    window: Mapped[int] = mapped_column(Integer, primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)


class WechatAccessToken(Base):
    """The one access_token per AppID, shared so workers never refresh it against each other."""

    __tablename__ = "wechat_access_token"

    appid: Mapped[str] = mapped_column(String(64), primary_key=True)
    token: Mapped[str] = mapped_column(String(600), default="")
    expires_at: Mapped[float] = mapped_column(Float, default=0.0)
    lease_until: Mapped[float] = mapped_column(Float, default=0.0)  # a worker is refreshing until then

