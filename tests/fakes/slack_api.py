"""A fake Slack Web API server for tests and benchmarks, faked at the wire.

An aiohttp server on 127.0.0.1 (random port) that the real ``AsyncWebClient``
talks to through ``base_url``. It records every call and answers the methods
Discreet uses: ``auth.test``, ``chat.postEphemeral``, ``chat.postMessage``,
``users.info``, ``users.list`` (paginated), ``conversations.info``,
``views.publish`` (the App Home; ``home_of(user)`` is the last view published)
and ``views.open`` (a modal), the
``response_url`` hooks of slash commands and buttons (``/hooks/<name>``), and
Socket Mode: ``apps.connections.open`` hands out ``ws://127.0.0.1/ws``, where
``socket_send(type, payload)`` pushes an envelope and ``socket_acks`` collects
the app's acknowledgements.

It can be told to fail a method: ``fail(method, status=429, retry_after=1)``
or ``fail(method, status=503)``, for the next ``times`` calls; to hold calls
of a method open (``hold(method)``: they wait, unanswered and not counted,
until ``release()``; a held call whose client died is never counted); and to
inject seeded random faults into every call of some methods
(``faults(seed, p5xx=, p429=, pslow=, pdrop=)``: 500/503, 429 with
Retry-After, a slow answer, a connection closed before the call is handled).

It keeps the channels' history (``remember(event)``, ``forget(channel,
ts)``; ``SlackSender`` with ``api=`` remembers what it sends), served by
``conversations.history`` (``latest``/``oldest``/``inclusive``/``limit``)
and ``conversations.replies`` (the parent first, then replies in range).

Also here: ``sign`` / ``signed_headers``, which sign a request body exactly as
Slack does (v0 HMAC-SHA256 over ``v0:{timestamp}:{body}``).

Only synthetic people live here.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import random
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode

from aiohttp import web

from tests.fakes import serve_local

TEAM_ID = "T0DISCRT"
BOT_USER_ID = "U0BOT0001"
BOT_ID = "B0BOT0001"
TOKEN = "xoxb-test-token-not-real"
APP_TOKEN = "xapp-test-app-token-not-real"
SIGNING_SECRET = "test-signing-secret-not-real"
# The bot token's scopes, as Slack reports them on every call (``x-oauth-scopes``): the manifest's.
SCOPES = ("channels:history", "groups:history", "channels:read", "groups:read", "chat:write", "commands",
          "users:read", "files:read")

# Synthetic colleagues. Their names must never trigger a nudge.
DEFAULT_USERS = (
    {"id": "U0ADMIN01", "name": "nomsa", "real_name": "Nomsa Khumalo", "display_name": "Dr Nomsa",
     "is_admin": True},
    {"id": "U0OWNER01", "name": "pieter", "real_name": "Pieter van Wyk", "display_name": "Pieter",
     "is_owner": True},
    {"id": "U0NURSE01", "name": "thandi", "real_name": "Thandiwe Mokoena", "display_name": "Sister Thandi"},
    {"id": "U0INTRN01", "name": "ravi", "real_name": "Ravi Pillay", "display_name": "Ravi"},
    {"id": "U0REGST01", "name": "lerato", "real_name": "Lerato Sithole", "display_name": "Lerato"},
    {"id": BOT_USER_ID, "name": "discreet", "real_name": "Discreet", "display_name": "Discreet",
     "is_bot": True},
)


def sign(secret: str, body: str | bytes, timestamp: int | str) -> str:
    raw = body.encode() if isinstance(body, str) else body
    base = f"v0:{timestamp}:".encode() + raw
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def signed_headers(secret: str, body: str | bytes, *, timestamp: int | None = None,
                   content_type: str = "application/json", retry_num: int | None = None) -> dict:
    ts = int(time.time()) if timestamp is None else timestamp
    headers = {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": str(ts),
        "X-Slack-Signature": sign(secret, body, ts),
    }
    if retry_num is not None:
        headers["X-Slack-Retry-Num"] = str(retry_num)
        headers["X-Slack-Retry-Reason"] = "http_timeout"
    return headers


@dataclass
class Call:
    method: str
    args: dict
    headers: dict = field(default_factory=dict)
    at: float = 0.0  # time.perf_counter() when the call was handled (counted)
    started: float = 0.0  # time.perf_counter() when its request arrived


class FakeSlackAPI:
    """``async with FakeSlackAPI() as api:`` then point the client at ``api.base_url``."""

    def __init__(self, users=DEFAULT_USERS, *, token: str = TOKEN, page_size: int = 2,
                 members_of: dict[str, list[str]] | None = None):
        self.users = {u["id"]: dict(u) for u in users}
        self.token = token
        self.page_size = page_size
        self.calls: list[Call] = []
        self.hooks: list[Call] = []
        self._failures: dict[str, list[tuple[int, int | None]]] = {}
        self._rejections: dict[str, list[str]] = {}
        self.failed: list[str] = []  # methods answered with a 429/5xx or an error
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.port = 0
        self._ts = 1700000000
        self.sockets: list[web.WebSocketResponse] = []
        self.socket_acks: dict[str, dict] = {}
        self._envelopes = 0
        self.files: dict[str, tuple[bytes, str]] = {}  # file id -> (bytes, mimetype)
        self.downloads: list[tuple[str, str]] = []  # (file id, Authorization header)
        self.not_member_of: set[str] = set()  # channels the bot was not invited to
        self.history: dict[str, dict[str, dict]] = {}  # channel -> ts -> message
        self._hold: dict[str, int] = {}
        self.held: list[Call] = []  # calls held open (never answered unless released)
        self._released = asyncio.Event()
        self._closing = False
        self._faults: dict | None = None
        self.injected: dict[str, int] = {}  # fault kind -> count
        self.scopes: tuple[str, ...] | None = SCOPES  # None: no x-oauth-scopes header
        # "Add to Slack": the app's credentials, codes Slack would hand the
        # browser, and the bot tokens issued per team (any of them is accepted)
        self.oauth_client: tuple[str, str] | None = None
        self.codes: dict[str, str] = {}  # code -> team id
        self.team_tokens: dict[str, str] = {}  # bot token -> team id
        self._bearer: str | None = None

    # -- lifecycle ----------------------------------------------------------

    async def start(self) -> "FakeSlackAPI":
        app = web.Application()
        app.router.add_post("/api/{method}", self._api)
        app.router.add_get("/api/{method}", self._api)
        app.router.add_post("/hooks/{name}", self._hook)
        app.router.add_get("/ws", self._ws)
        app.router.add_get("/files-pri/{team_file}/download/{name}", self._file)
        self._runner, self.port = await serve_local(app)
        return self

    async def close(self) -> None:
        self._closing = True
        self._released.set()
        for ws in list(self.sockets):
            await ws.close()
        if self._runner:
            await self._runner.cleanup()

    async def __aenter__(self):
        return await self.start()

    async def __aexit__(self, *exc):
        await self.close()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/{name}"

    # -- test controls ------------------------------------------------------

    def fail(self, method: str, *, status: int = 429, retry_after: int | None = 1, times: int = 1) -> None:
        self._failures.setdefault(method, []).extend([(status, retry_after)] * times)

    def reject(self, method: str, error: str = "user_not_in_channel", *, times: int = 1) -> None:
        """Answer the next ``times`` calls of ``method`` with HTTP 200 and ``{"ok": false}``."""
        self._rejections.setdefault(method, []).extend([error] * times)

    def hold(self, method: str, times: int = 1_000_000) -> None:
        """Hold the next ``times`` calls of ``method`` open, unanswered and uncounted."""
        self._hold[method] = times
        self._released.clear()

    def release(self) -> None:
        """Stop holding; held calls whose client is still there are handled."""
        self._hold.clear()
        self._released.set()

    def faults(self, seed: int, *, p5xx: float = 0.05, p429: float = 0.03, pslow: float = 0.02,
               pdrop: float = 0.01, slow_s: float = 1.5, retry_after: int = 1,
               methods: tuple[str, ...] = ("chat.postEphemeral", "conversations.history",
                                           "conversations.replies", "users.list")) -> None:
        """Seeded random faults on every call of ``methods`` from now on."""
        self._faults = {"rng": random.Random(seed), "p5xx": p5xx, "p429": p429, "pslow": pslow, "pdrop": pdrop,
                        "slow_s": slow_s, "retry_after": retry_after, "methods": frozenset(methods)}

    def remember(self, event: dict) -> None:
        """Keep a message (or apply an edit) in the channel's history, as Slack would."""
        if event.get("type") != "message" or not event.get("channel"):
            return
        channel = self.history.setdefault(event["channel"], {})
        if event.get("subtype") == "message_changed":
            msg = event.get("message") or {}
            if msg.get("ts") in channel:
                channel[msg["ts"]] = {**channel[msg["ts"]], **msg}
            return
        if event.get("subtype") in ("message_deleted",) or event.get("hidden"):
            return
        msg = {k: v for k, v in event.items() if k not in ("channel", "channel_type", "event_ts")}
        channel[event["ts"]] = msg

    def forget(self, channel: str, ts: str) -> None:
        """The message was deleted."""
        self.history.get(channel, {}).pop(ts, None)

    def calls_to(self, method: str) -> list[dict]:
        return [c.args for c in self.calls if c.method == method]

    def hook_posts(self, name: str | None = None) -> list[dict]:
        return [c.args for c in self.hooks if name is None or c.method == name]

    async def wait_until(self, predicate, timeout: float = 10.0) -> None:
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(predicate), timeout)

    async def socket_send(self, envelope_type: str, payload: dict, *, accepts_response_payload: bool = False,
                          retry_attempt: int = 0) -> str:
        """Push one Socket Mode envelope to the newest connection; returns its id."""
        self._envelopes += 1
        envelope_id = f"env-{self._envelopes:06d}"
        await self.sockets[-1].send_json({
            "envelope_id": envelope_id, "type": envelope_type, "payload": payload,
            "accepts_response_payload": accepts_response_payload,
            "retry_attempt": retry_attempt, "retry_reason": "timeout" if retry_attempt else ""})
        return envelope_id

    async def wait_for(self, method: str, count: int = 1, timeout: float = 10.0) -> list[dict]:
        """Wait until ``method`` was called at least ``count`` times (a hook: ``hook:<name>``)."""

        def enough():
            if method.startswith("hook:"):
                return len(self.hook_posts(method[5:])) >= count
            return len(self.calls_to(method)) >= count

        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(enough), timeout)
        return self.hook_posts(method[5:]) if method.startswith("hook:") else self.calls_to(method)

    def add_file(self, file_id: str, data: bytes, mimetype: str, name: str) -> dict:
        """Host a file as Slack does (``url_private_download``, bot token
        required) and return its object as a ``file_share`` event carries it."""
        self.files[file_id] = (data, mimetype)
        url = f"http://127.0.0.1:{self.port}/files-pri/T0HOSP-{file_id}/download/{name}"
        return {"id": file_id, "name": name, "title": name, "mimetype": mimetype, "filetype": name.rsplit(".", 1)[-1],
                "size": len(data), "mode": "hosted", "url_private": url, "url_private_download": url}

    # -- handlers -----------------------------------------------------------

    async def _file(self, request: web.Request) -> web.Response:
        file_id = request.match_info["team_file"].split("-", 1)[-1]
        auth = request.headers.get("Authorization", "")
        self.downloads.append((file_id, auth))
        if auth != f"Bearer {self.token}" or file_id not in self.files:
            return web.Response(status=404, text="<html>not found</html>", content_type="text/html")
        data, mimetype = self.files[file_id]
        return web.Response(body=data, content_type=mimetype)

    async def _args(self, request: web.Request) -> dict:
        args = dict(request.query)
        raw = await request.read()
        if raw:
            if request.content_type == "application/json":
                args.update(json.loads(raw))
            else:
                args.update(parse_qsl(raw.decode()))
        for key in ("blocks", "attachments"):
            if isinstance(args.get(key), str):
                args[key] = json.loads(args[key])
        return args

    async def _record(self, target: list, name: str, args: dict, request: web.Request) -> None:
        async with self._changed:
            now = time.perf_counter()
            target.append(Call(name, args, dict(request.headers), now, request.get("started", now)))
            self._changed.notify_all()

    async def _fault(self, method: str, request: web.Request) -> web.Response | None:
        f = self._faults
        if f is None or method not in f["methods"]:
            return None
        x = f["rng"].random()
        for kind in ("p5xx", "p429", "pslow", "pdrop"):
            if x < f[kind]:
                break
            x -= f[kind]
        else:
            return None
        self.injected[kind] = self.injected.get(kind, 0) + 1
        if kind == "pslow":
            await asyncio.sleep(f["slow_s"])
            return None
        self.failed.append(method)
        if kind == "pdrop":  # the connection closes before the call is handled
            request.transport.close()
            return web.Response(status=503)
        if kind == "p429":
            return web.json_response({"ok": False, "error": "ratelimited"}, status=429,
                                     headers={"Retry-After": str(f["retry_after"])})
        status = f["rng"].choice((500, 503))
        return web.json_response({"ok": False, "error": "fatal_error"}, status=status)

    async def _api(self, request: web.Request) -> web.Response:
        request["started"] = time.perf_counter()
        method = request.match_info["method"]
        args = await self._args(request)
        if self._hold.get(method, 0) > 0:
            self._hold[method] -= 1
            call = Call(method, args, dict(request.headers), time.perf_counter())
            async with self._changed:
                self.held.append(call)
                self._changed.notify_all()
            await self._released.wait()
            if self._closing or request.transport is None or request.transport.is_closing():
                return web.Response(status=503)  # its client is gone: never handled
        faulted = await self._fault(method, request)
        if faulted is not None:
            return faulted
        pending = self._failures.get(method)
        if pending:
            self.failed.append(method)
            status, retry_after = pending.pop(0)
            headers = {"Retry-After": str(retry_after)} if status == 429 and retry_after is not None else {}
            return web.json_response({"ok": False, "error": "ratelimited" if status == 429 else "fatal_error"},
                                     status=status, headers=headers)
        auth = request.headers.get("Authorization", "")
        if method == "oauth.v2.access":
            return web.json_response(self._oauth_access(args, auth))
        token = APP_TOKEN if method == "apps.connections.open" else self.token
        bearer = auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else args.get("token")
        if bearer != token and bearer not in self.team_tokens:
            return web.json_response({"ok": False, "error": "invalid_auth"})
        rejected = self._rejections.get(method)
        if rejected:
            self.failed.append(method)
            return web.json_response({"ok": False, "error": rejected.pop(0)})
        await self._record(self.calls, method, args, request)
        self._bearer = bearer
        handler = getattr(self, "_m_" + method.replace(".", "_"), None)
        if handler is None:
            return web.json_response({"ok": False, "error": "unknown_method"})
        headers = {"x-oauth-scopes": ",".join(self.scopes)} if self.scopes is not None else {}
        return web.json_response(handler(args), headers=headers)

    async def _hook(self, request: web.Request) -> web.Response:
        args = await self._args(request)
        await self._record(self.hooks, request.match_info["name"], args, request)
        return web.Response(text="ok")

    async def _ws(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        async with self._changed:
            self.sockets.append(ws)
            self._changed.notify_all()
        await ws.send_json({"type": "hello", "num_connections": 1,
                            "debug_info": {"host": "fake", "approximate_connection_time": 3600}})
        async for msg in ws:
            try:
                data = json.loads(msg.data)
            except (TypeError, ValueError):
                continue
            if isinstance(data, dict) and data.get("envelope_id"):
                async with self._changed:
                    self.socket_acks[data["envelope_id"]] = data
                    self._changed.notify_all()
        async with self._changed:
            self.sockets.remove(ws)
        return ws

    # -- "Add to Slack" ------------------------------------------------------

    def grant(self, team: str) -> str:
        """A user approved the install in ``team``: the code Slack puts in the redirect."""
        code = f"code-{team}-{len(self.codes)}"
        self.codes[code] = team
        return code

    def revoke_team(self, team: str) -> None:
        """Slack revokes the team's tokens (as after an uninstall)."""
        self.team_tokens = {t: tm for t, tm in self.team_tokens.items() if tm != team}

    def _oauth_access(self, args: dict, auth: str) -> dict:
        import base64
        cid, secret = args.get("client_id"), args.get("client_secret")
        if auth.startswith("Basic "):
            cid, _, secret = base64.b64decode(auth[6:]).decode().partition(":")
        if self.oauth_client is None or (cid, secret) != self.oauth_client:
            return {"ok": False, "error": "invalid_client_id"}
        team = self.codes.pop(args.get("code", ""), None)  # a code works once
        if team is None:
            return {"ok": False, "error": "invalid_code"}
        token = f"xoxb-{team.lower()}-{len(self.team_tokens) + 1:04d}"
        self.team_tokens[token] = team
        self.calls.append(Call("oauth.v2.access", {"code": "(used)"}, {}, time.perf_counter()))
        return {"ok": True, "access_token": token, "token_type": "bot", "scope": args.get("scope") or
                "channels:history,chat:write", "bot_user_id": BOT_USER_ID, "app_id": "A0DISCRT",
                "team": {"id": team, "name": f"Ward {team}"}, "enterprise": None, "is_enterprise_install": False,
                "authed_user": {"id": "U0ADMIN01"}}

    def token_of(self, call) -> str | None:
        """The bot token a recorded call was made with."""
        auth = (call.headers or {}).get("Authorization", "")
        return auth.removeprefix("Bearer ") or None

    # -- methods ------------------------------------------------------------

    def _m_apps_connections_open(self, args):
        return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/ws"}

    def _next_ts(self) -> str:
        self._ts += 1
        return f"{self._ts}.000100"

    def _m_auth_test(self, args):
        team = self.team_tokens.get(self._bearer or "", TEAM_ID)
        return {"ok": True, "url": "https://discreet-test.slack.com/", "team": "Discreet Test",
                "user": "discreet", "team_id": team, "user_id": BOT_USER_ID, "bot_id": BOT_ID,
                "is_enterprise_install": False}

    def _m_chat_postEphemeral(self, args):
        if not args.get("channel") or not args.get("user"):
            return {"ok": False, "error": "invalid_arguments"}
        return {"ok": True, "message_ts": self._next_ts()}

    def _m_chat_postMessage(self, args):
        if not args.get("channel"):
            return {"ok": False, "error": "channel_not_found"}
        return {"ok": True, "channel": args["channel"], "ts": self._next_ts(),
                "message": {"text": args.get("text", ""), "bot_id": BOT_ID}}

    def _user(self, u: dict) -> dict:
        return {
            "id": u["id"], "team_id": TEAM_ID, "name": u["name"], "deleted": False,
            "real_name": u["real_name"], "is_bot": u.get("is_bot", False),
            "is_admin": u.get("is_admin", False), "is_owner": u.get("is_owner", False),
            "is_primary_owner": False,
            "profile": {"real_name": u["real_name"], "display_name": u["display_name"]},
        }

    def _m_users_info(self, args):
        u = self.users.get(args.get("user", ""))
        return {"ok": True, "user": self._user(u)} if u else {"ok": False, "error": "user_not_found"}

    def _m_users_list(self, args):
        ids = sorted(self.users)
        start = int(args.get("cursor") or 0)
        limit = min(int(args.get("limit") or self.page_size), self.page_size)
        page = ids[start:start + limit]
        nxt = str(start + limit) if start + limit < len(ids) else ""
        return {"ok": True, "members": [self._user(self.users[i]) for i in page],
                "response_metadata": {"next_cursor": nxt}}

    def _m_conversations_history(self, args):
        channel = self.history.get(args.get("channel", ""))
        if channel is None:
            return {"ok": False, "error": "channel_not_found"}
        latest, inclusive = args.get("latest"), str(args.get("inclusive", "")).lower() in ("1", "true")
        oldest = args.get("oldest")
        msgs = [m for ts, m in channel.items() if m.get("thread_ts") in (None, ts)
                or m.get("subtype") == "thread_broadcast"]
        msgs = [m for m in msgs if _in_range(m["ts"], oldest, latest, inclusive)]
        msgs.sort(key=lambda m: float(m["ts"]), reverse=True)
        limit = int(args.get("limit") or 100)
        return {"ok": True, "messages": msgs[:limit], "has_more": len(msgs) > limit}

    def _m_conversations_replies(self, args):
        channel = self.history.get(args.get("channel", ""))
        ts = args.get("ts", "")
        if channel is None:
            return {"ok": False, "error": "channel_not_found"}
        if ts not in channel:
            return {"ok": False, "error": "thread_not_found"}
        parent = channel[ts].get("thread_ts") or ts
        inclusive = str(args.get("inclusive", "")).lower() in ("1", "true")
        thread = sorted((m for m in channel.values() if m.get("thread_ts") == parent and m["ts"] != parent),
                        key=lambda m: float(m["ts"]))
        thread = [m for m in thread if _in_range(m["ts"], args.get("oldest"), args.get("latest"), inclusive)]
        head = [channel[parent]] if parent in channel else []
        limit = int(args.get("limit") or 1000)
        return {"ok": True, "messages": (head + thread)[:limit], "has_more": len(head + thread) > limit}

    def home_of(self, user: str) -> dict | None:
        """The last App Home view published for ``user``."""
        views = [c for c in self.calls_to("views.publish") if c.get("user_id") == user]
        return views[-1]["view"] if views else None

    def _view(self, args) -> dict | None:
        v = args.get("view")
        v = json.loads(v) if isinstance(v, str) else v
        if not isinstance(v, dict) or not isinstance(v.get("blocks"), list) or len(v["blocks"]) > 100:
            return None
        args["view"] = v
        return v

    def _m_views_publish(self, args):
        v = self._view(args)
        if args.get("user_id") not in self.users or v is None or v.get("type") != "home":
            return {"ok": False, "error": "invalid_arguments"}
        return {"ok": True, "view": {"id": "V0HOME", **v}}

    def _m_views_open(self, args):
        v = self._view(args)
        if not args.get("trigger_id") or v is None or v.get("type") != "modal" or len(v["title"]["text"]) > 24:
            return {"ok": False, "error": "invalid_arguments"}
        return {"ok": True, "view": {"id": "V0MODAL", **v}}

    def _m_conversations_info(self, args):
        ch = args.get("channel", "")
        return {"ok": True, "channel": {"id": ch, "name": f"ward-{ch[-3:].lower()}", "is_channel": True,
                                        "is_member": ch not in self.not_member_of, "is_private": False}}


def _in_range(ts: str, oldest, latest, inclusive: bool) -> bool:
    t = float(ts)
    if latest is not None and (t > float(latest) or (t == float(latest) and not inclusive)):
        return False
    if oldest is not None and (t < float(oldest) or (t == float(oldest) and not inclusive)):
        return False
    return True


class SlackSender:
    """Slack's side of the wire: signed event, slash-command and interactivity
    requests to the app's ``/slack/events`` over real HTTP."""

    def __init__(self, session, url: str, secret: str = SIGNING_SECRET, team: str = TEAM_ID,
                 api: FakeSlackAPI | None = None):
        self.session, self.url, self.secret, self.team, self.api = session, url, secret, team, api
        self._n = 0

    def _next(self) -> int:
        self._n += 1
        return self._n

    async def post(self, body: str, content_type: str, *, secret: str | None = None,
                   timestamp: int | None = None, retry_num: int | None = None,
                   signature: str | None = None):
        headers = signed_headers(secret or self.secret, body, timestamp=timestamp,
                                 content_type=content_type, retry_num=retry_num)
        if signature is not None:
            headers["X-Slack-Signature"] = signature
        async with self.session.post(self.url, data=body.encode(), headers=headers) as resp:
            text = await resp.text()
            return resp.status, (json.loads(text) if text.startswith("{") else text)

    def event_body(self, event: dict, event_id: str | None = None) -> tuple[str, str]:
        event_id = event_id or f"Ev{self._next():08d}"
        body = {"token": "unused", "team_id": self.team, "api_app_id": "A0DISCRT", "event": event,
                "type": "event_callback", "event_id": event_id, "event_time": int(time.time()),
                "authorizations": [{"team_id": self.team, "user_id": BOT_USER_ID, "is_bot": True}]}
        return json.dumps(body), event_id

    async def event(self, event: dict, event_id: str | None = None, **kw):
        if self.api is not None:
            self.api.remember(event)
        body, _ = self.event_body(event, event_id)
        return await self.post(body, "application/json", **kw)

    def message_event(self, text: str, *, user: str = "U0NURSE01", channel: str = "C0WARD001",
                      ts: str | None = None, **extra) -> dict:
        ts = ts or f"{1700000000 + self._next()}.000200"
        return {"type": "message", "channel": channel, "user": user, "text": text, "ts": ts,
                "channel_type": "channel", "team": self.team, **extra}

    async def message(self, text: str, *, event_id: str | None = None, **kw):
        return await self.event(self.message_event(text, **kw), event_id)

    async def command(self, command: str, text: str, *, user: str = "U0NURSE01",
                      channel: str = "C0WARD001"):
        hook = f"cmd{self._next()}"
        form = {"token": "unused", "team_id": self.team, "channel_id": channel, "channel_name": "ward",
                "user_id": user, "user_name": "someone", "command": command, "text": text,
                "api_app_id": "A0DISCRT", "trigger_id": f"trig.{hook}",
                "response_url": self.api.response_url(hook) if self.api else f"http://127.0.0.1:9/{hook}"}
        status, body = await self.post(urlencode(form), "application/x-www-form-urlencoded")
        return status, body, hook

    async def action(self, action_id: str, value: str, *, user: str = "U0NURSE01",
                     channel: str = "C0WARD001"):
        hook = f"act{self._next()}"
        payload = {
            "type": "block_actions", "team": {"id": self.team}, "user": {"id": user, "team_id": self.team},
            "api_app_id": "A0DISCRT", "token": "unused", "trigger_id": f"trig.{hook}",
            "container": {"type": "message", "message_ts": "1700000000.000300", "channel_id": channel,
                          "is_ephemeral": True},
            "channel": {"id": channel, "name": "ward"},
            "response_url": self.api.response_url(hook) if self.api else f"http://127.0.0.1:9/{hook}",
            "actions": [{"type": "button", "action_id": action_id, "block_id": "b1", "value": value,
                         "action_ts": str(time.time()), "text": {"type": "plain_text", "text": "x"}}],
        }
        status, body = await self.post(urlencode({"payload": json.dumps(payload)}),
                                       "application/x-www-form-urlencoded")
        return status, body, hook

    async def interactive(self, payload: dict):
        """Any interactivity payload, as Slack posts it."""
        return await self.post(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")

    async def shortcut(self, message: dict, *, user: str = "U0NURSE01", channel: str = "C0WARD001",
                       callback_id: str = "check_message"):
        """A message shortcut used on ``message`` (an event's message) by ``user``."""
        hook = f"sc{self._next()}"
        payload = {
            "type": "message_action", "callback_id": callback_id, "trigger_id": f"trig.{hook}",
            "team": {"id": self.team}, "user": {"id": user, "team_id": self.team}, "api_app_id": "A0DISCRT",
            "token": "unused", "channel": {"id": channel, "name": "ward"}, "message_ts": message.get("ts"),
            "message": {k: v for k, v in message.items() if k not in ("channel", "channel_type")},
            "response_url": self.api.response_url(hook) if self.api else f"http://127.0.0.1:9/{hook}",
        }
        status, body = await self.interactive(payload)
        return status, body, hook

    async def home_opened(self, user: str, tab: str = "home"):
        return await self.event({"type": "app_home_opened", "user": user, "channel": "D0HOME" + user[-3:],
                                 "tab": tab, "event_ts": str(time.time())})

    async def home_action(self, user: str, action: dict, block_id: str):
        """A control on the App Home used by ``user`` (no response_url there)."""
        payload = {
            "type": "block_actions", "team": {"id": self.team}, "user": {"id": user, "team_id": self.team},
            "api_app_id": "A0DISCRT", "token": "unused", "trigger_id": f"trig.home{self._next()}",
            "container": {"type": "view", "view_id": "V0HOME"},
            "view": {"id": "V0HOME", "type": "home", "blocks": []},
            "actions": [{"block_id": block_id, "action_ts": str(time.time()), **action}],
        }
        return await self.interactive(payload)
