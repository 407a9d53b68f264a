"""API tests for the endpoints of the web feature: feedback, console login, questions, overview, documents, jobs.

Every staff endpoint: 401 without (or with a wrong) token, 403/422 on bad input, and nothing changed on failure.
"""
from __future__ import annotations

import re
import threading
import time

import pytest
from sqlalchemy import func, select

from api.db import session_scope
from api.models.feedback import Feedback, QuestionLog
from api.services.feedback import record_question
from api.security import STAFF_COOKIE
from api.services import knowledge
from tests.conftest import STAFF_TOKEN

STAFF_ENDPOINTS = [
    ("GET", "/api/staff/overview"), ("GET", "/api/staff/questions"), ("POST", "/api/staff/questions/handled"),
    ("GET", "/api/staff/documents"), ("GET", "/api/staff/index-job"), ("POST", "/api/staff/documents"),
    ("POST", "/api/staff/documents/sh-mca-2024-1/expire"), ("DELETE", "/api/staff/documents/sh-mca-2024-1"),
    ("POST", "/api/staff/hit-test"),
]
GOOD_FEEDBACK = {"message_id": "m-1",
                 "question": "怎么备案？", "answer": "……", "rating": "down", "reason": "没说去哪里办"}


def count(model) -> int:  # noqa: ANN001
    with session_scope() as s:
        return s.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize(("method", "path"), STAFF_ENDPOINTS)
@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Cookie": f"{STAFF_COOKIE}=forged.1.abc"}])
def test_staff_endpoints_refuse_without_auth(client, method: str, path: str, headers: dict) -> None:
    resp = client.request(method, path, headers=headers)
    assert resp.status_code == 401
    assert "令牌" in resp.json()["detail"] or "登录" in resp.json()["detail"]


# ---------------------------------------------------------------- feedback

def test_feedback_is_stored(client) -> None:
    resp = client.post("/api/feedback", json=GOOD_FEEDBACK)
    assert resp.status_code == 200 and resp.json()["ok"] is True
    with session_scope() as s:
        row = s.scalars(select(Feedback)).one()
    # stored under the sender of the gateway's signed cookie, not a body field
    assert (row.rating, row.reason) == ("down", "没说去哪里办") and re.fullmatch(r"web:[0-9a-f]{32}", row.sender_id)


@pytest.mark.parametrize("change", [{"rating": "meh"}, {"sender_id": "evil"}, {"reason": "长" * 501},
                                    {"question": 1}, {"sender_id": ""}])
def test_feedback_bad_input_is_422_in_chinese_and_stores_nothing(client, change: dict) -> None:
    resp = client.post("/api/feedback", json={**GOOD_FEEDBACK, **change})
    assert resp.status_code == 422
    assert "请修改后重试" in resp.json()["detail"]
    assert count(Feedback) == 0


def test_feedback_not_json_is_422(client) -> None:
    resp = client.post("/api/feedback", content=b"{oops", headers={"Content-Type": "application/json"})
    assert resp.status_code == 422


# ---------------------------------------------------------------- login / logout

def test_login_sets_httponly_cookie_and_session_probe_names_staff(client) -> None:
    assert client.get("/staff/session").json() == {"name": None}
    resp = client.post("/staff/login", json={"name": "api", "password": STAFF_TOKEN})
    assert resp.status_code == 200
    cookie = resp.headers["set-cookie"]
    assert STAFF_COOKIE in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    assert client.get("/staff/session").json() == {"name": "api"}
    assert client.get("/api/staff/overview").status_code == 200  # the cookie authenticates
    client.post("/staff/logout")
    assert client.get("/api/staff/overview").status_code == 401


@pytest.mark.parametrize(("body", "status"), [
    ({"password": "wrong", "name": "api"}, 401), ({"password": STAFF_TOKEN, "name": "王"}, 401),
    ({"password": STAFF_TOKEN, "name": "  "}, 422), ({"password": STAFF_TOKEN}, 422), ({"password": "", "name": "api"}, 422),
    ({"token": STAFF_TOKEN, "name": "api"}, 422), ("nonsense", 422),
])
def test_login_failures_set_no_cookie(client, body, status: int) -> None:  # noqa: ANN001
    resp = client.post("/staff/login", json=body)
    assert resp.status_code == status
    assert "set-cookie" not in resp.headers
    assert client.get("/staff/session").json() == {"name": None}


def test_login_from_another_site_is_403(client) -> None:
    resp = client.post("/staff/login", json={"password": STAFF_TOKEN, "name": "api"}, headers={"Origin": "http://evil.example"})
    assert resp.status_code == 403 and "set-cookie" not in resp.headers


def test_repeated_wrong_logins_are_throttled(client) -> None:
    codes = [client.post("/staff/login", json={"password": f"x{i}", "name": "api"}).status_code for i in range(11)]
    assert codes[:10] == [401] * 10 and codes[10] == 429
    assert client.post("/staff/login", json={"password": STAFF_TOKEN, "name": "api"}).status_code == 429


# ---------------------------------------------------------------- questions

