"""Verdicts on played conversations and the per-flow metrics of issue 11 (pure: no I/O).

A conversation succeeds when the user's goal was reached: the record stored once (filing,
deregistration) or the self-check result shown (eligibility), or — in a cancel script — the flow left
with nothing stored. Field accuracy compares the stored record (the tracker's slots when the eligibility
result ran) with what the user meant, after corrections, field by field. Side effects nobody asked for:
handoff records, a record after a cancel, duplicates, records of another kind, an invalid reply or a
side question stored in a field.
"""
from __future__ import annotations

import re
import statistics
from typing import Any

from bench.dialogue.flows import FLOWS, Meant, canonical, norm
from corpus import vocabulary as V

# stored field → the slot whose meaning it must hold
RECORD_FIELDS = {
    "filing": {"team_name": "team_name", "category": "category", "district": "district", "street": "street",
               "community": "community", "member_count": "member_count", "leader_name": "leader_name",
               "leader_phone": "leader_phone", "activity_place": "activity_place", "activities": "activities",
               "tier": "activity_scope"},
    "deregistration": {"org_kind": "dereg_org_type", "org_name": "dereg_org_name", "region": "dereg_region",
                       "reason": "dereg_reason", "contact": "dereg_contact"},
    "eligibility": {s: s for s in ("region", "org_kind", "grade", "service_fields", "newly_founded",
                                   "support_needs", "hires_key_groups", "has_party_org")},
}
TIER_WORDS = {"本居委": ("活动小组",), "街道范围": ("群众活动团队",), "跨街道": ("登记",)}
ORG_TYPE_WORDS = {"registered": "登记", "team": "团队", "group": "小组"}
REASON_WORDS = {"dissolved": "解散", "merged": "合并", "inactive": "不活动", "other": "其他"}
_COMMUNITY_SUFFIX = re.compile(r"(居民委员会|居委会|居委|村民委员会|村委会|社区|村)$")
NO_GRADE = ("none", "无", "没有")
HONORIFICS = ("老师", "阿姨", "先生", "女士", "师傅", "大姐", "大哥", "叔叔", "书记")


_STREET_SUFFIX = re.compile(r"(街道|镇|乡)$")


def _stem(place: Any) -> str:
    """长宁区 → 长宁, 什刹海街道 → 什刹海 (2+ characters, else empty)."""
    stem = V.short_name(_STREET_SUFFIX.sub("", norm(place)))
    return stem if len(stem) >= 2 else ""


def field_ok(name: str, stored: Any, meant: Meant) -> bool:
    """Whether a stored value holds what the user meant (spelling differences that mean the same pass)."""
    want = meant.value
    if stored is None or stored == "":
        return want in (None, "none", []) and name in ("grade",)
    if name == "leader_name" and norm(stored).endswith(HONORIFICS):  # 钱宝根老师 names 钱宝根
        return any(norm(stored) == norm(v) + h for v in [want, *meant.aliases] for h in HONORIFICS) or \
            norm(stored) in {norm(v) for v in meant.aliases}
    if name in ("district", "street") and _stem(stored) == norm(stored) == _stem(want):
        return True  # 什刹海 for 什刹海街道, 西湖 for 西湖区: the bot cannot know a suffix its gazetteer lacks
    if name in ("team_name", "org_name", "leader_name", "category", "district", "street", "org_kind_elig"):
        return norm(stored).strip("「」“”\"'") in {norm(v) for v in [want, *meant.aliases]}
    if name == "community":
        return _COMMUNITY_SUFFIX.sub("", norm(stored)) == _COMMUNITY_SUFFIX.sub("", norm(want))
    if name == "member_count":
        if meant.approx:
            return abs(int(stored) - int(want)) <= max(2, round(0.2 * int(want)))
        return int(stored) == int(want)
    if name in ("leader_phone", "contact"):
        return re.sub(r"\D", "", str(stored)) == str(want)
    if name in ("activity_place", "activities"):  # the bank's value is a key phrase the text must hold
        return norm(want) in norm(stored)
    if name == "tier":
        return any(word in str(stored) for word in TIER_WORDS.get(want, ())) and \
            not (want != "跨街道" and str(stored).startswith("可考虑登记"))
    if name == "org_kind" and want in ORG_TYPE_WORDS:
        hits = [k for k, w in ORG_TYPE_WORDS.items() if w in str(stored) and not (k == "registered" and "团队" in str(stored))]
        return hits == [want]
    if name == "reason":
        return REASON_WORDS.get(want, str(want)) in str(stored)
    if name == "region" and str(want).startswith("other:"):  # a place the documents do not cover
        return V.short_name(str(want)[len("other:"):]) in str(stored)
    if name == "region":
        s, w = norm(stored), norm(want)
        if _STREET_SUFFIX.sub("", s) == _STREET_SUFFIX.sub("", w) and len(s) >= len(w) - 2:
            return True
        return s == w or (s.endswith(w) and len(s) - len(w) <= 4 and any(c in s[: len(s) - len(w)] for c in ("市", "上海", "北京", "温州")))
    if name == "grade":
        return (str(stored) in NO_GRADE) if want == "none" else canonical("grade", stored) == want
    if name in ("service_fields", "support_needs"):
        return sorted(set(stored or [])) == sorted(set(want or []))
    if name in ("newly_founded", "hires_key_groups", "has_party_org"):
        return bool(stored) is bool(want)
    return norm(stored) == norm(want)


