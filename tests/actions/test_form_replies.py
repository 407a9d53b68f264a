"""Form answers typed in everyday words: nothing unparsed is stored, option titles work like taps,
repeated misses offer the options, 「取消」 and 「转人工」, and side questions never send raw text as region."""
from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions import deregistration as D
from actions import filing as F
from actions import parsing
from actions.forms import TOO_LONG
from tests.actions.conftest import FORMS, answers_before, make_tracker, run, validate_form as validate



@pytest.mark.parametrize("form, slot, text, value", [
    ("filing_form", "team_name", "我们叫夕阳红广场舞队", "夕阳红广场舞队"),
    ("filing_form", "leader_name", "我姓王，王秀英", "王秀英"),
    ("filing_form", "district", "上海长宁区", "长宁区"),
    ("filing_form", "district", "长宁区", "长宁区"),
    ("filing_form", "street", "天山路", "天山路街道"),
    ("filing_form", "member_count", "三十来个", 30),
    ("filing_form", "member_count", "２５", 25),
    ("filing_form", "activity_scope", "就在我们小区里活动", "community"),
    ("filing_form", "category", "2", "公益慈善类"),
    ("deregistration_form", "dereg_reason", "长期不活动了", "inactive"),
    ("deregistration_form", "dereg_reason", "３", "inactive"),
    ("deregistration_form", "dereg_org_type", "我们是街道备案的团队", "team"),
    ("deregistration_form", "dereg_org_type", "在民政局登记的协会", "registered"),
    ("deregistration_form", "dereg_region", "上海长宁天山路", "长宁区天山路街道"),
    ("eligibility_form", "org_kind", "还没登记，是街道备案的", "备案类"),
    ("eligibility_form", "grade", "3", "3A"),
    ("eligibility_form", "newly_founded", "1", True),
])
def test_natural_replies_are_parsed(form, slot, text, value, domain) -> None:
    events, messages = validate(form, slot, text, domain)
    assert events == [SlotSet(slot, value)] and messages == []


@pytest.mark.parametrize("form, slot, text", [
    ("filing_form", "district", "顺便问下，登记了能拿补贴吗"),
    ("filing_form", "team_name", "顺便问下，登记了能拿补贴吗"),
    ("filing_form", "leader_name", "负责人要写谁"),
    ("filing_form", "street", "不知道"),
    ("deregistration_form", "dereg_org_type", "随便说说"),
    ("deregistration_form", "dereg_region", "顺便问下，登记了能拿补贴吗"),
    ("eligibility_form", "org_kind", "这个有什么区别"),
    ("eligibility_form", "service_fields", "顺便问下，登记了能拿补贴吗"),
    ("eligibility_form", "has_party_org", "有没有补贴？"),
])
def test_unparsed_text_is_never_stored(form, slot, text, domain) -> None:
    """Nothing is stored; a reply worded as a question goes to the retriever (here unreachable, so the
    honest 「暂时不可用」), any other reply gets the re-ask with an example."""
    events, messages = validate(form, slot, text, domain, intent="chitchat")
    assert events[0] == SlotSet(slot, None) and not any(e.get("name") == slot and e.get("value") for e in events)
    asked = parsing.looks_like_question(text)  # yes/no steps answer questions too
    expected = ("暂时不可用",) if asked else ("例如", "序号")
    assert any(w in messages[0]["text"] for w in expected)


def _option_slots(domain: dict):
    for form, validator in FORMS.items():
        for slot in domain["forms"][form]["required_slots"]:
            for response in domain["responses"].get(f"utter_ask_{slot}", [])[:1]:
                for number, button in enumerate(response.get("buttons") or [], 1):
                    yield form, slot, button, number


def test_typed_titles_and_numbers_work_for_every_option_question(domain) -> None:
    checked = 0
    for form, slot, button, number in _option_slots(domain):
        by_payload = validate(form, slot, button["payload"], domain)[0]
        assert by_payload[0].get("value") is not None, (slot, button)
        assert validate(form, slot, button["title"], domain)[0] == by_payload, (slot, button["title"])
        if slot != "grade":  # 「3」 at the grade question means 3A
            assert validate(form, slot, str(number), domain)[0] == by_payload, (slot, number)
        checked += 1
    assert checked >= 20


