"""Support-eligibility engine (issue 3 Flow 3): which measures in the documents may apply, and near misses.

The rules are data (knowledge/rules/support.yml) so policy staff can correct them without code; this
module only evaluates them. Conditions are only what a clause states (`clause_says`, checked in the
tests); the user's interests (`relevant_if`) decide only what is worth showing and are never a near miss.
Measures resting on a document no longer in force are shown in their own group, each with its note. Pure Python 3.10 (stdlib + PyYAML; region words and clause labels come from
the corpus package, imported on first use): it runs inside the Rasa action server.
Profile keys: region, org_kind (法人类登记/备案类), grade ("1A".."5A" or None), fields, newly_founded,
needs (资金/场地/人才/项目), hires_key_groups, has_party_org.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

import yaml

RULES_PATH = Path(__file__).resolve().parent.parent / "knowledge" / "rules" / "support.yml"
_NUM = "一二三四五六七八九十"
_SEGMENT = re.compile(rf"第[{_NUM}百]+条|[{_NUM}]+|（[{_NUM}]+）|\d+|附件|通知|序言|施行")
_DOC_ID = re.compile(r"[a-z]+(?:-[a-z0-9]+)+")
EXPIRED_HEAD = "以下依据已失效文件，仅供参考："


def _grade(value: Any) -> int:
    """'3A' → 3, 'AAA' → 3; None / '无' / anything else → 0 (no grade)."""
    text = str(value or "").upper()
    match = re.fullmatch(r"([1-5])A|(A{1,5})", text)
    return 0 if not match else int(match.group(1)) if match.group(1) else len(match.group(2))


def _any(profile_key: str) -> Callable[[Dict[str, Any], Any], bool]:
    return lambda p, wanted: bool(set(p.get(profile_key) or []) & set(wanted))


def _flag(profile_key: str) -> Callable[[Dict[str, Any], Any], bool]:
    return lambda p, wanted: bool(p.get(profile_key)) == bool(wanted)


CHECKS: Dict[str, Callable[[Dict[str, Any], Any], bool]] = {
    "org_kind": lambda p, wanted: p.get("org_kind") in wanted,
    "has_grade": lambda p, wanted: (_grade(p.get("grade")) > 0) == bool(wanted),
    "fields_any": _any("fields"),
    "needs_any": _any("needs"),
    "newly_founded": _flag("newly_founded"),
    "hires_key_groups": _flag("hires_key_groups"),
    "has_party_org": _flag("has_party_org"),
}


@dataclass(frozen=True)
class Measure:
    """One support measure as shown to the user; `missing` is filled for near misses only."""

    id: str
    title: str
    why: str
    clause_ids: Tuple[str, ...]
    missing: Tuple[str, ...] = ()
    expired: bool = False  # rests on a document no longer in force


@dataclass(frozen=True)
class EligibilityResult:
    """What may apply, what nearly applies, and whether the user's region is covered at all."""

    applicable: List[Measure]
    near_misses: List[Measure]
    scopes: List[str]
    out_of_scope: Optional[str] = None  # the message for users outside the documents' regions
    advice: str = ""  # where the documents are silent, and whom the region's documents name to ask


def is_clause_id(clause_id: str) -> bool:
    """Syntax of ARCHITECTURE.md clause ids: <doc_id>/<segment>/…, annex rows as 附件/<项目>."""
    doc_id, _, path = clause_id.partition("/")
    parts = path.split("/") if path else []
    if not _DOC_ID.fullmatch(doc_id) or not parts:
        return False
    if parts[0] == "附件":
        return len(parts) == 2 and bool(re.fullmatch(r"[\u4e00-\u9fff]{2,8}", parts[1]))
    return all(_SEGMENT.fullmatch(p) for p in parts)


def _check_measure(rule: Dict[str, Any], scopes: List[str]) -> None:
    """Fail loudly on a malformed rule: a typo must not silently drop a measure."""
    name = rule.get("id", "?")
    for key in ("id", "scope", "title", "why", "clause_ids"):
        if not rule.get(key):
            raise ValueError(f"support.yml: measure {name} lacks {key}")
    relevant, conditions = rule.get("relevant_if") or {}, rule.get("conditions") or {}
    near, says = rule.get("near_miss") or {}, rule.get("clause_says") or {}
    unknown = (set(relevant) | set(conditions)) - set(CHECKS)
    unknown |= (set(near) - set(conditions)) | (set(conditions) ^ set(says))
    bad_ids = [cid for cid in rule["clause_ids"] if not is_clause_id(cid)]
    if rule["scope"] not in scopes or unknown or bad_ids:
        raise ValueError(f"support.yml: measure {name}: scope/conditions/clause ids invalid "
                         f"({rule['scope']}, {sorted(unknown)}, {bad_ids}); every condition needs clause_says")


def _vocabulary() -> Any:
    """corpus.vocabulary, imported on first use so this module itself stays stdlib + PyYAML."""
    from corpus import vocabulary

    return vocabulary


@lru_cache(maxsize=4)
def load_rules(path: Optional[Path] = None) -> Dict[str, Any]:
    """The rules file, validated once per process; its scopes must be regions of the vocabulary."""
    rules = yaml.safe_load((path or RULES_PATH).read_text(encoding="utf-8"))
    ids = [m.get("id") for m in rules["measures"]]
    if len(ids) != len(set(ids)):
        raise ValueError("support.yml: duplicate measure ids")
    unknown = set(rules["scopes"]) - set(_vocabulary().region_keys())
    if unknown:
        raise ValueError(f"support.yml: scopes {sorted(unknown)} are not regions of knowledge/vocabulary.yml")
    for rule in rules["measures"]:
        _check_measure(rule, rules["scopes"])
    if set(rules.get("advice") or {}) != set(rules["scopes"]):
        raise ValueError("support.yml: advice must give one text per scope")
    return rules


