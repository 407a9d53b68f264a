"""How flows start (answer first, pre-fill, offers), the step counter and 「上一步」 (exact events)."""
from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions import asking, opening
from actions.deregistration import ValidateDeregistrationForm
from actions.filing import ValidateFilingForm
from actions.offers import offered_flow
from actions.policy_qa import ActionPolicyQA
from tests.actions.conftest import make_tracker, run


@pytest.mark.parametrize("text, flow, expected", [
    ("我想给我们广场舞队备个案", "filing", {"category": "文体活动类"}),
    ("我们是长宁区新华路街道的合唱团，想备案", "filing",
     {"category": "文体活动类", "district": "长宁区", "street": "新华路街道"}),
    ("北京朝阳的志愿服务队想备案", "filing", {"category": "公益慈善类", "district": "朝阳区"}),
    ("我们合唱团解散了，要注销", "deregistration", {"dereg_reason": "解散"}),
    ("撤销天山路街道的备案", "deregistration",
     {"dereg_org_type": "在街道（镇）备案的群众活动团队", "dereg_region": "长宁区天山路街道"}),
    ("我们是徐汇的备案团队，查查补贴", "eligibility", {"region": "上海市徐汇区", "org_kind": "备案类"}),
    ("徐汇田林十二村的太极扇队，27个人，想申请团队预备案", "filing",
     {"category": "文体活动类", "district": "徐汇区", "street": "田林街道", "community": "田林十二村", "member_count": 27}),
    ("我是负责人韦志宏，蒋家桥居委会的，我们几个人在居委门口给居民缝缝补补修东西，想备案", "filing",
     {"category": "生活服务类", "community": "蒋家桥居委会", "leader_name": "韦志宏"}),
    ("2号楼的楼组长想备案，我们队二十来个人", "filing", {"category": "社区事务类"}),  # no one named; a count to confirm
    ("我们舞蹈队之前备过案，现在不跳了想撤掉", "deregistration", {"dereg_org_type": "在街道（镇）备案的群众活动团队"}),
    ("我们没备过案，要注销吗", "deregistration", {}),
    ("我想备案", "filing", {}),
    ("/start_filing", "filing", {}),
])
def test_prefill_takes_only_what_the_opening_says(text: str, flow: str, expected: dict) -> None:
    assert opening.prefill(flow, text) == expected


def test_a_community_is_prefilled_only_when_one_is_named() -> None:
    for text in ("我们社区团队想备案，社区社会组织都要备案吗", "居委会让我来这里给团队备案", "我们村的腰鼓队要备案"):
        assert "community" not in opening.prefill("filing", text), text


def test_prefilled_values_pass_the_forms_own_validators() -> None:
    """The form validates pre-filled slots at activation: each value must parse to the same thing."""
    values = opening.prefill("deregistration", "我们长宁区新华路街道的合唱团解散了，要撤销备案")
    from actions.deregistration import map_org_type, map_reason, parse_region
    assert map_reason(values["dereg_reason"]) == "dissolved"
    assert map_org_type(values["dereg_org_type"]) == "team"
    assert parse_region(values["dereg_region"]) == "长宁区新华路街道"


@pytest.mark.parametrize("text, asks", [
    ("我们小区广场舞队要不要去登记啊", True), ("怎么备案", True), ("能不能注销", True),
    ("我想备案", False), ("我们合唱团解散了，要注销", False), ("/start_filing", False),
    ("成立要多少人", True), ("想给腰鼓队备个案，找谁办呀", True), ("我们队二十来个人想备案", False),
])
def test_questions_about_a_flow_are_told_apart_from_requests(text: str, asks: bool) -> None:
    assert opening.asks_about_flow(text) is asks


