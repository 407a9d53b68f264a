"""Fixtures for the web chat and staff console tests.

API tests use the shared `client` fixture (tests/conftest.py: temp database, test tokens).
Browser tests start the real gateway with uvicorn on a free loopback port, against a temp database and
temp copies of the knowledge folder and index (uploads must not touch the repository), and drive
Debian's Chromium through Playwright (never a downloaded browser).
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from config.settings import ROOT
from tests.conftest import INTERNAL_TOKEN, STAFF_TOKEN

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--lang=zh-CN"]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
INDEX_DIR = ROOT / "var" / "index"


@pytest.fixture
def auth() -> dict:
    return {"Authorization": f"Bearer {STAFF_TOKEN}"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    """Poll /health; fail fast with the server's output if it died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gateway exited early:\n{proc.stdout.read() if proc.stdout else ''}")
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"gateway at {url} not healthy after {timeout}s")


@dataclass
class Gateway:
    """A running gateway process and the temp folders it owns."""

    url: str
    proc: subprocess.Popen
    workdir: Path
    env: dict = field(default_factory=dict)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def require_index() -> None:
    """Browser and hit-test tests answer with the real index; `make index` builds it."""
    if not (INDEX_DIR / "params.json").exists():
        pytest.fail("没有检索索引 var/index：请先运行 `make index`（make test 会自动构建）。")


def start_gateway(workdir: Path, rasa_url: str) -> Gateway:
    """uvicorn on a free port with temp DB, knowledge and index copies; stdout goes to a log file."""
    require_index()
    shutil.copytree(ROOT / "knowledge", workdir / "knowledge")
    shutil.copytree(INDEX_DIR, workdir / "index")
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": f"sqlite:///{workdir / 'app.db'}",
           "STAFF_TOKEN": STAFF_TOKEN, "INTERNAL_TOKEN": INTERNAL_TOKEN, "KNOWLEDGE_DIR": str(workdir / "knowledge"),
           "INDEX_DIR": str(workdir / "index"), "RASA_URL": rasa_url, "HF_HUB_OFFLINE": "1",
           "TRANSFORMERS_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
    log = open(workdir / "gateway.log", "w")  # noqa: SIM115 — closed with the process
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "api.main:app", "--host", "127.0.0.1", "--port", str(port)],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    gateway = Gateway(f"http://127.0.0.1:{port}", proc, workdir, env)
    try:
        wait_healthy(gateway.url, proc)
    except Exception:
        gateway.stop()
        raise RuntimeError((workdir / "gateway.log").read_text()[-4000:]) from None
    return gateway


@pytest.fixture(scope="session")
def browser():  # noqa: ANN201
    """One headless Debian Chromium for the whole run."""
    if not Path(CHROMIUM).exists():
        pytest.fail("缺少 /usr/bin/chromium：运行 `make setup`（mk/web.mk 会 apt-get install chromium）。")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=20000)  # two shared cores: answers can take a few seconds

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class ConsoleLog:
    """Console errors and uncaught page errors; a test fails if any appear."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def attach(self, page) -> None:  # noqa: ANN001
        page.on("console", lambda m: self.errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))


def new_page(browser, width: int = 1280, height: int = 800):  # noqa: ANN001, ANN201
    """A fresh context (own localStorage and cookies) with console-error capture."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(20000)
    console = ConsoleLog()
    console.attach(page)
    page.console_log = console
    return context, page


@pytest.fixture
def page_factory(browser) -> Iterator:  # noqa: ANN001
    """Make pages; at teardown every page must have logged no console error."""
    made = []

    def make(width: int = 1280, height: int = 800):  # noqa: ANN202
        context, page = new_page(browser, width, height)
        made.append((context, page))
        return page

    yield make
    errors = [e for _, p in made for e in p.console_log.errors]
    for context, _ in made:
        context.close()
    assert not errors, f"浏览器控制台出现错误：{errors}"


def screenshot(page, name: str) -> Path:  # noqa: ANN001
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    page.screenshot(path=str(path), full_page=False)
    return path


@pytest.fixture(scope="session")
def fake_rasa():
    from tests.web.fake_rasa import FakeRasa

    with FakeRasa() as fake:
        yield fake


@pytest.fixture(scope="session")
def gateway(tmp_path_factory, fake_rasa) -> Iterator[Gateway]:  # noqa: ANN001
    """The real gateway (real index, temp DB/knowledge) talking to the Rasa stand-in."""
    gw = start_gateway(tmp_path_factory.mktemp("gateway"), fake_rasa.url)
    fake_rasa.gateway_url = gw.url
    httpx.post(f"{gw.url}/api/ask", json={"question": "预热"}, timeout=120)  # load the model before timing UI waits
    yield gw
    gw.stop()


@pytest.fixture
def staff_api(gateway: Gateway) -> Iterator[httpx.Client]:
    """Bearer-authenticated client for checking what the browser did."""
    with httpx.Client(base_url=gateway.url, headers={"Authorization": f"Bearer {STAFF_TOKEN}"}, timeout=60) as c:
        yield c
