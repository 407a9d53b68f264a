"""Pure parsing of free-text form answers (no Rasa imports, unit-tested directly).

WeChat users type numbers in Chinese, phones with spaces or dashes, yes/no as 嗯/没有 …; every
parser returns None when it cannot tell, so the form re-asks instead of guessing. Long because every
slot's parser shares one normalisation (full-width digits, emoji, 语气词) and one question test, and the
validators of all three flows import them from this single module.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Callable, Optional, Sequence

from corpus import vocabulary as V

_PHONE_RE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")  # no \b: it never matches next to Chinese
_DIGITS_RE = re.compile(r"[0-9]+")
_SPOKEN_DIGITS = str.maketrans("幺一二三四五六七八九零〇", "112345678900")  # 幺 is how 1 is read out in a phone number
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
# Asking in words: what makes a message a question even when it also names a value (「队伍散了，会费咋处理」).
_ASKING = (r"吗|顺便问|在哪|哪个|哪家|哪[一几类种样位条级]|谁|(?<![很好许])多大|几岁|(?<![没不])怎么|如何|什么(?!的)|"
           r"[干是为做搞]什么|(?<!没)啥(?!的)|哪些|哪里|哪儿|多少|多久|能不能|可不可以|可以不|是否|要不要|需不需要|(?<!没)有没有|"
           r"算不算|是不是|干嘛|干啥|咋|你说呢|(?<!不)(?!时不时|动不动)([^不没\s])不\1|是.{1,10}还是|么$")
_ASKING_RE = re.compile(_ASKING)
# A question at all: a question mark, asking words, or 几个/几天 (also 「有几个党员」, so only with the rest).
_QUESTION_RE = re.compile(r"[？?]|(?<![十百好有的那这])几(?:个|位|名|天|年|岁|点|次|项|类|种|级|条|步|回|遍|份)|" + _ASKING)
_CORRECTION_RE = re.compile(r"改成|改为|换成|改一下|改下|修改|更正|写错|填错|弄错|打错|说错|选错|搞错|错了|应该是|应该选|"
                            r"[说报算]多了|[说报算]少了|多算了|少算了|说的是简称|(?:刚才|刚刚)说的是|"
                            r"少打|多打|打漏|漏了|^不对|其实是|其实不是|不是那个|不是这个|重新填|重新选|重选|再选一下|^不是[^，,。\s]{1,10}[哈啊呀的]?[，,\s]\s*(?:而)?是|^改(?=团队|人数|负责|活动|手机|电话|名|地|类|街道|居委|范围|所在|联系|组织|原因|等级|领域|需求)")
_VALUE_AFTER_RE = re.compile(r"(?:改成|改为|换成|应该是|更正为|重新填|重新选一下|重新选|实际上?(?:是|有)?|是|[:：])[:：\s]*(.+)$")
# Where a correction's new value starts: keywords after the last of these name the value, not the field
# (「名字少打了几个字，是方松街道社区志愿服务队」 corrects the name; its 街道 is part of the new value).
VALUE_MARK_RE = re.compile(r"改成|改为|换成|应该是|更正为|实际上?|(?<!不)是|[:：]")
_YES_RE = re.compile(r"^(是|对|有|嗯|好|行|可以|确认|确定|没错|正确|对的|提交|交吧|yes|ok|y)|已(建|经)|是的|有的|刚成立|新成立|"
                     r"刚刚|建立了|建了|成立了|招了|招过|[聘雇]了|[聘雇]过|聘用|招用|可以提交|提交吧|^👍|^👌|^✅")
_NO_RE = re.compile(r"不是|没有|没|无|否|不|木有|别|错|等一?下|等等|先不|no|n$|还没|^❌|^🙅")
_SURE_YES_RE = re.compile(r"没问题|没错|不错|对的|是的|^有的?$|^(确认|确定)?提交吧?$")
_UNSURE_RE = re.compile(r"不知道|不[太大]?清楚|不晓得|不[太大]?确定|说不好|说不清|搞不清|不记得|忘了|随便|都行|无所谓|看情况")


def clean_text(text: Optional[str]) -> str:
    """Trim spaces and trailing punctuation/语气词 so '夕阳红舞蹈队。' and '夕阳红舞蹈队哈' compare equal."""
    text = (text or "").strip()
    return re.sub(r"[\s。.!！~～,，、]*(哈|呀|啊|哦|噢|吧|呢|啦|嘛)?[\s。.!！~～,，]*$", "", text).strip()


def find_phone(text: str) -> Optional[str]:
    """An 11-digit mainland mobile number, ignoring spaces, dashes and a +86 prefix."""
    compact = re.sub(r"[\s\-－—()（）]", "", unicodedata.normalize("NFKC", text or "")).replace("+86", "")
    compact = re.sub(r"(?<![0-9幺一二三四五六七八九零〇])[0-9幺一二三四五六七八九零〇]{11}(?![0-9幺一二三四五六七八九零〇])",
                     lambda m: m.group(0).translate(_SPOKEN_DIGITS), compact)
    match = _PHONE_RE.search(compact)
    return match.group(0) if match else None


def _cn_number(text: str) -> Optional[int]:
    """Chinese numerals up to the thousands: 三十 → 30, 二十五 → 25, 一百二 → 120, 十来个 → 10."""
    match = re.search(r"[零〇一二两三四五六七八九十百千]+", text)
    if not match:
        return None
    total, digit = 0, None
    for ch in match.group(0):
        if ch in _CN_DIGITS and digit is not None:
            break  # 二十三四 is 23 or 24: the first one said
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        else:
            total += (digit if digit is not None else 1) * _CN_UNITS[ch]
            digit = None
    return total + (digit or 0)


def parse_count(text: str) -> Optional[int]:
    """A head count from '25', '２５', '25人', '大概三十个', '二十来人'; None when there is no number."""
    detail = parse_count_detail(text)
    return detail[0] if detail else None


def parse_yes_no(text: str, intent: Optional[str] = None) -> Optional[bool]:
    """True/False from a short answer, else the NLU intent (affirm/deny): the words win (NLU read 「木有😅」
    as affirm); None when unclear (不知道 is no 没有)."""
    if _UNSURE_RE.search(text or ""):
        return None
    words = clean_text(unicodedata.normalize("NFKC", text or "")).lower()
    if _SURE_YES_RE.search(words):
        return True
    if _NO_RE.search(words):
        return False
    if _YES_RE.search(words):
        return True
    return {"affirm": True, "deny": False}.get(intent or "")  # the words said neither: NLU's reading


def looks_like_question(text: str) -> bool:
    """Question marks or question words: a form answer rarely has them, a policy question does."""
    return bool(_QUESTION_RE.search(text or ""))


def without_correction_words(text: str) -> str:
    """「说错了，我们不是新成立的」 → 「，我们不是新成立的」: what is left to read as the new answer."""
    return _CORRECTION_RE.sub("", normalize_reply(text))


def asks_in_words(text: str) -> bool:
    """Asking words (咋/怎么/吗/是不是 …), not only a 「？」 after an answer (「长宁区吧？」)."""
    return bool(_ASKING_RE.search(text or ""))


def stated_part(clause: str) -> str:
    """What a clause states before it asks (「团队解散了怎么办」 → 团队解散了, 「街道备案的小组能享受扶持吗」 →
    街道备案的小组能享受扶持); the clause itself when it asks nothing, empty when it only asks."""
    match = _QUESTION_RE.search(clause or "")
    head = clause[:match.start()] if match else (clause or "")
    return head if len(head) >= 2 and not looks_like_question(head) else ""


def is_correction(text: str) -> bool:
    """Words people use when fixing an earlier answer (改成 / 写错了 / 应该是 …)."""
    return bool(_CORRECTION_RE.search(text or ""))


_NEW_VALUE_RE = re.compile(r"(?:应该选|应该是|改成|改为|换成|更正为|实际上?(?:是|有)?|选|是)[:：\s]*([^，,。]+)[，,。]*$")
_ASK_TO_CHANGE_RE = re.compile(r"[，,\s]*(?:麻烦|帮我|帮忙)?(?:改一下|改下|改过来|改掉|换一下)(?:吧|哈|啊)?$")
_FITS_BETTER_RE = re.compile(r"(?:更合适|比较合适|更准确|更对|才对|更好)(?:一些|一点|些)?$")


def corrected_value(text: str) -> Optional[str]:
    """The new value of a correction that names no field: 「不对不对，应该选在民政局登记的社会组织」."""
    said = re.sub(r"[，,]\s*(?:而)?不是[^，,。]*[。]?$", "", normalize_reply(text))  # 「…，不是解散」 names the old value
    said = re.sub(r"^(?:其实)?不是[^，,。\s]{1,10}?[哈啊呀的]?[，,\s]+(?=(?:而)?是)", "", said)  # 「不是不活动哈 是散了」
    said = _ASK_TO_CHANGE_RE.sub("", said)  # 「想想还是文体活动类更合适，改一下」
    match = _NEW_VALUE_RE.search(said)
    value = _FITS_BETTER_RE.sub("", clean_text(match.group(1))) if match else ""
    return value or None


def correction_value(text: str, keyword: str) -> Optional[str]:
    """The new value in '电话写错了，应该是139…' / '人数改成30'; None when only the field is named."""
    tail = text.split(keyword, 1)[1] if keyword in text else text
    match = _VALUE_AFTER_RE.search(tail)
    value = clean_text(match.group(1)) if match else ""
    return value or None


# ── free-text slots: every parser returns None when the reply is not a value of that slot ────────────

MAX_ANSWER_CHARS = 500  # a longer reply is refused with a message, never cut silently
_EMOJI_RE = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\u200d]")
_LEAD_FILLER_RE = re.compile(r"^(?:嗯+|呃+|哦+|噢+|啊+|额+|那个|就是|好的?|ok)[\s，,、。.…~～]*", re.I)
_NOT_AN_ANSWER = ("不知道", "不清楚", "不晓得", "不告诉", "没想好", "还没起", "没有名字", "随便", "忘了", "不记得",
                  "不一定", "还没找到", "没找到", "没有固定", "都行", "都可以", "无所谓", "看需要", "看情况", "说不好",
                  "不好说", "说不准", "再说吧", "等会儿", "待会儿", "平常那些", "就那些", "老样子", "还在找", "记不住",
                  "记不清", "没告诉", "说不清", "不太清楚", "上写着", "说不完")
# Words typed by voice input for the domain's own words (备按 for 备案): read as the word meant.
_VOICE_TYPOS = {"备按": "备案", "注消": "注销", "街到": "街道", "居委汇": "居委会"}
_VOICE_TYPO_RE = re.compile("|".join(_VOICE_TYPOS))
# A reply that only says when (每周两次, 晚上七点, 每周三下午): no place, name, activity or field.
_WHEN_RE = re.compile(r"[0-9零一二两三四五六七八九十几]+(?:点半?|次|回|趟|个?小时|天)|每|一周|周(?:[一二三四五六日末](?![次回趟]))?|"
                      r"星期[一二三四五六日天]?|礼拜[一二三四五六日天]?|[早上中下晚]午|[早晚]上|傍晚|[天月]|左右|大概|一般|基本上?|"
                      r"都是|[，,、\s]")
_GREETINGS = re.compile(r"^(?:你好|您好|在吗|在不在|哈喽|hello|hi|谢谢|多谢|好的|收到)$", re.I)
_NAME_STOPWORDS = re.compile(r"[不没你我他她们的了吗呢啊吧哪谁啥么问]|也是|那个|这个|知道|告诉|名字|团队|负责|就是|一下|顺便|请|帮")
_TITLE_SUFFIXES = ("阿姨", "老师", "师傅", "先生", "女士", "大姐", "大哥", "阿姨", "叔叔", "爷叔", "阿婆", "大爷", "奶奶", "书记",
                   "队长", "团长", "组长", "会长", "主任")
# A name given for someone else or with a remark (「是我老伴王秀英在负责」「登记人写王秀英就行」).
_RELATIVE_RE = re.compile(r"^(?:是|由)?(?:我的?|我们家的?)(?:老伴|爱人|丈夫|妻子|老公|老婆|母亲|妈妈|妈|父亲|爸爸|爸|女儿|儿子|"
                          r"婆婆|邻居|同事|朋友)(?:叫)?|^(?:登记人|联系人|负责人)?(?:就)?(?:写|填)(?:的是|上)?")
_NAME_REMARK_RE = re.compile(r"(?:在负责|负责的?|在管|管事|牵头|就行|就可以|就好|即可)$")
_TEAM_PREFIX_RE = re.compile(
    r"^(?:(?:我们|咱们|俺们)(?:团队|队伍|的队|队)?的?(?:名字|名称|队名)?就?(?:是|叫做|名叫|叫)|"
    r"(?:团队|队伍)?的?(?:名字|名称|队名)就?(?:是|叫做|叫)?|就?(?:叫做|名叫|就叫|叫))[：:\s]*")
_PERSON_PREFIX_RE = re.compile(
    r"^(?:(?:我|本人|她|他)(?:就)?(?:是|叫)|(?:我们的?)?(?:负责人|队长|领队|联系人|团长)(?:是|叫|就是)?|"
    r"(?:真实姓名|姓名|名字|大名|全名)(?:是|叫)?|叫|是)[：:\s]*")
_TEAM_SUFFIX_RE = re.compile(r"(?:队|团|组|会|社|班|站|部|所|室|坊|苑|中心|家园|联盟|之家|沙龙)$")
_NICKNAME_RE = re.compile(r"简称|俗称|都叫|平时叫|一般叫|也叫|小名")
_NAME_MARKERS = ("全称是", "全称为", "全称", "名字就是", "名字是", "名字叫", "名字", "名称是", "名称", "队名是", "队名叫", "队名",
                 "团名", "叫做", "名叫", "就叫", "叫")
_COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "慕容", "夏侯", "皇甫", "尉迟", "公孙", "令狐", "端木", "司徒")
_ROLES = r"负责人|队长|领队|联系人|团长"
_ROLE_RE = re.compile(rf"^(?:{_ROLES})")
_APPROX_RE = re.compile(r"来|多|左右|大概|大约|约|差不多|估计|上下|十几|几十|[-~～到至]")
_CN_NUMBER_RE = re.compile(r"[零〇一二两三四五六七八九十百千]+")


def normalize_reply(text: Optional[str]) -> str:
    """Full-width to half-width, emoji and leading 嗯/那个 dropped, trailing 语气词 trimmed: the form of a
    reply every parser compares, so ２５ equals 25 and 「嗯，长宁区😊」 equals 长宁区."""
    text = unicodedata.normalize("NFKC", text or "")
    text = _EMOJI_RE.sub("", text).strip()
    text = _LEAD_FILLER_RE.sub("", text)
    return clean_text(fix_voice_typos(text))


def fix_voice_typos(text: str) -> str:
    """备按 → 备案, 注消 → 注销: the domain's own words as voice input mistypes them."""
    return _VOICE_TYPO_RE.sub(lambda m: _VOICE_TYPOS[m.group(0)], text)


