"""The staff console's overview: questions per day, answered rate, flow completions, topics, feedback.

Stored timestamps are naive UTC; staff count days on the Chinese calendar, so every day boundary
here is a Chinese one.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.models.base import utcnow
from api.models.feedback import Feedback, QuestionLog
from api.models.requests import DeregistrationRequest, FilingRequest, HandoffRequest
from api.services.requests import CHINA_TZ, china_day_start_utc

# Topic words for the "top topics" chart: a console grouping of residents' questions, not policy.
TOPICS: dict[str, tuple[str, ...]] = {
    "备案": ("备案",), "登记": ("登记", "注册"), "注销与退出": ("注销", "撤销", "退出", "解散"),
    "扶持与补贴": ("扶持", "补贴", "补助", "资助", "奖励", "资金", "公益金"), "场地": ("场地", "阵地", "安家", "空间"),
    "评估等级": ("评估", "3A", "等级"), "公益创投": ("创投",), "购买服务": ("购买",), "党建": ("党",),
    "培训": ("培训", "学习"), "五社联动": ("五社",), "僵尸型组织": ("僵尸", "不活动", "休眠"),
}
FLOWS = (("filing", FilingRequest), ("deregistration", DeregistrationRequest), ("handoff", HandoffRequest))


def topic_of(question: str) -> str:
    """The first topic whose words the question contains, else 其他."""
    return next((name for name, words in TOPICS.items() if any(w in question for w in words)), "其他")


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
    rows = session.execute(select(QuestionLog.created_at, QuestionLog.confident, QuestionLog.question)
                           .where(QuestionLog.created_at >= since)).all()
    total = len(rows)
    flows = {name: session.scalar(select(func.count()).select_from(model).where(model.created_at >= since)) or 0
             for name, model in FLOWS}
    ratings = dict(session.execute(select(Feedback.rating, func.count()).where(Feedback.created_at >= since)
                                   .group_by(Feedback.rating)).all())
    topics = Counter(topic_of(r.question) for r in rows).most_common(8)
    return {
        **day_series([(r.created_at, r.confident) for r in rows], first, days),
        "total_questions": total,
        "answered_rate": (sum(bool(r.confident) for r in rows) / total) if total else None,
        "flows": flows, "feedback": {"up": ratings.get("up", 0), "down": ratings.get("down", 0)},
        "top_topics": [{"topic": t, "count": n} for t, n in topics],
    }
