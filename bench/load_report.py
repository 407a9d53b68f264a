"""Pure arithmetic of the WeChat load benchmark (bench/wechat_load.py, bench/load_profiles.py): percentiles,
matching customer-service sends to the messages that fell back, one profile's summary, capacity per CPU core
and the side-by-side table. No I/O, no clocks: unit-tested in tests/bench/test_load_report.py."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

USER_PREFIX = "bench-user-"
WINDOW_S = 5.0  # WeChat waits this long for a passive reply
KINDS = ("gateway", "rasa", "actions", "postgresql", "redis", "haproxy", "supervisor", "other")


def pct(values: Sequence[float], q: float) -> float | None:
    """The q-quantile (nearest rank, as the WeChat bench always computed it), rounded to ms; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 3)


def fallback_outcomes(sends: Iterable[tuple[str, float]], started: Iterable[tuple[str, float]],
                      prefix: str = USER_PREFIX) -> tuple[list[float], int, int]:
    """Match customer-service sends (openid, time) to fallen-back messages (openid, first try's time) per user,
    in time order: (latencies, lost, duplicates). Users outside `prefix` (the warm-up) are ignored."""
    sends_by_user: dict[str, list[float]] = defaultdict(list)
    for openid, at in sends:
        if openid.startswith(prefix):
            sends_by_user[openid].append(at)
    waits_by_user: dict[str, list[float]] = defaultdict(list)
    for openid, t0 in started:
        waits_by_user[openid].append(t0)
    latencies: list[float] = []
    lost = dups = 0
    for openid in set(sends_by_user) | set(waits_by_user):
        got, starts = sorted(sends_by_user[openid]), sorted(waits_by_user[openid])
        latencies += [s - t for s, t in zip(got, starts)]
        lost += max(0, len(starts) - len(got))
        dups += max(0, len(got) - len(starts))
    return latencies, lost, dups


def reply_summary(passive: Sequence[float], fallback: Sequence[float], sent: int, duration_s: float) -> dict[str, Any]:
    """What the users saw: every reply (passive or customer-service) counted from the message's first try; a
    message with neither (fallback never sent, or no try answered) is lost."""
    replies = [*passive, *fallback]
    return {
        "answered": len(replies), "answered_per_s": round(len(replies) / duration_s, 2) if duration_s else None,
        "reply_p50_s": pct(replies, 0.50), "reply_p95_s": pct(replies, 0.95), "reply_p99_s": pct(replies, 0.99),
        "within_5s_share": round(sum(1 for v in replies if v <= WINDOW_S) / sent, 4) if sent else None,
        "fallback_sent_share": round(len(fallback) / sent, 4) if sent else None,
        "lost": max(0, sent - len(replies)),
    }


def cpu_summary(cpu_s: Mapping[str, float], messages: int, window_s: float, cores: int) -> dict[str, Any]:
    """CPU-seconds per process kind → per message (`messages`: the answered ones, so that an overloaded run's
    unanswered messages do not make a message look cheap), cores kept busy, and the capacity this implies.

    capacity_per_core_msg_s = messages one fully busy core can take = 1 / (profile CPU-s per message);
    busiest kind = the kind with the most CPU-s per message: the one to add a replica (and a core) of first."""
    profile = {k: v for k, v in cpu_s.items() if v > 0}
    total = sum(profile.values())
    per_msg = {k: round(v / messages, 4) for k, v in profile.items()} if messages else {}
    busiest = max(profile, key=profile.__getitem__) if profile else None
    return {
        "cpu_s": {k: round(v, 2) for k, v in profile.items()}, "cpu_s_per_msg": per_msg,
        "cpu_s_per_msg_total": round(total / messages, 4) if messages else None,
        "cores_busy": {k: round(v / window_s, 2) for k, v in profile.items()} if window_s else {},
        "capacity_per_core_msg_s": round(messages / total, 2) if total and messages else None,
        "capacity_machine_msg_s": round(cores * messages / total, 2) if total and messages else None,
        "busiest_kind": busiest, "busiest_share": round(profile[busiest] / total, 3) if busiest else None,
    }


def _fmt(value: Any, unit: str = "") -> str:
    if value is None:
        return "—"
    if unit == "%":
        return f"{100 * value:.1f} %"
    return f"{value}{unit}"


ROWS: tuple[tuple[str, str, str], ...] = (
    ("messages sent", "messages", ""), ("answered / s", "answered_per_s", ""),
    ("reply p50 (s)", "reply_p50_s", ""), ("reply p95 (s)", "reply_p95_s", ""), ("reply p99 (s)", "reply_p99_s", ""),
    ("within WeChat's 5 s", "within_5s_share", "%"), ("via 客服消息 (fallback)", "fallback_sent_share", "%"),
    ("all 3 tries timed out", "timed_out", ""), ("lost", "lost", ""), ("duplicates", "duplicates", ""),
    ("errors", "error_count", ""),
    ("「请稍后再发」 replies", "unavailable", ""), ("rate-limited replies", "rate_limited", ""),
)
TAIL: tuple[tuple[str, str, str], ...] = (
    ("CPU-s / msg, profile total", "cpu_s_per_msg_total", ""), ("capacity, msg/s per core", "capacity_per_core_msg_s", ""),
    ("busiest kind (share)", "busiest", ""), ("machine busy (all jobs)", "machine_busy_share", "%"),
    ("CPU-s of other jobs", "other_cpu_s", ""), ("bench client CPU-s", "client_cpu_s", ""),
)


def table(results: Sequence[Mapping[str, Any]]) -> str:
    """Markdown table, one column per profile run, rows as in ROWS, CPU-s per message by kind, then TAIL."""
    def cell(res: Mapping[str, Any], key: str, unit: str) -> str:
        if key == "busiest":
            return f"{res.get('busiest_kind')} ({_fmt(res.get('busiest_share'), '%')})" if res.get("busiest_kind") else "—"
        return _fmt(res.get(key), unit)

    kinds = [k for k in KINDS if any(k in r.get("cpu_s_per_msg", {}) for r in results)]
    lines = ["| | " + " | ".join(str(r["profile"]) for r in results) + " |", "|---" * (len(results) + 1) + "|"]
    for label, key, unit in ROWS:
        lines.append(f"| {label} | " + " | ".join(cell(r, key, unit) for r in results) + " |")
    for kind in kinds:
        lines.append(f"| CPU-s / msg, {kind} | "
                     + " | ".join(_fmt(r.get("cpu_s_per_msg", {}).get(kind)) for r in results) + " |")
    for label, key, unit in TAIL:
        lines.append(f"| {label} | " + " | ".join(cell(r, key, unit) for r in results) + " |")
    return "\n".join(lines)
