"""Scores the question sets: the project and the baselines side by side, in one run (`make eval`).

Sets: ../shared/eval (public dev), bench/questions/own_* (the team's own), and the labelled bank
(bench/questions/bank/, bench/bank.py) split into train / dev / sealed — the sealed part only with
--sealed, which `make eval` passes and tuning never does. Systems: the project through POST /api/ask,
its clause path alone, BM25 only, dense only, and three chunk baselines (250-character chunks with 50
overlap: e5 dense, jieba + BM25, and their RRF). Also follow-up accuracy on two-turn conversations
and, for the answerability model, a reliability table and the precision/recall trade-off. Last, the
regression cases staff wrote: every staff-written 百问百答 entry's phrasings, re-asked (bench/faq_eval.py).
"""
from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

import numpy as np

from bench import bank
from bench.faq_eval import print_regressions, staff_regressions
from bench.followups import run_followups
from bench.hit_test import hit_test_headers
from bench.scoring import Run, pr_curve, read_jsonl, reliability, score
from corpus.documents import ROOT

OWN_DIR = Path(__file__).resolve().parent / "questions"
PROJECT = "project (/api/ask)"


def load_sets(eval_dir: Path, sealed: bool) -> dict[str, tuple[list[dict], list[dict]]]:
    """(answerable, unanswerable) per set name."""
    sets = {"dev (../shared/eval)": (read_jsonl(eval_dir / "dev_qa.jsonl"), read_jsonl(eval_dir / "dev_oos.jsonl")),
            "own (bench/questions)": (read_jsonl(OWN_DIR / "own_qa.jsonl"), read_jsonl(OWN_DIR / "own_oos.jsonl"))}
    for part in bank.PARTS if sealed else bank.PARTS[:2]:
        sets[f"bank {part}"] = (bank.answerable(part), bank.unanswerable(part))
    return sets


def run_project(client, questions: list[str]) -> list[Run]:  # noqa: ANN001
    """Through the real HTTP API, as a user would (the staff header keeps the question log clean)."""
    runs = []
    for q in questions:
        body = client.post("/api/ask", json={"question": q, "top_k": 5}, headers=hit_test_headers()).json()
        cites = body["citations"]
        runs.append(Run([c["clause_id"] for c in cites], [c["full_text"] for c in cites], body["confident"],
                        body.get("answerability")))
    return runs


def run_mode(assistant, mode: str, questions: list[str], use_faq: bool = False) -> list[Run]:  # noqa: ANN001
    """The clause path alone, or one of its signals alone."""
    out = []
    for q in questions:
        a = assistant.ask(q, None, 5, mode=mode, use_faq=use_faq)
        out.append(Run([h.clause.id for h in a.hits], [h.clause.text for h in a.hits], a.confident))
    return out


class Chunks:
    """Fixed-size chunks over each whole document: the usual RAG default, as baselines."""

    def __init__(self, assistant, size: int = 250, overlap: int = 50) -> None:  # noqa: ANN001
        import bm25s

        from retrieval.tokenize import words

        self.embedder, self.words = assistant.embedder, words
        self.texts = []
        for doc in assistant.docs.values():
            text = doc.text()
            self.texts += [text[i:i + size] for i in range(0, max(len(text) - overlap, 1), size - overlap)]
        self.vecs = self.embedder.encode_passages(self.texts)
        self.bm25 = bm25s.BM25()
        self.bm25.index([words(t) for t in self.texts], show_progress=False)
        self.vocab = set(self.bm25.vocab_dict)

    def run(self, kind: str, questions: list[str], threshold: float = 0.82) -> list[Run]:
        """kind: dense (refuses under a cosine threshold), bm25 or rrf (these never refuse)."""
        from retrieval.fusion import rrf

        out = []
        for q in questions:
            dense = self.vecs @ self.embedder.encode_queries([q])[0]
            tokens = [t for t in self.words(q) if t in self.vocab]
            sparse = np.asarray(self.bm25.get_scores(tokens)) if tokens else np.zeros(len(self.texts))
            fused = {"dense": dense, "bm25": sparse, "rrf": rrf([(sparse, 1.0), (dense, 1.0)], 60)}[kind]
            top = np.argsort(-fused, kind="stable")[:5]
            out.append(Run([""] * len(top), [self.texts[i] for i in top],
                           bool(dense[top[0]] >= threshold) if kind == "dense" else True))
        return out


