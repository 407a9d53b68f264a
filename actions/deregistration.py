"""Flow 2 — deregistration / exit (注销登记、撤销备案).

Asks what kind of organization it is, its name, region and why; shows what the documents of the user's
region say about that exit (knowledge/flows/deregistration.yml, each sentence with its clauses), where
they are silent and which office they name, then stores a ZX- request through the gateway.
"""
from __future__ import annotations

import re

import logging
from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import citations as C
from actions import flow_texts as T
from actions import gateway, parsing
from actions.common import on_hold, prompted_this_turn, reset_form, retry_confirmation, summary_shown, utter
from actions.dereg_reasons import choose_key, map_reason
from actions.form_reading import latest_intent
from actions.forms import FlowFormValidator
from corpus import vocabulary as V

log = logging.getLogger(__name__)
ORG_TYPES = {key: V.applicant_kind(key) for key in ("registered", "team", "group")}
REASONS = {"dissolved": "解散", "merged": "合并", "inactive": "长期不活动", "other": "其他"}
# The form's slots → the stored fields they fill, in the order the summary lists them.
SLOT_FIELDS = {"dereg_org_type": "org_kind", "dereg_org_name": "org_name", "dereg_region": "region",
               "dereg_reason": "reason", "dereg_contact": "contact"}
LABELS = {slot: V.field_label(field, "deregistration") for slot, field in SLOT_FIELDS.items()}


ORG_TYPE_OPTIONS = (  # (key, title, synonyms) in the order the question's buttons list them
    ("registered", "在民政局登记的社会组织", ("登记", "民非", "社团", "社会团体", "协会", "法人", "民办非企业", "社会服务机构",
                                          "中心", "社会组织", "民政局", "基金会")),
    ("team", "在街道（镇）备案的群众活动团队", ("备案", "备过案", "备了案", "团队", "队", "群众活动", "街道备案", "备案的", "报备", "街道备",
                                            "回执")),
    ("group", "居委指导的社区活动小组", ("小组", "居委指导", "兴趣组", "活动小组", "居委")),
)


def map_org_type(text: str) -> Optional[str]:
    """registered / team / group from a number, a button title or free words, read without what the reply
    denies (「不是登记的社会组织，是备案的队伍」「就是个兴趣小组，没备案」); None when unclear."""
    reply = parsing.normalize_reply(text)
    if parsing.looks_like_question(reply):
        return None
    said = parsing.without_denied(reply, steps=True)
    said = re.sub(r"[，,]?(?:也)?(?:没|未|没有)(?:去|在|到)?(?:街道|镇里?|民政局?|居委会?)(?:备案|登记|办过?)?(?:过)?", "", said or "")  # 「没去民政局」
    return choose_key(said, ORG_TYPE_OPTIONS) if said else None


def parse_org_name(text: str) -> Optional[str]:
    """The organisation's name without 「我们叫」 or 「我想注销」; None for questions and pastes over 50 chars."""
    said = re.sub(r"(^|[，,\s])(?:我|我们|我俫|阿拉)?(?:想|要)?(?:申请)?(?:注销|撤销|销掉|撤掉|(?<![^，,\s])撤(?!回|了|销))(?:的)?(?:团队|队伍|组织|队)?(?:个|就)?(?:是)?(?=[^，,]{2,})", r"\1",
                  parsing.normalize_reply(text))  # 「你好，我想注销夕阳红广场舞队」「我俫要注销个是…」
    return parsing.parse_team_name(re.sub(r"^(?:就|这个|那个)?是(?!是)(?=[^，,]{2,}(?:[，,]|$))", "", said))  # 「是交大东路…，在…备的案」


def _unsure(part: str) -> bool:
    """「我搞不清了」「西城区还是东城区」: a part saying the place is not known, or naming two to choose from (not
    还是 for "still": 「街道还是新华路」「现在还是长宁区…」)."""
    choice = re.search(r"(?<=[\u4e00-\u9fff])(?<![们我你他她就也那])还是(?=[\u4e00-\u9fff])", part)
    return parsing.is_non_answer(part) or bool(choice) and all(
        parsing.parse_district(side) or (parsing.parse_street(side) or "").endswith(("街道", "镇", "乡"))
        for side in (part[:choice.start()], part[choice.end():]))


