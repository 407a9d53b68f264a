"""`make bench-scale`: the retrieval at 1×, 5×, 20× (and 50×) the real corpus, on synthetic copies (issue 16).

Each size is its own knowledge folder under a temp dir: the five documents plus copies under other
real cities' names (place names replaced, numbers not used as clause numbering perturbed, sentences
after the first of a line reordered). Every step runs in a child process so its peak RSS is its own:
the build (``retrieval.index.build`` as the CLI calls it; the vector and token caches are shared by
the sizes, so a size encodes only the copies the smaller ones did not have — ``encoded`` says how
many passages), serving (the real Assistant in-process: ask p50/p95 over the dev and own questions
against one bare query encode, dev R@5 with any clause and with the original documents' only, RSS),
once as the project ranks (top-k; HNSW from retrieval.dense.HNSW_MIN_PASSAGES), once with gc.freeze() after
loading, once exhaustive (flat index, every clause a candidate) and once with the clauses' own passages only
(no sentence pairs, issue 16 item 4); and adding one more document with the model already loaded.
Recall (`recall`): R@1/R@5 on dev and the bank's train and dev splits, each question asked as written and with its
document's region as the channel's (`named`); `orig` counts the original documents' clauses only, `content`
also a copy of the labelled clause (the same clause of a copied document: without a region, any place's).
Long because the parent and its child steps speak one protocol (argv in, one JSON line out) that is clearer read in one file
"""
from __future__ import annotations

import argparse
import gc
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

from bench import bank
from bench.eval import OWN_DIR
from bench.scoring import Run, hit_rank, read_jsonl
from corpus.documents import DEFAULT_KNOWLEDGE_DIR, ROOT

CITIES = ["杭州", "南京", "苏州", "成都", "武汉", "西安", "宁波", "青岛", "厦门", "长沙", "郑州", "济南", "合肥",
          "福州", "昆明", "沈阳", "大连", "无锡", "常州", "南通", "绍兴", "嘉兴", "佛山", "东莞", "珠海", "南昌",
          "南宁", "贵阳", "兰州", "太原", "石家庄", "长春", "哈尔滨", "海口", "银川", "西宁", "扬州", "镇江",
          "泰州", "徐州", "台州", "金华", "湖州", "惠州", "汕头", "烟台", "潍坊", "洛阳", "襄阳", "宜昌"]
DISTRICTS = ["城东", "城西", "江北", "滨湖", "高新", "经开", "临江", "新城", "山南", "河西"]
ORIGINAL_PLACES = ["上海", "长宁", "温州", "北京", "浙江"]
ORIGINAL_IDS = frozenset(p.stem for p in (DEFAULT_KNOWLEDGE_DIR / "documents").glob("*.txt"))


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


def step_serve(knowledge: Path, index: Path, cache: Path, variant: str, rounds: int = 2) -> dict:
    """Ask latency, encode floor, time in the garbage collector, recall and RSS of one serving process."""
    from answering.pipeline import Assistant

    assistant = Assistant.open(index, None, knowledge, cache)
    retriever = assistant.retriever
    if variant in ("exhaustive", "clause-passages"):
        _replace_dense(retriever, variant)
    eval_dir = ROOT.parent / "shared" / "eval"
    qs = [i["q"] for name in ("dev_qa", "dev_oos") for i in read_jsonl(eval_dir / f"{name}.jsonl")]
    qs += [i["q"] for i in read_jsonl(OWN_DIR / "own_qa.jsonl")]
    for q in qs[:10]:
        assistant.ask(q)
    if variant == "freeze":
        gc.freeze()  # what the gateway would do after loading: the index and model are never garbage
    pauses: list[float] = []
    gc.callbacks.append(_gc_timer(pauses))
    ask_ms, enc_ms = [], []
    for _ in range(rounds):
        for q in qs:
            t = time.perf_counter()
            assistant.ask(q)
            ask_ms.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            retriever.embedder.inner.encode_queries([q])  # the model itself, not the QueryCache
            enc_ms.append((time.perf_counter() - t) * 1000)
    gc.callbacks.clear()
    out = {"ask_p50_ms": _pct(ask_ms, 0.5), "ask_p95_ms": _pct(ask_ms, 0.95), "encode_p50_ms": _pct(enc_ms, 0.5),
           "gc_ms_per_ask": round(sum(pauses) / len(ask_ms), 2), "gc_tracked": len(gc.get_objects()),
           "serve_rss_mb": round(_rss_mb())}
    return {**out, **({} if variant == "freeze" else recall(assistant, eval_dir))}


def _replace_dense(retriever, variant: str) -> None:  # noqa: ANN001
    """exhaustive: a flat index and every clause a candidate (the old way's cost); clause-passages: the index
    as it would be built without the sentence-pair passages (each clause's first passage is the whole clause)."""
    import faiss
    import numpy as np

    from retrieval.dense import make_index, stored_vectors

    vectors = stored_vectors(retriever.index.faiss)
    if variant == "exhaustive":
        dense = faiss.IndexFlatIP(vectors.shape[1])
        dense.add(vectors)
        retriever.dense_candidates, retriever.bm25_candidates = dense.ntotal, len(retriever.clauses)
    else:
        first = np.searchsorted(retriever.index.passage_clause, np.arange(len(retriever.clauses)))
        dense = make_index(vectors[first])
        retriever.index.passage_clause = np.arange(len(retriever.clauses), dtype=np.int32)
    retriever.index.faiss = dense
    retriever.table = type(retriever.table)(retriever.clauses, retriever.docs, retriever.index)