def evaluate_set(client, assistant, chunks: Chunks, items: list[dict], oos: list[dict],  # noqa: ANN001
                 clause_texts: dict[str, str]) -> tuple[dict, list[Run], list[Run]]:
    """Every system on one set; also returns the project's runs for the calibration tables."""
    qs_in, qs_out = [i["q"] for i in items], [o["q"] for o in oos]
    project_in, project_out = run_project(client, qs_in), run_project(client, qs_out)
    results = {PROJECT: score(project_in, items, project_out, clause_texts)}
    results.update(_by_batch(items, oos, project_in, project_out, clause_texts))
    for name, mode in (("clause path only (no FAQ)", "hybrid"), ("baseline: BM25 only (clauses)", "bm25"),
                       ("baseline: dense only (clauses)", "dense")):
        results[name] = score(run_mode(assistant, mode, qs_in), items, run_mode(assistant, mode, qs_out), clause_texts)
    for name, kind in (("baseline: 250-char chunks + e5 dense", "dense"),
                       ("baseline: 250-char chunks + jieba BM25", "bm25"),
                       ("baseline: 250-char chunks, RRF(BM25, e5)", "rrf")):
        r = score(chunks.run(kind, qs_in), items, chunks.run(kind, qs_out), clause_texts)
        if kind != "dense":
            r["answered"] = r["refused_oos"] = math.nan  # these baselines have no refusal at all
        results[name] = r
    return results, project_in, project_out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="score the question sets (project + baselines)")
    ap.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    ap.add_argument("--out", type=Path, default=ROOT / "artifacts" / "eval.json")
    ap.add_argument("--sealed", action="store_true", help="also score the sealed part of the bank (the gate)")
    args = ap.parse_args(argv)
    from fastapi.testclient import TestClient

    from api.main import app
    from api.services.assistant import get_assistant
    from config.settings import get_settings
    from corpus.clauses import load_clauses

    clause_texts = {cid: c.text for cid, c in load_clauses(get_settings().knowledge_dir).items()}
    report: dict = {}
    with TestClient(app) as client:
        assistant = get_assistant()
        chunks = Chunks(assistant)
        for set_name, (items, oos) in load_sets(args.eval_dir, args.sealed).items():
            results, p_in, p_out = evaluate_set(client, assistant, chunks, items, oos, clause_texts)
            _print(set_name, results)
            report[set_name] = {"systems": results, "calibration": _calibration(p_in, p_out)}
        report["follow-ups"] = {part: run_followups(client, bank.followups(part))
                                for part in (bank.PARTS if args.sealed else bank.PARTS[:2])}
        report["staff entries"] = staff_regressions(client)
    _print_followups(report["follow-ups"])
    print_regressions(report["staff entries"])
    _print_calibration(report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2, default=float), encoding="utf-8")


def _calibration(p_in: list[Run], p_out: list[Run]) -> dict:
    p = [r.p_answer for r in p_in + p_out]
    if any(v is None for v in p):
        return {}
    y = [True] * len(p_in) + [False] * len(p_out)
    return {"reliability": reliability(p, y), "pr_curve": pr_curve(p, y)}


def _fmt(v: float) -> str:
    return "     —" if isinstance(v, float) and math.isnan(v) else f"{v:6.3f}"


# written by helpers that read only the clause texts (bench/questions/README.md); the newest batch first
CODE_BLIND = tuple(f"q{n}" for n in range(17, 5, -1))


def _batch_of(row: dict) -> str | None:
    batch = f"q{bank.batch_of(str(row.get('id', '')))}"
    return batch if batch in CODE_BLIND else None


def _by_batch(items: list[dict], oos: list[dict], runs_in: list[Run], runs_out: list[Run],
              clause_texts: dict[str, str]) -> dict:
    """The project's figures on each code-blind batch and on the rest apart, when a set holds more than one:
    the newest batch is the nearest the bank comes to questions nobody tuned on."""
    out = {}
    for batch in (*CODE_BLIND, None):
        label = f"  of which {f'code-blind batch {batch}' if batch else 'older items'}"
        pick_in = [i for i, item in enumerate(items) if _batch_of(item) == batch]
        pick_out = [i for i, item in enumerate(oos) if _batch_of(item) == batch]
        if 0 < len(pick_in) < len(items):
            out[label] = score([runs_in[i] for i in pick_in], [items[i] for i in pick_in],
                               [runs_out[i] for i in pick_out], clause_texts)
            out[label]["misses"] = []
    return out


def _print(set_name: str, results: dict) -> None:
    first = next(iter(results.values()))
    print(f"\n== {set_name}: answerable n={first['n']}, unanswerable n={first['n_out']}")
    print(f"{'system':44s} {'R@1':>6s} {'R@5':>6s} {'MRR':>6s} {'answered':>9s} {'refused':>8s}")
    for name, m in results.items():
        print(f"{name:44s} {_fmt(m['R@1'])} {_fmt(m['R@5'])} {_fmt(m['MRR'])}    {_fmt(m['answered'])}  {_fmt(m['refused_oos'])}")
    misses = results[PROJECT]["misses"]
    print(f"project misses at rank 1 ({len(misses)}): {', '.join(misses[:25])}{' …' if len(misses) > 25 else ''}")


def _print_followups(followups: dict) -> None:
    print("\n== follow-ups (two-turn, /api/ask with the returned context)")
    for part, r in followups.items():
        print(f"bank {part:7s} n={r['n']:3d}  correct {r['accuracy']:.3f}  misses: {', '.join(r['misses']) or 'none'}")


def _print_calibration(report: dict) -> None:
    for set_name in [k for k in report if k.startswith("bank ") and k != "bank train"]:
        cal = report[set_name]["calibration"]
        if not cal:
            continue
        print(f"\n== answerability on {set_name}: reliability (bin, n, mean p, share answerable)")
        for row in cal["reliability"]:
            print(f"  {row['bin']}  n={row['n']:4d}  p={row['mean_p']:.2f}  answerable={row['answerable']:.2f}")
        print("   threshold  answerable-answered  unanswerable-refused  answer-precision")
        for row in cal["pr_curve"]:
            print(f"   {row['threshold']:.1f}        {row['answerable_answered']:.3f}                "
                  f"{row['unanswerable_refused']:.3f}                {row['answer_precision']:.3f}")


if __name__ == "__main__":
    main()
