"""Slack adapter benchmark: N signed events through the HTTP endpoint.

Starts the fake Slack Web API (127.0.0.1) and the real app (by default as a
separate `discreet slack` process, as in production; `--in-process` serves
it in this process), then sends N signed `message` events over HTTP with C
concurrent senders. A fraction (`--identifiers`, default 0.5) holds a
synthetic SA ID number and should be nudged. Prints:

  acks per second, p50/p99 ack latency (request sent -> 200 received),
  event-to-nudge latency p50/p99 (request sent -> chat.postEphemeral arrives
  at the fake Web API), and how many nudges arrived.

    .venv/bin/python benchmarks/slack_bench.py --events 2000 --concurrency 16
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fakes.slack_api import SIGNING_SECRET, TOKEN, FakeSlackAPI, SlackSender  # noqa: E402

SA_IDS = ("9105175123080", "8509030281085", "7702146123082")
BENIGN = ("Handover at 7, theatre list is up.", "Bed 4 stable overnight, obs 4-hourly.",
          "Can someone cover the 14:00 clinic?", "Ward round moved to 08:30 tomorrow.")


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(p * len(xs)))] * 1000 if xs else float("nan")


async def wait_healthy(session, base: str, proc=None, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise SystemExit(f"discreet slack exited with {proc.returncode}")
        try:
            async with session.get(base + "/healthz") as r:
                if r.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.1)
    raise SystemExit("the app did not answer /healthz in time")


async def main(args) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="discreet-slack-bench-"))
    env = {"DISCREET_DB": str(tmp / "discreet.db"), "DISCREET_SECRET": "b" * 32, "DISCREET_LOG_LEVEL": "WARNING",
           "SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET}
    async with FakeSlackAPI() as api, aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=args.concurrency)) as session:
        env["SLACK_API_URL"] = api.base_url
        proc = runner = adapter = None
        if args.in_process:
            from aiohttp import web

            from discreet.bots.config import Config
            from discreet.bots.service import build_service
            from discreet.bots.slack import ADAPTER, build_app
            config = Config.from_env(env)
            service, store = await build_service(config)
            web_app = build_app(config, service)
            adapter = web_app[ADAPTER]
            runner = web.AppRunner(web_app, access_log=None)
            await runner.setup()
            site = web.TCPSite(runner, "127.0.0.1", 0)
            await site.start()
            port = site._server.sockets[0].getsockname()[1]
        else:
            port = args.port
            penv = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCREET_"))}
            penv.update(env, PORT=str(port))
            exe = ROOT / ".venv" / "bin" / "discreet"
            cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "discreet.bots.cli"]
            proc = subprocess.Popen(cmd + ["slack"], env=penv, cwd=tmp)
        base = f"http://127.0.0.1:{port}"
        try:
            await wait_healthy(session, base, proc)
            sender = SlackSender(session, base + "/slack/events", api=api)
            # warm up: auth.test, users.list, the checker
            await sender.message("warm up", channel="CWARMUP")
            await sender.message(f"warm up ID {SA_IDS[0]}", channel="CWARMUP")
            await api.wait_for("chat.postEphemeral", 1)
            api.calls.clear()

            bodies, sent_at, expect = [], {}, set()
            for i in range(args.events):
                channel = f"CB{i:07d}"
                nudge = (int((i + 1) * args.identifiers) - int(i * args.identifiers)) == 1
                text = f"bed {i % 30}: ID {SA_IDS[i % 3]}" if nudge else BENIGN[i % len(BENIGN)]
                if nudge:
                    expect.add(channel)
                bodies.append((channel, sender.event_body(sender.message_event(text, channel=channel))[0]))

            acks: list[float] = []
            errors = 0
            queue = iter(bodies)

            interval = args.concurrency / args.rate if args.rate else 0.0

            async def worker():
                nonlocal errors
                for channel, body in queue:
                    if interval:
                        await asyncio.sleep(interval)
                    t0 = time.perf_counter()
                    sent_at[channel] = t0
                    status, _ = await sender.post(body, "application/json")
                    acks.append(time.perf_counter() - t0)
                    errors += status != 200

            t_start = time.perf_counter()
            await asyncio.gather(*(worker() for _ in range(args.concurrency)))
            t_acked = time.perf_counter() - t_start
            try:
                await api.wait_for("chat.postEphemeral", len(expect), timeout=args.timeout)
            except asyncio.TimeoutError:
                pass
            if adapter is not None:
                await adapter.drain()
            t_done = time.perf_counter() - t_start
            nudges = [c for c in api.calls if c.method == "chat.postEphemeral"]
            lat = [c.at - sent_at[c.args["channel"]] for c in nudges if c.args["channel"] in sent_at]
            return {
                "events": args.events, "concurrency": args.concurrency,
                "mode": "in-process" if args.in_process else "discreet slack subprocess",
                "rate": args.rate or "max", "acks_per_s": round(args.events / t_acked, 1),
                "ack_p50_ms": round(pct(acks, 0.50), 2), "ack_p99_ms": round(pct(acks, 0.99), 2),
                "ack_max_ms": round(max(acks) * 1000, 2), "non_200": errors,
                "nudges_expected": len(expect), "nudges_received": len(nudges),
                "unexpected_nudges": sum(1 for c in nudges if c.args["channel"] not in expect),
                "event_to_nudge_p50_ms": round(pct(lat, 0.50), 2),
                "event_to_nudge_p99_ms": round(pct(lat, 0.99), 2),
                "event_to_nudge_mean_ms": round(statistics.fmean(lat) * 1000, 2) if lat else None,
                "all_nudged_after_s": round(t_done, 2),
            }
        finally:
            if proc is not None:
                proc.terminate()
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    proc.kill()
            if runner is not None:
                await runner.cleanup()
                await store.close()


def cli() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--events", type=int, default=1000)
    p.add_argument("--concurrency", type=int, default=16)
    p.add_argument("--rate", type=float, default=0, help="pace the events at about this many per second "
                   "(default 0: as fast as the app acks)")
    p.add_argument("--identifiers", type=float, default=0.5, help="fraction of events holding an ID number")
    p.add_argument("--port", type=int, default=38731, help="port for the discreet slack subprocess")
    p.add_argument("--in-process", action="store_true", help="serve the app in this process instead")
    p.add_argument("--timeout", type=float, default=120, help="seconds to wait for the nudges")
    p.add_argument("--json", action="store_true")
    args = p.parse_args()
    fig = asyncio.run(main(args))
    if args.json:
        print(json.dumps(fig))
        return 0
    print(f"{fig['events']} signed events, {fig['concurrency']} concurrent senders, rate {fig['rate']}/s, "
          f"app: {fig['mode']}")
    print(f"acks: {fig['acks_per_s']}/s, latency p50 {fig['ack_p50_ms']} ms, p99 {fig['ack_p99_ms']} ms, "
          f"max {fig['ack_max_ms']} ms, non-200: {fig['non_200']}")
    print(f"nudges: {fig['nudges_received']} of {fig['nudges_expected']} expected "
          f"({fig['unexpected_nudges']} unexpected)")
    print(f"event-to-nudge: p50 {fig['event_to_nudge_p50_ms']} ms, p99 {fig['event_to_nudge_p99_ms']} ms, "
          f"mean {fig['event_to_nudge_mean_ms']} ms; all nudged {fig['all_nudged_after_s']} s after the first event")
    return 0


if __name__ == "__main__":
    sys.exit(cli())
