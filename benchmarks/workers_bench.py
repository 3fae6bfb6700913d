"""One `discreet slack` worker on SQLite vs one and two on PostgreSQL.

For each configuration (``--configs``, default ``sqlite:1,postgres:1,postgres:2``):
starts a throwaway PostgreSQL (tests/pgcluster.py; fsync on unless
``--fast-pg``) or a fresh SQLite file, the fake Slack Web API, N `discreet
slack` processes on that database and a round-robin proxy in front of them
(tests/fakes/proxy.py; one worker goes through the proxy too, so the
configurations pay the same hop). Then:

1. **Steady**: ``--rate`` signed message events per second for
   ``--seconds``, spread over ``--channels`` channels; a fraction
   (``--identifiers``) holds a synthetic SA ID. Each message has an author
   of its own, so each nudge names its message. Like Slack, the sender
   retries an event without a 200 within 3 s (``X-Slack-Retry-Num``; the
   proxy sends the retry to the next worker). Prints ack p50/p99,
   event-to-nudge p50/p99, lost / duplicated / false nudges, unfinished jobs.
2. **Burst**: ``--burst`` events as fast as ``--concurrency`` senders can
   post them; the ceiling is events per second end to end (first post to the
   last job finished), and the acks per second.

Everything (sender, proxy, fake Web API, database, workers) shares this
machine's cores: figures are for comparing configurations on one machine,
not absolute capacities. On a machine with few cores, extra workers only
compete with each other for them; ``--worker-cpu 0.4`` puts each worker in
a cgroup (v1 ``cpu`` controller) of its own capped at 0.4 of a core, as if
each ran on a small machine of its own, so that what one more worker adds
shows (PostgreSQL, the proxy and the sender stay uncapped, as on their own
hosts; an embedded SQLite's work counts against its worker's cap).

    .venv/bin/python benchmarks/workers_bench.py --seconds 300 --rate 50 --channels 1000 --burst 3000
    sudo .venv/bin/python benchmarks/workers_bench.py --worker-cpu 0.4 --seconds 60 --burst 3000
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fakes.proxy import Proxy  # noqa: E402
from tests.fakes.slack_api import SIGNING_SECRET, TOKEN, FakeSlackAPI, SlackSender  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from slack_soak import BENIGN, SA_IDS, free_port, healthy, pct, start  # noqa: E402  (the soak's messages and helpers)


class Database:
    def __init__(self, kind: str, tmp: Path, fast_pg: bool, unix: bool = False):
        self.kind, self.tmp, self.cluster = kind, tmp, None
        if kind == "postgres":
            from tests.pgcluster import Cluster
            c = Cluster()
            # default: a real server's durability (fsync and synchronous commit on); --fast-pg: the tests' settings
            self.cluster = c.start() if fast_pg else _start_durable(c)
            self.url = self.cluster.url
            if unix:  # the unix socket in the cluster's folder, not loopback TCP
                self.url = f"postgresql://postgres@/postgres?host={self.cluster.dir}&port={self.cluster.port}"
        else:
            self.url = str(tmp / "discreet.db")

    async def count(self, sql: str) -> int:
        """One COUNT(*) on the benchmark's database, whichever engine it is."""
        if self.cluster is not None:
            import asyncpg
            con = await asyncpg.connect(self.url)
            try:
                return await con.fetchval(sql)
            finally:
                await con.close()
        con = sqlite3.connect(f"file:{self.url}?mode=ro", uri=True, timeout=5)
        try:
            return con.execute(sql).fetchone()[0]
        finally:
            con.close()

    async def pending(self) -> int:
        return await self.count("SELECT COUNT(*) FROM jobs WHERE state = 'pending'")

    async def total_jobs(self) -> int:
        return await self.count("SELECT COUNT(*) FROM jobs")

    def close(self) -> None:
        if self.cluster is not None:
            self.cluster.stop()


def _start_durable(c):
    """The test cluster, but with fsync and synchronous commit on (as in production)."""
    if c.as_root:
        os.chown(c.dir, c._pw.pw_uid, c._pw.pw_gid)
    r = c._run("initdb", "-D", str(c.data), "-U", "postgres", "--auth=trust", "--no-locale", "-E", "UTF8")
    if r.returncode != 0:
        raise SystemExit(f"initdb failed: {r.stderr[-300:]}")
    opts = (f"-c port={c.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={c.dir} "
            "-c max_connections=200")
    r = c._run("pg_ctl", "-D", str(c.data), "-l", str(c.log), "-o", opts, "-w", "-t", "60", "start")
    if r.returncode != 0:
        raise SystemExit(f"pg_ctl start failed: {r.stderr[-300:]}")
    c.started = True
    return c


