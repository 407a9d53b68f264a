"""A person's name from a reply (「我姓王，王秀英」「负责人是王阿姨」): prefixes, roles, relatives and
honorifics removed; a bare 王阿姨 is no name."""
from __future__ import annotations

import re
from typing import Optional

from actions.parsing.answers import declines, is_non_answer
from actions.parsing.questions import looks_like_question
from actions.parsing.text import GREETINGS, NAME_STOPWORDS, clean_text, is_cjk, normalize_reply, reply_pieces, without_hedge

_TITLE_SUFFIXES = ("阿姨", "老师", "师傅", "先生", "女士", "大姐", "大哥", "阿姨", "叔叔", "爷叔", "阿婆", "大爷", "奶奶", "书记",
                   "队长", "团长", "组长", "会长", "主任", "同志", "老人家", "负责人", "联系人", "领队")  # 「周德明是负责人」
# A name given for someone else or with a remark (「是我老伴王秀英在负责」「登记人写王秀英就行」).
# Kin named before a name even without 我 (「爱人王秀英」); after 我 also 妈/爸 and people close by (「我邻居…」)
_KIN = "老伴|爱人|丈夫|妻子|老公|老婆|母亲|妈妈|父亲|爸爸|女儿|儿子"
_RELATIVE_RE = re.compile(rf"^(?:是|由)?(?:我的?|我们家的?|(?<=^)(?=(?:{_KIN})[\u4e00-\u9fff]{{2,4}}$))(?:{_KIN}|妈|爸|"
                          r"婆婆|邻居|同事|朋友)(?:叫)?|^(?:登记人|联系人|负责人)?(?:一栏|那一?栏|这一?栏|那里|那儿)?(?:就)?(?:写|填|登记)(?:的是|上)?")
_NAME_REMARK_RE = re.compile(r"(?:的名字|的姓名)?(?:(?:在|来|帮忙)?(?:负责|管事|管|牵头|带队|带|组织|张罗|领头|挑头)(?:的|着)?|"
                             r"担任|来当|当|就行|就可以|就好|即可|一个人?|一人)+$")  # 「是王秀英在带」「由王秀英担任」
_PERSON_PREFIX_RE = re.compile(
    r"^(?:(?:我|本人|她|他)(?:就)?(?:是|叫)|(?:就)?是我(?!们)(?=[\u4e00-\u9fff]{2,4}$)|(?:叫|喊|称呼|写)我|(?:我们的?)?(?:负责人|队长|领队|联系人|团长)(?:是|叫|就是)?|"
    r"(?:真实姓名|正式名字|正式的名字|姓名|名字|大名|全名|真名|本名|实名)(?:是|叫)?|叫|是|(?:找|联系|问|打给)(?=[\u4e00-\u9fff]{2,4}$))[：:\s]*")  # 「找李建国就行」
# 「负责人嘛就是我王秀英」「负责人姓名：王秀英」: the role, its 姓名, a 语气词 and 是我 before the name.
_ROLE_PREFIX_RE = re.compile(r"^(?:我们的?)?(?:团队|队伍|组织|小组|协会|本队|本团)?的?(?:第一|正)?(?:负责人|队长|领队|联系人|团长)(?:兼任?(?:负责人|队长|领队|联系人|团长))?的?(?:姓名|名字)?"
                             r"(?:[这那]一?[栏格项]|一?栏)?"  # 「负责人这栏：…」「第一负责人…」: the form's field, or the first of two
                             r"(?:嘛|呢|啊|的话)?[，,\s]*(?:就)?(?:是|叫|系(?![统列数])(?=[\u4e00-\u9fff]{2,4}(?:同志|$)))?(?:我(?!们))?[：:\s]*"
                             r"(?=[\u4e00-\u9fffA-Za-z])")  # 「联系人兼负责人：…」「负责人系王秀英同志」
_COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "慕容", "夏侯", "皇甫", "尉迟", "公孙", "令狐", "端木", "司徒",
                      "司空", "长孙", "宇文", "南宫", "独孤", "轩辕", "呼延", "钟离", "闻人", "澹台", "公冶", "太史", "申屠",
                      "万俟", "濮阳", "宗政", "赫连", "百里", "西门", "第五")