def seed_questions() -> None:
    for q in ("社区团队备案要交什么材料？", "社区团队备案要交哪些材料呀", "团队备案需要交什么材料"):
        record_question(q, {"answer": "文件中没有找到", "confident": False, "citations": []}, "web:a")
    record_question("养老服务补贴有多少钱", {"answer": "未找到", "confident": False, "citations": []}, "web:b")
    record_question("怎么备案", {"answer": "……", "confident": True, "citations": [{"clause_id": "x/一"}]}, "web:c")
    with session_scope() as s:
        s.add(Feedback(sender_id="web:d", question="团队备案要交什么材料啊", answer="a", rating="down", reason="太笼统"))
        s.add(Feedback(sender_id="web:d", question="很好", answer="a", rating="up"))
        s.commit()


def test_questions_grouped_by_similar_question(client, auth: dict) -> None:
    seed_questions()
    groups = client.get("/api/staff/questions", headers=auth).json()["groups"]
    assert [g["count"] for g in groups] == [4, 1]
    top = groups[0]
    assert (top["unanswered"], top["down"]) == (3, 1)
    assert {i["reason"] for i in top["items"]} == {None, "太笼统"}
    assert groups[1]["question"] == "养老服务补贴有多少钱"


def test_mark_handled_is_all_or_nothing(client, auth: dict) -> None:
    seed_questions()
    items = client.get("/api/staff/questions", headers=auth).json()["groups"][0]["items"]
    refs = [{"kind": i["kind"], "id": i["id"]} for i in items]
    bad = client.post("/api/staff/questions/handled", headers=auth, json={"items": refs + [{"kind": "log", "id": 999}]})
    assert bad.status_code == 404
    with session_scope() as s:
        assert s.scalar(select(func.count()).select_from(QuestionLog).where(QuestionLog.handled.is_(True))) == 0
    ok = client.post("/api/staff/questions/handled", headers=auth, json={"items": refs})
    assert ok.json() == {"updated": 4}
    assert [g["count"] for g in client.get("/api/staff/questions", headers=auth).json()["groups"]] == [1]
    handled = client.get("/api/staff/questions?handled=true", headers=auth).json()["groups"]
    assert handled[0]["count"] == 4
    with session_scope() as s:
        assert set(s.scalars(select(QuestionLog.handled_by).where(QuestionLog.handled.is_(True)))) == {"api"}


@pytest.mark.parametrize("body", [{"items": []}, {"items": [{"kind": "nope", "id": 1}]}, {"items": [{"kind": "log", "id": 0}]},
                                  {"items": "all"}, {}])
def test_mark_handled_bad_input_is_422(client, auth: dict, body: dict) -> None:
    seed_questions()
    assert client.post("/api/staff/questions/handled", headers=auth, json=body).status_code == 422


def test_mark_handled_cross_site_is_403(client, auth: dict) -> None:
    seed_questions()
    item = client.get("/api/staff/questions", headers=auth).json()["groups"][0]["items"][0]
    resp = client.post("/api/staff/questions/handled", json={"items": [{"kind": item["kind"], "id": item["id"]}]},
                       headers={**auth, "Origin": "https://evil.example"})
    assert resp.status_code == 403
    assert client.get("/api/staff/questions", headers=auth).json()["total"] == 5


# ---------------------------------------------------------------- overview

def test_overview_counts(client, auth: dict) -> None:
    seed_questions()
    d = client.get("/api/staff/overview?days=7", headers=auth).json()
    assert len(d["dates"]) == 7 and d["questions"][-1] == 5 and d["answered"][-1] == 1
    assert d["total_questions"] == 5 and d["answered_rate"] == pytest.approx(0.2)
    assert d["feedback"] == {"up": 1, "down": 1}
    assert d["flows"] == {"filing": 0, "deregistration": 0, "handoff": 0}
    assert d["top_topics"][0] == {"topic": "备案", "count": 4}


@pytest.mark.parametrize("days", ["0", "366", "abc", "-3"])
def test_overview_bad_days_is_422(client, auth: dict, days: str) -> None:
    resp = client.get(f"/api/staff/overview?days={days}", headers=auth)
    assert resp.status_code == 422 and "days" in resp.json()["detail"]


# ---------------------------------------------------------------- documents

def doc_ids(client, auth: dict) -> list[str]:  # noqa: ANN001
    return [d["id"] for d in client.get("/api/staff/documents", headers=auth).json()["documents"]]


def test_documents_list_with_validity(client, auth: dict) -> None:
    d = client.get("/api/staff/documents", headers=auth).json()
    docs = {x["id"]: x for x in d["documents"]}
    assert {"cn-2022", "sh-mca-2024-1", "cn-wushe-2023", "wz-2021-122", "bj-2022"} <= set(docs)
    assert docs["cn-2022"]["valid_until"] == "2025-12-31"
    assert docs["sh-mca-2024-1"]["doc_number"] == "沪民社管发〔2024〕1号" and docs["sh-mca-2024-1"]["in_force"] is True
    assert d["job"]["state"] in {"idle", "done", "failed"}


FORM = {"title": "测试文件", "issuer": "某区民政局", "date": "2026-01-05", "region": "上海市"}
TEXT = ("一、总体要求\n为做好社区社会组织服务工作，制定本办法。\n" * 3).encode()


