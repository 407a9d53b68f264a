"""The database session dependency every router uses (authentication lives in api/security.py)."""
from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from sqlalchemy.orm import Session

from api.db import get_session

get_db = get_session  # re-export: routers depend on api.deps, not on how sessions are made

DbSession = Annotated[Session, Depends(get_db)]