SLOT_FIELD = {"dereg_org_name": "org_name", "dereg_region": "region", "dereg_contact": "contact",
              "dereg_reason": "reason", "dereg_org_type": "org_kind"}


def slot_value_ok(slot: str, value: Any, meant: Meant) -> bool:
    """Whether a slot value in the tracker (the bot's own form: keys, labels) means what the user meant."""
    try:
        if canonical(slot, value) == meant.value:
            return True
    except (TypeError, ValueError):
        return False
    if slot in ("activity_scope", "filing_confirmed", "dereg_confirmed"):
        return False
    key = "org_kind_elig" if slot == "org_kind" else SLOT_FIELD.get(slot, slot)
    try:
        return field_ok(key, value, meant)
    except (TypeError, ValueError):
        return False


def _stored(played: Any) -> list[dict]:
    flow = FLOWS[played.script.flow]
    if flow.record:
        return list(played.records.get(flow.record) or [])
    return [r["slots"] for r in played.results if r["action"] == "action_eligibility_result"]


def _garbage(record: dict, played: Any, meant: set[str]) -> list[str]:
    """Fields holding text the user typed that was no value for them: a side question anywhere, an
    invalid reply in its slot's field, a correction's whole sentence (≥ 4 characters compared). A field
    holding the value the user meant (``meant``) is none, even when a side question also wrote it
    (文体活动类 stored, and asked 「文体活动类跟社区事务类到底怎么分？」 at another step)."""
    fields = RECORD_FIELDS[played.script.flow]
    bad = []
    for name, slot in fields.items():
        if name in meant:
            continue
        value = norm(record.get(name)) if isinstance(record.get(name), str) and name != "tier" else ""
        if len(value) < 2:
            continue
        for inj in played.script.injections:
            typed = norm(inj.text)
            if len(typed) < 4 or inj.kind not in ("side", "invalid", "correction"):
                continue
            whole = typed[:30] in value
            part = len(value) >= 4 and value in typed
            if (inj.kind == "side" and (whole or part)) or (inj.kind == "invalid" and inj.slot == slot and
                                                             (whole or part)) or (inj.kind == "correction" and whole):
                bad.append(name)
                break
    return bad


