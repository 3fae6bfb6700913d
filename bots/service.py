"""Platform-neutral use cases: every adapter (Slack, Telegram, console)
translates its payload into an ``Inbound`` and awaits the ``Service``.

    service, store = await build_service(config)   # opens the store
    try:
        out = await service.on_message(Inbound("slack", "C1", "U1", "1712.0001", text, event_id="Ev1"))
        if out: deliver privately (out.reply)
    finally:
        await store.close()

The service never logs or stores message text or a matched identifier: the
audit log holds ids, a keyed hash of the author, and policy/kind/rule/severity.
A failure on one message is logged with ids and the exception class only and
returns ``None``; it never stops the bot.

Admin checks are the adapters' (Slack ``users.info``, Telegram
``getChatMember``, ``DISCREET_ADMINS`` in ``service.admins``); the service
only sees ``is_admin``. Anyone may run ``/discreet status``, ``stats`` and
``help``; changing a setting needs an admin.
"""

from __future__ import annotations

import asyncio
import difflib
import hashlib
import hmac
import logging
import secrets
import time
import uuid
from dataclasses import dataclass, replace
from typing import Iterable

from discreet.core.findings import POLICIES, Context, Finding
from discreet.core.reply import Actions, Bullets, Button, Paragraph, Reply

from .store import ChannelSettings, Pending, SQLiteStore, Store, open_store  # noqa: F401  (re-exported)

log = logging.getLogger("discreet.service")

BIG_MESSAGE = 20_000  # characters; larger messages are checked in a worker thread
SEVERITY_ORDER = {"low": 0, "medium": 1, "high": 2}
POLICY_LABELS = {"identifiers": "patient identifiers", "derogatory": "derogatory remarks"}


@dataclass(frozen=True, slots=True)
class Inbound:
    """One chat message, translated at the edge. ``text`` never leaves the
    service except as the masked rewrite inside the author's own nudge."""

    platform: str
    channel: str
    user: str
    message_id: str
    text: str
    event_id: str | None = None
    edited: bool = False
    thread_id: str | None = None
    user_name: str | None = None
    attachment: str | None = None  # "image" | "PDF" | "file": the text was read from a shared file
    # Spans of ``text`` that name a colleague, a channel or a group (a Slack
    # mention decoded to its display name): never flagged.
    protected: tuple[tuple[int, int], ...] = ()

    def __repr__(self) -> str:  # keep text out of tracebacks and debug logs
        return (f"Inbound(platform={self.platform!r}, channel={self.channel!r}, message_id={self.message_id!r}, "
                f"event_id={self.event_id!r}, edited={self.edited}, chars={len(self.text)}, "
                f"attachment={self.attachment!r})")


@dataclass(frozen=True, slots=True)
class Outbound:
    """What to deliver privately to ``user``. ``findings`` carry offsets only.
    ``remove``: the channel is in remove mode (the adapter may delete the
    original message when the platform allows it)."""

    kind: str  # "nudge" | "thanks"
    platform: str
    channel: str
    user: str
    message_id: str
    reply: Reply
    nudge_id: str | None = None
    severity: str | None = None
    kinds: tuple[str, ...] = ()
    findings: tuple[Finding, ...] = ()
    remove: bool = False
    sections: tuple[str, ...] = ()
    thread_id: str | None = None

    def __repr__(self) -> str:  # the reply quotes the (masked) message: keep it out of logs
        return (f"Outbound(kind={self.kind!r}, platform={self.platform!r}, channel={self.channel!r}, "
                f"message_id={self.message_id!r}, nudge_id={self.nudge_id!r}, kinds={self.kinds!r})")


SUBCOMMANDS = ("status", "stats", "rules", "on", "off", "policies", "rule", "remove", "files", "mode", "dm", "check",
               "digest", "help")
DIGEST_EVERY_S = 7 * 86400
MODES = ("nudge", "observe")
MODE_LABELS = {"nudge": "nudge (authors get private notes)",
               "observe": "observe (checked and counted, nobody is nudged)"}
PLACE = {"telegram": "group"}  # what a platform calls the place the bot watches (default: channel)
TELEGRAM_ONLY = ("remove",)  # settings with no effect elsewhere (a Slack bot cannot delete others' messages)
SLACK_ONLY = ("dm",)  # Telegram nudges are direct messages already


def _place(platform: str) -> str:
    return PLACE.get(platform, "channel")