def test_second_miss_lists_options_cancel_and_handoff(domain) -> None:
    events, messages = validate("deregistration_form", "dereg_reason", "嗯……", domain)
    assert events == [SlotSet("dereg_reason", None)] and not messages[0]["buttons"]
    events, messages = validate("deregistration_form", "dereg_reason", "这个嘛", domain, history=["嗯……"])
    assert events == [SlotSet("dereg_reason", None)]
    text, buttons = messages[0]["text"], messages[0]["buttons"]
    assert "「取消」" in text and "「转人工」" in text and "序号" in text
    assert [b["title"] for b in buttons] == ["解散", "与其他组织合并", "长期不活动了", "其他原因", "取消", "转人工"]
    assert buttons[-1]["payload"] == "/human_handoff" and buttons[-2]["payload"] == "/cancel"


def test_second_miss_at_a_number_question_adds_no_digit_buttons(domain) -> None:
    _events, messages = validate("filing_form", "member_count", "好多人", domain, history=["不清楚"])
    assert "「转人工」" in messages[0]["text"] and messages[0]["buttons"] == []


def test_an_answer_to_an_earlier_slot_resets_the_miss_count(domain) -> None:
    tracker = make_tracker("这个嘛", intent="inform", requested="dereg_reason", form="deregistration_form",
                           history=["嗯……"])
    tracker.events.insert(1, {"event": "slot", "name": "dereg_region", "value": "长宁区"})
    _events, messages = run(D.ValidateDeregistrationForm(), tracker, domain)
    assert not messages[0]["buttons"]


def test_over_long_input_is_refused_not_cut(domain) -> None:
    events, messages = validate("filing_form", "activities", "跳舞" * 1500, domain)
    assert events == [SlotSet("activities", None)] and messages[0]["text"] == TOO_LONG
    assert "太长" in TOO_LONG and "500" in TOO_LONG


def test_side_question_at_a_free_text_step_sends_no_raw_region(domain, gateway) -> None:
    events, _messages = validate("filing_form", "district", "顺便问下，登记了能拿补贴吗", domain, intent="ask_policy")
    assert events[0] == SlotSet("district", None)
    assert gateway.calls[0][1]["region"] is None


def test_side_question_sends_the_validated_region_key(domain, gateway) -> None:
    validate("filing_form", "street", "街道备案要交钱吗？", domain, intent="ask_policy", slots={"district": "长宁区"})
    validate("eligibility_form", "org_kind", "北京有补贴吗？", domain, intent="ask_policy",
             slots={"region": "北京市朝阳区"})
    assert [call[1]["region"] for call in gateway.calls] == ["长宁", "北京"]


def test_a_message_no_value_and_no_question_word_is_answered_when_the_documents_answer_it(domain, gateway) -> None:
    """「备案以后街道给活动场地」 asks nothing in words, yet the documents answer it: answered, nothing stored; when they do
    not, their refusal is said all the same, since it names what they are about — a reply naming none is re-asked."""
    gateway.ask_answer = {**gateway.ask_answer, "context": {"question": "备案以后街道给活动场地", "region": None,
                                                            "doc_ids": ["cn-2022"], "clause_ids": ["cn-2022/四/（一）/2"]}}
    events, messages = validate("filing_form", "member_count", "备案以后街道给活动场地", domain)
    assert events[0] == SlotSet("member_count", None) and SlotSet("qa_doc_ids", ["cn-2022"]) in events  # context kept
    assert messages[0]["text"] == "备案由街道（镇）负责实施。" and gateway.calls[0][0] == "/api/ask"
    gateway.ask_answer = {**gateway.ask_answer, "confident": False}
    events, messages = validate("filing_form", "member_count", "备案以后街道给活动场地", domain)
    assert events[0] == SlotSet("member_count", None) and "文件里没有找到" in messages[0]["text"]  # their refusal
    events, messages = validate("filing_form", "member_count", "队里都是退休的老同志", domain)
    assert events == [SlotSet("member_count", None)] and "例如" in messages[0]["text"]  # no rule named: the re-ask
    calls = len(gateway.calls)
    assert validate("filing_form", "member_count", "不知道", domain)[0] == [SlotSet("member_count", None)]
    assert len(gateway.calls) == calls  # a non-answer is never looked up


