"""The web chat in a real browser (Debian Chromium): citations, feedback, history, escaping, layout.

The gateway and its index are real; Rasa is the stand-in of fake_rasa.py (policy questions still go
through the real /api/ask). The guided filing with the real Rasa stack is in test_chat_rasa.py.
"""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.web.conftest import screenshot
from tests.web.fake_rasa import SEVENTH, SUGGESTED

QUESTION = "群众活动团队怎么备案？"
XSS = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">'


def ask(page, text: str) -> None:  # noqa: ANN001
    page.fill("#input", text)
    page.click("#send")


def test_policy_question_shows_citation_card_and_screenshots(gateway, page_factory) -> None:  # noqa: ANN001
    for width, height, name in ((360, 740, "chat-360x740.png"), (1280, 800, "chat-1280x800.png")):
        page = page_factory(width, height)
        page.goto(gateway.url + "/")
        expect(page.locator(".welcome")).to_contain_text("百问百答助手")
        ask(page, QUESTION)
        card = page.locator(".msg.bot .cite").first
        expect(card).to_be_visible()
        expect(card.locator(".cite-title")).to_contain_text("《")
        card.locator("summary").click()
        expect(card.locator(".cite-text")).to_be_visible()
        expect(card.locator(".cite-facts")).to_contain_text("文号")
        assert card.locator(".cite-text mark").count() >= 1, "matched words are highlighted"
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"page scrolls sideways at {width}px"
        screenshot(page, name)


def test_citation_matches_the_api(gateway, page_factory) -> None:  # noqa: ANN001
    """The card shows exactly what /api/ask returned: same first clause, same 已失效 state."""
    import httpx

    api = httpx.post(f"{gateway.url}/api/ask", json={"question": QUESTION}, timeout=60).json()
    page = page_factory()
    page.goto(gateway.url + "/")
    ask(page, QUESTION)
    cards = page.locator(".msg.bot .cite")
    expect(cards.first).to_be_visible()
    assert cards.count() == len(api["citations"])
    first = api["citations"][0]
    expect(cards.first.locator(".cite-title")).to_have_text(f"《{first['title']}》")
    expected_badges = sum(1 for c in api["citations"] if c["in_force"] is False)
    assert page.locator(".msg.bot .badge-expired").count() == expected_badges


def test_feedback_up_and_down_with_reason_are_stored(gateway, page_factory, staff_api) -> None:  # noqa: ANN001
    before = staff_api.get("/api/staff/overview?days=1").json()["feedback"]
    page = page_factory(360, 740)
    page.goto(gateway.url + "/")
    ask(page, "回显 第一问")
    page.get_by_role("button", name="有帮助").last.click()
    expect(page.locator(".rating").last).to_contain_text("谢谢")
    ask(page, "回显 第二问")
    page.get_by_role("button", name="没帮助").last.click()
    page.fill(".reason", "没有说去哪里办")
    page.get_by_role("button", name="提交").click()
    expect(page.locator(".rating").last).to_contain_text("谢谢反馈")
    after = staff_api.get("/api/staff/overview?days=1").json()["feedback"]
    assert (after["up"] - before["up"], after["down"] - before["down"]) == (1, 1)
    items = [i for g in staff_api.get("/api/staff/questions").json()["groups"] for i in g["items"]]
    assert any(i["reason"] == "没有说去哪里办" and i["question"] == "回显 第二问" for i in items)


def test_history_survives_reload_and_new_chat_starts_over(gateway, page_factory) -> None:  # noqa: ANN001
    page = page_factory(360, 740)
    page.goto(gateway.url + "/")
    # the page stores the id the gateway issued (signed HttpOnly cookie), it never makes one up
    page.wait_for_function("() => /^web:[0-9a-f]{32}$/.test(localStorage.getItem('baiwen.senderId') || '')")
    sender = page.evaluate("localStorage.getItem('baiwen.senderId')")
    ask(page, "回显 记住我")
    expect(page.locator(".msg.bot .text").last).to_have_text("您说：回显 记住我")
    page.reload()
    expect(page.locator(".msg.user .bubble")).to_have_text(["回显 记住我"])
    expect(page.locator(".msg.bot .text").last).to_have_text("您说：回显 记住我")
    assert page.evaluate("localStorage.getItem('baiwen.senderId')") == sender
    page.click("#new-chat")
    expect(page.locator(".msg.user")).to_have_count(0)
    page.wait_for_function(f"() => localStorage.getItem('baiwen.senderId') !== '{sender}'")
    page.reload()
    expect(page.locator(".msg.user")).to_have_count(0)