def only_says_when(text: Optional[str]) -> bool:
    """「每周两次」「晚上七点」: a time or frequency and nothing else."""
    reply = normalize_reply(text)
    return bool(reply) and not _WHEN_RE.sub("", reply)


def too_long(text: Optional[str]) -> bool:
    """Over MAX_ANSWER_CHARS: the answer is refused with a request for a shorter one."""
    return len(text or "") > MAX_ANSWER_CHARS


def _is_cjk(text: str) -> bool:
    return bool(text) and all("\u4e00" <= ch <= "\u9fff" or ch == "·" for ch in text)


def _after_name_marker(part: str) -> Optional[str]:
    """What follows the last of 叫/名字是/全称… in a piece (团队名字就是夕阳红 → 夕阳红); None without one."""
    ends = [part.rfind(m) + len(m) for m in _NAME_MARKERS if m in part]
    if not ends:
        return None
    after = part[max(ends):]
    said = re.match(r"^([^:：]{1,6})[:：](.+)$", after)  # 「名字定下来了：…」, not 「叫夕阳红：一个舞蹈队」
    return said.group(2).strip() if said and re.search(r"了|是|为|下来|如下", said.group(1)) else after.lstrip(":： ")


_QUOTED_RE = re.compile(r"(?:^|(?<=[是叫写为成]))[“\"「『《]([^”\"」』》]{2,30})[”\"」』》]|[“\"「『《]([^”\"」』》]{2,30})[”\"」』》]")