def test_a_question_is_answered_first_and_the_flow_offered(domain, gateway) -> None:
    tracker = make_tracker("我们小区广场舞队要不要去登记啊", intent="start_filing")
    events, messages = run(opening.ActionOpenFlow(), tracker, domain)
    assert events[-2:] == [SlotSet("flow_offer", "filing"), SlotSet("flow_start", "none")]
    assert messages[0]["custom"]["citations"]  # the cited answer first
    assert messages[-1]["buttons"] == [{"title": "开始填写", "payload": "/start_filing"}]
    assert [c[0] for c in gateway.calls] == ["/api/ask"]


def test_a_how_to_question_no_clause_answers_gets_one_line_then_the_offer(domain, gateway) -> None:
    """No full refusal before the offer: one line saying so, the nearest clauses as cards, then 开始填写."""
    gateway.ask_answer = {**gateway.ask_answer, "confident": False, "answer": "抱歉，收录的政策文件中没有找到……"}
    events, messages = run(opening.ActionOpenFlow(), make_tracker("怎么备案", intent="start_filing"), domain)
    assert events == [SlotSet("flow_offer", "filing"), SlotSet("flow_start", "none")]
    assert messages[0]["text"] == opening.HOW_TO_UNSURE and "抱歉" not in messages[0]["text"]
    assert messages[0]["custom"]["citations"] and len(messages) == 2
    assert messages[-1]["buttons"] == [{"title": "开始填写", "payload": "/start_filing"}]


def test_a_request_to_file_that_asks_how_starts_the_form(domain, gateway) -> None:
    """The form is the how: 「想备案一下，要怎么弄啊」 starts it; whether to file at all is answered first."""
    tracker = make_tracker("你好呀，我们小区有个广场舞队想备案一下，要怎么弄啊", intent="start_filing")
    events, _messages = run(opening.ActionOpenFlow(), tracker, domain)
    assert events[-1] == SlotSet("flow_start", "filing")
    for text in ("居委说我们跳舞队要去街道登个记，是真的伐", "我们小区广场舞队要不要去登记啊"):
        events, _messages = run(opening.ActionOpenFlow(), make_tracker(text, intent="start_filing"), domain)
        assert events[-2:] == [SlotSet("flow_offer", "filing"), SlotSet("flow_start", "none")], text


def test_a_question_without_a_flow_s_words_is_answered_without_an_offer(domain, gateway) -> None:
    events, messages = run(opening.ActionOpenFlow(), make_tracker("我们团队收会员费要交税吗", intent="start_filing"), domain)
    assert events[-1] == SlotSet("flow_start", "none") and SlotSet("flow_offer", "filing") not in events
    assert messages and not any(m.get("buttons") == [{"title": "开始填写", "payload": "/start_filing"}] for m in messages)


def test_gibberish_read_as_affirm_is_not_understood(domain, gateway) -> None:
    events, messages = run(opening.ActionOpenFlow(), make_tracker("asdfghjkl", intent="affirm"), domain)
    assert events == [SlotSet("flow_start", "none")]
    assert messages[0]["text"] == opening.NOT_UNDERSTOOD and messages[1]["response"] == "utter_help"
    for text in ("要的", "中"):  # words, just no offer to accept
        _events, messages = run(opening.ActionOpenFlow(), make_tracker(text, intent="affirm"), domain)
        assert [m.get("response") for m in messages] == ["utter_anything_else"], text


def test_a_request_starts_the_form_with_what_it_said(domain, gateway) -> None:
    tracker = make_tracker("我们合唱团解散了，要注销", intent="start_deregistration")
    events, messages = run(opening.ActionOpenFlow(), tracker, domain)
    assert events == [SlotSet("flow_offer", None), SlotSet("dereg_reason", "解散"),
                      SlotSet("flow_start", "deregistration")]
    assert messages[0]["text"].startswith("已按您说的记下：") and "解散" in messages[0]["text"]
    assert gateway.calls == []


