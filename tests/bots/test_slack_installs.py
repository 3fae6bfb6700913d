"""Slack installs in many workspaces ("Add to Slack") on SQLite and on
PostgreSQL: the real app (Bolt's OAuth flow) served on 127.0.0.1, the fake
Slack Web API answering ``oauth.v2.access``. The install callback stores the
team's bot token encrypted (never readable in the database), each team's
events are answered with that team's token, a replayed OAuth state is
refused, and ``app_uninstalled`` / ``tokens_revoked`` delete the install.
Only synthetic people and numbers."""

from __future__ import annotations

import json
import logging
import re

import aiohttp
import pytest
from aiohttp import web
from cryptography.fernet import Fernet

from discreet import core
from discreet.bots.config import Config, ConfigError
from discreet.bots.service import build_service
from discreet.bots.slack.installs import install_key
from discreet.bots.slack.server import ADAPTER, EVENTS_PATH, build_app
from tests.fakes.slack_api import SIGNING_SECRET, FakeSlackAPI, SlackSender

SA_ID = "8001015009087"  # synthetic
KEY = Fernet.generate_key().decode()
CLIENT = ("1234.5678", "client-secret-for-tests")
TEAM_A, TEAM_B, TEAM_X = "T0WARDA01", "T0WARDB01", "T0NOTINST"
AUTHOR = "U0NURSE01"

pytestmark = pytest.mark.skipif(not core.check(f"pt ID {SA_ID}"), reason="the SA ID detector is not in core yet")


def config_for(db, api, **env) -> Config:
    return Config.from_env({
        "DISCREET_DB": str(db), "DISCREET_SECRET": "s" * 32, "SLACK_CLIENT_ID": CLIENT[0],
        "SLACK_CLIENT_SECRET": CLIENT[1], "SLACK_SIGNING_SECRET": SIGNING_SECRET, "DISCREET_TOKEN_KEY": KEY,
        "SLACK_API_URL": api.base_url, **env})


@pytest.fixture(params=["sqlite", "postgres"])
def db(request, tmp_path):
    if request.param == "postgres":
        return request.getfixturevalue("pg_url")
    return tmp_path / "discreet.db"


