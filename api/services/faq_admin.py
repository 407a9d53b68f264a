"""Staff write, edit, retire and review 百问百答 entries (the knowledge-gap loop of the console).

Every saved entry passes the one grounding checker (corpus/grounding.py through training/grounding.py):
an unknown clause id, a figure, date, score or quoted name that no cited clause holds, a region other
than the cited documents', or an expired document without its note is refused with the reason in
Chinese. An answer saying what the documents do not say (「文件未规定……请咨询……」) is allowed and
marked ``silent``. Each change is a revision (who, when, what changed), whose id is the compendium's
version: saving forces this worker to reload at once, the others follow within FAQ_RELOAD_S seconds.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.models.base import utcnow
from api.models.compendium import FaqRecord, FaqRevision
from api.services import compendium
from api.services.errors import NotFound, Refused
from api.services.feedback import normalize
from api.services.requests import to_china_iso
from config.settings import get_settings
from corpus.clauses import load_clauses
from corpus.compendium import REGIONS, FaqEntry
from corpus.documents import load_documents
from training.grounding import check_entry, doc_region, in_chinese

STAFF_PREFIX = "staff-"
DEFAULT_AUDIENCE = ("居民", "组织负责人")
_SILENT = re.compile(r"(未|没有|并未|没)(规定|写明|明确|写|提到|说明)")
FIELDS = ("topic", "regions", "audience", "question", "paraphrases", "answer", "clause_ids", "silent")
ACTIONS = {"create": "新建", "edit": "修改", "retire": "停用", "restore": "恢复", "import": "导入"}


@dataclass
class Draft:
    """What staff submit for one entry (POST/PUT /api/staff/faq, one row of an import)."""

    question: str
    answer: str
    clause_ids: list[str]
    topic: str
    paraphrases: list[str] = field(default_factory=list)
    region: str | None = None
    silent: bool | None = None  # None: decided from the wording (「文件未规定……请咨询……」)
    audience: list[str] = field(default_factory=list)


def is_silent(answer: str) -> bool:
    """An answer about what the documents leave out, naming whom to ask."""
    return bool(_SILENT.search(answer)) and "咨询" in answer


def _fields(entry: FaqEntry) -> dict:
    return {"topic": entry.topic, "regions": list(entry.regions), "audience": list(entry.audience),
            "question": entry.question, "paraphrases": list(entry.paraphrases), "answer": entry.answer,
            "clause_ids": list(entry.clause_ids), "silent": entry.silent}


def _knowledge() -> tuple[dict, dict]:
    kd = get_settings().knowledge_dir
    return load_clauses(kd), load_documents(kd)


def build(entry_id: str, draft: Draft, source: str = "") -> FaqEntry:
    """The entry a draft describes, or Refused naming every grounding problem in Chinese."""
    clauses, docs = _knowledge()
    if draft.region and draft.region not in REGIONS:
        raise Refused(f"地区只能是：{'、'.join(REGIONS)}（或留空，按所引条款的文件确定）。")
    cited = {clauses[c].doc_id for c in draft.clause_ids if c in clauses}
    regions = (draft.region,) if draft.region else tuple(sorted({doc_region(docs[d]) for d in cited}))
    question = draft.question.strip()
    paraphrases = [p for p in dict.fromkeys(p.strip() for p in draft.paraphrases) if p and p != question]
    silent = is_silent(draft.answer) if draft.silent is None else draft.silent
    entry = FaqEntry(id=entry_id, topic=draft.topic.strip(), audience=tuple(draft.audience or DEFAULT_AUDIENCE),
                     regions=regions, question=question, paraphrases=tuple(paraphrases), answer=draft.answer.strip(),
                     clause_ids=tuple(dict.fromkeys(draft.clause_ids)), silent=silent, source=source)
    problems = check_entry(entry, clauses, docs)
    if problems:
        raise Refused("未通过依据检查：" + "；".join(dict.fromkeys(in_chinese(problems))))
    return entry


def _clash(entry: FaqEntry) -> None:
    """One question, one entry: a phrasing another served entry already has is refused."""
    mine = {normalize(t) for t in entry.texts()}
    for other in compendium.compendium():
        if other.id != entry.id and mine & {normalize(t) for t in other.texts()}:
            raise Refused(f"问题或相似问法与已有条目 {other.id}（{other.question}）重复，请编辑该条目，不要重复新建。")


def current(db: Session, entry_id: str) -> tuple[FaqEntry, FaqRecord | None]:
    """The entry as served (or as retired), and its stored row if staff ever saved it."""
    row = db.get(FaqRecord, entry_id)
    if row is not None:
        return compendium.record_entry(row, compendium.STAFF_SOURCE if row.origin == "staff" else ""), row
    found = next((e for e in compendium.yaml_entries() if e.id == entry_id), None)
    if found is None:
        raise NotFound(f"没有编号为 {entry_id} 的百问百答条目，请刷新列表后重试。")
    return found, None


def _store(row: FaqRecord, entry: FaqEntry, who: str) -> None:
    row.topic, row.question, row.answer, row.silent = entry.topic, entry.question, entry.answer, entry.silent
    row.regions_json = json.dumps(list(entry.regions), ensure_ascii=False)
    row.audience_json = json.dumps(list(entry.audience), ensure_ascii=False)
    row.paraphrases_json = json.dumps(list(entry.paraphrases), ensure_ascii=False)
    row.clause_ids_json = json.dumps(list(entry.clause_ids), ensure_ascii=False)
    row.updated_by, row.updated_at = who, utcnow()


def _revision(db: Session, entry_id: str, action: str, who: str, changes: dict) -> None:
    db.add(FaqRevision(entry_id=entry_id, action=ACTIONS[action], who=who, at=utcnow(),
                       changes_json=json.dumps(changes, ensure_ascii=False)))


def _next_id(db: Session) -> str:
    ids = db.scalars(select(FaqRecord.id).where(FaqRecord.origin == "staff")).all()
    numbers = [int(i.removeprefix(STAFF_PREFIX)) for i in ids if i.removeprefix(STAFF_PREFIX).isdigit()]
    return f"{STAFF_PREFIX}{max(numbers, default=0) + 1:03d}"


def create(db: Session, draft: Draft, who: str, action: str = "create") -> str:
    """Check and save a new staff-written entry; returns its id."""
    entry_id = _next_id(db)
    entry = build(entry_id, draft, compendium.STAFF_SOURCE)
    _clash(entry)
    row = FaqRecord(id=entry_id, origin="staff", created_by=who, created_at=utcnow())
    _store(row, entry, who)
    db.add(row)
    _revision(db, entry_id, action, who, {k: [None, v] for k, v in _fields(entry).items()})
    db.commit()
    compendium.refresh(force=True)
    return entry_id


def update(db: Session, entry_id: str, draft: Draft, who: str, action: str = "edit") -> dict:
    """Check and save a new version of any entry (a YAML entry gets a staff row replacing it);
    returns what changed ({field: [before, after]}, empty when nothing did)."""
    before, row = current(db, entry_id)
    entry = build(entry_id, draft, before.source)
    _clash(entry)
    old, new = _fields(before), _fields(entry)
    changes = {k: [old[k], new[k]] for k in FIELDS if old[k] != new[k]}
    if not changes:
        return {}
    if row is None:
        row = FaqRecord(id=entry_id, origin="override", created_by=who, created_at=utcnow(), retired=False)
        db.add(row)
    _store(row, entry, who)
    _revision(db, entry_id, action, who, changes)
    db.commit()
    compendium.refresh(force=True)
    return changes


def set_retired(db: Session, entry_id: str, retired: bool, who: str) -> None:
    """Retire an entry (it stops answering and leaves the booklet and quiz) or bring it back."""
    entry, row = current(db, entry_id)
    if row is None:
        row = FaqRecord(id=entry_id, origin="override", created_by=who, created_at=utcnow())
        _store(row, entry, who)
        db.add(row)
    if bool(row.retired) == retired:
        return
    row.retired, row.updated_by, row.updated_at = retired, who, utcnow()
    _revision(db, entry_id, "retire" if retired else "restore", who, {"retired": [not retired, retired]})
    db.commit()
    compendium.refresh(force=True)


def history(db: Session, entry_id: str) -> list[dict]:
    """Every change to one entry, oldest first: who, when (China time), what, and the changed fields."""
    current(db, entry_id)
    rows = db.scalars(select(FaqRevision).where(FaqRevision.entry_id == entry_id).order_by(FaqRevision.id))
    return [{"at": to_china_iso(r.at), "who": r.who, "action": r.action, "changes": json.loads(r.changes_json)}
            for r in rows]


def detail(db: Session, entry_id: str) -> dict:
    """One entry for the console's edit form: its fields, citations, state and history."""
    entry, row = current(db, entry_id)
    return {**compendium.entry_json(entry), "retired": bool(row and row.retired),
            "origin": row.origin if row else "yaml", "history": history(db, entry_id)}


def listing(db: Session) -> dict:
    """What staff have written, edited or retired, newest change first."""
    rows = db.scalars(select(FaqRecord).order_by(FaqRecord.updated_at.desc())).all()
    return {"entries": [{"id": r.id, "origin": r.origin, "topic": r.topic, "question": r.question,
                         "answer": r.answer, "silent": r.silent, "retired": r.retired,
                         "regions": json.loads(r.regions_json), "clause_ids": json.loads(r.clause_ids_json),
                         "updated_by": r.updated_by, "updated_at": to_china_iso(r.updated_at)} for r in rows]}
