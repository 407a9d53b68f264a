"""What a conversation turn leaves for the next one and how the next one is to be answered: the context the
client sends back, a turn read with the last question, and the resolved follow-up (answering/followup.py
decides which)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

# A turn that asks something (「啥时候要建好」「谁来管哈」「收费不」「管不管」「有专项资金没」「文件编号发我下」), not one
# that only says something (「算了不弄了」「好的谢谢」 in the middle of a form): only such a turn is read with the last
# question.
ASKS = re.compile(r"[？?吗呢]|么[？?]*$|啥|咋|怎|什么|谁|哪|几|多少|多久|多大|多长|能不能|可不可以|是否|有没有|要不要|"
                  r"(?<![不没])([\u4e00-\u9fff])不\1|[\u4e00-\u9fff]{2}(?:不|没有?)[呀啊哈嘛]?$|发(?:给)?我|告诉我|说说|讲讲|介绍")

# A greeting and nothing else: no question, no topic, nothing a next turn could refer to (an acknowledgement such
# as 好的/嗯嗯 is about the last answer, and is not one).
CHATTER = re.compile(r"^(你好|您好|大家好|在吗|在不在|哈喽|嗨|hello|hi|早上好|上午好|中午好|下午好|晚上好)"
                     r"[呀啊吖哈呢嘛啦喔哦～~！!。.，,\s]*$", re.IGNORECASE)


@dataclass(frozen=True)
class Context:
    """What the previous answer was about; the client sends it back with the next question."""

    question: str = ""
    region: str | None = None
    doc_ids: tuple[str, ...] = ()
    clause_ids: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, raw: dict | None) -> Context:
        raw = raw or {}
        return cls(str(raw.get("question") or ""), raw.get("region") or None,
                   tuple(str(d) for d in raw.get("doc_ids") or ()), tuple(str(c) for c in raw.get("clause_ids") or ()))

    def payload(self) -> dict:
        return {"question": self.question, "region": self.region, "doc_ids": list(self.doc_ids),
                "clause_ids": list(self.clause_ids)}


class Joined(NamedTuple):
    """A turn read with the last question. ``own_words``: the turn says enough of its own that its own ranking
    must find the clause the joined reading leads with (「那注册资金可以不验资是哪里说的」 after 智慧社区 is no
    continuation; 「北京也提了吗」 says nothing of its own)."""

    question: str
    region: str | None
    own_words: bool


@dataclass(frozen=True)
class FollowUp:
    """How to answer: kind is fresh | region | document | clause | expand | clarify."""

    kind: str
    question: str
    region: str | None
    doc_id: str | None = None
    clause_id: str | None = None
    about: str | None = None
    notes: list[str] = field(default_factory=list)
    read_with_last: Joined | None = None  # tried if the turn alone is not answered
    alone: str | None = None  # a narrowing turn as typed: answered instead when it names a topic of its own
