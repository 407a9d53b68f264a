"""Filesystem helpers shared by the model converter and the index builder."""
from __future__ import annotations

import shutil
from pathlib import Path


def replace_dir(new: Path, out: Path) -> None:
    """Swap ``new`` into place; an older folder is moved aside first so readers never see half of one."""
    old = out.with_name(out.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        out.rename(old)
    new.rename(out)
    shutil.rmtree(old, ignore_errors=True)
