"""The Telegram bot end to end: the real PTB Application, the real service and
a SQLite file, against the local fake Bot API (tests/fakes/telegram_api.py).

Prints: throughput (group updates handled per second, a burst of the shared
dev set's messages), and the latency from an update being available to the
private nudge arriving at the fake API (p50/p99, one message at a time).

    .venv/bin/python benchmarks/telegram_bench.py [--burst 500] [--single 100]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from discreet.bots.config import Config  # noqa: E402
from discreet.bots.service import build_service  # noqa: E402
from discreet.bots.telegram import run  # noqa: E402
from tests.fakes.telegram_api import FakeTelegram, group, message_update, private, user  # noqa: E402

DEV = ROOT.parent / "shared" / "eval" / "dev.jsonl"
VERBOSE = "-v" in sys.argv
FLAGGED = "bed {n} ID 8001015009087 for bloods"  # synthetic SA ID


async def main(burst: int, single: int) -> dict:
    logging.disable(logging.WARNING if not VERBOSE else logging.NOTSET)
    texts = [json.loads(line)["text"] for line in DEV.open()] if DEV.exists() else [FLAGGED.format(n=1)]
    author, chat = user(8001, "Bench", "Author"), group(-1008888)
    fake = await FakeTelegram(started={author["id"]}).start()
    with tempfile.TemporaryDirectory() as d:
        config = Config.from_env({"TELEGRAM_BOT_TOKEN": fake.token, "TELEGRAM_API_URL": fake.base_url,
                                  "DISCREET_DB": f"{d}/bench.db", "DISCREET_SECRET": "bench-secret-0123456789"})
        service, store = await build_service(config)
        task = asyncio.create_task(run(config, service, poll_timeout=1))
        await fake.wait_for(lambda: any(m == "getUpdates" for m, _ in fake.calls))

        async def sentinel():  # handled last: its answer marks the end of the burst
            mid = fake.next_message_id()
            await fake.push(message_update(private(author), author, "/guidance", message_id=mid))
            await fake.wait_for(lambda: any((s.params.get("reply_parameters") or {}).get("message_id") == mid
                                            for s in fake.sent_to(author["id"])), timeout=600)

        t0 = time.perf_counter()
        for i in range(burst):
            await fake.push(message_update(chat, author, texts[i % len(texts)], message_id=fake.next_message_id()))
        await sentinel()
        burst_s = time.perf_counter() - t0
        nudges = len(fake.sent_to(author["id"])) - 1

        lat = []
        for i in range(single):
            n = len(fake.sent_to(author["id"]))
            t = time.perf_counter()
            await fake.push(message_update(chat, author, FLAGGED.format(n=i), message_id=fake.next_message_id()))
            await fake.wait_for(lambda: len(fake.sent_to(author["id"])) > n)
            lat.append(time.perf_counter() - t)
        await fake.release_polls()
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await store.close()
    await fake.stop()
    lat.sort()
    return {
        "burst_updates": burst, "burst_s": round(burst_s, 2), "updates_per_s": round(burst / burst_s, 1),
        "burst_nudges": nudges,
        "nudge_latency_p50_ms": round(lat[len(lat) // 2] * 1000, 1) if lat else None,
        "nudge_latency_p99_ms": round(lat[min(len(lat) - 1, int(0.99 * len(lat)))] * 1000, 1) if lat else None,
        "nudge_latency_mean_ms": round(statistics.fmean(lat) * 1000, 1) if lat else None,
    }


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--burst", type=int, default=500)
    ap.add_argument("--single", type=int, default=100)
    ap.add_argument("-v", action="store_true", help="show warnings and errors")
    a = ap.parse_args()
    print(json.dumps(asyncio.run(main(a.burst, a.single)), indent=2))
