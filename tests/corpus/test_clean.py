"""Cleaning of extracted texts, step by step, and the shipped texts as clean_text of their seeds."""
from __future__ import annotations

import shutil

import pytest

from corpus.clean import (
    CleanReport,
    clean_text,
    normalize_lines,
    rejoin_paragraphs,
    strip_bold_markers,
    strip_html_tags,
)
from corpus.documents import DEFAULT_KNOWLEDGE_DIR, ROOT, read_metadata
from corpus.ingest import clean_seeds

SEEDS = ROOT.parent / "shared" / "seeds"  # documents.yml `seed:` names files here
SEEDED = [e for e in read_metadata(DEFAULT_KNOWLEDGE_DIR) if e.get("seed")]


def test_html_tags():
    report = CleanReport()
    assert strip_html_tags("项目\t<p>实体运作</p>\n<p>办公场地</p>\t15分", report) == "项目\t实体运作 办公场地\t15分"
    assert report.changes == ["strip_html_tags: removed 4 <p>/</p> tags"]
    untouched = CleanReport()
    assert strip_html_tags("没有标签的文字", untouched) == "没有标签的文字" and not untouched.changes


def test_bold_markers():
    report = CleanReport()
    assert strip_bold_markers("**一、总体要求**\n**（一）**指导思想", report) == "一、总体要求\n（一）指导思想"
    assert report.changes == ["strip_bold_markers: removed 2 bold marker pairs"]


def test_page_artifacts_dropped_layout_trimmed():
    report = CleanReport()
    lines = normalize_lines("　　第一条　正文  有空格\r\n（此页无正文）\n(此页无正文)\n3303020073841\n"
                            "2024年12月14日\n项目\t分值  20", report)
    assert lines == ["第一条 正文 有空格", "2024年12月14日", "项目\t分值  20"]  # tab rows keep their spacing
    assert report.changes == ["drop_page_artifact: （此页无正文）", "drop_page_artifact: (此页无正文)",
                              "drop_page_artifact: 3303020073841"]


def test_page_join_rejoined():
    report = CleanReport()
    lines = ["一、加强培育，持续推动社区社", "", "会组织规范化建设，特制定本方案。"]
    assert rejoin_paragraphs(lines, report) == ["一、加强培育，持续推动社区社会组织规范化建设，特制定本方案。"]
    assert report.changes == ["rejoin_page_split: …，持续推动社区社|会组织规范化建设…"]


def test_hard_wrap_rejoined():
    assert rejoin_paragraphs(["鼓励社区社会组织参与，积极开展“五社", "联动”活动。"], CleanReport()) == \
        ["鼓励社区社会组织参与，积极开展“五社联动”活动。"]


def test_doubled_character_at_page_join_dropped():
    report = CleanReport()
    lines = ["社区社会组织是民政工作的重要力量，是提升民政服务能力的重要", "", "要手段，是创新基层治理的有效途径。"]
    assert rejoin_paragraphs(lines, report) == ["社区社会组织是民政工作的重要力量，是提升民政服务能力的重要手段，是创新基层治理的有效途径。"]
    assert report.changes[0] == "drop_doubled_char_at_page_join: …务能力的重要|要手段，是创… → dropped one “要”"
    assert report.changes[1].startswith("rejoin_page_split:")


@pytest.mark.parametrize("prev,nxt", [
    ("一、总体要求", "（一）指导思想"),                     # heading after heading
    ("加强培育，推动发展", "二、主要任务"),                  # prose, then a heading
    ("一、总体要求", "坚持党建引领"),                       # a bare heading is no prose
    ("加强培育，推动发展。", "坚持党建引领，完善机制。"),       # sentence ended
    ("上海市民政局", "2024年12月14日"),                     # signature and date
    ("各区民政局，局机关相关处室", "第一条 丰富扶持资金。"),    # article marker
    ("项目\t分值", "实体运作\t15分"),                        # table rows
    ("加强培育，推动发展", "ABC"),                           # next line starts no sentence
])
def test_headings_and_layout_never_glued(prev, nxt):
    report = CleanReport()
    assert rejoin_paragraphs([prev, nxt], report) == [prev, nxt]
    assert not report.changes


def test_blank_line_between_paragraphs_kept_once():
    assert rejoin_paragraphs(["第一段。", "", "", "第二段。"], CleanReport()) == ["第一段。", "", "第二段。"]


SYNTHETIC = """**关于推进社区社会组织发展的通知**

各区民政局：
　　为进一步加强培育，持续推动社区社

会组织规范化建设，特制定本方案。
一、总体要求
（一）指导思想
社区社会组织是民政工作的重要力量，是提升民政服务能力的重要

要手段，是创新基层治理的有效途径。
（此页无正文）



附件：评分表
项目\t<p>实体运作</p><p>办公场地</p>\t15分\t
上海市民政局
2024年12月14日
"""

SYNTHETIC_CLEAN = """关于推进社区社会组织发展的通知

各区民政局：
为进一步加强培育，持续推动社区社会组织规范化建设，特制定本方案。
一、总体要求
（一）指导思想
社区社会组织是民政工作的重要力量，是提升民政服务能力的重要手段，是创新基层治理的有效途径。

附件：评分表
项目\t实体运作 办公场地\t15分
上海市民政局
2024年12月14日
"""


def test_clean_text_synthetic():
    cleaned, report = clean_text(SYNTHETIC)
    assert cleaned == SYNTHETIC_CLEAN
    assert [c.split(":")[0] for c in report.changes] == [
        "strip_html_tags", "strip_bold_markers", "drop_page_artifact", "rejoin_page_split",
        "drop_doubled_char_at_page_join", "rejoin_page_split"]
    assert clean_text(cleaned)[0] == cleaned  # cleaning a clean text changes nothing
    assert not clean_text(cleaned)[1].changes


def test_every_document_names_its_seed():
    assert SEEDED and all(e["seed"].endswith(".txt") for e in SEEDED)


@pytest.mark.parametrize("entry", SEEDED, ids=[e["id"] for e in SEEDED])
def test_shipped_text_is_clean_text_of_its_seed(entry):
    seed = SEEDS / entry["seed"]
    if not seed.is_file():
        pytest.skip(f"seed {seed} not on this machine (the shared seeds live in {SEEDS})")
    shipped = (DEFAULT_KNOWLEDGE_DIR / "documents" / f"{entry['id']}.txt").read_text(encoding="utf-8")
    assert clean_text(seed.read_text(encoding="utf-8"))[0] == shipped, (
        f"knowledge/documents/{entry['id']}.txt differs from clean_text({seed}): "
        "edit corpus/clean.py or the seed, then run `python -m corpus clean`, never the cleaned text")


def test_clean_seeds_regenerates_texts_and_log(tmp_path, capsys):
    if not all((SEEDS / e["seed"]).is_file() for e in SEEDED):
        pytest.skip(f"not every seed of documents.yml is in {SEEDS}")
    knowledge = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR, knowledge)
    for txt in (knowledge / "documents").glob("*"):
        txt.unlink()
    clean_seeds(SEEDS, knowledge)
    for name in ["CLEANING.md", *(f"{e['id']}.txt" for e in SEEDED)]:
        assert (knowledge / "documents" / name).read_text(encoding="utf-8") == \
            (DEFAULT_KNOWLEDGE_DIR / "documents" / name).read_text(encoding="utf-8"), name
    assert "sh-mca-2024-1: 3 changes" in capsys.readouterr().out