def test_xss_strings_are_shown_as_text(gateway, page_factory) -> None:  # noqa: ANN001
    page = page_factory()
    page.goto(gateway.url + "/")
    ask(page, XSS)
    expect(page.locator(".msg.user .bubble")).to_have_text(XSS)
    expect(page.locator(".msg.bot .text").last).to_have_text("您说：" + XSS)
    card = page.locator(".cite").last
    expect(card.locator(".cite-title")).to_have_text("《<img src=x onerror=alert(1)>标题》")
    card.locator("summary").click()
    expect(card.locator(".cite-text")).to_contain_text("<script>window.__xss=3</script>")
    card.get_by_role("button", name="展开").click()
    expect(card.locator(".cite-full")).to_contain_text("<img src=x onerror=window.__xss=4>")
    expect(card.locator(".badge-expired")).to_have_text("已失效")
    assert page.locator("#transcript img, #transcript script, #transcript b").count() == 0
    page.reload()  # re-rendered from localStorage: still text
    expect(page.locator(".msg.user .bubble")).to_have_text(XSS)
    assert page.locator("#transcript img, #transcript script").count() == 0
    assert page.evaluate("window.__xss === undefined")


def test_rasa_buttons_are_tappable_choices(gateway, page_factory) -> None:  # noqa: ANN001
    page = page_factory(360, 740)
    page.goto(gateway.url + "/")
    ask(page, "按钮测试")
    page.locator(".msg.bot .choice", has_text="是").click()
    expect(page.locator(".msg.user .bubble").last).to_have_text("是")
    expect(page.locator(".msg.bot .text").last).to_have_text("收到选择 /affirm")
    assert page.locator(".msg.bot .choice", has_text="否").is_disabled(), "old choices are not tappable again"


def test_a_typed_number_picks_that_button_as_in_wechat(gateway, page_factory) -> None:  # noqa: ANN001
    """「２」 under 是/否 sends the second button's payload; with no buttons, or past the last one, the digit is sent as typed."""
    page = page_factory(390, 844)
    page.goto(gateway.url + "/")
    ask(page, "按钮测试")
    ask(page, "２")
    expect(page.locator(".msg.user .bubble").last).to_have_text("２")
    expect(page.locator(".msg.bot .text").last).to_have_text("收到选择 /deny")
    ask(page, "按钮测试")
    ask(page, "选第一个")
    expect(page.locator(".msg.bot .text").last).to_have_text("收到选择 /affirm")
    ask(page, "按钮测试")
    ask(page, "第一条")  # a clause of the last cited document, not a pick
    expect(page.locator(".msg.bot .text").last).not_to_have_text("收到选择 /affirm")
    ask(page, "等级")
    ask(page, "4")  # under 没有/3A/4A/5A a bare 4 is the value 4A the user means, not the 4th button
    expect(page.locator(".msg.bot .text").last).not_to_have_text("等级：5A")
    ask(page, "等级")
    ask(page, "选第三个")
    expect(page.locator(".msg.bot .text").last).to_have_text("等级：4A")
    ask(page, "按钮测试")
    ask(page, "3")
    expect(page.locator(".msg.bot .text").nth(-1)).not_to_have_text("收到选择 /deny")
    assert "收到选择" not in page.locator(".msg.bot .text").last.inner_text()


def test_quick_replies_typing_indicator_and_handoff(gateway, page_factory) -> None:  # noqa: ANN001
    page = page_factory(360, 740)
    page.goto(gateway.url + "/")
    for title in ("问政策", "团队备案", "注销", "扶持自查", "培训练习", "转人工"):
        expect(page.locator("#quick .chip", has_text=title)).to_be_visible()
    ask(page, "慢一点")
    expect(page.locator("#typing")).to_be_visible()
    expect(page.locator("#typing")).to_be_hidden(timeout=10000)
    page.locator("#quick .chip", has_text="转人工").click()
    expect(page.locator(".msg.user .bubble").last).to_have_text("转人工")
    expect(page.locator(".msg.bot .text").last).to_contain_text("RG-TEST-0001")
    expect(page.locator("#faq-link")).to_have_attribute("href", "/faq")


