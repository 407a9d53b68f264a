"""A clause named by where it stands relative to the one just cited: 「下一条呢」「上一条」「最后一条呢」
「最后一项讲啥」「最后一部分」「备注那段说了啥」, and the way numbers of clauses are written.

Pure functions over clause ids: a clause's parent is its id without the last segment, its siblings share the
parent (front matter — 印发通知, 序言, 施行 — is no sibling: 「上一条」 after 第一条 is no clause), its items
are the clauses whose parent it is, all in document order. answering/followup.py decides when a turn is
such a reference; this module finds the clause.
"""
from __future__ import annotations

import re
from collections import Counter

from answering.answerability import is_front_matter
from corpus.clauses import Clause
from corpus.text import cn_numeral, compact, fold_width
from retrieval.candidates import is_named, specific, title_names
from retrieval.ranking import Hit

_CN = "零一二三四五六七八九十"
# 「下一条」「后一项」「上一部分」「前一个阶段」「最后一条」「最后那项」: the unit says nothing more than 条/项 here.
# Also 「后面那条」「下一个行动呢」「末项」「最末尾那条」「表格最底下那行」.
# (上面/前面 is the message above, 下一个问题 the next question: neither names a clause)
RELATIVE = re.compile(r"(?:(?P<step>下|后|上|前)(?:一|(?<=[下后])(?:面|边)那?)(?:个)?(?:条|(?:[\u4e00-\u9fff]{2}(?=项))?项(?!目)|点|"
                      r"部分|段|阶段|(?<=[一那])行|(?<=一个)(?:行动|任务|措施|举措|环节|步骤|重点|领域)|(?<=一个)(?=[呢吧嘞]?[？?]*$))(?!说的|讲的)|"
                      r"(?P<last>最后|最末尾?|末尾|最底下|(?<![\u4e00-\u9fff])末)(?:一|那)?(?:个)?"
                      r"(?P<unit>条|(?:[\u4e00-\u9fff]{2}(?=项))?项(?!目)|点|部分|段|阶段|(?<=[一那])行|"
                      r"(?<=个)(?:行动|任务|措施|举措|环节|步骤|重点|领域)))"
                      r"(?!回答|回复|消息|信息|微信|你说)")  # 「上一条回答没看懂」 is the last reply
# 「备注那段」「附件那部分」: a heading of two or three characters, named with the word for a part of the text
# (longer headings are named without it: _titled_clause below).
_SHORT_TITLED = re.compile(r"([\u4e00-\u9fff]{2,3}?)(?:(?:那|这)(?:一)?(?:段|项|部分|块|条|点|里)|(?:里|中|上)?(?:写|说|讲)(?:的|了))")
_LABEL = re.compile(r"(?<![第\d一二三四五六七八九十])([一二三四五六七八九十]+)[、.]?\s*[（(]([一二三四五六七八九十]+)[）)]\s*(\d+)?\.?"
                    r"(?![班级组栋楼室号年届期])")  # 「三（二）班」 is a class, not a clause
CLAUSE_REF = re.compile(r"第([一二三四五六七八九十百]+|\d+)(条|部分|点|个|项|块(?=[呢吧嘞？?]*$|里|中|的|展开|说|讲|写|是|内容|具体)|阶段)")
# (块 is also a measure word: 「第二块牌子」「第一块钱」 name no part)
_BRACKETED = re.compile(r"第[（(]([一二三四五六七八九十]+|\d+)[）)]")
# 「（二）那条呢」「(三)讲啥」: an item named by its bracketed number alone
_BARE_BRACKETED = re.compile(r"^(?:那|看)?[（(]([一二三四五六七八九十]+)[）)](?=那|这|条|项|点|呢|说|讲|写|是|里)")


_ARABIC = {cn_numeral(n): str(n) for n in range(1, 100)}  # 十七 → 17
NOTES = frozenset(("备注", "说明", "注", "附注"))  # a table's notes: not one of its items


def parent_of(clause_id: str) -> str:
    return clause_id.rsplit("/", 1)[0]


def items(parent: str, clauses: dict[str, Clause]) -> list[Clause]:
    """The clauses directly under ``parent`` (a clause id, or a document id for its top level), in order."""
    return sorted((c for c in clauses.values() if parent_of(c.id) == parent and not is_front_matter(c)),
                  key=lambda c: c.order)


def unfolds(joined: list[Hit], lead: Hit) -> bool:
    """Whether the joined reading leads with an outline clause of which ``lead`` is a part: the outline only
    names the topic the turn asks about; the part says it."""
    return bool(joined) and joined[0].clause.is_outline() and lead.clause.id.startswith(f"{joined[0].clause.id}/")


