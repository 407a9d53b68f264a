"""「原文」: the clauses the last answer cited, sent whole and split like any long reply — pure
rendering first, then real HTTP to the gateway with the database store and with Redis."""
from __future__ import annotations

from typing import Any

import pytest

from api.wechat import texts
from api.wechat.render import SOURCES_HINT, collect_sources, render_messages, render_sources
from api.wechat.service import is_source_request
from api.wechat.split import MORE_HINT
from tests.wechat.conftest import Rig, text_xml

FULL = "二、加大扶持力度。（一）丰富扶持资金。鼓励社区基金会设立专项基金，支持备案类社区社会组织开展服务。"
CITED = {"title": "上海市民政局关于持续推进社区社会组织高质量发展的若干举措", "clause": "第七条",
         "clause_id": "sh-mca-2024-1/第七条", "in_force": True, "text": "丰富扶持资金。", "full_text": FULL}
OLD = {"title": "旧办法", "clause": "四、（一）3.", "clause_id": "old/四/（一）/3", "in_force": False,
       "text": "旧的条款全文。"}
ANSWER = [
    {"text": "可以申请福利彩票公益金等扶持。", "buttons": [], "citations": [CITED, OLD]},
    {"text": "猜你想问：", "buttons": [{"title": "公益创投是什么？", "payload": "公益创投是什么？"},
                                  {"title": "备案后能申请场地吗？", "payload": "备案后能申请场地吗？"}], "citations": []},
]


def test_answer_lists_citations_with_the_hint_and_suggestions_under_their_heading() -> None:
    text, buttons = render_messages(ANSWER)
    assert text == (
        "可以申请福利彩票公益金等扶持。\n\n"
        "依据：\n《上海市民政局关于持续推进社区社会组织高质量发展的若干举措》第七条\n《旧办法》四、（一）3.（已失效）\n"
        f"{SOURCES_HINT}\n\n"
        "猜你想问：\n1. 公益创投是什么？\n2. 备案后能申请场地吗？\n（回复数字选择）"
    )
    assert SOURCES_HINT == "（回复“原文”查看条款全文）"
    assert buttons[1] == {"title": "备案后能申请场地吗？", "payload": "备案后能申请场地吗？"}


def test_no_hint_without_clause_text_and_citations_follow_their_own_message() -> None:
    text, _ = render_messages([{"text": "答", "citations": [{"title": "甲", "clause": "第一条", "in_force": True}]}])
    assert text == "答\n\n依据：\n《甲》第一条"
    text, _ = render_messages([{"text": "分级", "citations": [OLD]},
                               {"text": "请确认：", "buttons": [{"title": "确认提交", "payload": "确认提交"}]}])
    assert text.index("依据") < text.index("请确认") and text.count(SOURCES_HINT) == 1


def test_sources_are_the_whole_clauses_once_each() -> None:
    sources = collect_sources(ANSWER + [{"text": "again", "citations": [CITED]}])
    assert sources == [
        {"title": CITED["title"], "clause": "第七条", "in_force": True, "text": FULL},
        {"title": "旧办法", "clause": "四、（一）3.", "in_force": False, "text": "旧的条款全文。"},  # flows: text is whole
    ]
    assert render_sources(sources) == (
        "上一条回答引用的条款原文：\n\n"
        f"《{CITED['title']}》第七条\n{FULL}\n\n"
        "《旧办法》四、（一）3.（已失效）\n旧的条款全文。"
    )
    assert render_sources([]) == ""


@pytest.mark.parametrize("text", ["原文", "看原文", "原文呢", "原文呢？", " 原文。", "查看原文", "全文"])
def test_source_words(text: str) -> None:
    assert is_source_request(text)


@pytest.mark.parametrize("text", ["原文在哪里看", "更多", "文号", "第七条原文讲了什么"])
def test_questions_about_originals_still_go_to_the_dialogue(text: str) -> None:
    assert not is_source_request(text)


async def ask(rig: Rig, text: str, msg_id: str) -> str:
    return rig.wx.reply_content(await rig.wx.post(text_xml(text, msg_id=msg_id))) or ""


async def check_originals_flow(rig: Rig, prefix: str) -> None:
    """No answer yet → plain note; cited answer → hint; 原文 → whole clauses (split with 更多); an
    answer without citations → the note again. 原文 itself never reaches the dialogue."""
    assert await ask(rig, "原文", f"{prefix}-0") == texts.NO_SOURCES
    long_clause = "。".join(f"第{i}项支持社区社会组织参与社区治理" for i in range(150)) + "。"
    rig.dialogue.reply = [{"text": "可以申请扶持。", "buttons": [], "citations": [dict(CITED, full_text=long_clause)]}]
    first = await ask(rig, "有哪些扶持资金？", f"{prefix}-1")
    assert SOURCES_HINT in first and "《上海市民政局关于持续推进社区社会组织高质量发展的若干举措》第七条" in first
    parts = [await ask(rig, "看原文", f"{prefix}-2")]
    for i in range(10):
        if MORE_HINT not in parts[-1]:
            break
        parts.append(await ask(rig, "更多", f"{prefix}-3{i}"))
    assert len(parts) >= 2 and all(len(p.encode()) <= 2048 for p in parts)
    assert parts[0].startswith("上一条回答引用的条款原文：\n\n《上海市民政局关于持续推进社区社会组织高质量发展的若干举措》第七条\n")
    joined = "".join(p.replace(MORE_HINT, "") for p in parts)
    assert "第0项" in joined and "第149项" in joined
    assert len(rig.dialogue.calls) == 1
    rig.dialogue.reply = [{"text": "您好！", "buttons": [], "citations": []}]
    assert SOURCES_HINT not in await ask(rig, "你好", f"{prefix}-4")
    assert await ask(rig, "原文呢？", f"{prefix}-5") == texts.NO_SOURCES


@pytest.mark.asyncio
async def test_originals_with_the_database_store(rig: Rig) -> None:
    await check_originals_flow(rig, "sql")


@pytest.mark.asyncio
async def test_originals_with_the_redis_store(rig_factory: Any, redis_url: str) -> None:
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    await check_originals_flow(rig_factory(redis_url=redis_url), "redis")
