"""What the action server may store: one pydantic schema per request kind, with Chinese error texts.

The actions validate in the dialogue already; the gateway validates again because it owns the
database and must never store a malformed phone number or a non-positive member count.
"""
from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

PHONE_RE = re.compile(r"^1[3-9]\d{9}$")
CATEGORIES = ("公益慈善类", "生活服务类", "社区事务类", "文体活动类")  # as 000 四、（一）3 names them

Short = Annotated[str, StringConstraints(min_length=1, max_length=100)]
Long = Annotated[str, StringConstraints(min_length=1, max_length=2000)]


class _Data(BaseModel):
    """Strips whitespace so "  " counts as empty; unknown keys are ignored, not stored."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="ignore")


class FilingData(_Data):
    """Fields of a filing exactly as issue 3 lists them (reference/status/created_at are ours)."""

    team_name: Short
    category: str
    district: Short
    street: Short
    community: Short
    member_count: int = Field(gt=0, le=100000)
    leader_name: str = Field(min_length=1, max_length=50)
    leader_phone: str
    activity_place: str = Field(min_length=1, max_length=200)
    activities: Long
    tier: str = Field(default="", max_length=50)

    @field_validator("leader_phone")
    @classmethod
    def _phone(cls, value: str) -> str:
        """Mainland mobile numbers only: staff must be able to call the leader back."""
        if not PHONE_RE.fullmatch(value):
            raise ValueError("手机号格式不正确，应为 11 位手机号（如 13800138000）")
        return value

    @field_validator("category")
    @classmethod
    def _category(cls, value: str) -> str:
        """Only the four categories the documents name, so staff can filter reliably."""
        if value not in CATEGORIES:
            raise ValueError("类别应为：" + "、".join(CATEGORIES))
        return value


class DeregistrationData(_Data):
    """A 注销/撤销备案 request; `path` is the route the dialogue told the user (with its clauses)."""

    org_kind: str = Field(min_length=1, max_length=50)
    org_name: Short
    district: Short
    street: Short
    reason: str = Field(min_length=1, max_length=200)
    path: str = Field(default="", max_length=2000)
    notes: str = Field(default="", max_length=2000)


class HandoffData(_Data):
    """A 转人工 request; contact is optional (the sender id alone lets staff reply in the chat)."""

    question: Long
    context: str = Field(default="", max_length=4000)
    contact: str = Field(default="", max_length=100)


class InternalRequest(BaseModel):
    """Body of POST /internal/requests; `data` is checked against the schema of `kind` afterwards."""

    kind: Literal["filing", "deregistration", "handoff"]
    sender_id: str = Field(min_length=1, max_length=128)
    data: dict[str, Any]


class StatusPatch(BaseModel):
    """Body of PATCH /api/<kind>/{reference}."""

    model_config = ConfigDict(str_strip_whitespace=True)

    status: str = Field(min_length=1, max_length=8)
    note: str | None = Field(default=None, max_length=2000)


LABELS = {
    "team_name": "团队名称", "category": "类别", "district": "区", "street": "街道/镇",
    "community": "居委/村", "member_count": "成员人数", "leader_name": "负责人姓名",
    "leader_phone": "负责人手机号", "activity_place": "活动地点", "activities": "活动内容",
    "tier": "层级", "org_kind": "组织类型", "org_name": "组织名称", "reason": "原因",
    "path": "办理路径", "notes": "备注", "question": "问题", "context": "对话摘要",
    "contact": "联系方式", "kind": "类型", "sender_id": "会话标识", "data": "数据",
    "status": "状态", "note": "备注",
}


def label_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Replace field names with their Chinese labels so the 422 message reads naturally."""
    return [{**e, "loc": tuple(LABELS.get(str(p), p) for p in e.get("loc", ()))} for e in errors]
