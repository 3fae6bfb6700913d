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

from .store import ChannelSettings, Pending, SQLiteStore, Store  # noqa: F401  (re-exported)

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

    def __repr__(self) -> str:  # keep text out of tracebacks and debug logs
        return (f"Inbound(platform={self.platform!r}, channel={self.channel!r}, message_id={self.message_id!r}, "
                f"event_id={self.event_id!r}, edited={self.edited}, chars={len(self.text)})")


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


HELP = Reply("Discreet commands", (
    Paragraph("Discreet privately nudges the author of a message that may identify a patient or "
              "reads as derogatory, citing the SAMA/HPCSA social-media guidance."),
    Bullets((
        "/discreet status: this channel's settings (anyone)",
        "/discreet stats: nudges in this channel over 7 and 30 days, by policy and kind (anyone; no text, no names)",
        "/discreet on | off: start or stop monitoring this channel (admins)",
        "/discreet policies identifiers,derogatory: which policies to check (admins)",
        "/discreet remove on | off: also remove flagged messages where the platform allows (admins)",
        "/discreet rule off | on RULE_ID: switch one rule off or back on here (admins)",
        "/guidance [question]: ask about the guidance (anyone)",
    )),
))

INTRO = Reply("Hello from Discreet", (
    Paragraph("I help keep patient information and unprofessional remarks out of this channel, "
              "following the SAMA/HPCSA guidance on social media."),
    Bullets((
        "When a message may identify a patient (a name, ID, folder or phone number, date of birth...) "
        "or reads as derogatory, I send its author a private note with a suggested rewrite. "
        "Nobody else sees it, and I never post in the channel about it.",
        "I never store message text or what I found in it: only counts (policy, kind, time) "
        "and a one-way hash of the author, for /discreet stats.",
        "Monitoring is on for patient identifiers and derogatory remarks. "
        "Admins can change that with /discreet; anyone can run /discreet status or ask /guidance.",
    )),
))

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


def _severity(findings: Iterable[Finding]) -> str | None:
    return max((f.severity for f in findings), key=lambda s: SEVERITY_ORDER.get(s, -1), default=None)


