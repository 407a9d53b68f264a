"""Direct answers: the one or two sentences of a clause that answer the question, in its own words.

Sentences are scored by the question's content words they contain (longer words weigh more); the
best one leads, with its neighbour when that continues it. 「哪些/什么条件/几项」 questions get the
clause's enumeration (一是…二是…, （一）…（二）…, or a list joined by 、) instead. Nothing is rewritten:
the lead is a run of the clause's sentences, so every figure in it is in the cited clause.
"""
from __future__ import annotations

import re

from corpus.citations import sentences
from corpus.clauses import Clause

LIST_ASK = re.compile(r"哪些|哪几|什么条件|几项|几类|几种|几个(方面|层级|类)|包括(什么|哪)|分为|分成|都有啥|有啥|"
                      r"有什么(要求|条件|措施|内容|任务|渠道|方式|标准)|列举")
_ITEM = re.compile(r"^(（[一二三四五六七八九十]+）|[一二三四五六七八九十]+是|\d+[.．、])")
_HEADING_ONLY = 14  # a sentence this short ending in 。 is usually a bold heading, not an answer


def _score(sentence: str, terms: list[str]) -> float:
    return sum(len(t) for t in set(terms) if len(t) > 1 and t in sentence)


def _enumeration(sents: list[str], limit: int) -> list[int] | None:
    """Indices of the enumerated items (一是/（一）/1.) or of the sentence with the longest 、-list."""
    items = [i for i, s in enumerate(sents) if _ITEM.match(s)]
    if len(items) >= 2:
        start = max(items[0] - 1, 0) if items[0] and not _ITEM.match(sents[items[0] - 1]) else items[0]
        keep, size = [], 0
        for i in range(start, len(sents)):
            if size + len(sents[i]) > limit and keep:
                break
            keep.append(i)
            size += len(sents[i])
        return keep
    listed = max(range(len(sents)), key=lambda i: sents[i].count("、"), default=None)
    return [listed] if listed is not None and sents[listed].count("、") >= 2 else None


def lead(question: str, clause: Clause, terms: list[str], limit: int = 160) -> str:
    """The sentences that answer the question, in clause order; "……" marks what was left out."""
    sents = sentences(clause.text)
    if not sents:
        return clause.text
    keep = _enumeration(sents, max(limit, 300)) if LIST_ASK.search(question) else None
    if not keep:
        best = max(range(len(sents)), key=lambda i: (_score(sents[i], terms), len(sents[i]) > _HEADING_ONLY, -i))
        keep = [best]
        nxt = best + 1
        if nxt < len(sents) and (len(sents[best]) <= _HEADING_ONLY or _score(sents[nxt], terms) > 0) \
                and len(sents[best]) + len(sents[nxt]) <= limit:
            keep.append(nxt)
    text = "".join(sents[i] for i in keep)
    if len(text) > max(limit, 300):
        text = text[:max(limit, 300)].rstrip() + "……"
    prefix = "" if keep[0] == 0 else "……"
    suffix = "" if keep[-1] == len(sents) - 1 or text.endswith("……") else "……"
    return prefix + text + suffix
