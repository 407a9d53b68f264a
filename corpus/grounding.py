"""Grounding checks: every fact a text states must stand in a clause it cites (as far as a machine can check).

One checker for the 百问百答 compendium (training/grounding.py) and for every policy sentence the
guided flows show (knowledge/flows/, knowledge/rules/support.yml, checked in tests/actions). Pure Python
3.10 (stdlib + PyYAML + the corpus package): the action server's tests run it in the Rasa environment.

A statement is one of:
- policy: rests on clause ids; its numbers, dates, quoted names, offices and modal words must be in them,
  a hedge of the clause (鼓励/研究/探索/可以…) must stay a hedge, an expired source needs its note;
- silent (``silent=True``): says the documents do not say something and names an office the region's
  documents name; it may cite the clauses it is silent about, and states no fact of its own;
- plain (``check_plain``): rests on no clause — a flow's words about itself, or the honest answer for a
  place outside the corpus (which names every place the documents cover); no fact, office or promise.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional, Sequence

import yaml

from corpus.citations import answer_expiry_note, sentences
from corpus.clauses import Clause
from corpus.documents import DEFAULT_KNOWLEDGE_DIR, Document
from corpus.text import CN_COUNT, DIGITS, char_bigrams, compact

_QUOTED = re.compile(r"“([^”]+)”|《([^》]+)》|「([^」]+)」")
# Modal words that turn a hedge into a duty or a promise: allowed only where a cited clause uses them.
PROMISES = re.compile(
    r"必须|一定|保证|承诺|应当|有权|可以申请|可申请|能申请|可享受|能享受|负责跟进|跟进|将会|"
    r"(?<![社协委合金大议机事年])会(?=[用给帮在为把将提尽及主上电短回核审办安通联跟])")
# Words that keep a statement a hedge (the clause's 鼓励/研究/探索/力争/建议/可以 or a plain "whether").
HEDGES = re.compile(r"鼓励|(?<!调查)(?<!理论)研究|探索|力争|建议|尝试|可以|可|有条件|具备条件|视情|是否|不一定|决定")
SILENT_WORDS = ("没有", "未", "不在")
# Amounts written in Chinese numerals (三千元, 五万元): DIGITS and CN_COUNT see neither.
CN_AMOUNT = re.compile(r"[一二三四五六七八九十两百千万]+元")


class Problem(str):
    """One problem, as the developer message tests and logs read (the str), with ``zh``: the same
    problem in Chinese, saying how to fix it, for staff writing an entry in the console."""

    zh: str

    def __new__(cls, message: str, zh: str) -> "Problem":
        obj = super().__new__(cls, message)
        obj.zh = zh
        return obj


@lru_cache(maxsize=4)
def load_regions(knowledge_dir: Optional[Path] = None) -> dict:
    """knowledge/flows/regions.yml: the flows' regions and the office names the documents use."""
    path = Path(knowledge_dir or DEFAULT_KNOWLEDGE_DIR) / "flows" / "regions.yml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def office_groups(knowledge_dir: Optional[Path] = None) -> tuple[tuple[str, ...], ...]:
    """Every office name the checker knows, as synonym groups (街道（镇）= 街（镇）= 街镇)."""
    return tuple(tuple(g) if isinstance(g, list) else (g,) for g in load_regions(knowledge_dir)["offices"])


def doc_region(doc: Document) -> str:
    """The region tag a statement uses for a document: its district (长宁) if any, else its city."""
    return doc.district.removesuffix("区") if doc.district else doc.region_key


def answer_facts(answer: str) -> list[str]:
    """Named programmes and systems (“…”《…》「…」), numbers and counted quantities a text asserts."""
    text = unicodedata.normalize("NFKC", answer)
    quoted = [a or b or c for a, b, c in _QUOTED.findall(answer)]
    return quoted + DIGITS.findall(text) + CN_COUNT.findall(text) + CN_AMOUNT.findall(text)


def expiry_note(doc: Document) -> Optional[str]:
    """The note a sentence resting on a document with a stated end date carries beside it."""
    return answer_expiry_note(doc) if doc.valid_until else None


def strip_notes(text: str, docs: Iterable[Document]) -> str:
    """The text without expiry notes."""
    for doc in docs:
        note = expiry_note(doc)
        if note:
            text = text.replace(note, "")
    return text.strip()


def _offices_in(text: str, offices: Iterable[Sequence[str]]) -> list[tuple[str, ...]]:
    """Office names in the text as synonym groups (街道（镇）= 街（镇）), longest name first, each span
    counted once (区委社会工委区民政局 is not also 区民政局)."""
    groups = [tuple(g) for g in offices]
    found: list[tuple[str, ...]] = []
    for name, group in sorted(((n, g) for g in groups for n in g), key=lambda ng: len(ng[0]), reverse=True):
        if name in text:
            found += [group] if group not in found else []
            text = text.replace(name, "□")
    return found


def _named(group: tuple[str, ...], source: str) -> bool:
    return any(compact(name) in source for name in group)


def _unhedged(statement: str, clause_text: str) -> list[str]:
    """Sentences of a statement without any hedge word that restate the hedged part of a clause sentence
    (from its first 鼓励/研究/可以… to its end) more closely than anything unhedged."""
    if HEDGES.search(statement):
        return []
    spans = []
    for sent in sentences(clause_text):
        hedge = HEDGES.search(sent)
        spans.append((sent[:hedge.start()] if hedge else sent, sent[hedge.start():] if hedge else ""))
    out = []
    for sent in sentences(statement):
        grams = char_bigrams(sent)
        if len(grams) < 6:
            continue
        plain = max((len(grams & char_bigrams(p)) for p, _h in spans), default=0)
        hedged = max((len(grams & char_bigrams(h)) for _p, h in spans if h), default=0)
        if hedged / len(grams) >= 0.5 and hedged > plain:
            out.append(sent)
    return out


