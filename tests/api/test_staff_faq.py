"""The knowledge-gap loop over real HTTP (TestClient, real database, real model and index): staff write a
grounded 百问百答 entry, it answers at once, edits and retirements have a history, export/import
round-trips, the question log shows what the assistant did, and only authenticated hit tests stay out of it."""
from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from tests.conftest import STAFF_TOKEN

pytestmark = pytest.mark.slow
AUTH = {"Authorization": f"Bearer {STAFF_TOKEN}"}
QUESTION = "老年人编织小组可以备案吗？"
PARAPHRASE = "编织兴趣小组能不能去备案"
ENTRY = {"question": QUESTION, "paraphrases": [PARAPHRASE, "阿姨们的手工编织队怎么备案"],
         "answer": "可以按群众活动团队备案：区民政局指导街（镇）及时做好社区群众活动团队备案相关工作。",
         "clause_ids": ["sh-mca-2024-1/第二条"], "topic": "分级分类与备案", "region": "上海"}


def _create(client, **change) -> str:  # noqa: ANN001
    resp = client.post("/api/staff/faq", json={**ENTRY, **change}, headers=AUTH)
    assert resp.status_code == 201, resp.text
    return resp.json()["id"]


def test_refused_question_answered_from_the_new_entry(client) -> None:  # noqa: ANN001
    before = client.post("/api/ask", json={"question": QUESTION}).json()
    assert before["confident"] is False
    entry_id = _create(client)
    for phrasing in (QUESTION, PARAPHRASE):
        body = client.post("/api/ask", json={"question": phrasing}).json()
        assert body["source"] == "faq" and body["faq_id"] == entry_id, body
        assert body["citations"][0]["clause_id"] == "sh-mca-2024-1/第二条"
    listed = client.get("/api/faq", params={"q": "编织"}).json()["entries"]
    assert [e["id"] for e in listed] == [entry_id] and listed[0]["staff_written"] is True
    assert QUESTION in client.get("/faq").text  # the booklet includes staff-written entries


@pytest.mark.parametrize(("change", "words"), [
    ({"answer": "每个编织小组每年可获得5000元活动补贴。"}, "5000"),
    ({"answer": "每个团队可获三千元补贴。"}, "三千元"),
    ({"answer": "按“银发巧手计划”备案。"}, "银发巧手计划"),
    ({"clause_ids": ["sh-mca-2024-1/第九十九条"]}, "条款编号不存在"),
    ({"region": "北京"}, "地区不一致"),
    ({"clause_ids": ["cn-2022/四/（一）/2"], "region": "长宁",
      "answer": "街道（镇）负责社区群众活动团队的备案工作。"}, "有效期至"),
    ({"region": "杭州"}, "地区只能是"),
])
def test_ungrounded_entry_is_422_with_the_reason_in_chinese(client, change: dict, words: str) -> None:  # noqa: ANN001
    resp = client.post("/api/staff/faq", json={**ENTRY, **change}, headers=AUTH)
    assert resp.status_code == 422, resp.text
    assert words in resp.json()["detail"]
    assert client.get("/api/staff/faq", headers=AUTH).json()["entries"] == []  # nothing stored


def test_silent_entry_is_allowed_and_marked(client) -> None:  # noqa: ANN001
    entry_id = _create(client, question="编织小组备案要交哪些材料？", paraphrases=[],
                       answer="文件没有写备案需要的具体材料，请咨询所在街（镇）。")
    detail = client.get(f"/api/staff/faq/{entry_id}", headers=AUTH).json()
    assert detail["silent"] is True and detail["origin"] == "staff"


def test_bad_input_and_duplicates(client) -> None:  # noqa: ANN001
    for body in ({**ENTRY, "clause_ids": []}, {**ENTRY, "question": " "}, {**ENTRY, "answer": 5}, {"question": "x"}):
        resp = client.post("/api/staff/faq", json=body, headers=AUTH)
        assert resp.status_code == 422 and any("\u4e00" <= ch <= "\u9fff" for ch in resp.json()["detail"])
    _create(client)
    again = client.post("/api/staff/faq", json=ENTRY, headers=AUTH)
    assert again.status_code == 422 and "重复" in again.json()["detail"]


def test_staff_endpoints_need_staff(client) -> None:  # noqa: ANN001
    assert client.post("/api/staff/faq", json=ENTRY).status_code == 401
    assert client.get("/api/staff/faq").status_code == 401
    assert client.get("/api/staff/faq/export").status_code == 401
    assert client.get("/api/staff/question-log").status_code == 401


@pytest.fixture
def named_account(monkeypatch: pytest.MonkeyPatch) -> None:
    """A named console account (STAFF_USERS), set before the `settings` fixture reads the environment."""
    from api.staff_accounts import hash_password

    monkeypatch.setenv("STAFF_USERS", f"王工作:{hash_password('bianzhi-2026')}")


