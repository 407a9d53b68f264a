"""Scores the development question sets: the project and three baselines, in one run.

Measures (see ../shared/eval/README.md): Recall@1, Recall@5, MRR from the ranked citations of
POST /api/ask, in-scope answered rate and out-of-scope refusal rate. Baselines: BM25 only, dense
only, and fixed 250-character chunks with 50 overlap + dense (the usual RAG default).
"""
from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import numpy as np

from corpus.documents import ROOT



def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def anchors(item: dict) -> list[str]:
    out = [_squash(item["anchor"])]
    out += [_squash(a.split(":", 1)[1]) for a in item.get("alt_anchors", [])]
    return out


def hit_rank(texts: list[str], item: dict) -> int | None:
    """1-based rank of the first cited text containing an anchor."""
    keys = anchors(item)
    for rank, text in enumerate(texts, 1):
        if any(k in _squash(text) for k in keys):
            return rank
    return None


def score(runs_in: list[tuple[list[str], bool]], items: list[dict], runs_oos: list[bool]) -> dict:
    ranks = [hit_rank(texts, item) for (texts, _), item in zip(runs_in, items)]
    return {
        "R@1": np.mean([r == 1 for r in ranks]), "R@5": np.mean([r is not None and r <= 5 for r in ranks]),
        "MRR": np.mean([1 / r if r else 0 for r in ranks]),
        "answered": np.mean([c for _, c in runs_in]), "refused_oos": np.mean([not c for c in runs_oos]),
        "misses": [i["id"] for i, r in zip(items, ranks) if r != 1],
    }


def _read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_sets(eval_dir: Path) -> tuple[list[dict], list[dict]]:
    return _read(eval_dir / "dev_qa.jsonl"), _read(eval_dir / "dev_oos.jsonl")


OWN_DIR = Path(__file__).resolve().parent / "questions"


def run_project(client, items: list[dict], oos: list[dict]) -> dict:
    """Through the real HTTP API, as a user would."""
    faq_hits = []

    def ask(q: str) -> tuple[list[str], bool]:
        body = client.post("/api/ask", json={"question": q, "top_k": 5}, headers={"X-Staff-Hit-Test": "1"}).json()
        faq_hits.append(body["source"] == "faq")
        # The full clause text is what the citation points to; the quote is trimmed for display.
        return [full_text(c["clause_id"]) for c in body["citations"]], body["confident"]

    result = score([ask(i["q"]) for i in items], items, [ask(o["q"])[1] for o in oos])
    result["faq_share"] = float(np.mean(faq_hits))
    return result


def full_text(clause_id: str) -> str:
    from config.settings import get_settings
    from corpus.clauses import load_clauses

    return load_clauses(get_settings().knowledge_dir)[clause_id].text


def run_mode(assistant, mode: str, items: list[dict], oos: list[dict], use_faq: bool = False) -> dict:
    def ask(q: str) -> tuple[list[str], bool]:
        a = assistant.ask(q, None, 5, mode=mode, use_faq=use_faq)
        return [h.clause.text for h in a.hits], a.confident

    return score([ask(i["q"]) for i in items], items, [ask(o["q"])[1] for o in oos])


def run_chunks(assistant, items: list[dict], oos: list[dict], size: int = 250, overlap: int = 50) -> dict:
    """Fixed-size chunks over each whole document, dense only, refusal by a cosine threshold."""
    chunks = []
    for doc in assistant.docs.values():
        text = doc.text()
        chunks += [text[i:i + size] for i in range(0, max(len(text) - overlap, 1), size - overlap)]
    vecs = assistant.embedder.encode_passages(chunks)
    threshold = 0.82

    def ask(q: str) -> tuple[list[str], bool]:
        sims = vecs @ assistant.embedder.encode_queries([q])[0]
        top = np.argsort(-sims)[:5]
        return [chunks[i] for i in top], bool(sims[top[0]] >= threshold)

    return score([ask(i["q"]) for i in items], items, [ask(o["q"])[1] for o in oos])


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="score the dev sets (project + baselines)")
    ap.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    ap.add_argument("--out", type=Path, default=ROOT / "artifacts" / "eval.json")
    args = ap.parse_args(argv)
    from fastapi.testclient import TestClient

    from api.main import app
    from api.services.assistant import get_assistant

    sets = {"dev (../shared/eval)": load_sets(args.eval_dir),
            "own (bench/questions)": (_read(OWN_DIR / "own_qa.jsonl"), _read(OWN_DIR / "own_oos.jsonl"))}
    report = {}
    with TestClient(app) as client:
        for set_name, (items, oos) in sets.items():
            r = get_assistant()
            results = {"project (hybrid + refusal, /api/ask)": run_project(client, items, oos),
                       "project, clause path only (no FAQ)": run_mode(r, "hybrid", items, oos),
                       "baseline: BM25 only": run_mode(r, "bm25", items, oos),
                       "baseline: dense only": run_mode(r, "dense", items, oos),
                       "baseline: 250-char chunks/50 overlap + dense": run_chunks(r, items, oos)}
            _print(set_name, results, len(items), len(oos))
            report[set_name] = {k: {kk: (float(vv) if kk != "misses" else vv) for kk, vv in v.items()}
                                for k, v in results.items()}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2))


def _print(set_name: str, results: dict, n_in: int, n_oos: int) -> None:
    print(f"\n== {set_name}: in-scope n={n_in}, out-of-scope n={n_oos}")
    print(f"{'system':48s} {'R@1':>6s} {'R@5':>6s} {'MRR':>6s} {'answered':>9s} {'refused':>8s}")
    for name, m in results.items():
        print(f"{name:48s} {m['R@1']:6.3f} {m['R@5']:6.3f} {m['MRR']:6.3f} {m['answered']:9.3f} {m['refused_oos']:8.3f}")
    print(f"share of /api/ask answers from the 百问百答 compendium: {results['project (hybrid + refusal, /api/ask)']['faq_share']:.2f}")
    print(f"project misses at rank 1: {', '.join(results['project (hybrid + refusal, /api/ask)']['misses']) or 'none'}")


if __name__ == "__main__":
    main()