# 「陈生」「司徒生」「李太」: a surname and the Cantonese 生 (先生) or 太 (太太), how one addresses someone, no full name
_SURNAME_TITLE_RE = re.compile(r"(?:[\u4e00-\u9fff]|" + "|".join(_COMPOUND_SURNAMES) + r")[生太队总]")  # 「王队」: 王队长
# The commonest single-character surnames (about nine in ten people carry one of these): of two pieces that could be
# a name, 「周德明，他是我们队的主心骨」, the one with a surname is the name. Characters that are also everyday words
# (和, 时, 文, 成 …) are left out: a remark may start with them.
COMMON_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭"
    "陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤施牛樊葛邢齐乔伍庞颜倪"
    "庄聂章鲁岳翟殷詹欧耿兰焦俞左柳甘祝包尚符舒阮柯纪梅童凌毕单季裴霍涂苗谷盛曲翁冉骆蓝游辛靳管柴蒙鲍喻祁蒲滕屈饶"
    "解牟艾尤穆卓缪简项芦麦褚娄窦戚岑景费卜冷晏席卫米柏瞿桂佟臧闵苟邬卞姬仇栾隋刁沙荣巫寇桑郎甄虞敖巩佘邝诸蔺关华")
# What ends a place's name and hardly a given name (周家桥, 陆家嘴, 三里屯, 朱家角)
_PLACE_END = "村镇乡街道路桥港浜泾塘湾山河湖庄园堡浦江口门头里坊店寺庙场洲岛滩岙垟溪城关营屯集坝岭坪埠渡宅墩埭苑院井台亭阁楼巷弄角嘴圩荡市卫池"


def name_shaped(word: str) -> bool:
    """Whether a word has a full name's shape — a common or compound surname and a given name of two characters (金海波,
    欧阳国忠) that neither ends like a place (周家桥) nor holds 家 (徐家汇) — so a person's name said where a place is
    asked is not kept as that place."""
    surname = word[:2] if word[:2] in _COMPOUND_SURNAMES else word[:1]
    given = word[len(surname):]
    return is_cjk(word) and (surname in COMMON_SURNAMES or len(surname) == 2) and 1 + (len(surname) == 1) <= len(given) <= 2 \
        and given[-1] not in _PLACE_END + "是的了吗呢吧啊呀" and "家" not in given  # 蒲鞋是: 蒲鞋市 misheard, no name


_ROLES = r"负责人|队长|领队|联系人|团长"
_NICKNAME_RE = re.compile(r"[阿小老][\u4e00-\u9fff](?:头儿?|哥|姐|妹|弟)?")  # 阿英, 小王, 老李: what people call someone, no name
_ROLE_RE = re.compile(rf"^(?:{_ROLES})")
# 「王秀英，退休教师」: what the person is, said after the name, is no name
# Places and amounts a hedged answer leaves behind: no one is called that
_NOT_A_NAME_RE = re.compile(r"^在|^[这那](?:位|个|人)|小区|花园|广场|公园|社区|街道|居委|活动室|老年|人多|人少|年轻|真名|本名|全名|实名|人[老显蛮挺很]?好|空着|待定|暂[无缺定]")  # 「一栏先空着」
# 「他是我们队的主心骨」「她也是居委的老人了」: 他/她 is … 的 …, a remark on someone named in another piece
_SAID_OF_THEM_RE = re.compile(r"^[他她](?:就|也|可|还)?是[^，,。]*的")
# A piece shaped as a sentence, never a name: it starts with 大家/就/还/也/都 or holds 有个/一个/两个/听说/都听 (「大家都听」
# 「就一个明」「还有个副」); the same characters inside a name (张也, 李听雨, 陈说, 王个明) are no sentence
_SENTENCE_WORD_RE = re.compile(r"^(?:大家|就|还|也|都)|[有一两二三几]个|听说|都[听服]")
_OCCUPATION_RE = re.compile(r"退休|教师|医生|护士|工人|干部|党员|居民|志愿者|会计|职工|社工|书记|主任$|校长|院长|厂长|经理|老板|司机|保安|律师|"
                            r"工程师|公务员")  # 「池海燕，以前是小学校长」


