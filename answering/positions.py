"""A clause named by where it stands relative to the one just cited: 「下一条呢」「上一条」「最后一条呢」
「最后一项讲啥」「最后一部分」「备注那段说了啥」, and the way numbers of clauses are written.

Pure functions over clause ids: a clause's parent is its id without the last segment, its siblings share the
parent (front matter — 印发通知, 序言, 施行 — is no sibling: 「上一条」 after 第一条 is no clause), its items
are the clauses whose parent it is, all in document order. answering/followup.py decides when a turn is
such a reference; this module finds the clause.
"""
from __future__ import annotations

import re

from answering.answerability import is_front_matter
from corpus.clauses import Clause
from corpus.text import cn_numeral

_CN = "零一二三四五六七八九十"
# 「下一条」「后一项」「上一部分」「前一个阶段」「最后一条」「最后那项」: the unit says nothing more than 条/项 here.
RELATIVE = re.compile(r"(?:(?P<step>下|后|上|前)一(?:个)?(?:条|(?:[\u4e00-\u9fff]{2}(?=项))?项(?!目)|点|部分|段|阶段)|"
                      r"(?P<last>最后|最末|末尾)(?:一|那)?(?:个)?(?P<unit>条|(?:[\u4e00-\u9fff]{2}(?=项))?项(?!目)|点|部分|段|阶段))"
                      r"(?!回答|回复|消息|信息|微信|你说|说的|讲的)")  # 「上一条回答没看懂」 is the last reply
# 「备注那段」「附件那部分」: a heading of two or three characters, named with the word for a part of the text
# (longer headings are named without it: answering/followup._titled_clause).
_SHORT_TITLED = re.compile(r"([\u4e00-\u9fff]{2,3}?)(?:(?:那|这)(?:一)?(?:段|项|部分|块|条|点|里)|(?:里|中|上)?(?:写|说|讲)(?:的|了))")
_LABEL = re.compile(r"(?<![第\d一二三四五六七八九十])([一二三四五六七八九十]+)[、.]?\s*[（(]([一二三四五六七八九十]+)[）)]\s*(\d+)?\.?"
                    r"(?![班级组栋楼室号年届期])")  # 「三（二）班」 is a class, not a clause
_BRACKETED = re.compile(r"第[（(]([一二三四五六七八九十]+|\d+)[）)]")


_ARABIC = {cn_numeral(n): str(n) for n in range(1, 100)}  # 十七 → 17
NOTES = frozenset(("备注", "说明", "注", "附注"))  # a table's notes: not one of its items


def parent_of(clause_id: str) -> str:
    return clause_id.rsplit("/", 1)[0]


def items(parent: str, clauses: dict[str, Clause]) -> list[Clause]:
    """The clauses directly under ``parent`` (a clause id, or a document id for its top level), in order."""
    return sorted((c for c in clauses.values() if parent_of(c.id) == parent and not is_front_matter(c)),
                  key=lambda c: c.order)


def relative_clause(question: str, cited: str, clauses: dict[str, Clause]) -> Clause | None:
    """The clause 「下一条/上一条/最后一条」 points to from the cited one: a sibling; for 最后一条/一部分 the document's
    last part; for 最后一项/一点 the cited clause's last item if it has items (「完善参与机制有几项」「最后一项讲啥」),
    else its last sibling."""
    m = RELATIVE.search(question)
    if not m or cited not in clauses:
        return None
    if m.group("last"):
        top_level = items(clauses[cited].doc_id, clauses) if m.group("unit") in ("条", "部分") else []
        listed = top_level or [c for c in items(cited, clauses) or items(parent_of(cited), clauses)
                               if c.title not in NOTES]  # the last scored item of a table, not its 备注
        return (listed or [None])[-1]
    siblings = items(parent_of(cited), clauses)
    at = next((i for i, c in enumerate(siblings) if c.id == cited), None)
    step = 1 if m.group("step") in "下后" else -1
    if at is None or not 0 <= at + step < len(siblings):
        return None
    return siblings[at + step]


def short_titled(question: str, doc_id: str, cited: tuple[str, ...], clauses: dict[str, Clause]) -> Clause | None:
    """The one clause of the document whose two- or three-character heading the turn names as a part of the
    text (「备注那段说了啥」), other than the clauses just cited."""
    names = {m.group(1) for m in _SHORT_TITLED.finditer(question)}
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
    the heading above （二） 1–5), the one such list that has an Nth item."""
    own = child(cited, ref, clauses)
    if own:
        return own
    below = items(cited, clauses)
    if not below:
        return child(parent_of(cited), ref, clauses)
    deeper = [found for c in below if (found := child(c.id, ref, clauses))]
    return deeper[0] if len(deeper) == 1 else None


def spelled_refs(question: str) -> str:
    """「四（一）2」 → 「第四部分第一项第2点」, 「第（一）项」 → 「第一项」: one way of writing a clause number."""
    question = _BRACKETED.sub(r"第\1", question)
    return _LABEL.sub(lambda m: f"第{m.group(1)}部分第{m.group(2)}项" + (f"第{m.group(3)}点" if m.group(3) else ""),
                      question)