def part_titled(outline: Clause, terms: list[str], clauses: dict[str, Clause]) -> Clause | None:
    """The one part of an outline clause whose title holds every term (「那人才呢」 and 3.加强人才队伍建设)."""
    if not outline.is_outline() or not terms:
        return None
    named = [c for c in items(outline.id, clauses) if all(t in compact(c.title) for t in terms)]
    return named[0] if len(named) == 1 else None


_THIS_PART = re.compile(r"这(?:一|个)?(?:部分|块|节|章|大项|大条)|本(?:部分|节|章)")


def relative_clause(question: str, cited: str, clauses: dict[str, Clause]) -> Clause | None:
    """The clause 「下一条/上一条/最后一条」 points to from the cited one: a sibling; for 最后一条/一部分 the document's
    last part; for 最后一项/一点 the cited clause's last item if it has items (「完善参与机制有几项」「最后一项讲啥」),
    else its last sibling."""
    m = RELATIVE.search(question)
    if not m or cited not in clauses:
        return None
    if m.group("last") and _THIS_PART.search(question):  # 「这部分最后一条呢」: the last of the cited clause's part
        return (items(parent_of(cited), clauses) or [None])[-1]
    if m.group("last"):
        top_level = items(clauses[cited].doc_id, clauses) if m.group("unit") in ("条", "部分") else []
        listed = top_level or [c for c in items(cited, clauses) or items(parent_of(cited), clauses)
                               if c.title not in NOTES]  # the last scored item of a table, not its 备注
        return (listed or [None])[-1]
    siblings = items(parent_of(cited), clauses)
    at = next((i for i, c in enumerate(siblings) if c.id == cited), None)
    step = 1 if m.group("step") in "下后" else -1
    if at is not None and 0 <= at + step < len(siblings):
        return siblings[at + step]
    tail = cited.rsplit("/", 1)[-1]  # 7. of 长宁's 实施意见, first under its heading: 6. under the heading before
    return numbered_through(clauses[cited].doc_id, str(int(tail) + step), clauses) if tail.isdigit() else None


def short_titled(question: str, doc_id: str, cited: tuple[str, ...], clauses: dict[str, Clause]) -> Clause | None:
    """The one clause of the document whose two- or three-character heading the turn names as a part of the
    text (「备注那段说了啥」), other than the clauses just cited."""
    names = {m.group(1)[i:] for m in _SHORT_TITLED.finditer(question) for i in range(len(m.group(1)) - 1)}  # 「那个备注写的啥」
    named = [c for c in clauses.values() if c.doc_id == doc_id and c.id not in cited and c.title in names]
    return named[0] if len(named) == 1 else None


def cn_number(text: str) -> str:
    """Arabic numerals as the documents write them (7 → 七, 12 → 十二)."""
    return cn_numeral(int(text)) if text.isdigit() and int(text) < 100 else text


def arabic(ref: str) -> str:
    """七 → 7: the third level of a clause id numbers its items 1, 2, 3."""
    return str(_CN.index(ref)) if ref in _CN else ref


def child(parent: str, ref: str, clauses: dict[str, Clause]) -> Clause | None:
    """Item ``ref`` (一, 二 … as written) under ``parent``: （二） or 2."""
    return clauses.get(f"{parent}/（{ref}）") or clauses.get(f"{parent}/{arabic(ref)}")


def numbered_through(doc_id: str, ref: str, clauses: dict[str, Clause]) -> Clause | None:
    """第17条 of a document that numbers its items 1–18 through all its parts (长宁's 实施意见: 四、（七）17.): the clause
    whose id ends in that number, when the document's numbered items run 1, 2 … N once each (温州's restart under
    each heading: no 第四条 there)."""
    items = [(c.id.rsplit("/", 1)[-1], c) for c in clauses.values() if c.doc_id == doc_id]
    numbered = [(tail, c) for tail, c in items if tail.isdigit()]
    through = sorted(int(tail) for tail, _c in numbered) == list(range(1, len(numbered) + 1))
    return dict(numbered).get(_ARABIC.get(ref, ref)) if through else None


