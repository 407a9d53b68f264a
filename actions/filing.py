"""Flow 1 — guided pre-filing of a community activity team (备案引导).

Collects the team's details, maps everyday words to the four categories of 000 四、（一）3, shows what the documents of
the user's region say about tiers and filing (knowledge/flows/filing.yml, with the clauses behind each sentence) and a
summary for confirmation, then stores a pre-filing request (BA-…) through the gateway. The policy sentences are data.
"""
from __future__ import annotations

import logging
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import citations as C
from actions import flow_texts as T
from actions import gateway, parsing
from actions.offers import offer_after
from actions.common import on_hold, prompted_this_turn, reset_form, retry_confirmation, summary_shown, utter
from actions.form_reading import latest_intent
from actions.forms import FlowFormValidator
from corpus import vocabulary as V
from corpus.text import mask_pii

log = logging.getLogger(__name__)
CONFIG_PATH = Path(__file__).with_name("filing_config.yml")
CATEGORIES = V.categories()
SCOPES = {"community": "本居委（村）内", "street": "街道（镇）范围内、跨居委", "district": "跨街道或更大范围"}
TIERS = {"community": V.organization_kind("group"), "street": V.organization_kind("team"),
         "district": f"可考虑登记为{V.organization_kind('registered')}"}
# The form's slots in the order the summary lists them, labelled as the chat asks for them.
SLOTS = ("team_name", "category", "district", "street", "community", "member_count", "activity_scope",
         "leader_name", "leader_phone", "activity_place", "activities")
LABELS = {slot: V.field_label(slot, "filing_dialogue") for slot in SLOTS}


@lru_cache(maxsize=1)
def load_config() -> dict[str, Any]:
    """Category words and local-practice settings (filing_config.yml); the category names are the vocabulary's."""
    config = yaml.safe_load(CONFIG_PATH.read_text(encoding="utf-8"))
    unknown = set(config["categories"]) - set(CATEGORIES)
    if unknown:
        raise ValueError(f"filing_config.yml: unknown categories {sorted(unknown)}; see knowledge/vocabulary.yml")
    return config


def map_category(text: str) -> Optional[str]:
    """广场舞 → 文体活动类: a category name (typo or clear part such as 文体 included), else the category whose everyday
    words give the longest match; on a tie the config order decides (filing_config.yml). None for questions."""
    reply = parsing.normalize_reply(text)
    if not reply or parsing.looks_like_question(reply) or parsing.DEFERS_RE.search(reply):  # 「…的事开春再说」
        return None
    focus = _FOCUS_RE.search(reply)  # 「…助浴，应该算生活服务类」: said in full (「X也沾点，主要是…」: the main one)
    if len(named := [c for c in CATEGORIES if c in reply]) == 1 and parsing.without_denied(reply) == reply \
            and (not focus or reply.find(named[0]) > focus.start()):
        return named[0]
    # 「我们社区的舞龙队」: where the team is, not the 社区事务类
    reply = re.sub(r"(?:我们|咱们|俺们|本)(?:社区|小区|居委)(?:的|里)?(?=.{2,})", "", reply)
    reply = re.sub(r"社区(?=食堂|文化|活动|中心|医院|卫生|学校|里)", "", reply)  # 「社区食堂帮厨」: a place in the 社区
    focus = _FOCUS_RE.search(reply)  # 「公益和文体都沾点，主要是公益」: the main one said after the others
    main = map_category(focus.group(1)) if focus and focus.start() > 0 and not _HEADLINE_RE.fullmatch(reply[:focus.start()]) else None
    if main is not None:  # what follows 主要(还)是 wins, unless the reply opens with the category alone (「社区事务类，主要是…」)
        return main
    if parsing.names_several(reply, CATEGORIES):
        return None  # 「文体跟公益两个都像」 names two
    words = load_config()["categories"]
    options = [(name, (name[:2], *words[name])) for name in CATEGORIES]
    index = parsing.choose(reply, options, numbers=False)  # digits follow the buttons' order
    if index is not None:
        return CATEGORIES[index]
    if parsing.option_number(reply, 99) is not None:
        return None
    covered = {name: _covered(reply, listed) for name, listed in words.items()}
    best = max(covered.values())
    return next((name for name, size in covered.items() if size == best), None) if best else None


