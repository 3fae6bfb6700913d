"""Serving the Slack app: HTTP (aiohttp) on ``$PORT``, or Socket Mode.

HTTP mode: ``POST /slack/events`` (Bolt's default path) takes events, slash
commands and interactivity. Each request is authenticated on its raw bytes
first (``verify.screen``: Slack's signature with ``SLACK_SIGNING_SECRET`` and a
fresh timestamp; 401 otherwise, whatever the body), then parsed with limits
(413 too large; 400 not UTF-8, not JSON, nested too deep, or the wrong
shape), and only then handed to Bolt. ``GET /healthz`` answers 200.
``GET /metrics``: the Prometheus text format (``bots.metrics``: counts and
latencies, no ids); every answer on ``/slack/events`` is counted with its
status class and time (``discreet_acks_total``, ``discreet_ack_seconds``).
With ``DISCREET_METRICS_PORT`` the same metrics are also served there (the
only place in Socket Mode).
"""

from __future__ import annotations

import asyncio
import logging
import time

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.errors import SlackApiError

from discreet.bots import metrics as metrics_mod

from .app import INSTALL_PATH, PLATFORM, REDIRECT_PATH, SlackAdapter, _quiet_logger, _why
from .verify import Refusal, screen

EVENTS_PATH = "/slack/events"
ADAPTER = web.AppKey("adapter", SlackAdapter)
log = logging.getLogger("discreet.slack")


def build_web_app(adapter: SlackAdapter) -> web.Application:
    secret = adapter.config.slack_signing_secret or ""
    metrics = adapter.metrics

    async def events(request: web.Request) -> web.Response:
        started = time.perf_counter()
        status = 500
        try:
            response = await answer(request)
            status = response.status
            return response
        finally:
            metrics.ack(PLATFORM, metrics_mod.status_outcome(status), time.perf_counter() - started)

    async def answer(request: web.Request) -> web.Response:
        try:
            raw, _ = await screen(request, secret)
        except Refusal as r:
            (log.debug if r.status == 401 else log.warning)("slack: request refused: %d %s", r.status, r.reason)
            return web.Response(status=r.status, text=r.reason)
        bolt_req = AsyncBoltRequest(body=raw.decode("utf-8"), query=request.query_string,
                                    headers=request.headers)  # type: ignore[arg-type]
        return await to_aiohttp_response(await adapter.app.async_dispatch(bolt_req))

    async def oauth(request: web.Request) -> web.Response:
        """"Add to Slack" (``/slack/install``) and Slack's redirect back
        (``/slack/oauth_redirect``): Bolt's OAuth flow, with the installs
        and OAuth states in the database (installs.py)."""
        from slack_bolt.adapter.aiohttp import to_bolt_request

        flow = adapter.app.oauth_flow
        bolt_req = await to_bolt_request(request)
        if request.path == INSTALL_PATH:
            resp = await flow.handle_installation(bolt_req)
        else:
            resp = await flow.handle_callback(bolt_req)
        return await to_aiohttp_response(resp)

    async def healthz(request: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    async def on_startup(app: web.Application) -> None:
        adapter.jobs.start()  # take up what a previous process left unfinished

    async def on_shutdown(app: web.Application) -> None:
        await adapter.jobs.stop()
        await adapter.stop_digests()
        try:
            await asyncio.wait_for(adapter.drain(), 10)
        except asyncio.TimeoutError:
            log.warning("slack: shutdown with work still running")

    web_app = web.Application()
    web_app.router.add_post(EVENTS_PATH, events)
    web_app.router.add_get("/healthz", healthz)
    web_app.router.add_get("/metrics", metrics_mod.aiohttp_handler(metrics, adapter.service.store))
    if adapter.installs is not None:
        web_app.router.add_get(INSTALL_PATH, oauth)
        web_app.router.add_get(REDIRECT_PATH, oauth)
    web_app.on_startup.append(on_startup)
    web_app.on_shutdown.append(on_shutdown)
    web_app[ADAPTER] = adapter
    return web_app


def build_app(config, service, *, client=None) -> web.Application:
    """The aiohttp application (tests and benchmark serve it on 127.0.0.1);
    ``app[ADAPTER]`` is the ``SlackAdapter``."""
    return build_web_app(SlackAdapter(config, service, client=client))


async def run(config, service, *, host: str = "0.0.0.0") -> None:
    """Run the Slack app until cancelled: Socket Mode when ``SLACK_APP_TOKEN``
    is set, otherwise HTTP on ``config.port``."""
    adapter = SlackAdapter(config, service)
    try:
        me = await adapter.start()
    except SlackApiError as e:
        raise RuntimeError(f"SLACK_BOT_TOKEN: Slack refused it ({_why(e)})") from None
    except Exception as e:  # noqa: BLE001 - DNS, proxy, TLS, connection refused...
        where = "SLACK_API_URL" if config.slack_api_url else "network"
        raise RuntimeError(f"{where}: cannot reach the Slack Web API ({_why(e)})") from None
    if adapter.installs is not None:
        log.info("slack: installs in many workspaces: Add to Slack at %s", INSTALL_PATH)
    else:
        log.info("slack: connected to team %s as bot user %s", me.get("team_id"), me.get("user_id"))
    metrics_runner = await metrics_mod.serve(adapter.metrics, service.store, config.metrics_host,
                                             config.metrics_port) if config.metrics_port else None
    try:
        await _serve(config, adapter, host)
    finally:
        if metrics_runner is not None:
            await metrics_mod.stop(adapter.metrics)


async def _serve(config, adapter: SlackAdapter, host: str) -> None:
    if config.slack_app_token:
        from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

        handler = AsyncSocketModeHandler(adapter.app, config.slack_app_token,
                                         logger=_quiet_logger("discreet.slack.socket"))
        await handler.connect_async()
        log.info("slack: Socket Mode connected")
        adapter.jobs.start()
        try:
            await asyncio.Event().wait()
        finally:
            await handler.close_async()
            await adapter.jobs.stop()
            await adapter.stop_digests()
            await adapter.drain()
        return
    runner = web.AppRunner(build_web_app(adapter), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, config.port)
    await site.start()
    log.info("slack: listening on http://%s:%d%s", host, config.port, EVENTS_PATH)
    try:
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()
