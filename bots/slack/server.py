"""Serving the Slack app: HTTP (aiohttp) on ``$PORT``, or Socket Mode.

HTTP mode: ``POST /slack/events`` (Bolt's default path) takes events, slash
commands and interactivity, all signature-checked by Bolt with
``SLACK_SIGNING_SECRET``; ``GET /healthz`` answers 200.
"""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_sdk.errors import SlackApiError

from .app import SlackAdapter, _quiet_logger, _why

EVENTS_PATH = "/slack/events"
ADAPTER = web.AppKey("adapter", SlackAdapter)
log = logging.getLogger("discreet.slack")


def build_web_app(adapter: SlackAdapter) -> web.Application:
    async def events(request: web.Request) -> web.Response:
        bolt_resp = await adapter.app.async_dispatch(await to_bolt_request(request))
        return await to_aiohttp_response(bolt_resp)

    async def healthz(request: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    async def on_shutdown(app: web.Application) -> None:
        try:
            await asyncio.wait_for(adapter.drain(), 10)
        except asyncio.TimeoutError:
            log.warning("slack: shutdown with work still running")

    web_app = web.Application()
    web_app.router.add_post(EVENTS_PATH, events)
    web_app.router.add_get("/healthz", healthz)
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
    log.info("slack: connected to team %s as bot user %s", me.get("team_id"), me.get("user_id"))
    if config.slack_app_token:
        from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

        handler = AsyncSocketModeHandler(adapter.app, config.slack_app_token,
                                         logger=_quiet_logger("discreet.slack.socket"))
        await handler.connect_async()
        log.info("slack: Socket Mode connected")
        try:
            await asyncio.Event().wait()
        finally:
            await handler.close_async()
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
