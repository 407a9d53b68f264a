"""Policy QA follow-ups: context sent from the qa_* slots, SlotSets from the reply, 猜你想问 buttons
(exact events and messages, real HTTP to the gateway stub)."""
from __future__ import annotations

from rasa_sdk.events import SlotSet

from actions import filing
from actions.policy_qa import NOT_FOUND, NOT_UNDERSTOOD, SUGGESTIONS_PROMPT, UNAVAILABLE, ActionPolicyQA
from tests.actions.conftest import ASK_ANSWER, make_tracker, run

PREVIOUS = {"qa_question": "上海对社区社会组织有哪些扶持资金？", "qa_region": "上海市",
            "qa_doc_ids": ["sh-mca-2024-1"], "qa_clause_ids": ["sh-mca-2024-1/第七条"]}
SENT = {"question": "上海对社区社会组织有哪些扶持资金？", "region": "上海市",
        "doc_ids": ["sh-mca-2024-1"], "clause_ids": ["sh-mca-2024-1/第七条"]}
RESOLVED = {"question": "北京对社区社会组织有哪些扶持资金？", "region": "北京市",
            "doc_ids": ["bj-2022"], "clause_ids": ["bj-2022/四/（四）", "bj-2022/四/（五）"]}
CONTEXT_EVENTS = [SlotSet("qa_question", RESOLVED["question"]), SlotSet("qa_region", "北京市"),
                  SlotSet("qa_doc_ids", ["bj-2022"]), SlotSet("qa_clause_ids", RESOLVED["clause_ids"])]
CLEARED = [SlotSet("qa_question", None), SlotSet("qa_region", None), SlotSet("qa_doc_ids", None),
           SlotSet("qa_clause_ids", None)]


def answer(**extra) -> dict:
    """The stub's /api/ask reply in the new contract shape."""
    return {**ASK_ANSWER, "context": RESOLVED, "suggestions": [], **extra}


def test_follow_up_sends_the_previous_context_and_keeps_the_new_one(domain, gateway) -> None:
    gateway.ask_answer = answer()
    events, messages = run(ActionPolicyQA(), make_tracker("那北京呢？", intent="ask_policy", slots=PREVIOUS), domain)
    path, body, _headers = gateway.calls[0]
    assert path == "/api/ask" and body == {"question": "那北京呢？", "region": None, "top_k": 3, "context": SENT}
    assert events == CONTEXT_EVENTS
    assert [m["text"] for m in messages] == ["备案由街道（镇）负责实施。"]


def test_fresh_question_sends_no_context(domain, gateway) -> None:
    gateway.ask_answer = answer()
    events, messages = run(ActionPolicyQA(), make_tracker("北京有哪些扶持资金", intent="ask_policy"), domain)
    assert "context" not in gateway.calls[0][1]
    assert events == [*CONTEXT_EVENTS, SlotSet("flow_offer", "eligibility")]  # the self-check is offered
    assert messages[-1]["buttons"] == [{"title": "开始自查", "payload": "/check_support"}]


def test_null_context_clears_the_slots_and_an_older_reply_leaves_them(domain, gateway) -> None:
    gateway.ask_answer = answer(context=None)
    events, _ = run(ActionPolicyQA(), make_tracker("你好吗", slots=PREVIOUS), domain)
    assert events == CLEARED
    gateway.ask_answer = dict(ASK_ANSWER)  # no "context" key at all
    events, _ = run(ActionPolicyQA(), make_tracker("这事找谁", slots=PREVIOUS), domain)
    assert events == []


def test_suggestions_become_quick_replies_after_the_answer(domain, gateway) -> None:
    gateway.ask_answer = answer(suggestions=["备案需要什么材料？", "那北京呢？", " ", "备案需要什么材料？",
                                             "备案后能申请场地吗？", "社区社会组织有哪些扶持？", "公益创投是什么？"])
    events, messages = run(ActionPolicyQA(), make_tracker("那北京呢？", intent="ask_policy"), domain)
    answer_msg, prompt = messages
    assert answer_msg["custom"] == {"citations": ASK_ANSWER["citations"]} and not answer_msg["buttons"]
    assert prompt["text"] == SUGGESTIONS_PROMPT == "猜你想问："
    assert prompt["buttons"] == [{"title": q, "payload": q}
                                 for q in ("备案需要什么材料？", "备案后能申请场地吗？", "社区社会组织有哪些扶持？")]
    assert events == CONTEXT_EVENTS


