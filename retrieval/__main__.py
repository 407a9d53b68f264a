"""Command line for staff and scripts: build the index, ask a question, list clause ids, clean seeds."""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from retrieval.documents import ROOT

DEFAULT_INDEX = Path(os.environ.get("INDEX_DIR", ROOT / "var" / "index"))


def _cmd_build(args: argparse.Namespace) -> None:
    from tqdm import tqdm

    from retrieval.embed import get_embedder
    from retrieval.index import build

    bar = tqdm(total=100, desc="建索引", unit="%")

    def progress(frac: float, msg: str) -> None:
        bar.n = int(frac * 100)
        bar.set_postfix_str(msg)
        bar.refresh()

    params = build(args.out, get_embedder(args.model), progress)
    bar.close()
    print(json.dumps(params, ensure_ascii=False, indent=2))


def _cmd_ask(args: argparse.Namespace) -> None:
    from retrieval.search import Retriever

    answer = Retriever.open(args.index, args.model).ask(args.question, args.region, args.top_k)
    if args.json:
        print(json.dumps({"answer": answer.answer, "confident": answer.confident, "reason": answer.reason,
                          "citations": answer.citations(), "took_ms": round(answer.took_ms, 1)},
                         ensure_ascii=False, indent=2))
        return
    print(answer.answer)
    print(f"\n[{'可回答' if answer.confident else '拒答'}] {answer.reason}  ({answer.took_ms:.0f} ms)")
    for i, c in enumerate(answer.citations(), 1):
        flag = "" if c["in_force"] else "【已失效】"
        print(f"{i}. {c['cite']}{flag}  score={c['score']:.3f} bm25={c['bm25']:.2f} dense={c['dense']:.3f}")


def _cmd_clauses(_args: argparse.Namespace) -> None:
    from retrieval.clauses import load_clauses

    for c in load_clauses().values():
        print(f"{c.id}\t{c.label}\t{c.title}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m retrieval", description="百问百答助手 检索工具")
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="重建索引（显示进度）")
    b.add_argument("--out", type=Path, default=DEFAULT_INDEX)
    b.add_argument("--model", default=None)
    a = sub.add_parser("ask", help="提问并显示引用条款")
    a.add_argument("question")
    a.add_argument("--region", default=None)
    a.add_argument("--top-k", type=int, default=5)
    a.add_argument("--json", action="store_true")
    a.add_argument("--index", type=Path, default=DEFAULT_INDEX)
    a.add_argument("--model", default=None)
    sub.add_parser("clauses", help="列出全部条款编号")
    sub.add_parser("clean", help="从 ../shared/seeds 重新生成清洗后的文本")
    args = ap.parse_args(argv)
    if args.cmd == "clean":
        from retrieval.build_knowledge import main as clean_main

        return clean_main([])
    {"build": _cmd_build, "ask": _cmd_ask, "clauses": _cmd_clauses}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