def nth_item(cited: str, ref: str, clauses: dict[str, Clause]) -> Clause | None:
    """第N项/点/阶段 read from the cited clause: its own Nth item; after a clause without items, its Nth sibling
    (「第一阶段干啥」→「那第三阶段呢」); after a clause whose list sits one level down (「五项主要任务是哪些」 cites
    the heading above （二） 1–5), the one such list that has an Nth item; else its Nth item in order (its items
    numbered through the document: 「第二点」 after 四、（四） 11.–13. is 12.)."""
    own = child(cited, ref, clauses)
    if own:
        return own
    below = items(cited, clauses)
    if not below:
        return child(parent_of(cited), ref, clauses)
    deeper = [found for c in below if (found := child(c.id, ref, clauses))]
    if len(deeper) == 1:
        return deeper[0]
    at = int(arabic(ref)) if arabic(ref).isdigit() else 0  # 「第二点」 after 四、（四） whose items are 11.–13.: 12.
    return below[at - 1] if not deeper and 0 < at <= len(below) else None


def spelled_refs(question: str) -> str:
    """「四（一）2」 → 「第四部分第一项第2点」, 「第（一）项」 → 「第一项」: one way of writing a clause number."""
    question = _BRACKETED.sub(r"第\1", question)
    return _LABEL.sub(lambda m: f"第{m.group(1)}部分第{m.group(2)}项" + (f"第{m.group(3)}点" if m.group(3) else ""),
                      question)


def find_clause(ref: str, unit: str, doc_id: str | None, cited: str | None, clauses: dict[str, Clause]) -> Clause | None:
    """第七条 → the clause labelled 第七条 of the cited document; where a document numbers its parts
    一、/（一）instead, 第四条/第四点 is the 4th item under the last cited clause, else the heading 四、."""
    in_doc = [c for c in clauses.values() if c.doc_id == doc_id]
    exact = next((c for c in in_doc if unit == "条" and c.label == f"第{ref}条"), None)
    if exact:
        return exact
    part = next((c for c in in_doc if c.label == f"{ref}、"), None)
    if unit == "部分":  # 第五部分 is the document's heading 五、, whatever was cited last
        return part
    parent = cited
    if parent in clauses and unit in ("项", "点") and not items(parent, clauses) and \
            re.search(rf"(?<![0-9]){arabic(ref)}[.．、]", clauses[parent].text):
        return clauses[parent]  # 「第三点呢」 after 温州's 枢纽作用 (评分要点：1.…2.…3.…): a point inside the clause just cited
    own = nth_item(parent, ref, clauses) if parent and unit in ("项", "点", "个", "块", "阶段") else \
        child(parent, ref, clauses) if parent else None
    if unit == "阶段":  # a document without stages has no 第二阶段, whatever its 二、
        return own if own and "阶段" in own.title else None
    through = numbered_through(doc_id, ref, clauses) if doc_id and unit in ("条", "项", "点") else None
    return own or part or through


def numbered_clause(question: str, doc_id: str | None, cited: str | None, clauses: dict[str, Clause]) -> Clause | None:
    """The clause the question's number points to in document ``doc_id`` (``cited``: its clause just cited); a number written right after
    it is an item inside it (「第二部分第三点」 is （三） under 二、), one after 和/与 is not (「第二点和第三点」)."""
    refs = list(CLAUSE_REF.finditer(question))
    clause = find_clause(cn_number(refs[0].group(1)), refs[0].group(2), doc_id, cited, clauses) if refs else None
    for before, ref in zip(refs, refs[1:]):
        if clause is None or question[before.end():ref.start()] not in ("", "的", "里", "里的", "中", "中的"):
            break
        clause = child(clause.id, cn_number(ref.group(1)), clauses)  # no such item: not the heading instead
    return clause


def bracketed_item(question: str, cited: str, clauses: dict[str, Clause]) -> Clause | None:
    """「（二）那条呢」: the clause numbered （二） nearest the one just cited (an item of it, a sibling of it or of one
    of its parents); never the heading 二、, and nothing where no such clause is there."""
    m = _BARE_BRACKETED.search(question)
    if m and f"{cited}/（{m.group(1)}）" in clauses:  # 「（三）呢」 after 保障措施: its own item （三）
        return clauses[f"{cited}/（{m.group(1)}）"]
    node = cited
    while m and "/" in node:
        node = parent_of(node)
        found = clauses.get(f"{node}/（{m.group(1)}）")
        if found is not None:
            return found
    return None


def _titled_clause(question: str, doc_id: str, cited: tuple[str, ...], clauses: dict[str, Clause]) -> Clause | None:
    """The clause of the last cited document that the turn names (retrieval.candidates.title_names: its title
    of four characters or more without its bracketed note or leading verb, or a month of its stage), other
    than the clause just cited: one among the cited clause's siblings, else one in the whole document
    (「党建引领呢」 after a scoring item is the scoring item of that name; 「那8月份呢」 after 调研部署阶段)."""
    asked = fold_width(re.sub(r"\s+", "", question))
    named = [c for c in clauses.values() if c.doc_id == doc_id and c.id not in cited
             and any(specific(n) and is_named(n, asked) for n in title_names(c.title))]
    parent = cited[0].rsplit("/", 1)[0] + "/" if cited else None
    siblings = [c for c in named if parent and c.id.startswith(parent) and "/" not in c.id[len(parent):]]
    return next((group[0] for group in (siblings, named) if len(group) == 1), None)