def test_unresolved_follow_up_shows_the_gateways_question(domain, gateway) -> None:
    asked_back = "您问的是哪份文件或哪个地区？比如「上海市民政局的若干举措」或「北京」。"
    gateway.ask_answer = {"answer": asked_back, "confident": False, "source": "clarify", "citations": [],
                          "context": None, "suggestions": []}
    events, messages = run(ActionPolicyQA(), make_tracker("文号是多少？", intent="ask_policy"), domain)
    assert messages[0]["text"] == asked_back and events == CLEARED


def test_a_guess_without_citations_is_still_not_shown(domain, gateway) -> None:
    gateway.ask_answer = answer(answer="也许是 500 元？", confident=False, citations=[])
    _events, messages = run(ActionPolicyQA(), make_tracker("开办补贴多少钱"), domain)
    assert messages[0]["text"] == NOT_FOUND


def test_context_lists_are_capped_to_what_the_gateway_accepts(domain, gateway) -> None:
    slots = dict(PREVIOUS, qa_clause_ids=[f"bj-2022/四/（{i}）" for i in range(8)])
    run(ActionPolicyQA(), make_tracker("第三条呢", intent="ask_policy", slots=slots), domain)
    assert len(gateway.calls[0][1]["context"]["clause_ids"]) == 5


def test_gateway_down_keeps_the_previous_context(domain, gateway) -> None:
    gateway.fail = True
    events, messages = run(ActionPolicyQA(), make_tracker("温州呢？", slots=PREVIOUS), domain)
    assert events == [] and messages[0]["text"] == UNAVAILABLE


def test_question_inside_a_form_passes_the_context_through(domain, gateway) -> None:
    """The form's SlotSets and the context's; no 猜你想问 (the form's own question and buttons follow)."""
    gateway.ask_answer = answer(suggestions=["备案后能申请场地吗？"])
    tracker = make_tracker("那北京呢？", intent="ask_policy", requested="member_count", form="filing_form",
                           slots=PREVIOUS)
    events, messages = run(filing.ValidateFilingForm(), tracker, domain)
    assert events == [SlotSet("member_count", None), *CONTEXT_EVENTS]
    assert gateway.calls[0][1]["context"] == SENT
    assert [m["text"] for m in messages] == ["备案由街道（镇）负责实施。"]


def test_domain_declares_the_context_slots(domain) -> None:
    for slot, kind in (("qa_question", "text"), ("qa_region", "text"), ("qa_doc_ids", "list"),
                       ("qa_clause_ids", "list")):
        spec = domain["slots"][slot]
        assert spec["type"] == kind and spec["influence_conversation"] is False
        assert spec["mappings"] == [{"type": "custom"}]


def test_a_document_fact_is_shown_as_the_gateway_states_it() -> None:
    from actions.policy_qa import reply_from_answer

    answer = {"answer": "《意见》没有写明施行日期或有效期。是否仍在执行，请向区民政局确认。", "confident": False,
              "source": "metadata", "citations": [{"clause_id": "bj-2022/通知"}]}
    assert reply_from_answer(answer) == (answer["answer"], answer["citations"])


def test_a_message_with_nothing_to_look_up_gets_the_menu_not_clauses(domain, gateway) -> None:
    """「？？？」「啊啊啊啊」「1」 reach the fallback: no search of the documents, a plain 没太明白 and what I can do."""
    for text in ("？？？", "啊啊啊啊", "1", "<script>alert(1)</script>"):
        events, messages = run(ActionPolicyQA(), make_tracker(text, intent="nlu_fallback"), domain)
        assert events == [] and gateway.calls == [], text
        assert messages[0]["text"] == NOT_UNDERSTOOD and messages[1]["response"] == "utter_help"
    run(ActionPolicyQA(), make_tracker("嗯嗯，广场舞队要备案吗", intent="nlu_fallback"), domain)
    assert [c[0] for c in gateway.calls] == ["/api/ask"]

