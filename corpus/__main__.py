"""`python -m corpus clean | clauses`: regenerate the cleaned texts from the seeds, list clause ids."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from corpus.documents import ROOT


def main(argv: list[str] | None = None) -> None:
    from config.settings import get_settings
    from corpus.clauses import load_clauses
    from corpus.ingest import clean_seeds

    ap = argparse.ArgumentParser(prog="python -m corpus", description="百问百答助手 文件与条款")
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("clean", help="从 ../shared/seeds 重新生成清洗后的文本")
    c.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    sub.add_parser("clauses", help="列出全部条款编号")
    args = ap.parse_args(argv)
    knowledge_dir = get_settings().knowledge_dir
    if args.cmd == "clean":
        clean_seeds(args.seeds, knowledge_dir)
        return
    for clause in load_clauses(knowledge_dir).values():
        print(f"{clause.id}\t{clause.label}\t{clause.title}")


if __name__ == "__main__":
    sys.exit(main())
