"""HTTP tests of /internal/requests and the staff request endpoints, on SQLite and PostgreSQL."""
from __future__ import annotations

import csv
import io
import logging
import re

import pytest
from fastapi.testclient import TestClient

from api.security import STAFF_COOKIE, make_staff_session
from api.staff_accounts import hash_password
from config.settings import get_settings
from tests.conftest import INTERNAL_TOKEN, STAFF_TOKEN

STAFF = {"Authorization": f"Bearer {STAFF_TOKEN}"}
INTERNAL = {"X-Internal-Token": INTERNAL_TOKEN}
PHONE = "13912345678"


@pytest.fixture
def database_url(any_database_url: str) -> str:
    """Every test here runs on both backends."""
    return any_database_url


def filing(**overrides: object) -> dict:
    data = {"team_name": "幸福广场舞队", "category": "文体活动类", "district": "长宁区", "street": "华阳路街道",
            "community": "姚家角居委", "member_count": 25, "leader_name": "王阿姨", "leader_phone": PHONE,
            "activity_place": "小区广场", "activities": "每天晚上跳广场舞", "tier": "群众活动团队备案"}
    return {**data, **overrides}


def submit(client: TestClient, kind: str, data: dict, sender: str = "web:abc") -> dict:
    resp = client.post("/internal/requests", json={"kind": kind, "sender_id": sender, "data": data},
                       headers=INTERNAL)
    assert resp.status_code == 200, resp.text
    return resp.json()


def total(client: TestClient, path: str = "filings") -> int:
    return client.get(f"/api/{path}", headers=STAFF).json()["total"]


def test_filing_gets_daily_reference_and_is_stored(client: TestClient) -> None:
    first = submit(client, "filing", filing())["reference"]
    second = submit(client, "filing", filing(team_name="合唱团"))["reference"]
    assert re.fullmatch(r"BA-\d{8}-0001", first)
    assert second == first[:-4] + "0002"
    detail = client.get(f"/api/filings/{first}", headers=STAFF).json()
    assert detail["leader_phone"] == PHONE and detail["member_count"] == 25 and detail["status"] == "已提交"
    assert detail["created_at"].endswith("+08:00")
    assert [h["to_status"] for h in detail["history"]] == ["已提交"]


def test_deregistration_and_handoff_prefixes(client: TestClient) -> None:
    zx = submit(client, "deregistration", {"org_kind": "群众活动团队", "org_name": "幸福广场舞队", "district": "长宁区",
                                           "street": "华阳路街道", "reason": "团队解散"})["reference"]
    rg = submit(client, "handoff", {"question": "我们想申请场地，找谁？"})["reference"]
    assert zx.startswith("ZX-") and rg.startswith("RG-")
    assert client.get(f"/api/deregistrations/{zx}", headers=STAFF).json()["reason"] == "团队解散"
    assert client.get(f"/api/handoffs/{rg}", headers=STAFF).json()["contact"] == ""


def test_a_repeated_handoff_joins_the_unread_one_with_the_number_given_now(client: TestClient) -> None:
    first = submit(client, "handoff", {"question": "我要找真人问问 能不能打个电话给我"}, sender="web:rg")
    again = submit(client, "handoff", {"question": "转人工 13812345678", "contact_phone": PHONE}, sender="web:rg")
    other = submit(client, "handoff", {"question": "转人工"}, sender="web:someone-else")
    assert (first["merged"], again["merged"], other["merged"]) == (False, True, False)
    assert again["reference"] == first["reference"] != other["reference"]
    detail = client.get(f"/api/handoffs/{first['reference']}", headers=STAFF).json()
    assert detail["contact"] == PHONE and "后来又说：转人工 138****5678" in detail["context"]  # masked in text
    assert client.get("/api/handoffs?sender_id=web:rg", headers=STAFF).json()["total"] == 1
    read = client.patch(f"/api/handoffs/{first['reference']}", json={"status": "已联系"}, headers=STAFF)
    assert read.status_code == 200, read.text  # once staff have it in hand, a new 转人工 is a new request
    assert submit(client, "handoff", {"question": "还是没人联系我"}, sender="web:rg")["merged"] is False


@pytest.mark.parametrize(("data", "expected"), [
    (filing(leader_phone="12345678901"), "负责人手机号：手机号格式不正确"),
    (filing(leader_phone="1391234567"), "手机号格式不正确"),
    (filing(member_count=0), "成员人数"),
    (filing(member_count="很多"), "成员人数：应为整数"),
    (filing(team_name="   "), "团队名称：内容不能为空"),
    (filing(leader_name=""), "负责人姓名"),
    (filing(category="跳舞类"), "类别应为"),
    ({k: v for k, v in filing().items() if k != "street"}, "街道/镇：缺少必填字段"),
])
def test_bad_filing_is_refused_in_chinese_and_not_stored(client: TestClient, data: dict, expected: str) -> None:
    resp = client.post("/internal/requests", json={"kind": "filing", "sender_id": "web:x", "data": data},
                       headers=INTERNAL)
    assert resp.status_code == 422
    assert expected in resp.json()["detail"]
    assert total(client) == 0