def scopes_for(region: Optional[str], rules: Dict[str, Any]) -> List[str]:
    """Which documents' regions the user's region falls under (上海市长宁区 → 上海, 长宁), in rules order."""
    regions = _vocabulary().regions_of_place(region)
    return [scope for scope in rules["scopes"] if scope in regions]


def _expired(clause_ids: List[str]) -> bool:
    """Whether any clause rests on a document no longer in force."""
    from corpus.clauses import load_clauses
    from corpus.documents import load_documents

    clauses, docs = load_clauses(), load_documents()
    return any(not docs[clauses[cid].doc_id].in_force() for cid in clause_ids if cid in clauses)


def _measure(rule: Dict[str, Any], missing: Tuple[str, ...] = ()) -> Measure:
    return Measure(rule["id"], rule["title"], rule["why"].strip(), tuple(rule["clause_ids"]), missing,
                   _expired(rule["clause_ids"]))


def _holds(checks: Dict[str, Any], profile: Dict[str, Any]) -> List[str]:
    """The keys of the checks that fail for the profile."""
    return [key for key, wanted in checks.items() if not CHECKS[key](profile, wanted)]


def evaluate(profile: Dict[str, Any], rules: Optional[Dict[str, Any]] = None) -> EligibilityResult:
    """Measures relevant to the user whose conditions all hold, and near misses failing only conditions
    the text sets and the rule marks attainable."""
    rules = rules or load_rules()
    scopes = scopes_for(profile.get("region"), rules)
    if not scopes:
        return EligibilityResult([], [], [], rules["out_of_scope"].strip())
    applicable, near = [], []
    for rule in (r for r in rules["measures"] if r["scope"] in scopes):
        if _holds(rule.get("relevant_if") or {}, profile):
            continue
        failed, attainable = _holds(rule.get("conditions") or {}, profile), rule.get("near_miss") or {}
        if not failed:
            applicable.append(_measure(rule))
        elif all(key in attainable for key in failed):
            near.append(_measure(rule, tuple(attainable[key] for key in failed)))
    return EligibilityResult(applicable, near, scopes, advice=rules["advice"][scopes[-1]].strip())


def clause_label(clause_id: str) -> Tuple[str, str, Optional[str]]:
    """(《简称》, 第七条, expiry note) from the corpus; the raw id parts for a clause it does not have."""
    from corpus.citations import validity_note
    from corpus.clauses import load_clauses
    from corpus.documents import load_documents

    try:
        clause = load_clauses()[clause_id]
        doc = load_documents()[clause.doc_id]
    except KeyError:
        doc_id, _, path = clause_id.partition("/")
        return doc_id + " ", path, None
    return f"《{doc.short_title}》", clause.label, validity_note(doc)


def basis(clause_ids: Tuple[str, ...]) -> str:
    """《A》第七条、第八条；《B》四、（一）3. — clauses grouped by document."""
    grouped: Dict[str, List[str]] = {}
    for cid in clause_ids:
        doc, label, _note = clause_label(cid)
        grouped.setdefault(doc, []).append(label)
    return "；".join(doc + "、".join(labels) for doc, labels in grouped.items())


def expiry_notes(item: Measure) -> str:
    """The expiry note of each document behind the measure that states an end date."""
    from corpus.clauses import load_clauses
    from corpus.documents import load_documents
    from corpus.grounding import expiry_note

    clauses, docs = load_clauses(), load_documents()
    notes = dict.fromkeys(expiry_note(docs[clauses[c].doc_id]) for c in item.clause_ids if c in clauses)
    return "".join(n for n in notes if n)


def why_text(item: Measure) -> str:
    """The measure's `why` with the expiry note of each document behind it that states an end date."""
    return item.why + expiry_notes(item)


def _render_items(title: str, items: List[Measure], brief: bool = False) -> List[str]:
    """Numbered measures; ``brief`` (expired ones, for reference only) keeps the title, basis and note on
    one line under the documents' expiry notes and leaves the clause's words to its citation card, so the
    result fits a phone screen."""
    lines = [title] + ([notes] if brief and (notes := "".join(dict.fromkeys(map(expiry_notes, items)))) else [])
    for n, item in enumerate(items, 1):
        if brief:
            lines.append(f"{n}. {item.title}（依据：{basis(item.clause_ids)}）")
            continue
        lines.append(f"{n}. {item.title}")
        if item.missing:
            lines.append("   还差：" + "；".join(item.missing))
        lines.append(f"   依据：{basis(item.clause_ids)}。{why_text(item)}")
    return lines


def render_text(result: EligibilityResult) -> str:
    """Chinese summary: measures in force that may apply, near misses with what the text says is missing,
    then measures resting on expired documents in their own group, then where the documents are silent."""
    if result.out_of_scope:
        return result.out_of_scope
    current = [m for m in result.applicable if not m.expired]
    near = [m for m in result.near_misses if not m.expired]
    expired = [m for m in result.applicable + result.near_misses if m.expired]
    lines: List[str] = []
    if current:
        lines += _render_items("根据您的情况，文件中可能适用的扶持措施：", current)
    else:
        lines.append("根据您的回答，现行文件中没有找到明确适用于您的扶持措施。")
    if near:
        lines += _render_items("还差一些条件的措施：", near)
    if expired:
        lines += _render_items(EXPIRED_HEAD, expired, brief=True)
    return "\n".join(lines + [result.advice])