def help_reply(platform: str = "slack") -> Reply:
    """The /discreet help, worded for the platform, without settings that have no effect there."""
    place = _place(platform)
    items = [
        ("status", f"/discreet status: this {place}'s settings (anyone)"),
        ("rules", f"/discreet rules [identifiers | derogatory]: every rule with its id, why, and whether it is "
                  f"on here (anyone)"),
        ("stats", f"/discreet stats: nudges in this {place} over 7 and 30 days, by kind and by rule "
                  "(anyone; no text, no names)"),
        ("on", f"/discreet on | off: start or stop monitoring this {place} (admins)"),
        ("policies", "/discreet policies identifiers,derogatory: which policies to check (admins)"),
        ("rule", "/discreet rule off | on RULE_ID: switch one rule off or back on here (admins)"),
        ("remove", "/discreet remove on | off: also remove flagged messages where the platform allows (admins)"),
        ("files", "/discreet files on | off: also read the text in shared images and PDFs (admins; on by default)"),
        ("mode", f"/discreet mode observe | nudge: observe checks and counts this {place} without nudging anyone "
                 "(a trial: /discreet stats says what would have been sent); nudge is the default (admins)"),
        ("check", "/discreet check DRAFT: check a draft before posting; answered only to you, nothing stored "
                  "(anyone)" if platform != "telegram" else
                  "To check a draft before posting it, send it to me in a private chat: only you see the "
                  "answer, and nothing is stored (anyone)"),
        ("settings", "/discreet settings: buttons to change this group's settings (admins)"),
        ("digest", "/discreet digest on | off: a weekly private message to the admins with the week's counts "
                   f"per {place}, policy and kind, the trend, and the rules most reported as false alarms "
                   f"(admins; {'for this group' if platform == 'telegram' else 'for the whole workspace'})"),
        ("dm", "/discreet dm on | off: also get high-severity notes as a direct message from the app, "
               "which keeps them across reloads and devices (yourself)"),
        ("guidance", "/guidance [question]: ask about the guidance (anyone)"),
    ]
    hidden = set(SLACK_ONLY if platform == "telegram" else TELEGRAM_ONLY if platform == "slack" else ())
    if platform != "telegram":
        hidden.add("settings")  # an inline keyboard; Slack has the App Home
    return Reply("Discreet commands", (
        Paragraph("Discreet privately nudges the author of a message that may identify a patient or "
                  "reads as derogatory, citing the SAMA/HPCSA social-media guidance."),
        Bullets(tuple(text for key, text in items if key not in hidden)),
    ))


HELP = help_reply("console")


def intro_reply(platform: str = "slack", mode: str = "nudge") -> Reply:
    """The public introduction when the bot joins, worded for the platform and the channel's mode."""
    place = _place(platform)
    if mode == "observe":
        how = ("This {place} is in observe mode (a trial): I check messages and count what I find, but I send "
               "nobody a note yet. An admin turns notes on with /discreet mode nudge.").format(place=place)
    else:
        how = ("Mode: nudge (authors get private notes). An admin can switch to a trial that only counts, "
               "with /discreet mode observe.")
    return Reply("Hello from Discreet", (
        Paragraph(f"I help keep patient information and unprofessional remarks out of this {place}, "
                  "following the SAMA/HPCSA guidance on social media."),
        Bullets((
            "When a message may identify a patient (a name, ID, folder or phone number, date of birth...) "
            "or reads as derogatory, I send its author a private note with a suggested rewrite. "
            f"Nobody else sees it, and I never post in the {place} about it.",
            "I never store message text or what I found in it: only counts (policy, kind, time) "
            "and a one-way hash of the author, for /discreet stats.",
            "Monitoring is on for patient identifiers and derogatory remarks. "
            "Admins can change that with /discreet; anyone can run /discreet status or ask /guidance.",
            how,
            "Check a draft privately before posting it: /discreet check followed by the text "
            "(nothing is stored).",
        )),
    ))


INTRO = intro_reply("slack")

THANKS = Reply("Thank you", (
    Paragraph("Only you can see this. Your edited message no longer holds what I flagged. Thanks for keeping "
              "patient information private."),
))

NOT_ADMIN = Reply("Discreet", (
    Paragraph("Only an admin can change Discreet's settings here. Anyone can run /discreet status, "
              "/discreet stats or /guidance."),
))


def _note(text: str, title: str = "Discreet") -> Reply:
    return Reply(title, (Paragraph(text),))


def _trend(now: int, before: int) -> str:
    if now == before:
        return f"same as the week before, {before}"
    return f"{'up' if now > before else 'down'} {abs(now - before)} from {before} the week before"


def _severity(findings: Iterable[Finding]) -> str | None:
    return max((f.severity for f in findings), key=lambda s: SEVERITY_ORDER.get(s, -1), default=None)


@dataclass(frozen=True, slots=True)
class ChannelCounts:
    """One channel on the admins' home screen: its settings and counts (no text, no names)."""

    channel: str
    settings: ChannelSettings
    nudged_7: int
    nudged_30: int
    observed_7: int
    observed_30: int
    false_positives_30: int


@dataclass(frozen=True, slots=True)
class Home:
    """What a home screen (Slack's App Home) shows one person. Counts only.
    ``channels`` and ``false_positives`` are filled for an admin only."""

    is_admin: bool
    about: Reply
    topics: tuple[tuple[str, str], ...]  # (title, /guidance topic)
    my_nudges_30: int
    my_kinds_30: tuple[tuple[str, int], ...]  # (plain label, count)
    channels: tuple[ChannelCounts, ...] = ()
    false_positives: tuple[tuple[str, str, int], ...] = ()  # (rule id, why, reports in 30 days)
    more_channels: int = 0  # channels beyond those listed (a home screen has room for so many)


# Settings an admin changes from a home screen, as the /discreet words that change them.
HOME_SETTINGS = {
    "monitoring": lambda v: "on" if v == "on" else "off",
    "mode": lambda v: f"mode {v}",
    "policies": lambda v: f"policies {v}",  # none chosen: nothing changes (monitoring off is its own switch)
    "files": lambda v: f"files {'on' if v == 'on' else 'off'}",
    "remove": lambda v: f"remove {'on' if v == 'on' else 'off'}",
}


