"""The guided filing in a real browser against the real stack: gateway + Rasa server + action server,
started by the shared e2e fixture `stack` (tests/e2e: scripts/run_all.sh on free ports, temp database).

Needs the trained Rasa model (`make rasa-model`, part of `make test`); fails clearly without it.
"""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.test_chat_e2e import FILING_ANSWERS, STAFF, stack  # noqa: F401  stack: the shared fixture
from tests.web.conftest import screenshot
from tests.web.test_chat_ui import assert_newest_visible
from tests.web.test_staff_ui import login


def reply_count(page) -> int:  # noqa: ANN001
    return page.locator(".msg.bot:not(.welcome)").count()


def answer(page, text: str) -> None:  # noqa: ANN001
    """Tap the choice with this title if the bot offered one, else type it; wait for the reply."""
    before = reply_count(page)
    choice = page.locator(".msg.bot .choice:not([disabled])", has_text=re.compile(f"^{re.escape(text)}$"))
    if choice.count():
        choice.first.click()
    else:
        page.fill("#input", text)
        page.click("#send")
    expect(page.locator("#typing")).to_be_hidden(timeout=60000)
    assert reply_count(page) > before, f"no reply to {text}"


def test_filing_by_tapping_and_typing_then_staff_sees_it(stack: str, page_factory) -> None:  # noqa: ANN001
    page = page_factory(390, 844)  # a phone: screenshots of the whole filing go to artifacts/screenshots
    page.goto(stack + "/")
    before = reply_count(page)
    page.locator("#quick .chip", has_text="团队备案").click()  # tap: the quick reply starts the flow
    expect(page.locator(".msg.bot .text").last).to_contain_text("团队叫什么名字", timeout=60000)
    assert reply_count(page) > before
    steps = page.locator(".msg.bot .step-bar .step-count")
    expect(steps.last).to_have_text("第 1/11 步")  # the step counter with 取消 (no 上一步 on the first step)
    expect(page.locator(".msg.bot .step-bar .step-back")).to_have_count(0)
    screenshot(page, "filing-1-first-question-390x844.png")
    answer(page, FILING_ANSWERS[0][0])
    expect(steps.last).to_have_text("第 2/11 步")
    page.locator(".msg.bot .step-bar .step-back").last.click()  # 上一步: the team name is asked again
    expect(steps.last).to_have_text("第 1/11 步", timeout=60000)
    expect(page.locator(".msg.bot .text").last).to_contain_text("团队叫什么名字")
    for text, next_question in FILING_ANSWERS:
        answer(page, text)
        expect(page.locator("#transcript")).to_contain_text(next_question)
    answer(page, "每天晚上跳广场舞")
    expect(page.locator("#transcript")).to_contain_text("社区群众活动团队")
    screenshot(page, "filing-2-summary-390x844.png")
    answer(page, "确认提交")
    done = page.locator(".msg.bot .text", has_text="BA-").last
    expect(done).to_be_visible()
    reference = re.search(r"BA-\d{8}-\d{4}", done.inner_text()).group(0)
    screenshot(page, "filing-3-reference-390x844.png")
    page.reload()
    expect(page.locator("#transcript")).to_contain_text(reference)  # history kept across reloads

    staff = page_factory()
    login(staff, stack, token=STAFF)
    staff.click(".tab[data-tab=requests]")
    row = staff.locator(f"#rq-table tr[data-reference='{reference}']")
    expect(row).to_contain_text("夕阳红舞蹈队")
    row.click()
    staff.select_option("#st-status", "已联系")
    staff.click(".status-form button[type=submit]")
    expect(staff.locator("#rq-detail h3")).to_have_text(f"{reference} · 已联系")


def test_service_fields_are_tapped_or_typed_by_number_on_a_phone(stack: str, page_factory) -> None:  # noqa: ANN001
    """The support self-check on a phone (390×844): the service-field question shows its six options as buttons,
    all on screen above the input bar; 「1和5」 typed picks 养老 and 文体, and the self-check goes on."""
    page = page_factory(390, 844)
    page.goto(stack + "/")
    page.locator("#quick .chip", has_text="扶持自查").click()
    expect(page.locator(".msg.bot .text").last).to_contain_text("组织在哪个地区", timeout=60000)
    for text in ("上海长宁", "备案类（团队/小组）", "没有"):
        answer(page, text)
    expect(page.locator(".msg.bot .text").last).to_contain_text("主要服务哪些领域")
    options = page.locator("#transcript > .msg:last-child .choice:enabled")
    expect(options).to_have_count(6)
    assert [options.nth(i).inner_text() for i in range(6)] == ["养老", "助残", "儿童", "济困", "文体", "社区治理"]
    assert_newest_visible(page, "service fields")
    screenshot(page, "eligibility-service-fields-390x844.png")
    answer(page, "1和5")
    expect(page.locator(".msg.bot .text").last).to_contain_text("刚成立")
    expect(page.locator("#transcript")).not_to_contain_text("请说说主要服务领域")  # read at once, not re-asked
