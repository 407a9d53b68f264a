"""The staff console's overview: questions per day, answered rate, flow completions, topics, feedback.

Stored timestamps are naive UTC; staff count days on the Chinese calendar, so every day boundary
here is a Chinese one.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.models.base import utcnow
from api.models.feedback import Feedback, QuestionLog
from api.models.requests import DeregistrationRequest, FilingRequest, HandoffRequest
from api.services.compendium import compendium
from api.services.requests import CHINA_TZ, china_day_start_utc
from config.settings import get_settings
from corpus.clauses import Clause, load_clauses
from corpus.compendium import FaqEntry

# Topic words for the "top topics" chart: a console grouping of residents' questions, not policy.
TOPICS: dict[str, tuple[str, ...]] = {
    "备案": ("备案",), "登记": ("登记", "注册"), "注销与退出": ("注销", "撤销", "退出", "解散"),
    "扶持与补贴": ("扶持", "补贴", "补助", "资助", "奖励", "资金", "公益金"), "场地": ("场地", "阵地", "安家", "空间"),
    "评估等级": ("评估", "3A", "等级"), "公益创投": ("创投",), "购买服务": ("购买",), "党建": ("党",),
    "培训": ("培训", "学习"), "五社联动": ("五社",), "僵尸型组织": ("僵尸", "不活动", "休眠"),
}
SECTION_NUMBER = re.compile(r"^[一二三四五六七八九十]+、|^（[一二三四五六七八九十]+）|^第[一二三四五六七八九十百]+[条章节]\s*")
FLOWS = (("filing", FilingRequest), ("deregistration", DeregistrationRequest), ("handoff", HandoffRequest))


def topic_of(question: str) -> str:
    """The first topic whose words the question contains, else 其他."""
    return next((name for name, words in TOPICS.items() if any(w in question for w in words)), "其他")


def clause_topics(entries: Iterable[FaqEntry], clauses: dict[str, Clause]) -> dict[str, str]:
    """Each clause's topic: the compendium topic most of the entries citing it have, else the document
    section it stands in (its first heading without the numbering: 四、完善参与机制 → 完善参与机制)."""
    votes: dict[str, Counter] = {}
    for entry in entries:
        for cid in entry.clause_ids:
            votes.setdefault(cid, Counter())[entry.topic] += 1
    sections = {cid: SECTION_NUMBER.sub("", c.path[0]).strip()[:12] for cid, c in clauses.items() if c.path}
    out = {cid: name for cid, name in sections.items() if name}
    out.update({cid: count.most_common(1)[0][0] for cid, count in votes.items()})
    return out


def row_topic(row, entry_topics: dict[str, str], by_clause: dict[str, str]) -> str:  # noqa: ANN001
    """What a logged question was about: the answering entry's topic, else the answering clause's; a
    question the documents did not answer gets its topic words (else 其他), not its nearest clause's."""
    if row.faq_id and row.faq_id in entry_topics:
        return entry_topics[row.faq_id]
    if row.confident and row.top_clause_id in by_clause:
        return by_clause[row.top_clause_id]
    return topic_of(row.question)


def top_topics(rows: list, k: int = 8) -> list[dict]:  # noqa: ANN001
    """The most asked topics, from the served compendium's topics and the documents' sections."""
    entries = compendium()
    by_clause = clause_topics(entries, load_clauses(get_settings().knowledge_dir))
    entry_topics = {e.id: e.topic for e in entries}
    counts = Counter(row_topic(r, entry_topics, by_clause) for r in rows).most_common(k)
    return [{"topic": t, "count": n} for t, n in counts]


def china_date(moment: dt.datetime) -> dt.date:
    """Stored timestamps are naive UTC; staff count days on the Chinese calendar."""
    return moment.replace(tzinfo=dt.timezone.utc).astimezone(CHINA_TZ).date()


def day_series(rows: list[tuple[dt.datetime, bool]], first: dt.date, days: int) -> dict:
    """Per-day question and confident-answer counts, with empty days as zeros."""
    asked, answered = Counter(), Counter()
    for created, confident in rows:
        asked[china_date(created)] += 1
        answered[china_date(created)] += bool(confident)
    dates = [first + dt.timedelta(days=i) for i in range(days)]
    return {"dates": [d.isoformat() for d in dates], "questions": [asked[d] for d in dates],
            "answered": [answered[d] for d in dates]}


def overview(session: Session, days: int) -> dict:
    """Questions per day, answered rate, flow completions, top topics and feedback, for the last `days` days."""
    first = china_date(utcnow()) - dt.timedelta(days=days - 1)
    since = china_day_start_utc(first)
    rows = session.execute(select(QuestionLog.created_at, QuestionLog.confident, QuestionLog.question,
                                  QuestionLog.faq_id, QuestionLog.top_clause_id)
                           .where(QuestionLog.created_at >= since)).all()
    total = len(rows)
    flows = {name: session.scalar(select(func.count()).select_from(model).where(model.created_at >= since)) or 0
             for name, model in FLOWS}
    ratings = dict(session.execute(select(Feedback.rating, func.count()).where(Feedback.created_at >= since)
                                   .group_by(Feedback.rating)).all())
    return {
        **day_series([(r.created_at, r.confident) for r in rows], first, days),
        "total_questions": total,
        "answered_rate": (sum(bool(r.confident) for r in rows) / total) if total else None,
        "flows": flows, "feedback": {"up": ratings.get("up", 0), "down": ratings.get("down", 0)},
        "top_topics": top_topics(rows),
    }
