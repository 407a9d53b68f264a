"""The training quiz: start, answer, mistakes and result, shared by /api/quiz and the in-chat quiz.

Questions are stored with their answers (api/models/training.py); players only ever receive
``public()``. Refusals are ``Refused`` / ``NotFound`` with the message the player reads.
"""
from __future__ import annotations

import json
import random
import uuid

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.models.training import QuizAnswer, QuizSession
from api.services.compendium import check_region, check_topic, cite, citations, compendium, topics
from api.services.errors import NotFound, Refused
from config.settings import get_settings
from corpus.compendium import REGIONS
from corpus.documents import load_documents
from training.quiz import ALL_REGIONS, QuizQuestion, build_quiz, quiz_region

MAX_QUIZ = 20


def filters() -> dict:
    """What a quiz can be drawn from: the quiz page's filters and the chat offer."""
    return {"topics": topics(), "regions": list(REGIONS), "all_regions": ALL_REGIONS, "max_questions": MAX_QUIZ}


def questions_of(quiz: QuizSession) -> list[QuizQuestion]:
    """The stored questions, with their answers."""
    return [QuizQuestion(**q) for q in json.loads(quiz.questions_json)]


def mistake_ids(session: Session, sender_id: str) -> list[str]:
    """Entries whose latest answer by this sender was wrong (answering right later clears them)."""
    rows = session.scalars(select(QuizAnswer).where(QuizAnswer.sender_id == sender_id)
                           .order_by(QuizAnswer.created_at, QuizAnswer.id)).all()
    latest: dict[str, bool] = {}
    for row in rows:
        latest[row.entry_id] = row.correct
    return [entry_id for entry_id, ok in latest.items() if not ok]


def start(session: Session, sender_id: str, n: int = 5, topic: str | None = None, region: str | None = None,
          retry_mistakes: bool = False) -> dict:
    """A new quiz (questions without answers) about one region: the chosen one, every region for 全部, else
    one drawn at random; ``retry_mistakes`` draws from the sender's wrong answers."""
    check_topic(topic)
    if region != ALL_REGIONS:
        check_region(region)
    only = mistake_ids(session, sender_id) if retry_mistakes else None
    if retry_mistakes and not only:
        raise Refused("目前没有答错的题目需要重练。")
    entries, seed = list(compendium()), random.randrange(2**32)
    region = None if only else quiz_region(entries, topic, region, random.Random(seed))
    drawn = build_quiz(entries, load_documents(get_settings().knowledge_dir), n, topic, region, seed=seed,
                       only_ids=only)
    if not drawn:
        raise Refused("没有符合所选主题和地区的题目，请换一个主题或地区。")
    quiz = QuizSession(id=uuid.uuid4().hex, sender_id=sender_id, topic=topic, region=region,
                       questions_json=json.dumps([q.to_dict() for q in drawn], ensure_ascii=False))
    session.add(quiz)
    session.commit()
    return {"quiz_id": quiz.id, "total": len(drawn), "region": region, "questions": [q.public() for q in drawn]}


def own_quiz(session: Session, quiz_id: str, sender_id: str | None = None) -> QuizSession:
    """The quiz, if it exists and (when a sender is given) is theirs: nobody answers another's quiz."""
    quiz = session.get(QuizSession, quiz_id)
    if quiz is None or (sender_id is not None and quiz.sender_id != sender_id):
        raise NotFound("找不到这次测验，请重新开始练习。")
    return quiz


def _feedback(q: QuizQuestion) -> dict:
    """What a player learns after answering: the right option, the explanation and the clauses."""
    return {"answer": q.answer, "correct_option": q.options[q.answer], "explanation": q.explanation,
            "citations": [cite(cid) for cid in q.clause_ids]}


def answer(session: Session, sender_id: str, quiz_id: str, question_id: str, choice: int) -> dict:
    """Check one answer, store it, and return correctness with explanation and citation."""
    quiz = own_quiz(session, quiz_id, sender_id)
    stored = questions_of(quiz)
    question = next((q for q in stored if q.id == question_id), None)
    if question is None:
        raise Refused(f"这次测验里没有题目 {question_id}。")
    if choice >= len(question.options):
        raise Refused(f"选项只能是0到{len(question.options) - 1}。")
    correct = choice == question.answer
    session.add(QuizAnswer(quiz_id=quiz.id, sender_id=sender_id, question_id=question.id,
                           entry_id=question.entry_id, choice=choice, correct=correct))
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise Refused("这道题已经答过了，请继续下一题。") from None
    answered = session.scalars(select(QuizAnswer).where(QuizAnswer.quiz_id == quiz.id)).all()
    return {"correct": correct, **_feedback(question), "answered": len(answered), "total": len(stored)}


def mistakes(session: Session, sender_id: str) -> dict:
    """The entries this sender last answered wrong, with the right answer and its clauses."""
    by_id = {e.id: e for e in compendium()}
    entries = [by_id[i] for i in mistake_ids(session, sender_id) if i in by_id]
    return {"sender_id": sender_id, "count": len(entries),
            "mistakes": [{"id": e.id, "topic": e.topic, "question": e.question, "answer": e.answer,
                          "citations": citations(e)} for e in entries]}


def result(session: Session, quiz_id: str) -> dict:
    """Score so far (final once every question is answered) and each question's review."""
    quiz = own_quiz(session, quiz_id)
    answers = {a.question_id: a for a in session.scalars(select(QuizAnswer).where(QuizAnswer.quiz_id == quiz.id))}
    stored = questions_of(quiz)
    review = [{**q.public(), "your_choice": answers[q.id].choice if q.id in answers else None,
               "correct": answers[q.id].correct if q.id in answers else None, **_feedback(q)} for q in stored]
    right = sum(a.correct for a in answers.values())
    return {"quiz_id": quiz.id, "sender_id": quiz.sender_id, "total": len(stored), "answered": len(answers),
            "correct": right, "score": round(100 * right / len(stored)), "finished": len(answers) == len(stored),
            "questions": review}