def test_large_text_toggle_persists(gateway, page_factory) -> None:  # noqa: ANN001
    page = page_factory(360, 740)
    page.goto(gateway.url + "/")
    size = lambda: page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")  # noqa: E731
    assert size() == 16
    page.click("#large-text")
    assert size() == 20
    page.reload()
    assert size() == 20
    expect(page.locator("#large-text")).to_have_attribute("aria-pressed", "true")
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_citation_expands_to_the_whole_clause_and_fits_a_phone(gateway, page_factory) -> None:  # noqa: ANN001
    """「展开」 (a real button, keyboard-operable) swaps the quote for full_text; 「收起」 swaps back."""
    page = page_factory(390, 844)
    page.goto(gateway.url + "/")
    ask(page, "条款全文 扶持资金有哪些")
    card = page.locator(".msg.bot .cite").last
    card.locator("summary").click()
    quote, full = card.locator(".cite-text"), card.locator(".cite-full")
    expect(quote).to_be_visible()
    expect(full).to_be_hidden()
    toggle = card.get_by_role("button", name="展开")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.focus()
    page.keyboard.press("Enter")
    expect(full).to_have_text(SEVENTH)
    expect(quote).to_be_hidden()
    collapse = card.get_by_role("button", name="收起")
    expect(collapse).to_have_attribute("aria-expanded", "true")
    assert full.locator("mark").count() >= 1, "matched words are highlighted in the full clause too"
    collapse.evaluate("b => b.scrollIntoView({block: 'center'})")
    box = full.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390 and box["height"] < 844
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    uncovered = "b => { const r = b.getBoundingClientRect(); return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === b; }"
    assert collapse.evaluate(uncovered), "收起 is on screen, not under the composer"
    screenshot(page, "chat-full-clause-390x844.png")
    page.keyboard.press("Space")
    expect(full).to_be_hidden()
    expect(quote).to_be_visible()
    expect(card.get_by_role("button", name="展开")).to_be_focused()
    for question in SUGGESTED:  # 猜你想问 arrive as tappable choices after the answer
        expect(page.locator(".msg.bot .choice", has_text=question)).to_be_enabled()


NEWEST_FITS = """() => {
  const t = document.getElementById('transcript').getBoundingClientRect();
  const c = document.querySelector('.composer').getBoundingClientRect();
  const m = document.querySelector('#transcript > .msg:last-child').getBoundingClientRect();
  return {viewTop: t.top, viewBottom: t.bottom, barTop: c.top, top: m.top, bottom: m.bottom, height: m.height};
}"""
UNCOVERED = ("b => { const r = b.getBoundingClientRect(); const e = document.elementFromPoint(r.x + r.width / 2, "
             "r.y + r.height / 2); return e === b || b.contains(e); }")


def assert_newest_visible(page, step: str) -> dict:  # noqa: ANN001
    """The newest message ends above the input bar (or, taller than the visible area, starts on screen);
    its enabled buttons are on screen and not covered, so a tap reaches them."""
    expect(page.locator("#typing")).to_be_hidden()
    page.wait_for_timeout(50)  # a frame for any resize-driven scrolling to settle
    g = page.evaluate(NEWEST_FITS)
    assert g["viewBottom"] <= g["barTop"] + 0.5, f"{step}: the message list runs under the input bar {g}"
    if g["height"] <= g["viewBottom"] - g["viewTop"]:
        assert g["top"] >= g["viewTop"] - 0.5 and g["bottom"] <= g["barTop"] + 0.5, f"{step}: newest message hidden {g}"
    else:
        assert g["viewTop"] - 0.5 <= g["top"] <= g["barTop"] - 40, f"{step}: top of a tall message not on screen {g}"
        return g
    buttons = page.locator("#transcript > .msg:last-child .choice:enabled")
    for i in range(buttons.count()):
        b = buttons.nth(i)
        box = b.bounding_box()
        assert box["y"] >= g["viewTop"] - 0.5 and box["y"] + box["height"] <= g["barTop"] + 0.5, f"{step}: button {i} {box}"
        assert b.evaluate(UNCOVERED), f"{step}: button {i} is covered"
    return g