def judge(played: Any) -> dict[str, Any]:
    """The verdict on one conversation (JSON-ready)."""
    script, sim = played.script, played.sim
    flow = script.flow
    stored = _stored(played)
    effects: list[str] = []
    handoffs = played.records.get("handoffs") or []
    if handoffs:
        effects.append(f"handoff:{len(handoffs)}")
    for path, items in played.records.items():
        if path not in ("handoffs", FLOWS[flow].record) and items:
            effects.append(f"other_record:{path}")
    cancel = bool(sim.sent["cancel"])  # a cancel script whose flow ended before the cancel is an ordinary one
    fields: dict[str, dict] = {}
    if cancel:
        success = sim.outcome == "cancelled" and not stored
        if stored:
            effects.append("stored_after_cancel")
    else:
        success = sim.outcome == "completed" and len(stored) >= 1
        if len(stored) > 1:
            effects.append(f"duplicate:{len(stored)}")
        if sim.outcome == "completed" and not stored:
            sim.outcome = "completed_without_record"
    if stored and not cancel:
        record = stored[-1]
        compared = RECORD_FIELDS[flow]
        if flow == "eligibility" and str(sim.meant["region"].value).startswith("other:"):
            compared = {"region": "region"}  # no document covers the place: nothing else can be asked
        for name, slot in compared.items():
            key = "org_kind_elig" if flow == "eligibility" and name == "org_kind" else name
            value = record.get(name)
            fields[name] = {"stored": value, "meant": sim.meant[slot].value,
                            "ok": field_ok(key, value, sim.meant[slot])}
        effects += [f"garbage:{name}" for name in _garbage(record, played, {n for n, f in fields.items() if f["ok"]})]
    sides = [e for e in sim.events if e["kind"] == "side"]
    return {
        "id": script.id, "flow": flow, "half": script.half, "channel": script.channel, "success": success,
        "outcome": sim.outcome, "turns": sim.turns, "loops": sim.loops(), "fields": fields,
        "side_effects": effects, "side_questions": sides,
        "invalid": [e for e in sim.events if e["kind"] == "invalid"],
        "corrections": [e for e in sim.events if e["kind"] in ("correction", "fix_prefill")],
        "opening": next((e for e in sim.events if e["kind"] == "opening"), None),
        "prompt_mismatches": sim.mismatches[:5], "prefill_reasked": sim.prefill_reasked,
        "restart": script.has("restart"), "cancel": cancel, "error": played.error,
        "latencies_ms": [round(s * 1000) for s in played.latencies],
    }


def failed(verdict: dict) -> bool:
    """Anything the gate would count against the bot."""
    return (not verdict["success"] or verdict["side_effects"] or verdict["loops"]
            or any(not f["ok"] for f in verdict["fields"].values())
            or any(not handled(q) for q in verdict["side_questions"]))


def categories(verdict: dict) -> list[str]:
    """Failure categories of one conversation (empty when it passed)."""
    out = []
    if not verdict["success"]:
        out.append(f"outcome:{verdict['outcome']}")
    out += [f"field:{name}" for name, f in verdict["fields"].items() if not f["ok"]]
    out += [f"effect:{e.split(':')[0]}" for e in verdict["side_effects"]]
    out += [f"side_question_unhandled@{q['slot']}" for q in verdict["side_questions"] if not handled(q)]
    out += ["loop"] if verdict["loops"] else []
    return out


def handled(question: dict) -> bool:
    """What the gate requires of every side question (issue 11: 「answered with citations and the pending
    question asked again」): the reply cites clauses (an answer, or 「文件里没有找到…」 with the nearest
    clauses), or refuses plainly, naming whom to ask; the form goes on; nothing typed is stored. Whether
    the documents answer it confidently is the retriever's quality (issue 10), reported as `side_answered`."""
    return bool(question["cited"] or question.get("refused")) and question["not_stored"] and question["form_kept"]


def answered(question: dict) -> bool:
    """An answerable side question answered with a citation: a citation shown and not the plain
    refusal (「文件里没有找到…」 followed by possibly related clauses is no answer)."""
    return bool(question["cited"]) and not question.get("refused")


def _rate(num: int, den: int) -> float | None:
    return num / den if den else None


