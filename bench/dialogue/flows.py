"""The three guided flows as the simulated user sees them: their slots, what a phrasing means, and the
values a correction can change a slot to.

A phrasing is a template over persona fields ({team_name}, {phone_spaced} …) whose meaning is the
persona's value for the slot, or a literal with its own `value`. Values are kept in one canonical form
per slot (scope 本居委|街道范围|跨街道, reason and organisation type as keys, grade "3A" or "none",
booleans, lists), so what the user meant can be compared with what was stored (scoring.py).
"""
from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from bench.dialogue.bank import Phrasing
from corpus import vocabulary as V


@dataclass(frozen=True)
class Flow:
    name: str
    form: str
    slots: tuple[str, ...]  # in the form's order, the confirmation slot last (if any)
    confirm: str | None
    start_text: str  # what a user types to start the flow when the bot has not started it
    start_payload: str  # the start button's payload
    record: str | None  # staff API path of the stored record; None: the result lives in the tracker only


FLOWS: dict[str, Flow] = {
    "filing": Flow("filing", "filing_form", (
        "team_name", "category", "district", "street", "community", "member_count", "activity_scope",
        "leader_name", "leader_phone", "activity_place", "activities", "filing_confirmed"),
        "filing_confirmed", "我要给团队备案", "/start_filing", "filings"),
    "deregistration": Flow("deregistration", "deregistration_form", (
        "dereg_org_type", "dereg_org_name", "dereg_region", "dereg_reason", "dereg_contact", "dereg_confirmed"),
        "dereg_confirmed", "我要注销团队", "/start_deregistration", "deregistrations"),
    "eligibility": Flow("eligibility", "eligibility_form", (
        "region", "org_kind", "grade", "service_fields", "newly_founded", "support_needs", "hires_key_groups",
        "has_party_org"), None, "我想做个扶持资格自查", "/check_support", None),
}
SLOT_FLOW = {slot: flow.name for flow in FLOWS.values() for slot in flow.slots}

SCOPES = ("本居委", "街道范围", "跨街道")
REASON_TEXT = {"dissolved": "解散", "merged": "合并", "inactive": "长期不活动", "other": "其他原因"}
ORG_TYPE_TEXT = {"registered": "在民政局登记的社会组织", "team": "备案的群众活动团队", "group": "社区活动小组"}
GRADES = ("1A", "2A", "3A", "4A", "5A")
BOOL_SLOTS = ("newly_founded", "hires_key_groups", "has_party_org", "filing_confirmed", "dereg_confirmed")
LIST_SLOTS = ("service_fields", "support_needs")
_PERSONA_KEY = {"dereg_org_name": "team_name", "dereg_contact": "leader_phone"}
_PLACEHOLDER = re.compile(r"{(\w+)}")


def norm(text: Any) -> str:
    """NFKC, no spaces, no trailing punctuation: how two spellings of one value are compared."""
    text = unicodedata.normalize("NFKC", str(text if text is not None else ""))
    return re.sub(r"[\s。.!！,，~～]+$", "", re.sub(r"\s+", "", text))


