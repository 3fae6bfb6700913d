"""The Slack adapter: a thin shell of Bolt (async) listeners over ``bots.service``.

Each listener acks, translates the payload into the service's terms, and hands
the slow part (the checker, the store, Web API calls) to a background task, so
the ack never waits for them. A message event is first recorded as a durable
job (ids only, no text) before the ack: see ``delivery.py``. The app runs
with ``process_before_response`` so that the job is recorded and the task
*registered* before Slack gets its 200: ``drain()`` can then wait for every
piece of work a request started (tests, benchmark, shutdown), yet the
listener itself returns at once.

Never logged: message text, user names, request bodies. Bolt's own loggers
get a WARNING floor and a filter that withholds the bodies it would print.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from dataclasses import replace
from typing import Any, Awaitable

from slack_bolt.async_app import AsyncApp
from slack_bolt.middleware.authorization.async_single_team_authorization import AsyncSingleTeamAuthorization
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from discreet.bots.files import MAX_BYTES as MAX_FILE_BYTES
from discreet.bots.files import FileReader

from . import home as home_view
from . import markup, render

PLATFORM = "slack"
MAX_FILES_PER_MESSAGE = 5  # files read from one message; the rest are counted as skipped
FILE_LABELS = {"application/pdf": "PDF"}  # else "image" for image/*, "file" for text/*
NAMES_TTL_S = 15 * 60  # colleagues' names: refreshed in the background after this
NAMES_RETRY_S = 60  # after a failed users.list, try again this soon
MAX_CONCURRENT = 64  # background handlers running Web API calls at once
DIGEST_CHECK_S = 3600.0  # how often the weekly digest looks whether it is due

# Message subtypes that carry a person's words; everything else (joins,
# topic changes, bot messages, deletions...) is ignored.
AUTHORED_SUBTYPES = (None, "file_share", "thread_broadcast", "me_message")

log = logging.getLogger("discreet.slack")


class _WithholdBodies(logging.Filter):
    """Bolt prints a refused or unhandled request with its body: keep the
    first words, drop the body."""

    PREFIXES = ("Unhandled request", "Invalid request signature", "Skipped self event")
    DROP = ("As you gave `client` as well",)  # Bolt saw SLACK_BOT_TOKEN in the environment: harmless

    def filter(self, record: logging.LogRecord) -> bool:
        msg = str(record.msg)
        if msg.startswith(self.DROP):
            return False
        for p in self.PREFIXES:
            if msg.startswith(p):
                record.msg, record.args = f"{p} (details withheld)", ()
        return True


def _quiet_logger(name: str) -> logging.Logger:
    lg = logging.getLogger(name)
    lg.setLevel(max(logging.WARNING, lg.level))
    if not any(isinstance(f, _WithholdBodies) for f in lg.filters):
        lg.addFilter(_WithholdBodies())
    return lg


class CountingHandler(AsyncRetryHandler):
    """Retries nothing: sees every answer of the Web API client first and
    counts the failed ones (``discreet_platform_api_errors``: 429, 5xx,
    ``network``, or Slack's error code for ``ok: false``) and the attempts
    that were retries (``discreet_platform_api_retries``)."""

    def __init__(self, metrics):
        super().__init__(max_retry_count=0)
        self.metrics = metrics

    async def can_retry_async(self, *, state, request, response=None, error=None) -> bool:
        m = self.metrics
        if m is None:
            return False
        if state.current_attempt > 0:  # consulted once per attempt: this one was a retry
            m.api_retry(PLATFORM)
        if error is not None:
            m.api_error(PLATFORM, "network")
        elif response is not None:
            status = response.status_code
            body = response.body if isinstance(response.body, dict) else {}
            if status == 429 or status >= 400:
                m.api_error(PLATFORM, "429" if status == 429 else f"{status // 100}xx")
            elif body.get("ok") is False:
                m.api_error(PLATFORM, str(body.get("error") or "error"))
        return False


def make_client(config, metrics=None) -> AsyncWebClient:
    url = config.slack_api_url
    kwargs = {"base_url": url if url.endswith("/") else url + "/"} if url else {}
    return AsyncWebClient(
        token=config.slack_bot_token,
        logger=_quiet_logger("discreet.slack.web"),
        retry_handlers=[
            CountingHandler(metrics),  # first: counts, never retries
            AsyncConnectionErrorRetryHandler(max_retry_count=2),
            AsyncRateLimitErrorRetryHandler(max_retry_count=3),  # sleeps for Retry-After
            AsyncServerErrorRetryHandler(max_retry_count=2),  # exponential backoff
        ],
        **kwargs,
    )


def to_inbound(event: dict, event_id: str | None):
    """A Slack ``message`` event as a ``bots.service.Inbound``, or None for
    bots, system subtypes, hidden events and edits that left the text as it was."""
    from discreet.bots.service import Inbound

    subtype, edited = event.get("subtype"), False
    if subtype == "message_changed":  # hidden by Slack, but an edit is a new text
        msg, prev = event.get("message") or {}, event.get("previous_message") or {}
        if msg.get("subtype") not in AUTHORED_SUBTYPES or msg.get("text") == prev.get("text"):
            return None  # an unfurl, a reaction count, a bot's own edit...
        edited = True
    elif subtype in AUTHORED_SUBTYPES and not event.get("hidden"):
        msg = event
    else:
        return None
    user, text, ts = msg.get("user"), msg.get("text"), msg.get("ts")
    if msg.get("bot_id") or event.get("bot_id") or not user or not ts or not isinstance(text, str):
        return None
    if event.get("channel_type") == "im" or not event.get("channel"):
        return None
    return Inbound(platform=PLATFORM, channel=event["channel"], user=user, message_id=ts, text=text,
                   event_id=event_id, edited=edited, thread_id=msg.get("thread_ts"))


# "Add to Slack" (installs in many workspaces): the pages Bolt serves, and the
# bot scopes asked for (those of manifest.yml; a test keeps them equal)
INSTALL_PATH, REDIRECT_PATH = "/slack/install", "/slack/oauth_redirect"
BOT_SCOPES = ("channels:history", "groups:history", "channels:read", "groups:read", "chat:write", "commands",
              "users:read", "files:read")


class NotInstalled(RuntimeError):
    """An event or job for a team with no install (never installed, or uninstalled)."""

    def __init__(self, team: str | None):
        super().__init__(f"team {team} has no install")
        self.team = team


class StaffNames:
    """The workspace members' names (``users.list``), cached per team: the core
    never flags a colleague. Stale entries are served while a refresh runs."""

    def __init__(self, client: AsyncWebClient, ttl_s: float = NAMES_TTL_S, *, client_for=None):
        self.client, self.ttl_s = client, ttl_s
        self.client_for = client_for  # async team -> client (installs in many workspaces)
        self._cache: dict[str, tuple[float, frozenset[str], dict[str, str]]] = {}
        self._lock = asyncio.Lock()
        self._refreshing: asyncio.Task | None = None

    async def get(self, team: str | None) -> frozenset[str]:
        return (await self._entry(team))[0]

    async def by_id(self, team: str | None) -> dict[str, str]:
        """Member id -> display name (for ``<@U...>`` mentions)."""
        return (await self._entry(team))[1]

    async def display_name(self, team: str | None, user: str) -> str | None:
        """A member's display name; ``users.info`` for one the cache does not know yet."""
        known = await self.by_id(team)
        name = known.get(user)
        if name is None:  # joined since the last users.list: ask once, remember the answer
            try:
                u = (await (await self._client(team)).users_info(user=user)).get("user") or {}
            except SlackApiError as e:
                log.info("slack: users.info failed for a mention (%s)", _why(e))
                return None
            name = _display(u) or ""
            if len(known) < 100_000:
                known[user] = name
        return name or None

    async def _client(self, team: str | None) -> AsyncWebClient:
        return self.client if self.client_for is None else await self.client_for(team)

    async def _entry(self, team: str | None) -> tuple[frozenset[str], dict[str, str]]:
        key = team or "-"
        entry = self._cache.get(key)
        if entry is None:
            return await self._refresh(key)
        if time.monotonic() >= entry[0] and (self._refreshing is None or self._refreshing.done()):
            self._refreshing = asyncio.create_task(self._refresh(key))
        return entry[1], entry[2]

    async def _refresh(self, key: str) -> tuple[frozenset[str], dict[str, str]]:
        async with self._lock:
            entry = self._cache.get(key)
            if entry is not None and time.monotonic() < entry[0]:
                return entry[1], entry[2]
            try:
                names, by_id = await self._fetch(None if key == "-" else key)
                self._cache[key] = (time.monotonic() + self.ttl_s, names, by_id)
                log.info("slack: %d colleague names cached", len(names))
            except Exception as e:  # noqa: BLE001 - a failed refresh keeps the old names
                log.warning("slack: users.list failed (%s); retrying in %ds", _why(e), NAMES_RETRY_S)
                old = (entry[1], entry[2]) if entry else (frozenset(), {})
                self._cache[key] = (time.monotonic() + NAMES_RETRY_S, *old)
            return self._cache[key][1], self._cache[key][2]

    async def _fetch(self, team: str | None = None) -> tuple[frozenset[str], dict[str, str]]:
        client = await self._client(team)
        names: set[str] = set()
        by_id: dict[str, str] = {}
        cursor = None
        while True:
            resp = await client.users_list(limit=200, cursor=cursor) if cursor else \
                await client.users_list(limit=200)
            for m in resp.get("members") or []:
                if m.get("id") and _display(m):
                    by_id[m["id"]] = _display(m)  # bots too: a mention of a bot is not a patient either
                if m.get("is_bot") or m.get("id") == "USLACKBOT":
                    continue
                prof = m.get("profile") or {}
                for n in (m.get("real_name"), prof.get("real_name"), prof.get("display_name"),
                          prof.get("first_name"), prof.get("last_name")):
                    if n and n.strip():
                        names.add(n.strip())
            cursor = (resp.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                return frozenset(names), by_id


def _display(member: dict) -> str | None:
    """The name Slack shows for a mention: the display name, else the real name."""
    prof = member.get("profile") or {}
    for n in (prof.get("display_name"), prof.get("real_name"), member.get("real_name"), member.get("name")):
        if n and n.strip():
            return n.strip()
    return None


def _why(e: BaseException) -> str:
    """An exception, described without its message (which could hold a payload)."""
    if isinstance(e, SlackApiError):
        code = e.response.get("error") if e.response is not None else None
        return f"Slack API error {code}" if code else "Slack API error"
    return type(e).__name__


class SlackAdapter:
    """The Bolt app, the Web API client, the names cache and the background work."""

    def __init__(self, config, service, *, client: AsyncWebClient | None = None):
        self.config, self.service = config, service
        self.metrics = service.metrics
        self.client = client or make_client(config, self.metrics)
        self.installs = None  # many workspaces: the installs, see installs.py
        self._team_clients: dict[tuple[str, bool], AsyncWebClient] = {}
        self.staff = StaffNames(self.client, client_for=self.client_for if config.slack_oauth else None)
        self.files = FileReader()
        self._tasks: set[asyncio.Task] = set()
        self._sem = asyncio.Semaphore(MAX_CONCURRENT)
        self._digests: asyncio.Task | None = None
        _quiet_logger("slack_sdk")  # the response_url client logs request bodies at DEBUG
        oauth = {}
        if config.slack_oauth:
            from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings

            from .installs import StoreInstallationStore, StoreStateStore
            self.installs = StoreInstallationStore(service.store, config.token_key)
            oauth = dict(installation_store=self.installs, oauth_settings=AsyncOAuthSettings(
                client_id=config.slack_client_id, client_secret=config.slack_client_secret, scopes=list(BOT_SCOPES),
                installation_store=self.installs, state_store=StoreStateStore(service.store),
                install_path=INSTALL_PATH, redirect_uri_path=REDIRECT_PATH))
        self.app = AsyncApp(
            client=self.client,
            signing_secret=config.slack_signing_secret or "",
            logger=_quiet_logger("discreet.slack.bolt"),
            process_before_response=True,  # listeners only spawn: see the module docstring
            **oauth,
        )
        if self.installs is not None:  # app_uninstalled, tokens_revoked: the install is deleted
            self.app.enable_token_revocation_listeners()
        from .delivery import SlackJobs
        self.jobs = SlackJobs(self)  # message events: durable jobs, see delivery.py
        self._register()

    # -- listeners: ack, translate, spawn ------------------------------------

    def _register(self) -> None:
        app = self.app
        app.middleware(self.count_request)
        app.event("message")(self.on_message_event)
        app.event("member_joined_channel")(self.on_member_joined)
        app.command("/discreet")(self.on_discreet)
        app.command("/guidance")(self.on_guidance)
        app.action("false_positive")(self.on_false_positive)
        app.action("show_guidance")(self.on_show_guidance)
        app.shortcut("check_message")(self.on_check_shortcut)
        app.event("app_home_opened")(self.on_home_opened)
        app.action(re.compile(r"^home_(monitoring|mode|policies|files)$"))(self.on_home_setting)
        app.action(re.compile(r"^home_guidance(:.*)?$"))(self.on_home_guidance)
        app.error(self.on_error)

    async def count_request(self, body: dict, next) -> None:
        """Every request Bolt handles (HTTP or Socket Mode), by kind; no id."""
        self.metrics.event(PLATFORM, request_kind(body))
        await next()

    async def on_message_event(self, body: dict, event: dict) -> None:
        inbound = to_inbound(event, body.get("event_id"))
        if inbound is not None:  # the job is recorded before Slack gets its 200
            await self.jobs.submit(inbound, body.get("team_id"))
        files = event.get("files") if event.get("subtype") == "file_share" else None
        if files and isinstance(files, list) and inbound is not None and not inbound.edited:
            self.spawn(self.handle_files(inbound, files, body.get("team_id")), "files",
                       inbound.channel, inbound.event_id)

    async def on_member_joined(self, body: dict, event: dict, context) -> None:
        if event.get("user") and event.get("user") == context.get("bot_user_id"):
            self.spawn(self.handle_join(event["channel"], body.get("event_id"), body.get("team_id")), "join", event.get("channel"),
                       body.get("event_id"))

    async def on_discreet(self, ack, command: dict, respond) -> None:
        await ack()
        self.spawn(self.handle_command(command, respond), "command", command.get("channel_id"))

    async def on_guidance(self, ack, command: dict) -> None:
        try:
            reply = self.service.guidance(command.get("text") or "")
        except Exception as e:  # noqa: BLE001
            log.error("slack: /guidance failed: %s", _why(e))
            await ack(text="Sorry, the guidance is not available right now.", response_type="ephemeral")
            return
        await ack(**render.message(reply), response_type="ephemeral")

    async def on_false_positive(self, ack, body: dict, action: dict, respond) -> None:
        await ack()
        channel, user = _where(body)
        self.spawn(self.handle_feedback(channel, user, action.get("value") or "", respond), "feedback", channel)

    async def on_show_guidance(self, ack, body: dict, action: dict, respond) -> None:
        await ack()
        reply = self.service.guidance(action.get("value") or "")
        self.spawn(respond(**render.message(reply), response_type="ephemeral", replace_original=False),
                   "guidance", _where(body)[0])

    async def on_check_shortcut(self, ack, body: dict, respond) -> None:
        """The message shortcut "Check with Discreet": the message's text checked
        for the person who used it, answered only to them; nothing stored."""
        await ack()
        channel = (body.get("channel") or {}).get("id")
        text = (body.get("message") or {}).get("text") or ""
        if not text.strip():
            self.spawn(respond(text="Discreet: this message has no text I can check (files are checked when "
                                    "they are shared in a channel Discreet is in).", response_type="ephemeral",
                               replace_original=False), "check", channel)
            return
        self.spawn(self.handle_check(channel, text, (body.get("team") or {}).get("id"), respond), "check", channel)

    async def on_home_opened(self, body: dict, event: dict) -> None:
        if event.get("tab", "home") == "home" and event.get("user"):
            self.spawn(self.publish_home(event["user"], team=body.get("team_id")), "home", None, body.get("event_id"))

    async def on_home_setting(self, ack, body: dict, action: dict) -> None:
        await ack()
        user = (body.get("user") or {}).get("id")
        block = str(action.get("block_id") or "")
        change = home_view.setting_of(action)
        if user and block.startswith("ch:") and change:
            team = (body.get("team") or {}).get("id") or body.get("team_id")
            self.spawn(self.handle_home_setting(user, block[3:], *change, team=team), "home setting", block[3:])

    async def on_home_guidance(self, ack, body: dict, action: dict) -> None:
        await ack()
        reply = self.service.guidance(action.get("value") or "")
        trigger = body.get("trigger_id")
        if trigger:
            self.spawn(self.client.views_open(trigger_id=trigger, view=home_view.modal(reply)), "guidance", None)

    async def on_error(self, error: Exception) -> None:
        log.error("slack: listener failed: %s", _why(error))

    # -- background work ------------------------------------------------------

    # -- the client for a team ------------------------------------------------

    async def client_for(self, team: str | None, *, plain: bool = False) -> AsyncWebClient:
        """The Web API client with the bot token of ``team``: SLACK_BOT_TOKEN's
        client for one workspace; with installs, the team's installed token,
        read from the database each time (an uninstall or a re-install
        through another worker holds here at once). ``plain``: without retry
        handlers of its own (the durable path retries itself)."""
        if self.installs is None:
            return self.jobs.client if plain else self.client
        bot = await self.installs.async_find_bot(enterprise_id=None, team_id=team)
        if bot is None:
            raise NotInstalled(team)
        key = (bot.bot_token, plain)
        client = self._team_clients.get(key)
        if client is None:
            if len(self._team_clients) > 10_000:
                self._team_clients.clear()
            base = AsyncWebClient(token=bot.bot_token, base_url=self.client.base_url, logger=self.client.logger,
                                  retry_handlers=self.client.retry_handlers)
            from .delivery import plain_client
            client = self._team_clients[key] = plain_client(base) if plain else base
        return client

    async def dm_nudge(self, out, team: str | None = None) -> None:
        """Slack does not promise to deliver an ephemeral note, nor keep it
        across reloads and devices: an author who opted in also gets the
        note as a direct message from the app. That DM holds only this note,
        without the message's text (a DM is kept in Slack's history)."""
        reply = self.service.pending_nudge(out.kinds, out.sections, PLATFORM)
        client = await self.client_for(team)
        await client.chat_postMessage(channel=out.user, **render.message(reply))
        log.info("slack: high-severity note also sent as a direct message (channel %s)", out.channel)

    async def decode(self, inbound, team: str | None):
        """The Inbound with Slack's markup decoded to the text the author typed
        (mentions become display names, protected from the checker), and the
        names of the colleagues it mentions."""
        names = {uid: n for uid in markup.user_ids(inbound.text)
                 if (n := await self.staff.display_name(team, uid))}
        d = markup.decode(inbound.text, names)
        return replace(inbound, text=d.text, protected=d.mentions), frozenset(d.names)

    async def handle_files(self, inbound, files: list, team: str | None) -> None:
        """Read the text in each shared image, PDF or text file (in memory
        only) and check it as a message of its own, attributed to the file."""
        from dataclasses import replace

        s = await self.service.settings(PLATFORM, inbound.channel)
        if not (s.monitoring and s.policies and s.files):
            return
        client = await self.client_for(team)
        for n, f in enumerate(files):
            if not isinstance(f, dict):
                continue
            if n >= MAX_FILES_PER_MESSAGE:
                self.files.skip("too_many")
                continue
            mimetype, url = str(f.get("mimetype") or ""), f.get("url_private_download") or f.get("url_private")
            label = FILE_LABELS.get(mimetype) or ("image" if mimetype.startswith("image/") else
                                                  "file" if mimetype.startswith("text/") else None)
            if label is None or not isinstance(url, str):
                self.files.skip("unsupported")
                continue
            if int(f.get("size") or 0) > MAX_FILE_BYTES:
                self.files.skip("too_large")
                continue
            data = await self._download(url, client.token)
            if data is None:
                continue
            extracted = await self.files.extract(data, mimetype)
            del data
            if extracted is None or not extracted.text.strip():
                continue
            file_id = str(f.get("id") or n)
            out = await self.service.on_message(replace(
                inbound, text=extracted.text, message_id=f"{inbound.message_id}/{file_id}",
                event_id=f"{inbound.event_id}/{file_id}" if inbound.event_id else None, attachment=label),
                await self.staff.get(team))
            del extracted
            if out is None:
                continue
            kwargs: dict[str, Any] = render.message(out.reply)
            if inbound.thread_id:
                kwargs["thread_ts"] = inbound.thread_id
            await client.chat_postEphemeral(channel=out.channel, user=out.user, **kwargs)
            log.info("slack: nudge for a %s sent in %s (event %s, %s)", label, out.channel, inbound.event_id,
                     ", ".join(out.kinds))
            if out.severity == "high" and await self.service.wants_dm(PLATFORM, out.user, self.config.slack_dm_high):
                await self.dm_nudge(out, team)

    async def _download(self, url: str, token: str) -> bytes | None:
        """A file's bytes with the bot token, in memory, at most MAX_FILE_BYTES.
        The token goes only to Slack's own hosts (or the configured API host)."""
        import aiohttp
        from urllib.parse import urlparse

        host = urlparse(url).hostname or ""
        api_host = urlparse(self.config.slack_api_url or "https://slack.com/api/").hostname or ""
        if not (host == "slack.com" or host.endswith(".slack.com") or host == api_host):
            self.files.skip("unsupported")
            log.warning("slack: a file URL outside Slack was not fetched")
            return None
        timeout = aiohttp.ClientTimeout(total=60)
        try:
            async with aiohttp.ClientSession(timeout=timeout) as http:
                async with http.get(url, headers={"Authorization": f"Bearer {token}"}) as r:
                    if r.status != 200 or (r.content_type or "").startswith("text/html"):
                        self.files.skip("download")  # e.g. the token lacks files:read (Slack answers a login page)
                        log.warning("slack: file download refused (HTTP %s); is files:read granted?", r.status)
                        return None
                    buf = bytearray()
                    async for chunk in r.content.iter_chunked(65536):
                        buf += chunk
                        if len(buf) > MAX_FILE_BYTES:
                            self.files.skip("too_large")
                            return None
                    return bytes(buf)
        except (aiohttp.ClientError, asyncio.TimeoutError) as e:
            self.files.skip("download")
            log.warning("slack: file download failed (%s)", type(e).__name__)
            return None

    async def handle_join(self, channel: str, event_id: str | None = None, team: str | None = None) -> None:
        reply = await self.service.on_join(PLATFORM, channel, event_id)
        if reply is None:  # a retried join event
            return
        await (await self.client_for(team)).chat_postMessage(channel=channel, **render.message(reply))
        log.info("slack: joined %s and introduced itself", channel)

    async def handle_check(self, channel: str | None, text: str, team: str | None, respond) -> None:
        """Check a draft (or an existing message) for one person: Slack's markup
        decoded as for a message (mentions are colleagues); nothing stored."""
        names = {uid: n for uid in markup.user_ids(text) if (n := await self.staff.display_name(team, uid))}
        d = markup.decode(text, names)
        reply = await self.service.check_draft(PLATFORM, channel, d.text, await self.staff.get(team) | frozenset(d.names),
                                               d.mentions)
        await respond(**render.message(reply), response_type="ephemeral", replace_original=False)

    async def publish_home(self, user: str, notice: str | None = None, team: str | None = None) -> None:
        home = await self.service.home(PLATFORM, user, await self.is_admin(user, team), max_channels=home_view.MAX_CHANNELS)
        await (await self.client_for(team)).views_publish(user_id=user, view=home_view.view(home, notice))

    async def handle_home_setting(self, user: str, channel: str, setting: str, value: str,
                                  team: str | None = None) -> None:
        """A setting changed on the App Home: the same admin check and the
        same words as /discreet; the home view is published again with the outcome."""
        admin = await self.is_admin(user, team)
        reply = await self.service.home_setting(PLATFORM, channel, user, admin, setting, value)
        first = next((b.text for b in reply.blocks if hasattr(b, "text") and b.text), reply.title)
        await self.publish_home(user, f"<#{channel}>: {first}" if admin else first, team)

    async def handle_command(self, command: dict, respond) -> None:
        channel, user = command.get("channel_id"), command.get("user_id")
        team = command.get("team_id")
        text = command.get("text") or ""
        if text.split()[:1] and text.split()[0].lower() == "check":  # anyone; no admin or membership look-up
            await self.handle_check(channel, text.strip()[5:], team, respond)
            return
        admin = await self.is_admin(user, team)
        member = await self.is_member(channel, team)
        reply = await self.service.on_command(PLATFORM, channel, user, admin, command.get("text") or "",
                                              member=member)
        await respond(**render.message(reply), response_type="ephemeral")

    async def handle_feedback(self, channel: str, user: str, nudge_id: str, respond) -> None:
        reply = await self.service.on_feedback(PLATFORM, channel, user, nudge_id)
        await respond(**render.message(reply), response_type="ephemeral", replace_original=True)

    async def is_member(self, channel: str | None, team: str | None = None) -> bool | None:
        """Whether the bot is in ``channel`` (``conversations.info``, scopes
        channels:read / groups:read); None when Slack cannot say."""
        if not channel or channel.startswith("D"):
            return None
        try:
            info = (await (await self.client_for(team)).conversations_info(channel=channel)).get("channel") or {}
        except SlackApiError as e:
            code = e.response.get("error") if e.response is not None else None
            if code == "channel_not_found":  # a private channel the bot was not invited to
                return False
            log.warning("slack: conversations.info failed (%s)", _why(e))
            return None
        return bool(info.get("is_member")) if "is_member" in info else None

    async def is_admin(self, user: str | None, team: str | None = None) -> bool:
        """A workspace admin or owner (``users.info``), or a user listed in DISCREET_ADMINS."""
        if not user:
            return False
        if user in self.config.admins:
            return True
        try:
            u = (await (await self.client_for(team)).users_info(user=user)).get("user") or {}
        except SlackApiError as e:
            log.warning("slack: users.info failed (%s); treating the user as not an admin", _why(e))
            return False
        return bool(u.get("is_admin") or u.get("is_owner") or u.get("is_primary_owner"))

    # -- weekly digest ---------------------------------------------------------

    async def admins(self) -> list[str]:
        """The workspace's admins and owners (``users.list``), and DISCREET_ADMINS."""
        out: dict[str, None] = dict.fromkeys(self.config.admins)
        cursor = None
        while True:
            resp = await self.client.users_list(limit=200, cursor=cursor) if cursor else \
                await self.client.users_list(limit=200)
            for m in resp.get("members") or []:
                if m.get("id") and not m.get("is_bot") and not m.get("deleted") and \
                        (m.get("is_admin") or m.get("is_owner") or m.get("is_primary_owner")):
                    out[m["id"]] = None
            cursor = (resp.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                return list(out)

    async def send_digests(self, now: float | None = None) -> int:
        """The weekly digest, when it is on and due: one direct message from
        the app to each admin. Returns how many were sent."""
        if not await self.service.digest_due(PLATFORM, now=now):
            return 0
        labels = {}
        for channel, _ in await self.service.store.channels(PLATFORM):
            try:
                info = (await self.client.conversations_info(channel=channel)).get("channel") or {}
                if info.get("name"):
                    labels[channel] = f"#{info['name']}"
            except SlackApiError as e:
                log.info("slack: conversations.info failed for the digest (%s)", _why(e))
        reply = await self.service.digest(PLATFORM, labels=labels, now=now)
        sent = 0
        for admin in await self.admins():
            try:
                await self.client.chat_postMessage(channel=admin, **render.message(reply))
                sent += 1
            except SlackApiError as e:
                log.warning("slack: the weekly digest was not sent to an admin (%s)", _why(e))
        await self.service.digest_sent(PLATFORM, now=now)
        log.info("slack: weekly digest sent to %d admins", sent)
        return sent

    async def _digest_forever(self) -> None:
        while True:
            try:
                await self.send_digests()
            except asyncio.CancelledError:
                raise
            except Exception as e:  # noqa: BLE001 - tried again at the next check
                log.warning("slack: weekly digest failed (%s)", _why(e))
            await asyncio.sleep(DIGEST_CHECK_S)

    async def stop_digests(self) -> None:
        task, self._digests = self._digests, None
        if task is not None:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    # -- task bookkeeping -----------------------------------------------------

    def spawn(self, work: Awaitable, what: str, channel: str | None, event_id: str | None = None) -> None:
        task = asyncio.get_running_loop().create_task(self._guard(work, what, channel, event_id))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _guard(self, work: Awaitable, what: str, channel, event_id) -> None:
        try:
            async with self._sem:
                await work
        except asyncio.CancelledError:
            raise
        except Exception as e:  # noqa: BLE001 - one failed message never stops the app
            log.error("slack: %s failed in %s (event %s): %s", what, channel, event_id or "-", _why(e))

    async def drain(self) -> None:
        """Wait until every piece of background work started so far is done."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def start(self) -> dict:
        """Check the token with ``auth.test`` and warm the names cache. Bolt's
        own authorization would call ``auth.test`` before acking the first
        request: it gets this result instead, so no ack ever waits on Slack."""
        if self.installs is not None:  # many workspaces: no token of its own to check
            self._warm = asyncio.create_task(asyncio.to_thread(self.service.guidance, ""))
            return {"ok": True, "installs": True}
        resp = await self.client.auth_test()
        for m in getattr(self.app, "_async_middleware_list", ()):
            if isinstance(m, AsyncSingleTeamAuthorization) and m.auth_test_result is None:
                m.auth_test_result = resp
        await self.staff.get(resp.get("team_id"))
        # load the guidance (the nudges cite it) now, in a thread, while the
        # app already serves: not on the first nudge, where it would hold up
        # the acks queued behind it
        self._warm = asyncio.create_task(asyncio.to_thread(self.service.guidance, ""))
        if self._digests is None:
            self._digests = asyncio.create_task(self._digest_forever(), name="discreet-slack-digest")
        return dict(resp.data) if hasattr(resp, "data") else dict(resp)


def request_kind(body: dict) -> str:
    """message, edit, join, event, command, action or other (for metrics)."""
    if not isinstance(body, dict):
        return "other"
    if body.get("command"):
        return "command"
    if body.get("type") == "event_callback":
        event = body.get("event") or {}
        if event.get("type") == "message":
            return "edit" if event.get("subtype") == "message_changed" else "message"
        return "join" if event.get("type") == "member_joined_channel" else "event"
    if body.get("type") in ("block_actions", "message_action", "shortcut", "view_submission", "view_closed"):
        return "action"
    return "other"


def _where(body: dict) -> tuple[str | None, str | None]:
    channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id")
    return channel, (body.get("user") or {}).get("id")
