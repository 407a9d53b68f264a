"""Follow-ups through the real conversation: gateway + Rasa + action server + retriever, as a user types.

    python -m bench.followups_dialogue            (make followups-dialogue)

Starts the stack on free loopback ports (scripts/run_all.sh), then plays every two-turn conversation of
the bank (bench/questions/bank/followups.jsonl) through POST /api/chat, one fresh sender each, so the
context travels the way it does for a resident: in the Rasa slots the policy-QA action keeps. Scored
as bench/followups.py scores /api/ask: the cited clause or document, a refusal, or a question back.
"""
from __future__ import annotations

import argparse
import json
import os
import tempfile
from pathlib import Path

import httpx

from bench import bank
from bench.followups import met
from config.settings import get_settings
from corpus.documents import ROOT, load_documents
from tests.e2e.stack import running_stack

NOT_FOUND = "文件里没有找到"  # actions/policy_qa.py NOT_FOUND: the dialogue's plain refusal
CLARIFY = ("哪个文件", "哪个地区", "哪一份", "哪方面")


def _say(client: httpx.Client, base: str, text: str) -> list[dict]:
    """One turn; the sender is the client's cookie (issued by the gateway on the first turn)."""
    resp = client.post(f"{base}/api/chat", json={"message": text}, timeout=120)
    resp.raise_for_status()
    return resp.json()["messages"]


def as_reply(messages: list[dict]) -> dict:
    """The chat turn in /api/ask terms: the answer text, its citations, confident or not, clarify."""
    text = "\n".join(m["text"] for m in messages)
    cites = [c for m in messages for c in m.get("citations") or []]
    clarify = not cites and any(word in text for word in CLARIFY)
    return {"answer": text, "citations": cites, "confident": bool(cites) and NOT_FOUND not in text,
            "source": "clarify" if clarify else "chat"}


def run(base: str, items: list[dict]) -> dict:
    """Accuracy over the items and the misses."""
    docs = load_documents(get_settings().knowledge_dir)
    misses = []
    for item in items:
        with httpx.Client() as client:  # a new browser (cookie jar) = a fresh sender per conversation
            _say(client, base, item["turns"][0])
            if not met(item["expect"], as_reply(_say(client, base, item["turns"][1])), docs):
                misses.append(item["id"])
    n = len(items)
    return {"n": n, "accuracy": (n - len(misses)) / n if n else float("nan"), "misses": misses}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--parts", default="train,dev,sealed")
    ap.add_argument("--out", type=Path, default=ROOT / "artifacts" / "followups_dialogue.json")
    args = ap.parse_args(argv)
    model = os.environ.get("RASA_MODEL") or (ROOT / "var" / "rasa-model").read_text().strip()
    with tempfile.TemporaryDirectory(prefix="fu-stack-") as tmp, \
            running_stack(Path(tmp), RASA_MODEL=model, BAIWEN_WARM="1", RATE_LIMIT_CLIENT="100000/minute") as base:
        httpx.post(f"{base}/api/ask", json={"question": "备案", "top_k": 1}, timeout=300)  # load the model
        report = {part: run(base, bank.followups(part)) for part in args.parts.split(",")}
    for part, r in report.items():
        print(f"web chat (/api/chat → Rasa) bank {part:7s} n={r['n']:3d}  correct {r['accuracy']:.3f}  "
              f"misses: {', '.join(r['misses']) or 'none'}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