def _covered(reply: str, words: list[str]) -> int:
    """How many characters a category's words cover, each place once: 「给独居老人送饭上门」 is more what is done (送饭,
    上门: 生活服务类) than whom (独居: 公益慈善类)."""
    hit = [False] * len(reply)
    for word in sorted(words, key=len, reverse=True):
        for at in (m.start() for m in re.finditer(re.escape(word), reply)):
            hit[at:at + len(word)] = [True] * len(word)
    return sum(hit)


_HEADLINE_RE = re.compile(r"(?:%s)[吧的啊呀]?[，,。；;\s]*" % "|".join(CATEGORIES))  # the answer itself, then what it means
_FOCUS_RE = re.compile(r"(?:最?主要|基本上|大部分|大多|更多)(?:还)?(?:是|算|做|搞|偏)?([^，,。；;]{2,})")


def map_scope(text: str) -> Optional[str]:
    """Scope key from the button payloads or free words matched as whole units (小区里 is not 区里)."""
    reply = parsing.normalize_reply(text)
    if not reply or parsing.looks_like_question(reply):
        return None
    return parsing.parse_scope(reply)


def tier_for(scope: str, members: int) -> str:
    """Tier key; only scope decides unless a local threshold is on (knowledge/flows/local_practice.yml, off: no head count)."""
    local = T.local_setting("small_group_max_members")
    limit = local.get("value") if local else None
    if scope == "community" and limit is not None and members > int(limit):
        return "street"
    return scope


def _reply(items: tuple, head: str, *extra: str, **values: Any) -> tuple[str, list[dict]]:
    """Header, the statements (each with its expiry note), extra lines, then the 依据 line; with citations."""
    line, cites = C.refs(*T.clause_ids(items))
    lines = [head + T.render(items, sep="\n", **values), *extra]
    return "\n".join(lines) + (f"\n依据：{line}" if line else ""), cites


def tier_text(scope: str, members: int, district: str) -> tuple[str, list[dict]]:
    """What the region's documents say about tiers and who files (knowledge/flows/filing.yml), with citations; the
    scope is repeated as the user's own answer, never mapped to a tier as policy."""
    said = T.render(T.statements("filing", "service", "scope"), scope=SCOPES.get(scope, scope))
    items = T.statements("filing", T.flow_region(district), "tiers")
    local = T.local_text("small_group_max_members")
    return _reply(items, f"【层级说明】{said}\n", *([local] if local else []), district=district)


def filing_summary(slots: dict[str, Any]) -> str:
    """The summary the user confirms before anything is stored."""
    shown = dict(slots)
    shown["activity_scope"] = SCOPES.get(slots.get("activity_scope"), slots.get("activity_scope"))
    shown["member_count"] = f"{slots.get('member_count')} 人"
    lines = [f"· {label}：{shown.get(slot)}" for slot, label in LABELS.items()]
    return "请核对以下信息：\n" + "\n".join(lines)


def next_steps(district: str) -> tuple[str, list[dict]]:
    """What the region's documents say about filing and venues, and what they leave open, with citations."""
    items = T.statements("filing", T.flow_region(district), "next_steps")
    return _reply(items, "下一步：\n", district=district)


def submitted_text(reference: str, district: str) -> tuple[str, list[dict]]:
    """After a request is saved: reference, not a filing yet, who contacts (local practice if on), next steps."""
    saved = T.statements("filing", "service", "saved")
    not_final = T.statements("filing", T.flow_region(district), "not_final")
    contact = T.local_text("callback") or T.render(saved[1:])
    steps, cites = next_steps(district)
    head = "\n".join([saved[0].render(reference=reference), T.render(not_final, district=district), contact])
    extra = C.refs(*T.clause_ids(not_final))[1]
    return f"{head}\n{steps}", [*extra, *(c for c in cites if c not in extra)]


def filing_record(tracker: Tracker) -> dict[str, Any]:
    """Record fields for /internal/requests (names fixed by the issue)."""
    data = {slot: tracker.get_slot(slot) for slot in LABELS if slot != "activity_scope"}
    data["tier"] = TIERS[tier_for(tracker.get_slot("activity_scope"), int(tracker.get_slot("member_count")))]
    return data