def check_statement(sid: str, text: str, clause_ids: Iterable[str], clauses: dict[str, Clause],
                    docs: dict[str, Document], *, regions: Optional[Iterable[str]] = None,
                    within: Optional[Iterable[str]] = None, silent: bool = False,
                    offices: Iterable[Sequence[str]] = (), office_docs: Iterable[str] = ()) -> list[str]:
    """Problems with one statement (empty list: grounded). Messages are for developers.

    regions: the statement's region tags must equal its documents' (the compendium); within: its
    documents' regions must lie inside these (a flow's text for one region). offices: every office
    word the checker knows (synonym groups); an office a statement names must be in its cited clauses, or for a silent
    statement in the documents ``office_docs`` (the region's), of which it must name at least one.
    """
    clause_ids = tuple(clause_ids)
    missing = [c for c in clause_ids if c not in clauses]
    if missing or not (clause_ids or silent):
        return [Problem(f"{sid}: unknown or no clause ids {missing}",
                        f"条款编号不存在：{'、'.join(missing)}。请从命中测试的结果中选择条款编号。" if missing
                        else "没有引用任何条款：请至少选择一个答案所依据的条款。")]
    cited = {clauses[c].doc_id: docs[clauses[c].doc_id] for c in clause_ids}
    problems: list[str] = []
    cited_regions = {doc_region(d) for d in cited.values()}
    if regions is not None and set(regions) != cited_regions:
        problems.append(Problem(f"{sid}: regions {sorted(regions)} != documents' {sorted(cited_regions)}",
                                f"地区不一致：条目标注为{'、'.join(sorted(regions)) or '（空）'}，所引条款出自"
                                f"{'、'.join(sorted(cited_regions))}的文件。请把地区改为{'、'.join(sorted(cited_regions))}，"
                                "或改引本地区文件的条款。"))
    if within is not None and not cited_regions <= set(within):
        problems.append(f"{sid}: cites documents of {sorted(cited_regions - set(within))}, outside {sorted(within)}")
    body = text
    for doc in cited.values():
        note = expiry_note(doc)
        if note and note not in body:
            problems.append(Problem(f"{sid}: cites {doc.id} (valid until {doc.valid_until}) without {note}",
                                    f"所引文件《{doc.title}》有效期至{doc.valid_until}，答案必须注明：{note}"))
        body = body.replace(note, "") if note else body
    source = "".join(clauses[c].text for c in clause_ids)
    corpus = compact(source)
    problems += [Problem(f"{sid}: {fact!r} not in its cited clauses",
                         f"答案中的“{fact}”在所引条款中找不到（数字、金额、日期、分数和带引号的名称都必须出自条款原文）。"
                         "请删去它，或引用写明它的条款。")
                 for fact in answer_facts(body) if compact(fact) not in corpus]
    problems += [Problem(f"{sid}: {word!r} (a duty or promise) not in its cited clauses",
                         f"答案中的“{word}”是条款没有作出的要求或承诺，请改用条款原话（如“鼓励”“可以”）。")
                 for word in dict.fromkeys(m.group(0) for m in PROMISES.finditer(body)) if word not in corpus]
    if clause_ids:
        problems += [Problem(f"{sid}: drops the hedge of its clause: {s!r}",
                             f"“{s}”把条款中的“鼓励/探索/可以”说成了确定的规定，请保留条款的原有措辞。")
                     for s in _unhedged(body, source)]
    named = _offices_in(body, offices)
    if silent:
        region_text = compact("".join(c.text for c in clauses.values() if c.doc_id in set(office_docs)))
        if not any(w in text for w in SILENT_WORDS):
            problems.append(Problem(f"{sid}: silent statement does not say what the documents leave out",
                                    "“文件未规定”类答案要写明文件没有规定什么，如“文件没有写具体金额”。"))
        if not any(_named(g, region_text) for g in named):
            problems.append(Problem(f"{sid}: silent statement names no office of its region's documents",
                                    "“文件未规定”类答案要写明可以咨询的部门（本地区文件中出现的部门，如“街道（镇）”“区民政局”）。"))
        problems += [Problem(f"{sid}: office {g[0]!r} is not named in the region's documents",
                             f"“{g[0]}”没有出现在本地区的文件中，请改为文件中出现的部门。")
                     for g in named if not (_named(g, region_text) or _named(g, corpus))]
    else:
        problems += [Problem(f"{sid}: office {g[0]!r} not in its cited clauses",
                             f"答案提到的“{g[0]}”不在所引条款中，请删去或引用提到它的条款。")
                     for g in named if not _named(g, corpus)]
    return problems


def check_plain(sid: str, text: str, *, offices: Iterable[Sequence[str]] = (),
                covered: Iterable[str] = ()) -> list[str]:
    """Problems with a text that rests on no clause: a flow's words about itself (no office), or, given
    ``covered``, a place outside the corpus (must name every covered place). Neither may state a fact
    (number, quoted name) or make a promise."""
    problems = [f"{sid}: {fact!r} stated without a clause" for fact in answer_facts(text)]
    problems += [f"{sid}: {m.group(0)!r} (a duty or promise) without a clause" for m in PROMISES.finditer(text)]
    covered = tuple(covered)
    if covered:
        problems += [f"{sid}: does not name {place}, which the documents cover" for place in covered
                     if place not in text]
    else:
        problems += [f"{sid}: names office {g[0]!r} without a clause" for g in _offices_in(text, offices)]
    return problems
