"""Filing flow actions: exact events for validation, mid-form question, correction, confirm and submit."""
from __future__ import annotations

from rasa_sdk.events import FollowupAction, SlotSet

from actions import filing
from actions import flow_texts as T
from tests.actions.conftest import make_tracker, run

FILLED = {"team_name": "夕阳红舞蹈队", "category": "文体活动类", "district": "长宁区", "street": "新华路街道",
          "community": "番禺居委", "member_count": 25, "activity_scope": "street", "leader_name": "王阿姨",
          "leader_phone": "13812345678", "activity_place": "番禺小区中心花园", "activities": "每天晚上跳广场舞"}


def validate(text: str, requested: str, domain: dict, intent: str = "nlu_fallback", slots=None):
    tracker = make_tracker(text, intent=intent, requested=requested, form="filing_form", slots=slots)
    return run(filing.ValidateFilingForm(), tracker, domain)


def test_category_is_mapped_from_everyday_words(domain) -> None:
    events, messages = validate("我们跳广场舞的", "category", domain)
    assert events == [SlotSet("category", "文体活动类")] and messages == []
    assert filing.map_category("助老志愿服务") == "公益慈善类"
    assert filing.map_category("楼组垃圾分类督导") == "社区事务类"
    assert filing.map_category("便民理发") == "生活服务类"


def test_bad_phone_is_reasked_with_a_chinese_message(domain) -> None:
    events, messages = validate("1381234", "leader_phone", domain)
    assert events == [SlotSet("leader_phone", None)]
    assert "11 位数字" in messages[0]["text"]


def test_member_count_must_be_a_positive_integer(domain) -> None:
    assert validate("0", "member_count", domain)[0] == [SlotSet("member_count", None)]
    assert validate("大概三十个人吧", "member_count", domain)[0] == [SlotSet("member_count", 30)]


def test_empty_team_name_is_rejected(domain) -> None:
    events, messages = validate("。。", "team_name", domain)
    assert events == [SlotSet("team_name", None)] and "没看出团队叫什么" in messages[0]["text"]


def test_policy_question_mid_form_is_answered_and_the_slot_reasked(domain, gateway) -> None:
    events, messages = validate("备案要交钱吗？", "member_count", domain, intent="ask_policy")
    assert events == [SlotSet("member_count", None)]
    assert messages[0]["text"] == "备案由街道（镇）负责实施。"
    assert messages[0]["custom"] == {"citations": gateway.ask_answer["citations"]}
    assert gateway.calls[0][0] == "/api/ask" and gateway.calls[0][1]["question"] == "备案要交钱吗？"


def test_correction_of_an_earlier_answer(domain) -> None:
    slots = dict(FILLED, activity_place=None, activities=None)
    events, messages = validate("电话写错了，应该是13912345678", "activity_place", domain, slots=slots)
    assert events == [SlotSet("leader_phone", "13912345678"), SlotSet("activity_place", None),
                      SlotSet("filing_confirmed", None)]
    assert "139****5678" in messages[0]["text"]


def test_confirm_step(domain) -> None:
    assert validate("确认提交", "filing_confirmed", domain, intent="affirm", slots=FILLED)[0] == [
        SlotSet("filing_confirmed", True)]
    events, messages = validate("我要修改", "filing_confirmed", domain, intent="deny", slots=FILLED)
    assert events == [SlotSet("filing_confirmed", None)] and "要改哪一项" in messages[0]["text"]


def test_ask_confirmation_shows_tier_with_citations_and_summary(domain) -> None:
    events, messages = run(filing.ActionAskFilingConfirmed(), make_tracker("番禺小区", slots=FILLED), domain)
    assert events == []
    tier, summary = messages
    assert "社区群众活动团队" in tier["text"] and "没有规定多大活动范围" in tier["text"]
    assert "街道（镇）范围内、跨居委" in tier["text"]  # the user's own answer, not mapped to a tier as policy
    assert "已失效，仅供参考" in tier["text"].split("\n")[1]  # beside the sentence resting on cn-2022
    assert [c["clause_id"] for c in tier["custom"]["citations"]] == ["cn-2022/四/（一）/2", "sh-mca-2024-1/第二条"]
    assert "· 负责人手机：13812345678" in summary["text"] and summary["buttons"][0]["title"] == "确认提交"


def test_wenzhou_tier_cites_the_wenzhou_clause_in_its_words() -> None:
    text, cites = filing.tier_text("community", 8, "鹿城区")
    assert [c["clause_id"] for c in cites] == ["wz-2021-122/二/（一）/1"]
    assert "初创型、成长型、成熟型" in text and "乡镇政府（街道办事处）" in text
    assert "社区活动小组" not in text and "规模和活动范围" not in text and "区民政局" not in text


def test_local_threshold_is_marked_as_local_practice(monkeypatch) -> None:
    config = {**T.local_practice(), "small_group_max_members": {
        "enabled": True, "value": 15, "source": "某街道口径", "text": "以 {value} 人作为社区活动小组的参考上限。"}}
    monkeypatch.setattr(T, "local_practice", lambda: config)
    text, _ = filing.tier_text("community", 20, "长宁区")
    assert "「本地做法（非文件规定）」某街道口径：以 15 人作为社区活动小组的参考上限。" in text
    assert filing.tier_for("community", 20) == "street" and filing.tier_for("community", 10) == "community"


def test_local_practice_is_off_by_default() -> None:
    assert T.local_text("small_group_max_members") is None and T.local_text("callback") is None
    assert filing.tier_for("community", 500) == "community"
    text, _ = filing.submitted_text("BA-1", "长宁区")
    assert "本地做法" not in text and "工作人员会" not in text


