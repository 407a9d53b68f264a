"""The typed result of answering a question (the ranked evidence is retrieval's `Hit`)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from retrieval.ranking import Hit
from retrieval.tokenize import words


@dataclass
class Answer:
    """The reply to a question: text, whether the corpus answers it, and ranked evidence."""

    question: str
    answer: str
    confident: bool
    hits: list[Hit]
    reason: str
    took_ms: float = 0.0
    source: str = "clauses"
    faq_id: str | None = None
    answerability: float | None = None
    context: dict = field(default_factory=dict)  # what the next question of the conversation refers to
    suggestions: list[str] = field(default_factory=list)  # 猜你想问: nearby compendium questions

    def citations(self, today: dt.date | None = None) -> list[dict]:
        terms = words(self.question)
        return [h.citation(terms, today) for h in self.hits]

    def payload(self) -> dict:
        """The /api/ask response body (also the CLI's --json output)."""
        return {"answer": self.answer, "confident": self.confident, "source": self.source,
                "faq_id": self.faq_id, "reason": self.reason, "citations": self.citations(),
                "answerability": None if self.answerability is None else round(self.answerability, 4),
                "context": self.context, "suggestions": self.suggestions, "took_ms": round(self.took_ms, 2)}