def _quoted_name(reply: str) -> Optional[str]:
    """A name in quotes inside a longer message (要注销的是“景山登山健身队”): after 是/叫/写 or at the start, or
    one that ends like a team; 「五马街道“乐活”家政服务社」 quotes a part of the name, not the name."""
    for match in _QUOTED_RE.finditer(reply):
        name = _bare_team_name(match.group(1) or match.group(2))
        if name and (match.group(1) or _TEAM_SUFFIX_RE.search(name)):
            return name
    return None


def _is_subsequence(short: str, full: str) -> bool:
    rest = iter(full)
    return all(ch in rest for ch in short)


def _without_short_form(name: str) -> str:
    """「五马瓯剧票友社（瓯剧社）」 → the full name: a bracketed short form made of the name's own characters
    (or after 简称) is not part of it; 「…服务中心（筹）」 keeps its bracket."""
    match = re.fullmatch(r"(.{2,}?)\s*\((?:简称[:：]?)?([^()]{1,12})\)", name)
    if match is None:
        return name
    full, short = match.groups()
    shares = any(short[i:i + 2] in full for i in range(len(short) - 1))  # 横街暑托志愿小组（暑托班）
    return full if _is_subsequence(short, full) or shares or "简称" in name else name


# What people say after a name without a comma (voice input): 「…志愿队要注销的就是这个」「是…队没错」.
_AFTER_NAME_RE = re.compile(r"(?<=[队团组会社班站心龙])(?:就?是?(?:这个|它)|要注销的|没错|对的|不会错|居委会?也).*$")
_NOT_A_NAME_RE = re.compile(r"那个|这个|(?<!迷)你|我|她|(?<![吉其])他|的$")  # 吉他社 is a name


