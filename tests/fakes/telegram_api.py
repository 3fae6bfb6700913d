"""A local fake of the Telegram Bot API, at the wire, for end-to-end tests.

aiohttp on 127.0.0.1 (random port) serving ``/bot<token>/<method>`` the way
python-telegram-bot calls it (form-encoded or JSON bodies, JSON answers).
The test pushes updates with :meth:`FakeTelegram.push` and reads what the
bot did from :attr:`FakeTelegram.sent`, :attr:`deleted`, :attr:`calls`.

What it models: getMe, getUpdates (long polling, short timeout), sendMessage
(403 "bot can't initiate conversation" for users who never started the bot;
a 429 with ``parameters.retry_after`` on request), deleteMessage,
getChatMember, getChat, answerCallbackQuery, setMyCommands, deleteWebhook,
editMessageText, setWebhook, getWebhookInfo.
"""

from __future__ import annotations

import asyncio
import contextvars
import itertools
import json
import time
from dataclasses import dataclass, field

from aiohttp import web

from tests.fakes import serve_local

ANON_ADMIN_BOT = {"id": 1087968824, "is_bot": True, "first_name": "Group", "username": "GroupAnonymousBot"}
RAW_FIELDS = {"text", "caption", "secret_token", "url", "callback_data", "query"}


_REQUEST: contextvars.ContextVar = contextvars.ContextVar("request")


def _alive(request: web.Request) -> bool:
    """The client of ``request`` is still connected."""
    tr = request.transport
    return tr is not None and not tr.is_closing()


def user(uid: int, first: str, last: str | None = None, username: str | None = None) -> dict:
    u = {"id": uid, "is_bot": False, "first_name": first}
    if last:
        u["last_name"] = last
    if username:
        u["username"] = username
    return u


def group(chat_id: int, title: str = "Ward 7 team", supergroup: bool = True) -> dict:
    return {"id": chat_id, "type": "supergroup" if supergroup else "group", "title": title}


def private(u: dict) -> dict:
    return {"id": u["id"], "type": "private", "first_name": u["first_name"]}


@dataclass
class Sent:
    chat_id: int
    message_id: int
    text: str
    reply_markup: dict | None
    params: dict

    def buttons(self) -> list[dict]:
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [b for row in rows for b in row]


@dataclass
class FaultPlan:
    """Seeded faults for soak benchmarks: each call of a listed method draws
    one outcome: a 500/502, a 429 with ``retry_after``, a slow answer, a
    dropped connection (the request is never processed), or a normal answer."""
    seed: int = 1
    p_5xx: float = 0.05
    p_429: float = 0.03
    p_slow: float = 0.02
    p_drop: float = 0.01
    retry_after: int = 1
    slow_s: float = 2.0
    methods: tuple[str, ...] = ("sendMessage", "getUpdates")
    counts: dict = field(default_factory=dict)

    def __post_init__(self):
        import random
        self._rng = random.Random(self.seed)

    def draw(self) -> str | None:
        x = self._rng.random()
        for name, p in (("5xx", self.p_5xx), ("429", self.p_429), ("slow", self.p_slow), ("drop", self.p_drop)):
            if x < p:
                self.counts[name] = self.counts.get(name, 0) + 1
                return name
            x -= p
        return None


