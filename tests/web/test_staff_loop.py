"""The knowledge-gap loop in a real browser (Chromium, real gateway, real index, 1280×800): a resident's
question is refused → it appears in the question log → staff write an entry citing a clause → the same
question and a paraphrase are answered from it within seconds, on this worker and on a second one →
an answer with an invented amount is refused (422, the reason shown). Also the console and training
polish of issue 14: Chinese date filters, channel names instead of session ids, /scoring's empty input,
short quiz options of one region."""
from __future__ import annotations

import subprocess
import sys
import time

import httpx
from playwright.sync_api import expect

from config.settings import ROOT
from tests.web.conftest import free_port, screenshot, wait_healthy
from tests.web.test_staff_ui import login, store_filing

QUESTION = "老年人编织小组可以备案吗？"
PARAPHRASE = "编织兴趣小组能不能去备案"
ANSWER = "可以按群众活动团队备案：区民政局指导街（镇）及时做好社区群众活动团队备案相关工作。"
CLAUSE = "sh-mca-2024-1/第二条"


def answered_by(url: str, question: str, timeout: float = 10) -> dict:
    """/api/ask until the answer comes from a compendium entry (or the timeout: then the last answer)."""
    deadline = time.monotonic() + timeout
    while True:
        body = httpx.post(f"{url}/api/ask", json={"question": question}, timeout=60).json()
        if body.get("faq_id") or time.monotonic() > deadline:
            return body
        time.sleep(0.5)


def second_worker(gateway):  # noqa: ANN001, ANN201
    """Another gateway process on the same database, knowledge and index: a second worker."""
    port = free_port()
    log = open(gateway.workdir / "gateway2.log", "w")  # noqa: SIM115 — closed with the process
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "api.main:app", "--host", "127.0.0.1", "--port", str(port)],
                            cwd=ROOT, env=gateway.env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    wait_healthy(url, proc, timeout=120)
    httpx.post(f"{url}/api/ask", json={"question": "预热"}, timeout=120)
    return url, proc


def test_refused_question_becomes_an_entry_that_answers(gateway, page_factory) -> None:  # noqa: ANN001
    url2, worker2 = second_worker(gateway)
    try:
        resident = page_factory()
        resident.goto(gateway.url + "/")
        resident.fill("#input", QUESTION)
        resident.click("#send")
        expect(resident.locator(".msg.bot:not(.welcome)").first).to_be_visible()  # the refusal (拒答 in the log)
        assert httpx.post(f"{url2}/api/ask", json={"question": QUESTION}, timeout=60).json()["confident"] is False

        page = page_factory()
        login(page, gateway.url)
        page.click(".tab[data-tab=questions]")
        group = page.locator(".q-group", has_text=QUESTION)
        expect(group).to_have_count(1)
        expect(group.locator(".q-answered")).to_contain_text("拒答")
        expect(group.locator(".q-nearest li").first).to_contain_text("《")
        screenshot(page, "staff-loop-1-question-log.png")

        group.get_by_role("button", name="写成百问百答").click()
        expect(page.locator("#tab-faq")).to_be_visible()
        expect(page.locator("#faq-question")).to_have_value(QUESTION)
        expect(page.locator("#faq-nearest")).to_be_visible()
        page.fill("#faq-paraphrases", PARAPHRASE)
        page.fill("#faq-answer", ANSWER)
        page.fill("#faq-clauses", CLAUSE)
        page.fill("#faq-topic", "分级分类与备案")
        page.select_option("#faq-region", "上海")
        screenshot(page, "staff-loop-2-write-entry.png")
        page.click("#faq-save")
        expect(page.locator("#faq-ok")).to_contain_text("已新建条目 staff-")
        row = page.locator("#faq-table tbody tr[data-entry]")
        expect(row).to_have_count(1)
        entry_id = row.get_attribute("data-entry")
        saved = time.monotonic()

        for url in (gateway.url, url2):  # every worker, without a restart
            for phrasing in (QUESTION, PARAPHRASE):
                body = answered_by(url, phrasing)
                assert body["faq_id"] == entry_id and body["source"] == "faq", (url, phrasing, body)
        assert time.monotonic() - saved < 15, "a saved entry must answer within seconds"

        page.click(".tab[data-tab=knowledge]")
        page.fill("#hit-q", PARAPHRASE)
        page.click("#hit-form button[type=submit]")
        expect(page.locator("#hit-result .decision")).to_contain_text("有依据")
        expect(page.locator("#hit-result .decision")).to_contain_text("faq")
        expect(page.locator("#hit-result .hits li").first).to_contain_text("第二条")
        page.evaluate("document.getElementById('hit-form').scrollIntoView({block: 'start'})")
        screenshot(page, "staff-loop-3-answered.png")

        page.click(".tab[data-tab=faq]")
        page.fill("#faq-question", "编织小组备案后每年有多少活动经费？")
        page.fill("#faq-answer", "备案后每个编织小组每年可获得5000元活动经费。")
        page.fill("#faq-clauses", CLAUSE)
        page.fill("#faq-topic", "分级分类与备案")
        with page.expect_response(lambda r: r.url.endswith("/api/staff/faq") and r.request.method == "POST") as refused:
            page.click("#faq-save")
        assert refused.value.status == 422
        expect(page.locator("#faq-error")).to_contain_text("5000")
        expect(page.locator("#faq-error")).to_contain_text("所引条款中找不到")
        expected = "console.error: Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)"
        page.wait_for_timeout(300)  # the console event arrives after the response
        page.console_log.errors.remove(expected)  # Chromium logs every 4xx fetch; this one is the point of the test
        screenshot(page, "staff-loop-4-invented-amount-refused.png")
        assert page.locator("#faq-table tbody tr").count() == 1
    finally:
        worker2.terminate()
        worker2.wait(10)


