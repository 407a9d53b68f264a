"""Citations for the fixed clauses behind each flow's outcome (same JSON shape as /api/ask)."""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

# Clause ids used by the flows (docs/ARCHITECTURE.md clause-id scheme); tests check that each exists.
TIERS_CN = "cn-2022/四/（一）/2"          # 分级管理: 注册社会组织 / 群众活动团队 / 社区活动小组
CATEGORIES_CN = "cn-2022/四/（一）/3"     # 四个领域 + 备案系统
ENTRY_SH = "sh-mca-2024-1/第二条"         # 优化准入服务, 街（镇）备案
TIERS_WZ = "wz-2021-122/二/（一）/1"       # 温州 初创型/成长型/成熟型
EXIT_SH = "sh-mca-2024-1/第三条"          # 健全退出机制
DORMANT_CN = "cn-2022/四/（六）/16"        # 名存实亡社会组织
SUPPORT_SH = "sh-mca-2024-1/第八条"       # 场地等扶持
FIXED_CLAUSES = (TIERS_CN, CATEGORIES_CN, ENTRY_SH, TIERS_WZ, EXIT_SH, DORMANT_CN, SUPPORT_SH)


@lru_cache(maxsize=None)
def cite(clause_id: str) -> dict[str, Any]:
    """The lead's renderer when present; otherwise the same shape built from the clause/document modules."""
    try:
        from corpus.citations import render_citation
    except ImportError:
        return _fallback(clause_id)
    return render_citation(clause_id)


def _fallback(clause_id: str) -> dict[str, Any]:
    """Citation dict from corpus.clauses + corpus.documents (pure, Python 3.10 compatible)."""
    from corpus.clauses import load_clauses
    from corpus.documents import load_documents

    clause = load_clauses()[clause_id]
    doc = load_documents()[clause.doc_id]
    today = dt.date.today()
    in_force = (doc.valid_from is None or doc.valid_from <= today) and (
        doc.valid_until is None or today <= doc.valid_until)
    return {"doc_id": doc.id, "title": doc.title, "doc_number": doc.doc_number, "issuer": doc.issuer,
            "date": doc.date.isoformat(), "region": doc.region, "clause_id": clause.id,
            "clause": clause.label, "text": clause.text, "score": None, "in_force": in_force}


def short_ref(citation: dict[str, Any]) -> str:
    """《标题》（文号）第X条 — the human-readable reference written into reply texts."""
    number = f"（{citation['doc_number']}）" if citation.get("doc_number") else ""
    note = "" if citation.get("in_force", True) else "（该文件已过有效期，仅供参考）"
    return f"《{citation['title']}》{number}{citation['clause']}{note}"


def refs(*clause_ids: str) -> tuple[str, list[dict[str, Any]]]:
    """Reference line and citation list for a handful of clauses, in the given order."""
    cites = [cite(cid) for cid in clause_ids]
    return "；".join(short_ref(c) for c in cites), cites
