"""Segmentation follows each document's numbering and loses no text."""
import re

import pytest

from corpus.clauses import load_clauses, segment
from corpus.documents import load_documents

DOCS = load_documents()
CLAUSES = load_clauses()


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("doc_id", list(DOCS))
def test_every_line_of_every_document_lands_in_a_clause(doc_id):
    doc = DOCS[doc_id]
    joined = _squash("".join(c.text + "".join(c.path) for c in segment(doc)))
    for line in doc.text().splitlines():
        body = re.sub(r"^(第[一二三四五六七八九十]+条|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.．])", "", line.strip())
        for cell in body.split("\t"):
            assert _squash(cell)[:30] in joined, f"{doc_id}: text lost: {cell[:40]}"


@pytest.mark.parametrize("clause_id,label,starts", [
    ("sh-mca-2024-1/第七条", "第七条", "丰富扶持资金。"),
    ("sh-mca-2024-1/第三条", "第三条", "健全退出机制。"),
    ("cn-2022/四/（一）/3", "四、（一）3.", "加强社区社会组织培育扶持。"),
    ("cn-2022/四/（六）/16", "四、（六）16.", "加强非法社会组织查处力度。"),
    ("cn-wushe-2023/三/（二）/1", "三、（二）1.", "社区治理创新行动。"),
    ("wz-2021-122/二/（一）/1", "二、（一）1.", "完善分类管理。"),
    ("bj-2022/四/（四）", "四、（四）", "完善参与措施。"),
    ("wz-2021-122/附件/专业服务", "附件·专业服务", "项目：专业服务；分值：20分；"),
])
def test_clause_ids_follow_document_numbering(clause_id, label, starts):
    c = CLAUSES[clause_id]
    assert c.label == label
    assert c.text.startswith(starts)


def test_articles_of_shanghai_measures_are_one_to_ten():
    ids = [c for c in CLAUSES if c.startswith("sh-mca-2024-1/第")]
    assert len(ids) == 10


def test_page_split_article_is_rejoined():
    assert "常态化开展“僵尸型”社区社会组织清理整治" in CLAUSES["sh-mca-2024-1/第三条"].text
    assert "帮助备案类社区社会组织（群众活动团队和社区活动小组）申请和享受相关扶持政策。" in CLAUSES["sh-mca-2024-1/第七条"].text


def test_doubled_character_at_page_join_removed():
    text = CLAUSES["cn-wushe-2023/一"].text
    assert "重要手段" in text and "重要要手段" not in text


def test_annex_scoring_rows_sum_to_100_and_keep_their_fields():
    rows = [c for cid, c in CLAUSES.items() if cid.startswith("wz-2021-122/附件/") and not cid.endswith("备注")]
    assert len(rows) == 8
    points = [int(re.search(r"分值：(\d+)分", c.text).group(1)) for c in rows]
    assert sum(points) == 100
    assert all("<p>" not in c.text and "评分要点：" in c.text for c in rows)
    assert "90分及以上为示范型" in CLAUSES["wz-2021-122/附件/备注"].text


def test_bold_markers_and_page_artifacts_are_gone():
    for c in CLAUSES.values():
        assert "**" not in c.text and "此页无正文" not in c.text and "<p>" not in c.text


def test_front_matter_and_effective_date_are_their_own_clauses():
    assert "各区民政局，局机关相关处室，市社会组织服务中心" in CLAUSES["sh-mca-2024-1/通知"].text
    assert "第十五次全国民政会议精神" in CLAUSES["sh-mca-2024-1/序言"].text
    assert "有效期至2025年12月31日" in CLAUSES["cn-2022/施行"].text


def test_bare_heading_lists_its_children():
    text = CLAUSES["cn-2022/四/（一）"].text
    assert "实施高质量发展社区社会组织专项行动（2021－2023年）" in text and "2.实施社区社会组织分级管理" in text
