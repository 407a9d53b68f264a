"""`make bench-scale`: the retrieval at 1×, 5×, 20× (and 50×) the real corpus, on synthetic copies (issue 16).

Each size is its own knowledge folder under a temp dir: the five documents plus copies under other
real cities' names (place names replaced, numbers not used as clause numbering perturbed, sentences
after the first of a line reordered). Every step runs in a child process so its peak RSS is its own:
the build (``retrieval.index.build`` as the CLI calls it; the vector and token caches are shared by
the sizes, so a size encodes only the copies the smaller ones did not have — ``encoded`` says how
many passages), serving (the real Assistant in-process: ask p50/p95 over the dev and own questions
against one bare query encode, dev R@5 with any clause and with the original documents' only, RSS),
once as the project ranks (top-k; HNSW from retrieval.dense.HNSW_MIN_PASSAGES) and once exhaustive
(flat index, every clause a candidate), and adding one more document with the model already loaded.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from bench.eval import OWN_DIR
from bench.scoring import Run, hit_rank, read_jsonl
from corpus.documents import DEFAULT_KNOWLEDGE_DIR, ROOT

CITIES = ["杭州", "南京", "苏州", "成都", "武汉", "西安", "宁波", "青岛", "厦门", "长沙", "郑州", "济南", "合肥",
          "福州", "昆明", "沈阳", "大连", "无锡", "常州", "南通", "绍兴", "嘉兴", "佛山", "东莞", "珠海", "南昌",
          "南宁", "贵阳", "兰州", "太原", "石家庄", "长春", "哈尔滨", "海口", "银川", "西宁", "扬州", "镇江",
          "泰州", "徐州", "台州", "金华", "湖州", "惠州", "汕头", "烟台", "潍坊", "洛阳", "襄阳", "宜昌"]
DISTRICTS = ["城东", "城西", "江北", "滨湖", "高新", "经开", "临江", "新城", "山南", "河西"]
ORIGINAL_PLACES = ["上海", "长宁", "温州", "北京", "浙江"]


def _perturb_line(line: str, rng: random.Random) -> str:
    """Numbers other than a leading item number shifted; the sentences after the first reordered."""
    head = re.match(r"^\s*(\d+[.．、]|[（(]\d+[）)])?", line).group(0)
    body = re.sub(r"\d+", lambda m: str(int(m.group(0)) + rng.choice((0, 1, 2))), line[len(head):])
    parts = re.findall(r"[^。；]+[。；]?", body)
    if len(parts) > 2:
        rest = parts[1:]
        rng.shuffle(rest)
        body = parts[0] + "".join(rest)
    return head + body


def _place(text: str, city: str, district: str) -> str:
    for old, new in (("长宁", district), ("上海", city), ("温州", city), ("北京", city), ("浙江省", ""),
                     ("浙江", city)):
        text = text.replace(old, new)
    return text


def synthetic_knowledge(factor: int, dest: Path, extra: int = 0) -> Path:
    """A knowledge folder with the real documents plus (factor - 1) × 5 + extra copies; returns it."""
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR, dest)
    meta = yaml.safe_load((dest / "documents.yml").read_text(encoding="utf-8"))
    originals = list(meta["documents"])
    n_copies = (factor - 1) * len(originals) + extra
    for n in range(n_copies):
        entry, copy = originals[n % len(originals)], n // len(originals) + 1
        rng = random.Random(f"{entry['id']}-{copy}")
        city, district = CITIES[(copy - 1) % len(CITIES)], DISTRICTS[(copy - 1) % len(DISTRICTS)]
        suffix = f"s{copy}"
        new = {k: _place(v, city, district) if isinstance(v, str) else v for k, v in entry.items()}
        new.update(id=f"{entry['id']}-{suffix}", seed=None, region=f"{city}市",
                   district=f"{district}区" if entry.get("district") else None)
        text = (DEFAULT_KNOWLEDGE_DIR / "documents" / f"{entry['id']}.txt").read_text(encoding="utf-8")
        lines = [_perturb_line(_place(line, city, district), rng) for line in text.splitlines()]
        (dest / "documents" / f"{new['id']}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        meta["documents"].append(new)
    (dest / "documents.yml").write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return dest


# -- child steps (each in its own process: python -m bench.scale --step ...) -----------------------------

def step_build(knowledge: Path, out: Path, cache: Path) -> dict:
    from retrieval.embed import get_embedder
    from retrieval.index import build

    t0 = time.perf_counter()
    emb = get_embedder(None, cache)
    load_s = time.perf_counter() - t0
    counter = _Counting(emb)
    params = build(out, counter, knowledge_dir=knowledge, cache_dir=cache)
    return {"build_s": round(time.perf_counter() - t0, 1), "model_load_s": round(load_s, 1),
            "encoded": counter.n, **{k: params[k] for k in ("n_clauses", "n_passages", "dense_index")}}


class _Counting:
    """The embedder, counting the passages a build had to encode (the rest came from the cache)."""

    def __init__(self, inner) -> None:  # noqa: ANN001
        self.inner, self.name, self.n = inner, inner.name, 0

    def encode_passages(self, texts: list[str], show_progress: bool = False):  # noqa: ANN201
        self.n += len(texts)
        return self.inner.encode_passages(texts, show_progress)


def step_serve(knowledge: Path, index: Path, cache: Path, exhaustive: bool, rounds: int = 2) -> dict:
    """Ask latency, encode floor, dev R@5 and RSS of one serving process."""
    import faiss

    from answering.pipeline import Assistant
    from retrieval.dense import stored_vectors

    assistant = Assistant.open(index, None, knowledge, cache)
    retriever = assistant.retriever
    if exhaustive:  # the old way's cost: flat search over everything, every clause a candidate
        flat = faiss.IndexFlatIP(retriever.index.faiss.d)
        flat.add(stored_vectors(retriever.index.faiss))
        retriever.index.faiss = flat
        retriever.table = type(retriever.table)(retriever.clauses, retriever.docs, retriever.index)
        retriever.dense_candidates, retriever.bm25_candidates = flat.ntotal, len(retriever.clauses)
    eval_dir = ROOT.parent / "shared" / "eval"
    items = read_jsonl(eval_dir / "dev_qa.jsonl")
    qs = [i["q"] for i in items] + [o["q"] for o in read_jsonl(eval_dir / "dev_oos.jsonl")]
    qs += [i["q"] for i in read_jsonl(OWN_DIR / "own_qa.jsonl")]
    for q in qs[:10]:
        assistant.ask(q)
    ask_ms, enc_ms = [], []
    for _ in range(rounds):
        for q in qs:
            t = time.perf_counter()
            assistant.ask(q)
            ask_ms.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            retriever.embedder.inner.encode_queries([q])  # the model itself, not the QueryCache
            enc_ms.append((time.perf_counter() - t) * 1000)
    originals = {p.stem for p in (DEFAULT_KNOWLEDGE_DIR / "documents").glob("*.txt")}
    any_hit, own_hit = [], []
    for item in items:
        hits = assistant.ask(item["q"]).hits[:5]
        run = Run([h.clause.id for h in hits], [h.clause.text for h in hits], True)
        mine = [(c, t) for c, t in zip(run.clause_ids, run.texts) if c.split("/")[0] in originals]
        any_hit.append(hit_rank(run, item) is not None)
        own_hit.append(hit_rank(Run([c for c, _ in mine], [t for _, t in mine], True), item) is not None)
    return {"ask_p50_ms": _pct(ask_ms, 0.5), "ask_p95_ms": _pct(ask_ms, 0.95), "encode_p50_ms": _pct(enc_ms, 0.5),
            "r5": round(sum(any_hit) / len(items), 3), "r5_original": round(sum(own_hit) / len(items), 3),
            "serve_rss_mb": round(_rss_mb())}


def step_add(knowledge: Path, index: Path, cache: Path) -> dict:
    """One more document (a further copy) with the model loaded: the staff upload's cost."""
    from corpus import admin
    from retrieval.embed import get_embedder
    from retrieval.index import build

    emb = get_embedder(None, cache)
    docs = yaml.safe_load((knowledge / "documents.yml").read_text(encoding="utf-8"))["documents"]
    factor_copies = len(docs) - 5
    synthetic_knowledge(1, knowledge.with_name("add-tmp"), factor_copies + 1)
    new = yaml.safe_load((knowledge.with_name("add-tmp") / "documents.yml").read_text(encoding="utf-8"))["documents"][-1]
    shutil.copy(knowledge.with_name("add-tmp") / "documents" / f"{new['id']}.txt", knowledge / "documents")
    (knowledge / "documents.yml").write_text(yaml.safe_dump({"documents": docs + [new]}, allow_unicode=True,
                                                            sort_keys=False), encoding="utf-8")
    admin.clear_caches()
    counter = _Counting(emb)
    t0 = time.perf_counter()
    build(index, counter, knowledge_dir=knowledge, cache_dir=cache)
    return {"add_one_s": round(time.perf_counter() - t0, 1), "add_encoded": counter.n}


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return round(values[min(len(values) - 1, int(round(q * (len(values) - 1))))], 1)


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _child(step: str, *args: str) -> dict:
    """Run one step in a child process; its JSON result plus its own peak RSS (wait4)."""
    proc = subprocess.Popen([sys.executable, "-m", "bench.scale", "--step", step, *args], cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"},
                            stdout=subprocess.PIPE, text=True)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    if status:
        raise SystemExit(f"step {step} failed ({status})")
    return {**json.loads(out.strip().splitlines()[-1]), f"{step}_peak_rss_mb": round(usage.ru_maxrss / 1024)}


