"""Reading shared files: speed, memory and recall on generated images and PDFs.

1. Extraction on one core (one worker): seconds per file p50/p99 by kind
   (image, scanned PDF page, PDF with a text layer), peak memory of this
   process (Python allocations, tracemalloc) and of Tesseract (max RSS of the
   children), and recall of the identifier kinds planted in the files, plus
   findings on the benign ones (must be none).
2. Acks while files are read: the real `discreet slack` app (in process, on
   127.0.0.1) gets a burst of `file_share` events with photos while plain
   messages keep arriving; prints ack p50/p99 during the burst.

    .venv/bin/python benchmarks/files_bench.py --rounds 3 --burst 20
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from discreet.bots.files import extract  # noqa: E402
from discreet.core import check  # noqa: E402
from tests.fakes.documents import phone_photo, samples  # noqa: E402


def pct(xs: list[float], q: float) -> float | None:
    xs = sorted(xs)
    return round(xs[min(len(xs) - 1, int(q * len(xs)))], 3) if xs else None


def extraction(rounds: int) -> dict:
    times: dict[str, list[float]] = {}
    planted = found = benign_flagged = benign = 0
    tracemalloc.start()
    files = samples() + [phone_photo()]
    for _ in range(rounds):
        for s in files:
            t = time.perf_counter()
            got = extract(s.data, s.mimetype)
            dt = time.perf_counter() - t
            kind = "pdf-text" if got.kind == "pdf" and not got.ocr else "pdf-scan-page" if got.kind == "pdf" else \
                "phone-photo-12MP" if s.name == "phone-photo.jpg" else "image"
            times.setdefault(kind, []).append(dt / max(1, got.pages))
            kinds = {f.kind for f in check(got.text) if f.policy == "identifiers"}
            if s.planted:
                planted += len(s.planted)
                found += len(set(s.planted) & kinds)
            else:
                benign += 1
                benign_flagged += bool(check(got.text))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {
        "seconds_per_file": {k: {"n": len(v), "p50": pct(v, 0.5), "p99": pct(v, 0.99),
                                 "mean": round(statistics.fmean(v), 3)} for k, v in times.items()},
        "planted_identifier_kinds": planted, "found": found, "recall": round(found / planted, 3) if planted else None,
        "benign_files": benign, "benign_flagged": benign_flagged,
        "peak_python_mb": round(peak / 2 ** 20, 1),
        "tesseract_max_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
    }


async def acks_during_burst(burst: int, plain: int) -> dict:
    import aiohttp
    from aiohttp import web

    from discreet.bots.config import Config
    from discreet.bots.service import build_service
    from discreet.bots.slack import ADAPTER, EVENTS_PATH, build_app
    from tests.fakes.slack_api import SIGNING_SECRET, TOKEN, FakeSlackAPI, SlackSender

    photo = next(s for s in samples() if s.name == "patient-label.jpg")
    with tempfile.TemporaryDirectory() as d:
        async with FakeSlackAPI() as api, aiohttp.ClientSession() as session:
            config = Config.from_env({"DISCREET_DB": f"{d}/b.db", "DISCREET_SECRET": "b" * 32,
                                      "SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
                                      "SLACK_API_URL": api.base_url, "DISCREET_LOG_LEVEL": "WARNING"})
            service, store = await build_service(config)
            web_app = build_app(config, service)
            runner = web.AppRunner(web_app, access_log=None)
            await runner.setup()
            site = web.TCPSite(runner, "127.0.0.1", 0)
            await site.start()
            port = site._server.sockets[0].getsockname()[1]
            send = SlackSender(session, f"http://127.0.0.1:{port}{EVENTS_PATH}", api=api)
            acks: list[float] = []

            async def timed(coro):
                t = time.perf_counter()
                await coro
                acks.append(time.perf_counter() - t)

            t0 = time.perf_counter()
            for i in range(burst):
                f = api.add_file(f"F{i:07d}", photo.data, photo.mimetype, photo.name)
                await timed(send.event({"type": "message", "subtype": "file_share", "channel": "C0WARD001",
                                        "user": "U0NURSE01", "ts": f"1712000000.{i:06d}", "text": "",
                                        "channel_type": "channel", "files": [f]}))
            for i in range(plain):  # ordinary messages while the photos are being read
                await timed(send.message(f"Bed {i % 30} stable overnight, obs 4-hourly."))
                await asyncio.sleep(0.02)
            await web_app[ADAPTER].drain()
            total = time.perf_counter() - t0
            nudges = len(api.calls_to("chat.postEphemeral"))
            await runner.cleanup()
            await store.close()
    return {"file_events": burst, "plain_events": plain, "ack_p50_ms": round(pct(acks, 0.5) * 1000, 1),
            "ack_p99_ms": round(pct(acks, 0.99) * 1000, 1), "file_nudges": nudges,
            "burst_done_s": round(total, 1), "files_per_s": round(burst / total, 2)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3, help="passes over the generated files")
    ap.add_argument("--burst", type=int, default=20, help="file_share events in the Slack burst")
    ap.add_argument("--plain", type=int, default=100, help="plain messages sent during the burst")
    a = ap.parse_args()
    out = {"extraction": extraction(a.rounds)}
    if a.burst:
        out["slack_acks_during_file_burst"] = asyncio.run(acks_during_burst(a.burst, a.plain))
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