def test_a_filing_reading_of_ending_a_team_starts_deregistration(domain, gateway) -> None:
    """「备案」 weighs heavily for the classifier; the words of ending a team decide the flow."""
    tracker = make_tracker("我们队的备案要销掉，队伍解散了", intent="start_filing")
    events, _messages = run(opening.ActionOpenFlow(), tracker, domain)
    assert events == [SlotSet("flow_offer", None), SlotSet("dereg_reason", "解散"),
                      SlotSet("dereg_org_type", "在街道（镇）备案的群众活动团队"), SlotSet("flow_start", "deregistration")]


@pytest.mark.parametrize("text, ending", [
    ("帮我把我们队的备案销了", True), ("队伍散了备案撤了吧", True), ("之前那个队解散了，我们想新成立一个队备案", False),
    ("我想备案", False), ("广场舞队备个案", False),
])
def test_ending_a_team_is_told_apart_from_filing_one(text: str, ending: bool) -> None:
    assert opening.ending_not_starting(text) is ending


@pytest.mark.parametrize("intent, text, flow", [
    ("start_deregistration", "怎么备案", "filing"),
    ("start_filing", "我们刚成立的团队，有没有启动资金？", "eligibility"),
    ("start_deregistration", "之前的备案要取消", "deregistration"),
    ("check_support", "我们合唱团解散了，要注销", "deregistration"),
    ("start_filing", "我要备案", "filing"),
    ("start_filing", "/start_filing", "filing"),
    ("start_filing", "队伍三年没活动了，备案要不要撤？", "deregistration"),
    ("start_filing", "老队解散了，想重新成立一个新队来备案", "filing"), ("start_filing", "申请备案要钱吗", "filing"),
    ("start_deregistration", "街道撤并了，我们的团队去哪里备案", "filing"),
    ("check_support", "备案的团队能享受哪些政策", "eligibility"),
    ("start_filing", "备案以后能不能借到活动场地", "eligibility"),  # what filing brings: the self-check's question
    ("start_filing", "我们备案的队伍能申请项目吗", "eligibility"),
    ("check_support", "登记后街道会给我们派老师吗", "eligibility"),
    ("check_support", "备案后用不用每年年检", "filing"), ("check_support", "备案以后要做什么", "filing"),
    ("check_support", "备案以后能拿补贴吗？我们是刚成立的车模兴趣小组，还没备案", "filing"),  # not filed: filing comes first
    ("check_support", "没备案的队伍能不能申请街道的支持", "eligibility"),
    # asking to file now, support named as what comes after: filing
    ("check_support", "帮我们秧歌队登记一下，听说登记了能领活动经费", "filing"),
    ("start_filing", "给合唱团备个案吧，以后想申请补助", "filing"), ("check_support", "团队备案", "filing"),
    # a filed team asking for support, in everyday words too: the self-check
    ("start_filing", "我们是已经登记的队伍，想申请点经费", "eligibility"),
    ("start_filing", "我们备过案，有什么好处", "eligibility"), ("start_filing", "排练的地方能不能免费用", "eligibility"),
    # the everyday words of ending a filed team, and slips of the pen: deregistration
    ("start_filing", "我们队的登记想退掉", "deregistration"), ("start_filing", "这个备案我们不要了", "deregistration"),
    ("start_deregistration", "原来在街道登记过的舞蹈队要关了", "deregistration"),
    ("start_filing", "撤消团队备案", "deregistration"), ("start_filing", "住销我们的队", "deregistration"),
    # read as ending, but a team just formed: filing
    ("start_deregistration", "刚组了个腰鼓队，要上报吗", "filing"),
    # ending words inside other words, and 「没有备案」「准备好」 are no filed team (found in review)
    ("start_filing", "我关注了公众号，想给合唱队备案", "filing"), ("start_filing", "活动室关门了，想给新队伍备案", "filing"),
    ("start_filing", "我们还没有备案，想给舞蹈队备个案，以后能申请补贴吗", "filing"),
    ("start_filing", "我准备好材料了，想给队伍备个案，以后能申请补贴吗", "filing"),
    # 「办个」 before an ending word starts nothing new; the flow the person disowns names nothing
    ("start_deregistration", "想办个注销的手续", "deregistration"), ("start_filing", "办个撤销备案", "deregistration"),
    ("check_support", "不是要备案哦，是想看看能不能拿点补贴", "eligibility"),
    ("start_filing", "队里没人了，是不是要注销啊", "deregistration"),  # 是不是 asks, it disowns nothing (review)
    ("start_filing", "我们不是备案的团队，想给舞蹈队备个案", "filing"),
    # the latest word wins: registered with the 居委 before, asking to file with the street now
    ("start_deregistration", "原先在居委会登记过一份名单，这回想去街道正式备个案", "filing"),
    ("check_support", "说是备了案才好申请补贴，那我们就先备案", "filing"),
    ("check_support", "我们没先备案，现在能申请补贴吗", "eligibility"),
    # wanting a venue is a support need, not a filing
    ("start_filing", "腰鼓队练了好多年了，就想要个固定的排练场地", "eligibility"),
    ("start_filing", "我们想要个活动室给新成立的舞蹈队备案", "filing"),
    # a new record after the old one is ended: the old one first; one ended long ago starts nothing
    ("start_filing", "老队要改个名重新登记，旧的那个得先撤掉", "deregistration"),
    ("start_filing", "要重新备案，先把原来的注销了", "deregistration"),
    ("start_deregistration", "以前撤销过一个队，现在新组了个队还能备案吗", "filing"),
    # a flow put off names nothing
    ("check_support", "备案以后再说，先看看有什么补贴", "eligibility"),
    ("start_deregistration", "注销这块先不急，帮我查查能申请什么扶持", "eligibility"),
    # found in review: an old record already ended is no ending now; an ending asked outright is one
    ("start_filing", "原来的已经注销了，现在想重新备案", "filing"), ("start_filing", "老的已经撤掉了，新成立的要备案", "filing"),
    ("start_deregistration", "队员都去新组的队了，这个队要注销吗", "deregistration"),
])
def test_the_words_of_the_message_choose_the_flow_over_the_classifier(intent: str, text: str, flow: str) -> None:
    assert opening.flow_of(opening.FLOW_INTENTS[intent], text) == flow


