"""Turns pydantic validation errors into one clear Chinese sentence for end users."""
from __future__ import annotations

from typing import Any

_TYPE_MESSAGES = {
    "missing": "缺少必填字段",
    "string_type": "应为文字",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "bool_type": "应为是/否",
    "json_invalid": "请求内容不是有效的 JSON",
    "model_type": "请求内容格式不正确",
    "dict_type": "请求内容格式不正确",
    "greater_than_equal": "数值太小",
    "less_than_equal": "数值太大",
    "string_too_long": "内容太长",
    "string_too_short": "内容不能为空",
}


def chinese_validation_message(errors: list[dict[str, Any]]) -> str:
    """Say which field is wrong and how to fix it, in Chinese, without echoing internals."""
    parts = []
    for err in errors[:5]:
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path")]
        field = ".".join(loc) or "请求"
        ctx_msg = (err.get("ctx") or {}).get("error")
        msg = str(ctx_msg) if ctx_msg else _TYPE_MESSAGES.get(err.get("type", ""), "格式不正确")
        parts.append(f"{field}：{msg}")
    return "；".join(parts) + "。请修改后重试。"
