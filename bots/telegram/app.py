"""The Telegram adapter: python-telegram-bot handlers over ``bots.service``.

Each handler translates an update into the service's terms, awaits it and
delivers the answer natively (HTML, inline buttons). Nudges go by direct
message; when Telegram will not let the bot write to the author first, a
neutral reply in the group carries a deep link instead, and the nudge is kept
as kinds and ids only (no text) until the author opens it or it expires.

Nothing here stores or logs message text: logs carry update ids, chat ids
and exception classes.
"""

from __future__ import annotations

import asyncio
import datetime as dtm
import logging
import secrets
import time
from html import escape

from telegram import (
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    Chat,
    ChatMember,
    ChatMemberUpdated,
    Message,
    ReplyParameters,
    Update,
    User,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from discreet.bots.files import MAX_BYTES as MAX_FILE_BYTES
from discreet.bots.files import FileReader
from discreet.bots.service import Inbound, help_reply

from . import render
from .dispatch import PerChatProcessor
from .ratelimit import PerChatRateLimiter
from .quiet import withhold_library_payloads
from .durable import TelegramJobs
from .retry import call, poll_request

PLATFORM = "telegram"
ANONYMOUS_ADMIN_ID = 1087968824  # @GroupAnonymousBot: "from" of messages sent on behalf of a group
ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"]
SWEEP_EVERY_S = 60.0
RATE_LIMIT_RETRIES = 4  # flood control (429 retry_after) waited out per chat by PerChatRateLimiter
_GUIDANCE = BotCommand("guidance", "Ask the social-media guidance, e.g. /guidance patient photos")
_HELP = BotCommand("help", "What Discreet does and its commands")
# The command menu, by chat type: /start belongs in private chats, /discreet in groups.
PRIVATE_COMMANDS = (BotCommand("start", "Start Discreet so it can send you private notes"), _HELP, _GUIDANCE)
GROUP_COMMANDS = (
    BotCommand("discreet", "Settings for this group: settings, status, rules, stats, on, off, mode, policies"),
    _GUIDANCE, _HELP,
)
COMMANDS = PRIVATE_COMMANDS + GROUP_COMMANDS[:1]  # every command, once
ADMIN_STATUSES = (ChatMember.OWNER, ChatMember.ADMINISTRATOR)
SETTING_WORDS = ("on", "off", "mode", "policies", "files", "remove")  # an admin's answer to these shows the keyboard

log = logging.getLogger("discreet.telegram")


def file_url(api_url: str) -> str:
    """``https://api.telegram.org/bot`` -> ``https://api.telegram.org/file/bot``."""
    head, sep, _ = api_url.rstrip("/").rpartition("/")
    return f"{head}/file/bot" if sep else api_url


def message_link(chat: str, message_id: str) -> str | None:
    """A t.me link to a message in a supergroup (basic groups have none)."""
    if chat.startswith("-100"):
        return f"https://t.me/c/{chat[4:]}/{message_id}"
    return None


def staff_names(members) -> set[str]:
    """Members' display names, whole and by part (the core never flags them)."""
    names = set()
    for name in members:
        names.add(name)
        names.update(p for p in name.split() if len(p) > 1)
    return names


class TelegramBot:
    """Handlers for one Application, sharing the service and its store."""

    def __init__(self, config, service):
        self.config = config
        self.service = service
        self.store = service.store
        self.jobs = TelegramJobs(service.store)  # group messages: a job per update (ids only), see durable.py
        self._sweeper: asyncio.Task | None = None
        self.files = FileReader()
        self._deliveries: set[asyncio.Task] = set()
        self._last_delivery: dict[int, asyncio.Task] = {}

    # ---- wiring ------------------------------------------------------------
    def register(self, app: Application) -> None:
        app.add_handler(TypeHandler(Update, self.count_update), group=-2)
        app.add_handler(TypeHandler(Update, self.dedup), group=-1)
        only_new = filters.UpdateType.MESSAGE
        app.add_handler(CommandHandler("start", self.on_start, filters=only_new & filters.ChatType.PRIVATE))
        app.add_handler(CommandHandler("guidance", self.on_guidance, filters=only_new))
        app.add_handler(CommandHandler("help", self.on_help, filters=only_new))
        app.add_handler(CommandHandler("discreet", self.on_discreet, filters=only_new))
        # any other text sent to the bot privately: checked as a draft, answered there, nothing stored
        app.add_handler(MessageHandler(filters.ChatType.PRIVATE & only_new & filters.TEXT & ~filters.COMMAND,
                                       self.on_private_text))
        app.add_handler(CallbackQueryHandler(self.on_button))
        app.add_handler(ChatMemberHandler(self.on_my_membership, ChatMemberHandler.MY_CHAT_MEMBER))
        app.add_handler(MessageHandler(filters.ChatType.GROUPS & filters.StatusUpdate.NEW_CHAT_MEMBERS,
                                       self.on_new_members))
        app.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, self.on_migrate))
        # group 1: every group text or caption (new or edited) is checked, commands included
        watched = filters.ChatType.GROUPS & filters.UpdateType.MESSAGES & (filters.TEXT | filters.CAPTION)
        # group 2: the text written inside a shared photo, image, PDF or text file (new messages only)
        shared = filters.ChatType.GROUPS & filters.UpdateType.MESSAGE & (
            filters.PHOTO | filters.Document.IMAGE | filters.Document.PDF | filters.Document.TXT)
        app.add_handler(MessageHandler(shared, self.on_group_file), group=2)
        self._watched = watched
        app.add_handler(MessageHandler(watched, self.on_watched), group=1)
        app.add_error_handler(self.on_error)

    async def startup(self, app: Application) -> None:
        await call(app.bot.set_my_commands, list(PRIVATE_COMMANDS), scope=BotCommandScopeAllPrivateChats())
        await call(app.bot.set_my_commands, list(GROUP_COMMANDS), scope=BotCommandScopeAllGroupChats())
        if not app.bot.bot.can_read_all_group_messages:
            log.warning("telegram: privacy mode is on; the bot only sees group messages where it is an admin "
                        "(BotFather /setprivacy -> Disable)")
        self._sweeper = asyncio.create_task(self._sweep_forever(app), name="discreet-telegram-sweep")

    # ---- private deliveries, in order per person, off the chat's lane ----------
    def _after(self, recipient: int, work, what: str, update_id: int | None, then=None) -> asyncio.Task:
        """Run ``work`` (a delivery to ``recipient``) after the earlier ones to
        the same person, in a task of its own: a slow or rate-limited private
        chat never holds up the group the message came from, and a person's
        notes still arrive in order (a nudge before the "thanks" for its fix)."""
        prev = self._last_delivery.get(recipient)
        task = asyncio.create_task(self._deliver_after(prev, work, what, update_id, then))
        self._last_delivery[recipient] = task
        self._deliveries.add(task)

        def done(t: asyncio.Task) -> None:
            self._deliveries.discard(t)
            if self._last_delivery.get(recipient) is t:
                del self._last_delivery[recipient]

        task.add_done_callback(done)
        return task

    async def _deliver_after(self, prev: asyncio.Task | None, work, what: str, update_id: int | None,
                             then=None) -> None:
        """``work``, then ``then(ok)``: ok when it ran to its end (delivered, or
        found undeliverable). A cancelled delivery (shutdown) calls nothing."""
        if prev is not None:
            await asyncio.wait([prev])  # its outcome is its own: logged there
        ok = False
        try:
            await work
            ok = True
        except asyncio.CancelledError:
            raise
        except Exception as e:  # noqa: BLE001 - one failed delivery never stops the others
            log.error("telegram: %s for update %s failed: %s", what, update_id, type(e).__name__,
                      extra={"platform": PLATFORM, "update": update_id, "outcome": "failed"})
        if then is not None:
            try:
                await then(ok)
            except Exception as e:  # noqa: BLE001
                log.error("telegram: finishing the job of update %s failed: %s", update_id, type(e).__name__)

    async def drain_deliveries(self, timeout: float = 10.0) -> None:
        """Wait for the deliveries under way (at shutdown), then cancel what is left."""
        pending = set(self._deliveries)
        if pending:
            _, late = await asyncio.wait(pending, timeout=timeout)
            for t in late:
                t.cancel()
            await asyncio.gather(*late, return_exceptions=True)

    async def shutdown(self, app: Application) -> None:
        await self.drain_deliveries()
        if self._sweeper:
            self._sweeper.cancel()
            try:
                await self._sweeper
            except asyncio.CancelledError:
                pass
            self._sweeper = None

    def _key(self, app_or_ctx, update_id: int) -> str:
        return f"{app_or_ctx.bot.id}:{update_id}"

    # ---- handlers ------------------------------------------------------------
    async def count_update(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Every update received, by kind (metrics; no id)."""
        self.service.metrics.event(PLATFORM, update_kind(update))

    async def dedup(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Updates already handled (e.g. redelivered after a restart) stop here.
        A watched group message is recorded as a job (ids only): handled again
        if it is re-delivered after a crash left it unfinished."""
        key = self._key(context, update.update_id)
        if self._watched.check_update(update):
            msg = update.effective_message
            who = msg.sender_chat or msg.from_user
            if await self.jobs.claim(key, str(update.effective_chat.id), str(msg.message_id),
                                     str(who.id) if who else "-", edited=update.edited_message is not None):
                return
        elif await self.store.first_seen(PLATFORM, "update:" + key):
            return
        log.info("telegram: update %s already handled", update.update_id)
        raise ApplicationHandlerStop

    async def on_watched(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """``on_group_message``, then its job is finished when its outcome is
        known: at once for a clean message, else by the delivery task once
        the private note is out (off the chat's lane; a shutdown before that
        leaves the job open, so a re-delivered update is handled again)."""
        key = self._key(context, update.update_id)

        async def finish(ok: bool) -> None:
            await self.jobs.finish(key, "handled" if ok else "failed")

        handed_off = False
        try:
            handed_off = await self.on_group_message(update, context, then=finish)
        except Exception:
            await finish(False)
            raise
        if not handed_off:
            await finish(True)

    async def on_group_message(self, update: Update, context: ContextTypes.DEFAULT_TYPE, then=None) -> bool:
        """Check a group message. A private note, if any, goes out in a task
        of its own, which then awaits ``then(delivered)``; returns whether it did."""
        msg, chat = update.effective_message, update.effective_chat
        text = msg.text or msg.caption
        sender = msg.from_user
        anonymous = msg.sender_chat is not None  # on behalf of the group, or a linked channel
        if not text or (sender is None and not anonymous) or (sender and sender.is_bot and not anonymous):
            return
        channel = str(chat.id)
        names = staff_names(await self.store.members(PLATFORM, channel))
        inbound = Inbound(
            platform=PLATFORM, channel=channel,
            user=str(msg.sender_chat.id if anonymous else sender.id),
            message_id=str(msg.message_id), text=text,
            event_id=self._key(context, update.update_id),
            edited=update.edited_message is not None,
            thread_id=str(msg.message_thread_id) if msg.is_topic_message else None,
            user_name=None if anonymous else sender.full_name,
        )
        out = await self.service.on_message(inbound, names, dedup=False)  # the update's job is the claim
        if out is None:
            return
        if anonymous:
            if msg.sender_chat.id == chat.id:
                await self._anonymous_notice(context, msg, out)
            return
        if out.kind == "thanks":
            self._after(sender.id, self._dm(context, sender.id, render.html(out.reply),
                                            render.keyboard(out.reply, channel)), "thanks", update.update_id, then)
        else:
            self._after(sender.id, self._deliver_nudge(context, msg, sender, text, out), "nudge",
                        update.update_id, then)
        return then is not None

    async def on_group_file(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Read the text in a shared photo or document (in memory only) and
        check it as a message of its own, attributed to the file."""
        msg, chat = update.effective_message, update.effective_chat
        sender = msg.from_user
        if sender is None or sender.is_bot or msg.sender_chat is not None:
            return  # anonymous posts get no private note, and a file gives no neutral one either
        channel = str(chat.id)
        s = await self.service.settings(PLATFORM, channel)
        if not (s.monitoring and s.policies and s.files):
            return
        if msg.photo:
            fits = [p for p in msg.photo if (p.file_size or 0) <= MAX_FILE_BYTES]
            target, mimetype, label = (max(fits, key=lambda p: p.width * p.height) if fits else None), \
                "image/jpeg", "image"
        else:
            doc = msg.document
            target, mimetype = doc, doc.mime_type or ""
            label = "PDF" if mimetype == "application/pdf" else "file" if mimetype.startswith("text/") else "image"
        if target is None or (target.file_size or 0) > MAX_FILE_BYTES:
            self.files.skip("too_large")
            return
        try:
            tg_file = await call(context.bot.get_file, target.file_id)
            data = bytes(await call(tg_file.download_as_bytearray))
        except TelegramError as e:
            self.files.skip("download")
            log.warning("telegram: file download failed in chat %s (%s)", channel, type(e).__name__)
            return
        extracted = await self.files.extract(data, mimetype)
        del data
        if extracted is None or not extracted.text.strip():
            return
        inbound = Inbound(
            platform=PLATFORM, channel=channel, user=str(sender.id),
            message_id=f"{msg.message_id}/file", text=extracted.text,
            event_id=self._key(context, update.update_id) + "/file",
            thread_id=str(msg.message_thread_id) if msg.is_topic_message else None,
            user_name=sender.full_name, attachment=label,
        )
        del extracted
        out = await self.service.on_message(inbound, staff_names(await self.store.members(PLATFORM, channel)))
        if out is None:
            return
        link = message_link(channel, str(msg.message_id))
        extra = (f'<a href="{escape(link)}">Go to your message</a>',) if link else ()

        async def deliver() -> None:
            if not await self._dm(context, sender.id, render.html(out.reply, extra),
                                  render.keyboard(out.reply, channel)):
                await self._deep_link_notice(context, msg, sender, out)

        self._after(sender.id, deliver(), "file nudge", update.update_id)

    async def on_new_members(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        chat = update.effective_chat
        for member in update.effective_message.new_chat_members or ():
            if not member.is_bot:
                await self.store.remember_member(PLATFORM, str(chat.id), str(member.id), member.full_name)

    async def on_migrate(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A group became a supergroup (new chat id): its settings move with it."""
        msg = update.effective_message
        if msg.migrate_to_chat_id:  # sent in the old group
            old, new = str(msg.chat.id), str(msg.migrate_to_chat_id)
        elif msg.migrate_from_chat_id:  # sent in the new supergroup
            old, new = str(msg.migrate_from_chat_id), str(msg.chat.id)
        else:
            return
        settings = await self.store.get_settings(PLATFORM, old)
        if settings is not None:  # the admins' choices win over defaults stored on arrival
            await self.store.put_settings(PLATFORM, new, settings)
            log.info("telegram: settings moved from chat %s to %s (upgraded to a supergroup)", old, new)

    async def on_start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        user = update.effective_user
        await self.store.set_reachable(PLATFORM, str(user.id), True)
        token = context.args[0] if context.args else None
        if not token:
            waiting = await self.store.pending_for(PLATFORM, str(user.id))
            await self._send(context, user.id, (
                "<b>Discreet is on.</b>\n\nFrom now on, if a message of yours in a group I watch seems to "
                "hold patient identifiers or a derogatory remark, I will tell you here, privately. "
                "Ask the guidance any time with /guidance, or send me a draft here to check it before you post "
                "it (nothing is stored)."))
            now = time.time()
            for p in waiting:  # notes left for them in groups: deliver them now
                if p.expires_at > now and await self.store.take_pending(p.token):
                    await self._deliver_pending(context, user.id, p)
            return
        pending = await self.store.take_pending(token)
        if pending is None:
            await self._send(context, user.id, "This note has already been delivered or has expired.")
            return
        if str(pending.user) != str(user.id):
            # not theirs: put it back for its author
            await self.store.put_pending(token, pending.platform, pending.chat, pending.user, pending.message_id,
                                         pending.kinds, pending.sections, pending.expires_at, pending.notice_id)
            await self._send(context, user.id, "This link is for someone else's note.")
            return
        await self._deliver_pending(context, user.id, pending)

    async def _deliver_pending(self, context, user_id: int, pending) -> None:
        reply = self.service.pending_nudge(tuple(pending.kinds), tuple(pending.sections))
        link = message_link(str(pending.chat), str(pending.message_id))
        extra = (f'<a href="{escape(link)}">Go to your message</a>',) if link else ()
        await self._send(context, user_id, render.html(reply, extra), render.keyboard(reply, str(pending.chat)))
        await self._delete(context, pending.chat, pending.notice_id)

    async def on_guidance(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        reply = self.service.guidance(" ".join(context.args or ()))
        chat = update.effective_chat
        answer = self._send(context, chat.id, render.html(reply), render.keyboard(reply),
                            reply_to=update.effective_message)
        if chat.type == Chat.PRIVATE:  # after any note still on its way to this person
            self._after(chat.id, answer, "guidance", update.update_id)
        else:
            await answer

    async def on_help(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        chat = update.effective_chat
        reply = help_reply(PLATFORM)
        extra = () if chat.type != Chat.PRIVATE else (
            "In a private chat: /start lets me send you private notes; /guidance answers questions; "
            "any other text you send me is checked as a draft (only you see the answer; nothing is stored). "
            "Use /discreet in a group I watch.",)
        await self._send(context, chat.id, render.html(reply, tuple(escape(x) for x in extra)),
                         reply_to=update.effective_message)

    async def on_private_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A text sent to the bot in a private chat: checked as a draft and
        answered in the same chat. Stores nothing, counts nothing."""
        msg = update.effective_message
        await self._check(context, update, msg.text or "")

    async def _check(self, context, update: Update, text: str) -> None:
        chat, msg = update.effective_chat, update.effective_message
        reply = await self.service.check_draft(PLATFORM, None, text)
        answer = self._send(context, chat.id, render.html(reply), render.keyboard(reply), reply_to=msg)
        self._after(chat.id, answer, "check", update.update_id)  # after any note still on its way to them

    async def on_discreet(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        msg, chat = update.effective_message, update.effective_chat
        args = " ".join(context.args or ()).strip()
        first = args.split()[0].lower() if args else ""
        if chat.type == Chat.PRIVATE:
            if first == "check":
                await self._check(context, update, (msg.text or "").split(None, 2)[2] if len(
                    (msg.text or "").split(None, 2)) > 2 else "")
                return
            await self._send(context, chat.id, "Use /discreet in the group you want to set up "
                             "(status, settings, rules, stats, on, off, mode, policies, remove on|off). "
                             "To check a draft, just send it to me here: only you see the answer, "
                             "and nothing is stored.")
            return
        if first == "check":  # a draft typed in the group is public already: say where to check privately
            await self._send(context, chat.id, "Everyone here can read a draft typed in the group. Send it to "
                             f'me privately instead (<a href="https://t.me/{escape(context.bot.username or "")}">'
                             "open a chat with me</a>): only you see the answer, and nothing is stored.",
                             reply_to=msg)
            return
        is_admin = await self._is_admin(context, chat.id, msg)
        user = msg.sender_chat.id if msg.sender_chat else msg.from_user.id
        if first == "settings":
            args = "status" if is_admin else "on"  # "on" by a non-admin: the not-an-admin answer
        reply = await self.service.on_command(PLATFORM, str(chat.id), str(user), is_admin, args)
        extra = await self._diagnostics(context, chat.id, args) if is_admin else ()
        parts = render.html_parts(reply, extra)  # /discreet rules is longer than one message
        keys = render.keyboard(reply)
        if is_admin and first in ("status", "settings", "", *SETTING_WORDS):
            keys = render.settings_keyboard(await self.service.settings(PLATFORM, str(chat.id)))
        for i, part in enumerate(parts):
            await self._send(context, chat.id, part, keys if i == len(parts) - 1 else None, reply_to=msg)

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        action, value, channel = render.parse_callback(query.data or "")
        chat_id = query.message.chat.id if query.message else query.from_user.id
        if action == "false_positive":
            reply = await self.service.on_feedback(PLATFORM, channel or "", str(query.from_user.id), value)
        elif action == "show_guidance":
            reply = self.service.guidance(value)
        elif action == "set":
            await self._setting_button(update, context)
            return
        else:
            await call(query.answer)
            return
        await call(query.answer)
        await self._send(context, chat_id, render.html(reply), render.keyboard(reply))

    async def _setting_button(self, update: Update, context) -> None:
        """A button of the settings keyboard: the same admin check and the same
        words as /discreet; the message shows the new settings."""
        query = update.callback_query
        msg = query.message
        setting, _, value = (query.data or "").partition("|")[2].partition(":")
        if msg is None or msg.chat.type == Chat.PRIVATE:
            await call(query.answer)
            return
        chat_id, user = msg.chat.id, query.from_user
        admin = str(user.id) in self.config.admins
        if not admin:
            try:
                member = await call(context.bot.get_chat_member, chat_id, user.id)
                admin = member.status in ADMIN_STATUSES
            except TelegramError as e:
                log.warning("telegram: getChatMember failed in chat %s (%s)", chat_id, type(e).__name__)
        if not admin:
            await call(query.answer, text="Only an admin of this group can change Discreet's settings.",
                       show_alert=True)
            log.info("telegram: settings button refused in chat %s (not an admin)", chat_id)
            return
        reply = await self.service.home_setting(PLATFORM, str(chat_id), str(user.id), True, setting, value)
        s = await self.service.settings(PLATFORM, str(chat_id))
        await call(query.answer, text="Updated.")
        try:
            await call(context.bot.edit_message_text, chat_id=chat_id, message_id=msg.message_id,
                       text=render.html(reply), parse_mode=ParseMode.HTML,
                       reply_markup=render.settings_keyboard(s), disable_web_page_preview=True)
        except BadRequest as e:  # "message is not modified" and the like
            log.info("telegram: settings message not edited in chat %s (%s)", chat_id, type(e).__name__)

    async def on_my_membership(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        change: ChatMemberUpdated = update.my_chat_member
        chat = change.chat
        was_in = change.old_chat_member.status in (ChatMember.MEMBER, ChatMember.ADMINISTRATOR, ChatMember.OWNER)
        is_in = change.new_chat_member.status in (ChatMember.MEMBER, ChatMember.ADMINISTRATOR)
        if chat.type == Chat.PRIVATE:
            await self.store.set_reachable(PLATFORM, str(chat.id), change.new_chat_member.status == ChatMember.MEMBER)
            return
        if was_in or not is_in:
            return
        reply = await self.service.on_join(PLATFORM, str(chat.id))
        extra = await self._diagnostics(context, chat.id, "status")
        await self._send(context, chat.id, render.html(reply, extra), render.keyboard(reply))

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        update_id = update.update_id if isinstance(update, Update) else None
        log.error("telegram: update %s failed: %s", update_id, type(context.error).__name__,
                  extra={"platform": PLATFORM, "update": update_id, "outcome": "failed"})

    # ---- delivery ------------------------------------------------------------
    async def _deliver_nudge(self, context, msg: Message, sender: User, text: str, out) -> None:
        channel = str(msg.chat.id)
        high_ids = [f for f in out.findings if f.policy == "identifiers" and f.severity == "high"]
        if out.remove and high_ids and await self._can_delete(context, msg.chat.id):
            spans = [(f.start, f.end) for f in out.findings if f.start is not None and f.policy == "identifiers"]
            title = escape(msg.chat.title or "the group")
            extra = (f"<b>I removed your message from {title}.</b> Here it is, with what to take out marked, "
                     "so you can post it again without them:",
                     f"<blockquote>{render.marked(text, spans)}</blockquote>")
            if await self._dm(context, sender.id, render.html(out.reply, extra), render.keyboard(out.reply, channel)):
                if not await self._delete(context, msg.chat.id, msg.message_id):
                    await self._dm(context, sender.id, "I could not remove the message after all: "
                                   "please edit or delete it yourself.")
                return
        link = message_link(channel, str(msg.message_id))
        extra = (f'<a href="{escape(link)}">Go to your message</a>',) if link else ()
        if await self._dm(context, sender.id, render.html(out.reply, extra), render.keyboard(out.reply, channel)):
            return
        await self._deep_link_notice(context, msg, sender, out)

    async def _deep_link_notice(self, context, msg: Message, sender: User, out) -> None:
        token = secrets.token_urlsafe(18)
        link = f"https://t.me/{context.bot.username}?start={token}"
        mention = f'<a href="tg://user?id={sender.id}">{escape(sender.first_name)}</a>'
        notice = await self._send(
            context, msg.chat.id,
            f"{mention}, Discreet has a private note for you about a message here. "
            f'<a href="{link}">Open it privately</a>.', reply_to=msg)
        sections = tuple(out.sections) or tuple(dict.fromkeys(f.section for f in out.findings))
        await self.store.put_pending(token, PLATFORM, str(msg.chat.id), str(sender.id), str(msg.message_id),
                                     tuple(out.kinds), sections, int(time.time()) + self.config.pending_ttl_s,
                                     str(notice.message_id) if notice else None)

    async def _anonymous_notice(self, context, msg: Message, out) -> None:
        """Anonymous admins cannot be written to privately: a neutral note only."""
        await self._send(context, msg.chat.id,
                         "Discreet: a message sent on behalf of the group may need a second look before it "
                         "stays here. Post as yourself to get private notes; see /guidance.", reply_to=msg)

    async def _dm(self, context, user_id: int, text: str, markup=None) -> bool:
        """A direct message; False when Telegram will not let the bot write first."""
        if user_id == ANONYMOUS_ADMIN_ID:
            return False
        try:
            await call(context.bot.send_message, chat_id=user_id, text=text, parse_mode=ParseMode.HTML,
                       reply_markup=markup, disable_web_page_preview=True)
        except (Forbidden, BadRequest) as e:
            log.info("telegram: cannot message user privately (%s)", type(e).__name__)
            await self.store.set_reachable(PLATFORM, str(user_id), False)
            return False
        await self.store.set_reachable(PLATFORM, str(user_id), True)
        return True

    async def _send(self, context, chat_id, text: str, markup=None, reply_to: Message | None = None):
        params = ReplyParameters(reply_to.message_id, allow_sending_without_reply=True) if reply_to else None
        try:
            return await call(context.bot.send_message, chat_id=chat_id, text=text, parse_mode=ParseMode.HTML,
                              reply_markup=markup, reply_parameters=params, disable_web_page_preview=True)
        except (Forbidden, BadRequest) as e:
            log.warning("telegram: could not send to chat %s (%s)", chat_id, type(e).__name__,
                        extra={"platform": PLATFORM, "chat": chat_id, "outcome": type(e).__name__})
            return None

    async def _delete(self, context, chat_id, message_id) -> bool:
        if message_id is None:
            return False
        try:
            return bool(await call(context.bot.delete_message, chat_id=int(chat_id), message_id=int(message_id)))
        except TelegramError as e:
            log.info("telegram: could not delete a message in chat %s (%s)", chat_id, type(e).__name__)
            return False

    # ---- permissions -----------------------------------------------------------
    async def _is_admin(self, context, chat_id: int, msg: Message) -> bool:
        if msg.sender_chat is not None:
            return msg.sender_chat.id == chat_id  # anonymous admin of this very group
        user = msg.from_user
        if user is None:
            return False
        if str(user.id) in self.config.admins:
            return True
        try:
            member = await call(context.bot.get_chat_member, chat_id, user.id)
        except TelegramError as e:
            log.warning("telegram: getChatMember failed in chat %s (%s)", chat_id, type(e).__name__)
            return False
        return member.status in ADMIN_STATUSES

    async def _bot_member(self, context, chat_id: int):
        try:
            return await call(context.bot.get_chat_member, chat_id, context.bot.id)
        except TelegramError as e:
            log.warning("telegram: cannot read the bot's rights in chat %s (%s)", chat_id, type(e).__name__)
            return None

    async def _can_delete(self, context, chat_id: int) -> bool:
        me = await self._bot_member(context, chat_id)
        return bool(me and (me.status == ChatMember.OWNER or
                            (me.status == ChatMember.ADMINISTRATOR and me.can_delete_messages)))

    async def _diagnostics(self, context, chat_id: int, args: str) -> tuple[str, ...]:
        """Lines an admin needs: the bot cannot see messages, or cannot remove them."""
        word = args.split()[0].lower() if args.split() else "status"
        if word not in ("status", "remove", "on"):
            return ()
        me = await self._bot_member(context, chat_id)
        admin = bool(me and me.status in ADMIN_STATUSES)
        out = []
        if not admin and not context.bot.bot.can_read_all_group_messages:
            out.append("<b>I cannot see the messages in this group.</b> My privacy mode is on: turn it off in "
                       "@BotFather (/setprivacy, choose this bot, Disable), then remove me from the group and "
                       "add me again; or make me an admin of the group.")
        settings = await self.service.settings(PLATFORM, str(chat_id))
        if settings.remove and not await self._can_delete(context, chat_id):
            out.append("Removal is on, but I am not an admin with the right to delete messages, "
                       "so I only send private notes.")
        return tuple(out)

    # ---- expiry ----------------------------------------------------------------
    async def sweep(self, bot, now: float | None = None) -> int:
        """Delete the neutral group replies of expired nudges; purge old keys."""
        now = int(time.time() if now is None else now)
        n = 0
        for p in await self.store.expired_pending(now):
            if await self.store.take_pending(p.token) is None:
                continue  # delivered meanwhile
            if p.notice_id is not None:
                try:
                    await call(bot.delete_message, chat_id=int(p.chat), message_id=int(p.notice_id))
                    n += 1
                except TelegramError as e:
                    log.info("telegram: expired notice in chat %s not deleted (%s)", p.chat, type(e).__name__)
        await self.jobs.sweep_lost()
        await self.store.purge(now)
        return n

    async def send_digests(self, bot, now: float | None = None) -> int:
        """The weekly digest of each group that turned it on and is due: a
        private message to each of the group's admins (those who started the
        bot; Telegram lets a bot write to no one else). Returns how many were sent."""
        sent = 0
        for chat, _ in await self.store.channels(PLATFORM):
            if not await self.service.digest_due(PLATFORM, chat, now=now):
                continue
            try:
                info = await call(bot.get_chat, int(chat))
                admins = await call(bot.get_chat_administrators, int(chat))
            except TelegramError as e:
                log.warning("telegram: weekly digest for chat %s skipped (%s)", chat, type(e).__name__)
                continue
            reply = await self.service.digest(PLATFORM, [chat], {chat: info.title or chat}, now=now)
            for member in admins:
                if member.user.is_bot:
                    continue
                try:
                    await call(bot.send_message, chat_id=member.user.id, text=render.html(reply),
                               parse_mode=ParseMode.HTML, disable_web_page_preview=True)
                    sent += 1
                except (Forbidden, BadRequest) as e:
                    log.info("telegram: weekly digest not delivered to an admin of chat %s (%s)", chat,
                             type(e).__name__)
            await self.service.digest_sent(PLATFORM, chat, now=now)
            log.info("telegram: weekly digest for chat %s sent", chat)
        return sent

    async def _sweep_forever(self, app: Application) -> None:
        while True:
            try:
                await self.send_digests(app.bot)
            except asyncio.CancelledError:
                raise
            except Exception as e:  # noqa: BLE001
                log.error("telegram: weekly digest failed: %s", type(e).__name__)
            try:
                await self.sweep(app.bot)
            except asyncio.CancelledError:
                raise
            except Exception as e:  # noqa: BLE001 - the sweeper must outlive one failure
                log.error("telegram: sweep failed: %s", type(e).__name__)
            await asyncio.sleep(SWEEP_EVERY_S)


def update_kind(update: Update) -> str:
    """message, edit, command, action, membership or other (for metrics)."""
    if update.callback_query is not None:
        return "action"
    if update.my_chat_member is not None or update.chat_member is not None:
        return "membership"
    if update.edited_message is not None:
        return "edit"
    msg = update.message
    if msg is not None:
        text = msg.text or ""
        return "command" if text.startswith("/") else "message"
    return "other"


def build_application(config, service) -> Application:
    """The PTB Application with Discreet's handlers (not started)."""
    withhold_library_payloads()
    bot = TelegramBot(config, service)
    app = (
        ApplicationBuilder()
        .token(config.telegram_bot_token)
        .base_url(config.telegram_api_url)
        .base_file_url(file_url(config.telegram_api_url))
        .get_updates_request(poll_request(service.metrics))  # a failed poll is retried at once, not after a second
        .concurrent_updates(PerChatProcessor())  # chats in parallel, each chat in order
        # one chat's flood wait holds only it
        .rate_limiter(PerChatRateLimiter(max_retries=RATE_LIMIT_RETRIES, metrics=service.metrics))
        .post_init(bot.startup)
        .post_stop(bot.shutdown)
        .build()
    )
    app.bot_data["discreet"] = bot
    bot.register(app)
    return app


async def run(config, service, *, poll_timeout: int = 10, poll_interval: float = 0.0) -> None:
    """Run the bot until cancelled: long polling, or a webhook when
    ``TELEGRAM_WEBHOOK_URL`` is set (with ``TELEGRAM_WEBHOOK_SECRET``).
    With ``DISCREET_METRICS_PORT``, ``GET /metrics`` on that port meanwhile."""
    from discreet.bots import metrics as metrics_mod

    metrics_mod.ACTIVE.set(service.metrics)  # this task and the ones it starts: bots.telegram.retry counts there
    metrics_runner = await metrics_mod.serve(service.metrics, service.store, config.metrics_host,
                                             config.metrics_port) if config.metrics_port else None
    try:
        await _run_locked(config, service, poll_timeout, poll_interval)
    finally:
        if metrics_runner is not None:
            await metrics_mod.stop(service.metrics)


async def _run_locked(config, service, poll_timeout, poll_interval) -> None:
    """Polling on PostgreSQL: hold the bot's advisory lock first (a hot standby waits here)."""
    lock = None
    if not config.telegram_webhook_url:
        lock = await _polling_lock(config, service.store)
    if lock is None:
        await _run(config, service, poll_timeout, poll_interval)
        return
    bot = asyncio.create_task(_run(config, service, poll_timeout, poll_interval), name="discreet-telegram")
    watch = asyncio.create_task(lock.watch(), name="discreet-telegram-lock")
    try:  # the bot stops, or the lock's connection fails (LockLost): then stop polling at once
        done, _ = await asyncio.wait({bot, watch}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for t in (bot, watch):
            t.cancel()
        await asyncio.gather(bot, watch, return_exceptions=True)
        await lock.release()
    for t in done:
        t.result()


LOCK_PREFIX = "discreet:telegram-polling:"


async def _polling_lock(config, store):
    """Long polling allows one poller per bot token. On PostgreSQL, wait
    (a hot standby) until this process holds the token's advisory lock; on
    SQLite there is none (the ``<db>.lock`` warning covers a second process)."""
    make = getattr(store, "session_lock", None)
    if make is None:
        return None
    bot_id = config.telegram_bot_token.split(":", 1)[0]  # the bot's public id, not the secret part
    lock = make(LOCK_PREFIX + bot_id)
    await lock.acquire(on_wait=lambda: log.info(
        "telegram: another process is polling for this bot; waiting as a hot standby (PostgreSQL advisory lock)"))
    log.info("telegram: holding the polling lock; this process polls")
    return lock


async def _run(config, service, poll_timeout: int, poll_interval: float) -> None:
    from urllib.parse import urlparse

    app = build_application(config, service)
    async with app:  # initialize() ... shutdown()
        await app.post_init(app)
        await app.start()
        try:
            if config.telegram_webhook_url:
                secret = config.telegram_webhook_secret or (await service.store.meta_default(
                    "telegram_webhook_secret", lambda: secrets.token_urlsafe(32).encode())).decode()
                await app.updater.start_webhook(
                    listen="0.0.0.0", port=config.telegram_port,
                    url_path=urlparse(config.telegram_webhook_url).path.lstrip("/"),
                    webhook_url=config.telegram_webhook_url, secret_token=secret,
                    allowed_updates=ALLOWED_UPDATES, drop_pending_updates=False)
                withhold_library_payloads()  # tornado's loggers exist from here on
                log.info("telegram: webhook listening on port %s", config.telegram_port)
            else:
                await app.updater.start_polling(poll_interval=poll_interval, timeout=dtm.timedelta(seconds=poll_timeout),
                                                allowed_updates=ALLOWED_UPDATES, drop_pending_updates=False)
                log.info("telegram: long polling as @%s", app.bot.username)
            await asyncio.Event().wait()
        finally:
            if app.updater.running:
                await app.updater.stop()
            if app.running:
                await app.stop()
            await app.post_stop(app)
