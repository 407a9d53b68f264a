"""The `ask` pipeline: follow-ups resolved, the 百问百答 compendium first, then ranked clauses that the
answerability model accepts — else a plain refusal naming whom to ask.

`Assistant.ask` is the one entry point the API, the CLI, the benchmarks and the dialogue use.
"""
from __future__ import annotations

import time
from pathlib import Path

from answering import refusal
from answering.answerability import (AnswerabilityModel, QuestionSignals, asks_about_document, features,
                                     is_front_matter)
from answering.compendium import Faq, FaqAnswer, FaqEntry, suggestions
from answering.counterparts import Counterparts
from answering.compose import (compose, compose_clarify, compose_clause, compose_document, compose_faq,
                               front_matter_last, other_district, second_shown, uncovered_place)
from answering.neighbours import Neighbours, asked_cities, details
from answering.novelty import Novelty
from answering.positions import part_titled, unfolds
from answering.followup import Context, FollowUp, names_a_place, names_new_topic, resolve, topic_terms
from answering.turns import ASKS, CHATTER
from answering.regions import leaf_first, region_first, region_of, without_regions
from answering.document_questions import document_question, fact_asked, front_matter_first, named_document
from answering.types import Answer
from corpus.clauses import Clause
from corpus.text import fold_width, join_separable
from corpus.vocabulary import detect_regions
from retrieval.ranking import Hit, Retriever


DOCUMENT_FACTS = ("issuer", "doc_number", "date", "title")  # answered from a document's metadata
KEPT_COVERAGE = 0.75  # share of a short turn's content words a clause of the last cited document must hold
CONTINUES_DETAIL = 10  # characters of a turn asking only a detail of the clause just cited
CONTINUED = 0.65  # answerability enough for a turn read with the last question that keeps to the clause just cited


