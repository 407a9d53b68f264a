"""The WeChat load benchmark's pure parts (bench/load_report.py, bench/load_cpu.py): percentiles, matching the
customer-service sends, the reply summary, CPU per process kind, capacity and the side-by-side table.
No timing is asserted: every input is made up."""
from __future__ import annotations

import pytest

from bench.load_cpu import cpu_by_kind, kind_of
from bench.load_report import cpu_summary, fallback_outcomes, pct, reply_summary, table


def test_percentiles_are_nearest_rank_and_none_when_empty() -> None:
    values = [float(v) for v in range(1, 101)]  # 1 … 100
    assert pct(values, 0.50) == 51.0
    assert pct(values, 0.99) == 100.0
    assert pct([3.0, 1.0, 2.0], 0.0) == 1.0
    assert pct([], 0.5) is None


def test_fallback_sends_are_matched_per_user_in_time_order() -> None:
    started = [("bench-user-001", 10.0), ("bench-user-001", 30.0), ("bench-user-002", 5.0)]
    sends = [("bench-user-001", 25.0), ("bench-user-001", 46.0), ("bench-warmup", 1.0),
             ("bench-user-003", 9.0)]  # user 3 got a send for no message of theirs: a duplicate
    latencies, lost, dups = fallback_outcomes(sends, started)
    assert sorted(latencies) == [15.0, 16.0]
    assert lost == 1  # user 2's message never came
    assert dups == 1


def test_reply_summary_counts_what_users_saw() -> None:
    summary = reply_summary(passive=[1.0, 2.0, 4.9], fallback=[15.0], sent=5, duration_s=10)
    assert summary["answered"] == 4
    assert summary["answered_per_s"] == 0.4
    assert summary["within_5s_share"] == 0.6  # 3 of the 5 messages sent
    assert summary["fallback_sent_share"] == 0.2
    assert summary["lost"] == 1
    assert summary["reply_p99_s"] == 15.0
    assert reply_summary([], [], sent=0, duration_s=0)["within_5s_share"] is None


@pytest.mark.parametrize(("cmdline", "kind"), [
    (["/c/py311/bin/python", "-m", "uvicorn", "api.main:app", "--port", "8101"], "gateway"),
    (["/c/py310/bin/python3.10", "/c/py310/bin/rasa", "run", "-i", "127.0.0.1", "-m", "/m/x.tar.gz"], "rasa"),
    (["/c/py310/bin/python", "-m", "actions.server", "--actions", "actions"], "actions"),
    (["/usr/lib/postgresql/17/bin/postgres", "-D", "/tmp/baiwen-prod-x/pg"], "postgresql"),
    (["postgres: baiwen baiwen_tracker 127.0.0.1(5432) idle"], "postgresql"),
    (["/usr/bin/redis-server 127.0.0.1:6380"], "redis"),
    (["/usr/sbin/haproxy", "-db", "-f", "/tmp/run/haproxy.cfg"], "haproxy"),
    (["/usr/bin/python3", "/usr/bin/supervisord", "-c", "/tmp/run/supervisord.conf"], "supervisor"),
    (["bash", "scripts/run_all.sh"], "supervisor"),
    (["/c/py310/bin/python", "-c", "from multiprocessing.resource_tracker import main"], None),
])
def test_processes_are_named_by_their_command_line(cmdline: list[str], kind: str | None) -> None:
    assert kind_of(cmdline) == kind


def test_cpu_by_kind_subtracts_the_start_and_handles_new_and_reaped_processes() -> None:
    start = {(1, 1.0): ("rasa", 50.0), (2, 1.0): ("postgresql", 3.0), (3, 1.0): ("postgresql", 0.5)}
    end = {(1, 1.0): ("rasa", 80.0),            # 30 s during the load
           (2, 1.0): ("postgresql", 4.5),       # postmaster: 1 s of its own + 0.5 s reaped from backend 3
           (4, 2.0): ("postgresql", 2.0),       # a backend started during the load
           (1, 9.0): ("gateway", 7.0)}          # pid 1 reused by a new process: all of it counts
    used = cpu_by_kind(start, end)
    assert used == pytest.approx({"rasa": 30.0, "postgresql": 3.0, "gateway": 7.0})


def test_cpu_summary_gives_capacity_per_core_and_the_busiest_kind() -> None:
    cpu = {"gateway": 20.0, "rasa": 60.0, "actions": 10.0, "postgresql": 10.0, "redis": 0.0}
    summary = cpu_summary(cpu, messages=200, window_s=100.0, cores=2)
    assert summary["cpu_s_per_msg_total"] == 0.5
    assert summary["cpu_s_per_msg"]["rasa"] == 0.3
    assert "redis" not in summary["cpu_s_per_msg"]  # idle kinds are left out
    assert summary["capacity_per_core_msg_s"] == 2.0  # one busy core: 1 / 0.5 CPU-s per message
    assert summary["capacity_machine_msg_s"] == 4.0
    assert summary["busiest_kind"] == "rasa" and summary["busiest_share"] == 0.6
    assert summary["cores_busy"]["rasa"] == 0.6
    assert cpu_summary({}, messages=0, window_s=1.0, cores=2)["capacity_per_core_msg_s"] is None


def test_table_puts_the_profiles_side_by_side() -> None:
    default = {"profile": "default", "messages": 100, "within_5s_share": 0.5, "lost": 0,
               **cpu_summary({"gateway": 10.0, "rasa": 30.0}, messages=100, window_s=60, cores=2)}
    prod = {"profile": "prod", "messages": 120, "within_5s_share": 0.75, "lost": 1,
            **cpu_summary({"gateway": 12.0, "rasa": 30.0, "postgresql": 6.0}, messages=120, window_s=60, cores=2)}
    failed = {"profile": "broken", "error": "run_prod.sh start exited 1"}
    lines = table([default, prod, failed]).splitlines()
    assert lines[0] == "| | default | prod | broken |"
    assert "| within WeChat's 5 s | 50.0 % | 75.0 % | — |" in lines
    assert "| CPU-s / msg, postgresql | — | 0.05 | — |" in lines
    assert "| busiest kind (share) | rasa (75.0 %) | rasa (62.5 %) | — |" in lines
    assert all(line.count("|") == 5 for line in lines)
