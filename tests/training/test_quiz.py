"""The quiz never asks a question whose correct option is missing or duplicated."""
from __future__ import annotations

from training.grounding import strip_notes
from training.quiz import ALL_REGIONS, MAX_OPTION, build_quiz, key_phrase, option_text, well_formed


def test_many_seeds_well_formed(entries, docs):
    by_id = {e.id: e for e in entries}
    kinds = set()
    for seed in range(300):
        for q in build_quiz(entries, docs, n=8, seed=seed):
            assert well_formed(q), q
            entry = by_id[q.entry_id]
            kinds.add(q.kind)
            if q.kind == "choice":
                correct = option_text(entry, docs)
                assert q.options.count(correct) == 1 and q.options[q.answer] == correct
                assert q.explanation == entry.answer  # the whole answer comes after the short option
            else:
                shown_true = q.prompt.endswith(strip_notes(entry.answer, docs))
                assert q.answer == (0 if shown_true else 1)
    assert kinds == {"choice", "truefalse"}


def test_distractors_never_share_a_clause(entries, docs):
    answers = {option_text(e, docs): e for e in entries}
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


def test_options_are_short_key_phrases(entries, docs):
    """Options compare at a glance: at most MAX_OPTION characters, and each one is taken from its answer."""
    for e in entries:
        phrase = option_text(e, docs)
        assert 4 <= len(phrase) <= MAX_OPTION, (e.id, phrase)
        assert phrase.rstrip("…").split("，")[0] in strip_notes(e.answer, docs) or "咨询" in phrase, (e.id, phrase)
    long_answer = "文件要求及时清理“无效低效”社区社会组织，常态化开展“僵尸型”社区社会组织清理整治，健全退出机制。"
    assert key_phrase(long_answer) == "常态化开展“僵尸型”社区社会组织清理整治"
    silent = "文件只写明市区两级民政局持续推动评估，没有写申请流程和所需材料。请咨询区民政局。"
    assert key_phrase(silent) == "没有写申请流程和所需材料，请咨询区民政局"


def test_one_region_per_quiz_unless_all(entries, docs):
    """Without a chosen region a quiz still asks about one region; 全部 mixes them."""
    from corpus.vocabulary import detect_regions
    from training.quiz import quiz_region
    import random

    for seed in range(20):
        region = quiz_region(entries, None, None, random.Random(seed))
        assert region != ALL_REGIONS
        wanted = detect_regions(region)
        by_id = {e.id: e for e in entries}
        for q in build_quiz(entries, docs, n=10, region=region, seed=seed):
            from corpus.compendium import region_allows
            assert region_allows(by_id[q.entry_id].regions, wanted)
    mixed = {r for seed in range(5) for q in build_quiz(entries, docs, n=40, region=ALL_REGIONS, seed=seed)
             for r in {e.id: e for e in entries}[q.entry_id].regions}
    assert {"北京", "温州"} <= mixed
