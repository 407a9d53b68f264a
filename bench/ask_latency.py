"""Warm /api/ask latency on this machine, against the floor of one bare query embedding.

Starts the real gateway (uvicorn) on a free loopback port, measures its start-up time and RSS,
then times POST /api/ask over real HTTP for every question of the dev and own sets (several
rounds), and times `model.encode(query)` alone in this process for the same questions.
Targets (issue 2): p50 ≤ 1.5 × the encode floor, p95 ≤ 100 ms.
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

from bench.eval import OWN_DIR
from bench.hit_test import hit_test_headers
from bench.scoring import read_jsonl as _read
from corpus.documents import ROOT


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def questions(eval_dir: Path) -> list[str]:
    sets = [eval_dir / "dev_qa.jsonl", eval_dir / "dev_oos.jsonl", OWN_DIR / "own_qa.jsonl", OWN_DIR / "own_oos.jsonl"]
    return [item["q"] for path in sets if path.exists() for item in _read(path)]


def start_gateway(port: int) -> tuple[subprocess.Popen, float]:
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "api.main:app", "--host", "127.0.0.1", "--port", str(port),
                             "--log-level", "warning"], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    with httpx.Client(timeout=60) as c:
        while True:
            try:
                c.post(f"http://127.0.0.1:{port}/api/ask", json={"question": "预热"}).raise_for_status()
                return proc, time.perf_counter() - t0
            except httpx.TransportError:
                if proc.poll() is not None:
                    raise SystemExit("gateway failed to start")
                time.sleep(0.2)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)
    qs = questions(args.eval_dir)
    port = _free_port()
    proc, startup = start_gateway(port)
    try:
        api_ms = []
        with httpx.Client(timeout=30) as c:
            for q in qs:  # warm-up round
                c.post(f"http://127.0.0.1:{port}/api/ask", json={"question": q}, headers=hit_test_headers())
            for _ in range(args.rounds):
                for q in qs:
                    t = time.perf_counter()
                    c.post(f"http://127.0.0.1:{port}/api/ask", json={"question": q}, headers=hit_test_headers())
                    api_ms.append((time.perf_counter() - t) * 1000)
        rss = _rss_mb(proc.pid)
    finally:
        proc.terminate()
        proc.wait(10)
    floor_ms = encode_floor(qs, args.rounds)
    report = {"questions": len(qs), "requests": len(api_ms), "startup_s": round(startup, 2), "gateway_rss_mb": round(rss),
              "api_p50_ms": round(_pct(api_ms, 0.5), 1), "api_p95_ms": round(_pct(api_ms, 0.95), 1),
              "encode_p50_ms": round(_pct(floor_ms, 0.5), 1), "encode_p95_ms": round(_pct(floor_ms, 0.95), 1)}
    report["p50_ratio_to_floor"] = round(report["api_p50_ms"] / report["encode_p50_ms"], 2)
    print(json.dumps(report, ensure_ascii=False, indent=2))
    (ROOT / "artifacts").mkdir(exist_ok=True)
    (ROOT / "artifacts" / "bench_ask.json").write_text(json.dumps(report, indent=2))


def encode_floor(qs: list[str], rounds: int) -> list[float]:
    """One bare model.encode(query) per question, as the gateway serves it: what no answer can be faster than."""
    from config.settings import get_settings
    from retrieval.embed import get_embedder, serve_queries

    settings = get_settings()
    emb = get_embedder(settings.embedding_model, settings.cache_dir)
    serve_queries()  # the torch threads the gateway's model thread uses (retrieval/embed.py)
    for q in qs[:10]:
        emb.encode_queries([q])
    out = []
    for _ in range(rounds):
        for q in qs:
            t = time.perf_counter()
            emb.encode_queries([q])
            out.append((time.perf_counter() - t) * 1000)
    return out


if __name__ == "__main__":
    main()