def test_a_filing_mentioned_after_the_request_still_says_the_team_is_filed() -> None:
    assert opening.files_now("以前在居委会登记过，现在想到街道备个案")
    assert not opening.files_now("想给队伍备案，不过我们以前在街道登记过了")


@pytest.mark.parametrize("text, flow", [
    ("队里的人都走光了，这个备案还要管吗", "deregistration"), ("舞蹈队散了，当初的登记怎么处理", "deregistration"),
    ("我们缺活动场地，能申请什么支持吗", "eligibility"), ("以前撤销过一个队，现在新组了个队还能备案吗", "filing"),
    ("备案需要什么材料", "filing"),
    # found in review: support that ended or members who left are no team ending; a lack beside filing is filing
    ("今年的补贴是不是取消了", "eligibility"), ("有人退出了，还能申请补贴吗", "eligibility"),
    ("两个居委合并了，备案要改吗", "filing"), ("我们缺老师，能不能先备案", "filing"),
    ("我们合并到新成立的大队里了，要注销吗", "deregistration"), ("注销的事先不急，先问下有什么补贴", "eligibility"),
])
def test_the_offer_after_an_answer_follows_what_the_question_is_about(text: str, flow: str) -> None:
    assert offered_flow(text) == flow


@pytest.mark.parametrize("text", ["原来的备案咋撤", "我们队散了，登记怎么撤呀", "备案撤不撤都行吗"])
def test_asking_how_to_withdraw_a_filing_offers_deregistration(text: str) -> None:
    assert offered_flow(text) == "deregistration"
    assert offered_flow("备案申请填错了能撤回吗") != "deregistration"  # 撤回 an application ends no team


