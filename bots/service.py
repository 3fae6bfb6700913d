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


SUBCOMMANDS = ("status", "stats", "rules", "on", "off", "policies", "rule", "remove", "files", "dm", "help")
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
        ("dm", "/discreet dm on | off: also get high-severity notes as a direct message from the app, "
               "which keeps them across reloads and devices (yourself)"),
        ("guidance", "/guidance [question]: ask about the guidance (anyone)"),
    ]
    hidden = set(SLACK_ONLY if platform == "telegram" else TELEGRAM_ONLY if platform == "slack" else ())
    return Reply("Discreet commands", (
        Paragraph("Discreet privately nudges the author of a message that may identify a patient or "
                  "reads as derogatory, citing the SAMA/HPCSA social-media guidance."),
        Bullets(tuple(text for key, text in items if key not in hidden)),
    ))


HELP = help_reply("console")


def intro_reply(platform: str = "slack") -> Reply:
    """The public introduction when the bot joins, worded for the platform."""
    place = _place(platform)
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
        if len(msg.text) > BIG_MESSAGE:
            findings = await asyncio.to_thread(self.checker.check, msg.text, ctx)
        else:
            findings = self.checker.check(msg.text, ctx)
        if msg.protected:
            findings = [f for f in findings if f.start is None
                        or not any(f.start < e and s0 < f.end for s0, e in msg.protected)]
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
        reply = self._build_nudge(msg.text, findings, nudge_id, msg.attachment)
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

    def _build_nudge(self, text: str, findings: list[Finding], nudge_id: str,
                     attachment: str | None = None) -> Reply:
        from discreet.core.nudge import build_nudge
        return build_nudge(text, findings, self.checker.packs, nudge_id, self._section_titles(),
                           attachment=attachment)

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
                         *, member: bool | None = None) -> Reply:
        """``/discreet ARGS``. ``member``: whether the bot is in the channel
        (False: it cannot read it, and status says how to invite it)."""
        words = (args or "").replace(",", " , ").split()
        sub = words[0].lower() if words else "help"
        rest = [w for w in words[1:] if w != ","]
        if sub in ("help", "?"):
            return help_reply(platform)
        if sub == "status":
            return self._status(await self.settings(platform, channel), platform, member=member)
        if sub == "stats":
            return await self._stats(platform, channel)
        if sub in ("rules", "rule") and (not rest or rest[0].lower() in POLICIES):
            return self._rules(await self.settings(platform, channel), platform, rest[0].lower() if rest else None)
        if sub == "policies" and not rest:
            return self._status(await self.settings(platform, channel), platform, member=member)
        if sub == "dm":
            return await self._dm_pref(platform, user, rest)
        hidden = SLACK_ONLY if platform == "telegram" else TELEGRAM_ONLY if platform == "slack" else ()
        if sub not in SUBCOMMANDS:
            shown = [c for c in SUBCOMMANDS if c not in hidden]
            close = difflib.get_close_matches(sub, shown, n=1, cutoff=0.6)
            hint = f" Did you mean /discreet {close[0]}?" if close else ""
            return Reply("Discreet", (Paragraph(f"Unknown command: {sub[:30]}.{hint}"),)
                         + help_reply(platform).blocks[1:])
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
        elif sub == "files":
            if not rest or rest[0].lower() not in ("on", "off"):
                return _note("Use /discreet files on or /discreet files off.")
            s = replace(s, files=rest[0].lower() == "on")
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
        items = ["Policies: " + (", ".join(p for p in POLICIES if p in s.policies) or "none")]
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
        return intro_reply(platform)


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
