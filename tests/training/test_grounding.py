"""The compendium says nothing its cited clauses do not say (as far as a machine can check)."""
from __future__ import annotations

import dataclasses

from corpus.compendium import AUDIENCES, REGIONS
from training.grounding import answer_facts, check_entry, doc_region


def test_at_least_100_entries_with_unique_ids(entries):
    ids = [e.id for e in entries]
    assert len(entries) >= 100
    assert len(ids) == len(set(ids))


def test_every_entry_is_grounded(entries, clauses, docs):
    problems = [p for e in entries for p in check_entry(e, clauses, docs)]
    assert not problems, "\n".join(problems)


def test_fields_complete(entries):
    for e in entries:
        assert e.topic and e.question and e.answer, e.id
        assert len(set(e.paraphrases)) >= 3, e.id
        assert e.audience and set(e.audience) <= set(AUDIENCES), e.id
        assert e.regions and set(e.regions) <= set(REGIONS), e.id


def test_no_question_duplicated(entries):
    seen: dict[str, str] = {}
    for e in entries:
        for text in e.texts():
            assert text not in seen or seen[text] == e.id, f"{text!r} in {seen.get(text)} and {e.id}"
            seen[text] = e.id
    questions = [e.question for e in entries]
    assert len(questions) == len(set(questions))


def test_all_five_documents_cited(entries, clauses, docs):
    cited = {clauses[c].doc_id for e in entries for c in e.clause_ids}
    assert cited == set(docs)


def test_topics_of_the_issue_covered(entries):
    text = " ".join(e.question + e.answer for e in entries)
    for term in ("备案", "注销", "僵尸型", "安家", "福利彩票公益金", "公益创投", "微创投", "专项资金", "购买服务",
                 "3A", "党组织", "培训", "五社联动", "两会一中心", "示范型", "智慧社区", "居民评价", "数字化", "名称"):
        assert term in text, term


def test_silent_entries_exist_and_name_an_office(entries):
    silent = [e for e in entries if e.silent]
    assert len(silent) >= 10
    assert all("没有" in e.answer or "未" in e.answer for e in silent)


# -- the checker itself must be able to fail ------------------------------------------------------------

def test_checker_catches_an_invented_number(entries, clauses, docs):
    entry = next(e for e in entries if e.id == "faq-090")  # 五年内实现全覆盖
    bad = dataclasses.replace(entry, answer=entry.answer.replace("五年", "三年"))
    assert any("三年" in p for p in check_entry(bad, clauses, docs))
    invented = dataclasses.replace(entry, answer=entry.answer + "每人补贴500元。")
    assert any("500" in p for p in check_entry(invented, clauses, docs))


def test_checker_catches_an_invented_programme_and_wrong_region(entries, clauses, docs):
    entry = next(e for e in entries if e.id == "faq-037")
    bad = dataclasses.replace(entry, answer=entry.answer + "还可申请“社区启航计划”。", regions=("上海",))
    problems = check_entry(bad, clauses, docs)
    assert any("社区启航计划" in p for p in problems)
    assert any("regions" in p for p in problems)


def test_checker_requires_the_expiry_note(entries, clauses, docs):
    entry = next(e for e in entries if e.id == "faq-050")  # 长宁实施意见
    bad = dataclasses.replace(entry, answer=entry.answer.split("（长宁")[0])
    assert any("valid until" in p for p in check_entry(bad, clauses, docs))


def test_checker_catches_unknown_clause_and_silent_without_office(entries, clauses, docs):
    entry = next(e for e in entries if e.silent)
    assert check_entry(dataclasses.replace(entry, clause_ids=("sh-mca-2024-1/第九十九条",)), clauses, docs)
    assert check_entry(dataclasses.replace(entry, answer="文件没有写。"), clauses, docs)


def test_fact_extraction():
    facts = answer_facts("五年内全覆盖，比例不低于10%，“十佳公益基地”与《长宁区“五社联动”案例集》，评估3A级。")
    assert {"五年", "10%", "十佳公益基地", "长宁区“五社联动”案例集", "3"} <= set(facts)


def test_region_tags(docs):
    assert {doc_region(d) for d in docs.values()} == {"上海", "长宁", "北京", "温州"}
