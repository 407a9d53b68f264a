"""Parsing of inbound WeChat XML with defusedxml: no DTDs, no entities, bounded work.

wechatpy's parse_message uses plain xmltodict (expat expands internal entities), so bodies are
parsed here and only the fields we use are kept.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY|ELEMENT|ATTLIST)", re.IGNORECASE)
# C0 controls except tab/newline/CR, DEL, C1 controls, lone surrogates, non-characters.
CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_MAX_FIELD_CHARS = 10000


class HostileXml(ValueError):
    """The body declares a DTD or entities (XXE, billion laughs): rejected before parsing."""


class BadXml(ValueError):
    """Truncated, malformed or wrong-rooted XML: answered with `success`."""


@dataclass
class Inbound:
    """The fields of a WeChat push that the gateway uses."""

    to_user: str
    from_user: str
    create_time: str
    msg_type: str
    fields: dict[str, str] = field(default_factory=dict)

    @property
    def dedupe_key(self) -> str:
        """MsgId for messages; FromUserName + CreateTime + Event for events (they have no MsgId)."""
        msg_id = self.fields.get("MsgId", "")
        if msg_id and self.msg_type != "event":
            return f"m:{msg_id}"
        event = self.fields.get("Event", "")
        return f"e:{self.from_user}:{self.create_time}:{self.msg_type}:{event}"


def reject_declarations(body: bytes) -> None:
    """Cheap scan so DOCTYPE/ENTITY bodies are refused without touching the parser."""
    if _DECLARATION.search(body):
        raise HostileXml("DTD or entity declaration")


def parse_root(body: bytes | str) -> Element:
    """Parse with defusedxml (DTDs and entities forbidden) and require the <xml> root."""
    raw = body.encode("utf-8") if isinstance(body, str) else body
    reject_declarations(raw)
    try:
        root = fromstring(raw, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise HostileXml(str(exc)) from exc
    except (ParseError, ValueError) as exc:
        raise BadXml(str(exc)) from exc
    if root.tag != "xml":
        raise BadXml(f"wrong root <{root.tag[:20]}>")
    return root


def child_texts(root: Element) -> dict[str, str]:
    """Flat tag → text map of the root's children, control characters removed, length capped."""
    out: dict[str, str] = {}
    for child in root:
        if isinstance(child.tag, str) and child.tag not in out:
            out[child.tag] = CONTROL_CHARS.sub("", (child.text or ""))[:_MAX_FIELD_CHARS].strip()
    return out


def to_inbound(fields: dict[str, str]) -> Inbound:
    """Build the message; the routing fields must be present or it is not a WeChat push."""
    missing = [k for k in ("ToUserName", "FromUserName", "MsgType") if not fields.get(k)]
    if missing:
        raise BadXml("missing " + ",".join(missing))
    return Inbound(
        to_user=fields["ToUserName"],
        from_user=fields["FromUserName"],
        create_time=fields.get("CreateTime", ""),
        msg_type=fields["MsgType"].lower(),
        fields=fields,
    )
