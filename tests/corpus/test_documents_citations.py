"""Metadata, validity and the citation format."""
import datetime as dt

import pytest

from corpus.citations import render_citation, validity_note
from corpus.documents import detect_regions, load_documents

DOCS = load_documents()


def test_metadata_complete():
    assert set(DOCS) == {"cn-2022", "sh-mca-2024-1", "cn-wushe-2023", "wz-2021-122", "bj-2022"}
    for d in DOCS.values():
        assert d.title and d.issuer and d.region and d.kind and d.path.exists()
    assert DOCS["sh-mca-2024-1"].doc_number == "沪民社管发〔2024〕1号"
    assert DOCS["cn-2022"].doc_number is None and DOCS["bj-2022"].doc_number is None


def test_changning_opinion_expired_after_2025():
    doc = DOCS["cn-2022"]
    assert doc.in_force(dt.date(2025, 12, 31)) and not doc.in_force(dt.date(2026, 1, 1))
    assert "已失效" in validity_note(doc, dt.date(2026, 11, 22))
    assert validity_note(DOCS["sh-mca-2024-1"], dt.date(2026, 11, 22)) is None


@pytest.mark.parametrize("clause_id,cite", [
    ("sh-mca-2024-1/第七条", "《上海市民政局关于持续推进社区社会组织高质量发展的若干举措》（沪民社管发〔2024〕1号）第七条"),
    ("cn-2022/四/（一）/3", "《关于推进长宁区社会组织参与社区治理 高质量发展长宁社区社会组织的实施意见》四、（一）3."),
    ("cn-wushe-2023/四/（三）", "《长宁区创新“五社联动”机制 提升基层治理效能的工作方案》（长社管联办〔2023〕1号）四、（三）"),
    ("wz-2021-122/附件/实体运作", "《温州市社区社会组织培优专项行动方案（2021—2023年）》（温民社组〔2021〕122号）附件·实体运作"),
    ("bj-2022/三/（二）", "《关于促进社会组织参与社区治理的意见》三、（二）"),
])
def test_one_citation_per_document(clause_id, cite):
    c = render_citation(clause_id, today=dt.date(2026, 11, 22))
    assert c["cite"] == cite
    assert c["in_force"] is (not clause_id.startswith("cn-2022"))
    assert c["text"] and c["region"]


def test_unknown_clause_id_says_how_to_fix():
    with pytest.raises(KeyError, match="python -m corpus clauses"):
        render_citation("sh-mca-2024-1/第十一条")


@pytest.mark.parametrize("text,expected", [
    ("长宁区的群众活动团队怎么备案", [("上海", "长宁")]),
    ("北京的社会组织能参与哪些社区建设", [("北京", None)]),
    ("温州社区社会组织起名有什么规定", [("温州", None)]),
    ("社区社会组织能申请哪些补贴", []),
])
def test_region_detection(text, expected):
    assert detect_regions(text) == expected
