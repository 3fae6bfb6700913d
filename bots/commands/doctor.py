"""`discreet doctor`: is this deployment healthy, and if not, what to do.

Checks, in order, and prints each with ok / warn / FAIL and, when something
is wrong, how to fix it:

- the configuration (the environment over ``.env``, as ``discreet run`` reads
  it) and the policy packs it names;
- the database: it opens (read-only: the doctor never writes, never migrates),
  its schema version against this Discreet's, its permissions, whether it
  survives a restart;
- Slack, when configured: the bot token (``auth.test``), its scopes (the
  ``x-oauth-scopes`` header) against ``bots/slack/manifest.yml``, the app
  token for Socket Mode (``apps.connections.open``), and whether the bot is
  still in the channels it has settings for (``conversations.info``);
- Telegram, when configured: the token (``getMe``), the webhook when one is
  configured (``getWebhookInfo``), and the bot's rights in each group it
  monitors (``getChatMember``): can it see the messages, can it delete them
  where removal is on.

Exit 0 when nothing FAILs (warnings are printed, not fatal), 1 otherwise.
With no tokens it checks the configuration and the database and says the
bots are not configured. ``--json`` prints the checks as one JSON list.
Nothing here reads or prints a message's text: the database is read for
schema version and channel settings only.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import sqlite3
import stat
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

OK, WARN, FAIL, SKIP = "ok", "warn", "FAIL", "--"
TIMEOUT_S = 10.0
MAX_CHATS = 200  # groups / channels checked one by one; the rest are counted
MANIFEST = Path(__file__).resolve().parents[1] / "slack" / "manifest.yml"


@dataclass
class Check:
    area: str
    status: str
    detail: str
    fix: str | None = None


def add_parser(sub):
    import argparse

    from discreet.bots.config import COMMON_ENV, SLACK_ENV, TELEGRAM_ENV, env_epilog

    p = sub.add_parser("doctor", help="check the configuration, the database and the platform tokens",
                       description="Check the configuration, the database (and its schema version), the "
                                   "Slack token and scopes, the Telegram token and the bot's rights in each "
                                   "group; print what is wrong and how to fix it. Exit 0 when nothing fails.",
                       epilog=env_epilog(*COMMON_ENV, *SLACK_ENV, *TELEGRAM_ENV),
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--json", action="store_true", help="print the checks as JSON")
    p.add_argument("--timeout", type=float, default=TIMEOUT_S, help="seconds for each platform call (default 10)")
    p.set_defaults(func=run)


# -- configuration ------------------------------------------------------------

def check_config() -> tuple[list[Check], object | None]:
    from discreet.bots.config import Config, ConfigError

    try:
        config = Config.from_env()
    except ConfigError as e:
        return [Check("configuration", FAIL, str(e),
                      f"set {e.variable} in the environment or in .env (every variable and its default: "
                      ".env.example)")], None
    modes = []
    if config.slack_enabled:
        modes.append("Slack (" + ("Socket Mode" if config.slack_app_token else f"HTTP on port {config.port}") + ")")
    if config.telegram_enabled:
        modes.append("Telegram (" + ("webhook" if config.telegram_webhook_url else "long polling") + ")")
    out = [Check("configuration", OK, "read; bots: " + (", ".join(modes) or "none"))]
    if not config.secret:
        out.append(Check("configuration", OK, "DISCREET_SECRET unset: the key generated at first start is kept "
                                              "in the database (set it to keep the key out of the database)"))
    try:
        from discreet.core import Checker, default_checker

        checker = Checker(config.policies_dir) if config.policies_dir else default_checker()
        packs = sorted(getattr(checker, "packs", {}) or {})
        out.append(Check("policies", OK, f"{len(checker.rules)} rules in {', '.join(packs) or 'the packs'}"
                                         + (f" from {config.policies_dir}" if config.policies_dir else "")))
    except Exception as e:  # noqa: BLE001 - PolicyError and anything a broken pack raises
        out.append(Check("policies", FAIL, f"DISCREET_POLICIES: {str(e)[:200] or type(e).__name__}",
                         "fix the pack named above, or unset DISCREET_POLICIES to use the bundled packs"))
    return out, config


# -- database -------------------------------------------------------------------

def check_database(db_path: str | Path) -> tuple[list[Check], dict[str, list[tuple]]]:
    """The checks, and the known channels per platform: (channel, monitoring, remove)."""
    from discreet.bots.deploy import ephemeral_reason
    from discreet.bots.store import SCHEMA_VERSION

    out: list[Check] = []
    chats: dict[str, list[tuple]] = {}
    where = str(db_path)
    reason = ephemeral_reason(db_path)
    if reason:
        out.append(Check("database", WARN, f"DISCREET_DB: {reason}",
                         "keep the database on a persistent disk or volume (docs/deploy.md)"))
    if where == ":memory:":
        return out, chats
    path = Path(db_path)
    if not path.exists():
        parent = path.parent if str(path.parent) else Path(".")
        if not parent.exists():
            out.append(Check("database", WARN, f"{where} does not exist yet, nor its folder {parent}",
                             "the first start creates both; check DISCREET_DB names the right place"))
        elif not os.access(parent, os.W_OK):
            out.append(Check("database", FAIL, f"{where} does not exist and {parent} is not writable",
                             f"let the bot's user write to {parent}, or point DISCREET_DB elsewhere"))
        else:
            out.append(Check("database", OK, f"{where} does not exist yet: the first start creates it "
                                             f"(schema v{SCHEMA_VERSION}, owner-only)"))
        return out, chats
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        out.append(Check("database", WARN, f"{where} can be read by other users (mode {mode:o})",
                         f"chmod 600 {where}"))
    if not os.access(path, os.W_OK):
        out.append(Check("database", FAIL, f"{where} is not writable by this user",
                         "run the bot as the file's owner, or chown it to the bot's user"))
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error as e:
        out.append(Check("database", FAIL, f"{where} cannot be opened ({e})", "check DISCREET_DB and the permissions"))
        return out, chats
    try:
        try:
            rows = db.execute("SELECT version FROM schema_version").fetchall()
        except sqlite3.DatabaseError as e:
            if "no such table" in str(e):
                out.append(Check("database", WARN, f"{where} has no Discreet schema yet",
                                 "the first start sets it up; if the file is another program's, point "
                                 "DISCREET_DB elsewhere"))
                return out, chats
            out.append(Check("database", FAIL, f"{where} is not a readable SQLite database ({e})",
                             "restore it from a backup, or point DISCREET_DB at the right file"))
            return out, chats
        version = rows[0][0] if rows else 0
        if version > SCHEMA_VERSION:
            out.append(Check("database", FAIL, f"{where}: schema v{version} is newer than this Discreet's "
                                               f"(v{SCHEMA_VERSION})",
                             "upgrade Discreet to the version that wrote it (the database is not downgraded)"))
        elif version < SCHEMA_VERSION:
            out.append(Check("database", WARN, f"{where}: schema v{version}; this Discreet uses v{SCHEMA_VERSION}",
                             "the next start upgrades it in one transaction; back the file up first"))
        else:
            out.append(Check("database", OK, f"{where}: schema v{version} (this Discreet's)"))
        try:
            generated = db.execute("SELECT 1 FROM meta WHERE key = 'secret'").fetchone() is not None
        except sqlite3.Error:
            generated = False
        if generated and os.environ.get("DISCREET_SECRET", "").strip():
            out.append(Check("database", WARN, "DISCREET_SECRET is set, but the database keeps a key generated by "
                                               "earlier runs without it: authors' hashes before and after differ",
                             "unset DISCREET_SECRET to keep the generated key, or accept that per-person counts "
                             "restart"))
        running = _running_pid(path)
        if running:
            out.append(Check("database", OK, f"in use by a running Discreet (pid {running})"))
        try:
            for platform, channel, monitoring, remove in db.execute(
                    "SELECT platform, channel, monitoring, remove FROM channel_settings ORDER BY platform, channel"):
                chats.setdefault(platform, []).append((channel, bool(monitoring), bool(remove)))
        except sqlite3.Error:
            pass
        if chats:
            out.append(Check("database", OK, "settings for " + ", ".join(
                f"{len(v)} {p} {'group' if p == 'telegram' else 'channel'}{'s' if len(v) != 1 else ''}"
                for p, v in sorted(chats.items()))))
    finally:
        db.close()
    return out, chats


def _running_pid(path: Path) -> str | None:
    """The pid in ``<db>.lock`` when a bot holds that lock (``bots.deploy.claim``), else None.
    Creates nothing: no lock file, no answer."""
    import fcntl

    lock = path.with_name(path.name + ".lock")
    try:
        fd = os.open(lock, os.O_RDONLY)
    except OSError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError:
            return os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)


# -- Slack ----------------------------------------------------------------------

def manifest_scopes(text: str | None = None) -> set[str]:
    """The bot scopes the manifest asks for."""
    text = MANIFEST.read_text() if text is None else text
    m = re.search(r"^(\s*)bot:\s*\n((?:\1\s+- .*\n)+)", text, re.M)
    if not m:
        return set()
    return {line.split("#")[0].strip()[2:].strip() for line in m.group(2).splitlines()}


def _slack_why(e: BaseException) -> str:
    from slack_sdk.errors import SlackApiError

    if isinstance(e, SlackApiError):
        return str((e.response.get("error") if e.response is not None else None) or "error")
    return type(e).__name__


async def check_slack(config, channels: list[tuple], timeout: float) -> list[Check]:
    if not config.slack_enabled:
        return [Check("slack", SKIP, "not configured",
                      "set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (HTTP) or "
                      "SLACK_APP_TOKEN (Socket Mode): docs/slack.md")]
    from slack_sdk.errors import SlackApiError
    from slack_sdk.web.async_client import AsyncWebClient

    url = config.slack_api_url
    base = {"base_url": url if url.endswith("/") else url + "/"} if url else {}
    client = AsyncWebClient(token=config.slack_bot_token, timeout=int(max(1, timeout)), **base)
    out: list[Check] = []
    try:
        resp = await asyncio.wait_for(client.auth_test(), timeout)
    except SlackApiError as e:
        code = _slack_why(e)
        return [Check("slack token", FAIL, f"SLACK_BOT_TOKEN: Slack refused it ({code})",
                      "copy the Bot User OAuth Token (xoxb-...) from api.slack.com/apps > your app > "
                      "OAuth & Permissions; if the app was uninstalled or the token revoked, reinstall it")]
    except Exception as e:  # noqa: BLE001 - DNS, TLS, proxy, refused connection, timeout
        where = f"SLACK_API_URL ({url})" if url else "the Slack Web API (slack.com)"
        return [Check("slack token", FAIL, f"cannot reach {where}: {type(e).__name__}",
                      "check the network, proxy and firewall from this host" + (", and SLACK_API_URL" if url else ""))]
    out.append(Check("slack token", OK, f"team {resp.get('team') or '?'} ({resp.get('team_id')}), "
                                        f"bot user {resp.get('user_id')}"))
    header = (resp.headers or {}).get("x-oauth-scopes") if hasattr(resp, "headers") else None
    need = manifest_scopes()
    if header is None:
        out.append(Check("slack scopes", WARN, "Slack did not say which scopes the token has",
                         "compare OAuth & Permissions > Bot Token Scopes with bots/slack/manifest.yml"))
    else:
        have = {s.strip() for s in str(header).split(",") if s.strip()}
        missing, extra = sorted(need - have), sorted(have - need)
        if missing:
            out.append(Check("slack scopes", FAIL, "missing: " + ", ".join(missing),
                             "add them under OAuth & Permissions > Bot Token Scopes (or paste "
                             "bots/slack/manifest.yml), then reinstall the app to the workspace"))
        else:
            out.append(Check("slack scopes", OK, f"all {len(need)} the manifest asks for"))
        if extra:
            out.append(Check("slack scopes", WARN, "more than Discreet needs: " + ", ".join(extra),
                             "remove them (least privilege) and reinstall the app"))
    if config.slack_app_token:
        try:  # a WebSocket URL is handed out, not opened: nothing connects
            await asyncio.wait_for(client.apps_connections_open(app_token=config.slack_app_token), timeout)
            out.append(Check("slack socket mode", OK, "SLACK_APP_TOKEN accepted"))
        except SlackApiError as e:
            out.append(Check("slack socket mode", FAIL, f"SLACK_APP_TOKEN: refused ({_slack_why(e)})",
                             "create an app-level token with connections:write (Basic Information > App-Level "
                             "Tokens) and turn Socket Mode on"))
        except Exception as e:  # noqa: BLE001
            out.append(Check("slack socket mode", WARN, f"SLACK_APP_TOKEN not checked ({type(e).__name__})"))
    monitored = [c for c in channels if c[1]]
    gone = []
    for channel, _, _ in monitored[:MAX_CHATS]:
        try:
            info = (await asyncio.wait_for(client.conversations_info(channel=channel), timeout)).get("channel") or {}
        except SlackApiError as e:
            code = _slack_why(e)
            if code in ("channel_not_found", "is_archived"):
                gone.append(channel)
                continue
            out.append(Check("slack channels", WARN, f"conversations.info refused ({code})",
                             "check the channels:read and groups:read scopes"))
            break
        except Exception as e:  # noqa: BLE001
            out.append(Check("slack channels", WARN, f"conversations.info failed ({type(e).__name__})"))
            break
        if info.get("is_archived") or info.get("is_member") is False:
            gone.append(channel)
    if gone:
        out.append(Check("slack channels", WARN, f"not in {len(gone)} monitored channel(s): " + ", ".join(gone[:20]),
                         "invite the bot there (/invite @Discreet), or ignore if the channel was retired"))
    elif monitored:
        out.append(Check("slack channels", OK, f"a member of the {min(len(monitored), MAX_CHATS)} monitored "
                                               "channel(s) checked"))
    return out


# -- Telegram -------------------------------------------------------------------

async def check_telegram(config, chats: list[tuple], timeout: float) -> list[Check]:
    if not config.telegram_enabled:
        return [Check("telegram", SKIP, "not configured",
                      "set TELEGRAM_BOT_TOKEN (from @BotFather): docs/telegram.md")]
    from telegram import Bot, ChatMember
    from telegram.error import BadRequest, Forbidden, InvalidToken, TelegramError
    from telegram.request import HTTPXRequest

    from discreet.bots.telegram.app import file_url

    request = HTTPXRequest(connect_timeout=timeout, read_timeout=timeout, write_timeout=timeout)
    bot = Bot(config.telegram_bot_token, base_url=config.telegram_api_url,
              base_file_url=file_url(config.telegram_api_url), request=request)
    out: list[Check] = []
    try:
        me = await asyncio.wait_for(bot.get_me(), timeout)
    except InvalidToken:
        return [Check("telegram token", FAIL, "TELEGRAM_BOT_TOKEN: Telegram refused it",
                      "copy the token from @BotFather (/mybots > your bot > API Token); a revoked token must be "
                      "replaced there")]
    except Exception as e:  # noqa: BLE001 - network, TLS, proxy, timeout
        return [Check("telegram token", FAIL, f"cannot reach the Bot API ({config.telegram_api_url}): "
                                              f"{type(e).__name__}",
                      "check the network, proxy and firewall from this host, and TELEGRAM_API_URL")]
    try:
        privacy = not me.can_read_all_group_messages
        out.append(Check("telegram token", OK, f"@{me.username} (id {me.id}); privacy mode "
                                               + ("on: it sees group messages only where it is an admin"
                                                  if privacy else "off: it sees every group message")))
        if config.telegram_webhook_url:
            try:
                info = await asyncio.wait_for(bot.get_webhook_info(), timeout)
                if info.url != config.telegram_webhook_url:
                    out.append(Check("telegram webhook", WARN, "Telegram has another webhook URL than "
                                                               "TELEGRAM_WEBHOOK_URL (or none)",
                                     "start the bot: it registers TELEGRAM_WEBHOOK_URL"))
                elif info.last_error_message:
                    out.append(Check("telegram webhook", WARN, f"Telegram's last delivery failed: "
                                                               f"{info.last_error_message[:120]}",
                                     "check that the URL is reachable over HTTPS from the internet and reaches "
                                     "TELEGRAM_PORT"))
                else:
                    out.append(Check("telegram webhook", OK, f"registered; {info.pending_update_count} "
                                                             "update(s) waiting"))
            except TelegramError as e:
                out.append(Check("telegram webhook", WARN, f"getWebhookInfo failed ({type(e).__name__})"))
        monitored = [c for c in chats if c[1]]
        blind, no_delete, gone, ok = [], [], [], 0
        for chat, _, remove in monitored[:MAX_CHATS]:
            try:
                member = await asyncio.wait_for(bot.get_chat_member(int(chat), me.id), timeout)
            except (Forbidden, BadRequest) as e:
                gone.append((chat, type(e).__name__))
                continue
            except (TelegramError, ValueError, asyncio.TimeoutError) as e:
                out.append(Check("telegram groups", WARN, f"getChatMember failed in {chat} ({type(e).__name__})"))
                continue
            if member.status in (ChatMember.LEFT, ChatMember.BANNED):
                gone.append((chat, member.status))
                continue
            admin = member.status in (ChatMember.ADMINISTRATOR, ChatMember.OWNER)
            if privacy and not admin:
                blind.append(chat)
                continue
            if remove and not (member.status == ChatMember.OWNER or getattr(member, "can_delete_messages", False)):
                no_delete.append(chat)
                continue
            ok += 1
        if blind:
            out.append(Check("telegram groups", FAIL, f"cannot see the messages in {len(blind)} monitored "
                                                      "group(s): " + ", ".join(blind[:20]),
                             "make the bot an admin of each group, or turn privacy mode off in @BotFather "
                             "(/setprivacy > this bot > Disable) and then remove and re-add the bot "
                             "(docs/telegram.md)"))
        if no_delete:
            out.append(Check("telegram groups", WARN, f"removal is on but the bot may not delete messages in "
                                                      f"{len(no_delete)} group(s): " + ", ".join(no_delete[:20]),
                             "make it an admin with 'Delete messages', or /discreet remove off there"))
        if gone:
            out.append(Check("telegram groups", WARN, f"not in {len(gone)} group(s) it has settings for: "
                             + ", ".join(f"{c} ({why})" for c, why in gone[:20]),
                             "add the bot back, or ignore if the group was retired or upgraded to a supergroup"))
        if ok and not (blind or no_delete or gone):
            out.append(Check("telegram groups", OK, f"can read the {ok} monitored group(s) checked"))
        if len(monitored) > MAX_CHATS:
            out.append(Check("telegram groups", WARN, f"{len(monitored) - MAX_CHATS} more group(s) not checked"))
    finally:
        try:
            await bot.shutdown()
        except Exception:  # noqa: BLE001
            pass
    return out


# -- the command ----------------------------------------------------------------

async def diagnose(timeout: float = TIMEOUT_S) -> list[Check]:
    checks, config = check_config()
    db = config.db_path if config is not None else (os.environ.get("DISCREET_DB") or "./discreet.db").strip()
    db_checks, chats = check_database(db)
    checks += db_checks
    if config is None:
        checks.append(Check("bots", SKIP, "not checked until the configuration is fixed"))
        return checks
    slack, telegram = await asyncio.gather(check_slack(config, chats.get("slack", []), timeout),
                                           check_telegram(config, chats.get("telegram", []), timeout))
    return checks + slack + telegram


def render(checks: list[Check], stream=None) -> str:
    from discreet.bots.logformat import paint

    stream = stream or sys.stdout
    width = max(len(c.area) for c in checks)
    colours = {OK: "32", WARN: "33", FAIL: "1;31", SKIP: "2"}
    lines = []
    for c in checks:
        lines.append(f"{c.area:<{width}}  {paint(f'{c.status:<4}', colours[c.status], stream)}  {c.detail}")
        if c.fix and c.status != OK:
            lines.append(f"{'':<{width}}        {'to set up' if c.status == SKIP else 'fix'}: {c.fix}")
    failed = sum(c.status == FAIL for c in checks)
    warned = sum(c.status == WARN for c in checks)
    summary = (f"{failed} problem(s) to fix" if failed else "healthy") + (f", {warned} warning(s)" if warned else "")
    lines.append(paint(summary, "1;31" if failed else "32", stream))
    return "\n".join(lines)


def run(args) -> int:
    checks = asyncio.run(diagnose(max(1.0, float(args.timeout))))
    if args.json:
        print(json.dumps([asdict(c) for c in checks], ensure_ascii=False))
    else:
        print(render(checks))
    return 1 if any(c.status == FAIL for c in checks) else 0