def _bare_team_name(part: str) -> Optional[str]:
    name = _AFTER_NAME_RE.sub("", clean_text(_TEAM_PREFIX_RE.sub("", part).strip("「」“”\"'《》 ")))
    name = _without_short_form(re.sub(r"^就?是(?=.{3,}$)", "", name) if _TEAM_SUFFIX_RE.search(name) else name)
    if not (2 <= len(name) <= 30) or not any(ch.isalpha() for ch in name) or name.isdigit() \
            or _NOT_A_NAME_RE.search(name) or only_says_when(name):
        return None
    return name


def parse_team_name(text: Optional[str]) -> Optional[str]:
    """The name itself from 「我们叫夕阳红广场舞队」「我们是跳广场舞的，叫夕阳红舞蹈队」「名字是康乐门球队，谢谢」:
    of the comma-separated pieces, a name after 叫/名字是/全称 that ends like a team (队/团/组/会…) first,
    then any piece ending like one, then a name after such a word, then a lone piece. None for
    questions, greetings, refusals and pastes over 50 chars."""
    reply = normalize_reply(text)
    if not reply or len(reply) > 50 or looks_like_question(reply) or any(w in reply for w in _NOT_AN_ANSWER) \
            or _GREETINGS.match(reply):
        return None
    quoted = None if _NICKNAME_RE.search(reply) else _quoted_name(reply)
    if quoted:
        return quoted
    parts = [p for p in (clean_text(_AFTER_NAME_RE.sub("", p)) for p in re.split(r"[，,。；;！!]+", reply)) if p
             and not re.fullmatch(r"(?:名字|名称|队名|全称)[啊呀吗嘛哈]?", clean_text(p))]  # 「名字啊，七宝沪剧沙龙」
    nicknames = [p for p in parts if _NICKNAME_RE.search(p)]  # 「平时大家都叫我们编织组」 names no team
    parts = [p for p in parts if p not in nicknames] or parts
    marked = [_after_name_marker(p) for p in parts]
    names = [_bare_team_name(re.sub(r"^(?:我们|咱们|俺们)", "", after)) if after else
             _bare_team_name(re.sub(r"^(?:全称|名称|名字|队名|团名)(?:是|为|叫)?[：:\s]*", "", part))
             for part, after in zip(parts, marked)]
    teamlike = [n for n in names if n and _TEAM_SUFFIX_RE.search(n)]
    after_marker = [n for n, after in zip(names, marked) if after]
    return next((n for n in (*teamlike, *after_marker, *names[:1]) if n), None)


