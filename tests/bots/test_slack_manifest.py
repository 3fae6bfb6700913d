"""The manifest asks for exactly what the app uses, and the names cache
refreshes from users.list (all pages) against the fake Web API."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from discreet.bots.config import Config
from discreet.bots.slack.app import StaffNames, make_client
from tests.fakes.slack_api import TOKEN, FakeSlackAPI

MANIFEST = Path(__file__).resolve().parents[2] / "bots" / "slack" / "manifest.yml"


def _list_under(text: str, key: str) -> set[str]:
    """The ``- item`` lines right under ``key:`` (comments dropped)."""
    m = re.search(rf"^(\s*){re.escape(key)}:\s*\n((?:\1\s+- .*\n)+)", text, re.M)
    assert m, key
    return {line.split("#")[0].strip()[2:].strip() for line in m.group(2).splitlines()}


def test_manifest_scopes_events_commands_and_interactivity():
    text = MANIFEST.read_text()
    assert _list_under(text, "bot") == {"channels:history", "groups:history", "channels:read", "groups:read",
                                        "chat:write", "commands", "users:read", "files:read"}
    assert _list_under(text, "bot_events") == {"message.channels", "message.groups", "member_joined_channel",
                                              "app_home_opened"}
    assert set(re.findall(r"- command: (/\w+)", text)) == {"/guidance", "/discreet"}
    assert re.search(r"interactivity:\s*\n\s+is_enabled: true", text)
    assert re.search(r"home_tab_enabled: true", text)
    assert re.search(r"type: message\s.*\n\s+callback_id: check_message", text)  # the message shortcut
    assert "xox" not in text  # no token in the manifest


async def test_staff_names_cover_every_page_and_refresh_in_the_background():
    async with FakeSlackAPI(page_size=2) as api:
        client = make_client(Config.from_env({"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": "x",
                                              "SLACK_API_URL": api.base_url}))
        staff = StaffNames(client, ttl_s=0)
        names = await staff.get("T1")
        assert {"Nomsa Khumalo", "Dr Nomsa", "Lerato Sithole", "Sister Thandi"} <= names
        assert "Discreet" not in names  # bots are not colleagues
        api.users["U0NEWDOC1"] = {"id": "U0NEWDOC1", "name": "sam", "real_name": "Samkelo Ndlovu",
                                  "display_name": "Sam"}
        assert "Samkelo Ndlovu" not in await staff.get("T1")  # stale served at once...
        await asyncio.wait_for(staff._refreshing, 10)  # ...while the refresh runs
        assert "Samkelo Ndlovu" in await staff.get("T1")
