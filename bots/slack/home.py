"""Slack's App Home: ``bots.service.Home`` rendered as a Block Kit home view
(``views.publish``), and the ids of its controls.

Member view: what Discreet does and never stores, the guidance topics as
buttons, the person's own nudges over 30 days (counts only). Admin view, in
addition: every channel with its settings as controls (monitoring, mode,
policies, files), its counts over 7 and 30 days, and the false-positive
reports per rule. Each control's block id carries its channel
(``ch:<channel>``); the adapter turns an action into the ``/discreet`` words
(``Service.home_setting``), so the admin check is the same.
"""

from __future__ import annotations

from discreet.core.findings import POLICIES

from .render import blocks as reply_blocks
from .render import escape

MAX_CHANNELS = 25  # 4 blocks each; a home view holds at most 100 blocks
SETTINGS_ACTIONS = ("home_monitoring", "home_mode", "home_policies", "home_files")
GUIDANCE_ACTION = "home_guidance"
POLICY_NAMES = {"identifiers": "Patient identifiers", "derogatory": "Derogatory remarks"}
MODE_NAMES = {"nudge": "Nudge: authors get private notes", "observe": "Observe: count only, nudge nobody"}


def _text(s: str, kind: str = "plain_text") -> dict:
    return {"type": kind, "text": s[:3000]} if kind == "mrkdwn" else {"type": kind, "text": s[:75], "emoji": False}


def _option(value: str, label: str) -> dict:
    return {"text": _text(label), "value": value}


def _context(s: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": s[:3000]}]}


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def view(home, notice: str | None = None) -> dict:
    """The home view for one person (``home``: a ``bots.service.Home``)."""
    out: list[dict] = []
    if notice:
        out.append(_context(":information_source: " + escape(notice)))
    out += reply_blocks(home.about)
    out.append({"type": "divider"})
    out.append({"type": "header", "text": _text("Your notes")})
    if home.my_nudges_30:
        lines = "\n".join(f"\u2022 {escape(label)}: {n}" for label, n in home.my_kinds_30)
        out.append({"type": "section", "text": _text(
            f"You had {_plural(home.my_nudges_30, 'private note')} in the last 30 days (counts only; "
            f"what they were about is not kept):\n{lines}", "mrkdwn")})
    else:
        out.append({"type": "section", "text": _text("You had no private notes in the last 30 days.", "mrkdwn")})
    out.append({"type": "header", "text": _text("Guidance")})
    if home.topics:
        out.append({"type": "section", "text": _text(
            "The SAMA/HPCSA social-media guidance, by topic (or ask /guidance in your own words):", "mrkdwn")})
        topics = list(home.topics)
        for i in range(0, len(topics), 5):  # at most 5 buttons to a row, to stay readable
            out.append({"type": "actions", "block_id": f"guidance:{i}", "elements": [
                {"type": "button", "text": _text(title), "action_id": f"{GUIDANCE_ACTION}:{topic}", "value": topic}
                for title, topic in topics[i:i + 5]]})
    else:
        out.append({"type": "section", "text": _text("Ask /guidance in your own words.", "mrkdwn")})
    if home.is_admin:
        out += _admin(home)
    return {"type": "home", "blocks": out[:100]}


def _admin(home) -> list[dict]:
    out: list[dict] = [{"type": "divider"}, {"type": "header", "text": _text("Channels (admins)")}]
    if not home.channels:
        out.append({"type": "section", "text": _text(
            "Discreet is in no channel yet. Invite it with /invite @Discreet in a channel.", "mrkdwn")})
    for c in home.channels[:MAX_CHANNELS]:
        s = c.settings
        on = s.monitoring and bool(s.policies)
        counts = (f"nudged {c.nudged_7} (7 days), {c.nudged_30} (30 days)" if s.mode == "nudge" or not
                  (c.observed_7 or c.observed_30) else
                  f"would have nudged {c.observed_7} (7 days), {c.observed_30} (30 days)")
        if s.mode == "nudge" and (c.observed_30 or c.observed_7):
            counts += f"; observed before: {c.observed_30} (30 days)"
        state = "ON" if on else "OFF"
        out.append({"type": "section", "block_id": f"about:{c.channel}", "text": _text(
            f"*<#{c.channel}>*: monitoring {state}, mode {s.mode}. Messages {counts}; "
            f"{_plural(c.false_positives_30, 'false-alarm report')} (30 days).", "mrkdwn")})
        policy_opts = [_option(p, POLICY_NAMES.get(p, p)) for p in POLICIES]
        chosen = [o for o in policy_opts if o["value"] in s.policies]
        policies = {"type": "checkboxes", "action_id": "home_policies", "options": policy_opts}
        if chosen:
            policies["initial_options"] = chosen
        mode_opts = [_option(m, MODE_NAMES[m]) for m in ("nudge", "observe")]
        out.append({"type": "actions", "block_id": f"ch:{c.channel}", "elements": [
            {"type": "button", "action_id": "home_monitoring", "value": "off" if s.monitoring else "on",
             "text": _text("Turn monitoring off" if s.monitoring else "Turn monitoring on"),
             **({} if s.monitoring else {"style": "primary"})},
            {"type": "static_select", "action_id": "home_mode", "options": mode_opts,
             "initial_option": next(o for o in mode_opts if o["value"] == s.mode) if s.mode in MODE_NAMES
             else mode_opts[0]},
            policies,
            {"type": "button", "action_id": "home_files", "value": "off" if s.files else "on",
             "text": _text("Stop reading files" if s.files else "Read images and PDFs")},
        ]})
        if s.disabled_rules:
            out.append(_context("Rules switched off: " + escape(", ".join(sorted(s.disabled_rules)))
                                + " (/discreet rule on RULE_ID in the channel)"))
    more = home.more_channels + max(0, len(home.channels) - MAX_CHANNELS)
    if more:
        out.append(_context(f"{more} more channels are not listed here: use /discreet status and "
                            "/discreet stats in them."))
    out.append({"type": "header", "text": _text("False-alarm reports, by rule (30 days)")})
    if home.false_positives:
        lines = "\n".join(f"\u2022 `{escape(rule)}`: {n}" + (f" ({escape(why)})" if why else "")
                          for rule, why, n in home.false_positives[:30])
        out.append({"type": "section", "text": _text(lines, "mrkdwn")})
        out.append(_context("An admin can switch a rule off in a channel with /discreet rule off RULE_ID."))
    else:
        out.append({"type": "section", "text": _text("None in the last 30 days.", "mrkdwn")})
    return out


def setting_of(action: dict) -> tuple[str, str] | None:
    """(setting, value) for a home control's action, else None."""
    aid = action.get("action_id") or ""
    if aid not in SETTINGS_ACTIONS:
        return None
    setting = aid.removeprefix("home_")
    if action.get("type") == "static_select":
        return setting, str((action.get("selected_option") or {}).get("value") or "")
    if action.get("type") == "checkboxes":
        return setting, " ".join(str(o.get("value")) for o in action.get("selected_options") or [])
    return setting, str(action.get("value") or "")


def modal(reply, title: str = "Guidance") -> dict:
    """A reply (a guidance answer) as a modal for ``views.open``."""
    return {"type": "modal", "title": _text(title[:24]), "close": _text("Close"),
            "blocks": [b for b in reply_blocks(reply) if b["type"] != "actions"][:100]}
