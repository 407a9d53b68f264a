"""Residents follow their requests: /internal/requests/lookup (own requests only), the resident-visible note
staff set with the PATCH, and the once-only notice of a status change on the sender's next chat message.
Real HTTP through the app, on SQLite and PostgreSQL."""
from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from api.services import dialogue
from api.services.resident_status import normalise_reference
from tests.api.test_requests_api import INTERNAL, PHONE, STAFF, filing, submit


@pytest.fixture
def database_url(any_database_url: str) -> str:
    return any_database_url


def lookup(client: TestClient, sender: str, **body: str) -> list[dict]:
    resp = client.post("/internal/requests/lookup", json={"sender_id": sender, **body}, headers=INTERNAL)
    assert resp.status_code == 200, resp.text
    return resp.json()["items"]


def patch(client: TestClient, ref: str, **body: str) -> dict:
    resp = client.patch(f"/api/filings/{ref}", json=body, headers=STAFF)
    assert resp.status_code == 200, resp.text
    return resp.json()


@pytest.fixture
def chat(client: TestClient, settings, monkeypatch):  # noqa: ANN001, ANN201
    """/api/chat with Rasa unreachable: the reply is the 「暂时不可用」 text, notices come from the gateway alone."""
    monkeypatch.setattr(settings, "rasa_url", "http://127.0.0.1:9")
    monkeypatch.setattr(dialogue, "_client", None)

    def say(text: str) -> list[str]:
        resp = client.post("/api/chat", json={"message": text})
        assert resp.status_code == 200, resp.text
        return [m["text"] for m in resp.json()["messages"]]

    return say


def test_lookup_answers_only_the_senders_own_requests(client: TestClient) -> None:
    ref = submit(client, "filing", filing(), sender="web:alice")["reference"]
    submit(client, "handoff", {"question": "场地怎么申请？", "contact_phone": PHONE}, sender="web:alice")
    [own] = lookup(client, "web:alice", reference=ref.lower().replace("-", ""))
    assert own == {"reference": ref, "kind": "filing", "title": "备案申请", "label": "幸福广场舞队", "status": "已提交",
                   "updated_at": own["updated_at"], "resident_note": ""}
    assert len(own["updated_at"]) == 16  # 2026-11-26 14:03, China time
    assert [i["kind"] for i in lookup(client, "web:alice")] == ["handoff", "filing"]  # newest first
    assert [i["kind"] for i in lookup(client, "web:alice", kind="filing")] == ["filing"]
    # someone else's reference: exactly what a reference that does not exist gets
    assert lookup(client, "web:bob", reference=ref) == [] == lookup(client, "web:bob", reference="BA-20991231-9999")
    assert lookup(client, "web:bob") == []
    stored = json.dumps(lookup(client, "web:alice"), ensure_ascii=False)
    assert PHONE not in stored and "王阿姨" not in stored and "场地怎么申请" not in stored


def test_lookup_needs_the_internal_token(client: TestClient) -> None:
    body = {"sender_id": "web:alice"}
    assert client.post("/internal/requests/lookup", json=body).status_code in (401, 403)
    assert client.post("/internal/requests/lookup", json=body, headers=STAFF).status_code in (401, 403)
    bad = client.post("/internal/requests/lookup", json={"sender_id": "web:alice", "kind": "x"}, headers=INTERNAL)
    assert bad.status_code == 422


def test_staff_choose_what_the_resident_sees(client: TestClient) -> None:
    ref = submit(client, "filing", filing(), sender="web:alice")["reference"]
    detail = patch(client, ref, status="已联系", note="电话打了两次才接（内部）", resident_note="请周三上午带成员名单到街道")
    assert detail["resident_note"] == "请周三上午带成员名单到街道"
    [item] = lookup(client, "web:alice", reference=ref)
    assert item["status"] == "已联系" and item["resident_note"] == "请周三上午带成员名单到街道"
    assert "内部" not in json.dumps(item, ensure_ascii=False)
    # the same status with a new note: the note alone changes, recorded in the history
    detail = patch(client, ref, status="已联系", resident_note="改为周四上午")
    assert detail["resident_note"] == "改为周四上午" and detail["history"][-1]["to_status"] == "已联系"
    # without a status the PATCH is still refused
    assert client.patch(f"/api/filings/{ref}", json={"resident_note": "x"}, headers=STAFF).status_code == 422


def test_a_status_change_is_announced_once_on_the_next_message(client: TestClient, chat) -> None:  # noqa: ANN001
    sender = client.get("/api/chat/session").json()["sender_id"]
    ref = submit(client, "filing", filing(), sender=sender)["reference"]
    other = submit(client, "filing", filing(team_name="别人的队"), sender="web:" + "b" * 32)["reference"]
    assert chat("你好") == [dialogue.RASA_DOWN]  # submitted, nothing changed yet
    patch(client, ref, status="已联系", resident_note="请周三上午带成员名单到街道")
    patch(client, other, status="不予受理")
    first = chat("你好")
    assert first[1:] == [dialogue.RASA_DOWN]
    assert first[0].startswith(f"📌 您的备案申请 {ref}（幸福广场舞队）状态已更新为「已联系」（")
    assert first[0].endswith("\n工作人员说明：请周三上午带成员名单到街道")
    assert other not in "".join(first)
    assert chat("好的") == [dialogue.RASA_DOWN]  # once
    patch(client, ref, status="已办结")
    assert "「已办结」" in chat("还有吗")[0]


def test_a_lookup_counts_as_seen(client: TestClient, chat) -> None:  # noqa: ANN001
    sender = client.get("/api/chat/session").json()["sender_id"]
    ref = submit(client, "filing", filing(), sender=sender)["reference"]
    patch(client, ref, status="已联系")
    assert lookup(client, sender, reference=ref)[0]["status"] == "已联系"  # what the action server asks in that turn
    assert chat("谢谢") == [dialogue.RASA_DOWN]


@pytest.mark.parametrize("text, reference", [("ＢＡ－２０２６１１２６－０００１进度", "BA-20261126-0001"),
                                             ("zx20261125 0002", "ZX-20261125-0002"), ("BA-2026-0001", None)])
def test_reference_spellings(text: str, reference: str | None) -> None:
    assert normalise_reference(text) == reference
