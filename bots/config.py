"""Every setting, read from the environment in one place.

``Config.from_env()`` reads ``os.environ`` over an optional ``.env`` file in
the working directory (the real environment wins). A wrong value raises
``ConfigError("VARIABLE: one-line reason")``; the CLI prints that one line and
exits 2, never a traceback.

| variable | field | default |
| --- | --- | --- |
| DISCREET_DB | db_path | ./discreet.db |
| DISCREET_SECRET | secret (bytes, >= 16 chars) | unset: a random 32-byte key is generated on first start and kept in the database's ``meta`` table |
| DISCREET_ADMINS | admins (comma-separated user ids) | none |
| DISCREET_LOG_LEVEL | log_level | INFO |
| DISCREET_LOG_FORMAT | log_format: text, or json (one JSON object a line) | text |
| DISCREET_METRICS_PORT | metrics_port: GET /metrics for the Telegram worker and Slack's Socket Mode | unset: off |
| DISCREET_METRICS_HOST | metrics_host: the address that listener binds | 127.0.0.1 |
| DISCREET_POLICIES | policies_dir (a folder of policy packs) | the bundled ``policies/`` |
| DISCREET_PENDING_TTL | pending_ttl_s (seconds) | 86400 |
| SLACK_BOT_TOKEN | slack_bot_token (one workspace) | |
| SLACK_CLIENT_ID, SLACK_CLIENT_SECRET | slack_client_id, slack_client_secret: "Add to Slack" installs, many workspaces (instead of SLACK_BOT_TOKEN) | |
| DISCREET_TOKEN_KEY | token_key: Fernet key(s) encrypting installed bot tokens at rest (required with SLACK_CLIENT_ID) | |
| SLACK_SIGNING_SECRET | slack_signing_secret (HTTP mode) | |
| SLACK_APP_TOKEN | slack_app_token (Socket Mode) | |
| SLACK_API_URL | slack_api_url | Slack's |
| SLACK_DM_HIGH | slack_dm_high: high-severity notes also as a DM from the app, for everyone (each person can change it with /discreet dm on/off) | off |
| PORT | port (Slack HTTP listener) | 3000 |
| TELEGRAM_BOT_TOKEN | telegram_bot_token | |
| TELEGRAM_WEBHOOK_URL | telegram_webhook_url (unset: long polling) | |
| TELEGRAM_WEBHOOK_SECRET | telegram_webhook_secret | unset: generated and kept in ``meta`` by the adapter |
| TELEGRAM_API_URL | telegram_api_url | https://api.telegram.org/bot |
| TELEGRAM_PORT | telegram_port (webhook listener) | 8443 |
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOG_FORMATS = ("text", "json")
NOISY_LOGGERS = ("slack_bolt", "slack_sdk", "telegram", "httpx", "httpcore", "aiohttp.access", "tornado", "aiosqlite")


class ConfigError(ValueError):
    """``VARIABLE: one-line reason``; ``.variable`` names the variable."""

    def __init__(self, variable: str, reason: str):
        super().__init__(f"{variable}: {reason}")
        self.variable = variable


def read_dotenv(path: str | Path = ".env") -> dict[str, str]:
    """``KEY=VALUE`` lines as python-dotenv reads them (comments, ``export``,
    quotes, ``KEY="value" # note``, multi-line quoted values)."""
    from dotenv import dotenv_values

    p = Path(path)
    if not p.is_file():
        return {}
    try:
        values = dotenv_values(p, interpolate=False)
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(".env", f"cannot read it ({type(e).__name__})") from None
    return {k: v for k, v in values.items() if v is not None}


def load_dotenv_into_environ(path: str | Path = ".env") -> None:
    """Put ``.env`` values into ``os.environ`` where the real environment has
    none, so that every command (and the checker, which reads
    DISCREET_POLICIES) sees the same settings as ``discreet run``."""
    for k, v in read_dotenv(path).items():
        os.environ.setdefault(k, v)


# The variables each command reads, for ``--help``.
ENV_HELP = {
    "DISCREET_DB": "the SQLite database file (default ./discreet.db; keep it on persistent storage), or a "
                   "postgresql:// URL for several workers on one PostgreSQL",
    "DISCREET_SECRET": "key for the one-way user hashes (>= 16 characters; default: generated, kept in the database)",
    "DISCREET_ADMINS": "comma-separated user ids allowed to change settings, besides platform admins",
    "DISCREET_LOG_LEVEL": "DEBUG ... CRITICAL (default INFO)",
    "DISCREET_LOG_FORMAT": "text (default) or json: one JSON object a line",
    "DISCREET_METRICS_PORT": "serve GET /metrics on this port (Telegram, Slack Socket Mode; default off)",
    "DISCREET_METRICS_HOST": "the address the metrics port binds (default 127.0.0.1)",
    "DISCREET_POLICIES": "another folder of policy packs (default: the bundled packs)",
    "DISCREET_PENDING_TTL": "seconds a Telegram note waits for its author to open the bot (default 86400)",
    "SLACK_BOT_TOKEN": "xoxb-... (Slack, one workspace)",
    "SLACK_CLIENT_ID": "the app's client id: \"Add to Slack\" installs in many workspaces (instead of SLACK_BOT_TOKEN)",
    "SLACK_CLIENT_SECRET": "the app's client secret (with SLACK_CLIENT_ID)",
    "DISCREET_TOKEN_KEY": "Fernet key(s), comma-separated, newest first: installed bot tokens are encrypted with it",
    "SLACK_SIGNING_SECRET": "verifies Slack's requests (HTTP mode)",
    "SLACK_APP_TOKEN": "xapp-...: Socket Mode instead of HTTP",
    "SLACK_API_URL": "another Slack Web API base URL (tests)",
    "SLACK_DM_HIGH": "on: high-severity notes also as a DM from the app, for everyone (default off)",
    "PORT": "the Slack HTTP port for /slack/events and /healthz (default 3000)",
    "TELEGRAM_BOT_TOKEN": "from @BotFather",
    "TELEGRAM_WEBHOOK_URL": "a public HTTPS URL: webhook instead of long polling",
    "TELEGRAM_WEBHOOK_SECRET": "the webhook's secret token (default: generated, kept in the database)",
    "TELEGRAM_PORT": "the webhook listener's port (default 8443)",
    "TELEGRAM_API_URL": "another Bot API base URL (default https://api.telegram.org/bot)",
}
COMMON_ENV = ("DISCREET_DB", "DISCREET_SECRET", "DISCREET_ADMINS", "DISCREET_LOG_LEVEL", "DISCREET_LOG_FORMAT",
              "DISCREET_POLICIES", "DISCREET_METRICS_PORT", "DISCREET_METRICS_HOST")
SLACK_ENV = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_API_URL", "SLACK_DM_HIGH", "PORT",
             "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "DISCREET_TOKEN_KEY")
TELEGRAM_ENV = ("TELEGRAM_BOT_TOKEN", "TELEGRAM_WEBHOOK_URL", "TELEGRAM_WEBHOOK_SECRET", "TELEGRAM_PORT",
                "TELEGRAM_API_URL", "DISCREET_PENDING_TTL")


def env_epilog(*names: str) -> str:
    """The ``--help`` epilog: each variable and what it does."""
    width = max(len(n) for n in names)
    lines = [f"  {n:<{width}}  {ENV_HELP[n]}" for n in names]
    return ("environment (also read from a .env file in the working directory; the real environment wins):\n"
            + "\n".join(lines))


def _str(env: Mapping[str, str], name: str) -> str | None:
    v = env.get(name)
    if v is None:
        return None
    v = v.strip()
    return v or None


def _int(env: Mapping[str, str], name: str, default: int, lo: int, hi: int) -> int:
    v = _str(env, name)
    if v is None:
        return default
    try:
        n = int(v)
    except ValueError:
        raise ConfigError(name, f"must be a whole number, got {v[:20]!r}") from None
    if not lo <= n <= hi:
        raise ConfigError(name, f"must be between {lo} and {hi}, got {n}")
    return n


def _bool(env: Mapping[str, str], name: str, default: bool = False) -> bool:
    v = _str(env, name)
    if v is None:
        return default
    if v.lower() in ("1", "true", "yes", "on"):
        return True
    if v.lower() in ("0", "false", "no", "off"):
        return False
    raise ConfigError(name, f"must be on or off, got {v[:20]!r}")


def _url(env: Mapping[str, str], name: str, default: str | None = None) -> str | None:
    v = _str(env, name)
    if v is None:
        return default
    if not v.startswith(("https://", "http://")):
        raise ConfigError(name, "must be an http:// or https:// URL")
    return v


@dataclass(frozen=True, slots=True)
class Config:
    db_path: Path | str = Path("./discreet.db")  # a file, or a postgresql:// URL (a str)
    secret: bytes | None = None
    admins: frozenset[str] = field(default_factory=frozenset)
    log_level: str = "INFO"
    log_format: str = "text"
    metrics_port: int | None = None
    metrics_host: str = "127.0.0.1"
    policies_dir: Path | None = None
    slack_bot_token: str | None = None
    slack_signing_secret: str | None = None
    slack_app_token: str | None = None
    slack_api_url: str | None = None
    slack_dm_high: bool = False
    slack_client_id: str | None = None
    slack_client_secret: str | None = None
    token_key: str | None = None
    port: int = 3000
    telegram_bot_token: str | None = None
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: str | None = None
    telegram_api_url: str = "https://api.telegram.org/bot"
    telegram_port: int = 8443
    pending_ttl_s: int = 86400

    @property
    def slack_enabled(self) -> bool:
        return bool((self.slack_bot_token and (self.slack_signing_secret or self.slack_app_token))
                    or (self.slack_oauth and self.slack_signing_secret))

    @property
    def slack_oauth(self) -> bool:
        """Many workspaces: "Add to Slack" installs, tokens kept in the database."""
        return bool(self.slack_client_id and self.slack_client_secret)

    @property
    def telegram_enabled(self) -> bool:
        return bool(self.telegram_bot_token)

    def __repr__(self) -> str:  # never print secrets or tokens (nor a database password)
        from .store import describe_db

        return (f"Config(db_path={describe_db(self.db_path)!r}, slack_enabled={self.slack_enabled}, "
                f"telegram_enabled={self.telegram_enabled}, admins={len(self.admins)}, "
                f"log_level={self.log_level!r})")

    __str__ = __repr__

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "Config":
        """Read the settings. ``environ=None``: ``.env`` in the working directory
        overlaid by ``os.environ``; otherwise exactly ``environ``."""
        env = {**read_dotenv(), **os.environ} if environ is None else dict(environ)

        secret = _str(env, "DISCREET_SECRET")
        if secret is not None and len(secret) < 16:
            raise ConfigError("DISCREET_SECRET", "must be at least 16 characters (or unset it to generate one)")

        admins = frozenset(a.strip() for a in (env.get("DISCREET_ADMINS") or "").split(",") if a.strip())

        level = (_str(env, "DISCREET_LOG_LEVEL") or "INFO").upper()
        if level not in LOG_LEVELS:
            raise ConfigError("DISCREET_LOG_LEVEL", f"must be one of {', '.join(LOG_LEVELS)}")

        fmt = (_str(env, "DISCREET_LOG_FORMAT") or "text").lower()
        if fmt not in LOG_FORMATS:
            raise ConfigError("DISCREET_LOG_FORMAT", f"must be one of {', '.join(LOG_FORMATS)}")
        metrics_port = _int(env, "DISCREET_METRICS_PORT", 0, 1, 65535) if _str(env, "DISCREET_METRICS_PORT") \
            else None
        metrics_host = _str(env, "DISCREET_METRICS_HOST") or "127.0.0.1"

        pol = _str(env, "DISCREET_POLICIES")
        if pol is not None and not Path(pol).is_dir():
            raise ConfigError("DISCREET_POLICIES", f"{pol} is not a folder")

        from .store import is_postgres_url

        db = _str(env, "DISCREET_DB") or "./discreet.db"
        if not is_postgres_url(db) and db != ":memory:" and Path(db).is_dir():
            raise ConfigError("DISCREET_DB", f"{db} is a folder; name a database file")

        bot, signing, app = (_str(env, n) for n in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN"))
        client_id, client_secret, token_key = (_str(env, n) for n in
                                               ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "DISCREET_TOKEN_KEY"))
        if client_id or client_secret:
            if not (client_id and client_secret):
                raise ConfigError("SLACK_CLIENT_SECRET" if client_id else "SLACK_CLIENT_ID",
                                  "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET go together")
            if bot:
                raise ConfigError("SLACK_BOT_TOKEN", "set SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID and "
                                  "SLACK_CLIENT_SECRET (installs), not both")
            if not signing:
                raise ConfigError("SLACK_SIGNING_SECRET", "required with SLACK_CLIENT_ID (installs run over HTTP)")
            if app:
                raise ConfigError("SLACK_APP_TOKEN", "installs (SLACK_CLIENT_ID) run over HTTP, not Socket Mode")
            if not token_key:
                raise ConfigError("DISCREET_TOKEN_KEY", "required with SLACK_CLIENT_ID: installed bot tokens are "
                                  "encrypted with it (see docs/deploy.md)")
        if token_key:
            from .tokens import TokenKeyError, cipher
            try:
                cipher(token_key)
            except TokenKeyError as e:
                raise ConfigError("DISCREET_TOKEN_KEY", str(e)) from None
        if bot and not (signing or app):
            raise ConfigError("SLACK_SIGNING_SECRET", "required with SLACK_BOT_TOKEN (or set SLACK_APP_TOKEN for Socket Mode)")
        if (signing or app) and not bot and not client_id:
            raise ConfigError("SLACK_BOT_TOKEN", "required with SLACK_SIGNING_SECRET / SLACK_APP_TOKEN")
        if bot and not bot.startswith("xoxb-"):
            raise ConfigError("SLACK_BOT_TOKEN", "must be a bot token (starts with xoxb-)")
        if app and not app.startswith("xapp-"):
            raise ConfigError("SLACK_APP_TOKEN", "must be an app-level token (starts with xapp-)")

        tg = _str(env, "TELEGRAM_BOT_TOKEN")
        if tg is not None and ":" not in tg:
            raise ConfigError("TELEGRAM_BOT_TOKEN", "must look like 123456:ABC... (from @BotFather)")
        wh_secret = _str(env, "TELEGRAM_WEBHOOK_SECRET")
        if wh_secret is not None and not (1 <= len(wh_secret) <= 256
                                          and all(c.isascii() and (c.isalnum() or c in "_-") for c in wh_secret)):
            raise ConfigError("TELEGRAM_WEBHOOK_SECRET", "must be 1-256 characters of A-Z, a-z, 0-9, _ and -")

        return cls(
            db_path=db if is_postgres_url(db) else Path(db),
            secret=secret.encode() if secret else None,
            admins=admins,
            log_level=level,
            log_format=fmt,
            metrics_port=metrics_port,
            metrics_host=metrics_host,
            policies_dir=Path(pol) if pol else None,
            slack_bot_token=bot,
            slack_signing_secret=signing,
            slack_app_token=app,
            slack_api_url=_url(env, "SLACK_API_URL"),
            slack_dm_high=_bool(env, "SLACK_DM_HIGH"),
            slack_client_id=client_id,
            slack_client_secret=client_secret,
            token_key=token_key,
            port=_int(env, "PORT", 3000, 1, 65535),
            telegram_bot_token=tg,
            telegram_webhook_url=_url(env, "TELEGRAM_WEBHOOK_URL"),
            telegram_webhook_secret=wh_secret,
            telegram_api_url=_url(env, "TELEGRAM_API_URL", "https://api.telegram.org/bot"),
            telegram_port=_int(env, "TELEGRAM_PORT", 8443, 1, 65535),
            pending_ttl_s=_int(env, "DISCREET_PENDING_TTL", 86400, 60, 30 * 86400),
        )


def setup_logging(level: str = "INFO", fmt: str = "text") -> None:
    """Root logging to stderr, as text (the level in colour on a terminal,
    never with NO_COLOR) or JSON lines (``fmt="json"``: bots.logformat);
    third-party loggers capped at WARNING (their DEBUG/INFO lines can hold
    payloads, i.e. message text)."""
    from .logformat import formatter

    root = logging.getLogger()
    for h in list(root.handlers):
        if getattr(h, "_discreet", False):
            root.removeHandler(h)
    handler = logging.StreamHandler(sys.stderr)
    handler._discreet = True  # type: ignore[attr-defined]
    handler.setFormatter(formatter(fmt, sys.stderr))
    root.addHandler(handler)
    root.setLevel(level.upper())
    for name in NOISY_LOGGERS:
        logging.getLogger(name).setLevel(max(logging.WARNING, logging.getLogger().level))
