"""Warm /api/chat turn latency (p50/p95) for flow turns and policy-question turns.

Usage: `python -m bench.chat_latency [--base http://127.0.0.1:8000] [--rounds 20] [--start]`.
With --start it launches scripts/run_all.sh on free ports first (needs the trained Rasa model).
Target (issue 3): p95 ≤ 300 ms for a flow turn. Writes artifacts/bench/chat_latency.json.
"""
from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
FLOW = ["我要给我们队备案", "夕阳红舞蹈队", "广场舞", "长宁区", "新华路街道", "番禺居委", "25", "街道范围",
        "王秀英", "13812345678", "番禺小区中心花园", "跳广场舞", "取消"]
QUESTIONS = ["社区活动小组归谁管", "备案以后能申请活动场地吗"]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def timed_turn(client: httpx.Client, base: str, text: str) -> float:
    """One turn; the sender is the client's cookie (the gateway issues it on the first turn)."""
    start = time.perf_counter()
    resp = client.post(f"{base}/api/chat", json={"message": text})
    resp.raise_for_status()
    return (time.perf_counter() - start) * 1000


def measure(base: str, rounds: int) -> dict:
    """Round 0 warms every path up and is not counted."""
    flow, qa = [], []
    for i in range(rounds + 1):
        with httpx.Client(timeout=60) as client:  # a new browser (cookie jar) = a new sender each round
            times = [timed_turn(client, base, text) for text in FLOW]
            asked = [timed_turn(client, base, q) for q in QUESTIONS]
        if i:
            flow += times
            qa += asked
    summary = lambda xs: {"n": len(xs), "p50_ms": round(statistics.median(xs), 1),  # noqa: E731
                          "p95_ms": round(percentile(xs, 0.95), 1), "max_ms": round(max(xs), 1)}
    return {"flow_turn": summary(flow), "policy_question_turn": summary(qa), "rounds": rounds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--start", action="store_true")
    args = parser.parse_args()
    if args.start:
        from tests.e2e.stack import running_stack

        # one client plays every round back to back: lift the per-address limit for the benchmark's own stack
        with running_stack(Path(tempfile.mkdtemp(prefix="bench-chat-")), RATE_LIMIT_CLIENT="100000/minute") as base:
            result = measure(base, args.rounds)
    else:
        result = measure(args.base, args.rounds)
    out = ROOT / "artifacts" / "bench" / "chat_latency.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2))
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
