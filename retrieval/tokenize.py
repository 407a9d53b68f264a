"""Chinese tokenization for BM25 and term matching: a private jieba Tokenizer with the domain dictionary.

Words alone miss typos (讲坐 for 讲座) and unseen compounds, so every CJK run also contributes its
character bigrams; words keep precision, bigrams keep recall.
"""
from __future__ import annotations

import logging
import re
from functools import lru_cache
from pathlib import Path

import jieba

from corpus.documents import DEFAULT_KNOWLEDGE_DIR
from corpus.text import cjk_bigrams, fold_width

jieba.setLogLevel(logging.WARNING)

# Function words and question scaffolding: they say how a question is asked, not what it is about.
STOPWORDS = frozenset(
    "的 了 是 在 和 与 及 或 等 也 都 就 还 又 把 被 对 为 以 于 从 到 向 给 让 这 那 这个 那个 这些 那些 "
    "我 我们 你 你们 他 她 它 他们 咱 咱们 自己 什么 啥 怎么 怎样 怎么样 如何 为什么 为啥 哪 哪些 哪个 哪里 "
    "吗 呢 吧 啊 呀 哦 嘛 哈 么 能 能不能 可以 可不可以 会 会不会 要 需要 有 有没有 没有 不 没 是不是 "
    "请问 请 一下 想 想问 问 知道 说 讲 里 里面 中 上 下 个 些 一个 一些 多少 几 多久 具体 主要 "
    "一 二 三 之 其 该 此 并 而 但 如果 因为 所以 然后 还是 以及 还有 其中 时候 现在 听说 这份 那份 这块 "
    "文件 意见 规定 政策 方面 情况 问题 事情 东西 方案".split()
)
_TOKEN_OK = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")


@lru_cache(maxsize=2)
def tokenizer(dict_path: Path | None = None) -> jieba.Tokenizer:
    """A private jieba Tokenizer (never the global one) loaded with the project's dictionary."""
    tok = jieba.Tokenizer()
    path = Path(dict_path or DEFAULT_KNOWLEDGE_DIR / "dict" / "domain.txt")
    if path.exists():
        tok.load_userdict(str(path))
    return tok


def words(text: str) -> list[str]:
    """Content words (search-mode cut: long compounds plus their parts), stopwords removed."""
    out = []
    for w in tokenizer().cut_for_search(fold_width(text).lower()):
        w = w.strip()
        if w and w not in STOPWORDS and _TOKEN_OK.search(w):
            out.append(w)
    return out


def bm25_tokens(text: str) -> list[str]:
    """Tokens for the sparse index: words plus prefixed bigrams (kept apart from words)."""
    return words(text) + ["#" + b for b in cjk_bigrams(text)]