def _person_candidate(part: str) -> Optional[str]:
    """One comma-separated piece that is a name: 2–4 CJK characters, a name with 阿姨/老师…, or Latin letters."""
    said_of = _SAID_OF_THEM_RE.match(part.strip())
    if said_of:  # 「他是我们队的主心骨」: what the person named before is, no name — unless a full name ends it
        named = _person_candidate(part.strip()[said_of.end():])  # 「她是我们的队长郑立波」「她是我的老伴王秀英」
        return named if named and name_shaped(named) else None
    part = _NAME_REMARK_RE.sub("", _RELATIVE_RE.sub("", _RELATIVE_RE.sub("", part.strip())))  # 「负责人写我妈王秀英」
    part = _RELATIVE_RE.sub("", _ROLE_RE.sub("", _PERSON_PREFIX_RE.sub("", _ROLE_PREFIX_RE.sub("", part)))).strip()  # 「负责人是我爱人…」
    part = re.sub(rf"^(?:我们|咱们)的?(?:{_ROLES}|组长|会长)|^(?:{_ROLES})?由(?=[\u4e00-\u9fff]{{2,4}}$)", "", part)  # 「我们队长王秀英」
    part = clean_text(re.sub(rf"\([^()]{{0,8}}(?:{_ROLES}|本人|女|男)\)$", "", part))  # 「许桂兰（负责人）」「王秀英（女）」
    if part.startswith(("我姓", "姓", "本人", "自己")) or not part or _OCCUPATION_RE.search(part) \
            or _NOT_A_NAME_RE.search(part):  # 「就是我本人」; 「可能是老年人多」「大概在小区花园」 after the hedge
        return None
    if part.endswith(_TITLE_SUFFIXES) and is_cjk(part):  # 王秀英阿姨 → 王秀英; 王阿姨 is no name
        base = next(part[:-len(t)] for t in _TITLE_SUFFIXES if part.endswith(t))
        base = base[:-1] if base.endswith("是") and len(base) > 2 else base  # 「王秀英是队长」
        named = 2 <= len(base) <= 4 and base not in _COMPOUND_SURNAMES and not NAME_STOPWORDS.search(base)
        return _person_candidate(base) if named and base != part else None  # 「张阿姨是负责人」: 张阿姨 is no name
    if part in _COMPOUND_SURNAMES or _SURNAME_TITLE_RE.fullmatch(part):
        return None  # 「上官」 is a surname alone, 「司徒生」 is Mr 司徒: no full name
    if is_cjk(part) and 2 <= len(part) <= 4 and not NAME_STOPWORDS.search(part) and not _NICKNAME_RE.fullmatch(part) \
            and not _SENTENCE_WORD_RE.search(part):  # 「大家都听」「就一个明」「还有个副（队长）」 are words of a remark
        return part
    if re.fullmatch(r"[A-Za-z][A-Za-z .'-]{1,29}", part):
        return part.strip()
    said = re.search(r"(?<![不没])(?:叫|是)([\u4e00-\u9fff]{2,4})$", part)  # 「我们那个领头的叫王秀英」
    if said and len(part) > len(said.group(0)):
        return _person_candidate(said.group(1))
    whose = re.fullmatch(r"(?:我们|咱们|隔壁|对门|楼上|楼下)[\u4e00-\u9fff0-9A-Za-z]{0,6}?的([\u4e00-\u9fff]{2,4})", part)
    return _person_candidate(whose.group(1)) if whose else None  # 「我们楼的蒋国栋」: where the person lives, then the name


def _introduced(part: str, name: str) -> bool:
    """Whether the piece names the person (its candidate ``name``) after 叫/负责人/队长/姓名/名字 (「负责人叫乌兰」):
    that name stands, surname or not."""
    said = re.search(r"叫|姓名|名字|负责人|队长", part)
    return bool(said) and name in part[said.end():]


def _surnamed(name: str) -> bool:
    """Whether a candidate starts with a common or a compound surname (Latin names count as surnamed)."""
    return not is_cjk(name) or name[0] in COMMON_SURNAMES or name[:2] in _COMPOUND_SURNAMES


_LEFT = r"已|不再|不管|不干|去世|走了|过世|退了|卸任|换|改|现在(?!的|就|也|还)"  # a note that the person no longer leads