def test_edit_retire_restore_with_history_naming_the_staff_member(named_account, client) -> None:  # noqa: ANN001
    entry_id = _create(client)
    assert client.post("/staff/login", json={"name": "王工作", "password": "bianzhi-2026"}).status_code == 200
    edited = {**ENTRY, "paraphrases": [PARAPHRASE]}
    changes = client.put(f"/api/staff/faq/{entry_id}", json=edited).json()["changes"]
    assert list(changes) == ["paraphrases"]
    assert client.post(f"/api/staff/faq/{entry_id}/retire", json={"retired": True}).status_code == 200
    assert client.get("/api/faq", params={"q": "编织"}).json()["count"] == 0
    assert client.post("/api/ask", json={"question": QUESTION}).json()["faq_id"] != entry_id
    client.post(f"/api/staff/faq/{entry_id}/retire", json={"retired": False})
    history = client.get(f"/api/staff/faq/{entry_id}/history").json()["history"]
    assert [(h["action"], h["who"]) for h in history] == [("新建", "api"), ("修改", "王工作"), ("停用", "王工作"),
                                                          ("恢复", "王工作")]
    assert history[1]["changes"]["paraphrases"][1] == [PARAPHRASE]
    assert client.get("/api/staff/faq/faq-999/history").status_code == 404


def test_yaml_entry_can_be_retired_and_edited(client) -> None:  # noqa: ANN001
    assert client.post("/api/staff/faq/faq-021/retire", json={"retired": True}, headers=AUTH).status_code == 200
    assert "faq-021" not in {e["id"] for e in client.get("/api/faq").json()["entries"]}
    client.post("/api/staff/faq/faq-021/retire", json={"retired": False}, headers=AUTH)
    assert "faq-021" in {e["id"] for e in client.get("/api/faq").json()["entries"]}


def test_export_and_import_round_trip(client) -> None:  # noqa: ANN001
    entry_id = _create(client)
    exported = client.get("/api/staff/faq/export", params={"format": "xlsx"}, headers=AUTH)
    assert exported.status_code == 200
    book = load_workbook(io.BytesIO(exported.content))
    rows = list(book.active.iter_rows(values_only=True))
    mine = next(i for i, r in enumerate(rows) if r[0] == entry_id)
    book.active.cell(row=mine + 1, column=6, value=f"{PARAPHRASE}\n编织队备案找谁")
    buffer = io.BytesIO()
    book.save(buffer)
    files = {"file": ("faq.xlsx", buffer.getvalue(), "application/octet-stream")}
    counts = client.post("/api/staff/faq/import", files=files, headers=AUTH).json()
    assert counts["updated"] == 1 and counts["created"] == 0 and counts["unchanged"] == len(rows) - 2
    book.active.cell(row=mine + 1, column=7, value="每年补贴8000元。")
    buffer = io.BytesIO()
    book.save(buffer)
    refused = client.post("/api/staff/faq/import", files={"file": ("faq.xlsx", buffer.getvalue())}, headers=AUTH)
    assert refused.status_code == 422 and "8000" in refused.json()["detail"] and "未保存" in refused.json()["detail"]
    yaml_text = client.get("/api/staff/faq/export", headers=AUTH).text
    assert "编织队备案找谁" in yaml_text and "8000" not in yaml_text


def test_hit_test_header_honoured_only_for_staff(client) -> None:  # noqa: ANN001
    client.post("/api/ask", json={"question": "宝宝打预防针要带哪些证件？"}, headers={"X-Staff-Hit-Test": "1"})
    client.post("/api/ask", json={"question": "猫咪疫苗在哪里打？"}, headers={"X-Staff-Hit-Test": "1", **AUTH})
    client.post("/api/staff/hit-test", json={"question": "狗狗证怎么办理？"}, headers=AUTH)
    log = client.get("/api/staff/question-log", params={"scope": "all"}, headers=AUTH).json()
    asked = {i["question"] for g in log["groups"] for i in g["items"]}
    assert "宝宝打预防针要带哪些证件？" in asked
    assert not asked & {"猫咪疫苗在哪里打？", "狗狗证怎么办理？"}


def test_question_log_groups_show_what_was_answered(client) -> None:  # noqa: ANN001
    for q in ("老年人编织小组可以备案吗？", "老年人编织小组可以备案吗", "社区群众活动团队由谁负责备案？"):
        client.post("/api/ask", json={"question": q})
    client.post("/api/feedback", json={"question": "老年人编织小组能备案吗", "answer": "……", "rating": "down",
                                       "reason": "没回答能不能备案"})
    log = client.get("/api/staff/question-log", params={"scope": "all"}, headers=AUTH).json()
    group = next(g for g in log["groups"] if "编织" in g["question"])
    assert group["count"] == 3 and group["asked"] == 2 and group["answered"]["refused"] == 2
    assert group["feedback"] == {"up": 0, "down": 1, "reasons": ["没回答能不能备案"]}
    assert group["first_at"] <= group["last_at"] and group["nearest"]
    assert all(c["clause_id"] and c["title"] for c in group["nearest"])
    answered = next(g for g in log["groups"] if "由谁负责" in g["question"])
    assert answered["answered"]["refused"] == 0 and (answered["answered"]["clauses"] or answered["answered"]["entries"])
    gaps = client.get("/api/staff/question-log", headers=AUTH).json()
    assert all("由谁负责" not in g["question"] for g in gaps["groups"])


def test_top_topics_are_compendium_topics_and_sections(client) -> None:  # noqa: ANN001
    for q in ("社区群众活动团队由谁负责备案？", "什么是“僵尸型”社区社会组织清理整治？", "宝宝打预防针要带哪些证件？"):
        client.post("/api/ask", json={"question": q})
    topics = {t["topic"]: t["count"] for t in client.get("/api/staff/overview", headers=AUTH).json()["top_topics"]}
    assert "退出与注销" in topics and topics.get("其他", 0) <= 1
