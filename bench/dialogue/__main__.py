"""`python -m bench.dialogue` (make dialogue-eval): simulated residents through the real stack.

    python -m bench.dialogue                      dev half, 100 conversations per flow, per-flow table
    python -m bench.dialogue --sealed             the sealed half (what the gate in tests/dialogue reads)
    python -m bench.dialogue --flow filing --n 20 --wechat 5
    python -m bench.dialogue --url http://127.0.0.1:8000 --tracker-db var/tracker.db   (a running stack;
                                                  no restarts, staff token from STAFF_TOKEN)

Starts the stack on free ports with a temp database and tracker store (tests/e2e/stack.py), plays the
generated conversations a few at a time, prints the table and writes artifacts/dialogue-eval[-sealed].json
with the figures and every failing conversation's transcript.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

from bench.dialogue import scoring
from bench.dialogue.bank import BANK, load_bank
from bench.dialogue.flows import FLOWS
from bench.dialogue.generator import generate
from bench.dialogue.runner import STAFF_TOKEN, ManagedStack, Stack, run_scripts

ROOT = Path(__file__).resolve().parents[2]


def scripts_for(bank_dir: Path, half: str, flows: list[str], n: int, wechat: int, restarts: int) -> tuple[list, list, list[str]]:
    """The web scripts (n per flow, `restarts` of them restart the stack) and the WeChat sample."""
    bank = load_bank(bank_dir)
    web = [s for f in flows for s in generate(bank, f, half, n, "web", restarts)]
    wx = [s for f in flows for s in generate(bank, f, half, wechat, "wechat", 0)]
    return web, wx, bank.half(half).warnings


def report(played: list, wall_s: float, half: str, warnings: list[str], restarts: int) -> dict:
    verdicts = [scoring.judge(p) for p in played]
    web = [v for v in verdicts if v["channel"] == "web"]
    wx = [v for v in verdicts if v["channel"] == "wechat"]
    failing = []
    for p, v in zip(played, verdicts):
        if scoring.failed(v):
            failing.append({**v, "categories": scoring.categories(v), "script": p.script.as_json(),
                            "transcript": p.transcript})
    cats = Counter(c for f in failing for c in f["categories"])
    return {"half": half, "bank_warnings": warnings, "wall_s": round(wall_s, 1), "stack_restarts": restarts,
            "figures": {"web": scoring.by_flow(web), "wechat": scoring.by_flow(wx)},
            "gate_failures": scoring.gate_failures(scoring.by_flow(web)) + [
                f"wechat {g}" for g in scoring.gate_failures(scoring.by_flow(wx))],
            "categories": dict(cats.most_common()), "failing": failing}


def print_report(rep: dict) -> None:
    title = f"dialogue-eval · {rep['half']} half · web chat (/api/chat)"
    print(scoring.table(rep["figures"]["web"], title))
    if rep["figures"]["wechat"]:
        print(scoring.table(rep["figures"]["wechat"], f"dialogue-eval · {rep['half']} half · WeChat (/wechat)"))
    print(f"wall time {rep['wall_s']} s, stack restarts {rep['stack_restarts']}")
    if rep["bank_warnings"]:
        print("bank:", "; ".join(rep["bank_warnings"]))
    print("failure categories:", ", ".join(f"{k} ×{n}" for k, n in rep["categories"].items()) or "none")
    print("gate:", "PASS" if not rep["gate_failures"] else "FAIL — " + "; ".join(rep["gate_failures"]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sealed", action="store_true", help="the sealed half (default: dev)")
    ap.add_argument("--flow", default=",".join(FLOWS), help="comma-separated: " + ", ".join(FLOWS))
    ap.add_argument("--n", type=int, default=100, help="web conversations per flow")
    ap.add_argument("--wechat", type=int, nargs="?", const=10, default=0, help="WeChat conversations per flow")
    ap.add_argument("--restarts", type=int, default=3, help="web conversations per flow that restart the stack")
    ap.add_argument("--concurrency", type=int, default=3)
    ap.add_argument("--bank", type=Path, default=BANK)
    ap.add_argument("--url", help="use this running stack instead of starting one (no restarts)")
    ap.add_argument("--tracker-db", type=Path, help="with --url: its Rasa tracker store (SQLite)")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    half = "sealed" if args.sealed else "dev"
    flows = [f.strip() for f in args.flow.split(",") if f.strip()]
    unknown = set(flows) - set(FLOWS)
    if unknown:
        ap.error(f"unknown flow(s): {', '.join(sorted(unknown))}")
    web, wx, warnings = scripts_for(args.bank, half, flows, args.n, args.wechat, args.restarts)

    def progress(p) -> None:
        print(f"  {p.script.id:28s} {p.sim.outcome or '?':22s} turns={p.sim.turns}", file=sys.stderr, flush=True)

    if args.url:
        if not args.tracker_db:
            ap.error("--url needs --tracker-db")
        stack = Stack(args.url.rstrip("/"), args.tracker_db, staff_token=os.environ.get("STAFF_TOKEN", STAFF_TOKEN),
                      wechat_token=os.environ.get("WECHAT_TOKEN", "dev-wechat-token"))
        played, wall = run_scripts(stack, web + wx, args.concurrency, progress)
    else:
        with tempfile.TemporaryDirectory(prefix="dialogue-eval-") as tmp, ManagedStack(Path(tmp)) as stack:
            played, wall = run_scripts(stack, web + wx, args.concurrency, progress)
    rep = report(played, wall, half, warnings, stack.restarts)
    print_report(rep)
    out = args.out or ROOT / "artifacts" / f"dialogue-eval{'-sealed' if args.sealed else ''}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(rep, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    print(f"written {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
