"""The compendium out of and back into the console as YAML or XLSX, for review away from the screen.

Export writes every entry (served ones and retired ones, 状态 says which); import reads the same shape
and goes through the same checks as the console form (api/services/faq_admin.py): all rows pass or
nothing is saved, and the refusal names each failing row. A row without 编号 is a new entry; a row
equal to the served entry changes nothing.
"""
from __future__ import annotations

import io

import yaml
from openpyxl import Workbook, load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.models.compendium import FaqRecord
from api.services import compendium, faq_admin
from api.services.errors import Refused
from api.services.faq_admin import Draft
from corpus.compendium import FaqEntry

COLUMNS = ("编号", "主题", "地区", "对象", "问题", "相似问法", "答案", "条款编号", "文件未规定", "状态")
YES, RETIRED = "是", "停用"
MAX_ROWS = 2000


def _retired_entries(db: Session) -> list[FaqEntry]:
    rows = db.scalars(select(FaqRecord).where(FaqRecord.retired.is_(True)).order_by(FaqRecord.id))
    return [compendium.record_entry(r, "") for r in rows]


def rows(db: Session) -> list[dict]:
    """Every entry as one flat record (the YAML item; the XLSX row)."""
    out = []
    for entry, retired in [(e, False) for e in compendium.compendium()] + [(e, True) for e in _retired_entries(db)]:
        out.append({"id": entry.id, "topic": entry.topic, "regions": list(entry.regions),
                    "audience": list(entry.audience), "question": entry.question,
                    "paraphrases": list(entry.paraphrases), "answer": entry.answer,
                    "clause_ids": list(entry.clause_ids), "silent": entry.silent, "retired": retired})
    return out


def export_yaml(db: Session) -> bytes:
    return yaml.safe_dump({"entries": rows(db)}, allow_unicode=True, sort_keys=False).encode("utf-8")


def export_xlsx(db: Session) -> bytes:
    """One sheet, one entry a row; list fields one item a line, so a reviewer edits them in a cell."""
    book = Workbook()
    sheet = book.active
    sheet.title = "百问百答"
    sheet.append(COLUMNS)
    for r in rows(db):
        sheet.append([r["id"], r["topic"], "、".join(r["regions"]), "、".join(r["audience"]), r["question"],
                      "\n".join(r["paraphrases"]), r["answer"], "\n".join(r["clause_ids"]),
                      YES if r["silent"] else "", RETIRED if r["retired"] else "有效"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _lines(value: object, sep: str = "\n") -> list[str]:
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    text = str(value or "").replace("、", sep) if sep == "、" else str(value or "")
    return [v.strip() for v in text.split(sep) if v.strip()]


def _from_xlsx(data: bytes) -> list[dict]:
    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True).active
    except Exception:  # noqa: BLE001 — any unreadable workbook gets the same answer
        raise Refused("无法读取这个 XLSX 文件，请用导出的表格修改后再导入。") from None
    table = list(sheet.iter_rows(values_only=True))
    if not table or tuple(str(c or "") for c in table[0][:len(COLUMNS)]) != COLUMNS:
        raise Refused(f"表头应为：{'、'.join(COLUMNS)}。请用导出的表格修改后再导入。")
    return [{"id": r[0], "topic": r[1], "regions": _lines(r[2], "、"), "audience": _lines(r[3], "、"),
             "question": r[4], "paraphrases": _lines(r[5]), "answer": r[6], "clause_ids": _lines(r[7]),
             "silent": str(r[8] or "").strip() == YES, "retired": str(r[9] or "").strip() == RETIRED}
            for r in table[1:] if any(c not in (None, "") for c in r)]


def _from_yaml(data: bytes) -> list[dict]:
    try:
        loaded = yaml.safe_load(data.decode("utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError):
        raise Refused("无法读取这个 YAML 文件（应为 UTF-8 编码，顶层为 entries 列表）。") from None
    items = loaded.get("entries") if isinstance(loaded, dict) else None
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise Refused("YAML 的顶层应为 entries: 列表，每项一个条目。")
    return items


def _draft(item: dict) -> Draft:
    regions = _lines(item.get("regions") or [], "、")
    return Draft(question=str(item.get("question") or ""), answer=str(item.get("answer") or ""),
                 clause_ids=_lines(item.get("clause_ids") or []), topic=str(item.get("topic") or ""),
                 paraphrases=_lines(item.get("paraphrases") or []), region=regions[0] if len(regions) == 1 else None,
                 silent=bool(item.get("silent")), audience=_lines(item.get("audience") or [], "、"))


def _apply(db: Session, item: dict, who: str) -> str:
    """Save one checked row; returns what happened to it."""
    entry_id, draft = str(item.get("id") or "").strip(), _draft(item)
    if not entry_id:
        faq_admin.create(db, draft, who, action="import")
        return "created"
    changed = faq_admin.update(db, entry_id, draft, who, action="import")
    retired = bool(item.get("retired"))
    _entry, row = faq_admin.current(db, entry_id)
    if bool(row and row.retired) != retired:
        faq_admin.set_retired(db, entry_id, retired, who)
        return "retired" if retired else "updated"
    return "updated" if changed else "unchanged"


def import_file(db: Session, filename: str, data: bytes, who: str) -> dict:
    """Check every row first (nothing is saved if one fails), then save them; counts per outcome."""
    items = _from_xlsx(data) if filename.lower().endswith(".xlsx") else _from_yaml(data)
    if not items or len(items) > MAX_ROWS:
        raise Refused(f"文件中应有 1 到 {MAX_ROWS} 个条目。")
    errors = []
    for number, item in enumerate(items, 1):
        if not str(item.get("question") or "").strip() or not str(item.get("answer") or "").strip():
            errors.append(f"第{number}条：问题和答案都不能为空")
            continue
        try:
            faq_admin.build(str(item.get("id") or "new"), _draft(item))
        except Refused as exc:
            errors.append(f"第{number}条（{item.get('id') or '新条目'}）：{exc}")
    if errors:
        raise Refused("导入未保存任何内容。" + "\n".join(errors[:20]))
    counts = {"created": 0, "updated": 0, "unchanged": 0, "retired": 0}
    for item in items:
        counts[_apply(db, item, who)] += 1
    return counts