_CJK = re.compile(r"[\u4e00-\u9fff]+")
_POINTED = re.compile(r"[那这]一?(?:项|条|点|部分|块|段)")  # 「附件里组织培育那项」: a part of the text, named
_GRAM = 4  # characters of the question a clause's heading must share to be named by it (资源整合, 组织实施)


def named_in(question: str, doc_id: str, near: str | None, clauses: dict[str, Clause]) -> Clause | None:
    """The clause of ``doc_id`` the question names by a piece of its heading that no other heading of the document
    has (「五社联动的联动路径里资源整合怎么联动」: 在资源整合上实现联动; 「重点领域第一个社区服务供给」: 社区服务供给领域
    under 重点领域), the deepest where a heading and one of its items are both named; None if that is not one.
    A clause under, above or beside ``near`` is named by one such piece; one elsewhere only in a question that counts
    within it or points at a part (「重点领域第一个社区服务供给」「附件里组织培育那项」 after an answer on another part),
    by the heading whole or two pieces:
    「温州的组织培育怎么搞」 answered from 二、（一） does not name the scoring table's 组织培育."""
    asked = compact(fold_width(question))
    grams = {asked[i:i + _GRAM] for i in range(len(asked) - _GRAM + 1)}
    heads = {c.id: compact(c.title) for c in clauses.values() if c.doc_id == doc_id and not is_front_matter(c)}
    unique = [g for g in grams if _CJK.fullmatch(g) and sum(g in t for t in heads.values()) == 1]
    support = Counter(cid for g in unique for cid, t in heads.items() if g in t)
    counts = bool(CLAUSE_REF.search(spelled_refs(question)) or _POINTED.search(question))  # 「…的第二项」「组织培育那项」
    named = {cid for cid, n in support.items() if _close(cid, near, doc_id) or counts and (n >= 2 or heads[cid] in asked)}
    deepest = [cid for cid in named if not any(o.startswith(cid + "/") for o in named)]
    return clauses[deepest[0]] if len(deepest) == 1 else None


def _close(clause_id: str, near: str | None, doc_id: str) -> bool:
    """Under ``near``, above it, or beside it where it is no top-level part (whose neighbours are the whole document)."""
    return bool(near) and (clause_id.startswith(f"{near}/") or near.startswith(f"{clause_id}/") or
                           parent_of(near) != doc_id and parent_of(clause_id) == parent_of(near))


def anchor(question: str, doc_id: str, cited: str | None, clauses: dict[str, Clause]) -> str | None:
    """The clause a question was about within its cited document: the one it names by number (「第9点政府购买服务」)
    or by heading, read from the clause it names (「突出参与重点的第二项」), else the clause cited. 「下一条」「第三个呢」
    after it count from there, not from the outline or neighbour the answer quoted."""
    named = named_in(question, doc_id, cited, clauses)
    numbered = spelled_refs(question)
    ref = CLAUSE_REF.search(numbered)
    base = named.id if named else cited
    counted = numbered_clause(numbered, doc_id, base, clauses) if ref else None
    if counted and base and ref.group(2) not in ("条", "部分") and not (
            counted.id.startswith(f"{base}/") or parent_of(counted.id) == parent_of(base)):
        counted = None  # 「评分表第一项实体运作」: an item near the heading named or the clause cited, not the part 一、
    return (counted or named).id if (counted or named) else cited


def within(question: str, clause: Clause, clauses: dict[str, Clause]) -> Clause:
    """The item of ``clause`` the question names by its heading (「第一块里的分类管理」: 分类管理 under 二、（一）), else
    the clause itself."""
    named = named_in(question, clause.doc_id, clause.id, clauses)
    return named if named and named.id.startswith(f"{clause.id}/") else clause


def positioned_clause(question: str, doc_id: str, cited: tuple[str, ...], clauses: dict[str, Clause]) -> Clause | None:
    """A clause of the last cited document named by its place (「下一条呢」「最后一项讲啥」) or its heading."""
    last = cited[0] if cited else ""
    return (relative_clause(question, last, clauses) or bracketed_item(question, last, clauses)
            or _titled_clause(question, doc_id, cited, clauses) or short_titled(question, doc_id, cited, clauses))
