"""The simulated user's decisions, the prompt → slot mapping and the scoring (pure, fast)."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from fastapi import FastAPI, HTTPException, Request, Response

from bench.dialogue import scoring
from bench.dialogue.bank import load_bank
from bench.dialogue.channels import Turn
from bench.dialogue.flows import Meant
from bench.dialogue.generator import Injection, make_script
from bench.dialogue.prompts import known_prompts, slot_from_text
from bench.dialogue.tracker import TrackerState, replay
from bench.dialogue.user import SimUser

FIXTURE = Path(__file__).parent / "fixtures" / "bank"


def script(flow: str = "filing", index: int = 0, injections: list[Injection] | None = None):
    s = make_script(load_bank(FIXTURE).half("dev"), flow, "dev", index)
    s.injections = injections or []
    return s


def asking(slot: str | None, form: str = "filing_form", **slots) -> TrackerState:
    return TrackerState(active_loop=form if slot else None, requested_slot=slot, slots=dict(slots))


def turn(*texts: str, buttons: list[dict] | None = None, cited: bool = False) -> Turn:
    msgs = [{"text": t, "buttons": [], "citations": []} for t in texts]
    if buttons:
        msgs[-1]["buttons"] = buttons
    if cited:
        msgs[0]["citations"] = [{"title": "文件", "clause": "第七条"}]
    return Turn(msgs)


def test_every_form_slot_has_a_known_prompt_and_the_texts_map_back() -> None:
    slots = {slot for slot, _ in known_prompts()}
    assert {"team_name", "district", "member_count", "dereg_reason", "region", "has_party_org"} <= slots
    assert slot_from_text("团队在哪个区（县）？例如「长宁区」。") == "district"
    assert slot_from_text("为什么要注销/撤销？") == "dereg_reason"
    assert slot_from_text("您好，今天天气不错") is None


def test_answers_the_requested_slot_then_rephrases_then_taps_the_option_then_gives_up() -> None:
    sim = SimUser(script())
    sim.opening()
    first = sim.next(turn("团队叫什么名字？"), asking("team_name"))
    assert first.kind == "answer" and first.text == sim.script.answers["team_name"][0]["text"]
    second = sim.next(turn("团队叫什么名字？"), asking("team_name"))
    assert second.kind == "rephrase"
    meant = sim.meant["team_name"].value
    third = sim.next(turn("请只写名称", buttons=[{"title": meant, "payload": "/pick"}]), asking("team_name"))
    assert third.kind == "option" and third.text == "/pick"
    assert sim.next(turn("团队叫什么名字？"), asking("team_name")) is None and sim.outcome == "stuck:team_name"


def test_injections_are_sent_when_due() -> None:
    s = script(injections=[Injection("side", "sq", "备案要交钱吗？", at=2, answerable=True),
                           Injection("invalid", "bad", "不知道", slot="district")])
    sim = SimUser(s)
    sim.opening()
    assert sim.next(turn("名字？"), asking("team_name")).kind == "answer"
    side = sim.next(turn("哪一类？"), asking("category"))
    assert side.kind == "side" and side.slot == "category"
    sim.observe(turn("答复", "哪一类？", cited=True), asking("category"), asking("category"))
    assert sim.events[-1]["cited"] and sim.events[-1]["not_stored"]
    assert sim.next(turn("哪一类？"), asking("category")).kind == "answer"
    invalid = sim.next(turn("哪个区？"), asking("district"))
    assert invalid.kind == "invalid" and invalid.text == "不知道"
    sim.observe(turn("哪个区？"), asking("district", district="不知道"), asking("district"))
    assert sim.events[-1]["not_stored"] is False  # the bot stored the invalid reply


def test_cancel_is_repeated_once_when_the_bot_asks_and_ends_the_conversation() -> None:
    sim = SimUser(script(injections=[Injection("cancel", "cc", "不填了", at=1)]))
    sim.opening()
    assert sim.next(turn("名字？"), asking("team_name")).kind == "cancel"
    again = sim.next(turn("您是要退出吗？退出请说「取消」"), asking("team_name"))
    assert again.kind == "cancel_again" and again.text == "取消"
    assert sim.next(turn("好的，已取消"), asking(None)) is None and sim.outcome == "cancelled"


def test_start_button_restart_and_value_confirmation() -> None:
    s = script(injections=[Injection("restart", "restart", at=2)])
    sim = SimUser(s)
    sim.opening()
    start = sim.next(turn("要登记。要开始填写吗？", buttons=[{"title": "开始填写", "payload": "/start_filing"}]),
                     asking(None))
    assert start.kind == "start" and start.text == "/start_filing"
    assert sim.next(turn("名字？"), asking("team_name")).kind == "answer"
    assert sim.next(turn("哪一类？"), asking("category")).kind == "restart"
    assert sim.next(turn("哪一类？"), asking("category")).kind == "answer"
    sim.meant["member_count"] = Meant(30, approx=True)
    confirm = sim.next(turn("大约 30 人，对吗？"), asking("member_count"))
    assert confirm.kind == "confirm_value"


def test_of_several_offers_the_user_taps_the_one_of_its_own_flow() -> None:
    """「需要的话…团队预备案申请…；或者做扶持资格自查…」: a resident wanting the self-check taps 开始自查, not the first button."""
    buttons = [{"title": "开始填写", "payload": "/start_filing"}, {"title": "开始自查", "payload": "/check_support"}]
    for flow, payload in (("eligibility", "/check_support"), ("filing", "/start_filing")):
        sim = SimUser(script(flow))
        sim.opening()
        start = sim.next(turn("答复……需要的话可以开始", buttons=buttons), asking(None, form=f"{flow}_form"))
        assert start.kind == "start" and start.text == payload, flow


def test_completion_is_read_from_the_reference_or_the_result_action() -> None:
    sim = SimUser(script())
    sim.opening()
    assert sim.next(turn("编号 BA-20260101-0001：已提交"), asking(None)) is None and sim.outcome == "completed"
    elig = SimUser(script("eligibility"))
    elig.opening()
    state = TrackerState(actions=["action_eligibility_result"])
    assert elig.next(turn("自查结果"), state) is None and elig.outcome == "completed"


def test_tracker_replay() -> None:
    events = [{"event": "active_loop", "name": "filing_form"}, {"event": "slot", "name": "requested_slot", "value": "district"},
              {"event": "slot", "name": "district", "value": "长宁区"}, {"event": "action", "name": "action_submit_filing"},
              {"event": "active_loop", "name": None}]
    state = replay(events)
    assert state.active_loop is None and state.requested_slot is None and state.slots["district"] == "长宁区"
    assert state.results == [{"action": "action_submit_filing", "slots": {"requested_slot": "district", "district": "长宁区"}}]


@pytest.mark.parametrize("field,stored,meant,ok", [
    ("community", "番禺居委会", Meant("番禺居委"), True), ("community", "我们属于番禺居委", Meant("番禺居委"), False),
    ("member_count", 30, Meant(30, approx=True), True), ("member_count", 33, Meant(30, approx=True), True),
    ("member_count", 138, Meant(30), False), ("leader_phone", "13812345678", Meant("13812345678"), True),
    ("leader_name", "王秀英老师", Meant("王秀英"), True), ("leader_name", "秀英", Meant("王秀英"), False),
    ("leader_name", "王阿姨", Meant("王秀英", ["王阿姨"]), True), ("tier", "社区活动小组", Meant("本居委"), True),
    ("tier", "可考虑登记为社会组织", Meant("本居委"), False), ("tier", "可考虑登记为社会组织", Meant("跨街道"), True),
    ("org_kind", "备案的社区群众活动团队", Meant("team"), True), ("org_kind", "登记的社会组织", Meant("team"), False),
    ("reason", "长期不活动", Meant("inactive"), True), ("region", "长宁区", Meant("长宁区天山路街道"), False),
    ("region", "上海市长宁区", Meant("上海市长宁区"), True), ("grade", "无", Meant("none"), True),
    ("grade", "1A", Meant("none"), False), ("support_needs", ["资金", "场地"], Meant(["场地"]), False),
    ("activity_place", "就在番禺小区中心花园", Meant("番禺小区中心花园"), True), ("team_name", "啊,什刹海空竹队", Meant("什刹海空竹队"), False),
    ("has_party_org", False, Meant(True), False),
])
def test_field_comparison(field: str, stored, meant: Meant, ok: bool) -> None:
    assert scoring.field_ok(field, stored, meant) is ok


def played(flow: str = "filing", outcome: str = "completed", records: dict | None = None, injections=None):
    s = script(flow, injections=injections)
    sim = SimUser(s)
    sim.outcome, sim.turns = outcome, 14
    return SimpleNamespace(script=s, sim=sim, records=records or {}, results=[], error=None, latencies=[0.1, 0.2])


def good_filing(s) -> dict:
    p, m = s.persona, s.meant
    return {"team_name": m["team_name"].value, "category": m["category"].value, "district": m["district"].value,
            "street": m["street"].value, "community": p["community"], "member_count": m["member_count"].value,
            "leader_name": m["leader_name"].value, "leader_phone": p["leader_phone"],
            "activity_place": p["activity_place"], "activities": p["activities"],
            "tier": {"本居委": "社区活动小组", "街道范围": "社区群众活动团队", "跨街道": "可考虑登记为社会组织"}[m["activity_scope"].value]}


def test_judge_success_effects_and_metrics() -> None:
    ok = played()
    ok.records = {"filings": [good_filing(ok.script)], "handoffs": []}
    v = scoring.judge(ok)
    assert v["success"] and all(f["ok"] for f in v["fields"].values()) and not v["side_effects"], v
    handoff = played()
    handoff.records = {"filings": [good_filing(handoff.script)], "handoffs": [{"reference": "RG-1"}]}
    assert scoring.judge(handoff)["side_effects"] == ["handoff:1"]
    cancelled = played(outcome="cancelled", injections=[Injection("cancel", "c", "取消", at=2)])
    cancelled.records = {"filings": [good_filing(cancelled.script)]}
    cancelled.sim.sent["cancel"] = 1
    vc = scoring.judge(cancelled)
    assert not vc["success"] and "stored_after_cancel" in vc["side_effects"]
    garbage = played(injections=[Injection("invalid", "x", "顺便问下，登记了能拿补贴吗", slot="district")])
    garbage.records = {"filings": [{**good_filing(garbage.script), "district": "顺便问下,登记了能拿补贴吗"}]}
    vg = scoring.judge(garbage)
    assert "garbage:district" in vg["side_effects"] and not vg["fields"]["district"]["ok"]
    asked = played(injections=[Injection("side", "s", "文体活动类跟社区事务类到底怎么分？")])
    asked.records = {"filings": [good_filing(asked.script)]}
    meant = scoring.judge(asked)  # the meant category, also written in a side question, is no garbage
    assert meant["fields"]["category"]["stored"] == "文体活动类" and not meant["side_effects"], meant
    figures = scoring.by_flow([v, scoring.judge(handoff), vc, vg])
    m = figures["filing"]
    assert m["n"] == 4 and m["completion"] == 0.75 and m["side_effects"] == 3 and m["turns_per_completion"] == 14
    assert any("completion" in g for g in scoring.gate_failures(figures))
    assert "filing" in scoring.table(figures, "t")
    assert scoring.categories(vg) == ["field:district", "effect:garbage"]


def test_a_refusal_with_reference_clauses_is_no_answer() -> None:
    assert scoring.answered({"cited": True, "refused": False})
    assert not scoring.answered({"cited": True, "refused": True})
    assert not scoring.answered({"cited": False, "refused": False})
    side = {"cited": False, "refused": True, "not_stored": True, "form_kept": True}
    assert scoring.handled(side) and scoring.handled({**side, "cited": True, "refused": False})
    assert not scoring.handled({**side, "refused": False}) and not scoring.handled({**side, "not_stored": False})
    assert not scoring.handled({**side, "form_kept": False})
    sim = SimUser(script(injections=[Injection("side", "sq", "备案要交钱吗？", at=1, answerable=True)]))
    sim.opening()
    assert sim.next(turn("名字？"), asking("team_name")).kind == "side"
    sim.observe(turn("文件里没有找到能明确回答这个问题的条款。", "名字？", cited=True), asking("team_name"),
                asking("team_name"))
    assert sim.events[-1]["refused"] and sim.events[-1]["cited"]


def test_a_wrong_prefill_is_corrected_once() -> None:
    s = script()
    s.fixes["category"] = "类别选错了，应该是{new}"
    sim = SimUser(s)
    sim.opening()
    wrong = "公益慈善类" if sim.meant["category"].value != "公益慈善类" else "文体活动类"
    fix = sim.next(turn("已按您说的记下：类别 …", "名字？"), asking("team_name", category=wrong))
    assert fix.kind == "fix_prefill" and fix.text == f"类别选错了，应该是{sim.meant['category'].value}"
    assert sim.next(turn("名字？"), asking("team_name", category=wrong)).kind == "answer"


@pytest.mark.parametrize("field,stored,meant,ok", [
    ("street", "什刹海", "什刹海街道", True), ("street", "塘下街道", "塘下镇", False), ("district", "西湖", "西湖区", True),
    ("street", "是翠苑街道", "翠苑街道", False), ("region", "朝阳区双井", "朝阳区双井街道", True),
    ("region", "朝阳区", "朝阳区双井街道", False),
])
def test_a_place_without_the_suffix_the_gazetteer_lacks_is_the_same_place(field, stored, meant, ok) -> None:
    assert scoring.field_ok(field, stored, Meant(meant)) is ok


def _gateway(cookie_identity: bool):
    """A stand-in /api/chat: the cookie names the sender (issued on the first turn), or the body must."""
    app = FastAPI()

    @app.post("/api/chat")
    async def chat(request: Request, response: Response) -> dict:
        body = await request.json()
        if cookie_identity:
            sender = request.cookies.get("web_sender") or f"web:{len(app.state.__dict__.get('_state', {}))}x"
            if body.get("sender_id") not in (None, sender):
                raise HTTPException(403)
            response.set_cookie("web_sender", sender)
        elif "sender_id" not in body:
            raise HTTPException(422, "sender_id: 缺少字段")
        else:
            sender = body["sender_id"]
        return {"sender_id": sender, "messages": [{"text": f"{sender}:{body['message']}", "buttons": [], "citations": []}]}

    return app


@pytest.mark.parametrize("cookie_identity", [True, False])
def test_the_web_session_follows_the_gateways_identity(cookie_identity: bool) -> None:
    import asyncio

    import httpx

    from bench.dialogue.channels import WebChannel

    async def run() -> list[str]:
        stack = SimpleNamespace(base="http://gw")
        web = WebChannel(stack, "s-1", transport=httpx.ASGITransport(app=_gateway(cookie_identity)))
        texts = [(await web.say("你好")).text, (await web.say("第二句")).text]
        await web.aclose()
        return [*texts, web.sender]

    first, second, sender = asyncio.run(run())
    assert first.startswith(sender) and second == f"{sender}:第二句"
    assert sender == ("web:0x" if cookie_identity else "web:sim-s-1")
