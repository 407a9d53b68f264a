"""CPU per process of a running profile, for the WeChat load benchmark (bench/load_profiles.py).

A profile is the process tree under one root: the production profile's supervisord, or run_all.sh for the default
profile. Each process is given a kind by its command line (gateway, rasa, actions, postgresql, redis, haproxy,
supervisor); a process no rule names (a worker a server forked) takes its parent's kind. A process's CPU is
user + system time plus that of its children it has reaped (PostgreSQL's short-lived backends). `snapshot` reads
the tree at the start and at the end of the load; `cpu_by_kind` subtracts them (pure, unit-tested).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import psutil

Key = tuple[int, float]  # (pid, create time): a pid reused by a new process is a new key
Snapshot = dict[Key, tuple[str, float]]  # → (kind, CPU-seconds so far)

RULES: tuple[tuple[str, str], ...] = (  # (word in the command line, kind), first match wins
    ("supervisord", "supervisor"), ("run_all.sh", "supervisor"), ("prod_exec.sh", "supervisor"),
    ("uvicorn", "gateway"), ("api.main", "gateway"), ("actions.server", "actions"), ("rasa_sdk", "actions"),
    ("redis-server", "redis"), ("haproxy", "haproxy"), ("postgres", "postgresql"),
)


def kind_of(cmdline: Sequence[str]) -> str | None:
    """The kind a command line names, or None (then the process takes its parent's kind).

    Only the program and its first arguments are read: the profile's paths (a temp folder called
    baiwen-prod-…, the Rasa model's path) must not decide the kind."""
    head = [part.rsplit("/", 1)[-1] for part in cmdline[:4]]
    if cmdline and cmdline[0].startswith("postgres:"):  # a backend renames itself "postgres: baiwen baiwen …"
        return "postgresql"
    if "rasa" in head[:2]:  # `python …/bin/rasa run …` (or the rasa script itself)
        return "rasa"
    words = " ".join(head)
    return next((kind for needle, kind in RULES if needle in words), None)


def _cpu(proc: psutil.Process) -> float:
    t = proc.cpu_times()
    return t.user + t.system + t.children_user + t.children_system


def snapshot(roots: Sequence[int]) -> Snapshot:
    """Every live process under `roots` (the roots included) → (kind, CPU-seconds)."""
    out: Snapshot = {}
    for root in roots:
        try:
            top = psutil.Process(root)
            tree = [top, *top.children(recursive=True)]
        except psutil.NoSuchProcess:
            continue
        kinds: dict[int, str] = {}
        for proc in tree:  # parents come before their children in this order
            try:
                with proc.oneshot():
                    kind = kind_of(proc.cmdline()) or kinds.get(proc.ppid(), "other")
                    kinds[proc.pid] = kind
                    out[(proc.pid, proc.create_time())] = (kind, _cpu(proc))
            except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                continue
    return out


def cpu_by_kind(start: Mapping[Key, tuple[str, float]], end: Mapping[Key, tuple[str, float]]) -> dict[str, float]:
    """CPU-seconds each kind used between two snapshots.

    A process alive at both: its difference. A new one: all of it. One gone by the end was reaped by its parent
    (PostgreSQL's postmaster, supervisord), whose reaped-children time now holds its whole life, so what it had
    used before the start is taken off its kind again. Never below zero."""
    used: dict[str, float] = {}
    for key, (kind, cpu) in end.items():
        used[kind] = used.get(kind, 0.0) + cpu - start.get(key, (kind, 0.0))[1]
    for key, (kind, cpu) in start.items():
        if key not in end:
            used[kind] = used.get(kind, 0.0) - cpu
    return {kind: max(0.0, value) for kind, value in used.items()}


def machine_busy_s() -> float:
    """CPU-seconds all cores spent not idle since boot (every job on the machine)."""
    t = psutil.cpu_times()
    return sum(t) - t.idle - getattr(t, "iowait", 0.0) - getattr(t, "guest", 0.0) - getattr(t, "guest_nice", 0.0)


def own_cpu_s() -> float:
    """CPU-seconds of this process (the simulated users and the fake WeChat API server)."""
    t = psutil.Process().cpu_times()
    return t.user + t.system
