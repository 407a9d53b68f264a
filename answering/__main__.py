"""`python -m answering ask "问题"`: the answer and its cited clauses, as /api/ask gives them.
`python -m answering warm`: embed the compendium's and the answerability neighbours' questions into the cache
(`make setup` runs it, so the first gateway to start does not spend half a minute on them)."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from config.settings import get_settings


def main(argv: list[str] | None = None) -> None:
    from answering.pipeline import Assistant

    ap = argparse.ArgumentParser(prog="python -m answering", description="百问百答助手 政策问答")
    sub = ap.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("ask", help="提问并显示引用条款")
    a.add_argument("question")
    a.add_argument("--region", default=None)
    a.add_argument("--top-k", type=int, default=5)
    a.add_argument("--json", action="store_true")
    a.add_argument("--index", type=Path, default=None, help="索引目录（默认 INDEX_DIR）")
    a.add_argument("--model", default=None, help="嵌入模型（默认 EMBEDDING_MODEL）")
    sub.add_parser("warm", help="预先计算并缓存百问百答与可回答性近邻问题的向量")
    args = ap.parse_args(argv)
    s = get_settings()
    assistant = Assistant.open(getattr(args, "index", None) or s.index_dir, getattr(args, "model", None) or
                               s.embedding_model, s.knowledge_dir, s.cache_dir)
    if args.cmd == "warm":
        return
    answer = assistant.ask(args.question, args.region, args.top_k)
    if args.json:
        print(json.dumps(answer.payload(), ensure_ascii=False, indent=2))
        return
    print(answer.answer)
    print(f"\n[{'可回答' if answer.confident else '拒答'}] {answer.reason}  ({answer.took_ms:.0f} ms)")
    for i, c in enumerate(answer.citations(), 1):
        flag = "" if c["in_force"] else "【已失效】"
        print(f"{i}. {c['cite']}{flag}  score={c['score']:.3f} bm25={c['bm25']:.2f} dense={c['dense']:.3f}")


if __name__ == "__main__":
    sys.exit(main())