@pytest.mark.parametrize(("form", "file", "status", "words"), [
    ({**FORM, "title": ""}, ("a.txt", TEXT), 422, "标题"),
    ({**FORM, "date": "2026/01/05"}, ("a.txt", TEXT), 422, "日期"),
    ({k: v for k, v in FORM.items() if k != "region"}, ("a.txt", TEXT), 422, "地区"),
    ({**FORM, "valid_from": "2026-02-01", "valid_until": "2026-01-01"}, ("a.txt", TEXT), 422, "失效日期"),
    ({**FORM, "doc_id": "Bad ID!"}, ("a.txt", TEXT), 422, "编号"),
    ({**FORM, "doc_id": "sh-mca-2024-1"}, ("a.txt", TEXT), 409, "已存在"),
    (FORM, ("a.exe", TEXT), 422, ".docx"),
    (FORM, ("a.txt", b"   "), 422, "正文"),
    (FORM, ("a.pdf", b"%PDF-1.4 not really"), 422, "损坏"),
    (FORM, ("a.docx", b"PK not a zip"), 422, "损坏"),
    (FORM, ("a.txt", b"x" * (5 * 1024 * 1024 + 1)), 422, "5 MB"),
])
def test_upload_bad_input_changes_nothing(client, auth: dict, form: dict, file: tuple, status: int, words: str) -> None:
    before = doc_ids(client, auth)
    resp = client.post("/api/staff/documents", headers=auth, data=form, files={"file": file})
    assert resp.status_code == status, resp.text
    assert words in resp.json()["detail"]
    assert doc_ids(client, auth) == before
    assert client.get("/api/staff/index-job", headers=auth).json()["state"] != "running"


def test_upload_without_file_is_422(client, auth: dict) -> None:
    resp = client.post("/api/staff/documents", headers=auth, data=FORM)
    assert resp.status_code == 422 and "请选择" in resp.json()["detail"]


def test_upload_cross_site_is_403(client, auth: dict) -> None:
    resp = client.post("/api/staff/documents", headers={**auth, "Origin": "http://evil.example"}, data=FORM,
                       files={"file": ("a.txt", TEXT)})
    assert resp.status_code == 403


@pytest.mark.parametrize(("method", "path"), [("POST", "/api/staff/documents/no-such-doc/expire"),
                                              ("DELETE", "/api/staff/documents/no-such-doc")])
def test_unknown_document_is_404(client, auth: dict, method: str, path: str) -> None:
    before = doc_ids(client, auth)
    assert client.request(method, path, headers=auth).status_code == 404
    assert doc_ids(client, auth) == before


def test_extract_text_reads_docx_and_pdf() -> None:
    import io

    import docx

    document = docx.Document()
    document.add_paragraph("第一条 社区社会组织备案")
    buf = io.BytesIO()
    document.save(buf)
    assert "社区社会组织备案" in knowledge.extract_text("x.docx", buf.getvalue())
    assert knowledge.extract_text("x.txt", "第二条 备案".encode("gb18030")) == "第二条 备案"


# ---------------------------------------------------------------- background job (old index kept on failure)

@pytest.fixture
def fake_change(monkeypatch: pytest.MonkeyPatch):
    """A rebuild held open by an event and then failing; set_expired recorded instead of editing files."""
    from corpus import admin

    release, calls = threading.Event(), []
    monkeypatch.setattr(admin, "set_expired", lambda _base, doc_id: calls.append(doc_id))

    def failing_rebuild(progress) -> None:  # noqa: ANN001
        progress(0.3, "向量化")
        release.wait(10)
        raise RuntimeError("模型文件缺失")

    monkeypatch.setattr(knowledge, "rebuild", failing_rebuild)
    return release, calls


def test_failed_rebuild_is_reported_and_blocks_concurrent_changes(client, auth: dict, fake_change) -> None:
    release, calls = fake_change
    resp = client.post("/api/staff/documents/sh-mca-2024-1/expire", headers=auth)
    assert resp.status_code == 200 and resp.json()["job"]["state"] == "running"
    assert calls == ["sh-mca-2024-1"]
    busy = client.delete("/api/staff/documents/bj-2022", headers=auth)
    assert busy.status_code == 409 and "正在重建索引" in busy.json()["detail"]
    assert client.get("/api/staff/index-job", headers=auth).json()["progress"] == pytest.approx(0.3)
    release.set()
    for _ in range(100):
        job = client.get("/api/staff/index-job", headers=auth).json()
        if job["state"] != "running":
            break
        time.sleep(0.05)
    assert job["state"] == "failed" and "模型文件缺失" in job["error"] and "旧索引继续提供服务" in job["message"]


# ---------------------------------------------------------------- hit test

@pytest.mark.parametrize("body", [{"question": ""}, {"question": "问" * 501}, {"question": "备案", "top_k": 0},
                                  {"question": "备案", "top_k": 99}, {"question": 5}])
def test_hit_test_bad_input_is_422(client, auth: dict, body: dict) -> None:
    assert client.post("/api/staff/hit-test", headers=auth, json=body).status_code == 422
