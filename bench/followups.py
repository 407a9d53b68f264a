"""Two-turn conversations scored through POST /api/ask: the second turn sends the first's context.

An expectation is met when the second answer cites the expected clause first (confidently), answers
about the expected document (its validity, issuer or 文号), refuses, or asks which document or
region is meant (`source: clarify`), as the item says.
"""
from __future__ import annotations

from bench.hit_test import hit_test_headers
from config.settings import get_settings
from corpus.documents import Document, load_documents


def _ask(client, question: str, context: dict | None) -> dict:  # noqa: ANN001
    body = {"question": question, "top_k": 5, "context": context}
    return client.post("/api/ask", json=body, headers=hit_test_headers()).json()


def _about_ok(doc: Document, about: str, answer: str) -> bool:
    """Whether the answer gives the fact asked of the document: its validity, issuer, date (the year), title or 文号."""
    if about == "validity":
        return "有效" in answer or "施行" in answer
    if about == "issuer":
        return doc.issuer in answer
    if about == "date":
        return f"{doc.date.year}年" in answer
    if about == "title":
        return doc.title in answer or doc.short_title in answer
    return (doc.doc_number or "没有文号") in answer


def met(expect: dict, reply: dict, docs: dict[str, Document]) -> bool:
    """Whether the second reply does what the item expects."""
    cites = reply.get("citations") or []
    if expect.get("clarify"):
        return reply.get("source") == "clarify"
    if expect.get("refuse"):
        return not reply["confident"] and reply.get("source") != "clarify"
    if "clause_ids" in expect:
        return reply["confident"] and bool(cites) and cites[0]["clause_id"] in expect["clause_ids"]
    doc = docs[expect["doc_id"]]
    return bool(cites) and cites[0]["doc_id"] == doc.id and _about_ok(doc, expect.get("about", ""), reply["answer"])


def run_followups(client, items: list[dict]) -> dict:  # noqa: ANN001
    """Accuracy over the items, and the ids of the misses."""
    docs = load_documents(get_settings().knowledge_dir)
    misses = []
    for item in items:
        first = _ask(client, item["turns"][0], None)
        second = _ask(client, item["turns"][1], first.get("context"))
        if not met(item["expect"], second, docs):
            misses.append(item["id"])
    n = len(items)
    return {"n": n, "accuracy": (n - len(misses)) / n if n else float("nan"), "misses": misses}
