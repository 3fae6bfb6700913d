"""Soak of `discreet slack` under seeded Web API faults and a SIGKILL.

For each seed: starts the fake Slack Web API on 127.0.0.1 with seeded faults
on chat.postEphemeral, conversations.history/replies and users.list (by
default 5% answered 500/503, 3% 429 with Retry-After: 1, 2% slow (1.5 s),
1% dropped before handling), runs `discreet slack` as a process on a fresh
SQLite file, and sends N signed `message` events at R per second, each in a
channel of its own (so each nudge names its message); a fraction hold a
synthetic SA ID number. Half way it SIGKILLs the process and starts it again
on the same database at once. Like Slack, the sender retries an event that
got no 200 within 3 s (up to 8 times, 1 s apart, then backing off).

Then it waits (bounded) until every acknowledged message has an outcome, and
prints per seed and in total:

  acked / not acked, nudges expected (acked messages with an identifier),
  delivered (exactly once), lost, duplicated (and how many of those were
  sent before the kill: the in-flight window), false nudges (benign
  messages), jobs left unfinished, ack latency p50/p99, event-to-nudge
  p50/p99, faults injected, and whether an identifier reached the database
  files or the logs.

    .venv/bin/python benchmarks/slack_soak.py --events 1000 --rate 40 --seeds 1,2,3
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fakes.slack_api import SIGNING_SECRET, TOKEN, FakeSlackAPI, SlackSender  # noqa: E402

SA_IDS = ("9105175123080", "8509030281085", "7702146123082", "6411135123084")
RESTART_WINDOW_S = 10.0
BENIGN = ("Handover at 7, theatre list is up.", "Bed 4 stable overnight, obs 4-hourly.",
          "Can someone cover the 14:00 clinic?", "Ward round moved to 08:30 tomorrow.",
          "Thanks Lerato, noted.", "Pharmacy says the amoxicillin 500 mg is back in stock.")


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(p * len(xs)))] * 1000 if xs else float("nan")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(env: dict, cwd: Path, log: Path, python: str = sys.executable) -> subprocess.Popen:
    with open(log, "ab") as out:
        return subprocess.Popen([python, "-m", "discreet.bots.cli", "slack"], env=env, cwd=cwd,
                                stdout=out, stderr=out)


async def healthy(session, base: str, proc, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"discreet slack exited with {proc.returncode}")
        try:
            async with session.get(base + "/healthz") as r:
                if r.status == 200:
                    return
        except (aiohttp.ClientError, asyncio.TimeoutError):
            pass
        await asyncio.sleep(0.05)
    raise SystemExit("no /healthz in time")


def pending_jobs(db: Path) -> int | None:
    """Unfinished jobs; None when the database has no jobs table (an older Discreet, for an A/B)."""
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            if not con.execute("SELECT 1 FROM sqlite_master WHERE name = 'jobs'").fetchone():
                return None
            return con.execute("SELECT COUNT(*) FROM jobs WHERE state = 'pending'").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return -1


async def soak(seed: int, args) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix=f"discreet-soak-{seed}-"))
    db, log = tmp / "discreet.db", tmp / "slack.log"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    rng = random.Random(seed)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SLACK_", "TELEGRAM_", "DISCREET_")) and k != "PORT"}
    env.update(DISCREET_DB=str(db), DISCREET_SECRET="s" * 32, DISCREET_LOG_LEVEL="INFO",
               SLACK_BOT_TOKEN=TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET, PORT=str(port))
    acked: dict[int, float] = {}  # event -> ack latency (s)
    first_sent: dict[int, float] = {}
    acked_at: dict[int, float] = {}  # event -> when its acknowledged request was sent
    flagged: dict[str, int] = {}  # channel -> event index, for messages with an identifier
    benign: set[str] = set()
    kill_at = int(args.events * args.kill_at)
    state = {"proc": None, "killed_at": None, "restarts": 0}
    async with FakeSlackAPI() as api, aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=256), timeout=aiohttp.ClientTimeout(total=3)) as session:
        env["SLACK_API_URL"] = api.base_url
        state["proc"] = start(env, tmp, log, args.python)
        await healthy(session, base, state["proc"])
        api.faults(seed, p5xx=args.p5xx, p429=args.p429, pslow=args.pslow, pdrop=args.pdrop)
        sender = SlackSender(session, base + "/slack/events", api=api)

        async def send(i: int) -> None:
            channel = f"C{seed:02d}{i:07d}"
            if rng.random() < args.identifiers:
                text = f"Bed {i % 30 + 1}: pt ID {rng.choice(SA_IDS)}, review at 10"
                flagged[channel] = i
            else:
                text = rng.choice(BENIGN)
                benign.add(channel)
            event = sender.message_event(text, channel=channel, user="U0NURSE01")
            first_sent[i] = time.perf_counter()
            for attempt in range(20):
                t0 = time.perf_counter()
                try:
                    status, _ = await sender.event(event, event_id=f"Ev{seed:02d}{i:08d}",
                                                   retry_num=attempt or None)
                    if status == 200:
                        acked[i] = time.perf_counter() - t0
                        acked_at[i] = t0
                        return
                except (aiohttp.ClientError, asyncio.TimeoutError):
                    pass
                await asyncio.sleep(1.0 if attempt < 8 else 2.0)

        async def kill_and_restart() -> None:
            p = state["proc"]
            p.send_signal(signal.SIGKILL)
            p.wait()
            state["killed_at"] = time.perf_counter()
            state["restarts"] += 1
            state["proc"] = start(env, tmp, log, args.python)

        t_start = time.perf_counter()
        tasks = []
        for i in range(args.events):
            due = t_start + i / args.rate
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            if i == kill_at and args.kill_at < 1:
                await kill_and_restart()
            tasks.append(asyncio.create_task(send(i)))
        await asyncio.gather(*tasks)
        await healthy(session, base, state["proc"])
        sent_done = time.perf_counter()

        def delivered_all() -> bool:
            got = {c["channel"] for c in api.calls_to("chat.postEphemeral")}
            return all(ch in got for ch, i in flagged.items() if i in acked)

        deadline = time.monotonic() + args.settle
        while time.monotonic() < deadline and not (delivered_all() and pending_jobs(db) in (0, None)):
            await asyncio.sleep(0.5)
        await asyncio.sleep(1.0)  # late duplicates would show up here
        settle_s = time.perf_counter() - sent_done
        left = pending_jobs(db)
        proc = state["proc"]
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
        nudges = api.calls_to("chat.postEphemeral")
        arrivals: dict[str, list[float]] = {}
        started: dict[str, float] = {}
        for c in api.calls:
            if c.method == "chat.postEphemeral":
                arrivals.setdefault(c.args["channel"], []).append(c.at)
                started.setdefault(c.args["channel"], c.started)
        injected = dict(api.injected)
    expected = {ch for ch, i in flagged.items() if i in acked}
    delivered = {ch for ch in expected if len(arrivals.get(ch, [])) == 1}
    dup = {ch for ch in expected if len(arrivals.get(ch, [])) > 1}
    killed = state["killed_at"]
    dup_in_flight = {ch for ch in dup if killed and started[ch] < killed}  # its first send began before
    lost = {ch for ch in expected if ch not in arrivals}
    false = [ch for ch in arrivals if ch in benign]
    e2n = [arrivals[ch][0] - first_sent[flagged[ch]] for ch in expected if ch in arrivals]
    # acks outside the restart: not sent within RESTART_WINDOW_S after the kill
    steady = [lat for i, lat in acked.items() if not killed or not 0 <= acked_at[i] - killed < RESTART_WINDOW_S]
    blob = b"".join(p.read_bytes() for p in tmp.glob("discreet.db*")) + log.read_bytes()
    leaked = sum(blob.count(x.encode()) for x in SA_IDS)
    return {
        "seed": seed, "events": args.events, "acked": len(acked), "not_acked": args.events - len(acked),
        "expected": len(expected), "delivered_once": len(delivered), "lost": len(lost), "duplicated": len(dup),
        "dup_in_flight_at_kill": len(dup_in_flight), "false_nudges": len(false), "unfinished_jobs": left,
        "ack_p50_ms": pct(list(acked.values()), 0.50), "ack_p99_ms": pct(list(acked.values()), 0.99),
        "ack_p99_steady_ms": pct(steady, 0.99), "ack_max_ms": pct(list(acked.values()), 1.0),
        "nudge_p50_ms": pct(e2n, 0.50), "nudge_p99_ms": pct(e2n, 0.99), "settle_s": settle_s,
        "faults": injected, "restarts": state["restarts"], "leaked_identifiers": leaked, "nudge_calls": len(nudges),
    }


def show(r: dict) -> None:
    print(f"seed {r['seed']}: events {r['events']}, acked {r['acked']} (not acked {r['not_acked']}), "
          f"nudges expected {r['expected']}: delivered once {r['delivered_once']}, lost {r['lost']}, "
          f"duplicated {r['duplicated']} (in flight at the kill {r['dup_in_flight_at_kill']}), "
          f"false nudges {r['false_nudges']}, unfinished jobs {r['unfinished_jobs']}")
    print(f"  ack p50 {r['ack_p50_ms']:.1f} ms, p99 {r['ack_p99_ms']:.1f} ms (outside the {RESTART_WINDOW_S:.0f} s "
          f"after the kill {r['ack_p99_steady_ms']:.1f} ms), max {r['ack_max_ms']:.0f} ms; event-to-nudge p50 "
          f"{r['nudge_p50_ms']:.0f} ms, p99 {r['nudge_p99_ms']:.0f} ms; settled {r['settle_s']:.1f} s after the "
          f"last ack; restarts {r['restarts']}; faults {r['faults']}; identifiers in db/logs "
          f"{r['leaked_identifiers']}")


async def main(args) -> int:
    results = []
    for seed in [int(s) for s in args.seeds.split(",")]:
        r = await soak(seed, args)
        show(r)
        results.append(r)
    tot = {k: sum(r[k] for r in results) for k in ("events", "acked", "expected", "delivered_once", "lost",
                                                      "duplicated", "dup_in_flight_at_kill", "false_nudges",
                                                      "leaked_identifiers")}
    print(f"total over {len(results)} seeds: acked {tot['acked']}/{tot['events']}, expected {tot['expected']}, "
          f"delivered once {tot['delivered_once']}, lost {tot['lost']}, duplicated {tot['duplicated']} "
          f"(in flight at a kill {tot['dup_in_flight_at_kill']}), false {tot['false_nudges']}, "
          f"worst ack p99 {max(r['ack_p99_ms'] for r in results):.1f} ms (outside restarts "
          f"{max(r['ack_p99_steady_ms'] for r in results):.1f} ms), identifiers leaked "
          f"{tot['leaked_identifiers']}")
    ok = tot["lost"] == 0 and tot["duplicated"] == tot["dup_in_flight_at_kill"] and tot["leaked_identifiers"] == 0 \
        and all(not r["unfinished_jobs"] for r in results)
    return 0 if ok else 1


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=1000)
    ap.add_argument("--rate", type=float, default=40.0, help="events per second")
    ap.add_argument("--seeds", default="1,2,3")
    ap.add_argument("--identifiers", type=float, default=0.5, help="fraction of messages with an SA ID")
    ap.add_argument("--kill-at", type=float, default=0.5, help="SIGKILL after this fraction (>= 1: never)")
    ap.add_argument("--p5xx", type=float, default=0.05)
    ap.add_argument("--p429", type=float, default=0.03)
    ap.add_argument("--pslow", type=float, default=0.02)
    ap.add_argument("--pdrop", type=float, default=0.01)
    ap.add_argument("--python", default=sys.executable,
                    help="the interpreter that runs `discreet slack` (another checkout's venv, for an A/B)")
    ap.add_argument("--settle", type=float, default=180.0, help="seconds to wait for outcomes after the last ack")
    a = ap.parse_args()
    a.python = os.path.abspath(a.python) if os.sep in a.python else a.python
    sys.exit(asyncio.run(main(a)))