class CpuCap:
    """A cgroup v1 ``cpu`` group per worker, capped at ``share`` of one core."""

    ROOT = Path("/sys/fs/cgroup/cpu")

    def __init__(self, share: float):
        self.share, self.groups = share, []
        if not (self.ROOT / "cgroup.procs").exists() or not os.access(self.ROOT, os.W_OK):
            raise SystemExit(f"--worker-cpu needs a writable cgroup v1 cpu controller at {self.ROOT} (run as root)")

    def add(self, pid: int) -> None:
        group = self.ROOT / f"discreet-bench-{os.getpid()}-{len(self.groups)}"
        group.mkdir()
        self.groups.append(group)
        (group / "cpu.cfs_period_us").write_text("100000")
        (group / "cpu.cfs_quota_us").write_text(str(int(self.share * 100000)))
        (group / "cgroup.procs").write_text(str(pid))

    def close(self) -> None:
        for group in self.groups:
            try:
                group.rmdir()  # empty once its worker has exited
            except OSError:
                pass
        self.groups.clear()


async def run_config(kind: str, workers: int, args) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix=f"discreet-workers-{kind}-{workers}-"))
    db = Database(kind, tmp, args.fast_pg, args.unix)
    procs: list[subprocess.Popen] = []
    rng = random.Random(args.seed)
    out: dict = {"config": f"{kind}:{workers}" + (f" (each worker capped at {args.worker_cpu} core)"
                                                    if args.worker_cpu else "")}
    cap = CpuCap(args.worker_cpu) if args.worker_cpu else None
    try:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("SLACK_", "TELEGRAM_", "DISCREET_")) and k != "PORT"}
        async with FakeSlackAPI() as api, aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=512), timeout=aiohttp.ClientTimeout(total=3)) as session:
            env.update(DISCREET_DB=db.url, DISCREET_SECRET="s" * 32, DISCREET_LOG_LEVEL="WARNING",
                       SLACK_BOT_TOKEN=TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET, SLACK_API_URL=api.base_url,
                       PYTHONPATH=str(ROOT))
            ports = [free_port() for _ in range(workers)]
            for n, port in enumerate(ports):
                procs.append(start({**env, "PORT": str(port)}, tmp, tmp / f"w{n}.log"))
                if cap is not None:
                    cap.add(procs[-1].pid)
            for port, p in zip(ports, procs):
                await healthy(session, f"http://127.0.0.1:{port}", p)
            proxy_port = free_port()
            procs.append(subprocess.Popen([sys.executable, __file__, "--proxy", str(proxy_port),
                                           *[f"http://127.0.0.1:{p}" for p in ports]], cwd=ROOT))
            await healthy(session, f"http://127.0.0.1:{proxy_port}", procs[-1])
            if True:  # the proxy runs in a process of its own (it would otherwise share the sender's core)
                sender = SlackSender(session, f"http://127.0.0.1:{proxy_port}/slack/events", api=api)
                flagged: dict[str, int] = {}  # author -> message index (messages with an identifier)
                benign: set[str] = set()
                first_sent: dict[int, float] = {}
                acked: dict[int, float] = {}

                async def send(i: int, phase: str) -> None:
                    user = f"U{phase}{i:08d}"
                    channel = f"C{rng.randrange(args.channels):06d}"
                    if rng.random() < args.identifiers:
                        text = f"Bed {i % 30 + 1}: pt ID {rng.choice(SA_IDS)}, review at 10"
                        flagged[user] = i
                    else:
                        text = rng.choice(BENIGN)
                        benign.add(user)
                    event = sender.message_event(text, channel=channel, user=user)
                    first_sent[i] = time.perf_counter()
                    for attempt in range(12):
                        t0 = time.perf_counter()
                        try:
                            status, _ = await sender.event(event, event_id=f"Ev{phase}{i:08d}",
                                                           retry_num=attempt or None)
                            if status == 200:
                                acked[i] = time.perf_counter() - t0
                                return
                        except (aiohttp.ClientError, asyncio.TimeoutError):
                            pass
                        await asyncio.sleep(1.0)

                async def settle(n_jobs: int, timeout: float) -> float:
                    deadline = time.monotonic() + timeout
                    while time.monotonic() < deadline:
                        if await db.total_jobs() >= n_jobs and await db.pending() == 0:
                            return time.perf_counter()
                        await asyncio.sleep(0.2)
                    return float("nan")

                # 1. steady
                n = int(args.rate * args.seconds)
                t_start = time.perf_counter()
                tasks = []
                for i in range(n):
                    delay = t_start + i / args.rate - time.perf_counter()
                    if delay > 0:
                        await asyncio.sleep(delay)
                    tasks.append(asyncio.create_task(send(i, "S")))
                await asyncio.gather(*tasks)
                await settle(len(acked), args.settle)
                await asyncio.sleep(1.0)  # late duplicates would show here
                nudges: dict[str, list[float]] = {}
                for c in api.calls:
                    if c.method == "chat.postEphemeral":
                        nudges.setdefault(c.args["user"], []).append(c.at)
                expected = {u for u, i in flagged.items() if i in acked}
                e2n = [nudges[u][0] - first_sent[flagged[u]] for u in expected if u in nudges]
                out.update(
                    steady_events=n, steady_acked=len(acked), expected=len(expected),
                    lost=sum(1 for u in expected if u not in nudges),
                    duplicated=sum(1 for u in expected if len(nudges.get(u, [])) > 1),
                    false_nudges=sum(1 for u in nudges if u in benign), unfinished=await db.pending(),
                    ack_p50_ms=pct(list(acked.values()), 0.5), ack_p99_ms=pct(list(acked.values()), 0.99),
                    nudge_p50_ms=pct(e2n, 0.5), nudge_p99_ms=pct(e2n, 0.99))

                # 2. burst
                if args.burst:
                    jobs_before = await db.total_jobs()
                    acked.clear()
                    base = 10_000_000
                    queue = asyncio.Queue()
                    for i in range(args.burst):
                        queue.put_nowait(base + i)

                    async def worker() -> None:
                        while not queue.empty():
                            await send(queue.get_nowait(), "B")

                    t0 = time.perf_counter()
                    await asyncio.gather(*(worker() for _ in range(args.concurrency)))
                    t_acked = time.perf_counter()
                    t_done = await settle(jobs_before + len(acked), args.settle)
                    out.update(burst_events=args.burst, burst_acked=len(acked),
                               burst_acks_per_s=len(acked) / (t_acked - t0),
                               burst_end_to_end_per_s=len(acked) / (t_done - t0),
                               burst_ack_p99_ms=pct(list(acked.values()), 0.99))
            logs = b"".join(p.read_bytes() for p in tmp.glob("w*.log"))
            out["identifiers_in_logs"] = sum(logs.count(x.encode()) for x in SA_IDS)
    finally:
        for p in procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(30)
            except subprocess.TimeoutExpired:
                p.kill()
        if cap is not None:
            cap.close()
        db.close()
        import shutil
        shutil.rmtree(tmp, ignore_errors=True)
    return out