@pytest.mark.parametrize("text", ["我们想备案，需要准备什么材料", "我们合唱队想登记一下，有什么条件",
                                  "想给广场舞队备案，去哪里办", "想备案，备案有什么好处"])
def test_a_request_to_file_with_another_question_answers_it_first(domain, gateway, text: str) -> None:
    events, _messages = run(opening.ActionOpenFlow(), make_tracker(text, intent="start_filing"), domain)
    assert events[-2:] == [SlotSet("flow_offer", "filing"), SlotSet("flow_start", "none")], text
    assert (SlotSet("flow_after", "eligibility") in events) == ("好处" in text)  # offered again after the filing


def test_a_filing_started_later_without_the_offer_forgets_the_self_check(domain, gateway) -> None:
    tracker = make_tracker("我要备案", intent="start_filing", slots={"flow_after": "eligibility"})  # the offer was ignored
    events, _messages = run(opening.ActionOpenFlow(), tracker, domain)
    assert SlotSet("flow_after", None) in events and events[-1] == SlotSet("flow_start", "filing")
    taken = make_tracker("开始填写", intent="start_filing", slots={"flow_offer": "filing", "flow_after": "eligibility"})
    assert SlotSet("flow_after", None) not in run(opening.ActionOpenFlow(), taken, domain)[0]  # the offer taken: kept


@pytest.mark.parametrize("payload, flow", [("/check_support", "eligibility"), ("/start_filing", "filing")])
def test_a_button_of_the_two_need_offer_starts_its_own_flow(domain, gateway, payload: str, flow: str) -> None:
    """Both buttons of 「先备案，再自查」 are shown; pressing either starts that flow, not the one remembered as offered."""
    tracker = make_tracker(payload, intent=payload[1:], slots={"flow_offer": "filing", "flow_after": "eligibility"})
    events, _messages = run(opening.ActionOpenFlow(), tracker, domain)
    assert events[-1] == SlotSet("flow_start", flow)


def test_taking_the_second_offer_first_forgets_it(domain, gateway) -> None:
    tracker = make_tracker("开始自查", intent="check_support", slots={"flow_offer": "filing", "flow_after": "eligibility"})
    events, _messages = run(opening.ActionOpenFlow(), tracker, domain)
    assert SlotSet("flow_after", None) in events and events[-1] == SlotSet("flow_start", "eligibility")


@pytest.mark.parametrize("text", ["团队要关门了怎么弄", "我们队名存实亡了，怎么处理", "队里人走光了，要去街道说一声吗"])
def test_a_question_about_ending_a_team_keeps_the_offer(domain, gateway, text: str) -> None:
    events, _messages = run(opening.ActionOpenFlow(), make_tracker(text, intent="start_deregistration"), domain)
    assert SlotSet("flow_offer", "deregistration") in events or SlotSet("flow_start", "deregistration") in events


def test_a_bare_self_check_read_as_cancel_starts_it(domain, gateway) -> None:
    events, _messages = run(opening.ActionOpenFlow(), make_tracker("自查", intent="cancel"), domain)
    assert events[-1] == SlotSet("flow_start", "eligibility")
    events, messages = run(opening.ActionOpenFlow(), make_tracker("不自查了", intent="cancel"), domain)
    assert events[-1] == SlotSet("flow_start", "none")


def test_a_question_read_as_ending_that_asks_how_to_file_is_offered_the_filing(domain, gateway) -> None:
    events, messages = run(opening.ActionOpenFlow(), make_tracker("怎么备案", intent="start_deregistration"), domain)
    assert events[-2:] == [SlotSet("flow_offer", "filing"), SlotSet("flow_start", "none")]
    assert messages[-1]["buttons"] == [{"title": "开始填写", "payload": "/start_filing"}]