def parse_community(text: Optional[str]) -> Optional[str]:
    """The 居委会/村 as named, without 「我们属于」「归…管」「…的」; None for questions and refusals."""
    reply = normalize_reply(text)
    if not reply or len(reply) > 40 or looks_like_question(reply) or any(w in reply for w in _NOT_AN_ANSWER) \
            or _GREETINGS.match(reply):
        return None
    pieces = [p for p in re.split(r"[，,；;]+", reply) if p]
    reply = next((p for p in pieces if re.search(r"居委|居民委员会|村|社区", p)), reply) if len(pieces) > 1 else reply
    reply = re.sub(r"^(?:我们的?|咱们的?)?(?:所在的?)?(?:居委会?|居民委员会|社区|村委会?|村)(?:名字|名称)?(?:是|叫)[:：\s]*", "", reply)
    reply = re.sub(r"^(?:我们|咱们)?(?:是|在|属于|归|隶属于?|就是)+", "", reply)
    reply = clean_text(re.sub(r"(?:管|的|那边|这边|下面|里)+$", "", reply))
    return None if re.fullmatch(r"[0-9]+号?楼.{0,3}", reply) else free_text(reply, 2, 30)  # 「3号楼」 is no 居委


def free_text(text: Optional[str], min_len: int = 2, max_len: int = 200) -> Optional[str]:
    """A short description (place, activities) of a sensible length: not digits or punctuation only, not
    a question, a greeting or a 「不知道/随便」."""
    reply = normalize_reply(str(text or ""))
    if not (min_len <= len(reply) <= max_len) or not any(ch.isalpha() for ch in reply):
        return None
    if looks_like_question(reply) or _GREETINGS.match(reply) or any(w in reply for w in _NOT_AN_ANSWER) \
            or only_says_when(reply):
        return None
    return reply


def _person_candidate(part: str) -> Optional[str]:
    """One comma-separated piece that is a name: 2–4 CJK characters, a name with 阿姨/老师…, or Latin letters."""
    part = _NAME_REMARK_RE.sub("", _RELATIVE_RE.sub("", part.strip()))
    part = _ROLE_RE.sub("", _PERSON_PREFIX_RE.sub("", part)).strip()
    part = clean_text(re.sub(rf"\((?:{_ROLES}|本人)\)$", "", part))  # 「许桂兰（负责人）」, 「董雪梅吧」
    if part.startswith(("我姓", "姓")) or not part:
        return None
    if part.endswith(_TITLE_SUFFIXES) and _is_cjk(part):  # 王秀英阿姨 → 王秀英; 王阿姨 is no name
        base = next(part[:-len(t)] for t in _TITLE_SUFFIXES if part.endswith(t))
        named = 2 <= len(base) <= 4 and base not in _COMPOUND_SURNAMES and not _NAME_STOPWORDS.search(base)
        return base if named else None
    if _is_cjk(part) and 2 <= len(part) <= 4 and not _NAME_STOPWORDS.search(part):
        return part
    if re.fullmatch(r"[A-Za-z][A-Za-z .'-]{1,29}", part):
        return part.strip()
    return None


def parse_person(text: Optional[str]) -> Optional[str]:
    """A person's name from 「我姓王，王秀英」「我叫李明」「负责人是王阿姨」; None for questions and other text."""
    reply = normalize_reply(text)
    if not reply or len(reply) > 30 or looks_like_question(reply) or any(w in reply for w in _NOT_AN_ANSWER):
        return None
    if re.fullmatch(r"[\u4e00-\u9fff]{1,2}\s+[\u4e00-\u9fff]{1,3}", reply) and len(reply.replace(" ", "")) <= 4:
        reply = re.sub(r"\s+", "", reply)  # 「刘 振江」: a name typed (or dictated) with a space
    reply = re.sub(r"(?<=[\u4e00-\u9fff])\s+|\s+(?=[\u4e00-\u9fff])", "，", reply)
    reply = re.sub(r"(?<=[\u4e00-\u9fff]{2})(?=(?:负责人|联系人|队长)也)", "，", reply)  # 「我叫王秀英负责人也是我」
    parts = [p.strip() for p in re.split(r"[，,、。；;]+", reply) if p.strip()]
    names = [n for n in map(_person_candidate, parts) if n]
    return names[-1] if names else None


def parse_count_detail(text: Optional[str]) -> Optional[tuple[int, bool]]:
    """(count, approximate) from 25 / ２５ / 25人 / 二十五 / 三十来个 / 三十多人; approximate when 来/多/左右/大概
    is said. None for questions and replies without a number."""
    reply = normalize_reply(text)
    if not reply or looks_like_question(reply):
        return None
    match = _DIGITS_RE.search(reply) or next((m for m in _CN_NUMBER_RE.finditer(reply) if _counts(reply, m)), None)
    if match is None:
        return None
    count = int(match.group(0)) if match.group(0).isdigit() else _cn_number(match.group(0))
    return count, bool(_APPROX_RE.search(reply))


def _counts(reply: str, match: re.Match) -> bool:
    """A Chinese numeral that counts people (三十来个, 大约六十人, 二十五), not one inside a word (曹杨一村,
    每次都不一样): at the end, or before a counting word."""
    after = reply[match.end():]
    return not after or bool(re.match(r"[个人名位来多余口左上号几\s，,。.~～]|出头", after))