def parse_members(text: str) -> Optional[int]:
    """A positive head count (三十来个 → 30: the approximate count is kept as the number said)."""
    detail = parsing.parse_count_detail(text)
    year = re.fullmatch(r"\s*(?:(?:19|20)\d\d|[一二][零〇九][零〇一二三四五六七八九]{2})\s*年?", parsing.normalize_reply(text))  # 「2023」「二零一八」
    return detail[0] if detail is not None and 0 < detail[0] < 100000 and not year else None


# 「老年人的活动呗」「大家的事」: who takes part, not what they do
_ONLY_WHO = re.compile(r"(?:就是|都是|主要是|搞)?(?:各种|各类|一些|很多|好多|什么|老年人|老人|大家|居民|我们|群众|年轻人|"
                       r"小孩|孩子|妇女|阿姨|大妈|退休的?人?)们?的?(?:活动|事情|事|东西)")


def parse_activities(text: str) -> Optional[str]:
    """What the team does, in a sentence (2 to 200 characters); not only who takes part."""
    said = parsing.free_text(text, 2, 200)
    return None if said is None or _ONLY_WHO.fullmatch(said) else said


_NO_PLACE = re.compile(r"^(?:到处|哪儿都|哪里都|哪都|各个地方|各处|随处)|"  # 「到处都去」 names no place, nor 「还没找好地方」
                       r"^(?:还|暂时|目前|现在)?(?:没|没有|未)(?:找好|找到|定好|定下来?|落实|确定)的?(?:活动)?(?:地方|地点|场地|场所)[呢了]?$|"
                       r"^(?:活动)?(?:地方|地点|场地|场所)(?:还|暂时|目前)?(?:没|没有|未)(?:找好|找到|定好|定下来?|落实|确定)[呢了]?$")


def parse_place(text: str) -> Optional[str]:
    """Where the team meets (2 to 50 characters), not 「到处都去」「还没找好地方」."""
    said = parsing.free_text(text, 2, 50)
    return None if said is None or _NO_PLACE.match(said) else said


def parse_person(text: str) -> Optional[str]:
    """The name itself (我姓王，王秀英 → 王秀英; 王秀英阿姨 → 王秀英; a bare 王阿姨 is no name)."""
    return parsing.parse_person(text)