def parse_person(text: Optional[str]) -> Optional[str]:
    """A person's name from 「我姓王，王秀英」「我叫李明」「负责人是王阿姨」; None for questions and other text."""
    reply = without_hedge(normalize_reply(text))  # 「应该写王秀英」「负责人的话…王秀英」
    if not reply or len(reply) > 30 or looks_like_question(reply) or GREETINGS.match(reply):
        return None
    remark = re.fullmatch(r"(.*[\u4e00-\u9fff])\s*\(([^()]{1,20})\)", reply)  # 「王秀英（现任队长，去年选的）」: a note on the person
    if remark and re.search(_LEFT, remark.group(2)):
        return None  # 「钱宝根（已去世，现在王秀英管）」: the note says someone else leads now
    if remark and parse_person(remark.group(1)):
        return parse_person(remark.group(1))
    reply = re.sub(r"^(?:我)?姓([\u4e00-\u9fff]{1,2})[，,\s]*名(?:叫|字)?([\u4e00-\u9fff]{1,2})$", r"\1\2", reply)  # 姓王名秀英
    reply = re.sub(r"(?<=[写填记])上(?=官[\u4e00-\u9fff]{1,2}(?:$|[，,\s的吧就]))", "，上", reply)  # 「写上官丽华」: 上官 is the surname
    if re.fullmatch(r"[\u4e00-\u9fff]{1,2}\s+[\u4e00-\u9fff]{1,3}|[\u4e00-\u9fff](?:\s+[\u4e00-\u9fff]){1,3}", reply) \
            and len(reply.replace(" ", "")) <= 4:  # 「王 秀 英」 too
        reply = re.sub(r"\s+", "", reply)  # 「刘 振江」: a name typed (or dictated) with a space
    reply = re.sub(r"(?<=[\u4e00-\u9fff])\s+|\s+(?=[\u4e00-\u9fff])", "，", reply)
    reply = re.sub(r"(?<=[\u4e00-\u9fff]{2})(?=(?:负责人|联系人|队长)也)", "，", reply)  # 「我叫王秀英负责人也是我」
    reply = re.sub(r"(?<=[\u4e00-\u9fff]{2})[呀啊哈嘛呢](?=[\u4e00-\u9fff]{2})", "，", reply)  # 「我叫王秀英呀就是…」: a pause
    reply = re.sub(r"^[【\[](?:负责人|队长|联系人|姓名|团长)[】\]]", "", reply)  # 「【负责人】王秀英」
    parts = [p.strip() for p in reply_pieces(reply, "，,、。；;") if p.strip() and not is_non_answer(p)  # 「…，电话等会儿给你」
             and not re.fullmatch(r"[\u4e00-\u9fff]{1,2}是(?:姓|名|名字)", p.strip())  # 「王秀英，王是姓，秀英是名」
             and not re.fullmatch(r"(?:联系|办公|手机)?(?:电话|手机号?|方式|地址|邮箱|微信)(?:号码?)?", p.strip())]  # 「联系电话：…」
    parts = [re.sub(r"^(?:连起来|合起来|全名)(?:就)?(?:是|叫)?", "", p) for p in parts]  # 「…，连起来王秀英」
    candidates = [(p, n) for p in parts if (n := _person_candidate(p))]  # each piece read once
    marked = [n for p, n in candidates if re.search(r"叫|是|负责人|队长|姓名|名字|真名|本名|大名|全名", p)]
    names = [n for _p, n in candidates]
    if len(names) > 1 and not any(_introduced(p, n) for p, n in candidates) and any(map(_surnamed, names)):  # 「周德明，他是我们队的主心骨」
        names, marked = [n for n in names if _surnamed(n)], [n for n in marked if _surnamed(n)]  # 「杨静，这人靠谱」
    fuller = [n for n in names if marked and marked[-1] in n and len(n) > len(marked[-1])]  # 「名字叫秀英，连起来王秀英」
    names = fuller[-1:] or (marked[-1:] if marked and len(names) > 1 else names)  # 「阿拉负责人叫王秀英，人老好个」
    first = [n for p, n in candidates if re.search(rf"第一(?:{_ROLES})|正(?:{_ROLES})", p)]
    not_deputy = [n for p, n in candidates if not re.search(rf"副|第二(?:{_ROLES})", p)]
    if len(candidates) > 1 and (first or 0 < len(not_deputy) < len(candidates)):  # 「第一负责人是王秀英，第二负责人是…」
        names = (first or not_deputy)[:1]  # 「负责人是王秀英，副的是李建国」: the leader, not the deputy
    if declines(reply) or len(names) >= 3:  # 「不用了」; 「助老 买菜 陪聊」 is a list of words, not one name among them
        return None
    return names[-1] if names else None
