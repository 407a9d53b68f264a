"""Storage-level tests on SQLite and PostgreSQL: unique references under concurrency, day rollover,
the status workflow, CSV cells, and the staff session cookie helpers."""
from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

import pytest
from sqlalchemy.orm import Session, sessionmaker

from api.services import requests as store
from api.db import make_engine
from api.migrations import init_db
from api.security import make_staff_session, verify_staff_session
from api.models.requests import ALLOWED_TRANSITIONS, STATUSES
from api.requests_schemas import FilingData, HandoffData
from config.settings import Settings

FILING = FilingData(team_name="书画社", category="文体活动类", district="长宁区", street="华阳路街道",
                    community="姚家角居委", member_count=12, leader_name="张老师", leader_phone="13800138000",
                    activity_place="活动室", activities="书法练习")


@pytest.fixture
def sessions(any_database_url: str) -> Iterator[sessionmaker[Session]]:
    """A session factory on a fresh database of each backend, tables created."""
    engine = make_engine(any_database_url)
    init_db(engine)
    yield sessionmaker(bind=engine, expire_on_commit=False)
    engine.dispose()


def _create(sessions: sessionmaker[Session], kind: str = "filing") -> str:
    with sessions() as session:
        return store.create_request(session, kind, "wx:t", FILING if kind == "filing" else HandoffData(question="q"))


def test_references_unique_under_concurrency(sessions: sessionmaker[Session]) -> None:
    with ThreadPoolExecutor(max_workers=8) as pool:
        refs = list(pool.map(lambda _: _create(sessions), range(24)))
    assert len(set(refs)) == 24
    assert sorted(int(r[-4:]) for r in refs) == list(range(1, 25))
    with sessions() as session:
        rows, total = store.list_requests(session, store.SPECS["filing"], store.Filters())
        assert total == 24 and all(len(store.history(session, r.reference)) == 1 for r in rows)


def test_sequence_is_per_day_china_time_and_per_prefix(sessions: sessionmaker[Session],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    # 15:59 UTC is 23:59 in China; 16:01 UTC is already the next day there.
    for moment, expected in [(datetime(2026, 11, 22, 15, 59), "BA-20261122-0001"),
                             (datetime(2026, 11, 22, 15, 59, 30), "BA-20261122-0002"),
                             (datetime(2026, 11, 22, 16, 1), "BA-20261123-0001")]:
        monkeypatch.setattr(store, "utcnow", lambda m=moment: m)
        assert _create(sessions) == expected
    assert _create(sessions, "handoff") == "RG-20261123-0001"


def test_sequence_passes_four_digits(sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store, "utcnow", lambda: datetime(2026, 1, 1, 4))
    with sessions() as session:
        for seq in (9998, 9999):
            session.add(FILING_ROW(f"BA-20260101-{seq:04d}"))
        session.commit()
    assert _create(sessions) == "BA-20260101-10000"
    assert _create(sessions) == "BA-20260101-10001"


def FILING_ROW(reference: str):  # noqa: ANN201, N802  (a model row factory)
    return store.SPECS["filing"].model(reference=reference, sender_id="x", **FILING.model_dump())


@pytest.mark.parametrize(("start", "target"), [(s, t) for s in STATUSES for t in STATUSES])
def test_only_allowed_transitions(sessions: sessionmaker[Session], start: str, target: str) -> None:
    spec = store.SPECS["filing"]
    ref = _create(sessions)
    with sessions() as session:
        session.get(spec.model, 1).status = start
        session.commit()
        if target in ALLOWED_TRANSITIONS[start]:
            assert store.change_status(session, spec, ref, target, "测试员", "备注").status == target
        else:
            with pytest.raises(store.TransitionError):
                store.change_status(session, spec, ref, target, "测试员", None)
    with sessions() as session:
        expected = target if target in ALLOWED_TRANSITIONS[start] else start
        assert store.get_request(session, spec, ref).status == expected


@pytest.mark.parametrize(("value", "expected"), [("=1+1", "'=1+1"), ("+86", "'+86"), ("-x", "'-x"),
                                                 ("@A1", "'@A1"), ("\t=x", "'\t=x"), ("正常", "正常"),
                                                 (25, "25"), (None, "")])
def test_csv_cell_neutralises_formulas(value: object, expected: str) -> None:
    assert store.csv_cell(value) == expected


def test_staff_session_roundtrip_and_rejections() -> None:
    settings = Settings(staff_token="k1", staff_session_max_age_s=60)
    cookie = make_staff_session("李社工", settings, now=1000)
    assert verify_staff_session(cookie, settings, now=1030) == "李社工"
    assert verify_staff_session(cookie, settings, now=1061) is None  # expired
    assert verify_staff_session(cookie, settings, now=900) is None  # issued in the future
    assert verify_staff_session(cookie, Settings(staff_token="k2"), now=1030) is None  # token rotated
    name, issued, sig = cookie.split(".")
    forged = make_staff_session("admin", settings, now=1000).split(".")[0]
    assert verify_staff_session(f"{forged}.{issued}.{sig}", settings, now=1030) is None
    for junk in ("", "a.b", "a.b.c.d", f"{name}.x.{sig}", "!!.1000." + sig):
        assert verify_staff_session(junk, settings, now=1030) is None
    assert verify_staff_session(cookie, Settings(staff_token=""), now=1030) is None
