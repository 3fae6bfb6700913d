"""Telegram under load and faults: the real PTB Application, the real service
and a SQLite file against the local fake Bot API (127.0.0.1 only), with
seeded faults on sendMessage and getUpdates (5% 500/502, 3% 429 with
retry_after, 2% slow answers, 1% dropped connections by default).

Updates are offered at a steady rate, spread over several groups and
authors; one in three carries a (synthetic) identifier and must be nudged
exactly once by direct message. Prints, per run: updates offered and the rate
actually handled (the run ends when a sentinel in every group is answered),
update-to-nudge latency p50/p99/max, nudges expected, delivered, lost and
duplicated, and the faults drawn. Bounded: ``--seconds`` of offered load,
then at most ``--drain`` seconds to finish.

    .venv/bin/python benchmarks/telegram_soak.py --rate 12 --groups 3 --seconds 60
    .venv/bin/python benchmarks/telegram_soak.py --rate 25 --groups 30 --seconds 60 --seed 2
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from discreet.bots.config import Config  # noqa: E402
from discreet.bots.service import build_service  # noqa: E402
from discreet.bots.telegram import run  # noqa: E402
from tests.fakes.telegram_api import FakeTelegram, FaultPlan, group, message_update, user  # noqa: E402

FLAGGED = "pt in bed {bed}, ID 8001015009087, for bloods"  # synthetic SA ID (valid checksum)
BENIGN = ("bloods for bed {bed} are back, all normal", "theatre list is up, first case at 8",
          "who is covering the evening shift?", "paracetamol 1 g 6-hourly for bed {bed}")
LINK = re.compile(r"t\.me/c/(\d+)/(\d+)")


def pct(xs: list[float], q: float) -> float | None:
    if not xs:
        return None
    xs = sorted(xs)
    return round(xs[min(len(xs) - 1, int(q * len(xs)))] * 1000, 1)


async def soak(rate: float, groups: int, seconds: float, seed: int, faults: bool, drain: float,
               methods: tuple[str, ...] = ("sendMessage", "getUpdates"), poll_interval: float | None = None,
               rates: dict | None = None) -> dict:
    chats = [group(-1009000000 - g, f"Ward {g}") for g in range(groups)]
    authors = [user(90_000 + a, "Author", str(a)) for a in range(max(2 * groups, 40))]  # the people writing
    fake = await FakeTelegram(started={a["id"] for a in authors}).start()
    with tempfile.TemporaryDirectory() as d:
        config = Config.from_env({"TELEGRAM_BOT_TOKEN": fake.token, "TELEGRAM_API_URL": fake.base_url,
                                  "DISCREET_DB": f"{d}/soak.db", "DISCREET_SECRET": "soak-secret-0123456789"})
        service, store = await build_service(config)
        task = asyncio.create_task(run(config, service, poll_timeout=1, **(
            {} if poll_interval is None else {"poll_interval": poll_interval})))
        await fake.wait_for(lambda: any(m == "getUpdates" for m, _ in fake.calls))
        if faults:
            fake.faults = FaultPlan(seed=seed, methods=methods, **(rates or {}))

        update_of: dict[tuple[str, str], int] = {}
        pushed: dict[tuple[str, str], float] = {}  # (chat digits, message id) of flagged messages -> time offered
        arrived: dict[tuple[str, str], float] = {}
        duplicates = 0
        seen_sent = 0

        def collect() -> None:
            nonlocal duplicates, seen_sent
            now = time.perf_counter()
            for s in fake.sent[seen_sent:]:
                m = LINK.search(s.text) if s.chat_id > 0 else None
                if m:
                    key = (m.group(1), m.group(2))
                    if key in arrived:
                        duplicates += 1
                    else:
                        arrived[key] = now
            seen_sent = len(fake.sent)

        n = int(rate * seconds)
        t0 = time.perf_counter()
        for i in range(n):
            due = t0 + i / rate
            while (wait := due - time.perf_counter()) > 0:
                collect()
                await asyncio.sleep(min(wait, 0.05))
            chat = chats[i % groups]
            author = authors[i % len(authors)]  # many people, each writing now and then (not one person 12 times a second)
            mid = fake.next_message_id()
            flagged = i % 3 == 0
            text = FLAGGED.format(bed=i % 30) if flagged else BENIGN[i % len(BENIGN)].format(bed=i % 30)
            uid = await fake.push(message_update(chat, author, text, message_id=mid))
            if flagged:
                pushed[(str(chat["id"])[4:], str(mid))] = time.perf_counter()
                update_of[(str(chat["id"])[4:], str(mid))] = uid
        offered_s = time.perf_counter() - t0

        # a sentinel per group: its answer marks the end of that group's lane
        sentinels = []
        for chat in chats:
            mid = fake.next_message_id()
            await fake.push(message_update(chat, authors[0], "/guidance", message_id=mid))
            sentinels.append((chat["id"], mid))

        def answered() -> bool:
            collect()
            return all(any(s.chat_id == c and (s.params.get("reply_parameters") or {}).get("message_id") == m
                           for s in fake.sent) for c, m in sentinels)

        deadline = time.perf_counter() + drain
        while not answered() and time.perf_counter() < deadline:
            await asyncio.sleep(0.05)
        handled_s = time.perf_counter() - t0
        finished = answered()
        while time.perf_counter() < deadline and len(arrived) < len(pushed):
            collect()
            await asyncio.sleep(0.05)
        fault_counts = dict(fake.faults.counts) if fake.faults else {}
        fake.faults = None
        await fake.release_polls()
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await store.close()
    await fake.stop()
    lat = [arrived[k] - t for k, t in pushed.items() if k in arrived]
    fetch = [fake.served_at[update_of[k]] - t for k, t in pushed.items() if update_of[k] in fake.served_at]
    half = len(lat) // 2  # pushed is in offer order: a backlog shows as a later half slower than the first
    return {
        "offered_updates": n, "groups": groups, "offered_per_s": round(n / offered_s, 1),
        "handled_per_s": round(n / handled_s, 1), "all_handled": finished,
        "nudges_expected": len(pushed), "delivered": sum(1 for k in pushed if k in arrived),
        "lost": sum(1 for k in pushed if k not in arrived), "duplicated": duplicates,
        "nudge_p50_ms": pct(lat, 0.5), "nudge_p99_ms": pct(lat, 0.99),
        "nudge_max_ms": round(max(lat) * 1000, 1) if lat else None,
        "fetch_p50_ms": pct(fetch, 0.5), "fetch_p99_ms": pct(fetch, 0.99),
        "p50_ms_first_half": pct(lat[:half], 0.5), "p50_ms_second_half": pct(lat[half:], 0.5),
        "faults": fault_counts,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rate", type=float, default=12.0, help="updates offered per second")
    ap.add_argument("--groups", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=60.0, help="seconds of offered load")
    ap.add_argument("--drain", type=float, default=120.0, help="at most this long to finish after the load")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-faults", action="store_true")
    for name, default in (("5xx", 0.05), ("429", 0.03), ("slow", 0.02), ("drop", 0.01)):
        ap.add_argument(f"--p-{name}", type=float, default=default, help=f"share of calls answered {name}")
    ap.add_argument("--poll-interval", type=float, default=None, help="override the bot's pause between polls")
    ap.add_argument("--fault-methods", default="sendMessage,getUpdates", help="Bot API methods that get faults")
    ap.add_argument("-v", action="store_true", help="show warnings and errors")
    a = ap.parse_args()
    logging.disable(logging.NOTSET if a.v else logging.CRITICAL)
    print(json.dumps(asyncio.run(soak(a.rate, a.groups, a.seconds, a.seed, not a.no_faults, a.drain,
                                     tuple(a.fault_methods.split(",")), a.poll_interval,
                                     {"p_5xx": a.p_5xx, "p_429": a.p_429, "p_slow": a.p_slow, "p_drop": a.p_drop}))))


if __name__ == "__main__":
    main()