def _gc_timer(pauses: list[float]):  # noqa: ANN202
    """A gc callback adding each collection's duration (ms) to ``pauses``."""
    started: list[float] = []

    def callback(phase: str, _info: dict) -> None:
        if phase == "start":
            started[:] = [time.perf_counter()]
        elif started:
            pauses.append((time.perf_counter() - started[0]) * 1000)
    return callback


def recall(assistant, eval_dir: Path) -> dict:  # noqa: ANN001
    """R@1 / R@5 per question set, asked as written and with the labelled document's region as the channel's."""
    docs = assistant.docs
    by_seed = bank.document_of_seed()
    sets = {"dev": [{**i, "doc_id": by_seed[i["doc"]]} for i in read_jsonl(eval_dir / "dev_qa.jsonl")],
            **{f"bank {p}": [{**i, "doc_id": i["clause_ids"][0].split("/")[0]} for i in bank.answerable(p)]
               for p in ("train", "dev")}}
    out = {}
    for name, items in sets.items():
        for named in (False, True):
            ranks = [_ranks(assistant, i, docs[i["doc_id"]].region_label if named else None) for i in items]
            key = f"{name} {'named' if named else 'as written'}"
            out[key] = {f"{m} R@{k}": round(sum(r[m] is not None and r[m] <= k for r in ranks) / len(ranks), 3)
                        for m in ("orig", "content") for k in (1, 5)}
    return {"recall": out}


def _ranks(assistant, item: dict, region: str | None) -> dict:  # noqa: ANN001
    """Rank of the first answering citation in the top 5: of the original documents' (orig), of any (content)."""
    hits = assistant.ask(item["q"], region=region).hits[:5]
    ids = [h.clause.id for h in hits]
    originals = ORIGINAL_IDS
    if "clause_ids" in item:
        content = [re.sub(r"-s\d+/", "/", c, count=1) for c in ids]
        runs = {"content": Run(content, [h.clause.text for h in hits], True),
                "orig": Run([c if c.split("/")[0] in originals else "" for c in ids], [""] * len(ids), True)}
    else:
        runs = {"content": Run(ids, [h.clause.text for h in hits], True),
                "orig": Run(ids, [h.clause.text if c.split("/")[0] in originals else "" for c, h in zip(ids, hits)],
                            True)}
    return {m: hit_rank(run, item) for m, run in runs.items()}


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


VARIANTS = ("project", "freeze", "exhaustive", "clause-passages")


def measure(factor: int, work: Path, cache: Path) -> dict:
    knowledge = synthetic_knowledge(factor, work / f"k{factor}")
    index = work / f"index{factor}"
    row = {"factor": factor, **_child("build", str(knowledge), str(index), str(cache))}
    row["index_mb"] = round(sum(p.stat().st_size for p in index.rglob("*") if p.is_file()) / 2**20, 1)
    for variant in VARIANTS:
        row[variant] = _child("serve", str(knowledge), str(index), str(cache), "--variant", variant)
    row.update(_child("add", str(knowledge), str(index), str(cache)))
    return row


def print_table(rows: list[dict]) -> None:
    """The speed table, then recall per question set (issue 16 items 3–5)."""
    print("| size | clauses (passages) | dense | build (encoded) | build peak RSS | index | ask p50 / p95 | encode p50 "
          "| GC per ask (tracked objects) | with gc.freeze(): p50 / p95, GC per ask | serve RSS | exhaustive p50 / p95 "
          "| add one doc |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        p, f, e = r["project"], r["freeze"], r["exhaustive"]
        print(f"| {r['factor']}× | {r['n_clauses']:,} ({r['n_passages']:,}) | {r['dense_index']} | {r['build_s']} s "
              f"({r['encoded']:,}) | {r['build_peak_rss_mb']} MB | {r['index_mb']} MB | {p['ask_p50_ms']} / "
              f"{p['ask_p95_ms']} ms | {p['encode_p50_ms']} ms | {p['gc_ms_per_ask']} ms ({p['gc_tracked']:,}) | "
              f"{f['ask_p50_ms']} / {f['ask_p95_ms']} ms, {f['gc_ms_per_ask']} ms | {p['serve_rss_mb']} MB | "
              f"{e['ask_p50_ms']} / {e['ask_p95_ms']} ms | {r['add_one_s']} s ({r['add_encoded']} encoded) |")
    print("\n| size | ranking | question set | orig R@1 | orig R@5 | content R@1 | content R@5 |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        for variant in ("project", "clause-passages", "exhaustive"):
            for name, m in r[variant]["recall"].items():
                print(f"| {r['factor']}× | {variant} | {name} | {m['orig R@1']} | {m['orig R@5']} | "
                      f"{m['content R@1']} | {m['content R@5']} |")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1,5,20,50")
    ap.add_argument("--work", type=Path, default=None, help="folder for the corpora and indexes (default: a temp dir)")
    ap.add_argument("--cache", type=Path, default=None, help="vector/token cache shared by the sizes (default: in work)")
    ap.add_argument("--step", choices=("build", "serve", "add"), help=argparse.SUPPRESS)
    ap.add_argument("--variant", choices=VARIANTS, default="project", help=argparse.SUPPRESS)
    ap.add_argument("args", nargs="*", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.step:
        k, i, c = map(Path, a.args)
        fn = {"build": lambda: step_build(k, i, c), "add": lambda: step_add(k, i, c),
              "serve": lambda: step_serve(k, i, c, a.variant)}[a.step]
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