class Service:
    def __init__(self, store: Store, *, checker=None, guidance=None, secret: bytes,
                 admins: frozenset[str] = frozenset(), metrics=None):
        if not secret:
            raise ValueError("a secret is required (it keys the user and message hashes)")
        if checker is None:
            from discreet.core import default_checker
            checker = default_checker()
        self.store = store
        self.checker = checker
        self.secret = bytes(secret)
        self.admins = frozenset(admins)
        self._guidance = guidance
        self._titles: dict[str, str] | None = None
        self._guidance_warned = False
        self._settings_lock = asyncio.Lock()  # one settings change at a time (read, change, write)
        self._members_seen: set[tuple[str, str, str, str]] = set()
        if metrics is None:
            from .metrics import Metrics
            metrics = Metrics()
        self.metrics = metrics  # counts only (bots.metrics): GET /metrics

    # -- hashing ------------------------------------------------------------

    def _hash(self, *parts: str) -> str:
        msg = "\x1f".join(parts).encode()
        return hmac.new(self.secret, msg, hashlib.sha256).hexdigest()[:32]

    def user_hash(self, platform: str, user: str) -> str:
        """HMAC-SHA256 of (platform, user) with the secret: the audit log's author."""
        return self._hash("user", platform, str(user))

    def message_key(self, platform: str, channel: str, message_id: str) -> str:
        return self._hash("message", platform, str(channel), str(message_id))

    # -- settings -----------------------------------------------------------

    async def settings(self, platform: str, channel: str) -> ChannelSettings:
        return await self.store.get_settings(platform, channel) or ChannelSettings()

    # -- messages -----------------------------------------------------------

    async def on_message(self, msg: Inbound, staff_names: Iterable[str] = (), *,
                         dedup: bool = True) -> Outbound | None:
        """``dedup=False``: the caller's durable job already claimed the event."""
        try:
            return await self._on_message(msg, staff_names, dedup)
        except Exception as e:  # one bad message never stops the bot; no payload in the log
            self.metrics.failure(msg.platform)
            log.error("message failed: platform=%s channel=%s message=%s event=%s error=%s",
                      msg.platform, msg.channel, msg.message_id, msg.event_id, type(e).__name__)
            return None

    async def _on_message(self, msg: Inbound, staff_names: Iterable[str], dedup: bool = True) -> Outbound | None:
        if dedup and msg.event_id and not await self.store.first_seen(msg.platform, str(msg.event_id)):
            log.debug("duplicate event: platform=%s event=%s", msg.platform, msg.event_id)
            return None
        return await self.evaluate(msg, staff_names, record=True)

    async def evaluate(self, msg: Inbound, staff_names: Iterable[str] = (), *,
                       record: bool = False) -> Outbound | None:
        """``on_message`` for a caller that owns a durable job (``bots.jobs``):
        no event de-duplication (the job is the claim), errors propagate (the
        job is tried again), and with ``record=False`` no audit row: the
        caller writes it once the platform has accepted the nudge. In
        observe mode the audit row (flagged observed) is written here
        whatever ``record`` says, and nothing is returned to deliver."""
        store = self.store
        s = await self.settings(msg.platform, msg.channel)
        if not s.monitoring or not s.policies or (msg.attachment and not s.files):
            return None
        names = set(staff_names)
        if msg.user_name:
            names.add(msg.user_name)
            mkey = (msg.platform, msg.channel, msg.user, msg.user_name)
            if mkey not in self._members_seen:
                await store.remember_member(msg.platform, msg.channel, msg.user, msg.user_name)
                if len(self._members_seen) > 100_000:  # a cache of writes already made: bounded
                    self._members_seen.clear()
                self._members_seen.add(mkey)
        names |= await store.members(msg.platform, msg.channel)
        ctx = Context.make(staff_names=names, policies=s.policies, disabled_rules=s.disabled_rules)
        started = time.perf_counter()
        if len(msg.text) > BIG_MESSAGE:
            findings = await asyncio.to_thread(self.checker.check, msg.text, ctx)
        else:
            findings = self.checker.check(msg.text, ctx)
        elapsed = time.perf_counter() - started
        if msg.protected:
            findings = [f for f in findings if f.start is None
                        or not any(f.start < e and s0 < f.end for s0, e in msg.protected)]
        self.metrics.check(msg.platform, elapsed, flagged=bool(findings))
        key = self.message_key(msg.platform, msg.channel, msg.message_id)
        if not findings:
            if msg.edited and await store.was_nudged(msg.platform, msg.channel, key) \
                    and await store.mark_thanked(msg.platform, msg.channel, key):
                self.metrics.thank(msg.platform)
                return Outbound("thanks", msg.platform, msg.channel, msg.user, msg.message_id, THANKS,
                                thread_id=msg.thread_id)
            return None
        if msg.edited:
            before = await store.nudged_kinds(msg.platform, msg.channel, key)
            now_keys = {f"{f.policy}:{f.kind}:{f.rule}" for f in findings}
            if before is not None and now_keys <= before:
                return None  # the author was already told about these
        nudge_id = uuid.uuid4().hex[:16]
        if s.mode == "observe":  # shadow mode: counted (flagged as observed), nobody told
            await store.record_nudge(nudge_id, msg.platform, msg.channel, self.user_hash(msg.platform, msg.user),
                                     findings, key, observed=True)
            log.info("observed: platform=%s channel=%s nudge=%s kinds=%s", msg.platform, msg.channel, nudge_id,
                     ",".join(sorted({f"{f.policy}:{f.kind}" for f in findings})))
            return None
        reply = self._build_nudge(msg.text, findings, nudge_id, msg.attachment)
        if record:
            try:
                await store.record_nudge(nudge_id, msg.platform, msg.channel,
                                         self.user_hash(msg.platform, msg.user), findings, key)
            except Exception as e:  # the nudge still goes out
                log.error("audit log failed: platform=%s channel=%s nudge=%s error=%s",
                          msg.platform, msg.channel, nudge_id, type(e).__name__)
            self.metrics.nudge(msg.platform, findings)
            log.info("nudge: platform=%s channel=%s nudge=%s kinds=%s", msg.platform, msg.channel, nudge_id,
                     ",".join(sorted({f"{f.policy}:{f.kind}" for f in findings})))
        return Outbound(
            "nudge", msg.platform, msg.channel, msg.user, msg.message_id, reply,
            nudge_id=nudge_id, severity=_severity(findings),
            kinds=tuple(dict.fromkeys(f"{f.policy}:{f.kind}" for f in findings)),
            findings=tuple(findings), remove=s.remove,
            sections=tuple(dict.fromkeys(f.section for f in findings)), thread_id=msg.thread_id)

    def _build_nudge(self, text: str, findings: list[Finding], nudge_id: str,
                     attachment: str | None = None) -> Reply:
        from discreet.core.nudge import build_nudge
        return build_nudge(text, findings, self.checker.packs, nudge_id, self._section_titles(),
                           attachment=attachment)

    async def check_draft(self, platform: str, channel: str | None, text: str,
                          staff_names: Iterable[str] = (), protected: tuple[tuple[int, int], ...] = ()) -> Reply:
        """``/discreet check DRAFT`` (and Slack's message shortcut, and a text
        sent to the Telegram bot privately): the findings and a rewrite for
        the asker alone. Stores nothing and counts nothing: no audit row, no
        dedup key, no member name. Uses the channel's policies and switched-off
        rules when the channel is known (whether or not monitoring is on)."""
        text = (text or "").strip()
        if not text:
            return _note("Put the draft after the command: /discreet check Bed 4 stable, for review at 10. "
                         "Only you see the answer, and nothing is stored.", "Discreet check")
        s = (await self.store.get_settings(platform, channel) if channel else None) or ChannelSettings()
        names = set(staff_names)
        if channel:
            names |= await self.store.members(platform, channel)
        ctx = Context.make(staff_names=names, policies=s.policies or frozenset(POLICIES),
                           disabled_rules=s.disabled_rules)
        if len(text) > BIG_MESSAGE:
            findings = await asyncio.to_thread(self.checker.check, text, ctx)
        else:
            findings = self.checker.check(text, ctx)
        if protected:
            findings = [f for f in findings if f.start is None
                        or not any(f.start < e and s0 < f.end for s0, e in protected)]
        head = Paragraph("Only you can see this. I checked the text; nothing about it was posted or stored.")
        if not findings:
            return Reply("Discreet check", (head, Paragraph(
                "I found nothing to flag: no patient identifier or derogatory wording that I recognise. "
                "I look for likely problems, not certain ones, so read it once more with the patient in mind."),))
        nudge = self._build_nudge(text, findings, "")
        blocks = []
        for b in nudge.blocks:  # no "not patient information" button: there is no stored note to report
            if isinstance(b, Actions):
                b = Actions(tuple(x for x in b.buttons if x.action != "false_positive"))
            elif isinstance(b, Paragraph) and b.text.startswith("Only you can see this. "):  # said once, above
                rest = b.text.removeprefix("Only you can see this. ")
                b = Paragraph(rest.replace("Your message", "The text", 1).replace("your message", "the text", 1))
            blocks.append(b)
        log.info("draft checked: platform=%s findings=%d", platform, len(findings))
        return Reply("Discreet check", (head, *blocks))

    def _section_titles(self) -> dict[str, str]:
        if self._titles is None:
            engine = self._engine()
            titles = getattr(engine, "titles", None) if engine is not None else None
            if callable(titles):
                titles = titles()
            if engine is None:
                return {}  # try again later: the guidance may still be loading
            self._titles = dict(titles or {})
        return self._titles

    def pending_nudge(self, kinds: Iterable[str], sections: Iterable[str], platform: str = "telegram") -> Reply:
        """A nudge without the text (for late delivery, e.g. when a Telegram
        author opens the bot after the fact): what kinds, why, what to do."""
        from discreet.core.nudge import TITLE, section_title
        packs = self.checker.packs
        labels, policies = [], []
        for k in kinds:
            policy, _, kind = k.partition(":") if ":" in k else ("identifiers", "", k)
            policies.append(policy)
            if policy == "identifiers":
                conf = packs["identifiers"].table("nudge").get("kinds", {}).get(kind, {})
                labels.append(conf.get("label", kind.replace("_", " ")))
            else:
                labels.append(f"wording that may read as derogatory ({kind.replace('_', ' ')})")
        labels = list(dict.fromkeys(labels))
        sections = list(dict.fromkeys(sections)) or ["patient-confidentiality"]
        titles = self._section_titles()
        why = "; ".join(f"{titles.get(s, section_title(s))} (/guidance {s})" for s in sections)
        todo = [packs[p].table("nudge").get("what_to_do", "") for p in POLICIES if p in policies]
        blocks = [
            Paragraph(f"Only you can see this. A message you posted in the {_place(platform)} may hold:"),
            Bullets(tuple(labels) or ("something to review",)),
            Paragraph(f"Why it matters: the SAMA/HPCSA social-media guidance, {why}."),
            Paragraph("What to do: " + (" ".join(t for t in todo if t) or "Review and edit the message.")),
            Actions((Button("Show guidance", "show_guidance", sections[0]),)),
        ]
        return Reply(TITLE, tuple(blocks))

    # -- commands -----------------------------------------------------------

    async def on_command(self, platform: str, channel: str, user: str, is_admin: bool, args: str,
                         *, member: bool | None = None, staff_names: Iterable[str] = ()) -> Reply:
        """``/discreet ARGS``. ``member``: whether the bot is in the channel
        (False: it cannot read it, and status says how to invite it).
        ``staff_names``: colleagues' names, for ``check``."""
        words = (args or "").replace(",", " , ").split()
        sub = words[0].lower() if words else "help"
        if sub == "check":  # the draft as typed, spacing kept
            return await self.check_draft(platform, channel, (args or "").strip()[5:], staff_names)
        rest = [w for w in words[1:] if w != ","]
        if sub in ("help", "?"):
            return help_reply(platform)
        if sub == "status":
            return self._status(await self.settings(platform, channel), platform, member=member)
        if sub == "stats":
            return await self._stats(platform, channel)
        if sub in ("rules", "rule") and (not rest or rest[0].lower() in POLICIES):
            return self._rules(await self.settings(platform, channel), platform, rest[0].lower() if rest else None)
        if sub in ("policies", "mode") and not rest:
            return self._status(await self.settings(platform, channel), platform, member=member)
        if sub == "dm":
            return await self._dm_pref(platform, user, rest)
        if sub == "digest" and not rest:
            on = await self.digest_enabled(platform, channel)
            return _note(f"The weekly digest is {'on' if on else 'off'}. An admin switches it with "
                         "/discreet digest on or /discreet digest off.")
        hidden = SLACK_ONLY if platform == "telegram" else TELEGRAM_ONLY if platform == "slack" else ()
        if sub == "settings" and platform == "slack":
            return _note("Admins change every channel's settings on Discreet's Home tab (open the Discreet app "
                         "in Slack), or with /discreet on | off | mode | policies here. "
                         "/discreet status shows this channel's.")
        if sub not in SUBCOMMANDS:
            shown = [c for c in SUBCOMMANDS if c not in hidden]
            close = difflib.get_close_matches(sub, shown, n=1, cutoff=0.6)
            hint = f" Did you mean /discreet {close[0]}?" if close else ""
            return Reply("Discreet", (Paragraph(f"Unknown command: {sub[:30]}.{hint}"),)
                         + help_reply(platform).blocks[1:])
        if not is_admin:
            return NOT_ADMIN
        async with self._settings_lock:  # two quick changes (App Home controls) must not undo each other
            return await self._change(platform, channel, user, sub, rest, member)

    async def _change(self, platform: str, channel: str, user: str, sub: str, rest: list[str],
                      member: bool | None) -> Reply:
        s = await self.settings(platform, channel)
        if sub in ("on", "off"):
            s = replace(s, monitoring=sub == "on")
        elif sub == "policies":
            chosen = [w.lower() for w in rest]
            if chosen in (["all"], ["both"]):
                chosen = list(POLICIES)
            unknown = [w for w in chosen if w not in POLICIES]
            if unknown or not chosen:
                return _note(f"Policies are: {', '.join(POLICIES)} (e.g. /discreet policies identifiers). "
                             "To stop checking, use /discreet off.")
            s = replace(s, policies=frozenset(chosen))
        elif sub == "remove":
            if not rest or rest[0].lower() not in ("on", "off"):
                return _note("Use /discreet remove on or /discreet remove off.")
            s = replace(s, remove=rest[0].lower() == "on")
        elif sub == "files":
            if not rest or rest[0].lower() not in ("on", "off"):
                return _note("Use /discreet files on or /discreet files off.")
            s = replace(s, files=rest[0].lower() == "on")
        elif sub == "digest":
            if rest[0].lower() not in ("on", "off"):
                return _note("Use /discreet digest on or /discreet digest off.")
            on = rest[0].lower() == "on"
            await self.store.set_meta(self._digest_key(platform, channel), b"1" if on else None)
            if platform == "telegram" and await self.store.get_settings(platform, channel) is None:
                await self.store.put_settings(platform, channel, s)  # the group's digest looks for it there
            log.info("digest %s: platform=%s scope=%s by=%s", "on" if on else "off", platform,
                     self._digest_scope(platform, channel), self.user_hash(platform, user))
            where = "this group" if platform == "telegram" else "this workspace"
            return _note(f"Done: the admins of {where} will get a weekly digest as a private message (counts "
                         "only: no text, no names)." if on else f"Done: no more weekly digest for {where}.")
        elif sub == "mode":
            if not rest or rest[0].lower() not in MODES:
                return _note(f"Use /discreet mode observe (check and count here, nudge nobody: a trial) or "
                             f"/discreet mode nudge (send authors private notes). Now: {s.mode}.")
            s = replace(s, mode=rest[0].lower())
        else:  # rule(s) on|off ID
            if len(rest) != 2 or rest[0].lower() not in ("on", "off"):
                return _note("Use /discreet rule off RULE_ID or /discreet rule on RULE_ID "
                             "(/discreet rules lists the ids).")
            rid = rest[1]
            if rid not in self.checker.rules:
                close = difflib.get_close_matches(rid, list(self.checker.rules), n=1, cutoff=0.6)
                hint = f" Did you mean {close[0]}?" if close else ""
                return _note(f"No rule {rid[:60]!r}.{hint} /discreet rules lists the ids.")
            dis = set(s.disabled_rules)
            (dis.discard if rest[0].lower() == "on" else dis.add)(rid)
            s = replace(s, disabled_rules=frozenset(dis))
        await self.store.put_settings(platform, channel, s)
        log.info("settings changed: platform=%s channel=%s command=%s by=%s", platform, channel, sub,
                 self.user_hash(platform, user))
        return self._status(s, platform, changed=True, member=member)

    def _status(self, s: ChannelSettings, platform: str = "slack", changed: bool = False,
                member: bool | None = None) -> Reply:
        head = "Updated. " if changed else ""
        place = _place(platform)
        if member is False:
            set_to = "ON" if s.monitoring and s.policies else "OFF"
            state = (f"{head}I am not a member of this {place}, so I cannot read its messages and nobody here "
                     f"gets notes (monitoring is set {set_to}). Invite me with /invite @Discreet "
                     "(or the channel's name > Integrations > Add apps).")
        elif s.monitoring and s.policies:
            what = " and ".join(POLICY_LABELS[p] for p in POLICIES if p in s.policies)
            state = f"{head}Monitoring is ON in this {place} for {what}."
        else:
            state = f"{head}Monitoring is OFF in this {place}."
        items = ["Policies: " + (", ".join(p for p in POLICIES if p in s.policies) or "none"),
                 "Mode: " + MODE_LABELS.get(s.mode, s.mode)]
        if platform != "slack":
            items.append("Remove mode: " + ("on" if s.remove else "off"))
        items.append("Files (text in images and PDFs): " + ("checked" if s.files else "not checked"))
        if s.disabled_rules:
            items.append("Rules switched off: " + ", ".join(sorted(s.disabled_rules)))
        items.append("Rule ids and what each looks for: /discreet rules")
        return Reply("Discreet status", (Paragraph(state), Bullets(tuple(items))))

    def _rules(self, s: ChannelSettings, platform: str, policy: str | None) -> Reply:
        """Every rule: id, on/off here, one-line why. Several bullet blocks, each
        short enough for one Slack section."""
        blocks: list = [Paragraph(f"Rules in this {_place(platform)}. An admin switches one with "
                                  "/discreet rule off RULE_ID (or on).")]
        for pol in POLICIES:
            if policy and pol != policy:
                continue
            lines = []
            for r in self.checker.rules.values():
                if r.policy != pol:
                    continue
                on = r.enabled and pol in s.policies and s.monitoring and r.id not in s.disabled_rules
                lines.append(f"{r.id} ({'on' if on else 'off'}): {r.why}")
            blocks.append(Paragraph(f"{POLICY_LABELS[pol].capitalize()} ({len(lines)} rules):"))
            chunk: list[str] = []
            for line in lines:
                if chunk and sum(len(x) + 3 for x in chunk) + len(line) > 2500:
                    blocks.append(Bullets(tuple(chunk)))
                    chunk = []
                chunk.append(line)
            if chunk:
                blocks.append(Bullets(tuple(chunk)))
        return Reply("Discreet rules", tuple(blocks))

    async def wants_dm(self, platform: str, user: str, default: bool = False) -> bool:
        """Whether ``user`` asked for high-severity notes also as a direct
        message (``/discreet dm on``); ``default``: the workspace's choice."""
        value = await self.store.get_meta(f"dm_high:{platform}:{self.user_hash(platform, user)}")
        return default if value is None else value == b"1"

    async def _dm_pref(self, platform: str, user: str, rest: list[str]) -> Reply:
        if platform == "telegram":
            return _note("On Telegram every note already comes as a private message.")
        if not rest or rest[0].lower() not in ("on", "off"):
            return _note("Use /discreet dm on to also get high-severity notes as a direct message from the app "
                         "(private notes in the channel can vanish on reload or another device), "
                         "or /discreet dm off.")
        on = rest[0].lower() == "on"
        await self.store.set_meta(f"dm_high:{platform}:{self.user_hash(platform, user)}", b"1" if on else b"0")
        return _note("Done: high-severity notes will also come to you as a direct message from the app, "
                     "which holds nothing else." if on else
                     "Done: notes will come only as private notes in the channel.")

    async def _stats(self, platform: str, channel: str) -> Reply:
        now = time.time()
        week = await self.store.stats(platform, channel, 7, now=now)
        month = await self.store.stats(platform, channel, 30, now=now)
        keys = sorted(set(week["nudges"]) | set(month["nudges"]))
        items = [f"{p} / {k.replace('_', ' ')}: {week['nudges'].get((p, k), 0)} (7 days), "
                 f"{month['nudges'].get((p, k), 0)} (30 days)" for p, k in keys]
        for target in ("patient", "colleague"):
            w, m = week.get("targets", {}).get(target, 0), month.get("targets", {}).get(target, 0)
            if w or m:
                items.append(f"derogatory remarks about a {target}: {w} (7 days), {m} (30 days)")
        items.append(f"Messages nudged: {week['messages_nudged']} (7 days), {month['messages_nudged']} (30 days)")
        if week.get("observed") or month.get("observed"):
            items.append(f"Observe mode: would have nudged {week.get('observed', 0)} (7 days), "
                         f"{month.get('observed', 0)} (30 days) messages; nobody was told")
        items.append(f"Reported as not patient information / not derogatory: {week['false_positives']} (7 days), "
                     f"{month['false_positives']} (30 days)")
        rules = sorted(set(week.get("rules", {})) | set(month.get("rules", {})))
        by_rule = tuple(f"{r}: {week.get('rules', {}).get(r, 0)} (7 days), {month.get('rules', {}).get(r, 0)} "
                        "(30 days)" for r in rules)
        return Reply(f"Discreet stats for this {_place(platform)}", (
            Paragraph("Counts only: no message text, no names."),
            Bullets(tuple(items)),
            *((Paragraph("By rule (/discreet rules says what each looks for):"), Bullets(by_rule)) if by_rule else ()),
        ))

    # -- home screen --------------------------------------------------------

    def guidance_topics(self) -> tuple[tuple[str, str], ...]:
        """(title, topic) of every guidance section, for buttons; () while the guidance loads."""
        engine = self._engine()
        sections = getattr(engine, "sections", None) if engine is not None else None
        if not sections:
            return ()
        return tuple((sec.title, sec.topic) for sec in sections.values() if getattr(sec, "topic", None))

    async def home(self, platform: str, user: str, is_admin: bool, now: float | None = None,
                   max_channels: int = 25) -> Home:
        """The home screen for ``user``: what Discreet does and never stores,
        the guidance topics, their own nudges over 30 days (by the keyed hash,
        counts only); for an admin, every channel with its settings and counts,
        and the false-positive reports per rule."""
        now = time.time() if now is None else now
        place = _place(platform)
        about = Reply("Discreet", (
            Paragraph(f"Discreet reads the messages in the {place}s it is invited to. When one may identify a "
                      "patient or reads as derogatory, it sends the author a private note with a suggested "
                      "rewrite and the SAMA/HPCSA guidance behind it. Nobody else sees the note."),
            Bullets((
                "Never stored: message text, what was found in it, names. Kept: counts (policy, kind, rule, "
                "time) and a one-way keyed hash of the author, for the numbers below.",
                "Check a draft before posting: /discreet check followed by the text, or the message "
                "shortcut \"Check with Discreet\". Only you see the answer; nothing is stored.",
                "A note that was wrong? Its \"Not patient information\" button tells the admins which rule "
                "to look at.",
            )),
        ))
        mine = await self.store.user_nudges(platform, self.user_hash(platform, user), 30, now=now)
        kinds = tuple((self._kind_label(p, k), n) for (p, k), n in sorted(mine["nudges"].items()))
        channels: list[ChannelCounts] = []
        fps: list[tuple[str, str, int]] = []
        more = 0
        if is_admin:
            every = await self.store.channels(platform)
            more = max(0, len(every) - max_channels)
            for channel, s in every[:max_channels]:
                week = await self.store.stats(platform, channel, 7, now=now)
                month = await self.store.stats(platform, channel, 30, now=now)
                channels.append(ChannelCounts(channel, s, week["messages_nudged"], month["messages_nudged"],
                                              week.get("observed", 0), month.get("observed", 0),
                                              month["false_positives"]))
            for rule, n in (await self.store.false_positives_by_rule(platform, 30, now=now)).items():
                r = self.checker.rules.get(rule)
                fps.append((rule, getattr(r, "why", "") or "", n))
        return Home(is_admin, about, self.guidance_topics(), mine["total"], kinds, tuple(channels), tuple(fps),
                    more)

    def _kind_label(self, policy: str, kind: str) -> str:
        if policy == "identifiers":
            conf = self.checker.packs["identifiers"].table("nudge").get("kinds", {}).get(kind, {})
            return conf.get("label", kind.replace("_", " "))
        return f"derogatory wording ({kind.replace('_', ' ')})"

    async def home_setting(self, platform: str, channel: str, user: str, is_admin: bool, setting: str,
                           value: str) -> Reply:
        """A setting changed from a home screen: the same words and the same
        admin check as ``/discreet``."""
        words = HOME_SETTINGS.get(setting)
        if words is None:
            return _note("Unknown setting.")
        return await self.on_command(platform, channel, user, is_admin, words(value))

    # -- weekly digest ------------------------------------------------------

    @staticmethod
    def _digest_scope(platform: str, channel: str) -> str:
        """A digest covers a Telegram group, or a whole Slack workspace."""
        return channel if platform == "telegram" else "workspace"

    def _digest_key(self, platform: str, channel: str) -> str:
        return f"digest:{platform}:{self._digest_scope(platform, channel)}"

    async def digest_enabled(self, platform: str, channel: str = "workspace") -> bool:
        return await self.store.get_meta(self._digest_key(platform, channel)) == b"1"

    async def digest_due(self, platform: str, channel: str = "workspace", now: float | None = None) -> bool:
        """On, and no digest went out for this scope in the last week."""
        if not await self.digest_enabled(platform, channel):
            return False
        now = time.time() if now is None else now
        last = await self.store.get_meta(self._digest_key(platform, channel) + ":sent")
        return last is None or now - float(last.decode()) >= DIGEST_EVERY_S - 3600

    async def digest_sent(self, platform: str, channel: str = "workspace", now: float | None = None) -> None:
        now = time.time() if now is None else now
        await self.store.set_meta(self._digest_key(platform, channel) + ":sent", str(now).encode())

    async def digest(self, platform: str, channels: Iterable[str] | None = None,
                     labels: dict[str, str] | None = None, now: float | None = None) -> Reply:
        """The week's counts per channel, policy and kind, against the week
        before, and the rules with the most false-alarm reports. Counts only.
        ``channels``: those to cover (default: every channel with settings);
        ``labels``: how to name a channel (default: its id)."""
        now = time.time() if now is None else now
        labels = labels or {}
        if channels is None:
            channels = [c for c, _ in await self.store.channels(platform)]
        per_channel, kinds_now, kinds_before = [], {}, {}
        observed_any = False
        for c in channels:
            week = await self.store.stats(platform, c, 7, now=now)
            two = await self.store.stats(platform, c, 14, now=now)
            before = two["messages_nudged"] - week["messages_nudged"]
            n = week["messages_nudged"]
            line = f"{labels.get(c, c)}: {n} message{'' if n == 1 else 's'} nudged ({_trend(n, before)})"
            if week.get("observed"):
                observed_any = True
                line += f"; observe mode: would have nudged {week['observed']}"
            if week["false_positives"]:
                line += f"; {week['false_positives']} reported as false alarms"
            per_channel.append(line)
            for key, n in week["nudges"].items():
                kinds_now[key] = kinds_now.get(key, 0) + n
            for key, n in two["nudges"].items():
                kinds_before[key] = kinds_before.get(key, 0) + n - week["nudges"].get(key, 0)
        by_kind = [f"{POLICY_LABELS.get(p, p)} / {self._kind_label(p, k)}: {kinds_now.get((p, k), 0)} "
                   f"({_trend(kinds_now.get((p, k), 0), kinds_before.get((p, k), 0))})"
                   for p, k in sorted(set(kinds_now) | {k for k, n in kinds_before.items() if n})]
        fps = list((await self.store.false_positives_by_rule(platform, 7, now=now)).items())[:5]
        rules = [f"{r}: {n} report{'s' if n != 1 else ''}" + (f" ({why})" if (why := getattr(
            self.checker.rules.get(r), "why", "")) else "") for r, n in fps]
        place = _place(platform)
        blocks: list = [Paragraph(f"Counts only for the last 7 days, against the 7 days before: no message text, "
                                  f"no names. Per {place}:"),
                        Bullets(tuple(per_channel) or (f"No {place} is set up yet.",))]
        if by_kind:
            blocks += [Paragraph("By policy and kind (findings; a message can hold several):"), Bullets(tuple(by_kind))]
        blocks += [Paragraph("Rules most reported as false alarms this week (an admin can switch one off "
                             "with /discreet rule off RULE_ID):"), Bullets(tuple(rules) or ("None.",))]
        if observed_any:
            blocks.append(Paragraph("Observe mode counts what would have been sent; /discreet mode nudge "
                                    "turns the notes on."))
        blocks.append(Paragraph("Stop this digest with /discreet digest off."))
        return Reply("Discreet: the week in numbers", tuple(blocks))

    # -- guidance -----------------------------------------------------------

    def _engine(self):
        if self._guidance is None:
            try:
                from discreet.core.guidance import default_engine  # lazy: written by another helper
                self._guidance = default_engine()
            except Exception as e:
                if not self._guidance_warned:
                    log.warning("guidance not available yet: %s", type(e).__name__)
                    self._guidance_warned = True
                return None
        return self._guidance

    def guidance(self, question: str) -> Reply:
        """``/guidance [question]``: the menu for an empty question, else the best answer."""
        engine = self._engine()
        if engine is None:
            return _note("The guidance is still loading; please try /guidance again in a moment.", "Guidance")
        try:
            q = (question or "").strip()
            return engine.menu() if not q else engine.answer(q).reply
        except Exception as e:
            log.error("guidance failed: error=%s", type(e).__name__)
            return _note("Sorry, I could not answer that just now. Try /guidance for the list of topics.", "Guidance")

    # -- feedback and membership --------------------------------------------

    async def on_feedback(self, platform: str, channel: str, user: str, nudge_id: str) -> Reply:
        """The author's "not patient information / not derogatory" button."""
        ok = await self.store.record_feedback(str(nudge_id), "false_positive", self.user_hash(platform, user))
        if ok:
            log.info("feedback: platform=%s channel=%s nudge=%s verdict=false_positive", platform, channel, nudge_id)
            return _note("Thanks: noted as a false alarm. It helps tune Discreet. Your message was not stored.")
        return _note("That note was already reported, or it is not one of yours.")

    async def on_join(self, platform: str, channel: str, event_id: str | None = None) -> Reply | None:
        """The bot joined ``channel``: store the defaults (monitoring ON, both
        policies; an existing channel keeps its settings) and return the
        public introduction; ``None`` for a retried join event (same id)."""
        if event_id and not await self.store.first_seen(platform, f"join:{event_id}"):
            return None
        s = await self.store.get_settings(platform, channel)
        if s is None:
            s = ChannelSettings(joined_at=time.time())
            await self.store.put_settings(platform, channel, s)
            log.info("joined: platform=%s channel=%s", platform, channel)
        return intro_reply(platform, s.mode)


async def build_service(config) -> tuple[Service, Store]:
    """Open the store (caller closes it) and build the service from ``config``:
    SQLite for a file, PostgreSQL for a ``postgresql://`` DISCREET_DB.
    With no DISCREET_SECRET, a random key is generated once and kept in the
    database's ``meta`` table."""
    from discreet.core import Checker, default_checker

    checker = Checker(config.policies_dir) if config.policies_dir else default_checker()
    store = open_store(config.db_path)
    await store.open()
    try:
        secret = config.secret or await store.meta_default("secret", lambda: secrets.token_bytes(32))
        return Service(store, checker=checker, secret=secret, admins=config.admins), store
    except BaseException:
        await store.close()
        raise
