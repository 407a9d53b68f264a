"""The one settings object: environment names, and no development token outside development."""
from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from config.settings import DEV_INTERNAL_TOKEN, DEV_STAFF_TOKEN, Settings

STRONG = {"STAFF_TOKEN": "s" * 32, "INTERNAL_TOKEN": "i" * 32, "WECHAT_TOKEN": "w" * 32, "RASA_TOKEN": "r" * 32}


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Start from an empty environment and no .env file, whatever the developer's shell has."""
    for name in ("ENV", "STAFF_TOKEN", "INTERNAL_TOKEN", "WECHAT_TOKEN", "BAIWEN_CACHE", "BAIWEN_WARM",
                 "INDEX_DIR", "KNOWLEDGE_DIR", "EMBEDDING_MODEL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def test_development_accepts_the_dev_tokens() -> None:
    s = Settings()
    assert s.env == "development" and s.staff_token == DEV_STAFF_TOKEN and s.internal_token == DEV_INTERNAL_TOKEN


@pytest.mark.parametrize("weak", ["STAFF_TOKEN", "INTERNAL_TOKEN", "WECHAT_TOKEN"])
def test_production_refuses_each_dev_or_empty_token(monkeypatch: pytest.MonkeyPatch, weak: str) -> None:
    monkeypatch.setenv("ENV", "production")
    for name, value in STRONG.items():
        monkeypatch.setenv(name, value)
    for bad in ("", {"STAFF_TOKEN": DEV_STAFF_TOKEN, "INTERNAL_TOKEN": DEV_INTERNAL_TOKEN,
                     "WECHAT_TOKEN": "dev-wechat-token"}[weak]):
        monkeypatch.setenv(weak, bad)
        with pytest.raises(ValidationError, match=weak):
            Settings()


def test_production_with_strong_tokens_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENV", "production")
    for name, value in STRONG.items():
        monkeypatch.setenv(name, value)
    assert Settings().staff_token == STRONG["STAFF_TOKEN"]


def test_paths_and_switches_come_from_their_documented_names(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("BAIWEN_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("INDEX_DIR", str(tmp_path / "idx"))
    monkeypatch.setenv("KNOWLEDGE_DIR", str(tmp_path / "kn"))
    monkeypatch.setenv("BAIWEN_WARM", "0")
    s = Settings()
    assert (s.cache_dir, s.index_dir, s.knowledge_dir) == (tmp_path / "cache", tmp_path / "idx", tmp_path / "kn")
    assert s.warm_on_start is False


def test_dotenv_file_is_read(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("INDEX_DIR=/srv/baiwen/index\n", encoding="utf-8")
    assert Settings().index_dir == Path("/srv/baiwen/index")