def parse_region(text: str) -> Optional[str]:
    """长宁区新华路街道 / 上海长宁天山路 → district + street from the gazetteer; None when no place is named."""
    text = re.sub(r"(?:所在)?(?:(?:区县?|街道|镇|乡|街镇)(?:[（(][^）)]{1,3}[）)])?(?:及|和|与|、)?)+\s*[:：]", "，", text or "")  # 「区：…；街道（镇）：…」
    parts = [p for p in re.split(r"[，,、；;()（）/／\s]+", text) if p.strip()] or [text]  # 「甘家口街道（海淀区）」「鹿城区／五马街道」「徐汇区的 街道忘了」
    parts = [p for p in parts if not _unsure(p)]  # 「北京西城，街道是德胜还是新街口我搞不清了」: the part not known left out
    if not parts or parsing.looks_like_question(parsing.normalize_reply("，".join(parts))):
        return None
    found = [(d, p) for d, p in zip(map(parsing.parse_district, parts), parts) if d]
    named = [d for d, p in found if V.short_name(d) in p]  # 「虹桥，区是乐清」: the district said, not 虹桥's own
    district = named[0] if named else next((d for d, _p in found), None)
    said = [(s, p) for s, p in zip(map(parsing.parse_street, parts), parts) if s]  # 「永中街道，龙湾区的」
    street = min(said, key=lambda sp: _street_rank(sp[0], sp[1], district))[0] if said else None
    if street and district is None:
        district = V.district_of_street(street)
    elif street and V.district_of_street(street) not in (None, district):
        street = re.sub(r"(?:街道|镇|乡)$", "", street)  # 「虹桥，区是乐清」: 乐清's 虹桥, not 长宁's 虹桥街道 (镇 or 街道 unknown)
    if district is None and street and not street.endswith(("街道", "镇", "乡")):
        return None  # a bare word (「解散」) is no place without its district
    return f"{district or ''}{street or ''}" or None


def _street_rank(street: str, part: str, district: Optional[str]) -> tuple[int, bool]:
    """Which of the streets a reply's parts name is its street: a listed one of the district said, said in full
    (「金桥舞蹈队，浦东新区花木街道」: 花木街道), before a listed one by its stem, before one the gazetteer does not
    list, before another district's (「我老伴季永兴带的队，在瓯海区泽雅镇」: 泽雅镇); of two listed alike, the one said with
    the district (「长桥舞蹈队，徐汇田林」: 田林街道); else the first."""
    home = V.district_of_street(street)
    if district and home == district:
        return (0 if street in part else 1), V.short_name(district) not in part
    return (2 if home is None else 3), False


HEADS = {"registered": "【注销登记】", "team": "【撤销备案】", "group": "【社区活动小组】"}


def exit_path(org_type: str, reason: str, region: Optional[str] = None) -> tuple[str, list[dict]]:
    """What the documents of the user's region say about this kind of exit (knowledge/flows/deregistration.yml),
    what they leave open and whom to ask, with citations. ``region`` is the place the user gave."""
    where = T.flow_region(region)
    items = T.statements("deregistration", where, org_type)
    if reason == "inactive":
        items += T.statements("deregistration", where, "inactive")
    line, cites = C.refs(*T.clause_ids(items))
    text = HEADS.get(org_type, "") + T.render(items, sep="\n", region=region or "")
    return text + (f"\n依据：{line}" if line else ""), cites


def submitted_text(reference: str, region: Optional[str]) -> str:
    """After saving: the reference, that nothing is settled yet and where the formal procedure is done;
    who contacts the user only as switched-on local practice."""
    saved = T.statements("deregistration", "service", "saved")
    not_final = T.statements("deregistration", T.flow_region(region), "not_final")
    contact = T.local_text("callback") or T.render(saved[1:])
    return "\n".join([saved[0].render(reference=reference), T.render(not_final, region=region or ""), contact])


