"""The staff console in a real browser: login, requests workflow + CSV, questions review, overview charts,
knowledge upload → background re-index → hit test (real retrieval pipeline, temp copies of knowledge and index)."""
from __future__ import annotations

import time

import httpx
from playwright.sync_api import expect

from tests.conftest import INTERNAL_TOKEN, STAFF_TOKEN
from tests.web.conftest import screenshot

FILING = {"team_name": "彩虹广场舞队", "category": "文体活动类", "district": "长宁区", "street": "新华路街道",
          "community": "幸福居委", "member_count": 25, "leader_name": "李阿姨", "leader_phone": "13800138000",
          "activity_place": "幸福公园", "activities": "每天晚上跳广场舞"}


def store_filing(gateway, data: dict | None = None) -> str:  # noqa: ANN001
    """What the action server does at the end of the filing flow."""
    resp = httpx.post(f"{gateway.url}/internal/requests", headers={"X-Internal-Token": INTERNAL_TOKEN}, timeout=30,
                      json={"kind": "filing", "sender_id": "web:test", "data": data or FILING})
    assert resp.status_code == 200, resp.text
    return resp.json()["reference"]


def login(page, base_url: str, name: str = "api", token: str = STAFF_TOKEN) -> None:  # noqa: ANN001
    """Log in as the token's account ``api`` (named accounts: tests/security/test_staff_accounts.py)."""
    page.goto(base_url + "/staff")
    page.fill("#login-name", name)
    page.fill("#login-password", token)
    page.click("#login-form button[type=submit]")
    expect(page.locator("#who")).to_have_text(f"工作人员：{name}")


def test_login_logout_and_wrong_token(gateway, page_factory) -> None:  # noqa: ANN001
    page = page_factory()
    page.goto(gateway.url + "/staff")
    expect(page.locator("#login")).to_be_visible()
    expect(page.locator("#app")).to_be_hidden()
    login(page, gateway.url)
    page.reload()
    expect(page.locator("#app")).to_be_visible()  # the session cookie survives a reload
    page.click("#logout")
    expect(page.locator("#login")).to_be_visible()
    page.reload()
    expect(page.locator("#login")).to_be_visible()


def test_filing_status_change_and_csv(gateway, page_factory) -> None:  # noqa: ANN001
    reference = store_filing(gateway)
    store_filing(gateway, {**FILING, "team_name": "别的街道合唱团", "street": "江苏路街道"})
    page = page_factory()
    login(page, gateway.url)
    page.click(".tab[data-tab=requests]")
    page.fill("#rq-street", "新华路街道")
    page.click("#rq-filters button[type=submit]")
    row = page.locator(f"#rq-table tr[data-reference='{reference}']")
    expect(row).to_contain_text("彩虹广场舞队")
    expect(row).to_contain_text("138****8000")
    expect(page.locator("#rq-table tbody")).not_to_contain_text("别的街道合唱团")
    row.click()
    expect(page.locator("#rq-detail")).to_contain_text("13800138000")
    page.select_option("#st-status", "已联系")
    page.fill("#st-note", "已电话联系李阿姨")
    page.click(".status-form button[type=submit]")
    expect(page.locator("#rq-detail h3")).to_have_text(f"{reference} · 已联系")
    expect(page.locator("#rq-detail .history")).to_contain_text("api：已提交 → 已联系")
    expect(row).to_contain_text("已联系")
    screenshot(page, "staff-requests-1280x800.png")
    with page.expect_download() as info:
        page.click("#rq-csv")
    csv_text = open(info.value.path(), encoding="utf-8-sig").read()
    assert reference in csv_text and "已联系" in csv_text and "13800138000" in csv_text
    assert "别的街道合唱团" not in csv_text  # the export follows the filters


def test_questions_grouped_and_marked_handled(gateway, page_factory) -> None:  # noqa: ANN001
    for q in ("舞蹈队备案要交什么材料？", "舞蹈队备案要交哪些材料"):
        httpx.post(f"{gateway.url}/api/feedback", timeout=30, json={
            "question": q, "answer": "……", "rating": "down", "reason": "没讲材料"})
    page = page_factory()
    login(page, gateway.url)
    page.click(".tab[data-tab=questions]")
    group = page.locator(".q-group", has_text="舞蹈队备案要交")
    expect(group).to_have_count(1)
    expect(group.locator(".q-items li")).to_have_count(2)
    group.get_by_role("button", name="标记已处理").click()
    expect(page.locator(".q-group", has_text="舞蹈队备案要交")).to_have_count(0)
    page.select_option("#q-handled", "true")
    expect(page.locator(".q-group", has_text="舞蹈队备案要交")).to_have_count(1)


def test_overview_charts_render_from_local_chart_js(gateway, page_factory) -> None:  # noqa: ANN001
    page = page_factory()
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    login(page, gateway.url)
    expect(page.locator("#ov-tiles .tile")).to_have_count(6)
    assert page.evaluate("typeof Chart") == "function"
    for key in ("days", "flows", "topics"):
        assert page.evaluate(f"!!Chart.getChart(document.getElementById('ch-{key}'))")
    assert all(u.startswith(gateway.url) for u in requested), "no CDN or external request"
    screenshot(page, "staff-overview-1280x800.png")


def wait_job(page) -> str:  # noqa: ANN001
    """Wait for the visible job box to leave 'running' (a real re-index takes a while on 2 cores)."""
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        text = page.locator("#job").inner_text()
        if "已完成" in text or "失败" in text:
            return text
        time.sleep(1)
    raise TimeoutError("索引任务超过 10 分钟未结束")


def test_upload_document_then_find_it_in_hit_test(gateway, page_factory, tmp_path) -> None:  # noqa: ANN001
    doc = tmp_path / "dragon.txt"
    doc.write_text("关于开展社区龙舟文化节活动的通知\n一、活动目的\n社区龙舟文化节由街道社区龙舟协会承办，"
                   "每年端午节前组织居民龙舟训练和龙舟竞渡表演。\n二、参加对象\n辖区居民龙舟爱好者均可报名参加社区龙舟队。\n",
                   encoding="utf-8")
    page = page_factory()
    page.on("dialog", lambda d: d.accept())
    login(page, gateway.url)
    page.click(".tab[data-tab=knowledge]")
    page.set_input_files("#up-file", str(doc))
    form = page.locator("#upload-form")
    form.locator("[name=title]").fill("关于开展社区龙舟文化节活动的通知")
    form.locator("[name=issuer]").fill("测试街道办事处")
    form.locator("[name=date]").fill("2026-05-01")
    form.locator("[name=region]").fill("上海市")
    form.locator("[name=doc_id]").fill("test-longzhou")
    page.click("#up-submit")
    expect(page.locator("#job progress")).to_be_visible()
    status = wait_job(page)
    assert "已完成" in status, status
    expect(page.locator("#kb-table tr[data-doc='test-longzhou']")).to_contain_text("有效")
    page.fill("#hit-q", "社区龙舟队怎么报名参加？")
    page.click("#hit-form button[type=submit]")
    first = page.locator("#hit-result .hits li").first
    expect(first.locator(".cite-title")).to_have_text("《关于开展社区龙舟文化节活动的通知》")
    expect(first.locator(".cite-facts")).to_contain_text("BM25")
    expect(page.locator("#hit-result .decision")).to_contain_text("判定")
    page.locator("#hit-form").scroll_into_view_if_needed()
    page.evaluate("document.getElementById('hit-form').scrollIntoView({block: 'start'})")
    screenshot(page, "staff-knowledge-1280x800.png")