class Service:
    def __init__(self, store: Store, *, checker=None, guidance=None, secret: bytes,
                 admins: frozenset[str] = frozenset()):
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
        self._members_seen: set[tuple[str, str, str, str]] = set()

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
        caller writes it once the platform has accepted the nudge."""
        store = self.store
        s = await self.settings(msg.platform, msg.channel)
        if not s.monitoring or not s.policies:
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
        if len(msg.text) > BIG_MESSAGE:
            findings = await asyncio.to_thread(self.checker.check, msg.text, ctx)
        else:
            findings = self.checker.check(msg.text, ctx)
        key = self.message_key(msg.platform, msg.channel, msg.message_id)
        if not findings:
            if msg.edited and await store.was_nudged(msg.platform, msg.channel, key) \
                    and await store.mark_thanked(msg.platform, msg.channel, key):
                return Outbound("thanks", msg.platform, msg.channel, msg.user, msg.message_id, THANKS,
                                thread_id=msg.thread_id)
            return None
        if msg.edited:
            before = await store.nudged_kinds(msg.platform, msg.channel, key)
            now_keys = {f"{f.policy}:{f.kind}:{f.rule}" for f in findings}
            if before is not None and now_keys <= before:
                return None  # the author was already told about these
        nudge_id = uuid.uuid4().hex[:16]
        reply = self._build_nudge(msg.text, findings, nudge_id)
        if record:
            try:
                await store.record_nudge(nudge_id, msg.platform, msg.channel,
                                         self.user_hash(msg.platform, msg.user), findings, key)
            except Exception as e:  # the nudge still goes out
                log.error("audit log failed: platform=%s channel=%s nudge=%s error=%s",
                          msg.platform, msg.channel, nudge_id, type(e).__name__)
            log.info("nudge: platform=%s channel=%s nudge=%s kinds=%s", msg.platform, msg.channel, nudge_id,
                     ",".join(sorted({f"{f.policy}:{f.kind}" for f in findings})))
        return Outbound(
            "nudge", msg.platform, msg.channel, msg.user, msg.message_id, reply,
            nudge_id=nudge_id, severity=_severity(findings),
            kinds=tuple(dict.fromkeys(f"{f.policy}:{f.kind}" for f in findings)),
            findings=tuple(findings), remove=s.remove,
            sections=tuple(dict.fromkeys(f.section for f in findings)), thread_id=msg.thread_id)

    def _build_nudge(self, text: str, findings: list[Finding], nudge_id: str) -> Reply:
        from discreet.core.nudge import build_nudge
        return build_nudge(text, findings, self.checker.packs, nudge_id, self._section_titles())

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

    def pending_nudge(self, kinds: Iterable[str], sections: Iterable[str]) -> Reply:
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
            Paragraph("Only you can see this. A message you posted in the group may hold:"),
            Bullets(tuple(labels) or ("something to review",)),
            Paragraph(f"Why it matters: the SAMA/HPCSA social-media guidance, {why}."),
            Paragraph("What to do: " + (" ".join(t for t in todo if t) or "Review and edit the message.")),
            Actions((Button("Show guidance", "show_guidance", sections[0]),)),
        ]
        return Reply(TITLE, tuple(blocks))

    # -- commands -----------------------------------------------------------

    async def on_command(self, platform: str, channel: str, user: str, is_admin: bool, args: str) -> Reply:
        words = (args or "").replace(",", " , ").split()
        sub = words[0].lower() if words else "help"
        rest = [w for w in words[1:] if w != ","]
        if sub in ("help", "?"):
            return HELP
        if sub == "status":
            return self._status(await self.settings(platform, channel))
        if sub == "stats":
            return await self._stats(platform, channel)
        if sub not in ("on", "off", "policies", "remove", "rule", "rules"):
            return Reply("Discreet", (Paragraph(f"Unknown command: {sub[:30]}"),) + HELP.blocks[1:])
        if sub in ("policies", "rules") and not rest:
            return self._status(await self.settings(platform, channel))
        if not is_admin:
            return NOT_ADMIN
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
        else:  # rule on|off ID
            if len(rest) != 2 or rest[0].lower() not in ("on", "off"):
                return _note("Use /discreet rule off RULE_ID or /discreet rule on RULE_ID.")
            rid = rest[1]
            if rid not in self.checker.rules:
                return _note(f"No rule {rid[:60]!r}. Rule ids are listed in the nudge's policy packs.")
            dis = set(s.disabled_rules)
            (dis.discard if rest[0].lower() == "on" else dis.add)(rid)
            s = replace(s, disabled_rules=frozenset(dis))
        await self.store.put_settings(platform, channel, s)
        log.info("settings changed: platform=%s channel=%s command=%s by=%s", platform, channel, sub,
                 self.user_hash(platform, user))
        return self._status(s, changed=True)

    def _status(self, s: ChannelSettings, changed: bool = False) -> Reply:
        head = "Updated. " if changed else ""
        if s.monitoring and s.policies:
            what = " and ".join(POLICY_LABELS[p] for p in POLICIES if p in s.policies)
            state = f"{head}Monitoring is ON in this channel for {what}."
        else:
            state = f"{head}Monitoring is OFF in this channel."
        items = [
            "Policies: " + (", ".join(p for p in POLICIES if p in s.policies) or "none"),
            "Remove mode: " + ("on" if s.remove else "off"),
        ]
        if s.disabled_rules:
            items.append("Rules switched off: " + ", ".join(sorted(s.disabled_rules)))
        return Reply("Discreet status", (Paragraph(state), Bullets(tuple(items))))

    async def _stats(self, platform: str, channel: str) -> Reply:
        now = time.time()
        week = await self.store.stats(platform, channel, 7, now=now)
        month = await self.store.stats(platform, channel, 30, now=now)
        keys = sorted(set(week["nudges"]) | set(month["nudges"]))
        items = [f"{p} / {k.replace('_', ' ')}: {week['nudges'].get((p, k), 0)} (7 days), "
                 f"{month['nudges'].get((p, k), 0)} (30 days)" for p, k in keys]
        items.append(f"Messages nudged: {week['messages_nudged']} (7 days), {month['messages_nudged']} (30 days)")
        items.append(f"Reported as not patient information / not derogatory: {week['false_positives']} (7 days), "
                     f"{month['false_positives']} (30 days)")
        return Reply("Discreet stats for this channel", (
            Paragraph("Counts only: no message text, no names."),
            Bullets(tuple(items)),
        ))

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
        if await self.store.get_settings(platform, channel) is None:
            await self.store.put_settings(platform, channel, ChannelSettings(joined_at=time.time()))
            log.info("joined: platform=%s channel=%s", platform, channel)
        return INTRO


async def build_service(config) -> tuple[Service, SQLiteStore]:
    """Open the store (caller closes it) and build the service from ``config``.
    With no DISCREET_SECRET, a random key is generated once and kept in the
    database's ``meta`` table."""
    from discreet.core import Checker, default_checker

    checker = Checker(config.policies_dir) if config.policies_dir else default_checker()
    store = SQLiteStore(config.db_path)
    await store.open()
    try:
        secret = config.secret or await store.meta_default("secret", lambda: secrets.token_bytes(32))
        return Service(store, checker=checker, secret=secret, admins=config.admins), store
    except BaseException:
        await store.close()
        raise
