"""Citations for the fixed clauses behind each flow's outcome (same JSON shape as /api/ask)."""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from corpus.citations import reference_with_validity, render_citation

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
    """The citation dict of a fixed clause, rendered once per process (KeyError names an unknown id)."""
    return render_citation(clause_id)


def refs(*clause_ids: str) -> tuple[str, list[dict[str, Any]]]:
    """Reference line (《标题》（文号）第X条；…, expired ones flagged) and citation list, in the given order."""
    cites = [cite(cid) for cid in clause_ids]
    return "；".join(reference_with_validity(c) for c in cites), cites