async def _serve(web_app):
    runner = web.AppRunner(web_app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    return runner, f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"


async def _install(http: aiohttp.ClientSession, base: str, api: FakeSlackAPI, team: str) -> int:
    """A browser: "Add to Slack", approve in ``team``, back to the redirect."""
    async with http.get(base + "/slack/install", allow_redirects=False) as r:
        assert r.status == 200
        page = await r.text()
        cookie = r.headers["Set-Cookie"].split(";")[0]  # the browser keeps the state cookie (https in real life)
    url = re.search(r'href="(https://slack\.com/oauth/v2/authorize\?[^"]+)"', page).group(1)
    state = re.search(r"state=([^&\"]+)", url).group(1)
    assert CLIENT[0] in url and "chat%3Awrite" in url.replace(":", "%3A")
    async with http.get(base + "/slack/oauth_redirect", params={"code": api.grant(team), "state": state},
                        headers={"Cookie": cookie}, allow_redirects=False) as r:
        await r.read()
        return r.status, state, cookie


async def test_installs_in_two_workspaces_with_encrypted_tokens_and_uninstall(db, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    async with FakeSlackAPI() as api:
        api.oauth_client = CLIENT
        config = config_for(db, api)
        assert config.slack_enabled and config.slack_oauth
        service, store = await build_service(config)
        runner, base = await _serve(build_app(config, service))
        adapter = None
        try:
            async with aiohttp.ClientSession() as http:
                status, state, cookie = await _install(http, base, api, TEAM_A)
                assert status == 200  # Bolt's "installed" page
                assert (await _install(http, base, api, TEAM_B))[0] == 200
                token_a, token_b = sorted(api.team_tokens, key=api.team_tokens.get)
                assert api.team_tokens == {token_a: TEAM_A, token_b: TEAM_B}

                # the tokens are in the database, encrypted; with the key they come back
                blob = await store.get_meta(install_key(None, TEAM_A))
                assert blob is not None and token_a.encode() not in blob and b"xoxb" not in blob
                assert json.loads(Fernet(KEY.encode()).decrypt(blob))["bot_token"] == token_a

                # the state was used once: a replayed redirect installs nothing
                code = api.grant(TEAM_X)
                async with http.get(base + "/slack/oauth_redirect", params={"code": code, "state": state},
                                    headers={"Cookie": cookie}) as r:
                    assert r.status >= 400
                assert code in api.codes and await store.get_meta(install_key(None, TEAM_X)) is None

                # each team's message is nudged with that team's token
                web_app_adapter = runner.app[ADAPTER]
                adapter = web_app_adapter
                sends = {team: SlackSender(http, base + EVENTS_PATH, team=team, api=api)
                         for team in (TEAM_A, TEAM_B, TEAM_X)}
                for n, team in enumerate((TEAM_A, TEAM_B, TEAM_X)):
                    status, _ = await sends[team].message(f"Bed {n}: pt ID {SA_ID}", user=AUTHOR,
                                                          event_id=f"Ev0INST{n:04d}")
                    assert status == 200 or team == TEAM_X
                await adapter.drain()
                nudges = [c for c in api.calls if c.method == "chat.postEphemeral"]
                assert sorted(api.token_of(c) for c in nudges) == sorted([token_a, token_b])  # none for TEAM_X

                # uninstalled from team A (Slack also revokes its token): deleted, no more nudges there
                body = {"token": "unused", "team_id": TEAM_A, "api_app_id": "A0DISCRT", "type": "event_callback",
                        "event": {"type": "app_uninstalled"}, "event_id": "Ev0UNINST01", "event_time": 1}
                status, _ = await sends[TEAM_A].post(json.dumps(body), "application/json")
                assert status == 200
                await adapter.drain()
                assert await store.get_meta(install_key(None, TEAM_A)) is None
                api.revoke_team(TEAM_A)
                await sends[TEAM_A].message(f"Bed 7: pt ID {SA_ID}", user=AUTHOR, event_id="Ev0INST0100")
                await adapter.drain()
                assert len([c for c in api.calls if c.method == "chat.postEphemeral"]) == 2

                # tokens_revoked for team B's bot: deleted too
                body = {"token": "unused", "team_id": TEAM_B, "api_app_id": "A0DISCRT", "type": "event_callback",
                        "event": {"type": "tokens_revoked", "tokens": {"bot": ["U0DISCRT1"]}},
                        "event_id": "Ev0REVOK01", "event_time": 1}
                status, _ = await sends[TEAM_B].post(json.dumps(body), "application/json")
                assert status == 200
                await adapter.drain()
                assert await store.get_meta(install_key(None, TEAM_B)) is None
            assert "xoxb-" not in caplog.text and SA_ID not in caplog.text  # no token, no identifier logged
        finally:
            await runner.cleanup()
            await store.close()


async def test_another_key_cannot_read_the_tokens(tmp_path):
    async with FakeSlackAPI() as api:
        api.oauth_client = CLIENT
        db = tmp_path / "discreet.db"
        config = config_for(db, api)
        service, store = await build_service(config)
        runner, base = await _serve(build_app(config, service))
        try:
            async with aiohttp.ClientSession() as http:
                assert (await _install(http, base, api, TEAM_A))[0] == 200
        finally:
            await runner.cleanup()
        try:
            from discreet.bots.slack.installs import StoreInstallationStore
            same = StoreInstallationStore(store, KEY)
            other = StoreInstallationStore(store, Fernet.generate_key().decode())
            rotated = StoreInstallationStore(store, f"{Fernet.generate_key().decode()},{KEY}")  # new key first
            assert (await same.async_find_bot(enterprise_id=None, team_id=TEAM_A)).bot_token.startswith("xoxb-")
            assert await other.async_find_bot(enterprise_id=None, team_id=TEAM_A) is None
            assert (await rotated.async_find_bot(enterprise_id=None, team_id=TEAM_A)) is not None
        finally:
            await store.close()
        raw = b"".join(p.read_bytes() for p in tmp_path.glob("discreet.db*"))
        assert b"xoxb-" not in raw  # nowhere in the SQLite files, WAL included


@pytest.mark.parametrize("env, variable", [
    ({"DISCREET_TOKEN_KEY": ""}, "DISCREET_TOKEN_KEY"),
    ({"DISCREET_TOKEN_KEY": "not-a-fernet-key"}, "DISCREET_TOKEN_KEY"),
    ({"SLACK_CLIENT_SECRET": ""}, "SLACK_CLIENT_SECRET"),
    ({"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_BOT_TOKEN"),
    ({"SLACK_SIGNING_SECRET": ""}, "SLACK_SIGNING_SECRET"),
])
def test_install_settings_that_cannot_work_are_one_line_errors(env, variable):
    base = {"SLACK_CLIENT_ID": CLIENT[0], "SLACK_CLIENT_SECRET": CLIENT[1], "SLACK_SIGNING_SECRET": "x",
            "DISCREET_TOKEN_KEY": KEY}
    with pytest.raises(ConfigError) as e:
        Config.from_env({**base, **env})
    assert e.value.variable == variable and KEY not in str(e.value)


def test_the_scopes_asked_for_are_the_manifests():
    yaml = pytest.importorskip("yaml")
    from pathlib import Path

    from discreet.bots.slack.app import BOT_SCOPES
    manifest = yaml.safe_load((Path(__file__).resolve().parents[2] / "bots/slack/manifest.yml").read_text())
    assert set(BOT_SCOPES) == set(manifest["oauth_config"]["scopes"]["bot"])


async def test_an_install_started_on_one_worker_finishes_on_another(pg_url):
    """Two workers on one PostgreSQL: the install page from one, Slack's
    redirect to the other (the state is in the database), then the other
    worker's events use the token the first never saw in memory."""
    async with FakeSlackAPI() as api:
        api.oauth_client = CLIENT
        config = config_for(pg_url, api)
        opened = [await build_service(config) for _ in range(2)]
        runners = [await _serve(build_app(config, service)) for service, _ in opened]
        try:
            (_, base0), (runner1, base1) = runners
            async with aiohttp.ClientSession() as http:
                async with http.get(base0 + "/slack/install") as r:
                    page = await r.text()
                    cookie = r.headers["Set-Cookie"].split(";")[0]
                state = re.search(r"state=([^&\"]+)", page).group(1)
                async with http.get(base1 + "/slack/oauth_redirect", headers={"Cookie": cookie},
                                    params={"code": api.grant(TEAM_A), "state": state}) as r:
                    assert r.status == 200
                [token] = api.team_tokens
                send = SlackSender(http, base0 + EVENTS_PATH, team=TEAM_A, api=api)
                assert (await send.message(f"Bed 3: pt ID {SA_ID}", user=AUTHOR, event_id="Ev0XWORK01"))[0] == 200
                await runners[0][0].app[ADAPTER].drain()
                [nudge] = [c for c in api.calls if c.method == "chat.postEphemeral"]
                assert api.token_of(nudge) == token
        finally:
            for runner, _ in runners:
                await runner.cleanup()
            for _, store in opened:
                await store.close()


async def test_discreet_slack_serves_the_install_page_as_a_process(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    from tests.bots.test_slack_durable import _free_port, _healthy

    port = _free_port()
    async with FakeSlackAPI() as api, aiohttp.ClientSession() as http:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "TELEGRAM_", "DISCREET_"))}
        env.update(PYTHONPATH=str(Path(__file__).resolve().parents[2]), DISCREET_DB=str(tmp_path / "d.db"),
                   SLACK_CLIENT_ID=CLIENT[0], SLACK_CLIENT_SECRET=CLIENT[1], SLACK_SIGNING_SECRET=SIGNING_SECRET,
                   DISCREET_TOKEN_KEY=KEY, SLACK_API_URL=api.base_url, PORT=str(port))
        with open(tmp_path / "slack.log", "wb") as log:
            proc = subprocess.Popen([sys.executable, "-m", "discreet.bots.cli", "slack"], env=env, cwd=tmp_path,
                                    stdout=log, stderr=log)
        try:
            class _P:
                @property
                def returncode(self):
                    return proc.poll()
            await _healthy(http, f"http://127.0.0.1:{port}", _P())
            async with http.get(f"http://127.0.0.1:{port}/slack/install") as r:
                assert r.status == 200 and "slack.com/oauth/v2/authorize" in await r.text()
        finally:
            proc.terminate()
            proc.wait(timeout=60)
        out = (tmp_path / "slack.log").read_bytes()
        assert b"Add to Slack at /slack/install" in out and KEY.encode() not in out and b"Traceback" not in out
        assert not [c for c in api.calls if c.method == "auth.test"]  # no token of its own to check