def test_submit_stores_the_record_and_cites_next_steps(domain, gateway) -> None:
    tracker = make_tracker("确认提交", intent="affirm", slots=dict(FILLED, filing_confirmed=True))
    events, messages = run(filing.ActionSubmitFiling(), tracker, domain)
    path, body, headers = gateway.calls[0]
    assert path == "/internal/requests" and headers["X-Internal-Token"] == "test-internal"
    assert body == {"kind": "filing", "sender_id": "web:test",
                    "data": {**{k: v for k, v in FILLED.items() if k != "activity_scope"}, "tier": "社区群众活动团队"}}
    assert messages[0]["text"].startswith("编号 BA-20261122-0001") and "预备案申请" in messages[0]["text"]
    assert "不是正式备案" in messages[0]["text"] and "工作人员会" not in messages[0]["text"]
    assert "sh-mca-2024-1/第八条" in [c["clause_id"] for c in messages[0]["custom"]["citations"]]
    assert events == [SlotSet(s, None) for s in domain["forms"]["filing_form"]["required_slots"]]


def test_a_filing_opened_with_a_support_question_offers_the_self_check_once_submitted(domain, gateway) -> None:
    tracker = make_tracker("确认提交", intent="affirm", slots=dict(FILLED, filing_confirmed=True, flow_after="eligibility"))
    events, messages = run(filing.ActionSubmitFiling(), tracker, domain)
    assert messages[0]["text"].startswith("编号 BA-") and "扶持" in messages[1]["text"]
    assert messages[2]["buttons"] == [{"title": "开始自查", "payload": "/check_support"}]
    assert "微信里" not in messages[2]["text"] and "选「开始自查」" in messages[2]["text"]
    assert events[-2:] == [SlotSet("flow_offer", "eligibility"), SlotSet("flow_after", None)]


def test_failed_save_keeps_answers_and_reopens_confirmation(domain, gateway) -> None:
    gateway.fail = True
    tracker = make_tracker("确认提交", intent="affirm", slots=dict(FILLED, filing_confirmed=True))
    events, messages = run(filing.ActionSubmitFiling(), tracker, domain)
    assert events == [SlotSet("filing_confirmed", None), FollowupAction("filing_form")]
    assert "没能保存" in messages[0]["text"] and "BA-" not in messages[0]["text"]


def test_after_a_correction_the_summary_is_not_repeated(domain) -> None:
    tracker = make_tracker("电话改成13912345678", intent="inform", form="filing_form", slots=FILLED)
    tracker.events[:0] = [{"event": "active_loop", "name": "filing_form"},
                          {"event": "bot", "text": "请核对以下信息：…\n\n" + filing.CONFIRM_PROMPT}]
    _events, messages = run(filing.ActionAskFilingConfirmed(), tracker, domain)
    assert [m["text"] for m in messages] == [f"其他信息不变。{filing.CONFIRM_PROMPT}"]
    assert [b["title"] for b in messages[0]["buttons"]] == ["确认提交", "我要修改", "取消"]


def test_i_want_to_change_something_is_answered_once_not_followed_by_nothing_changed(domain) -> None:
    """「我要修改」: the validator asks which item; the confirmation is not asked again in the same turn."""
    tracker = make_tracker("我要修改", form="filing_form", slots=FILLED, requested="filing_confirmed")
    _events, asked = run(filing.ValidateFilingForm(), tracker, domain)
    assert "要改哪一项" in asked[0]["text"]
    tracker.events[:0] = [{"event": "active_loop", "name": "filing_form"},
                          {"event": "bot", "text": "请核对以下信息：…\n\n" + filing.CONFIRM_PROMPT}]
    tracker.events.append({"event": "bot", "text": asked[0]["text"]})
    _events, messages = run(filing.ActionAskFilingConfirmed(), tracker, domain)
    assert messages == []


def test_a_new_run_of_the_form_shows_the_summary_again(domain) -> None:
    tracker = make_tracker("好", intent="affirm", form="filing_form", slots=FILLED)
    tracker.events[:0] = [{"event": "bot", "text": "旧的 " + filing.CONFIRM_PROMPT},
                          {"event": "active_loop", "name": "filing_form"}]
    _events, messages = run(filing.ActionAskFilingConfirmed(), tracker, domain)
    assert len(messages) == 2 and "请核对" in messages[1]["text"]


def test_that_one_was_wrong_with_a_place_corrects_the_place_not_the_last_answer(domain, gateway) -> None:
    slots = {"team_name": "夕阳红舞蹈队", "category": "文体活动类", "district": "徐汇区", "street": "天平路街道",
             "community": "番禺居委会"}
    tracker = make_tracker("刚才那个写错了，应该是长宁区", requested="member_count", form="filing_form", slots=slots)
    events, _messages = run(filing.ValidateFilingForm(), tracker, domain)
    assert SlotSet("district", "长宁区") in events and all(e["name"] != "community" for e in events)


def test_a_question_about_a_mistake_is_answered_not_taken_as_a_correction(domain, gateway) -> None:
    tracker = make_tracker("名字写错了会有影响吗", requested="member_count", form="filing_form",
                           slots={"team_name": "夕阳红舞蹈队"})
    events, messages = run(filing.ValidateFilingForm(), tracker, domain)
    assert events[0] == SlotSet("member_count", None) and [c[0] for c in gateway.calls] == ["/api/ask"]
    assert all(e["name"] != "team_name" for e in events)
