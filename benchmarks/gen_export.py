"""Generate a synthetic Slack export (folder or zip) or Telegram Desktop
``result.json`` of N messages, with a known number of messages carrying
identifiers and derogatory remarks. Seeded; synthetic people only (names made
from the generic lists below); written as a stream, so 1,000,000 messages
take little memory.

    .venv/bin/python benchmarks/gen_export.py slack OUT_DIR -n 10000 [--zip] [--seed 1]
    .venv/bin/python benchmarks/gen_export.py telegram OUT.json -n 10000 [--full]

Prints the expected counts as JSON: ``messages`` (messages with text to
check), and per category the messages carrying one (each message carries at
most one): ``sa_id`` (a South African ID number with a valid Luhn check
digit), ``phone`` (an SA mobile number), ``name`` ("Mr X" in a clinical
context), ``derogatory``; plus the noise the audit must skip (joins, service
messages).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import random
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from stdnum import luhn

# Generic, made-up people: staff (the workspace's members) and patients.
STAFF_FIRST = ["Anele", "Brigitte", "Chris", "Dineo", "Elmarie", "Farouk", "Gugu", "Hennie", "Imran", "Jabu",
               "Karabo", "Lerato"]
STAFF_LAST = ["Abrahams", "Botha", "Cele", "Dube", "Essop", "Fourie", "Gumede", "Hendricks", "Jacobs",
              "Khumalo", "Louw", "Mahlangu"]
PATIENT_LAST = ["Mokoena", "Van Wyk", "Naidoo", "Sithole", "Pillay", "Steyn", "Ndlovu", "Petersen", "Zulu",
                "Nkosi", "Du Plessis", "Maharaj", "Radebe", "Williams", "Mthembu", "Coetzee"]
TITLES = ["Mr", "Mrs", "Ms"]

CLEAN = [
    "ward round starts at ten, please bring the drug charts",
    "who is on call for medicine tonight?",
    "theatre list is running late, first case delayed",
    "reminder: M&M meeting on Thursday in the seminar room",
    "pharmacy says the antibiotic stock arrives tomorrow",
    "can someone cover the clinic this afternoon?",
    "the new sepsis protocol is on the intranet, please read it",
    "lab is down for maintenance until noon",
    "great teamwork on the resus this morning, thank you all",
    "handover will be in the doctors' room today",
    "please update the discharge summaries before you leave",
    "the CT scanner is back in service",
]
NAME_MSGS = [
    "{t} {s} in bed {b} spiked a fever overnight, started on antibiotics",
    "please review {t} {s} in the surgical ward, wound looks septic",
    "{t} {s} was admitted with chest pain, troponin pending",
    "can someone see {t} {s} on ward {b}? still vomiting after the op",
]
ID_MSGS = [
    "pt with ID {id} needs repeat bloods",
    "the ID number is {id} for the referral letter",
    "booking for ID {id} tomorrow at 8",
    "folder under ID {id}, please pull it for clinic",
]
PHONE_MSGS = [
    "the daughter asked for a call back on {p}",
    "family contact number is {p}",
    "please phone the wife on {p} about visiting",
]
DEROG_MSGS = [
    "the drunk in bed {b} is a waste of a bed",
    "that junkie is back again, what a pest",
    "the patient in bed {b} is a stupid idiot who never listens",
    "the fat lazy one in casualty keeps whining",
]
CATEGORIES = (("sa_id", 0.02), ("phone", 0.02), ("name", 0.03), ("derogatory", 0.02))


def sa_id(rng: random.Random) -> str:
    """YYMMDD SSSS C A Z: a valid-looking South African ID number."""
    y, m, d = rng.randint(40, 99), rng.randint(1, 12), rng.randint(1, 28)
    body = f"{y:02d}{m:02d}{d:02d}{rng.randint(0, 9999):04d}{rng.randint(0, 1)}8"
    return body + luhn.calc_check_digit(body)


def sa_mobile(rng: random.Random) -> str:
    return f"0{rng.choice([72, 73, 76, 78, 82, 83, 84])} {rng.randint(200, 999)} {rng.randint(1000, 9999)}"


@dataclass
class Expected:
    messages: int = 0
    sa_id: int = 0
    phone: int = 0
    name: int = 0
    derogatory: int = 0
    skipped_noise: int = 0
    files: int = 0
    keep: bool = False
    # With keep=True (tests): every message as the audit reads it, and every
    # identifier written, to grep the outputs for.
    records: list = field(default_factory=list)
    identifiers: set = field(default_factory=set)

    def counts(self) -> dict:
        return {k: getattr(self, k) for k in ("messages", "sa_id", "phone", "name", "derogatory",
                                               "skipped_noise", "files")}


class Writer:
    """Makes one message at a time: (category, text with {staff} markers)."""

    def __init__(self, seed: int, exp: Expected):
        self.rng = random.Random(seed)
        self.exp = exp
        self.staff = [f"{f} {l}" for f, l in zip(STAFF_FIRST, STAFF_LAST)]

    def message(self) -> tuple[str, str, int | None]:
        """(category, text, index of a mentioned colleague or None)."""
        rng = self.rng
        r = rng.random()
        acc = 0.0
        cat = "clean"
        for name, share in CATEGORIES:
            acc += share
            if r < acc:
                cat = name
                break
        b = rng.randint(1, 30)
        mention = None
        if cat == "sa_id":
            v = sa_id(rng)
            text = rng.choice(ID_MSGS).format(id=v)
        elif cat == "phone":
            v = sa_mobile(rng)
            text = rng.choice(PHONE_MSGS).format(p=v)
        elif cat == "name":
            s = rng.choice(PATIENT_LAST)
            v = s
            text = rng.choice(NAME_MSGS).format(t=rng.choice(TITLES), s=s, b=b)
        elif cat == "derogatory":
            v = None
            text = rng.choice(DEROG_MSGS).format(b=b)
        else:
            v = None
            text = rng.choice(CLEAN)
            if rng.random() < 0.2:
                mention = rng.randrange(len(self.staff))
        self.exp.messages += 1
        if cat != "clean":
            setattr(self.exp, cat, getattr(self.exp, cat) + 1)
            if self.exp.keep and v:
                self.exp.identifiers.add(v)
        return cat, text, mention


# -- Slack --------------------------------------------------------------------

SLACK_CHANNELS = ["general", "ward-5-medicine", "surgery", "icu-handover", "paeds", "casualty", "pharmacy",
                  "registrars"]
START = 1_672_560_000  # 2023-01-01 08:00 UTC


def write_slack(out: Path, n: int, seed: int = 1, *, as_zip: bool = False, per_day: int = 1600,
                keep: bool = False, top: str = "") -> Expected:
    """A Slack export of ``n`` checkable messages (plus a few join notices)
    in ``out`` (a folder) or ``out`` as a zip (``top``: a folder inside it)."""
    exp = Expected(keep=keep)
    w = Writer(seed, exp)
    rng = w.rng
    users = [{"id": f"U{i + 1:08d}", "name": s.lower().replace(" ", "."), "real_name": s,
              "profile": {"real_name": s, "display_name": s.split()[0], "first_name": s.split()[0],
                          "last_name": s.split()[1]}} for i, s in enumerate(w.staff)]
    channels = [{"id": f"C{i + 1:08d}", "name": c, "created": START, "members": [u["id"] for u in users]}
                for i, c in enumerate(SLACK_CHANNELS)]
    dm = {"id": "D00000001", "created": START, "members": [users[0]["id"], users[1]["id"]]}
    folders = [c["name"] for c in channels] + [dm["id"]]
    ids = [c["id"] for c in channels] + [dm["id"]]

    zf = zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) if as_zip else None
    if zf is None:
        out.mkdir(parents=True, exist_ok=True)

    def put(name: str, data) -> None:
        body = json.dumps(data, indent=1, ensure_ascii=False)
        if zf is not None:
            zf.writestr(top + name, body)
        else:
            p = out / name
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(body, encoding="utf-8")

    put("users.json", users)
    put("channels.json", channels)
    put("dms.json", [dm])
    put("integration_logs.json", [])
    step = 86400 / per_day
    buf: dict[int, list] = {}
    day = None
    last_ts: dict[int, str] = {}

    def flush(day_str):
        for ci, msgs in sorted(buf.items()):
            put(f"{folders[ci]}/{day_str}.json", msgs)
            exp.files += 1
        buf.clear()

    for i in range(n):
        t = START + i * step
        d = _dt.datetime.fromtimestamp(t, _dt.timezone.utc).strftime("%Y-%m-%d")
        if d != day:
            if day is not None:
                flush(day)
            day = d
        ci = rng.randrange(len(folders))
        uid = users[rng.randrange(len(users))]["id"]
        ts = f"{int(t)}.{i % 1_000_000:06d}"
        if rng.random() < 0.01:  # a join notice: not the author's words, skipped
            buf.setdefault(ci, []).append({"type": "message", "subtype": "channel_join", "user": uid,
                                           "text": f"<@{uid}> has joined the channel", "ts": ts + "1"})
            exp.skipped_noise += 1
        cat, text, mention = w.message()
        read = text
        if mention is not None:
            text = f"<@{users[mention]['id']}> {text}"
            read = f"@{w.staff[mention]} {read}"
        if "&" in text:
            text = text.replace("&", "&amp;")
        m = {"type": "message", "user": uid, "text": text, "ts": ts, "team": "T00000001"}
        if ci in last_ts and rng.random() < 0.1:
            m["thread_ts"] = last_ts[ci]
        else:
            last_ts[ci] = ts
        buf.setdefault(ci, []).append(m)
        if keep:
            exp.records.append({"text": read, "category": cat, "file": f"{folders[ci]}/{d}.json",
                                "channel_id": ids[ci], "ts": ts, "thread_ts": m.get("thread_ts")})
    if day is not None:
        flush(day)
    if zf is not None:
        zf.close()
    return exp


# -- Telegram -----------------------------------------------------------------

TG_CHATS = [("Ward 5 doctors", "private_supergroup", 1987654321),
            ("Surgery registrars", "private_group", 555000111),
            (None, "personal_chat", 777000222)]


def write_telegram(out: Path, n: int, seed: int = 1, *, full: bool = False, keep: bool = False) -> Expected:
    """A ``result.json`` of ``n`` checkable messages: one supergroup chat, or
    (``full``) a full export with three chats."""
    exp = Expected(keep=keep, files=1)
    w = Writer(seed, exp)
    rng = w.rng
    senders = [(f"user{100 + i}", s) for i, s in enumerate(w.staff)]
    chats = TG_CHATS if full else TG_CHATS[:1]
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        if full:
            fh.write('{\n "about": "Here is the data you requested.",\n "personal_information": '
                     + json.dumps({"user_id": 100, "first_name": STAFF_FIRST[0], "last_name": STAFF_LAST[0]})
                     + ',\n "chats": {\n  "about": "This page lists all chats from this export.",\n  "list": [\n')
        i = 0
        mid = 0
        for k, (name, ctype, cid) in enumerate(chats):
            share = n // len(chats) + (1 if k < n % len(chats) else 0)
            if k:
                fh.write(",\n")
            head = {"name": name if name else senders[1][1], "type": ctype, "id": cid}
            fh.write(json.dumps(head)[:-1] + ', "messages": [\n')
            first = True
            for _ in range(share):
                t = START + i * 54
                i += 1
                if rng.random() < 0.01:  # a service message: skipped by the audit
                    mid += 1
                    svc = {"id": mid, "type": "service", "date": "", "date_unixtime": str(t), "actor": senders[0][1],
                           "actor_id": senders[0][0], "action": "pin_message", "text": ""}
                    fh.write(("" if first else ",\n") + json.dumps(svc, ensure_ascii=False))
                    first = False
                    exp.skipped_noise += 1
                mid += 1
                cat, text, mention = w.message()
                uid, sname = senders[rng.randrange(len(senders))]
                local = _dt.datetime.fromtimestamp(t, _dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
                read = text
                if mention is not None:
                    body = [{"type": "mention_name", "text": w.staff[mention], "user_id": 100 + mention},
                            " " + text]
                    read = f"{w.staff[mention]} {text}"
                elif rng.random() < 0.3:  # text as a list of strings and entities
                    cut = text.find(" ") + 1 or len(text)
                    body = [{"type": "bold", "text": text[:cut]}, text[cut:]]
                else:
                    body = text
                m = {"id": mid, "type": "message", "date": local, "date_unixtime": str(t), "from": sname,
                     "from_id": uid, "text": body}
                fh.write(("" if first else ",\n") + json.dumps(m, ensure_ascii=False))
                first = False
                if keep:
                    exp.records.append({"text": read, "category": cat, "chat_id": cid, "chat_type": ctype,
                                        "id": mid})
            fh.write("\n ]}")
        if full:
            fh.write('\n  ]\n },\n "left_chats": {"about": "", "list": []}\n}\n')
        else:
            fh.write("\n")
    return exp


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("platform", choices=("slack", "telegram"))
    ap.add_argument("out")
    ap.add_argument("-n", "--messages", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--zip", action="store_true", help="Slack: write a zip instead of a folder")
    ap.add_argument("--full", action="store_true", help="Telegram: a full export with three chats")
    a = ap.parse_args(argv)
    if a.platform == "slack":
        exp = write_slack(Path(a.out), a.messages, a.seed, as_zip=a.zip)
    else:
        exp = write_telegram(Path(a.out), a.messages, a.seed, full=a.full)
    print(json.dumps(exp.counts()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
