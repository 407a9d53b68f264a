"""The production profile (scripts/run_prod.sh) on free loopback ports in temp folders, for the fault tests.

`running_profile()` starts it exactly as `make run-prod` does (tokens generated, ENV=production) and always
stops it — supervisord and every program it runs — when the block ends, even on failure. `Profile` names the
processes by their pid files (`<run>/rasa-1.pid` …) so a test can `kill -9` one and wait for supervisord to
bring it back.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import redis

from tests.e2e.stack import free_port

ROOT = Path(__file__).resolve().parents[2]
START_LIMIT_S = 900  # two Rasa servers load one after the other; each takes 30–90 s on a busy 2-core machine
PORTS = ("PUBLIC_PORT", "RASA_PORT", "ACTIONS_PORT", "GATEWAY_1_PORT", "GATEWAY_2_PORT", "RASA_1_PORT",
         "RASA_2_PORT", "ACTIONS_1_PORT", "ACTIONS_2_PORT", "PG_PORT", "REDIS_PORT")


class ProfileFailed(RuntimeError):
    """run_prod.sh did not bring the profile up; the message carries its output."""


@dataclass
class Profile:
    tmp: Path
    env: dict[str, str]

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.env['PUBLIC_PORT']}"

    def secret(self, name: str) -> str:
        return (self.tmp / "secrets" / name).read_text().strip()

    @property
    def staff(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.secret('STAFF_TOKEN')}"}

    def pid(self, name: str) -> int:
        return int((self.tmp / "run" / f"{name}.pid").read_text().strip())

    def redis(self) -> redis.Redis:
        """A client of the profile's Redis, db 0 (rate limits and the gateways' WeChat store)."""
        return redis.Redis(port=int(self.env["REDIS_PORT"]), password=self.secret("REDIS_PASSWORD"),
                           socket_timeout=2, decode_responses=True)

    def kill9(self, name: str) -> int:
        """SIGKILL the program `name` (as an operator or the OOM killer would); returns the killed pid."""
        pid = self.pid(name)
        os.kill(pid, signal.SIGKILL)
        _wait_dead(pid)
        return pid

    def healthy(self, name: str) -> bool:
        """Whether program `name` answers on its own port (not through the load balancer)."""
        kind, _, n = name.partition("-")
        checks = {"rasa": ("RASA_{}_PORT", "/", ""), "actions": ("ACTIONS_{}_PORT", "/health", ""),
                  "gateway": ("GATEWAY_{}_PORT", "/health", '"ready"')}
        if kind in checks:
            port, path, needle = checks[kind]
            try:
                resp = httpx.get(f"http://127.0.0.1:{self.env[port.format(n)]}{path}", timeout=2)
            except httpx.HTTPError:
                return False
            return resp.status_code == 200 and needle in resp.text
        return self._engine_answers(name)

    def _engine_answers(self, name: str) -> bool:
        """Redis answers PING / PostgreSQL accepts a login, with the profile's passwords."""
        try:
            if name == "redis":
                return bool(self.redis().ping())
            import psycopg

            with psycopg.connect(host="127.0.0.1", port=int(self.env["PG_PORT"]), dbname="baiwen", user="baiwen",
                                 password=self.secret("POSTGRES_PASSWORD"), connect_timeout=2) as conn:
                return conn.execute("SELECT 1").fetchone() == (1,)
        except Exception:  # noqa: BLE001 — any failure means "not back yet"
            return False

    def wait_restarted(self, name: str, old_pid: int, limit_s: float = 300) -> int:
        """Wait until supervisord has restarted `name` (a new pid that is alive) and it is healthy again."""
        deadline = time.monotonic() + limit_s
        while time.monotonic() < deadline:
            try:
                pid = self.pid(name)
            except (OSError, ValueError):
                pid = old_pid
            if pid != old_pid and _alive(pid) and self.healthy(name):
                return pid
            time.sleep(1)
        raise AssertionError(f"{name} was not restarted within {limit_s:.0f} s:\n{self.log_tail(name)}")

    def ctl(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["supervisorctl", "-c", str(self.tmp / "run" / "supervisord.conf"), *args],
                              capture_output=True, text=True, timeout=120)

    def log_tail(self, name: str, lines: int = 30) -> str:
        path = self.tmp / "log" / f"{name}.log"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.is_file() else ""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True


def _wait_dead(pid: int, limit_s: float = 10) -> None:
    """Wait until supervisord has reaped `pid`. os.kill returns at once, and a killed multi-threaded process
    shows as a zombie while its other threads still tear down and its listening socket still accepts
    (measured: ~0.2 s for a gateway); a message sent then is in flight when the process dies — it gets
    「请稍后再试」 by design, since a request that reached a server is never replayed — not a message after it."""
    deadline = time.monotonic() + limit_s
    while Path(f"/proc/{pid}").exists():
        if time.monotonic() > deadline:
            raise AssertionError(f"pid {pid} not gone {limit_s} s after SIGKILL")
        time.sleep(0.02)


def _environment(tmp: Path, data: Path, model: str) -> dict[str, str]:
    """Free ports and temp folders for every part of the profile; no tokens, so run_prod.sh generates them."""
    env: dict[str, str] = {name: str(free_port()) for name in PORTS}
    env.update(RUN_DIR=str(tmp / "run"), RUN_LOG_DIR=str(tmp / "log"), SECRETS_DIR=str(tmp / "secrets"),
               PROD_DATA_DIR=str(data), RASA_MODEL=model, ENV="production")
    for name in ("STAFF_TOKEN", "INTERNAL_TOKEN", "RASA_TOKEN", "ACTIONS_TOKEN", "WECHAT_TOKEN", "STAFF_USERS",
                 "POSTGRES_PASSWORD", "REDIS_PASSWORD", "DATABASE_URL", "REDIS_URL"):
        env[name] = ""
    return env


def _stop(env: dict[str, str]) -> None:
    """run_prod.sh stop, then SIGKILL whatever of the profile is still alive (a failed stop must not leak)."""
    subprocess.run(["bash", "scripts/run_prod.sh", "stop"], cwd=ROOT, env={**os.environ, **env},
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=180)
    for pidfile in Path(env["RUN_DIR"]).glob("*.pid"):
        try:
            pid = int(pidfile.read_text().strip())
        except ValueError:
            continue
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)


@contextmanager
def running_profile(tmp: Path, model: str, extra: dict[str, str] | None = None) -> Iterator[Profile]:
    """Start the production profile (with `extra` settings, e.g. the WeChat API it calls); yield it; stop all
    of it afterwards."""
    # PostgreSQL's user must reach its data folder, so it lives outside pytest's owner-only temp tree.
    data = Path(tempfile.mkdtemp(prefix="baiwen-prod-"))
    data.chmod(0o711)
    env = {**_environment(tmp, data, model), **(extra or {})}
    try:
        out = tmp / "run_prod.out"  # a file, not a pipe: the daemons must not hold our end open
        with out.open("w") as handle:
            code = subprocess.run(["bash", "scripts/run_prod.sh", "start"], cwd=ROOT, env={**os.environ, **env},
                                  stdout=handle, stderr=subprocess.STDOUT, timeout=START_LIMIT_S).returncode
        if code != 0:
            raise ProfileFailed(f"run_prod.sh start exited {code}:\n{out.read_text(errors='replace')}")
        yield Profile(tmp, env)
    finally:
        _stop(env)
        shutil.rmtree(data, ignore_errors=True)