class ValidateFilingForm(FlowFormValidator):
    """Validates every filing answer and re-asks with a clear message on bad input."""

    CONFIRM_SLOT = "filing_confirmed"
    CORRECTION_KEYWORDS = {
        "leader_phone": ("手机号", "手机", "电话", "号码"), "member_count": ("人数", "多少人", "几个人"),
        "leader_name": ("负责人", "姓名", "队长"), "team_name": ("队名", "团队名", "名称", "名字", "全称"),
        "category": ("类别", "分类", "类型"), "community": ("居委", "村委"), "street": ("街道", "镇"),
        "district": ("所在区", "区县", "哪个区", "那个区", "区写错", "区说错", "区填错", "区不对", "区错了"), "activity_place": ("活动地点", "地点", "场地", "地方"),
        "activities": ("活动内容", "内容"), "activity_scope": ("范围",),
    }

    RULES = {
        "team_name": (parsing.parse_team_name, "没看出团队叫什么。请只写名称（2 到 30 个字），例如「虹桥夕阳红舞蹈队」。"),
        "category": (map_category, "没能判断团队属于哪一类。请从「文体活动类、公益慈善类、生活服务类、社区事务类」中选一个，"
                                   "或者说说团队主要做什么，例如「广场舞」「助老志愿」。"),
        "district": (parsing.parse_district, "请只告诉我所在的区（县），例如「长宁区」。"),  # gazetteer names, 长宁 → 长宁区
        "street": (parsing.parse_street, "请只告诉我所在的街道或镇，例如「新华路街道」「新泾镇」。"),
        "community": (parsing.parse_community, "请告诉我所属的居委会或村的名称，例如「番禺居委」。"),
        "member_count": (parse_members, "人数要填一个正整数，例如「25」或「三十来个」。"),
        "activity_scope": (map_scope, "请选一个活动范围，例如回复「本居委」「街道范围」或「跨街道」。"),
        "leader_name": (parse_person, "请留负责人的真实姓名（只写姓名），例如「王秀英」；「王阿姨」这样的称呼没法登记。"),
        "leader_phone": (parsing.find_phone, "手机号格式不对：应为 1 开头的 11 位数字，例如 13812345678。请重新输入。"),
        "activity_place": (parse_place, "活动地点不能为空，例如「XX小区中心花园」「居委活动室」。"),
        "activities": (parse_activities, "请用一两句话说说团队平时做什么活动（2 到 200 字），"
                                                        "例如「每天晚上在小区花园跳广场舞」。"),
    }
    NUMBER_SLOTS = ("member_count",)
    ALSO_SAID = {"district": ("street", parsing.street_said_with)}
    IN_CONTEXT = {"community": (("district", "street"), parsing.without_places_said)}
    LABELS = LABELS
    VALUE_SLOTS = ("district", "leader_phone", "member_count", "category", "activity_scope")
    KEYWORD_SLOTS = ("category", "activity_scope")

    def name(self) -> str:
        return "validate_filing_form"

    def describe(self, slot: str, value: Any) -> str:
        shown = mask_pii(value) if slot == "leader_phone" else SCOPES.get(value, value)  # 138****5678
        return f"{LABELS.get(slot, slot)}改为「{shown}」"

    async def validate_filing_confirmed(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        answer = parsing.parse_yes_no(str(value or ""), latest_intent(tracker)[0])
        if answer is True or parsing.holds_off(str(value or "")):
            return {"filing_confirmed": True} if answer is True else on_hold(dispatcher, "filing_confirmed")
        buttons = [{"title": f"改{LABELS[s]}", "payload": f"改{LABELS[s]}"} for s in
                   ("team_name", "member_count", "leader_phone", "activity_place")]
        message = ("请告诉我要改哪一项，例如「人数改成30」「电话改成13912345678」。" if answer is False
                   else "信息无误请回复「确认」，需要修改请直接说要改哪一项；说「取消」则不提交。")
        dispatcher.utter_message(text=message, buttons=buttons)
        return {"filing_confirmed": None}


CONFIRM_PROMPT = "信息无误请点「确认提交」。"


class ActionAskFilingConfirmed(Action):
    """Before confirming: tier suggestion with its clauses, then the summary."""

    def name(self) -> str:
        return "action_ask_filing_confirmed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        buttons = [{"title": "确认提交", "payload": "确认提交"}, {"title": "我要修改", "payload": "我要修改"},
                   {"title": "取消", "payload": "/cancel"}]
        if prompted_this_turn(tracker):
            return []
        if summary_shown(tracker, "filing_form", CONFIRM_PROMPT):  # after a correction: its line was just said
            utter(dispatcher, f"其他信息不变。{CONFIRM_PROMPT}", buttons=buttons)
            return []
        slots = {slot: tracker.get_slot(slot) for slot in LABELS}
        text, cites = tier_text(slots["activity_scope"], int(slots["member_count"]), slots["district"])
        utter(dispatcher, text, cites)
        utter(dispatcher, filing_summary(slots) + f"\n\n{CONFIRM_PROMPT}", buttons=buttons)
        return []


class ActionSubmitFiling(Action):
    """Stores the confirmed request and gives the reference and the cited next steps."""

    def name(self) -> str:
        return "action_submit_filing"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if tracker.get_slot("filing_confirmed") is not True:
            return []
        try:
            reference = await gateway.store_request("filing", tracker.sender_id, filing_record(tracker))
        except gateway.GatewayError as exc:
            log.warning("filing not stored: %s", exc)
            ask = T.region_info(T.flow_region(tracker.get_slot("district")))["ask"]
            dispatcher.utter_message(text="抱歉，系统暂时没能保存您的申请，刚才填写的信息都还在。请稍后再点「确认提交」，"
                                          f"或直接咨询{ask}。")
            return retry_confirmation("filing_form", "filing_confirmed")
        text, cites = submitted_text(reference, tracker.get_slot("district"))
        utter(dispatcher, text, cites)
        return [*reset_form(domain, "filing_form"), *offer_after(dispatcher, tracker)]

