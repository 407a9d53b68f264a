"""Pure rendering, splitting and XML escaping (no server)."""
from __future__ import annotations

import pytest
from defusedxml.ElementTree import fromstring
from wechatpy.replies import TextReply
from xml.etree.ElementTree import ParseError

from api.wechat.inbound import Inbound
from api.wechat.render import button_choice, render_messages, strip_markup
from api.wechat.reply import cdata, text_reply_xml
from api.wechat.split import MORE_HINT, split_reply, utf8_len

HAN = "政"  # 3 UTF-8 bytes


def chinese(n_bytes: int) -> str:
    """Chinese text of exactly n bytes (padded with ASCII so every size is reachable)."""
    return HAN * (n_bytes // 3) + "a" * (n_bytes % 3)


@pytest.mark.parametrize("size,parts", [(2047, 1), (2048, 1), (2049, 2)])
def test_split_boundaries(size: int, parts: int) -> None:
    text = chinese(size)
    out = split_reply(text, 2048)
    assert len(out) == parts
    assert all(utf8_len(p) <= 2048 for p in out)
    assert "".join(p.replace(MORE_HINT, "") for p in out) == text
    if parts > 1:
        assert out[0].endswith(MORE_HINT) and not out[-1].endswith(MORE_HINT)


def test_split_prefers_sentence_ends_and_keeps_titles_whole() -> None:
    sentence = "社区社会组织应当依照" + "《上海市社区社会组织备案管理办法（试行）》" + "第七条办理备案手续。"
    text = sentence * 60
    out = split_reply(text, 2048)
    assert len(out) > 1
    for part in out[:-1]:
        body = part.replace(MORE_HINT, "")
        assert body.endswith("。"), body[-20:]
    for part in out:
        body = part.replace(MORE_HINT, "")
        assert body.count("《") == body.count("》")
    assert "".join(p.replace(MORE_HINT, "") for p in out) == text


def test_split_without_punctuation_never_cuts_a_title() -> None:
    title = "《" + HAN * 100 + "》"
    text = (HAN * 7 + title) * 30
    for part in split_reply(text, 2048):
        body = part.replace(MORE_HINT, "")
        assert utf8_len(part) <= 2048
        assert body.count("《") == body.count("》")
        body.encode("utf-8").decode("utf-8")  # whole characters only


def test_citation_lines_are_boundaries() -> None:
    msgs = [{"text": HAN * 600 + "。", "citations": [
        {"title": f"文件{i}", "clause": f"第{i}条", "in_force": True} for i in range(60)
    ]}]
    text, _ = render_messages(msgs)
    out = split_reply(text, 2048)
    assert len(out) >= 2
    for part in out:
        for line in part.replace(MORE_HINT, "").splitlines():
            if line.startswith("《"):
                assert line.endswith("条"), line


def test_render_condenses_citations_strips_markup_and_numbers_buttons() -> None:
    msgs = [
        {"text": "## 备案条件\n**需要** <b>章程</b>&amp;名单\n- 第一项\n[详见](https://x.example/a)", "buttons": [
            {"title": "开始备案", "payload": "/start_filing"}, {"title": "问政策", "payload": "/ask"}],
         "citations": [
            {"title": "关于印发《社区社会组织备案办法》的通知", "clause": "第七条", "in_force": True, "text": "很长的原文" * 50},
            {"title": "旧办法", "clause": "四、（一）3.", "in_force": False, "text": "x"}]},
    ]
    text, buttons = render_messages(msgs)
    assert "#" not in text and "**" not in text and "<b>" not in text and "&amp;" not in text
    assert "需要 章程&名单" in text and "· 第一项" in text and "详见（https://x.example/a）" in text
    assert "《关于印发〈社区社会组织备案办法〉的通知》第七条" in text
    assert "《旧办法》四、（一）3.（已失效）" in text
    assert "很长的原文" not in text
    assert "1. 开始备案\n2. 问政策" in text and "回复数字选择" in text
    assert button_choice("2", buttons) == "/ask"
    assert button_choice("２", buttons) == "/ask"
    assert button_choice("3", buttons) is None and button_choice("备案", buttons) is None
    assert button_choice("第2个", buttons) == "/ask" and button_choice("选第一个", buttons) == buttons[0]["payload"]
    assert button_choice("第二条", buttons) is None and button_choice("第二项", buttons) is None  # clauses
    assert button_choice("二", buttons) is None  # a bare Chinese numeral may be a value (四 → 4A), not a position


def test_strip_markup_removes_control_characters() -> None:
    assert strip_markup("a\x00b\x1bc\x7f") == "abc"


def test_wechatpy_cdata_breaks_on_terminator_but_ours_does_not() -> None:
    evil = "看这里]]><injected/>的内容"
    with pytest.raises(ParseError):
        fromstring(TextReply(source="a", target="b", content=evil).render())
    msg = Inbound(to_user="gh_x", from_user="o]]>x", create_time="1", msg_type="text")
    root = fromstring(text_reply_xml(msg, evil))
    assert root.findtext("Content") == evil
    assert root.findtext("ToUserName") == "o]]>x"
    assert root.find("injected") is None
    assert fromstring(f"<x>{cdata(']]>]]>')}</x>").text == "]]>]]>"
