"""The quiz never asks a question whose correct option is missing or duplicated."""
from __future__ import annotations

from training.grounding import strip_notes
from training.quiz import build_quiz, well_formed


def test_many_seeds_well_formed(entries, docs):
    by_id = {e.id: e for e in entries}
    kinds = set()
    for seed in range(300):
        for q in build_quiz(entries, docs, n=8, seed=seed):
            assert well_formed(q), q
            entry = by_id[q.entry_id]
            correct = strip_notes(entry.answer, docs)
            kinds.add(q.kind)
            if q.kind == "choice":
                assert q.options.count(correct) == 1 and q.options[q.answer] == correct
            else:
                shown_true = q.prompt.endswith(correct)
                assert q.answer == (0 if shown_true else 1)
    assert kinds == {"choice", "truefalse"}


def test_distractors_never_share_a_clause(entries, docs):
    answers = {strip_notes(e.answer, docs): e for e in entries}
    for seed in range(100):
        for q in build_quiz(entries, docs, n=10, seed=seed):
            if q.kind != "choice":
                continue
            for i, option in enumerate(q.options):
                if i != q.answer:
                    assert not set(answers[option].clause_ids) & set(q.clause_ids)


def test_topic_and_region_filters(entries, docs):
    qs = build_quiz(entries, docs, n=50, topic="五社联动", seed=1)
    assert qs and all(q.entry_id in {e.id for e in entries if e.topic == "五社联动"} for q in qs)
    beijing = {e.id for e in entries if "北京" in e.regions}
    qs = build_quiz(entries, docs, n=50, region="北京", seed=2)
    assert qs and all(q.entry_id in beijing for q in qs)
    assert build_quiz(entries, docs, n=5, topic="不存在的主题", seed=3) == []


def test_retry_only_given_entries(entries, docs):
    qs = build_quiz(entries, docs, n=10, seed=4, only_ids=["faq-001", "faq-142"])
    assert sorted(q.entry_id for q in qs) == ["faq-001", "faq-142"]


def test_public_hides_the_answer(entries, docs):
    q = build_quiz(entries, docs, n=1, seed=5)[0]
    assert set(q.public()) == {"id", "kind", "prompt", "options"}
