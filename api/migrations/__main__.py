"""`python -m api.migrations`: migrate DATABASE_URL to the newest schema (`make migrate`)."""
from __future__ import annotations

from api.migrations import init_db

if __name__ == "__main__":
    init_db()
    print("database schema is up to date")