def test_unknown_kind_and_bad_body_are_422(client: TestClient) -> None:
    for body in ({"kind": "loan", "sender_id": "a", "data": {}}, {"kind": "filing", "data": filing()}, []):
        resp = client.post("/internal/requests", json=body, headers=INTERNAL)
        assert resp.status_code == 422 and resp.json()["detail"]


@pytest.mark.parametrize("headers", [{}, {"X-Internal-Token": "wrong"}, {"X-Internal-Token": ""}, STAFF])
def test_internal_endpoint_needs_internal_token(client: TestClient, headers: dict) -> None:
    resp = client.post("/internal/requests", json={"kind": "filing", "sender_id": "a", "data": filing()},
                       headers=headers)
    assert resp.status_code == 401 and "令牌" in resp.json()["detail"]
    assert total(client) == 0


STAFF_CALLS = [("get", "/api/filings"), ("get", "/api/filings.csv"), ("get", "/api/filings/{ref}"),
               ("patch", "/api/filings/{ref}"), ("get", "/api/deregistrations"), ("get", "/api/handoffs.csv")]


@pytest.mark.parametrize(("method", "path"), STAFF_CALLS)
@pytest.mark.parametrize("auth", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": STAFF_TOKEN},
                                  {"Cookie": f"{STAFF_COOKIE}=forged.1.abc"}])
def test_staff_endpoints_refuse_without_valid_credentials(client: TestClient, method: str, path: str,
                                                          auth: dict) -> None:
    ref = submit(client, "filing", filing())["reference"]
    resp = client.request(method, path.format(ref=ref), headers=auth, json={"status": "已联系"})
    assert resp.status_code == 401
    assert PHONE not in resp.text and "幸福" not in resp.text and "登录" in resp.json()["detail"]
    assert client.get(f"/api/filings/{ref}", headers=STAFF).json()["status"] == "已提交"


def test_session_cookie_grants_access_and_names_who(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STAFF_USERS", f"李社工:{hash_password('李社工的密码')}")  # a named account (STAFF_USERS)
    get_settings.cache_clear()  # re-read with the account; the settings fixture clears it again afterwards
    ref = submit(client, "filing", filing())["reference"]
    client.cookies.set(STAFF_COOKIE, make_staff_session("局长"))  # signed, but no such account
    assert client.patch(f"/api/filings/{ref}", json={"status": "已联系"}).status_code == 401
    client.cookies.set(STAFF_COOKIE, make_staff_session("李社工"))
    resp = client.patch(f"/api/filings/{ref}", json={"status": "已联系", "note": "已电话联系"})
    assert resp.status_code == 200
    change = resp.json()["history"][-1]
    assert change["who"] == "李社工" and change["from_status"] == "已提交" and change["note"] == "已电话联系"


def test_status_workflow_and_refused_transitions(client: TestClient) -> None:
    ref = submit(client, "filing", filing())["reference"]
    url = f"/api/filings/{ref}"
    bad = client.patch(url, json={"status": "已办结"}, headers=STAFF)
    assert bad.status_code == 422 and "不能从“已提交”改为“已办结”" in bad.json()["detail"]
    assert client.patch(url, json={"status": "完成了"}, headers=STAFF).status_code == 422
    assert client.patch(url, json={"note": "x"}, headers=STAFF).status_code == 422
    assert client.get(url, headers=STAFF).json()["status"] == "已提交"
    assert client.patch(url, json={"status": "已联系"}, headers=STAFF).status_code == 200
    done = client.patch(url, json={"status": "已办结", "note": "已完成备案"}, headers=STAFF).json()
    assert done["status"] == "已办结"
    assert [(h["from_status"], h["to_status"], h["who"]) for h in done["history"]][1:] == [
        ("已提交", "已联系", "api"), ("已联系", "已办结", "api")]
    final = client.patch(url, json={"status": "不予受理"}, headers=STAFF)
    assert final.status_code == 422 and "最终状态" in final.json()["detail"]


def test_unknown_reference_is_chinese_404(client: TestClient) -> None:
    for method in ("get", "patch"):
        resp = client.request(method, "/api/filings/BA-20000101-9999", headers=STAFF, json={"status": "已联系"})
        assert resp.status_code == 404 and "没有找到编号为 BA-20000101-9999 的备案申请" in resp.json()["detail"]
    assert client.get("/api/handoffs/BA-x", headers=STAFF).status_code == 404


def test_list_filters_and_masked_phone(client: TestClient) -> None:
    a = submit(client, "filing", filing(), sender="wx:a")["reference"]
    submit(client, "filing", filing(street="新华路街道"), sender="wx:b")
    client.patch(f"/api/filings/{a}", json={"status": "已联系"}, headers=STAFF)

    def refs(**params: str) -> list[str]:
        resp = client.get("/api/filings", params=params, headers=STAFF)
        assert resp.status_code == 200, resp.text
        return [item["reference"] for item in resp.json()["items"]]

    assert refs(sender_id="wx:a") == [a]
    assert refs(status="已联系") == [a]
    assert len(refs(street="新华路街道")) == 1 and len(refs()) == 2
    listed = client.get("/api/filings", headers=STAFF).json()["items"][0]
    assert listed["leader_phone"] == "139****5678"
    today = a[3:11]
    day = f"{today[:4]}-{today[4:6]}-{today[6:]}"
    assert len(refs(date_from=day, date_to=day)) == 2
    assert refs(date_from="2000-01-01", date_to="2000-01-02") == []


@pytest.mark.parametrize("params", [{"status": "done"}, {"date_from": "昨天"}, {"limit": "0"},
                                    {"date_from": "2026-02-02", "date_to": "2026-01-01"}])
def test_bad_filters_are_422(client: TestClient, params: dict) -> None:
    resp = client.get("/api/filings", params=params, headers=STAFF)
    assert resp.status_code == 422 and resp.json()["detail"]


def test_handoffs_have_no_street_filter(client: TestClient) -> None:
    resp = client.get("/api/handoffs", params={"street": "华阳路街道"}, headers=STAFF)
    assert resp.status_code == 422 and "街道" in resp.json()["detail"]


def test_csv_has_bom_chinese_headers_and_no_formulas(client: TestClient) -> None:
    submit(client, "filing", filing(team_name="=HYPERLINK(\"http://x\")", activities="-1+2",
                                    activity_place="@SUM(A1)"))
    resp = client.get("/api/filings.csv", headers=STAFF)
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/csv")
    assert "attachment" in resp.headers["content-disposition"]
    assert resp.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(resp.content.decode("utf-8-sig"))))
    header, row = rows[0], dict(zip(rows[0], rows[1]))
    assert header[:3] == ["编号", "会话标识", "状态"] and "负责人手机号" in header
    assert row["团队名称"] == "'=HYPERLINK(\"http://x\")" and row["活动内容"] == "'-1+2"
    assert row["活动地点"] == "'@SUM(A1)" and row["负责人手机号"] == PHONE