# ── options: buttons, their titles, a clear part of a title, synonyms ─────────────────────────────

_ORDINAL_RE = re.compile(r"^(?:第|选项|选|选择)?([0-9]{1,2}|[一二三四五六七八九十])(?:个|项|号|条)?$")


def _compact(text: str) -> str:
    """Letters and digits only: 「与其他组织合并。」 and 「与其他组织合并」 compare equal."""
    return re.sub(r"[^\w]", "", normalize_reply(text)).lower()


def _sounds_alike(a: str, b: str) -> bool:
    """Two characters with a reading in common (常/长, 欧/瓯): the typo of someone typing by pinyin."""
    from pypinyin import Style, pinyin  # imported here: only typo checks need its dictionary

    return bool(set(pinyin(a, heteronym=True, style=Style.NORMAL)[0]) & set(pinyin(b, heteronym=True, style=Style.NORMAL)[0]))


def _edit_distance_at_most_one(a: str, b: str, homophone: bool = False) -> bool:
    """One typo (a character replaced, added or dropped); with `homophone`, a replaced character must
    sound like the one it replaces (常宁区 is 长宁区; 西湖区 is another place than 西城区)."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [(x, y) for x, y in zip(a, b) if x != y]
        return len(diffs) <= 1 and (not homophone or not diffs or _sounds_alike(*diffs[0]))
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def option_number(text: Optional[str], count: int) -> Optional[int]:
    """Index (0-based) of a reply 「2」「２」「第二个」「选3」 among `count` options; None otherwise."""
    match = _ORDINAL_RE.match(normalize_reply(text))
    if not match:
        return None
    token = match.group(1)
    number = int(token) if token.isdigit() else _cn_number(token)
    return number - 1 if number is not None and 1 <= number <= count else None


def choose(text: Optional[str], options: Sequence[tuple[str, Sequence[str]]],
           numbers: bool = True) -> Optional[int]:
    """Index of the option a reply picks: its number, its exact title, a title with one typo, a part of
    one title, or one of its synonyms (the longest piece of evidence wins); None when ambiguous.
    numbers=False when the options are not listed in the order the user saw them numbered."""
    number = option_number(text, len(options))
    if number is not None or option_number(text, 99) is not None:
        return number if numbers else None
    reply = _compact(text or "")
    if not reply:
        return None
    titles = [_compact(title) for title, _ in options]
    for rule in (lambda t: t == reply, lambda t: len(reply) >= 3 and _edit_distance_at_most_one(t, reply)):
        hits = [i for i, t in enumerate(titles) if rule(t)]
        if len(hits) == 1:
            return hits[0]
    return _best_evidence(reply, titles, [synonyms for _, synonyms in options])


def _shared_run(reply: str, title: str, minimum: int = 4) -> int:
    """Length of the longest run of characters the reply and a title share, when it is long enough to
    be evidence (4+: two-character words such as 其他 or 社区 are not)."""
    best = 0
    for i in range(len(reply)):
        for j in range(i + best + 1, len(reply) + 1):
            if reply[i:j] not in title:
                break
            best = j - i
    return best if best >= minimum else 0


def _best_evidence(reply: str, titles: list[str], synonyms: list[Sequence[str]]) -> Optional[int]:
    """The option with the longest title or synonym inside the reply, or whose title holds the reply
    (a synonym outweighs a part of a title); None on a tie."""
    scores: dict[int, float] = {}
    for i, title in enumerate(titles):
        words = [title, *(_compact(w) for w in synonyms[i])]
        best = max((len(w) for w in words if w and w in reply), default=0)
        part = len(reply) - 0.5 if len(reply) >= 2 and reply in title else 0
        shared = _shared_run(reply, title)  # 跟其他组织合并了 shares 其他组织合并 with 与其他组织合并
        if max(best, part, shared):
            scores[i] = max(best, part, shared)
    if not scores:
        return None
    top = max(scores.values())
    winners = [i for i, score in scores.items() if score == top]
    return winners[0] if len(winners) == 1 else None


# ── places and activity scope, normalised against the gazetteer (corpus/vocabulary.py) ───────────────

_PLACE_NOUNS = ("小区", "社区", "园区", "景区", "校区", "营区", "新村")  # end in 区/村 but are not districts
_STREET_SUFFIX_RE = re.compile(r"(街道|镇|乡)$")


def _street_stem(street: str) -> str:
    """天山路街道 → 天山路, 新泾镇 → 新泾: the form people type."""
    return _STREET_SUFFIX_RE.sub("", street)


def _all_districts() -> list[str]:
    return [d for city in V.load_vocabulary()["gazetteer"] for d in V.districts(city)]


def _all_streets() -> list[str]:
    spec = V.load_vocabulary()["gazetteer"]
    return [s for city in spec for names in (spec[city].get("streets") or {}).values() for s in names]


def _longest(text: str, names: list[str], stem: Callable[[str], str], min_len: int = 2) -> Optional[str]:
    """The name whose full form or stem (min_len+ chars) the text holds, the longest match first."""
    found = [(len(key), name) for name in names for key in (name, stem(name)) if len(key) >= min_len and key in text]
    return max(found)[1] if found else None


@lru_cache(maxsize=1)
def _other_places() -> frozenset[str]:
    """Two-character names that are places in their own right (上海, 广州), never a typo of a district."""
    aliases = (a for region in V.load_vocabulary()["regions"].values() for a in region.get("aliases") or ())
    return frozenset((*V.uncovered_places(), *aliases))


def _near(reply: str, names: list[str], stem: Callable[[str], str], two: bool = False) -> Optional[str]:
    """The one name (or stem of 3+ chars) the reply misses by a single character: 天山街道 → 天山路街道;
    with `two`, a two-character stem by a replaced character too (常宁 → 长宁: districts only, since the
    gazetteer lists every district of a covered city but not every street)."""
    found = {name for name in names for key in (name, stem(name))
             if (len(key) >= 3 and _edit_distance_at_most_one(key, reply, homophone=True))
             or (two and len(key) == 2 == len(reply) and _is_cjk(reply) and reply not in _other_places()
                 and _edit_distance_at_most_one(key, reply, homophone=True))}
    return found.pop() if len(found) == 1 else None


def _place_reply(text: Optional[str]) -> Optional[str]:
    """The reply when it may name a place: short, no question, not a refusal (「龙湾区 状元街道」 as one)."""
    reply = re.sub(r"^(?:我们|咱们)?(?:是|在|属于|属|就在|归)+(?=.{2,})", "", re.sub(r"\s+", "", normalize_reply(text)))
    reply = re.sub(r"(?<=.{2})管(?:的|着)?$", "", reply)  # 「归虹口区四川北路街道管」
    reply = re.sub(r"^(.{2,}?)\(([^()]{2,8}[区县市])\)$", r"\2\1", reply)  # 「甘家口街道（海淀区）」
    reply = re.sub(r"(?<=.{2})(?:的|那边|这边|这里|那里|那块|这块|附近|一带)+$", "", reply)  # 「西湖区的」「田林那块」
    reply = re.sub(r"(?<=[区县市])的(?=[\u4e00-\u9fff]{2,})", "", reply)  # 「武侯区的玉林街道」
    reply = re.sub(r"^(?:所在)?(?:区|街道|镇|乡|县|地区)(?:是|为|:)", "", reply)  # 「街道是北太平庄街道」
    if not reply or len(reply) > 40 or looks_like_question(reply) or any(w in reply for w in _NOT_AN_ANSWER):
        return None
    return reply


def _place_shaped(reply: str, suffixes: tuple[str, ...], max_len: int) -> bool:
    """A name of only Chinese characters ending like an administrative unit (西湖区, 城关镇)."""
    return (_is_cjk(reply) and 3 <= len(reply) <= max_len and reply.endswith(suffixes)
            and not reply.endswith(_PLACE_NOUNS) and not _NAME_STOPWORDS.search(reply[:-1]))


def _by_pieces(parse: Callable[[str], Optional[str]], text: Optional[str]) -> Optional[str]:
    """The whole reply's place, else the first comma-separated piece that is one (「西湖区，翠苑街道」,
    「古美街道啊，古龙一村居委会就归它管」); never for a question."""
    found = parse(text or "")
    if found is not None or looks_like_question(text or ""):
        return found
    pieces = [p for p in re.split(r"[，,；;]+", normalize_reply(text)) if p.strip()]
    return next((v for v in map(parse, pieces) if v), None) if len(pieces) > 1 else None


def parse_district(text: Optional[str]) -> Optional[str]:
    """上海长宁区 / 长宁区 / 长宁 → 长宁区 (gazetteer; a listed street gives its district); a place-shaped
    name outside the covered cities (西湖区) is kept as typed; anything else is None."""
    return _by_pieces(_district, text)


def _district(text: str) -> Optional[str]:
    reply = _place_reply(text)
    if reply is None:
        return None
    district = _longest(reply, _all_districts(), V.short_name) or _near(reply, _all_districts(), V.short_name, two=True)
    if district:
        return district
    unlisted = re.match(r"^([\u4e00-\u9fff]{2,4}?(?:区|县|市))(?=[\u4e00-\u9fff]{2,}(?:街道|镇|乡)$)", reply)
    if unlisted and not unlisted.group(1).endswith(_PLACE_NOUNS) and not _NAME_STOPWORDS.search(unlisted.group(1)):
        # 姑苏区平江街道 → 姑苏区; 常宁区新华路街道 → 长宁区 (「我们小区门口那个街道」 names none)
        return _near(unlisted.group(1), _all_districts(), V.short_name, two=True) or unlisted.group(1)
    street = _longest(reply, _all_streets(), _street_stem)
    if street:
        return V.district_of_street(street)
    return reply if _place_shaped(reply, ("区", "县", "市"), 8) else None


def mentioned_district(text: Optional[str]) -> Optional[str]:
    """A listed district named anywhere in a longer message (我们是长宁区新华路的合唱团 → 长宁区); no guessing
    by shape or typo: an opening message is only mined for what it says plainly."""
    message = normalize_reply(text)
    return _longest(message, _all_districts(), V.short_name) if message else None


def mentioned_street(text: Optional[str]) -> Optional[str]:
    """A listed 街道/镇 named anywhere in a longer message (stems of 3+ characters only: 新华路, not 新华); else
    one the gazetteer does not list, said whole with its 街道/镇 between the message's other words
    (「给塘下镇的一个队伍办下备案」「我是鹿城区松台街道的」)."""
    message = normalize_reply(text)
    listed = _longest(message, _all_streets(), _street_stem, min_len=3) if message else None
    if listed or not message:
        return listed
    for token in re.split(r"[^\u4e00-\u9fff]+|给|帮|我是|是|在|的|这边|那边|有个|有一个|想|要", message):
        name = _without_known_places(token) if token.endswith(("街道", "镇")) else ""
        if _place_shaped(name, ("街道", "镇"), 8) and len(_street_stem(name)) >= 2:
            return name
    return None


def _without_known_places(reply: str) -> str:
    """The reply without the covered cities and their districts (北京朝阳区三里屯 → 三里屯)."""
    names = sorted({*_all_districts(), *map(V.short_name, _all_districts()), *V.region_words()}, key=len,
                   reverse=True)
    for name in names:
        if len(name) >= 2 and not name.endswith(("街道", "镇", "乡")):
            reply = reply.replace(name, "")
    return re.sub(r"^[市区县]?的?", "", reply)


def parse_street(text: Optional[str]) -> Optional[str]:
    """天山路街道 / 天山路 → 天山路街道 when the gazetteer lists it; a name ending in 街道/镇/乡 is kept as
    typed, a bare name of 2–5 characters gets 街道; anything else is None."""
    return _by_pieces(_street, text)


def _street(text: str) -> Optional[str]:
    reply = _place_reply(text)
    if reply is None:
        return None
    street = _longest(reply, _all_streets(), _street_stem) or _near(reply, _all_streets(), _street_stem)
    if street:
        return street
    reply = _without_known_places(reply)
    street = _stem_prefix(reply)  # 仙霞 → 仙霞新村街道
    if street:
        return street
    reply = re.sub(r"^.{1,6}?(?:区|县|市)(?=.{2,})", "", reply) if not reply.endswith(_PLACE_NOUNS) else reply
    if _place_shaped(reply, ("街道", "镇", "乡"), 12):
        return reply
    if _is_cjk(reply) and 2 <= len(reply) <= 5 and not _NAME_STOPWORDS.search(reply) \
            and not reply.endswith(("区", "县", "市", "街道", *_PLACE_NOUNS)):
        return reply  # a place the gazetteer does not list, kept as typed (街道 or 镇 is not guessed)
    return None


def _stem_prefix(reply: str) -> Optional[str]:
    """The one listed street whose stem starts with a reply of 2+ characters (仙霞 → 仙霞新村街道)."""
    reply = _STREET_SUFFIX_RE.sub("", reply.strip())
    found = {name for name in _all_streets() if len(reply) >= 2 and _street_stem(name).startswith(reply)}
    return found.pop() if len(found) == 1 else None


_SCOPE_UNITS: tuple[tuple[str, str], ...] = (
    # phrases first, then units that merely contain 区/街/镇 (小区 is a community, not a district)
    ("跨街道", "district"), ("跨镇", "district"), ("几个街道", "district"), ("全区", "district"), ("跨区", "district"),
    ("全市", "district"), ("整个区", "district"), ("外区", "district"), ("别的区", "district"), ("其他区", "district"),
    ("好几个区", "district"), ("跨居委", "street"), ("几个小区", "street"), ("几个居委", "street"),
    ("整个街道", "street"), ("全街道", "street"), ("本居委", "community"), ("本小区", "community"),
    ("本社区", "community"), *((noun, "community") for noun in _PLACE_NOUNS), ("楼组", "community"),
    ("居委", "community"), ("村里", "community"), ("楼里", "community"), ("楼下", "community"),
)
_SCOPE_TAIL: tuple[tuple[str, str], ...] = (("区里", "district"), ("街道", "street"), ("镇", "street"),
                                              ("村", "community"), ("楼", "community"))
_SCOPE_RANK = {"community": 0, "street": 1, "district": 2}


def _scope_units() -> list[tuple[str, str]]:
    """Fixed phrases, then the gazetteer's streets (street) and districts (larger), then single words."""
    streets = [(s, "street") for s in _all_streets()]
    districts = [(d, "district") for d in _all_districts()]
    return [*_SCOPE_UNITS, *streets, *districts, *_SCOPE_TAIL]


def parse_scope(text: Optional[str]) -> Optional[str]:
    """community / street / district from words matched as whole units: each matched unit is blanked
    before shorter words are tried, so 小区里 never counts as 区里. The widest scope named wins."""
    reply = normalize_reply(text)
    if not reply or too_long(reply):
        return None
    whole = re.search(r"(?:整个|全)[\u4e00-\u9fff]{1,4}?[区县市]", reply)  # 「整个西湖区都有人来」, not 「全小区」
    found: list[str] = ["district"] if whole and not whole.group(0).endswith(_PLACE_NOUNS) else []
    for word, scope in _scope_units():
        if word in reply:
            found.append(scope)
            reply = reply.replace(word, "□" * len(word))
    return max(found, key=_SCOPE_RANK.__getitem__) if found else None