def persona_fields(persona: dict) -> dict[str, str]:
    """Every field a template may use, the derived ones (short names, spaced phone …) included."""
    out = {k: ("、".join(map(str, v)) if isinstance(v, list) else str(v)) for k, v in persona.items()}
    phone = str(persona.get("leader_phone", ""))
    name, surname = str(persona.get("leader_name", "")), str(persona.get("leader_surname", ""))
    out.setdefault("district_short", V.short_name(str(persona.get("district", ""))))
    out.setdefault("street_short", re.sub(r"(街道|镇|乡)$", "", str(persona.get("street", ""))))
    out.setdefault("leader_given", name[len(surname):] if surname and name.startswith(surname) else name[1:])
    out.setdefault("phone_spaced", f"{phone[:3]} {phone[3:7]} {phone[7:]}" if len(phone) == 11 else phone)
    out.setdefault("phone_fullwidth", phone.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"}))
    out.setdefault("team_short", str(persona.get("team_name", "")))
    out.setdefault("city_name", str(persona.get("city", "")))
    return out


def resolve(value: Any, persona: dict) -> Any:
    """A bank value with {placeholders} (「{district}」, {district: "{district}", street: null}) filled in."""
    if isinstance(value, str):
        return _PLACEHOLDER.sub(lambda m: _Fields(persona_fields(persona))[m.group(1)], value)
    if isinstance(value, dict):
        return {k: resolve(v, persona) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve(v, persona) for v in value]
    return value


class _Fields(dict):
    def __missing__(self, key: str) -> str:
        raise KeyError(f"template field {{{key}}} is neither a persona field nor a derived one")


def render(phrasing: Phrasing, persona: dict) -> str:
    """The text the user types."""
    return _PLACEHOLDER.sub(lambda m: _Fields(persona_fields(persona))[m.group(1)], phrasing.text)


def region_label(city: Any, district: Any) -> str:
    """The self-check's region as the bot's gazetteer labels it (上海市长宁区, 浙江省温州市); a city the
    documents do not cover stays «other:<district>»."""
    label = V.place_label(f"{city or ''}{district or ''}") if city and city != "other" else None
    return label or f"other:{district or city}"


def canonical(slot: str, value: Any) -> Any:
    """One form per slot for literal values and prefills (解散 → dissolved, 3 → 3A, "是" → True …)."""
    if value is None:
        return None
    if slot == "dereg_region" and isinstance(value, dict):
        return f"{value.get('district') or ''}{value.get('street') or ''}"
    if slot == "region" and isinstance(value, dict):
        return region_label(value.get("city"), value.get("district"))
    if slot in BOOL_SLOTS:
        return value if isinstance(value, bool) else norm(value) in ("true", "yes", "是", "有", "1")
    if slot in LIST_SLOTS:
        return sorted({str(v) for v in (value if isinstance(value, list) else re.split(r"[、,，\s]+", str(value))) if v})
    text = norm(value)
    if slot == "member_count":
        return int(float(text))
    if slot == "grade":
        upper = text.upper()
        return "none" if upper in ("NONE", "无", "没有", "NULL", "") else (upper if upper.endswith("A") else f"{upper}A")
    if slot == "dereg_reason":
        return next((k for k, t in REASON_TEXT.items() if text in (k, t) or text in t), text)
    if slot == "dereg_org_type":
        return next((k for k, t in ORG_TYPE_TEXT.items() if text in (k, t)), text)
    if slot == "activity_scope":  # the bot keeps community / street / district
        keys = {"community": "本居委", "street": "街道范围", "district": "跨街道"}
        return keys.get(text) or next((s for s in SCOPES if s in text), text)
    return text


def persona_value(slot: str, persona: dict) -> Any:
    """What the persona means for a slot."""
    if slot in ("filing_confirmed", "dereg_confirmed"):
        return True
    if slot == "dereg_region":
        return f"{persona['district']}{persona['street']}"
    if slot == "region":
        return region_label(persona.get("city"), persona.get("district"))
    return canonical(slot, persona.get(_PERSONA_KEY.get(slot, slot)))


@dataclass
class Meant:
    """What the user meant for one slot: the value, other spellings that also mean it, approximate or not."""

    value: Any
    aliases: list = field(default_factory=list)
    approx: bool = False

    def as_json(self) -> dict:
        return {"value": self.value, "aliases": self.aliases, "approx": self.approx}


def meant(slot: str, phrasing: Phrasing, persona: dict) -> Meant:
    """The meaning of a phrasing for the persona (literal value, or the persona's, narrowed to what the
    template names: a region reply naming only the district means only the district)."""
    if phrasing.literal:
        return Meant(canonical(slot, resolve(phrasing.value, persona)), approx=phrasing.approx)
    used = set(_PLACEHOLDER.findall(phrasing.text))
    fields = persona_fields(persona)
    value = persona_value(slot, persona)
    aliases: list = []
    if slot in ("team_name", "dereg_org_name") and "team_name" not in used and "team_short" in used:
        aliases = [fields["team_short"]]
    if slot == "leader_name" and "leader_name" not in used:
        text = render(phrasing, persona)
        aliases = [m for m in re.findall(rf"{re.escape(fields['leader_surname'])}[\u4e00-\u9fff]{{1,3}}", text)]
        aliases += [fields["leader_given"]] if "leader_given" in used else []
    if slot == "dereg_region" and not used & {"street", "street_short"}:
        value = persona["district"]
    if slot == "region" and not used & {"district", "district_short"}:
        value = region_label(persona.get("city"), None)
    return Meant(value, aliases, phrasing.approx)


SCOPE_TEXT = {"本居委": "就在本小区/本居委", "街道范围": "跨居委，在街道（镇）范围", "跨街道": "跨街道或全区"}
CORRECTION_TEXT = {  # how the bank says a correction renders {new} for option slots
    "activity_scope": SCOPE_TEXT,
    "dereg_org_type": {"registered": "在民政局登记的社会组织", "team": "街道备案的群众活动团队", "group": "居委指导的社区活动小组"},
    "dereg_reason": {"dissolved": "解散", "merged": "与其他组织合并", "inactive": "长期不活动了", "other": "其他原因"},
    "org_kind": {"法人类登记": "在民政局登记的法人", "备案类": "街道备案的团队"},
}
FIELDS = ("养老", "助残", "儿童", "济困", "文体", "社区治理")
NEEDS = ("资金", "场地", "人才", "项目")


YES_NO_TEXT = {"newly_founded": ("是刚成立的", "不是刚成立的"), "hires_key_groups": ("有招用", "没有招用"),
               "has_party_org": ("已经建立了党组织", "没有党组织"), "filing_confirmed": ("确认", "不对"),
               "dereg_confirmed": ("确认", "不对")}


def display(slot: str, value: Any) -> str:
    """How the user types a value (a corrected one included)."""
    if slot in YES_NO_TEXT and isinstance(value, bool):
        return YES_NO_TEXT[slot][0 if value else 1]
    if slot == "grade" and value == "none":
        return "没有评估等级"
    if slot in CORRECTION_TEXT:
        return CORRECTION_TEXT[slot].get(value, str(value))
    if slot in LIST_SLOTS:
        return "、".join(value)
    if slot == "region" and str(value).startswith("other:"):
        return str(value)[len("other:"):]
    return str(value)


def _other(personas: list[dict], persona: dict, key: str, rng: random.Random,
           prefer: Any = None) -> Any:
    """Another persona's value of a field (one sharing `prefer` = (field, value) first)."""
    pool = [p for p in personas if p.get(key) and p.get(key) != persona.get(key)]
    if prefer:
        pool = [p for p in pool if p.get(prefer[0]) == prefer[1]] or pool
    return rng.choice(pool)[key] if pool else None


def new_value(kind: str, slot: str, persona: dict, personas: list[dict], rng: random.Random,
              current: Any) -> tuple[Any, str] | None:
    """(canonical value, text for {new}) of a correction of the given kind, different from `current`
    (the value the user meant so far); None when no different value can be made."""
    value: Any = None
    if kind == "int":
        value = int(current) + rng.choice((3, 5, 8, 10, -2)) if isinstance(current, int) else None
    elif kind == "phone":
        value = "139" + "".join(rng.choice("0123456789") for _ in range(8))
    elif kind in ("team_name", "person_name", "community", "place", "activity"):
        key = {"person_name": "leader_name", "place": "activity_place", "activity": "activities"}.get(kind, kind)
        value = _other(personas, persona, key, rng)
    elif kind == "district":
        city = persona.get("city")
        pool = [d for d in (V.districts(city) if city in V.load_vocabulary()["gazetteer"] else ()) if d != current]
        value = rng.choice(pool) if pool else _other(personas, persona, "district", rng)
    elif kind == "street":
        district = persona.get("district", "")
        pool = [st for st in V.streets(district) if st != persona.get("street")]
        street = rng.choice(pool) if pool else _other(personas, persona, "street", rng, ("district", district))
        value = f"{district}{street}" if slot == "dereg_region" else street
    elif kind == "dereg_region":
        other = rng.choice([p for p in personas if p.get("district") != persona.get("district")] or personas)
        value = f"{other['district']}{other['street']}"
    elif kind == "region":
        pool = [p for p in personas if p.get("city") not in (None, "other")
                and region_label(p["city"], p["district"]) != current]
        if pool:
            other = rng.choice(pool)
            label = region_label(other["city"], other["district"])
            return label, f"{other.get('city_name') or other['city']}{V.short_name(other['district'])}"
    elif kind in ("category", "scope", "org_type", "reason", "org_kind", "grade"):
        options = {"category": V.categories(), "scope": SCOPES, "org_type": tuple(ORG_TYPE_TEXT),
                   "reason": tuple(REASON_TEXT), "org_kind": ("法人类登记", "备案类"), "grade": GRADES}[kind]
        pool = [o for o in options if o != current]
        value = rng.choice(pool) if pool else None
    elif kind in ("fields", "needs"):
        vocab = FIELDS if kind == "fields" else NEEDS
        value = sorted(rng.sample(vocab, rng.choice((1, 2))))
    if value is None or canonical(slot, value) == current:
        return None
    return canonical(slot, value), display(slot, value) if slot != "dereg_region" else str(value)