def test_csv_applies_filters(client: TestClient) -> None:
    submit(client, "handoff", {"question": "问题一"}, sender="wx:a")
    submit(client, "handoff", {"question": "问题二"}, sender="wx:b")
    text = client.get("/api/handoffs.csv", params={"sender_id": "wx:b"}, headers=STAFF).content.decode("utf-8-sig")
    assert "问题二" in text and "问题一" not in text


def test_phone_never_logged(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        ref = submit(client, "filing", filing())["reference"]
        client.get(f"/api/filings/{ref}", headers=STAFF)
    assert ref in caplog.text and PHONE not in caplog.text


def test_payloads_as_the_dialogue_actions_send_them(client: TestClient) -> None:
    """actions/deregistration.py and actions/handoff.py use their own key names; both must store."""
    zx = submit(client, "deregistration", {"org_type": "备案的社区群众活动团队", "org_name": "幸福广场舞队",
                                           "region": "长宁区新华路街道", "reason": "解散", "contact_phone": PHONE})
    rg = submit(client, "handoff", {"message": "人工", "recent_messages": ["场地怎么申请", "人工"],
                                    "active_flow": "团队备案", "contact_phone": None})
    dereg = client.get(f"/api/deregistrations/{zx['reference']}", headers=STAFF).json()
    assert (dereg["org_kind"], dereg["district"], dereg["street"], dereg["contact"]) == (
        "备案的社区群众活动团队", "长宁区", "新华路街道", PHONE)
    listed = client.get("/api/deregistrations", params={"street": "新华路街道"}, headers=STAFF).json()
    assert listed["total"] == 1 and listed["items"][0]["contact"] == "139****5678"
    handoff = client.get(f"/api/handoffs/{rg['reference']}", headers=STAFF).json()
    assert handoff["question"] == "人工" and handoff["context"] == "进行中的流程：团队备案\n场地怎么申请\n人工"


@pytest.mark.parametrize(("data", "expected"), [
    ({"org_kind": "团队", "org_name": "舞队", "reason": "解散"}, "请填写所在区和街道"),
    ({"org_kind": "团队", "org_name": "舞队", "region": "长宁区", "reason": "解散", "contact_phone": "123"},
     "联系方式：手机号格式不正确"),
    ({"org_kind": "团队", "org_name": " ", "region": "长宁区", "reason": "解散"}, "组织名称"),
])
def test_bad_deregistration_is_422(client: TestClient, data: dict, expected: str) -> None:
    resp = client.post("/internal/requests", json={"kind": "deregistration", "sender_id": "a", "data": data},
                       headers=INTERNAL)
    assert resp.status_code == 422 and expected in resp.json()["detail"]
    assert total(client, "deregistrations") == 0