class ValidateDeregistrationForm(FlowFormValidator):
    """Validates the deregistration answers; corrections and mid-form questions come from the base class."""

    CONFIRM_SLOT = "dereg_confirmed"
    CORRECTION_KEYWORDS = {"dereg_contact": ("手机号", "手机", "电话", "号码"), "dereg_org_name": ("名称", "名字", "全称"),
                           "dereg_region": ("地区", "街道", "所在区", "那个区", "区写错", "区说错"),
                           "dereg_reason": ("原因",),
                           "dereg_org_type": ("类型", "小组", "活动团队", "备案的队", "备案的团队", "登记的社会组织", "社会组织")}
    VALUE_SLOTS = ("dereg_contact", "dereg_region", "dereg_reason", "dereg_org_type")
    KEYWORD_SLOTS = ("dereg_reason", "dereg_org_type")

    RULES = {
        "dereg_org_type": (map_org_type, "请选择组织类型，例如回复「备案的群众活动团队」或序号 2：登记的社会组织、"
                                         "备案的群众活动团队，或社区活动小组。"),
        "dereg_org_name": (parse_org_name, "组织名称不能为空，请只写全称（2 到 30 个字），例如「新华路街道睦邻服务中心」。"),
        "dereg_region": (parse_region, "请告诉我所在的区和街道（镇），例如「长宁区新华路街道」。"),
        "dereg_reason": (map_reason, "请选择原因：解散、合并、长期不活动，或其他。例如回复「长期不活动」或序号 3。"),
        "dereg_contact": (parsing.find_phone, "手机号格式不对：应为 1 开头的 11 位数字，例如 13812345678。请重新输入。"),
    }

    def name(self) -> str:
        return "validate_deregistration_form"

    def describe(self, slot: str, value: Any) -> str:
        shown = {**ORG_TYPES, **REASONS}.get(value, value)
        return f"{LABELS.get(slot, slot)}改为「{shown}」"

    async def validate_dereg_confirmed(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        answer = parsing.parse_yes_no(str(value or ""), latest_intent(tracker)[0])
        if answer is True or parsing.holds_off(str(value or "")):
            return {"dereg_confirmed": True} if answer is True else on_hold(dispatcher, "dereg_confirmed")
        dispatcher.utter_message(text="请告诉我要改哪一项（例如「电话改成13912345678」），无误请回复「确认」，"
                                      "说「取消」则不提交。")
        return {"dereg_confirmed": None}


def dereg_summary(tracker: Tracker) -> str:
    """The summary the user confirms."""
    names = {**ORG_TYPES, **REASONS}
    lines = [f"· {label}：{names.get(tracker.get_slot(s), tracker.get_slot(s))}" for s, label in LABELS.items()]
    return "请核对：\n" + "\n".join(lines)


CONFIRM_PROMPT = "确认后我会保存这份申请记录。"


class ActionAskDeregConfirmed(Action):
    """Shows the applicable path with citations, then the summary to confirm."""

    def name(self) -> str:
        return "action_ask_dereg_confirmed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        buttons = [{"title": "确认提交", "payload": "确认提交"}, {"title": "取消", "payload": "/cancel"}]
        if prompted_this_turn(tracker):
            return []
        if summary_shown(tracker, "deregistration_form", CONFIRM_PROMPT):  # after a correction: its line was just said
            utter(dispatcher, f"其他信息不变。{CONFIRM_PROMPT}", buttons=buttons)
            return []
        text, cites = exit_path(tracker.get_slot("dereg_org_type"), tracker.get_slot("dereg_reason"),
                                tracker.get_slot("dereg_region"))
        utter(dispatcher, text, cites)
        utter(dispatcher, dereg_summary(tracker) + f"\n\n{CONFIRM_PROMPT}", buttons=buttons)
        return []


class ActionSubmitDeregistration(Action):
    """Stores the ZX- request and says what happens next."""

    def name(self) -> str:
        return "action_submit_deregistration"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if tracker.get_slot("dereg_confirmed") is not True:
            return []
        data = {"org_type": ORG_TYPES[tracker.get_slot("dereg_org_type")], "org_name": tracker.get_slot("dereg_org_name"),
                "region": tracker.get_slot("dereg_region"), "reason": REASONS[tracker.get_slot("dereg_reason")],
                "contact_phone": tracker.get_slot("dereg_contact"),
                "path": exit_path(tracker.get_slot("dereg_org_type"), tracker.get_slot("dereg_reason"),
                                  tracker.get_slot("dereg_region"))[0]}
        try:
            reference = await gateway.store_request("deregistration", tracker.sender_id, data)
        except gateway.GatewayError as exc:
            log.warning("deregistration not stored: %s", exc)
            dispatcher.utter_message(text="抱歉，系统暂时没能保存您的申请，刚才填写的信息都还在。请稍后再点「确认提交」。")
            return retry_confirmation("deregistration_form", "dereg_confirmed")
        utter(dispatcher, submitted_text(reference, tracker.get_slot("dereg_region")))
        return reset_form(domain, "deregistration_form")