def test_an_unparsed_reply_is_re_asked_as_before_while_the_gateway_is_down(domain) -> None:
    events, messages = validate("filing_form", "member_count", "队里都是退休的老同志", domain)
    assert events == [SlotSet("member_count", None)] and "暂时不可用" not in messages[0]["text"]


@pytest.mark.parametrize("text, category", [
    ("志愿者教跳舞", "文体活动类"), ("文体", "文体活动类"), ("公益慈善", "公益慈善类"), ("生活服务内", "生活服务类"),
    ("社区事物类", "社区事务类"), ("跳广场舞的😊", "文体活动类"), ("2", None), ("能拿补贴吗", None),
])
def test_category_words_typos_and_config_order(text, category) -> None:
    assert F.map_category(text) == category


def test_a_question_is_answered_at_any_step_whatever_the_intent(domain, gateway) -> None:
    events, messages = validate("filing_form", "category", "顺便问下，登记了能拿补贴吗", domain, intent="start_filing")
    assert events[0] == SlotSet("category", None)
    assert messages[0]["text"] == "备案由街道（镇）负责实施。" and messages[0]["custom"]["citations"]
    assert gateway.calls and gateway.calls[0][0] == "/api/ask"


@pytest.mark.parametrize("text, intent, confidence", [
    ("我上次交的备案怎么样了", "check_status", 0.97), ("ba-20261126-0001 进度", "nlu_fallback", 0.4)])
def test_a_status_question_mid_form_is_answered_and_the_form_goes_on(domain, gateway, text, intent,
                                                                       confidence) -> None:
    events, messages = validate("filing_form", "team_name", text, domain, intent=intent, confidence=confidence)
    assert events == [SlotSet("team_name", None)]
    assert [c[0] for c in gateway.calls] == ["/internal/requests/lookup"] and messages


@pytest.mark.parametrize("text", ["１３９１６２７４５８３", "13916274583", "王秀英"])
def test_an_answer_the_classifier_reads_as_a_status_question_is_still_an_answer(domain, gateway, text) -> None:
    slot = "leader_name" if text == "王秀英" else "leader_phone"
    events, _messages = validate("filing_form", slot, text, domain, intent="check_status", confidence=0.99)
    assert not any(c[0] == "/internal/requests/lookup" for c in gateway.calls)
    assert events[0] == SlotSet(slot, "13916274583" if slot == "leader_phone" else text)


def test_a_value_with_a_particle_is_still_a_value(domain, gateway) -> None:
    events, _messages = validate("filing_form", "category", "是文体活动类吧", domain, intent="inform")
    assert events == [SlotSet("category", "文体活动类")] and gateway.calls == []


@pytest.mark.parametrize("form, slot, text, stored", [
    ("filing_form", "community", "我们归枫林二村居委会管。对了问一下，备案以后街道会来检查吗？", "枫林二村居委会"),
    ("filing_form", "district", "徐汇区，顺便问下注销了还能重新备案吗", "徐汇区"),
    ("deregistration_form", "dereg_contact", "13812345678。另外想问下注销要多久？", "13812345678"),
])
def test_an_answer_then_a_question_of_its_own_keeps_the_answer_and_answers_the_question(form, slot, text, stored,
                                                                                        domain, gateway) -> None:
    events, _messages = validate(form, slot, text, domain, slots=answers_before(form, slot))
    assert {e["name"]: e["value"] for e in events if e.get("event") == "slot"}.get(slot) == stored, events
    assert [c[0] for c in gateway.calls] == ["/api/ask"] and gateway.calls[0][1]["question"] != text


@pytest.mark.parametrize("text", ["好的。请问备案要多久？", "长宁区还是徐汇区？我也不清楚", "怎么填？顺便问下要多久"])
def test_no_answer_is_taken_from_an_acknowledgement_or_a_question(text, domain) -> None:
    from actions.form_reading import answer_then_question

    assert answer_then_question("district", text, FORMS["filing_form"], domain) is None


def test_a_short_stop_is_no_side_question_even_when_nlu_missed_the_cancel(domain, gateway) -> None:
    """「算了不办了」 read by a step (NLU gave no cancel): nothing looked up or answered, so the cancel can still take it."""
    events, messages = validate("filing_form", "category", "算了不办了", domain)
    assert not gateway.calls and not any("文件里没有找到" in (m.get("text") or "") for m in messages)
    assert SlotSet("category", None) in events or not events
