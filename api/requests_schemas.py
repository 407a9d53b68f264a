"""What the action server may store: one pydantic schema per request kind, with Chinese error texts.

The actions validate in the dialogue already; the gateway validates again because it owns the
database and must never store a malformed phone number or a non-positive member count.
"""
from __future__ import annotations

import re
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from corpus.text import mask_pii
from corpus.vocabulary import categories, field_labels

PHONE_RE = re.compile(r"^1[3-9]\d{9}$")
REGION_RE = re.compile(r"^(?P<district>.+?(?:新区|区|县|市))(?P<street>.+?(?:街道|镇|乡))?$")
CATEGORIES = categories()  # as 000 四、（一）3 names them

Short = Annotated[str, StringConstraints(min_length=1, max_length=100)]
Long = Annotated[str, StringConstraints(min_length=1, max_length=2000)]


class _Data(BaseModel):
    """Strips whitespace so "  " counts as empty; unknown keys are ignored, not stored.

    ALIASES maps the names the dialogue actions use onto our column names, so both spellings work.
    """

    model_config = ConfigDict(str_strip_whitespace=True, extra="ignore")
    ALIASES: ClassVar[dict[str, str]] = {}

    @model_validator(mode="before")
    @classmethod
    def _aliases(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        out = {k: v for k, v in data.items() if v is not None}  # None means "not given"
        for alias, name in cls.ALIASES.items():
            if alias in out and name not in out:
                out[name] = out.pop(alias)
        return out


def check_phone(value: str) -> str:
    """Mainland mobile numbers only: staff must be able to call back."""
    if not PHONE_RE.fullmatch(value):
        raise ValueError("手机号格式不正确，应为 11 位手机号（如 13800138000）")
    return value


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

    _phone = field_validator("leader_phone")(check_phone)

    @field_validator("category")
    @classmethod
    def _category(cls, value: str) -> str:
        """Only the four categories the documents name, so staff can filter reliably."""
        if value not in CATEGORIES:
            raise ValueError("类别应为：" + "、".join(CATEGORIES))
        return value


class DeregistrationData(_Data):
    """A 注销/撤销备案 request; `path` is the route the dialogue told the user (with its clauses).

    The dialogue may send one `region` text ("长宁区新华路街道"); district/street are derived from it
    when they are not given, so staff can still filter by street.
    """

    ALIASES: ClassVar[dict[str, str]] = {"org_type": "org_kind", "contact_phone": "contact"}
    org_kind: str = Field(min_length=1, max_length=50)
    org_name: Short
    region: str = Field(default="", max_length=100)
    district: str = Field(default="", max_length=50)
    street: str = Field(default="", max_length=50)
    reason: str = Field(min_length=1, max_length=200)
    contact: str = ""
    path: str = Field(default="", max_length=2000)
    notes: str = Field(default="", max_length=2000)

    @field_validator("contact")
    @classmethod
    def _contact(cls, value: str) -> str:
        return check_phone(value) if value else value

    @model_validator(mode="after")
    def _place(self) -> DeregistrationData:
        """Where the organization is must be known, either as region or as district."""
        match = REGION_RE.match(self.region) if self.region and not self.district else None
        if match:
            self.district, self.street = match["district"], self.street or (match["street"] or "")
        if not (self.district or self.region):
            raise ValueError("请填写所在区和街道（镇）")
        return self


class HandoffData(_Data):
    """A 转人工 request; everything is optional: the sender id alone lets staff find the conversation.

    The dialogue sends `message`, `recent_messages` (list), `active_flow`, `contact_phone`.
    """

    ALIASES: ClassVar[dict[str, str]] = {"message": "question", "contact_phone": "contact"}
    question: str = Field(default="", max_length=2000)
    context: str = Field(default="", max_length=4000)
    contact: str = Field(default="", max_length=100)

    @model_validator(mode="before")
    @classmethod
    def _context(cls, data: Any) -> Any:
        """Fold the recent messages and the interrupted flow into one readable context text."""
        if not isinstance(data, dict) or "context" in data:
            return data
        recent = data.get("recent_messages") or []
        lines = [str(m) for m in recent] if isinstance(recent, list) else [str(recent)]
        if data.get("active_flow"):
            lines.insert(0, f"进行中的流程：{data['active_flow']}")
        return {**data, "context": "\n".join(lines)[-4000:]}

    @field_validator("question", "context")
    @classmethod
    def _masked(cls, value: str) -> str:
        """Free text is stored with phone and ID numbers masked (the contact field keeps the number to call)."""
        return mask_pii(value)


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
    # shown to the resident in the chat (None = unchanged); `note` stays in the staff history only
    resident_note: str | None = Field(default=None, max_length=500)


LABELS = field_labels("validation")  # field → the Chinese name a 422 message uses


def label_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Replace field names with their Chinese labels so the 422 message reads naturally."""
    return [{**e, "loc": tuple(LABELS.get(str(p), p) for p in e.get("loc", ()))} for e in errors]