def test_chinese_date_filters_and_channel_names(gateway, page_factory) -> None:  # noqa: ANN001
    reference = store_filing(gateway)
    page = page_factory()
    login(page, gateway.url)
    page.click(".tab[data-tab=requests]")
    expect(page.locator("#rq-from")).to_have_attribute("placeholder", "年-月-日，如 2026-11-01")
    page.fill("#rq-from", "2026/11/01")
    page.click("#rq-filters button[type=submit]")
    expect(page.locator("#rq-error")).to_have_text("起始日期格式应为 yyyy-mm-dd，如 2026-11-01。")
    page.fill("#rq-from", "2020-01-01")
    page.click("#rq-filters button[type=submit]")
    expect(page.locator("#rq-error")).to_have_text("")
    page.locator(f"#rq-table tr[data-reference='{reference}']").click()
    channel = page.locator("#rq-detail .channel")
    expect(channel).to_have_text("网页聊天")
    expect(channel).to_have_attribute("title", "web:test")
    expect(page.locator("#rq-detail .kv")).not_to_contain_text("web:test")


def test_scoring_empty_input_names_what_to_fill(gateway, page_factory) -> None:  # noqa: ANN001
    page = page_factory()
    page.goto(gateway.url + "/scoring")
    expect(page.locator("#items input").first).to_be_visible()
    page.click("#scoring-form button[type=submit]")
    expect(page.locator("#scoring-error")).to_contain_text("请填写以下项目的得分")
    first = page.locator("#items input").first
    expect(page.locator("#scoring-error")).to_contain_text(first.get_attribute("data-item"))
    expect(first).to_have_attribute("aria-invalid", "true")
    screenshot(page, "scoring-empty-1280x800.png")


def test_quiz_options_short_and_one_region(gateway, page_factory) -> None:  # noqa: ANN001
    page = page_factory()
    page.goto(gateway.url + "/quiz")
    expect(page.locator("#region option[value='全部']")).to_have_count(1)
    page.get_by_role("button", name="开始练习").first.click()
    expect(page.locator(".quiz-progress")).to_contain_text("地区：")
    options = page.locator(".option").all_inner_texts()
    assert options and all(len(o) <= 44 for o in options), options  # "A. " + at most 40 characters
    page.locator(".option").first.click()
    expect(page.locator(".explanation")).to_contain_text("解释：")
    expect(page.locator("#quiz details.cite[open]").first).to_be_visible()
    screenshot(page, "quiz-short-options-1280x800.png")
