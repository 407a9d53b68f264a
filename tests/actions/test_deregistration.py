"""Deregistration flow: validation, cited exit paths, ZX- submission."""
from __future__ import annotations

from rasa_sdk.events import SlotSet

from actions import deregistration as D
from tests.actions.conftest import make_tracker, run

FILLED = {"dereg_org_type": "registered", "dereg_org_name": "长宁区新华路街道睦邻服务中心",
          "dereg_region": "长宁区新华路街道", "dereg_reason": "inactive", "dereg_contact": "13812345678"}


def validate(text: str, requested: str, domain: dict, intent: str = "nlu_fallback"):
    tracker = make_tracker(text, intent=intent, requested=requested, form="deregistration_form", slots=FILLED)
    return run(D.ValidateDeregistrationForm(), tracker, domain)


def test_org_type_and_reason_from_free_words(domain) -> None:
    assert validate("我们是备案的舞蹈队", "dereg_org_type", domain)[0] == [SlotSet("dereg_org_type", "team")]
    assert validate("跟隔壁队合并了", "dereg_reason", domain)[0] == [SlotSet("dereg_reason", "merged")]
    events, messages = validate("嗯……", "dereg_reason", domain)
    assert events == [SlotSet("dereg_reason", None)] and "请选择原因" in messages[0]["text"]


def test_paths_cite_the_exit_clauses_and_name_the_office() -> None:
    text, cites = D.exit_path("registered", "inactive", "长宁区新华路街道")
    assert [c["clause_id"] for c in cites] == ["cn-2022/四/（一）/2", "sh-mca-2024-1/第三条", "cn-2022/四/（六）/16"]
    assert "区民政局" in text and "文件没有写" in text and "宜主动办理注销" not in text
    text, cites = D.exit_path("team", "dissolved", "长宁区新华路街道")
    assert [c["clause_id"] for c in cites] == ["cn-2022/四/（一）/2", "sh-mca-2024-1/第三条"] and "街道（镇）" in text
    assert "居民委员会" in D.exit_path("group", "other", "长宁区新华路街道")[0]


def test_paths_follow_the_users_region() -> None:
    wz, cites = D.exit_path("registered", "inactive", "鹿城区五马街道")
    assert "县（市、区）民政部门" in wz and "区民政局" not in wz and not cites
    wz_team, cites = D.exit_path("team", "dissolved", "鹿城区五马街道")
    assert [c["clause_id"] for c in cites] == ["wz-2021-122/二/（一）/1"] and "乡镇政府（街道办事处）" in wz_team
    bj, cites = D.exit_path("team", "dissolved", "朝阳区建外街道")
    assert not cites and "街道" in bj and "上海" not in bj
    xh, cites = D.exit_path("registered", "dissolved", "徐汇区")
    assert {c["doc_id"] for c in cites} == {"sh-mca-2024-1"}
    other, cites = D.exit_path("team", "dissolved", "杭州西湖区")
    assert not cites and "没有覆盖" in other and "杭州西湖区" in other


def test_submit_stores_a_zx_request(domain, gateway) -> None:
    tracker = make_tracker("确认提交", intent="affirm", slots=dict(FILLED, dereg_confirmed=True))
    events, messages = run(D.ActionSubmitDeregistration(), tracker, domain)
    assert gateway.calls[0][1] == {"kind": "deregistration", "sender_id": "web:test", "data": {
        "org_type": "登记的社会组织", "org_name": "长宁区新华路街道睦邻服务中心", "region": "长宁区新华路街道",
        "reason": "长期不活动", "contact_phone": "13812345678", "path": D.exit_path("registered", "inactive", "长宁区新华路街道")[0]}}
    assert messages[0]["text"].startswith("编号 ZX-20261122-0001") and "工作人员会" not in messages[0]["text"]
    assert "区民政局或街道（镇）" in messages[0]["text"]
    assert events == [SlotSet(s, None) for s in domain["forms"]["deregistration_form"]["required_slots"]]


def test_not_confirmed_stores_nothing(domain, gateway) -> None:
    events, messages = run(D.ActionSubmitDeregistration(), make_tracker("", slots=FILLED), domain)
    assert (events, messages, gateway.calls) == ([], [], [])


