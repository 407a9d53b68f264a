"""What the self-check's free-text answers mean: region, registration kind, grade, service fields,
founding and needs, each parsed to the profile's value or None (so the form re-asks).

Pure functions over actions/parsing; the form (actions/eligibility.py) and the opening
(actions/opening.py) read the same answers with them.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Optional


from actions import parsing
from actions.eligibility_region import normalize_region  # noqa: F401  (the form and the tests read it here)
from corpus import vocabulary as V

NO_GRADE = "无"  # slot sentinel: None would mean "not asked yet"
FIELD_WORDS = {"养老": ("养老", "为老", "助老", "扶老", "老人", "老年", "孤老", "独居老", "空巢", "长者", "银发", "高龄", "敬老", "六十岁", "七十岁", "八十岁", "六七十岁", "七八十岁", "60岁", "65岁", "70岁", "80岁"), "助残": ("助残", "残疾", "残障", "为残", "聋哑", "手语", "盲人", "视障", "听障", "轮椅"), "救孤": ("救孤", "孤儿"),
               "济困": ("济困", "帮困", "困难", "扶贫", "低保", "贫困", "孤寡", "特困", "低收入", "大病"), "儿童": ("儿童", "儿福", "孩子", "青少年", "托育", "小孩",
                                                                          "小朋友", "学生", "幼儿", "未成年", "娃", "小囡", "囡囡", "放学", "课后", "暑托", "寒托", "为小"),
               "助学": ("助学", "教育"), "救灾": ("救灾", "减灾", "应急"), "环保": ("环保", "垃圾分类", "绿化"),
               "文体": ("文体", "文化", "体育", "文艺", "健身", "舞", "太极", "书法", "唱歌", "合唱", "戏曲", "下棋", "球"),
               "社区治理": ("治理", "调解", "纠纷", "议事", "协商", "自治", "共治", "营造", "社区事务", "邻里", "楼组", "楼道",
                        "巡逻", "巡查", "治安", "平安建设", "平安社区", "群防群治", "物业", "停车", "养宠"),
               "健康": ("健康", "医疗", "卫生"), "法律服务": ("法律",)}
NEED_WORDS = {"资金": ("资金", "钱", "经费", "补贴", "补助", "资助", "钞票", "铜钿", "票子", "拨款", "赞助"),
              "场地": ("场地", "地方", "房", "活动室", "办公", "场所", "场子", "屋子", "屋", "房间", "空间", "排练厅", "排练室", "地儿", "排练点", "活动点",
                     "仓库", "库房"),
              "人才": ("人才", "人手", "缺人", "人少", "人也少", "人不够", "人太少", "社工", "培训", "志愿者", "老师", "指导", "专家", "专业人", "骨干", "带头", "专业的人", "能人", "懂行",
                     "领队", "教练", "没人带", "没人教", "没人领", "来教", "人教", "教教我们", "有人带", "接班"),
              "项目": ("项目", "购买服务", "购买的服务", "政府购买", "创投", "承接")}


# A grade as people say it: 3A, 3个A, 三A, 两A (the number before the A's).
_GRADE_NUMBER = r"([1-5一二两三四五])\s*个?\s*A"
_GRADE_IN_TEXT = re.compile(_GRADE_NUMBER + r"(?![A-Za-z])", re.IGNORECASE)


def _grade_digit(token: str) -> int:
    """1–5 from 3 / 三 / 两 (两A is 2A)."""
    return int(token) if token.isdigit() else ("一二三四五".find(token) + 1 or 2)


def parse_grade(text: str) -> Optional[str]:
    """'3A' / 'AAA' / '三A' / '两A' / '没评过' → '3A' … or NO_GRADE; None if unclear."""
    text = parsing.normalize_reply(text)
    if parsing.looks_like_question(text) or re.search(r"忘|不记得|记不清|不清楚|几\s*A", text, re.I):
        return None  # 「去年评过，忘了几A」 gives no grade
    if re.search(r"[一1]\s*个\s*A\s*都没", text, re.I):
        return NO_GRADE  # 「一个A都没有，还没评过」 is no 1A
    bare = re.fullmatch(r"([1-5一二两三四五])\s*(?:级|星)?", text)
    if bare:
        return f"{_grade_digit(bare.group(1))}A"
    upper = text.upper()
    if re.search(r"[06-9六七八九十]\s*个?\s*A", upper) or re.fullmatch(r"A\s*级?", upper):
        return None  # no such grade, or a letter without its number
    number = re.search(_GRADE_NUMBER, upper)
    if number:
        return f"{_grade_digit(number.group(1))}A"
    letters = re.search(r"(?<!A)(A{2,5})(?!A)", upper)  # AAA; a lone A (「A级」) counts no A's
    if letters:
        return f"{len(letters.group(1))}A"
    if any(w in text for w in ("没评", "未评", "没有", "无", "没参加", "还没", "不是", "木有", "没得")) \
            or re.search(r"(?:没|未|从没|不)(?:有)?(?:参加|参与|去|申请)?(?:过)?(?:参评|评估|评级|评过)", text):  # 「没参评」
        return NO_GRADE
    return None


def mentioned_grade(text: str) -> Optional[str]:
    """A grade named inside a longer message (「我们是4A级的社会组织」), read by parse_grade; None without one."""
    match = _GRADE_IN_TEXT.search(text or "")
    return parse_grade(match.group(0)) if match else None


_LONG_AGO = re.compile(r"很久|多年|老队伍|老团队|老组织|(?<!不到一)(?<!不满一)(?<!不到两)年了|就有了|早就|好几年|十几年|二十年|"
                       r"好多年|年头|老早")
_RECENT = re.compile(r"刚|才成立|新成立|新组建|不久|今年|个月|没多久|半年|^新的|新队伍|新团队|新(?:组|建|搞|办|拉)|初创|"
                     r"(?:不到|不满|没到|还没到?)(?:一|1|两|2)\s*年")  # 「是初创组织，成立不到一年」
_YEAR_RE = re.compile(r"((?:19|20)\d\d)\s*年")


def founded_recently(text: str) -> Optional[bool]:
    """「才成立三个月」 → True, 「2010年就有了」「快二十年了」 → False; None when the words do not say."""
    reply = parsing.normalize_reply(text)
    if _LONG_AGO.search(reply) or re.search(r"(不是|并不是|并非|非|没有?|不算)(刚|新|才|初创)", reply):
        return False
    years = re.search(r"(?<!不到)(?<!还没)(?<!没到)(?<!不满)(?<!没有)(?<![快近])"  # 「不到两年」 is no 「两年多了」
                      r"([0-9]+|[两二三四五六七八九十几]+)\s*(?:多|来)?年(?:多|半)?了?", reply)  # 「三年多了」
    count = (int(years.group(1)) if years.group(1).isdigit() else parsing.cn_number(years.group(1)) or 2) if years else 0
    if years and count >= 2 and not _YEAR_RE.search(reply) and not _RECENT.search(reply):
        return False
    year = _YEAR_RE.search(reply)  # 「2015年成立的」: a founding year long before this one
    if year and not _RECENT.search(reply) and int(year.group(1)) <= date.today().year - 3:
        return False
    return True if _RECENT.search(reply) else None


def pick(text: str, table: dict[str, tuple[str, ...]]) -> list[str]:
    """Every key whose words occur in the text, in table order."""
    return [key for key, words in table.items() if any(w in text for w in words)]


ORG_KIND_OPTIONS = (  # (registration kind key, synonyms) in the order of the question's buttons
    ("legal_person", ("法人类登记", "法人", "登记", "民非", "民办非企业", "社团", "社会团体", "协会", "社会服务机构",
                      "基金会", "民政局登记", "民政局注册", "注册", "事务所")),
    ("filed", ("备案类", "备案", "备个案", "备过案", "备了案", "报备", "报了个备", "报过备", "报了备", "团队", "队伍", "小组", "没登记", "没有登记", "未登记", "街道备案")),
)


# 「…的小队伍，不是法人」「是协会，不是备案的」: the kind denied after a comma is no answer
_NEGATED_KIND_RE = re.compile(r"[，,]\s*(?:而)?(?:不是|并非|不属于|也不是)(?:什么|啥)?(?:法人|社会组织|社团|协会|基金会|民非|备案|团队|队伍|小组)[^，,。]*")


def parse_org_kind(text: str) -> Optional[str]:
    """备案类 for filed teams/groups, 法人类登记 for registered legal persons; the longest word wins
    (没登记 outweighs 登记), a tie or a question is None."""
    reply = parsing.normalize_reply(text)
    if not reply or parsing.looks_like_question(reply):
        return None
    said = parsing.without_denied(reply)  # 「不是法人，是备案的」
    if not said and not re.search(r"(没|未|不是)(在)?(民政局)?(登记|注册)", reply):
        return None  # 「不是法人」 only says what it is not
    reply = _NEGATED_KIND_RE.sub("", said or reply) or reply
    filed_denied = re.search(r"(没|未|还没)有?备案", reply)
    if filed_denied and re.search(r"(没|未)有?(?:去|到)?(?:在)?(?:民政局)?(?:登记|注册)", reply):  # 「没去民政局登记，也没备案」
        return None  # neither: not one of the two kinds this self-check covers
    if not filed_denied and re.search(r"(没|未|不是)有?(?:去|到)?(在)?(民政局)?(登记|注册)|(登记|注册)证书?(也)?(没有|没)|"
                                      r"(?:没有?|未|无)(?:什么)?法人(?:资格|证书?|身份)", reply):  # 「没有法人资格」
        return V.registration_kind("filed")  # 「没在民政局登记，只是备案」
    options = [(V.registration_kind(key), words) for key, words in ORG_KIND_OPTIONS]
    index = parsing.choose(reply, options)
    if index is not None and ORG_KIND_OPTIONS[index][0] == "filed" and _NOT_YET_FILED_RE.search(reply) \
            and not re.search(r"备过|备了|报过|报了|已经?(?:报备|备案)|已备", reply):
        return None  # 「还没报备」「准备去街道报备」: a filing not made is no kind yet
    return None if index is None else V.registration_kind(ORG_KIND_OPTIONS[index][0])


_NOT_YET_FILED_RE = re.compile(r"(?:没|未|准备|打算|想|要|去|正在|将)[^，,。]{0,4}?(?:报备|备案)")


def _typed_word(table: dict[str, tuple[str, ...]], text: str, homophone: bool) -> list[str]:
    """Keys of two-character words typed with their second character wrong (文休 → 文体, 经废 → 经费): the
    first character kept, the second sounding alike (or, for a whole list item, any one key's words)."""
    words = [(key, w) for key, ws in table.items() for w in ws if len(w) == 2]
    found = {key for i in range(len(text) - 1) for key, w in words if text[i] == w[0] and text[i + 1] != w[1]
             and (not homophone or parsing.edit_distance_at_most_one(w, text[i:i + 2], homophone=True))}
    if not homophone and len(found) > 1:  # 「养佬」: of 养老 and 养宠, the one that sounds the same, tone and all
        found = {key for i in range(len(text) - 1) for key, w in words if text[i] == w[0] and text[i + 1] != w[1]
                 and parsing.sounds_alike(w[1], text[i + 1], tone=True)}
    return [key for key in table if key in found] if homophone or len(found) == 1 else []


_GENERIC_PEOPLE = re.compile(r"^(?:我们|咱们)?(?:服务对象|对象|主要)?(?:是|为|给|面向|服务)?(?:社区|小区|本地|周边|广大)?"
                             r"(?:[0-9一二两三四五六七八九十百千几]+[多来余]?[户个位名家](?:的)?)?(?:居民|群众|老百姓|大家|所有人|住户|人家)(?:们)?$")  # 「服务三十多户居民」


# 「在停车场跳广场舞」「在物业的活动室」「跟物业一起搞文艺」: where or with whom, not 社区治理 work
_WHERE_NOT_WHAT_RE = re.compile(r"停车(?:场|库|棚)|(?:在|跟|和|同|借)?物业(?:公司)?(?:的|那边的?|那儿的?|里的?)?"
                                r"(?:活动室|会所|办公室|房子?|场地|地方|大厅|一起)")


# 「为老服务跟社区治理，不搞文体」: a field the team says it does not work in
_NOT_DONE_RE = re.compile(r"(?:^|(?<=[，,。；;\s]))(?:但|可|也)?(?:不搞|不做|不干|不弄|没搞|没做|不包括|不含|不涉及|不是)[^，,。；;]*")


# 「老人暂时顾不上」「儿童这块还没做」: a field named as not worked in yet
_NOT_YET_DONE_RE = re.compile(r"[^，,。；;]*(?:顾不上|没顾上|顾不过来|(?:暂时|目前|眼下|还|先)(?:不|没|没有)(?:做|搞|弄|管|涉及|开展))[^，,。；;]*")
# The options the question lists (and numbers, as buttons on the web and 1–6 in WeChat), in that order
FIELD_OPTIONS = ("养老", "助残", "儿童", "济困", "文体", "社区治理")


def parse_fields(text: str) -> Optional[list[str]]:
    """Known fields named in the text (or by an everyday word for one), or the numbers of the listed options;
    another short answer counts as 其他; questions and numbers beyond the options are None."""
    listed = parsing.option_numbers(text, len(FIELD_OPTIONS)) or parsing.numbers_among_words(text, len(FIELD_OPTIONS))
    if listed:  # 「2」「第1个」「一、二、四」「选５和６」「主要是1，还有5」「①⑤」
        return [FIELD_OPTIONS[i] for i in listed]
    reply = parsing.free_text(text, 1, 100)
    left_out = pick(parsing.all_but(reply or "") or "", FIELD_WORDS)  # 「除了助残，其他五个都沾点」: every option but those
    if left_out or re.fullmatch(r"除了?[^，,都全也]{1,8}?(?:以外|之外)?", reply or ""):  # 「除了环保」 alone names what is left out
        return [f for f in FIELD_OPTIONS if f not in left_out] if left_out and set(left_out) <= set(FIELD_OPTIONS) else None
    if reply is None or not re.search(r"[\u4e00-\u9fff]", reply) or _GENERIC_PEOPLE.match(reply) \
            or parsing.only_option_numbers(reply) or re.search(r"帮我选|你(?:来)?选|你定", reply) \
            or parsing.about_policy(reply) and not pick(reply, FIELD_WORDS):  # 「备案后要定期汇报…」 is no field
        return None  # 「服务对象是居民」 names no field
    reply = _NOT_DONE_RE.sub("，", reply) if _NOT_DONE_RE.sub("", reply).strip("，, ") else reply  # 「…，不搞文体」
    reply = _NOT_YET_DONE_RE.sub("，", reply) if _NOT_YET_DONE_RE.sub("", reply).strip("，, ") else reply
    main = re.search(r"主要(?:是|做|搞|服务|针对)(.+)$", reply)  # 「虽然我们也唱唱歌，但主要是陪独居老人」: the main work
    reply = main.group(1) if main and pick(main.group(1), FIELD_WORDS) else reply
    named = pick(_WHERE_NOT_WHAT_RE.sub("，", reply), FIELD_WORDS)
    items = [i for i in re.split(r"[、,，/\s]|和|及|与|跟|还有|以及", reply) if len(i) == 2 and not pick(i, FIELD_WORDS)]
    named += [key for item in items for key in _typed_word(FIELD_WORDS, item, False) if key not in named]
    named += [key for key in FIELD_WORDS if len(key) >= 3 and key not in named and any(  # 「社区治里」: one sound off
        parsing.edit_distance_at_most_one(key, i, homophone=True) for i in re.split(r"[、,，/\s]|和|及|与", reply))]
    if not named and re.search(r"都|凡是|所有|全部", reply):
        return None  # 「会长说都写上」「凡是居民需要的都做」 name no field
    if {"环保", "社区治理"} <= set(named) and not pick(reply.replace("垃圾分类", ""), {"环保": FIELD_WORDS["环保"]}):
        named.remove("环保")  # 「垃圾分类、平安巡逻这些」: 垃圾分类 among governance work is the 社区治理 kind
    if {"养老", "济困"} <= set(named) and not pick(re.sub(r"孤寡(?=老)", "", reply), {"济困": FIELD_WORDS["济困"]}):
        named.remove("济困")  # 「陪孤寡老人」: old people living alone are the 养老 kind, no hardship named
    named += [FIELD_OPTIONS[i] for i in parsing.numbers_beside_words(reply, len(FIELD_OPTIONS)) if FIELD_OPTIONS[i] not in named]
    if not named and (len(reply) > 10 or re.search(r"[我你他们了吗呢吧啊呀想说问知道没]", reply) or parsing.names_a_place(reply)):
        return None  # a sentence naming no field is no answer 「其他」 (「主要是跟着居委会搞活动」), nor a 居委 or a street
    return named or ["其他"]


_NOT_NEEDED = re.compile(r"还好|还行(?![^，,。]*(?:不|没))|凑合|过得去|自己有|自己(?:能|可以|会)?(?:解决|搞定|想办法|筹|凑|出|掏|负责)(?![^，,。]*(?:不了|没辙|不行|不够|不来))|不缺|不需要|不要|不用|(?<!不)够了|(?<!不)够用|不太需要|无所谓|去掉|删掉|"
                         r"不是问题|不成问题|有了$|倒是?有(?=[，,。了的]|$)|已经有(?!点|一|半|几)|不差|不愁|解决了|"
                         r"^(?:我们|咱们|街道|居委会?|社区|企业|公司|单位|政府|上面)?有(?!点|些|一|个|没|无)(?:(?!就|才|好|话|行|能|要|想|多|更)[\u4e00-\u9fff]){1,6}?[了的]?$|"
                         r"^(?!.*(?:不|没|别|停|断|收回|取消|说好|答应|快|将|准备|打算|(?<!居委)会|得|要|只能|只好|自己|以前|原来|之前|去年|过去))"
                         r".*(?:(?:借|给|批|拨|发|租|送|派|补|赞助|提供|安排)(?:给|来|下来)?(?:我们|咱们)?(?:了|过了)|"  # not 「没人给了」「说好派了」「得租了」
                         r"(?:借|给|批|拨|发|派)(?:给)?(?:我们|咱们)?了(?:经费|资金|钱|场地|地方|活动室|房子|老师|人手?))$|"  # 「刚批了经费」  # 「地方居委借给我们了」「钱街道已经给了」: given, had
                         r"(?<![不没])够的$|^(?:(?![不没哪怎咋难])[\u4e00-\u9fff]){1,4}?(?:也|都|倒|还|倒是)?(?<![不没])够(?:用|了|啦)?$|(?<![不没没有])有的$")  # 「有企业赞助，就是缺场地」「铜钿够的」「拨款有的」: had, not needed  # 「钱不是问题」「地方有了」  # 「不够用」 needs it


_TOO_LITTLE_RE = re.compile(r"(?:但是?|可是?|不过|就是|只是)?(?:还是|还|也|都)?(?:不太|不大|不怎么|远远不|不)够(?:用|的)?(?:啊|呀|了)?")
_LIST_ITEM_RE = re.compile(r"[、/]|和|及|与|跟|还有|以及|加上")
_NEED_VERB_RE = re.compile(r"^(?:其次|然后|再|另外|还有|以及)?(?:就)?(?:是)?(?:还|也|都)?(?:缺|需要|要|想要|想申请|申请)?"
                           r"(?:点|些|一些)?")  # 「最缺的是场地，其次是人」


def _need_of(item: str) -> Optional[str]:
    """One listed item the words miss: 人 alone is people (「钱、地方、人、项目」), a two-character word with one
    character typed by its sound is that need (场第 → 场地)."""
    item = re.sub(r"^[^，,。]{0,8}?(?:缺|需要|要)的?(?:是|就是)", "", item)  # 「四样里头最缺的是人」
    core = re.sub(r"(?<=.)(?:都|也|还)?(?:缺|需要|要|不够)(?:的)?$", "", _NEED_VERB_RE.sub("", item))  # 「钱和人都缺」
    if core in ("人", "人员"):
        return "人才"
    return next((key for key, words in NEED_WORDS.items() for w in words
                 if len(w) == 2 == len(core) and parsing.edit_distance_at_most_one(w, core, homophone=True)), None)


def parse_needs(text: str) -> Optional[list[str]]:
    """The needs named in the text (资金/场地/人才/项目); None for questions and other text."""
    reply = parsing.normalize_reply(text)
    if not reply or parsing.looks_like_question(reply):
        return None
    numbers = re.fullmatch(r"[1-4](?:\s*(?:[,，、/和跟及与]|还有)?\s*[1-4])*", reply)
    if numbers:  # 「1和2」「1，3」: the options' numbers
        return [key for i, key in enumerate(NEED_WORDS, 1) if str(i) in reply]
    listed = parsing.option_numbers(reply, len(NEED_WORDS))  # 「一和三」「第二个和第四个」
    if listed:
        return [key for i, key in enumerate(NEED_WORDS) if i in listed]
    if re.match(r"^(?:都|全都|全部都?|样样都?)(?:需要|缺|要|想要)", reply):
        return list(NEED_WORDS)  # 「都需要，尤其是钱」: every need, one of them most
    if only := re.match(r"^除了?([^，,。；;都全也]{1,8}?)(?:以外|之外)?[，,\s]*(?:别的|其他|其它|剩下的?)?(?:都|全)(?:不缺|不需要|不用|不要|够了?|有了?)", reply):
        return pick(only.group(1), NEED_WORDS) or None  # 「除了钱都不缺」: the one need named, the rest are had
    if (but := parsing.all_but(reply, parsing.LACKS)) is not None:  # 「除了钱都缺」: every need but the ones named
        return [key for key in NEED_WORDS if key not in pick(but, NEED_WORDS)] or None
    parts = re.split(r"[，,。；;\s]|(?<=.)(?=(?:就|但是?|不过|可是|只是|主要|而是)(?:缺|需要|要|想|是|没))", reply)
    parts = [part for part in parts if part]
    wanted = [part for i, part in enumerate(parts) if not _NOT_NEEDED.search(part) or (  # 「钱是给了，但是不够」
        i + 1 < len(parts) and _TOO_LITTLE_RE.fullmatch(parts[i + 1]))]
    named = pick("，".join(wanted), NEED_WORDS)
    items = [_need_of(item) for part in wanted for item in _LIST_ITEM_RE.split(part) if item]
    typed = _typed_word(NEED_WORDS, "，".join(wanted), True)  # 「活动经废不够」
    beside = parsing.numbers_beside_words(reply, len(NEED_WORDS))
    numbered = [key for i, key in enumerate(NEED_WORDS) if i in beside]
    named = [key for key in NEED_WORDS if key in named or key in items or key in typed or key in numbered]  # 「主要项目吧 还有2」
    if not named and re.search(r"都(需要|要|缺|想要)|全部|都有需要|四个都|(?:什么|啥)都(?:缺|要|需要)", reply):
        return list(NEED_WORDS)
    return named or None