def test_the_self_check_starts_even_when_worded_as_a_question(domain, gateway) -> None:
    """The documents' answer leads when they have one (cited), then the self-check starts: no offer to accept."""
    events, messages = run(opening.ActionOpenFlow(), make_tracker("有什么补贴能拿", intent="check_support"), domain)
    assert events[-1] == SlotSet("flow_start", "eligibility")
    assert [path for path, _body, _headers in gateway.calls] == ["/api/ask"]
    assert messages[0]["custom"]["citations"] and "备案由街道" in messages[0]["text"]


def test_a_self_check_question_the_documents_do_not_answer_starts_it_without_a_refusal(domain, gateway) -> None:
    gateway.ask_answer = {**gateway.ask_answer, "confident": False, "answer": "抱歉，收录的政策文件中没有找到……"}
    events, messages = run(opening.ActionOpenFlow(), make_tracker("有什么补贴能拿", intent="check_support"), domain)
    assert events[-1] == SlotSet("flow_start", "eligibility")
    assert [m["text"] for m in messages] == [opening.SUPPORT_UNSURE]  # one line and the nearest clauses, no refusal


def test_a_request_to_start_the_self_check_asks_nothing_first(domain, gateway) -> None:
    events, _messages = run(opening.ActionOpenFlow(), make_tracker("帮我自查一下扶持", intent="check_support"), domain)
    assert events[-1] == SlotSet("flow_start", "eligibility") and gateway.calls == []


def test_affirm_accepts_only_an_offered_flow(domain, gateway) -> None:
    offered = make_tracker("好的", intent="affirm", slots={"flow_offer": "deregistration"})
    assert run(opening.ActionOpenFlow(), offered, domain)[0] == [SlotSet("flow_offer", None),
                                                                 SlotSet("flow_start", "deregistration")]
    events, messages = run(opening.ActionOpenFlow(), make_tracker("好的", intent="affirm"), domain)
    assert events == [SlotSet("flow_start", "none")] and messages[0]["response"] == "utter_anything_else"


def test_policy_answers_about_a_flow_offer_it_without_suggestions(domain, gateway) -> None:
    gateway.ask_answer = {**gateway.ask_answer, "suggestions": ["备案要什么材料"]}
    events, messages = run(ActionPolicyQA(), make_tracker("能不能注销", intent="ask_policy"), domain)
    assert events == [SlotSet("flow_offer", "deregistration")]
    assert [m["buttons"] for m in messages] == [[], [{"title": "开始填写", "payload": "/start_deregistration"}]]


def test_every_form_question_has_its_ask_action_in_the_domain(domain) -> None:
    for form, spec in domain["forms"].items():
        for slot in spec["required_slots"]:
            if slot not in asking.CONFIRM_SLOTS:
                assert f"action_ask_{slot}" in domain["actions"], slot
                assert slot in asking.ASK_ACTIONS and asking.ASK_ACTIONS[slot]().name() == f"action_ask_{slot}"


def test_questions_carry_their_step(domain) -> None:
    action = asking.ASK_ACTIONS["district"]()
    events, messages = run(action, make_tracker("", form="filing_form"), domain)
    assert events == []
    assert "第 3/11 步：" in messages[0]["text"] and messages[0]["text"].endswith(
        domain["responses"]["utter_ask_district"][0]["text"].split("\n")[-1])
    assert messages[0]["custom"] == {"form_step": {"slot": "district", "n": 3, "total": 11}}
    assert messages[0]["buttons"] == []
    options = run(asking.ASK_ACTIONS["dereg_reason"](), make_tracker("", form="deregistration_form"), domain)[1]
    assert [b["title"] for b in options[0]["buttons"]][:2] == ["解散", "与其他组织合并"]