class Assistant:
    """A Retriever, the compendium matcher sharing its query embedding, and the answerability model."""

    def __init__(self, retriever: Retriever, use_faq: bool = True, cache_dir: Path | None = None,
                 model: AnswerabilityModel | None = None) -> None:
        self.retriever = retriever
        self.docs = retriever.docs
        self.faq = Faq.if_present(retriever.embedder, retriever.knowledge_dir, cache_dir) if use_faq else None
        self.model = model or AnswerabilityModel.load(retriever.knowledge_dir)
        self.novelty = Novelty.of(retriever)
        self.neighbours = Neighbours.of(retriever.embedder, self.model.references, cache_dir)
        self.counterparts = Counterparts(retriever.embedder)

    @classmethod
    def open(cls, index_dir: Path, model: str | None = None, knowledge_dir: Path | None = None,
             cache_dir: Path | None = None, use_faq: bool = True) -> Assistant:
        """Model, index and compendium as the settings name them."""
        return cls(Retriever.open(index_dir, model, knowledge_dir, cache_dir), use_faq, cache_dir)

    @property
    def embedder(self):  # noqa: ANN201
        return self.retriever.embedder

    def ask(self, question: str, region: str | None = None, top_k: int = 5, mode: str = "hybrid",
            use_faq: bool = True, context: Context | None = None) -> Answer:
        """Answer one question; ``context`` is what the previous answer of the conversation left."""
        t0 = time.perf_counter()
        question = join_separable(question)
        follow = resolve(question, region, context, self.docs, self.retriever.all_clauses)
        if follow.kind == "clarify":
            answer = compose_clarify(question, follow.notes)
        elif follow.kind in ("document", "clause", "expand"):
            answer = self._about_previous(question, follow, top_k)
        elif follow.kind == "region" and fact_asked(follow.question) in DOCUMENT_FACTS and \
                asks_about_document(follow.question):  # 「…名字要怎么起」 asks about organisations' names
            lead = self.retriever.rank(follow.question, follow.region)[0]  # 「北京的意见是谁印发的？」「温州呢？」
            answer = self._about_previous(question, FollowUp("document", question, follow.region, doc_id=lead.doc.id,
                                                             about=fact_asked(follow.question)), top_k)
        else:
            answer, follow = self._fresh(question, follow, context, top_k, mode, use_faq and mode == "hybrid")
        answer.context = self._context(answer, follow)
        answer.took_ms = (time.perf_counter() - t0) * 1000
        return answer

    def _fresh(self, question: str, follow: FollowUp, context: Context | None, top_k: int, mode: str,
               faq: bool) -> tuple[Answer, FollowUp]:
        """A question answered from the ranking: the turn as resolved, its own topic when it names one
        (follow.alone), the document just cited (follow.doc_id), or read with the last question."""
        region, last = follow.kind == "region", self._cited(context)
        answer = self._answer(follow.question, follow.region, top_k, mode, faq, only_region=region,
                              doc_first=follow.doc_id if region else None,
                              leaf=region and last is not None and not last.is_outline())
        if region and last is not None:  # 「那北京呢」: is its clause the counterpart of the one cited last?
            answer = self.counterparts.judged(answer, last, lambda: self._answer(context.question, context.region, top_k,
                                                                                 mode, faq).confident)
        if follow.alone:  # 「垃圾分类呢」 after 长宁's 自治共治: a topic of its own, not the last question narrowed
            own = self._answer(follow.alone, follow.region, top_k, mode, faq)
            lead = own.hits[0] if own.confident else next(  # else its best clause in the document just cited
                (h for h in self.retriever.rank(follow.alone, follow.region) if h.doc.id == follow.doc_id), None)
            part = self._part(follow.alone, lead, follow.region) if lead else None
            lead = part or lead
            if lead and (own.confident or lead.doc.id == follow.doc_id) and (  # in the document just cited, named
                    names_new_topic(follow.alone, lead.clause, self._instead(answer, lead, context)) or
                    topic_terms(follow.alone) and unfolds(answer.hits[:1], lead)):
                return (own if own.confident and not part else compose_clause(follow.alone, lead)), FollowUp(
                    "fresh", follow.alone, follow.region)  # word for word
            return self._continued(question, answer, context) or answer, follow
        if follow.doc_id and (kept := self._kept_document(follow, answer)):
            answer = kept
        if follow.read_with_last and not (answer.confident and follow.read_with_last.own_words):
            together, place, own_words = follow.read_with_last  # 「谁来搞满意度测评」 after the 评价机制 answer
            joined = self._answer(together, place, top_k, mode, faq)
            wordless = not refusal.content_terms(without_regions(question))  # 「北京也能这样吗」 asks nothing alone
            if answer.confident and not wordless:  # 「具体有哪些要求」 answered alone: read with the last question if surer
                return (joined, FollowUp("fresh", together, place)) if joined.confident and \
                    (joined.answerability or 0.0) > (answer.answerability or 0.0) else (answer, follow)
            answer = joined if wordless and answer.confident else answer
            if joined.confident and joined.hits and not (
                    own_words and joined.hits[0].clause.id not in {h.clause.id for h in answer.hits}):
                return joined, FollowUp("fresh", together, place)
            if kept := self._continued(question, joined, context):
                return kept, FollowUp("fresh", together, place)
        if follow.kind == "fresh" and context is not None and (kept := self._continued(question, answer, context)):
            return kept, follow  # 「那规模大点但没登记的呢」, resolved with the last place: the clause just cited
        return (self._detail_of_last(question, answer, context) or answer), follow

    def _detail_of_last(self, turn: str, answer: Answer, context: Context | None) -> Answer | None:
        """「收费不」「配几个」「要到啥时候完成」, not answered on their own: the clause just cited, when it gives what the
        turn asks (refusal.asks_what_it_gives) and the turn names no place and at most one word of its own."""
        cited = self._cited(context)
        if answer.confident or cited is None or is_front_matter(cited) or len(turn) > CONTINUES_DETAIL or \
                names_a_place(turn) or len(topic_terms(turn)) > 1 or not refusal.asks_what_it_gives(turn, cited.text):
            return None
        return compose_clause(turn, Hit(cited, self.docs[cited.doc_id], 1.0, 0.0, 0.0))

    def _instead(self, answer: Answer, lead: Hit, context: Context | None) -> Clause | None:
        """The clause a turn is answered by if it names no topic of its own: the joined reading's, or, when that
        is the turn's own clause too (「专项资金呢」 after 北京's 原则), the clause cited last."""
        if answer.hits and answer.hits[0].clause.id != lead.clause.id:
            return answer.hits[0].clause
        return self._cited(context)

    def _cited(self, context: Context | None) -> Clause | None:
        """The clause the last answer cited first, if the conversation has one."""
        return self.retriever.all_clauses.get(context.clause_ids[0]) if context and context.clause_ids else None

    def _part(self, turn: str, hit: Hit, region: str | None) -> Hit | None:
        """For an outline clause (「包括：1.…；3.加强人才队伍建设」), the part whose title the turn names (「那人才呢」)."""
        part = part_titled(hit.clause, topic_terms(turn), self.retriever.all_clauses)
        return next((h for h in self.retriever.rank(turn, region, include=[part.id]) if h.clause.id == part.id),
                    None) if part else None

    def _continued(self, turn: str, answer: Answer, context: Context | None) -> Answer | None:
        """「啥时候要建好」「没条件建党组织的咋办」 after the clause that answers them: read with the last question, the
        clause just cited still leads and the model, below its threshold, still leans to it (CONTINUED): that
        clause, word for word — only for a turn that asks, and not for one naming a place or asking a detail the
        clause does not give."""
        lead = answer.hits[0] if answer.hits else None
        if answer.confident or lead is None or context is None or lead.clause.id not in context.clause_ids[:1]:
            return None
        if (answer.answerability or 0.0) < CONTINUED or not ASKS.search(turn) or names_a_place(turn) or \
                refusal.missing_detail(turn, lead.clause.text):
            return None
        return compose_clause(turn, lead)

    def _kept_document(self, follow: FollowUp, answer: Answer) -> Answer | None:
        """A short turn answered from another document (or refused) while a clause of the document just cited
        holds more of its words (at least KEPT_COVERAGE): that clause, word for word."""
        top = answer.hits[0] if answer.hits else None
        if top and top.doc.id == follow.doc_id and answer.confident:
            return None
        own = next((h for h in self.retriever.rank(follow.question, follow.region) if h.doc.id == follow.doc_id), None)
        if own is None or is_front_matter(own.clause) or refusal.missing_detail(follow.question, own.clause.text):
            return None  # 「龙港民政部门电话多少啊」: no clause of it gives a phone number
        held = refusal.coverage(follow.question, f"{own.clause.title}{own.clause.text}")
        if held < KEPT_COVERAGE or (top and held <= refusal.coverage(follow.question, f"{top.clause.title}{top.clause.text}")):
            return None
        return compose_clause(follow.question, own)

    def _answer(self, question: str, region: str | None, top_k: int, mode: str, use_faq: bool,
                only_region: bool = False, doc_first: str | None = None, leaf: bool = False) -> Answer:
        """FAQ-first: a confident compendium match answers with its clauses; else clause retrieval
        (only_region: 「那北京呢？」 asks about that region's documents, so they rank first; doc_first: 「长宁五社联动里呢」
        about one of them, which leads; leaf: the last answer was one specific clause, so an outline does not lead)."""
        ranked = self.faq.ranked(question) if self.faq else []
        match = self.faq.match(question, region, ranked) if (self.faq and use_faq) else None
        if match and not match.as_written and (refusal.asks_validity(question) or not self._faq_fits(question, region, match)
                                               or match.silent and refusal.asks_none_of(question, match.question)):
            match = None  # validity is the documents' metadata (compose); an entry's own question, tapped under
            # 猜你想问, is answered by that entry whatever the checks below make of its wording; an entry saying the
            # documents are silent on a detail (「津贴有多少？」) does not answer a question asking none (「社工有津贴吗」)
        hits = self.retriever.rank(question, region, mode, include=match.clause_ids if match else ())  # top-k + the entry's
        if only_region:
            hits = region_first(hits, region)
            hits = sorted(hits, key=lambda hit: hit.doc.id != doc_first) if doc_first else hits
            hits = leaf_first(hits) if leaf else hits
            if match and hits and not any(c.startswith(f"{hits[0].doc.id}/") for c in match.clause_ids):
                match = None  # 「长宁呢」 after 上海市's answer: an entry from another document than the one asked about
        if match and not match.as_written and not self._faq_fits_hits(question, match, hits):
            match = None
        signals = self.signals(question, region, ranked)
        p = self._faq_probability(question, region, hits, signals) if match else 0.0
        if match and not (match.silent or match.vetted or match.as_written) and p < self.model.faq_threshold:
            match = None  # close to an entry in wording, but the signals say the corpus does not answer it
            # (staff-written entries are exempt: staff wrote them for questions the clauses alone did not answer)
        if match:
            answer = compose_faq(question, region, match, self._faq_hits(question, match, hits)[:max(top_k, 1)])
            answer.answerability = p
        else:
            answer = compose(question, region, hits[:max(top_k, 1)], self.docs, self.model, signals,
                             self.retriever.all_clauses)
        answer.suggestions = suggestions(ranked, question, region, match.id if match else None)
        return answer

    def signals(self, question: str, region: str | None, ranked: list[tuple[float, FaqEntry]]) -> QuestionSignals:
        """The answerability signals of the question alone (its vector is the one retrieval just computed)."""
        near = self.neighbours.closeness(self.embedder.encode_queries([fold_width(question)])[0],
                                         asked_cities(question, region), details(question))
        return QuestionSignals(ranked[0][0] if ranked else 0.0, self.novelty.share(question), *near)

    def _faq_probability(self, question: str, region: str | None, hits: list[Hit],
                         signals: QuestionSignals) -> float:
        """The model's answerability of the clause that would lead, for gating a compendium match."""
        lead = front_matter_last(question, hits[:5])
        return self.model.probability(features(question, region, lead[0], lead, signals))

    def _about_previous(self, question: str, follow: FollowUp, top_k: int) -> Answer:
        """Answers about the last cited document or clause, cited from that document."""
        clauses = self.retriever.all_clauses
        if follow.kind == "document":
            doc = self.docs[follow.doc_id]
            own = sorted((c for c in clauses.values() if c.doc_id == doc.id), key=lambda c: c.order)
            hits = [Hit(c, doc, 1.0 - i * 0.01, 0.0, 0.0) for i, c in enumerate(own[:max(top_k, 1)])]
            return compose_document(question, follow.about or "title", hits)
        clause = clauses[follow.clause_id]
        return compose_clause(question, Hit(clause, self.docs[clause.doc_id], 1.0, 0.0, 0.0))

    def _context(self, answer: Answer, follow: FollowUp) -> dict:
        """What the next question may refer to: the resolved question, its region, the cited clause —
        and, when the question named several regions, each region's leading document (「这个文件」 is
        then ambiguous and gets asked back). A refusal's nearest clause stands for the document only when it is
        of the region asked about (after 「温州…那对老年人呢」 refused with 北京's clause first, 「谁发的」 is asked back),
        or, no region asked, when its document is not alone among the first three clauses (「你好」: asked back)."""
        top = answer.hits[0] if answer.hits else None
        targets = detect_regions(f"{follow.region or ''} {follow.question}")
        if top and not answer.confident and (not any(top.doc.covers(c, d) for c, d in targets) if targets else
                                             len(answer.hits) > 2 and top.doc.id not in {h.doc.id for h in answer.hits[1:3]}):
            top = None  # a refusal whose nearest clause's document is alone among the first three stands for none
        if top and not answer.confident and CHATTER.match(follow.question.strip()):
            top = None  # nor does a greeting (「你好」「在吗」)
        docs = [top.doc.id] if top else []
        quoted_two = answer.confident and answer.source == "clauses" and second_shown(follow.question, answer.hits)
        if len(detect_regions(follow.question)) > 1 or quoted_two:  # 「另见」 another document: 「这个文件」 is ambiguous
            docs += [h.doc.id for h in answer.hits[1:2 if quoted_two else None] if h.doc.id not in docs][:1]
        elif answer.confident and top and not targets and not named_document(follow.question, self.docs):
            docs += list(dict.fromkeys(h.doc.id for h in answer.hits[1:3] if h.doc.id not in docs))
            # a question naming no place, answered from several documents: 「这个文件」 is ambiguous too
        return Context(follow.question, region_of(follow.question, follow.region), tuple(docs),
                       (top.clause.id,) if top else ()).payload()

    def _faq_fits_hits(self, question: str, match: FaqAnswer, hits: list[Hit]) -> bool:
        """What the ranked clauses say of an entry: it must suit a question about a document (or not about one),
        and 「专业服务那项呢」, naming a clause by its title, is not answered by an entry about another one."""
        if not self._faq_on_document(question, match, hits):
            return False
        return not (hits and self.retriever.table.names_title(question, hits[0].clause)
                    and hits[0].clause.id not in match.clause_ids)

    def _faq_on_document(self, question: str, match: FaqAnswer, hits: list[Hit]) -> bool:
        """An entry about a document itself (it leads with front matter) answers only questions about the
        document; and such a question keeps an entry only when the entry leads with the front-matter clause
        that answers it (「依据是什么」 is not answered by an entry on its 文号)."""
        clauses = self.retriever.all_clauses
        lead = clauses.get(next(iter(match.clause_ids), ""))
        asked = document_question(question)
        if not asked:
            return not (lead and is_front_matter(lead) and not asks_about_document(question))
        routed = front_matter_first(front_matter_last(question, hits[:5]), asked[1], clauses)
        return not routed or lead is routed[0].clause

    def _faq_fits(self, question: str, region: str | None, match: FaqAnswer) -> bool:
        """An entry that answers the topic must also hold the detail asked for, for a covered place."""
        if uncovered_place(question, region) or refusal.is_task_request(question):
            return False
        if match.silent:
            return True
        clauses = self.retriever.all_clauses
        if any(other_district(question, self.docs[clauses[c].doc_id]) for c in match.clause_ids if c in clauses):
            return False  # 「普陀区有没有专项资金」: an entry answered from 长宁's own document does not answer it
        evidence = " ".join(clauses[c].text for c in match.clause_ids if c in clauses)
        return refusal.missing_detail(question, evidence) is None and \
            refusal.missing_topic(question, f"{match.answer} {evidence}") is None

    def _faq_hits(self, question: str, match: FaqAnswer, ranked: list[Hit]) -> list[Hit]:
        """The entry's own clauses first (in its order), then the retrieval ranking without repeats."""
        by_id = {h.clause.id: h for h in ranked}
        first = [by_id[cid] for cid in match.clause_ids if cid in by_id]
        named = [h for h in first if self.retriever.table.names_title(question, h.clause)]  # named by its title
        first = named + [h for h in first if h not in named]
        top = ranked[0].score if ranked else 1.0
        lead = [Hit(h.clause, h.doc, top + 1.0 - i * 0.01, h.bm25, h.dense) for i, h in enumerate(first)]
        return lead + [h for h in ranked if h.clause.id not in set(match.clause_ids)]
