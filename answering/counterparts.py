"""「那北京呢？」 after a clause of another region: is the clause the re-ask ranks first that region's counterpart?

A region re-ask has a signal a first question lacks: the clause just cited. When the other region's documents
say the same kind of thing, their leading clause reads like it (e5 cosine of the two clauses' own words, without
the documents' titles, which differ between regions by construction); when they are silent, the best they offer
is a clause on a neighbouring topic. So a re-ask the model leaves just under its threshold is answered by a clause
that reads like the cited one (COUNTERPART_COS), and a confident one is refused when its clause reads unlike it
(UNLIKE_COS). Both cut-offs were chosen on the bank's train follow-ups (region switches: 93 → 101 of 110 right,
dev 34 → 36 of 42, before the pipeline asked that the last answer be confident). The two clause texts are encoded on
demand: only region re-asks after a confident answer pay for it.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

from answering import refusal
from answering.answerability import is_front_matter
from answering.compose import compose_clause, refusal_text
from answering.types import Answer
from corpus.clauses import Clause

COUNTERPART_P = 0.6  # the model's probability a re-ask needs before the cited clause's likeness can carry it
COUNTERPART_COS = 0.93  # reads like the cited clause: that region's counterpart
UNLIKE_COS = 0.90  # reads unlike it: that region's documents are silent on it, whatever the model says


class Counterparts:
    """Clause-to-clause likeness over the clauses' own words, encoded once per clause."""

    def __init__(self, embedder) -> None:  # noqa: ANN001
        self.embedder = embedder
        self._vectors: dict[str, np.ndarray] = {}

    def likeness(self, a: Clause, b: Clause) -> float:
        """Cosine of the two clauses' titles and texts as passages."""
        missing = [c for c in (a, b) if c.id not in self._vectors]
        if missing:
            vecs = self.embedder.encode_passages([f"{c.title}{c.text}" for c in missing])
            for clause, vec in zip(missing, vecs):
                self._vectors[clause.id] = vec / max(float(np.linalg.norm(vec)), 1e-9)
        return float(self._vectors[a.id] @ self._vectors[b.id])

    def judged(self, answer: Answer, cited: Clause, cited_answered: Callable[[], bool]) -> Answer:
        """The re-ask's answer, kept, given to the counterpart, or refused (see the module's docstring). The clause cited
        last counts only if it answered the last question (not a refusal's nearest): ``cited_answered`` re-asks that
        question, so it is called last, and only when the answer would change."""
        lead = answer.hits[0] if answer.hits else None
        if lead is None or answer.source != "clauses" or lead.clause.doc_id == cited.doc_id or is_front_matter(lead.clause):
            return answer
        if answer.confident:
            like = self.likeness(cited, lead.clause)
            if like >= UNLIKE_COS or not cited_answered():
                return answer
            return Answer(answer.question, refusal_text(None), False, answer.hits, f"与上一条所引条款不相类（{like:.2f}）",
                          answerability=answer.answerability, suggestions=answer.suggestions)
        if (answer.answerability or 0.0) < COUNTERPART_P or refusal.missing_detail(answer.question, lead.clause.text) \
                or self.likeness(cited, lead.clause) < COUNTERPART_COS or not cited_answered():
            return answer
        found = compose_clause(answer.question, lead)
        found.reason, found.answerability = "换地区追问：与上一条所引条款相类的条款", answer.answerability
        found.suggestions = answer.suggestions
        return found
