"""Prometheus metrics for the bots: one ``Metrics`` per service, each on its
own ``CollectorRegistry`` (never the library's global one, so two apps in
one process, or two tests, never count into each other).

    metrics = service.metrics                 # made by the Service
    metrics.event("slack", "message")         # a request or update came in
    metrics.ack("slack", "2xx", seconds)      # the HTTP answer to Slack and how long it took
    metrics.check("telegram", seconds, flagged=True)
    metrics.nudge("slack", findings)          # one per (policy, kind) in the nudge
    metrics.api_error("telegram", "429"); metrics.api_retry("telegram")
    body = await metrics.render(store)        # the text format; job queue read from the store

Labels are only ``platform``, ``policy``, ``kind`` and ``outcome``, each a
small fixed set (a finding kind comes from the policy packs, an outcome
from the code): never a user, channel, team, message or event id, never
text. ``GET /metrics`` serves it on the Slack HTTP server, and on
``DISCREET_METRICS_PORT`` (off by default; ``DISCREET_METRICS_HOST``,
default 127.0.0.1) for the Telegram worker or Slack's Socket Mode.

``core/`` knows nothing of this: the service and the adapters call it.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import os
import re
from typing import Iterable

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest

log = logging.getLogger("discreet.metrics")

PLATFORMS = ("slack", "telegram")
# Slack wants its answer within 3 s; most acks take a few milliseconds.
ACK_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0)
# The checker is sub-millisecond per message; files and very long messages take longer.
CHECK_BUCKETS = (0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0)
EVENT_KINDS = frozenset({"message", "edit", "command", "action", "join", "membership", "event", "other"})

# The Metrics of the Telegram worker running in this context (set by ``bots.telegram.run``),
# for code far from the service (``bots.telegram.retry.call``); tasks inherit it.
ACTIVE: contextvars.ContextVar["Metrics | None"] = contextvars.ContextVar("discreet_metrics", default=None)


_WORD = re.compile(r"[a-z0-9_]{1,40}")


def _label(value: str | None, allowed: Iterable[str] | None = None, default: str = "other") -> str:
    """A label value: one of ``allowed`` if given, else a word already made of
    [a-z0-9_] (a policy id, a finding kind, a platform's error code such as
    ``user_not_in_channel``); anything else, e.g. free text, is ``default``."""
    v = (value or "").strip()
    if allowed is not None:
        return v if v in allowed else default
    return v if _WORD.fullmatch(v) else default


class Metrics:
    """The instruments, on a registry of their own."""

    def __init__(self, registry: CollectorRegistry | None = None):
        r = self.registry = registry or CollectorRegistry()
        self.events = Counter("discreet_events_received", "Requests and updates received from the platform, "
                              "by kind", ("platform", "kind"), registry=r)
        self.acks = Counter("discreet_acks", "HTTP answers to the platform, by outcome (2xx, 4xx, 5xx)",
                            ("platform", "outcome"), registry=r)
        self.ack_seconds = Histogram("discreet_ack_seconds", "Time from a request's arrival to its answer",
                                     ("platform",), buckets=ACK_BUCKETS, registry=r)
        self.checks = Counter("discreet_checks", "Messages checked, by outcome (clean, flagged)",
                              ("platform", "outcome"), registry=r)
        self.check_seconds = Histogram("discreet_check_seconds", "Time the checker took on one message",
                                       ("platform",), buckets=CHECK_BUCKETS, registry=r)
        self.nudges = Counter("discreet_nudges", "Nudges recorded, by policy and kind (a nudge with two kinds "
                              "counts once in each)", ("platform", "policy", "kind"), registry=r)
        self.nudged = Counter("discreet_messages_nudged", "Messages whose author was nudged",
                              ("platform",), registry=r)
        self.thanks = Counter("discreet_thanks", "Thank-you notes after an edit took out what was flagged",
                              ("platform",), registry=r)
        self.failures = Counter("discreet_message_failures", "Messages whose handling failed (logged)",
                                ("platform",), registry=r)
        self.api_errors = Counter("discreet_platform_api_errors", "Failed platform API calls, by outcome "
                                  "(429, 4xx, 5xx, network, or the platform's error code)",
                                  ("platform", "outcome"), registry=r)
        self.api_retries = Counter("discreet_platform_api_retries", "Platform API calls tried again",
                                   ("platform",), registry=r)
        self.queue_depth = Gauge("discreet_job_queue_depth", "Messages recorded but not yet seen through "
                                 "(durable jobs pending)", ("platform",), registry=r)
        self.jobs = Gauge("discreet_jobs", "Durable jobs in the store, by state", ("platform", "outcome"),
                          registry=r)
        self.server = None  # the DISCREET_METRICS_PORT listener, once started
        self._lock = asyncio.Lock()

    # -- counting -------------------------------------------------------------

    def event(self, platform: str, kind: str) -> None:
        self.events.labels(_label(platform, PLATFORMS), _label(kind, EVENT_KINDS)).inc()

    def ack(self, platform: str, outcome: str, seconds: float) -> None:
        p = _label(platform, PLATFORMS)
        self.acks.labels(p, _label(outcome)).inc()
        self.ack_seconds.labels(p).observe(max(0.0, seconds))

    def check(self, platform: str, seconds: float, *, flagged: bool) -> None:
        p = _label(platform, PLATFORMS)
        self.checks.labels(p, "flagged" if flagged else "clean").inc()
        self.check_seconds.labels(p).observe(max(0.0, seconds))

    def nudge(self, platform: str, findings: Iterable) -> None:
        """A nudge was recorded: each of its (policy, kind) once. ``findings``:
        ``core.Finding``s (only their ``policy`` and ``kind`` are read)."""
        p = _label(platform, PLATFORMS)
        for policy, kind in sorted({(f.policy, f.kind) for f in findings}):
            self.nudges.labels(p, _label(policy), _label(kind)).inc()
        self.nudged.labels(p).inc()

    def thank(self, platform: str) -> None:
        self.thanks.labels(_label(platform, PLATFORMS)).inc()

    def failure(self, platform: str) -> None:
        self.failures.labels(_label(platform, PLATFORMS)).inc()

    def api_error(self, platform: str, outcome: str) -> None:
        self.api_errors.labels(_label(platform, PLATFORMS), _label(outcome)).inc()

    def api_retry(self, platform: str) -> None:
        self.api_retries.labels(_label(platform, PLATFORMS)).inc()

    # -- exposition -----------------------------------------------------------

    async def refresh(self, store) -> None:
        """Read the job queue from the store (at scrape time)."""
        if store is None:
            return
        async with self._lock:
            for platform in PLATFORMS:
                try:
                    states = await store.job_states(platform)
                except Exception as e:  # noqa: BLE001 - a scrape never fails on the store
                    log.warning("metrics: job queue not readable (%s)", type(e).__name__)
                    return
                self.queue_depth.labels(platform).set(states.get("pending", 0))
                for state in ("pending", "done", "expired"):
                    self.jobs.labels(platform, state).set(states.get(state, 0))

    async def render(self, store=None) -> bytes:
        await self.refresh(store)
        return generate_latest(self.registry)


CONTENT_TYPE = CONTENT_TYPE_LATEST


def status_outcome(status: int) -> str:
    return f"{status // 100}xx" if 100 <= status < 600 else "other"


def aiohttp_handler(metrics: Metrics, store):
    """A ``GET /metrics`` handler for an aiohttp application."""
    from aiohttp import web

    async def handler(request: web.Request) -> web.Response:
        body = await metrics.render(store)
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE})

    return handler


async def serve(metrics: Metrics, store, host: str, port: int):
    """Serve ``GET /metrics`` (and ``GET /healthz``) on ``host:port`` until the
    returned runner is cleaned up. Started once per ``Metrics``: a second call
    (Slack Socket Mode and Telegram in one ``discreet run``) returns None."""
    from aiohttp import web

    if metrics.server is not None:
        return None
    metrics.server = True  # claimed before the first await: the other adapter's call returns None
    app = web.Application()
    app.router.add_get("/metrics", aiohttp_handler(metrics, store))

    async def healthz(request: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    app.router.add_get("/healthz", healthz)
    runner = web.AppRunner(app, access_log=None)
    try:
        await runner.setup()
        site = web.TCPSite(runner, host, port)
        await site.start()
    except BaseException as e:
        metrics.server = None
        await runner.cleanup()
        if isinstance(e, OSError):  # one line naming the variable, not the platform's port
            raise RuntimeError(f"DISCREET_METRICS_PORT: cannot listen on {host}:{port} "
                               f"({os.strerror(e.errno).lower() if e.errno else type(e).__name__})") from None
        raise
    metrics.server = runner
    sockets = getattr(site._server, "sockets", None) or ()
    metrics.port = sockets[0].getsockname()[1] if sockets else port  # port 0: the one given
    log.info("metrics: listening on http://%s:%d/metrics", host, metrics.port)
    return runner


async def stop(metrics: Metrics) -> None:
    runner, metrics.server = metrics.server, None
    if runner is not None and runner is not True:
        await runner.cleanup()


__all__ = ["Metrics", "ACTIVE", "CONTENT_TYPE", "aiohttp_handler", "serve", "stop", "status_outcome"]