def test_newest_message_is_never_under_the_input_bar_on_a_phone(gateway, page_factory) -> None:  # noqa: ANN001
    """390×844: after every reply (buttons, citations, 猜你想问, 展开/收起, a reply taller than the screen) the
    newest message is above the fixed input bar and its buttons can be tapped."""
    page = page_factory(390, 844)
    page.goto(gateway.url + "/")
    expect(page.locator(".welcome")).to_be_visible()
    assert_newest_visible(page, "welcome")

    ask(page, "按钮测试")
    expect(page.locator(".msg.bot .text").last).to_have_text("请选择：")
    assert_newest_visible(page, "buttons")
    page.locator("#transcript > .msg:last-child .choice", has_text="是").click()  # a real tap, not forced
    expect(page.locator(".msg.bot .text").last).to_have_text("收到选择 /affirm")
    assert_newest_visible(page, "after a button")

    ask(page, "回显 带依据的回答")
    expect(page.locator(".msg.bot .text").last).to_have_text("您说：回显 带依据的回答")
    assert_newest_visible(page, "citations")

    ask(page, "条款全文 扶持资金有哪些")
    expect(page.locator(".msg.bot .text").last).to_have_text("猜你想问：")
    assert_newest_visible(page, "猜你想问")
    card = page.locator(".msg.bot .cite").last
    card.locator("summary").click()
    expect(card.locator(".cite-text")).to_be_visible()
    assert_newest_visible(page, "citation opened")
    card.get_by_role("button", name="展开").click()
    expect(card.locator(".cite-full")).to_have_text(SEVENTH)
    assert_newest_visible(page, "展开")
    assert card.get_by_role("button", name="收起").evaluate(UNCOVERED), "收起 stays on screen"
    card.get_by_role("button", name="收起").click()
    expect(card.locator(".cite-full")).to_be_hidden()
    assert_newest_visible(page, "收起")
    page.locator("#transcript > .msg:last-child .choice", has_text=SUGGESTED[0]).click()  # 猜你想问 is tappable
    expect(page.locator(".msg.user .bubble").last).to_have_text(SUGGESTED[0])
    expect(page.locator(".msg.bot").last.locator(".rating")).to_be_visible()
    assert_newest_visible(page, "a real policy answer")
    page.locator(".msg.bot").last.get_by_role("button", name="没帮助").click()
    submit = page.locator(".reason-form").get_by_role("button", name="提交")
    expect(submit).to_be_visible()
    g, box = page.evaluate(NEWEST_FITS), submit.bounding_box()
    assert box["y"] + box["height"] <= g["barTop"] + 0.5 and submit.evaluate(UNCOVERED), f"reason box hidden {box} {g}"
    page.locator(".reason-form").get_by_role("button", name="跳过").click()

    tall = "回显 " + "很长的问题" * 99
    ask(page, tall)
    expect(page.locator(".msg.bot .text").last).to_have_text("您说：" + tall)
    g = assert_newest_visible(page, "taller than the screen")
    assert g["height"] > g["viewBottom"] - g["viewTop"], f"the long reply should be taller than the visible area {g}"
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0

    ask(page, "按钮 最后一问")
    expect(page.locator(".msg.bot .text").last).to_have_text("请选择：")
    assert_newest_visible(page, "buttons after a tall reply")
    screenshot(page, "chat-newest-390x844.png")


def test_an_over_long_paste_is_kept_in_the_box_with_a_message_not_cut(gateway, page_factory) -> None:  # noqa: ANN001
    """A 761-character paste whose question is at the end: nothing is sent, nothing is cut, the user is told."""
    page = page_factory()
    page.goto(gateway.url + "/")
    pasted = "我们小区的情况是这样的。" * 62 + "这个怎么管？"
    assert len(pasted) > 500
    page.fill("#input", pasted)
    page.click("#send")
    expect(page.locator(".msg.bot.error").last).to_contain_text("超过了 500 字")
    assert page.input_value("#input") == pasted
    assert page.locator(".msg.user").count() == 0
