"""Socket Mode: ``bots.slack.run`` with SLACK_APP_TOKEN connects to the fake
Slack over a WebSocket (apps.connections.open), acks envelopes, nudges."""

from __future__ import annotations

import asyncio
import json

import pytest

from discreet import core
from discreet.bots.config import Config
from discreet.bots.service import build_service
from discreet.bots.slack import run
from tests.fakes.slack_api import APP_TOKEN, TEAM_ID, TOKEN, FakeSlackAPI

SA_ID = "9105175123080"

pytestmark = pytest.mark.skipif(not core.check(f"ID {SA_ID}"), reason="the SA ID detector is not in core yet")


async def test_socket_mode_acks_and_nudges(tmp_path):
    async with FakeSlackAPI() as api:
        config = Config.from_env({"DISCREET_DB": str(tmp_path / "d.db"), "DISCREET_SECRET": "m" * 32,
                                  "SLACK_BOT_TOKEN": TOKEN, "SLACK_APP_TOKEN": APP_TOKEN,
                                  "SLACK_API_URL": api.base_url})
        service, store = await build_service(config)
        task = asyncio.create_task(run(config, service))
        try:
            await api.wait_until(lambda: api.sockets, timeout=30)
            event = {"type": "message", "channel": "C0WARD001", "user": "U0NURSE01", "ts": "1700000001.000100",
                     "text": f"bed 3 ID {SA_ID}", "channel_type": "channel"}
            env_id = await api.socket_send("events_api", {
                "type": "event_callback", "team_id": TEAM_ID, "event_id": "Ev0SOCKET01", "event": event})
            await api.wait_until(lambda: env_id in api.socket_acks)
            [nudge] = await api.wait_for("chat.postEphemeral")
            assert nudge["user"] == "U0NURSE01" and SA_ID not in json.dumps(nudge)
            # the same event again (Slack's retry): acked, no second nudge
            again = await api.socket_send("events_api", {
                "type": "event_callback", "team_id": TEAM_ID, "event_id": "Ev0SOCKET01", "event": event},
                retry_attempt=1)
            cmd = await api.socket_send("slash_commands", {
                "command": "/guidance", "text": "friend request", "user_id": "U0NURSE01",
                "channel_id": "C0WARD001", "team_id": TEAM_ID, "response_url": api.response_url("sm"),
                "trigger_id": "t1"}, accepts_response_payload=True)
            await api.wait_until(lambda: again in api.socket_acks and cmd in api.socket_acks)
            assert "friend" in json.dumps(api.socket_acks[cmd].get("payload", {})).lower()
        finally:
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            await store.close()
        assert len(api.calls_to("chat.postEphemeral")) == 1