def measure(factor: int, work: Path, cache: Path) -> dict:
    knowledge = synthetic_knowledge(factor, work / f"k{factor}")
    index = work / f"index{factor}"
    row = {"factor": factor, **_child("build", str(knowledge), str(index), str(cache))}
    row["index_mb"] = round(sum(p.stat().st_size for p in index.rglob("*") if p.is_file()) / 2**20, 1)
    row["project"] = _child("serve", str(knowledge), str(index), str(cache))
    row["exhaustive"] = _child("serve", str(knowledge), str(index), str(cache), "--exhaustive")
    row.update(_child("add", str(knowledge), str(index), str(cache)))
    return row


def print_table(rows: list[dict]) -> None:
    print("| size | clauses (passages) | dense | build (encoded) | build peak RSS | index | ask p50 / p95 "
          "| encode p50 | dev R@5 (originals) | serve RSS | exhaustive p50 / p95, R@5 | add one doc |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        p, e = r["project"], r["exhaustive"]
        print(f"| {r['factor']}× | {r['n_clauses']:,} ({r['n_passages']:,}) | {r['dense_index']} | {r['build_s']} s "
              f"({r['encoded']:,}) | {r['build_peak_rss_mb']} MB | {r['index_mb']} MB | {p['ask_p50_ms']} / "
              f"{p['ask_p95_ms']} ms | {p['encode_p50_ms']} ms | {p['r5']} ({p['r5_original']}) | "
              f"{p['serve_rss_mb']} MB | {e['ask_p50_ms']} / {e['ask_p95_ms']} ms, {e['r5']} ({e['r5_original']}) "
              f"| {r['add_one_s']} s ({r['add_encoded']} encoded) |")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1,5,20,50")
    ap.add_argument("--work", type=Path, default=None, help="folder for the corpora and indexes (default: a temp dir)")
    ap.add_argument("--cache", type=Path, default=None, help="vector/token cache shared by the sizes (default: in work)")
    ap.add_argument("--step", choices=("build", "serve", "add"), help=argparse.SUPPRESS)
    ap.add_argument("--exhaustive", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("args", nargs="*", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.step:
        k, i, c = map(Path, a.args)
        fn = {"build": lambda: step_build(k, i, c), "add": lambda: step_add(k, i, c),
              "serve": lambda: step_serve(k, i, c, a.exhaustive)}[a.step]
        print(json.dumps(fn(), ensure_ascii=False))
        return
    work = a.work or Path(tempfile.mkdtemp(prefix="bench-scale-"))
    cache = a.cache or work / "cache"
    models = Path(os.environ.get("BAIWEN_CACHE", Path.home() / ".cache" / "baiwen")) / "models"
    if not (cache / "models").exists():
        cache.mkdir(parents=True, exist_ok=True)
        (cache / "models").symlink_to(models)  # the converted model, not the embedding cache
    rows = []
    for factor in map(int, a.sizes.split(",")):
        rows.append(measure(factor, work, cache))
        print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
        (ROOT / "artifacts").mkdir(exist_ok=True)
        (ROOT / "artifacts" / "bench_scale.json").write_text(json.dumps(rows, ensure_ascii=False, indent=2))
    print_table(rows)


if __name__ == "__main__":
    main()
