"""FAQ-first matching on phrasings the entries were not written with (real model)."""
from __future__ import annotations

from corpus.compendium import load_entries


def test_heldout_is_new_text(heldout, entries):
    phrasings = {t for e in entries for t in e.texts()}
    assert len([r for r in heldout if r["faq"]]) >= 60
    assert len([r for r in heldout if not r["faq"]]) >= 20
    assert not [r["q"] for r in heldout if r["q"] in phrasings]
    ids = {e.id for e in entries}
    assert all(r["faq"] in ids for r in heldout if r["faq"])


def test_heldout_precision_and_hit_rate(faq, heldout):
    pos = [r for r in heldout if r["faq"]]
    matches = [(r, faq.match(r["q"])) for r in pos]
    matched = [(r, m) for r, m in matches if m]
    correct = sum(m.id == r["faq"] for r, m in matched)
    assert correct / len(matched) >= 0.95, [(r["q"], m.id) for r, m in matched if m.id != r["faq"]]
    assert correct / len(pos) >= 0.7  # a miss falls back to clause retrieval; most should still hit


def test_negatives_never_match(faq, heldout):
    wrong = [(r["q"], m.id) for r in heldout if not r["faq"] and (m := faq.match(r["q"]))]
    assert not wrong


def test_every_entry_matches_its_own_question(faq):
    misses = [e.id for e in faq.entries if (m := faq.match(e.question)) is not None and m.id != e.id]
    assert not misses


def test_region_is_respected(faq):
    # 温州-only naming rules must not answer a 北京 question, nor a question with region=北京.
    assert faq.match("温州社区基金会的名称有什么规定？").id == "faq-018"
    assert faq.match("社区基金会的名称有什么规定？", region="北京") is None
    assert faq.match("北京社区基金会的名称有什么规定？") is None
    assert faq.match("温州社区基金会的名称有什么规定？", region="上海") is None


def test_empty_and_unrelated(faq):
    assert faq.match("   ") is None
    assert faq.match("今天股市行情怎么样") is None


def test_answer_shape(faq):
    m = faq.match("五社联动到底是哪五个社")
    assert m and m.clause_ids and m.answer.startswith("“五社联动”") and 0 < m.score <= 1 and m.silent is False
    assert load_entries()[0].id == "faq-001"