def metrics(verdicts: list[dict]) -> dict[str, Any]:
    """Per-flow figures of one set of conversations."""
    done = [v for v in verdicts if v["success"] and not v["cancel"]]
    compared = [f["ok"] for v in done for f in v["fields"].values()]
    sides = [q for v in verdicts for q in v["side_questions"]]
    asked = [q for q in sides if q["answerable"] is True]
    latencies = sorted(ms for v in verdicts for ms in v["latencies_ms"])
    openings = [v["opening"] for v in verdicts if v.get("opening") and v["opening"]["asks_question"]]
    return {
        "n": len(verdicts),
        "completion": _rate(sum(v["success"] for v in verdicts), len(verdicts)),
        "field_accuracy": _rate(sum(compared), len(compared)),
        "turns_per_completion": statistics.mean(v["turns"] for v in done) if done else None,
        "loops": sum(1 for v in verdicts if v["loops"]),
        "side_effects": sum(1 for v in verdicts if v["side_effects"]),
        "side_questions": len(sides),
        "side_handled": _rate(sum(handled(q) for q in sides), len(sides)),
        "side_answerable": len(asked),
        "side_answered": _rate(sum(answered(q) for q in asked), len(asked)),
        "side_with_card": _rate(sum(q["cited"] for q in asked), len(asked)),
        "restarts_ok": f"{sum(v['success'] for v in verdicts if v['restart'])}/{sum(v['restart'] for v in verdicts)}",
        "cancels_ok": f"{sum(v['success'] for v in verdicts if v['cancel'])}/{sum(v['cancel'] for v in verdicts)}",
        "opening_questions_answered": _rate(sum(bool(o["cited"]) for o in openings), len(openings)),
        "prefill_reasked": sum(1 for v in verdicts if v["prefill_reasked"]),
        "invalid_stored": sum(1 for v in verdicts for e in v["invalid"] if not e["not_stored"]),
        "side_question_stored": sum(1 for v in verdicts for q in v["side_questions"] if not q["not_stored"]),
        "turn_ms_p50": latencies[len(latencies) // 2] if latencies else None,
        "turn_ms_p95": latencies[int(len(latencies) * 0.95)] if latencies else None,
    }


def by_flow(verdicts: list[dict]) -> dict[str, dict[str, Any]]:
    flows = sorted({v["flow"] for v in verdicts}, key=list(FLOWS).index)
    return {flow: metrics([v for v in verdicts if v["flow"] == flow]) for flow in flows}


def _pct(x: float | None) -> str:
    return "   –  " if x is None else f"{x * 100:5.1f}%"


def table(figures: dict[str, dict[str, Any]], title: str) -> str:
    """The per-flow table printed by `make dialogue-eval`."""
    lines = [title, f"{'flow':15s} {'n':>4s} {'complete':>8s} {'fields':>7s} {'turns':>6s} {'loops':>5s} "
                    f"{'effects':>7s} {'sideQ ok':>11s} {'confident':>11s} {'restart':>7s} {'cancel':>6s} {'p50/p95 ms':>11s}"]
    for flow, m in figures.items():
        turns = "–" if m["turns_per_completion"] is None else f"{m['turns_per_completion']:.1f}"
        lines.append(f"{flow:15s} {m['n']:4d} {_pct(m['completion']):>8s} {_pct(m['field_accuracy']):>7s} "
                     f"{turns:>6s} {m['loops']:5d} {m['side_effects']:7d} "
                     f"{_pct(m['side_handled']):>6s} ({m['side_questions']:2d}) "
                     f"{_pct(m['side_answered']):>6s} ({m['side_answerable']:2d}) {m['restarts_ok']:>7s} "
                     f"{m['cancels_ok']:>6s} {m['turn_ms_p50'] or 0:5d}/{m['turn_ms_p95'] or 0:<5d}")
    return "\n".join(lines)


GATE = {"completion": 0.95, "field_accuracy": 0.98, "side_handled": 1.0, "side_effects": 0}


def gate_failures(figures: dict[str, dict[str, Any]]) -> list[str]:
    """Every per-flow threshold of issue 11 that does not hold (empty: the gate passes)."""
    out = []
    for flow, m in figures.items():
        for key in ("completion", "field_accuracy", "side_handled"):
            if m[key] is not None and m[key] < GATE[key]:
                out.append(f"{flow}: {key} {m[key]:.3f} < {GATE[key]}")
        if m["side_effects"] > GATE["side_effects"]:
            out.append(f"{flow}: {m['side_effects']} conversations with unwanted side effects")
    return out