def test_a_correction_naming_no_field_changes_the_one_earlier_option_it_parses_as(domain, gateway) -> None:
    from rasa_sdk.events import SlotSet

    from actions.deregistration import ValidateDeregistrationForm
    from tests.actions.conftest import make_tracker, run

    tracker = make_tracker("不对不对，应该选在民政局登记的社会组织", requested="dereg_org_name",
                           form="deregistration_form", slots={"dereg_org_type": "group"})
    events, messages = run(ValidateDeregistrationForm(), tracker, domain)
    assert events == [SlotSet("dereg_org_type", "registered"), SlotSet("dereg_org_name", None),
                      SlotSet("dereg_confirmed", None)]
    assert messages[0]["text"].startswith("好的，已更正")
    named = make_tracker("刚才名字少打了几个字，是横街暑托志愿小组", requested="dereg_region",
                         form="deregistration_form", slots={"dereg_org_type": "team", "dereg_org_name": "横街暑托"})
    events, _ = run(ValidateDeregistrationForm(), named, domain)
    assert events[0] == SlotSet("dereg_org_name", "横街暑托志愿小组")


def test_a_keyword_inside_an_option_title_does_not_pick_the_wrong_slot(domain, gateway) -> None:
    """「社区活动小组」 holds 区, a word that also names the region: the new value decides."""
    from rasa_sdk.events import SlotSet

    from actions.deregistration import ValidateDeregistrationForm
    from tests.actions.conftest import make_tracker, run

    tracker = make_tracker("不对不对，应该选居委指导的社区活动小组", requested="dereg_org_name",
                           form="deregistration_form", slots={"dereg_org_type": "team"})
    events, _ = run(ValidateDeregistrationForm(), tracker, domain)
    assert events[0] == SlotSet("dereg_org_type", "group")
    phone = make_tracker("号码打错了，是13967312060", requested="dereg_confirmed", form="deregistration_form",
                         slots={"dereg_contact": "18611925508"})
    assert run(ValidateDeregistrationForm(), phone, domain)[0][0] == SlotSet("dereg_contact", "13967312060")


def test_corrections_that_say_what_it_is_not(domain, gateway) -> None:
    from rasa_sdk.events import SlotSet

    from actions.deregistration import ValidateDeregistrationForm, parse_region
    from tests.actions.conftest import make_tracker, run

    for text, reason in (("更正一下，我们是长期不活动了，不是解散", "inactive"), ("哦其实不是解散，是跟别的队合并了", "merged")):
        tracker = make_tracker(text, requested="dereg_contact", form="deregistration_form",
                               slots={"dereg_org_type": "team", "dereg_region": "朝阳区劲松街道", "dereg_reason": "dissolved"})
        events, _ = run(ValidateDeregistrationForm(), tracker, domain)
        assert events[0] == SlotSet("dereg_reason", reason), text
    assert parse_region("解散") is None and parse_region("翠苑街道，西湖区的") == "西湖区翠苑街道"


def test_a_question_that_also_names_a_reason_is_answered_not_stored(domain, gateway) -> None:
    """「队伍散了，剩下的会费咋处理」 asks in words; 散了 in it is no answer to 「为什么要注销」."""
    tracker = make_tracker("队伍散了，剩下的会费咋处理", requested="dereg_reason", form="deregistration_form")
    events, messages = run(D.ValidateDeregistrationForm(), tracker, domain)
    assert events[0] == SlotSet("dereg_reason", None) and [c[0] for c in gateway.calls] == ["/api/ask"]
    assert messages[0]["custom"]["citations"]


def test_not_this_but_that_corrects_the_earlier_reason(domain, gateway) -> None:
    tracker = make_tracker("不是解散哈，是好久没活动了", requested="dereg_contact", form="deregistration_form",
                           slots={"dereg_reason": "dissolved"})
    events, _messages = run(D.ValidateDeregistrationForm(), tracker, domain)
    assert SlotSet("dereg_reason", "inactive") in events and SlotSet("dereg_contact", None) in events
