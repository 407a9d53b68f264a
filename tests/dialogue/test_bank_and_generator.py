"""The phrasing bank's halves and the conversation generator (pure, fast)."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from bench.dialogue.bank import BANK, NO_VALUE, expand, half_of, load_bank
from bench.dialogue.flows import FLOWS, Meant, canonical, meant, persona_fields, persona_value, region_label, render
from bench.dialogue.bank import Phrasing
from bench.dialogue.generator import correction, generate, make_script

FIXTURE = Path(__file__).parent / "fixtures" / "bank"
BANKS = [FIXTURE] + ([BANK] if (BANK / "phrasings.yml").is_file() else [])


def test_half_of_is_stable_and_roughly_even() -> None:
    assert half_of("tn01") == half_of("tn01")
    counts = Counter(half_of(f"item-{i}") for i in range(2000))
    assert set(counts) == {"dev", "sealed"} and abs(counts["dev"] - 1000) < 100


def test_fixture_bank_shapes_are_read() -> None:
    bank = load_bank(FIXTURE)
    assert [p.id for p in bank.valid["team_name"]][:2] == ["tn-plain", "tn-jiao"]  # mapping with valid/invalid
    assert {p.id for p in bank.invalid["team_name"]} >= {"tn-bad-q", "tn-bad-long"}
    assert {p.id for p in bank.invalid["district"]} == {"d-bad-q", "d-bad-x"}  # invalid listed before valid
    assert bank.valid["category"][1].value == "文体活动类" and bank.valid["team_name"][0].value is NO_VALUE
    assert bank.openings["filing"] and bank.side_questions and bank.corrections and bank.cancels


def test_a_half_without_items_keeps_all_and_says_so() -> None:
    bank = load_bank(FIXTURE)
    for half in ("dev", "sealed"):
        part = bank.half(half)
        assert all(part.valid[slot] for slot in bank.valid)
        for slot, items in part.valid.items():
            if not any(half_of(p.id) == half for p in bank.valid[slot]):
                assert any(w.startswith(f"phrasings.{slot}:") for w in part.warnings)
            else:
                assert all(half_of(p.id) == half for p in items)


def test_long_paste_is_expanded() -> None:
    assert len(expand("<<LONG:600>>")) == 600 and expand("长宁区") == "长宁区"


PERSONA = {"id": "p", "city": "上海", "team_name": "夕阳红舞蹈队", "team_short": "夕阳红", "district": "长宁区",
           "street": "天山路街道", "leader_surname": "王", "leader_name": "王秀英", "leader_phone": "13812345678",
           "member_count": 25, "dereg_reason": "dissolved", "grade": "none", "activity_scope": "本居委"}


def test_templates_render_derived_fields() -> None:
    fields = persona_fields(PERSONA)
    assert fields["phone_spaced"] == "138 1234 5678" and fields["phone_fullwidth"] == "１３８１２３４５６７８"
    assert fields["district_short"] == "长宁" and fields["street_short"] == "天山路" and fields["leader_given"] == "秀英"
    assert render(Phrasing("x", "我姓{leader_surname}，{leader_name}"), PERSONA) == "我姓王，王秀英"
    with pytest.raises(KeyError):
        render(Phrasing("x", "{no_such_field}"), PERSONA)


def test_meaning_of_phrasings() -> None:
    assert meant("member_count", Phrasing("m", "三十来个", 30, True), PERSONA) == Meant(30, [], True)
    assert meant("dereg_region", Phrasing("r", "{district}"), PERSONA).value == "长宁区"
    assert meant("dereg_region", Phrasing("r", "{district}{street}"), PERSONA).value == "长宁区天山路街道"
    assert meant("leader_name", Phrasing("l", "{leader_surname}阿姨"), PERSONA).aliases == ["王阿姨"]
    assert meant("region", Phrasing("g", "x", {"city": "上海", "district": "长宁区"}), PERSONA).value == "上海市长宁区"
    assert region_label("other", "西湖区") == "other:西湖区" and persona_value("region", PERSONA) == "上海市长宁区"
    assert canonical("dereg_reason", "解散") == "dissolved" and canonical("grade", "none") == "none"
    assert canonical("service_fields", "养老、助残") == sorted(["助残", "养老"])


@pytest.mark.parametrize("bank_dir", BANKS, ids=lambda p: p.parent.name)
def test_generation_is_deterministic_and_uses_one_half(bank_dir: Path) -> None:
    bank = load_bank(bank_dir)
    for flow in FLOWS:
        first = [s.as_json() for s in generate(bank, flow, "dev", 30, restarts=2)]
        assert first == [s.as_json() for s in generate(bank, flow, "dev", 30, restarts=2)]
        assert sum(1 for s in first if any(i["kind"] == "restart" for i in s["injections"])) == 2
        if bank_dir == BANK:  # the real bank has items in both halves: no sealed item in a dev script
            for script in generate(bank, flow, "dev", 50):
                ids = [a["id"] for answers in script.answers.values() for a in answers]
                ids += [i.item_id for i in script.injections if i.kind != "restart"] + [script.opening["id"]]
                assert all(half_of(i) == "dev" for i in ids if not i.startswith("default-")), script.id
                assert half_of(script.persona["id"]) == "dev"


@pytest.mark.parametrize("bank_dir", BANKS, ids=lambda p: p.parent.name)
def test_scripts_are_coherent(bank_dir: Path) -> None:
    bank = load_bank(bank_dir)
    for flow in FLOWS:
        for script in generate(bank, flow, "sealed", 60):
            assert set(script.answers) == set(FLOWS[flow].slots)
            for slot, value in (script.opening.get("prefill") or {}).items():
                assert canonical(slot, value) == persona_value(slot, script.persona)
            for inj in script.injections:
                if inj.kind == "correction":
                    assert inj.value != persona_value(inj.slot, script.persona) and "{new}" not in inj.text
                if inj.kind == "invalid":
                    assert inj.slot in FLOWS[flow].slots and inj.text


def test_literal_correction_needs_its_when_and_must_change_something() -> None:
    import random
    meaning = {"member_count": Meant(30), "service_fields": Meant(["养老"])}
    item = {"id": "c", "flow": "filing", "slot": "member_count", "text": "是35个不是30个", "value": 35,
            "when": {"member_count": 30}}
    assert correction(item, "member_count", meaning, PERSONA, [PERSONA], random.Random(1)) == (35, "是35个不是30个")
    assert correction(item, "member_count", {"member_count": Meant(25)}, PERSONA, [PERSONA], random.Random(1)) is None
    add = {"id": "a", "slot": "service_fields", "text": "还有助残", "value": ["助残"], "op": "add"}
    assert correction(add, "service_fields", meaning, PERSONA, [PERSONA], random.Random(1))[0] == sorted(["助残", "养老"])
    kind = {"id": "k", "slot": "member_count", "text": "人数改成{new}", "kind": "int"}
    value, text = correction(kind, "member_count", meaning, PERSONA, [PERSONA], random.Random(1))
    assert value != 30 and text == f"人数改成{value}"


def test_make_script_single() -> None:
    script = make_script(load_bank(FIXTURE).half("dev"), "filing", "dev", 0)
    assert script.id == "filing-dev-web-000" and script.opening["text"]


def test_values_are_typed_the_way_people_type_them() -> None:
    from bench.dialogue.flows import display
    assert display("newly_founded", False) == "不是刚成立的" and display("has_party_org", True) == "已经建立了党组织"
    assert display("grade", "none") == "没有评估等级" and display("dereg_org_type", "group") == "居委指导的社区活动小组"
    assert display("support_needs", ["资金", "场地"]) == "资金、场地"