def test_step_back_clears_the_previous_answer(domain, gateway) -> None:
    slots = {"team_name": "夕阳红舞蹈队", "category": "文体活动类", "district": "长宁区"}
    tracker = make_tracker("上一步", slots=slots, requested="street", form="filing_form")
    events, messages = run(ValidateFilingForm(), tracker, domain)
    assert events == [SlotSet("street", None), SlotSet("district", None), SlotSet("filing_confirmed", None)]
    first = make_tracker("返回上一步", requested="dereg_org_type", form="deregistration_form")
    events, messages = run(ValidateDeregistrationForm(), first, domain)
    assert events == [SlotSet("dereg_org_type", None), SlotSet("dereg_confirmed", None)]
    assert messages[0]["text"] == "已经是第一个问题了。"


def test_the_prefill_line_shows_lists_and_yes_no_as_written_words() -> None:
    from actions.opening import prefill_line

    line = prefill_line({"support_needs": ["资金", "场地"], "newly_founded": True})
    assert "资金、场地" in line and "[" not in line and "'" not in line and "是" in line


def test_who_and_how_many_are_answered_before_any_form(domain, gateway) -> None:
    tracker = make_tracker("我们楼里有个合唱队，想备个案，找谁办呀", intent="start_filing")
    events, _messages = run(opening.ActionOpenFlow(), tracker, domain)
    assert events[-2:] == [SlotSet("flow_offer", "filing"), SlotSet("flow_start", "none")]
    events, _messages = run(opening.ActionOpenFlow(), make_tracker("成立要多少人", intent="start_filing"), domain)
    assert events[-1] == SlotSet("flow_start", "none") and gateway.calls  # answered; no flow named, no offer


def test_an_amount_asked_before_the_self_check_is_said_to_be_in_no_document(domain, gateway) -> None:
    gateway.ask_answer = {**gateway.ask_answer, "confident": False, "answer": "抱歉，收录的政策文件中没有找到……"}
    tracker = make_tracker("备案了能领多少钱补贴啊", intent="check_support")
    events, messages = run(opening.ActionOpenFlow(), tracker, domain)
    assert events[-1] == SlotSet("flow_start", "eligibility")
    assert messages[0]["text"] == opening.AMOUNT_UNSURE


def test_a_support_question_no_clause_answers_gets_one_line_and_the_nearest_clauses(domain, gateway) -> None:
    """「我们刚备案的队伍能申请补贴吗」: a question first, even when no clause answers it itself (then the self-check)."""
    gateway.ask_answer = {**gateway.ask_answer, "confident": False, "answer": "抱歉，收录的政策文件中没有找到……"}
    tracker = make_tracker("我们刚备案的队伍能申请补贴吗", intent="check_support")
    events, messages = run(opening.ActionOpenFlow(), tracker, domain)
    assert events[-1] == SlotSet("flow_start", "eligibility")
    assert messages[0]["text"] == opening.SUPPORT_UNSURE and messages[0]["custom"]["citations"]
    assert "抱歉" not in " ".join(m.get("text") or "" for m in messages)


def test_filing_asked_with_support_offers_filing_then_the_self_check(domain, gateway) -> None:
    """「我们准备去备案，备案了能申请场地吗」: answered first, then both flows offered (filing first: it was asked for)."""
    tracker = make_tracker("我们准备去备案，备案以后能不能申请活动场地？", intent="start_filing")
    events, messages = run(opening.ActionOpenFlow(), tracker, domain)
    assert events[-2:] == [SlotSet("flow_offer", "filing"), SlotSet("flow_start", "none")]
    assert messages[-1]["buttons"] == [{"title": "开始填写", "payload": "/start_filing"},
                                       {"title": "开始自查", "payload": "/check_support"}]
    assert "选「开始填写」" in messages[-1]["text"] and "选「开始自查」" in messages[-1]["text"]
    assert "微信" not in messages[-1]["text"]  # the web shows the buttons, WeChat numbers them itself
    events, messages = run(opening.ActionOpenFlow(), make_tracker("怎么备案", intent="start_filing"), domain)
    assert messages[-1]["buttons"] == [{"title": "开始填写", "payload": "/start_filing"}]  # nothing of support: one offer