@dataclass
class FakeTelegram:
    token: str = "123456:TEST-token"
    bot_id: int = 123456
    bot_username: str = "DiscreetTestBot"
    can_read_all_group_messages: bool = False
    started: set[int] = field(default_factory=set)  # users who started the bot
    statuses: dict[tuple[int, int], str] = field(default_factory=dict)  # (chat, user) -> status
    bot_can_delete: set[int] = field(default_factory=set)  # chats where the bot may delete
    bot_statuses: dict[int, str] = field(default_factory=dict)  # chat -> the bot's status there ("left", "kicked")
    sent: list[Sent] = field(default_factory=list)
    deleted: list[tuple[int, int]] = field(default_factory=list)
    edited: list[dict] = field(default_factory=list)
    answered: list[dict] = field(default_factory=list)
    calls: list[tuple[str, dict]] = field(default_factory=list)
    commands: list[dict] = field(default_factory=list)
    scoped_commands: dict[str, list[dict]] = field(default_factory=dict)  # scope type -> setMyCommands' list
    webhook: dict | None = None  # the last setWebhook's parameters
    offset_seen: int = 0  # the highest offset the bot confirmed (Telegram forgets updates below it)
    conflicts: int = 0  # getUpdates calls refused with 409 because another live one was pending

    def __post_init__(self):
        self._updates: list[dict] = []
        self._update_ids = itertools.count(1000)
        self._message_ids = itertools.count(50_000)
        self._new = asyncio.Condition()
        self._fail: dict[str, list[tuple[int, dict]]] = {}
        self._changed = asyncio.Event()
        self.served_at: dict[int, float] = {}  # update_id -> when getUpdates first answered it (perf_counter)
        self.files: dict[str, bytes] = {}  # file_id -> bytes (getFile, then a download under /file/bot...)
        self.downloads: list[str] = []
        self._releasing = False
        self._held: dict[int, asyncio.Event] = {}
        self.faults: "FaultPlan | None" = None
        self._runner: web.AppRunner | None = None
        self.port = 0
        self._polls: dict[int, web.Request] = {}
        self.holding: dict[int, web.Request] = {}  # sendMessage calls held by hold_sends_to  # getUpdates calls being answered

    # ---- test side -------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    async def start(self) -> "FakeTelegram":
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.*}", self._download)
        self._runner, self.port = await serve_local(app)
        return self

    async def stop(self) -> None:
        async with self._new:
            self._new.notify_all()
        if self._runner:
            await self._runner.cleanup()

    async def push(self, update: dict) -> int:
        """Queue one update (``update_id`` assigned here); returns its id."""
        uid = next(self._update_ids)
        update = {"update_id": uid, **update}
        async with self._new:
            self._updates.append(update)
            self._new.notify_all()
        return uid

    def next_message_id(self) -> int:
        return next(self._message_ids)

    async def release_polls(self, on: bool = True) -> None:
        """Answer pending and further long polls at once (lets the bot stop
        without waiting out its poll timeout)."""
        self._releasing = on
        async with self._new:
            self._new.notify_all()

    def redeliver(self) -> None:
        """Serve every update again, as Telegram does for updates the bot
        never confirmed (e.g. it crashed before its next getUpdates)."""
        self.offset_seen = 0

    def hold_sends_to(self, chat_id: int) -> asyncio.Event:
        """sendMessage to ``chat_id`` waits (unanswered) until the returned
        event is set: a chat whose sends are slow."""
        return self._held.setdefault(chat_id, asyncio.Event())

    def held_clients(self) -> tuple[int, int]:
        """(held sendMessage calls, of which the caller is still connected)."""
        reqs = list(self.holding.values())
        return len(reqs), sum(_alive(r) for r in reqs)

    def garble_once(self, method: str) -> None:
        """The next call of ``method`` gets a 200 whose body is not JSON."""
        self._fail.setdefault(method, []).append((200, None))

    def fail_once(self, method: str, status: int, description: str, **parameters) -> None:
        """The next call of ``method`` answers this error (e.g. 429 retry_after)."""
        body = {"ok": False, "error_code": status, "description": description}
        if parameters:
            body["parameters"] = parameters
        self._fail.setdefault(method, []).append((status, body))

    async def wait_for(self, predicate, timeout: float = 15.0):
        """Wait until ``predicate()`` is truthy (a guard against hanging, not a timing assertion)."""
        deadline = time.monotonic() + timeout
        while True:
            self._changed.clear()  # before checking, so no change is missed
            got = predicate()
            if got:
                return got
            if time.monotonic() > deadline:
                raise AssertionError("the bot did not do what the test waited for")
            try:
                await asyncio.wait_for(self._changed.wait(), 0.2)
            except asyncio.TimeoutError:
                pass

    def sent_to(self, chat_id: int) -> list[Sent]:
        return [s for s in self.sent if s.chat_id == chat_id]

    # ---- wire side -------------------------------------------------------
    async def _params(self, request: web.Request) -> dict:
        if request.content_type == "application/json":
            return await request.json()
        form = await request.post()
        out = {}
        for k, v in form.items():
            if not isinstance(v, str) or k in RAW_FIELDS:
                out[k] = v
                continue
            try:
                out[k] = json.loads(v)
            except ValueError:
                out[k] = v
        return out

    async def _handle(self, request: web.Request) -> web.Response:
        token, method = request.match_info["token"], request.match_info["method"]
        if token != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        params = await self._params(request)
        _REQUEST.set(request)
        if method == "getUpdates":
            if any(_alive(r) for r in self._polls.values()):  # as Telegram: one poller per bot token
                self.conflicts += 1
                return web.json_response({"ok": False, "error_code": 409, "description": (
                    "Conflict: terminated by other getUpdates request; make sure that only one bot "
                    "instance is running")}, status=409)
            self._polls[id(request)] = request
            try:
                return await self._answer(request, method, params)
            finally:
                self._polls.pop(id(request), None)
        return await self._answer(request, method, params)

    async def _answer(self, request: web.Request, method: str, params: dict) -> web.Response:
        self.calls.append((method, params))
        self._changed.set()
        try:
            if self.faults and method in self.faults.methods:
                fault = self.faults.draw()
                if fault == "5xx":
                    status = 500 if self.faults.counts["5xx"] % 2 else 502
                    return web.json_response({"ok": False, "error_code": status,
                                              "description": "Internal Server Error"}, status=status)
                if fault == "429":
                    return web.json_response({"ok": False, "error_code": 429, "description": "Too Many Requests",
                                              "parameters": {"retry_after": self.faults.retry_after}}, status=429)
                if fault == "slow":
                    await asyncio.sleep(self.faults.slow_s)
                if fault == "drop":
                    request.transport.close()  # the client sees the connection go; nothing was done
                    return web.Response(status=500)
            if method != "getUpdates" and self._fail.get(method):
                status, body = self._fail[method].pop(0)
                if body is None:
                    return web.Response(text="<html>gateway</html>", status=status)
                return web.json_response(body, status=status)
            handler = getattr(self, f"_m_{method}", None)
            if handler is None:
                return web.json_response({"ok": False, "error_code": 404, "description": "Not Found"}, status=404)
            result = await handler(params)
            if isinstance(result, web.Response):
                return result
            return web.json_response({"ok": True, "result": result})
        finally:
            self._changed.set()

    def add_file(self, file_id: str, data: bytes) -> dict:
        """Host a file for getFile and its download; returns the PhotoSize /
        Document fields that refer to it."""
        self.files[file_id] = data
        return {"file_id": file_id, "file_unique_id": "u" + file_id, "file_size": len(data)}

    async def _m_getFile(self, p):
        fid = str(p.get("file_id"))
        if fid not in self.files:
            return self._error(400, "Bad Request: invalid file_id")
        return {"file_id": fid, "file_unique_id": "u" + fid, "file_size": len(self.files[fid]),
                "file_path": f"photos/{fid}.bin"}

    async def _download(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.Response(status=401)
        fid = request.match_info["path"].rsplit("/", 1)[-1].removesuffix(".bin")
        self.downloads.append(fid)
        self._changed.set()
        if fid not in self.files:
            return web.Response(status=404)
        return web.Response(body=self.files[fid], content_type="application/octet-stream")

    def _bot_user(self) -> dict:
        return {"id": self.bot_id, "is_bot": True, "first_name": "Discreet", "username": self.bot_username,
                "can_join_groups": True, "can_read_all_group_messages": self.can_read_all_group_messages,
                "supports_inline_queries": False}

    @staticmethod
    def _error(status: int, description: str) -> web.Response:
        return web.json_response({"ok": False, "error_code": status, "description": description}, status=status)

    async def _m_getMe(self, p):
        return self._bot_user()

    async def _m_deleteWebhook(self, p):
        return True

    async def _m_setWebhook(self, p):
        self.webhook = p
        return True

    async def _m_getWebhookInfo(self, p):
        return {"url": "", "has_custom_certificate": False, "pending_update_count": 0}

    async def _m_setMyCommands(self, p):
        scope = p.get("scope") or {"type": "default"}
        self.scoped_commands[scope["type"]] = p.get("commands") or []
        self.commands = [c for cs in self.scoped_commands.values() for c in cs]
        return True

    async def _m_getUpdates(self, p):
        offset = int(p.get("offset") or 0)
        timeout = min(float(p.get("timeout") or 0), 1.0)
        limit = int(p.get("limit") or 100)
        self.offset_seen = max(self.offset_seen, offset)
        offset = self.offset_seen
        deadline = time.monotonic() + timeout
        async with self._new:
            while True:
                ready = [u for u in self._updates if u["update_id"] >= max(offset, self.offset_seen)]
                left = deadline - time.monotonic()
                if ready or left <= 0 or self._releasing:
                    now = time.perf_counter()
                    for u in ready[:limit]:
                        self.served_at.setdefault(u["update_id"], now)
                    return ready[:limit]
                try:
                    await asyncio.wait_for(self._new.wait(), left)
                except asyncio.TimeoutError:
                    pass

    async def _m_sendMessage(self, p):
        chat_id = int(p["chat_id"])
        if chat_id in self._held:
            request = _REQUEST.get()
            self.holding[id(request)] = request
            try:
                await self._held[chat_id].wait()
            finally:
                self.holding.pop(id(request), None)
            if not _alive(request):  # the caller died meanwhile: nothing is sent
                return self._error(500, "the client is gone")
        if chat_id > 0 and chat_id not in self.started:
            return self._error(403, "Forbidden: bot can't initiate conversation with a user")
        mid = self.next_message_id()
        s = Sent(chat_id, mid, p.get("text", ""), p.get("reply_markup"), p)
        self.sent.append(s)
        chat = {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"}
        if chat_id > 0:
            chat["first_name"] = "User"
        else:
            chat["title"] = "Group"
        return {"message_id": mid, "date": int(time.time()), "chat": chat, "text": s.text,
                "from": self._bot_user()}

    async def _m_deleteMessage(self, p):
        key = (int(p["chat_id"]), int(p["message_id"]))
        if key[0] < 0 and key[0] not in self.bot_can_delete and not self._sent_by_bot(*key):
            return self._error(400, "Bad Request: message can't be deleted")
        self.deleted.append(key)
        return True

    def _sent_by_bot(self, chat_id: int, message_id: int) -> bool:
        return any(s.chat_id == chat_id and s.message_id == message_id for s in self.sent)

    async def _m_editMessageText(self, p):
        self.edited.append(p)
        return True

    async def _m_answerCallbackQuery(self, p):
        self.answered.append(p)
        return True

    async def _m_getChat(self, p):
        cid = int(p["chat_id"])
        return {"id": cid, "type": "supergroup" if cid < 0 else "private", "title": "Group",
                "accent_color_id": 0, "max_reaction_count": 11, "accepted_gift_types": {
                    "unlimited_gifts": False, "limited_gifts": False, "unique_gifts": False,
                    "premium_subscription": False, "gifts_from_channels": False}}

    async def _m_getChatAdministrators(self, p):
        chat_id = int(p["chat_id"])
        out = [await self._m_getChatMember({"chat_id": chat_id, "user_id": uid})
               for (cid, uid), status in sorted(self.statuses.items())
               if cid == chat_id and status in ("administrator", "creator")]
        if chat_id in self.bot_can_delete:
            out.append(await self._m_getChatMember({"chat_id": chat_id, "user_id": self.bot_id}))
        return out

    async def _m_getChatMember(self, p):
        chat_id, uid = int(p["chat_id"]), int(p["user_id"])
        u = self._bot_user() if uid == self.bot_id else user(uid, "Member")
        if uid == self.bot_id:
            status = self.bot_statuses.get(chat_id) or ("administrator" if chat_id in self.bot_can_delete
                                                        else "member")
        else:
            status = self.statuses.get((chat_id, uid), "member")
        if status == "creator":
            return {"status": "creator", "user": u, "is_anonymous": False}
        if status == "administrator":
            can_delete = uid != self.bot_id or chat_id in self.bot_can_delete
            return {"status": "administrator", "user": u, "can_be_edited": False, "is_anonymous": False,
                    "can_manage_chat": True, "can_delete_messages": can_delete,
                    "can_manage_video_chats": True, "can_restrict_members": True,
                    "can_promote_members": False, "can_change_info": True, "can_invite_users": True,
                    "can_post_stories": False, "can_edit_stories": False, "can_delete_stories": False,
                    "can_pin_messages": True}
        if status in ("left", "kicked"):
            return {"status": status, "user": u, **({"until_date": 0} if status == "kicked" else {})}
        return {"status": "member", "user": u}


async def wait_listening(http, url: str, tries: int = 100) -> None:
    """Wait until the bot's webhook listener answers at ``url`` (a guard, not a timing assertion)."""
    import aiohttp

    for _ in range(tries):
        try:
            async with http.get(url):
                return
        except aiohttp.ClientConnectorError:
            await asyncio.sleep(0.05)


# ---- update factories (real Bot API JSON) --------------------------------

def message_update(chat: dict, sender: dict, text: str | None = None, *, message_id: int,
                   edited: bool = False, caption: str | None = None, sender_chat: dict | None = None,
                   photo: dict | None = None, document: dict | None = None) -> dict:
    msg = {"message_id": message_id, "date": int(time.time()), "chat": chat, "from": sender}
    if text is not None:
        msg["text"] = text
        if text.startswith("/"):
            cmd = text.split()[0]
            msg["entities"] = [{"type": "bot_command", "offset": 0, "length": len(cmd)}]
    if caption is not None:
        msg["caption"] = caption
        msg["photo"] = [{"file_id": "AgAD", "file_unique_id": "AQAD", "width": 90, "height": 90}]
    if photo is not None:  # a file hosted with FakeTelegram.add_file
        msg["photo"] = [{**photo, "width": 1200, "height": 800}]
    if document is not None:
        msg["document"] = document
    if sender_chat is not None:
        msg["sender_chat"] = sender_chat
    if edited:
        msg["edit_date"] = int(time.time())
        return {"edited_message": msg}
    return {"message": msg}


def callback_update(sender: dict, data: str, message: Sent, chat: dict | None = None) -> dict:
    """A button under ``message`` pressed by ``sender`` (``chat``: the group the message is in; default private)."""
    msg = {"message_id": message.message_id, "date": int(time.time()),
           "chat": chat or {"id": message.chat_id, "type": "private", "first_name": sender["first_name"]},
           "text": message.text}
    return {"callback_query": {"id": f"cb{message.message_id}", "from": sender, "chat_instance": "ci1",
                               "data": data, "message": msg}}


def bot_added_update(chat: dict, by: dict, bot: dict) -> dict:
    return {"my_chat_member": {"chat": chat, "from": by, "date": int(time.time()),
                               "old_chat_member": {"status": "left", "user": bot},
                               "new_chat_member": {"status": "member", "user": bot}}}