def show(r: dict) -> None:
    print(f"{r['config']}: steady {r['steady_events']} events, acked {r['steady_acked']}; nudges expected "
          f"{r['expected']}, lost {r['lost']}, duplicated {r['duplicated']}, false {r['false_nudges']}, "
          f"unfinished jobs {r['unfinished']}; ack p50 {r['ack_p50_ms']:.1f} ms p99 {r['ack_p99_ms']:.1f} ms; "
          f"event-to-nudge p50 {r['nudge_p50_ms']:.0f} ms p99 {r['nudge_p99_ms']:.0f} ms; "
          f"identifiers in logs {r['identifiers_in_logs']}", flush=True)
    if "burst_events" in r:
        print(f"  burst {r['burst_events']} events: acked {r['burst_acked']}, {r['burst_acks_per_s']:.0f} acks/s, "
              f"{r['burst_end_to_end_per_s']:.0f} events/s end to end, ack p99 {r['burst_ack_p99_ms']:.0f} ms",
              flush=True)


async def main(args) -> int:
    results = []
    for spec in args.configs.split(","):
        kind, _, n = spec.partition(":")
        r = await run_config(kind, int(n or 1), args)
        show(r)
        results.append(r)
    if args.json:
        print(json.dumps(results))
    bad = any(r["lost"] or r["duplicated"] or r["identifiers_in_logs"] for r in results)
    return 1 if bad else 0


async def serve_proxy(port: int, upstreams: list[str]) -> None:
    """``--proxy PORT UPSTREAM...``: the round-robin proxy alone, until killed."""
    from aiohttp import web
    proxy = Proxy(upstreams)
    async with proxy:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", proxy.forward)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        await asyncio.Event().wait()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--proxy"]:
        asyncio.run(serve_proxy(int(sys.argv[2]), sys.argv[3:]))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--configs", default="sqlite:1,postgres:1,postgres:2")
    ap.add_argument("--seconds", type=float, default=300)
    ap.add_argument("--rate", type=float, default=50)
    ap.add_argument("--channels", type=int, default=1000)
    ap.add_argument("--identifiers", type=float, default=0.3)
    ap.add_argument("--burst", type=int, default=3000)
    ap.add_argument("--concurrency", type=int, default=200)
    ap.add_argument("--settle", type=float, default=180)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--fast-pg", action="store_true", help="fsync off, as in the tests")
    ap.add_argument("--unix", action="store_true", help="workers reach PostgreSQL by its unix socket")
    ap.add_argument("--worker-cpu", type=float, default=0.0, metavar="CORES",
                    help="cap each worker at this share of one core (a cgroup each; needs root)")
    ap.add_argument("--json", action="store_true")
    sys.exit(asyncio.run(main(ap.parse_args())))
