"""`python -m retrieval build`: rebuild the search index (with a progress bar) as the settings name it."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from config.settings import get_settings


def build_index(out: Path | None = None, model: str | None = None) -> dict:
    """Build the index for the configured knowledge folder, model and cache; returns params.json."""
    from tqdm import tqdm

    from retrieval.embed import get_embedder
    from retrieval.index import build

    settings = get_settings()
    bar = tqdm(total=100, desc="建索引", unit="%")

    def progress(frac: float, msg: str) -> None:
        bar.n = int(frac * 100)
        bar.set_postfix_str(msg)
        bar.refresh()

    embedder = get_embedder(model or settings.embedding_model, settings.cache_dir)
    params = build(out or settings.index_dir, embedder, progress, settings.knowledge_dir, settings.cache_dir)
    bar.close()
    return params


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m retrieval", description="百问百答助手 检索索引")
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="重建索引（显示进度）")
    b.add_argument("--out", type=Path, default=None, help="索引目录（默认 INDEX_DIR）")
    b.add_argument("--model", default=None, help="嵌入模型（默认 EMBEDDING_MODEL）")
    args = ap.parse_args(argv)
    print(json.dumps(build_index(args.out, args.model), ensure_ascii=False, indent=2))


if __name__ == "__main__":
    sys.exit(main())
