"""FAQ-first matching figures: hit rate and precision on the held-out paraphrases and the shared dev sets.

    python -m bench.faq_eval [--eval-dir ../shared/eval] [--json artifacts/faq_eval.json]

Held-out (knowledge/faq/heldout.jsonl): a hit is a match on the expected entry; precision = correct
matches / all matches; negatives (faq null) must not match. Dev sets: precision = matches whose entry
cites a clause containing the question's anchor (or an alt anchor); OOS questions must not match.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from corpus.clauses import load_clauses
from answering.compendium import Faq
from corpus.compendium import faq_dir
from corpus.text import compact as normalize

ROOT = Path(__file__).resolve().parent.parent


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def heldout_figures(faq: Faq, rows: list[dict]) -> dict:
    """Hit rate on positives, precision over all matches, and false matches on negatives."""
    pos = [r for r in rows if r.get("faq")]
    neg = [r for r in rows if not r.get("faq")]
    got = [(r, faq.match(r["q"], r.get("region"))) for r in pos]
    matched = [(r, m) for r, m in got if m]
    correct = sum(m.id == r["faq"] for r, m in matched)
    false_neg = [r["q"] for r in neg if faq.match(r["q"], r.get("region"))]
    return {"positives": len(pos), "matched": len(matched), "correct": correct,
            "hit_rate": round(correct / max(len(pos), 1), 3),
            "precision": round(correct / max(len(matched), 1), 3),
            "wrong": [(r["q"], r["faq"], m.id) for r, m in matched if m.id != r["faq"]],
            "negatives": len(neg), "negatives_matched": false_neg}


def _anchors(row: dict) -> list[str]:
    alts = [a.split(":", 1)[1] for a in row.get("alt_anchors") or []]
    return [normalize(a) for a in [row["anchor"], *alts]]


def dev_figures(faq: Faq, qa: list[dict], oos: list[dict], knowledge_dir: Path) -> dict:
    """Matches on the in-scope dev questions (judged by anchors) and on the out-of-scope ones."""
    clauses = load_clauses(knowledge_dir)
    matched = good = 0
    for row in qa:
        m = faq.match(row["q"])
        if m:
            matched += 1
            texts = [normalize(clauses[c].text) for c in m.clause_ids]
            good += any(a in t for a in _anchors(row) for t in texts)
    oos_matched = [r["q"] for r in oos if faq.match(r["q"])]
    return {"dev_questions": len(qa), "dev_matched": matched, "dev_precision": round(good / max(matched, 1), 3),
            "dev_hit_rate": round(good / max(len(qa), 1), 3), "oos": len(oos), "oos_matched": oos_matched}


def staff_regressions(client) -> dict:  # noqa: ANN001
    """Every staff-written entry's question and paraphrases asked again through /api/ask (a staff hit
    test, so the log stays clean): the phrasings that entry no longer answers are the misses."""
    from answering.compendium import STAFF_SOURCE
    from api.services.compendium import compendium
    from bench.hit_test import hit_test_headers

    staff = [e for e in compendium() if e.source == STAFF_SOURCE]
    misses, asked = [], 0
    for entry in staff:
        for phrasing in entry.texts():
            asked += 1
            body = client.post("/api/ask", json={"question": phrasing}, headers=hit_test_headers()).json()
            if body.get("faq_id") != entry.id:
                misses.append({"id": entry.id, "phrasing": phrasing,
                               "answered_by": body.get("faq_id") or ("clauses" if body.get("confident") else "refused")})
    return {"entries": len(staff), "phrasings": asked, "misses": misses}


def print_regressions(report: dict) -> None:
    print(f"\n== staff-written 百问百答 entries: {report['entries']} entries, {report['phrasings']} phrasings re-asked, "
          f"{len(report['misses'])} no longer answered by their entry")
    for miss in report["misses"]:
        print(f"  {miss['id']}: {miss['phrasing']} → {miss['answered_by']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--json", type=Path, default=ROOT / "artifacts" / "faq_eval.json")
    args = parser.parse_args()
    from config.settings import get_settings
    from retrieval.embed import get_embedder

    settings = get_settings()
    start = time.perf_counter()
    faq = Faq.load(get_embedder(settings.embedding_model, settings.cache_dir), settings.knowledge_dir,
                   settings.cache_dir)
    report = {"entries": len(faq.entries), "load_s": round(time.perf_counter() - start, 2),
              "heldout": heldout_figures(faq, read_jsonl(faq_dir(settings.knowledge_dir) / "heldout.jsonl"))}
    if (args.eval_dir / "dev_qa.jsonl").exists():
        report["dev"] = dev_figures(faq, read_jsonl(args.eval_dir / "dev_qa.jsonl"),
                                    read_jsonl(args.eval_dir / "dev_oos.jsonl"), settings.knowledge_dir)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
