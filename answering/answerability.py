"""Answerability as a calibrated model: P(the corpus answers this question | the best clause's signals).

The features describe one (question, candidate clause) pair: both retrieval signals and their margins
over the runners-up, how much of the question the clause covers, whether the detail kind the question
asks for (amount, place, deadline, …) is in the clause, the compendium similarity, region agreement,
whether the clause is front matter, how much of the question no clause writes at all (novelty), and how
close the question is to the bank's answerable and unanswerable questions (answering/neighbours.py). A
logistic regression over them is fitted on the bank's train split (`python -m tools.train_answerability`)
and its threshold chosen on the dev split for high refusal precision; the coefficients live in
knowledge/models/answerability.json, so inference is numpy only.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from answering import refusal
from corpus.clauses import Clause
from corpus.documents import DEFAULT_KNOWLEDGE_DIR
from corpus.text import compact, quoted_names
from corpus.vocabulary import detect_regions
from retrieval.expansion import expand
from retrieval.index import sparse_prefix
from retrieval.candidates import definition_of
from retrieval.ranking import Hit, defined_term

MODEL_FILE = Path("models") / "answerability.json"
# Fit between question and clause, and the kind of detail asked: no feature of how a question is
# written (its length, its number of words), which would learn the bank's style instead of the corpus.
FEATURES = ("bm25", "bm25_share", "dense", "dense_margin", "fused_margin", "coverage", "coverage_expanded",
            "fits", "detail_missing", "front_matter", "about_document", "region_mismatch", "faq_score", "novelty",
            "near_answerable", "near_unanswerable", *(f"asks_{kind}" for kind in refusal.DETAIL_KINDS))
_FRONT = ("/通知", "/序言", "/施行")
# The earlier hand-set rule (coverage ≥ 0.40 and cosine ≥ 0.80) stays as one feature among the others.
FIT_COVERAGE, FIT_DENSE = 0.40, 0.80
# 名称 only of a document: 「社区社会组织的名称怎么起」 asks about organisations' names, which a body clause answers.
_ABOUT_DOCUMENT = re.compile(r"哪个部门|谁(发|出|印发|制定)|印发|出台|制定|依据|根据(哪|什么|市里)|为什么要|目的|背景|"
                             r"指导思想|文号|(文件|文|意见|方案|举措|办法|通知)的?(名称|名字)|名称是什么|叫什么|全称|"
                             r"哪一?年(的|发|出|印|颁|下|制)|什么时候(发|出|印)|施行|生效|上位")


def is_front_matter(clause: Clause) -> bool:
    """印发通知, 序言 and the effective-date line: about the document itself, not its substance."""
    return clause.id.endswith(_FRONT)


def defines_term(question: str, clause: Clause) -> bool:
    """「五社联动是指哪五社」 and a clause writing 「“五社联动”是指……」: the documents' own definition answers it,
    whatever the model makes of the wording (the bank holds too few such pairs for a feature to learn it)."""
    term = defined_term(question)
    return bool(term) and definition_of(term).search(clause.text) is not None or names_programme(question, clause)


# Asking what a thing is (「…是啥」「…是干嘛的」「…是怎么回事」), not which one of it (「…是哪一天」, which the text may not say).
_WHAT_IS = re.compile(r"是指|指的是|是什么|是啥|是个啥|的含义|具体指|指什么|指啥|怎么回事|咋回事|干(嘛|啥|什么)的|做什么的|(什么|啥)意思")
# What a question may add after a programme's name: 「“安家”工程」「“真爱到家”平台」「那个“条抓块统”机制」
_NAME_TAIL = re.compile(r"(工程|平台|活动|机制|计划|行动|项目|制度|模式|评比|评选|这个|那个|说的|提到的|里的)+$")


def names_programme(question: str, clause: Clause) -> bool:
    """「安家工程是啥」「真爱到家是个啥平台」 and a clause putting that name in quotes (「实施社区社会组织“安家”工程」): the
    documents introduce a programme of their own where they first quote it, so that clause says what it is."""
    asked = _WHAT_IS.search(question)
    rest = re.sub(r"[？?。！!，,\s啊呀呢哈嘛呗吖]", "", question[asked.end():]) if asked else ""
    if not asked or rest and not _NAME_TAIL.fullmatch(rest):
        return False  # 「…是啥平台」 asks what; 「…是什么级别」, and 「公益微创投是啥 今年啥时候报名」 read with the last, ask more
    subject = _NAME_TAIL.sub("", re.sub(r"[“”\"「」『』]", "", compact(question[:asked.start()])).rstrip("的是"))
    return any(subject.endswith(compact(name).split("·")[0]) for name in quoted_names(clause.text, 12))


def asks_about_document(question: str) -> bool:
    """Who issued it, when, why, on what basis, its name or 文号: what front matter does answer."""
    return bool(_ABOUT_DOCUMENT.search(question))


@dataclass(frozen=True)
class QuestionSignals:
    """What describes the question alone: its compendium similarity, its novelty (answering/novelty.py) and the
    cosine of its nearest answerable and unanswerable reference questions (answering/neighbours.py)."""

    faq_score: float = 0.0
    novelty: float = 0.0
    near_answerable: float = 0.0
    near_unanswerable: float = 0.0


def features(question: str, region: str | None, hit: Hit, hits: list[Hit],
             signals: QuestionSignals) -> dict[str, float]:
    """The signals of one candidate clause for one question (see FEATURES)."""
    context = hit.clause.context(sparse_prefix(hit.doc))
    others = [h for h in hits[:5] if h is not hit]
    targets = detect_regions(f"{region or ''} {question}")
    details = refusal.asked_details(question)
    return {
        "bm25": hit.bm25, "bm25_share": hit.bm25 / max([h.bm25 for h in hits[:5]] + [1e-9]), "dense": hit.dense,
        "dense_margin": hit.dense - max((h.dense for h in others), default=0.0),
        "fused_margin": hit.score - max((h.score for h in others), default=0.0),
        "coverage": (coverage := refusal.coverage(question, context)),
        "coverage_expanded": refusal.coverage(expand(question), context),
        "fits": float(coverage >= FIT_COVERAGE and hit.dense >= FIT_DENSE),
        **{f"asks_{kind}": float(kind in details) for kind in refusal.DETAIL_KINDS},
        "detail_missing": float(refusal.missing_detail(question, context) is not None),
        "front_matter": float(is_front_matter(hit.clause)),
        "about_document": float(asks_about_document(question)),
        "region_mismatch": float(bool(targets) and not any(hit.doc.region_key == city for city, _ in targets)),
        "faq_score": signals.faq_score, "novelty": signals.novelty,
        "near_answerable": signals.near_answerable, "near_unanswerable": signals.near_unanswerable,
    }


@dataclass(frozen=True)
class AnswerabilityModel:
    """Standardised logistic regression: p = σ(w·(x − mean)/scale + b); a clause answers when p ≥ threshold,
    a compendium entry when p ≥ faq_threshold (its similarity is a feature, so it needs less)."""

    names: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float
    faq_threshold: float
    meta: dict
    references: dict[str, list[dict]] = field(default_factory=dict)  # the neighbours' questions (answering/neighbours.py)

    @classmethod
    def load(cls, knowledge_dir: Path | None = None) -> AnswerabilityModel:
        """The committed model; a missing or stale file says how to refit it."""
        path = Path(knowledge_dir or DEFAULT_KNOWLEDGE_DIR) / MODEL_FILE
        if not path.exists():
            raise FileNotFoundError(f"{path} missing: run `make answerability` (python -m tools.train_answerability)")
        raw = json.loads(path.read_text(encoding="utf-8"))
        if tuple(raw["features"]) != FEATURES:
            raise ValueError(f"{path} was fitted on other features: run `make answerability` to refit it")
        return cls(tuple(raw["features"]), np.asarray(raw["mean"]), np.asarray(raw["scale"]),
                   np.asarray(raw["coef"]), float(raw["intercept"]), float(raw["threshold"]),
                   float(raw["faq_threshold"]), raw.get("meta", {}), raw.get("references", {}))

    def probability(self, feats: dict[str, float]) -> float:
        x = (np.asarray([feats[n] for n in self.names]) - self.mean) / self.scale
        return float(1.0 / (1.0 + math.exp(-(float(x @ self.coef) + self.intercept))))

    def to_json(self) -> str:
        return json.dumps({"features": list(self.names), "mean": self.mean.tolist(), "scale": self.scale.tolist(),
                           "coef": self.coef.tolist(), "intercept": self.intercept, "threshold": self.threshold,
                           "faq_threshold": self.faq_threshold, "meta": self.meta, "references": self.references},
                          ensure_ascii=False, indent=2) + "\n"
