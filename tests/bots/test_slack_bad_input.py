"""Authenticate before parsing: whatever the body, an unsigned, forged or
stale request gets 401; a signed but malformed one gets a 4xx (never a 5xx),
and nothing is logged at ERROR, with no traceback and no piece of the body.
"""

from __future__ import annotations

import json
import logging
import time
from urllib.parse import urlencode

import aiohttp
import pytest

from tests.bots.test_slack_e2e import SA_ID, running_app
from tests.fakes.slack_api import FakeSlackAPI, signed_headers

SECRET_WORD = "Zanele-Mthembu-bad-input"  # a synthetic name that must never reach a log


def _deep(n: int) -> bytes:
    return ("[" * n + "]" * n).encode()


def _event(event) -> bytes:
    return json.dumps({"type": "event_callback", "team_id": "T0DISCRT", "event_id": "Ev0BAD0001",
                       "event": event, "note": SECRET_WORD}).encode()


JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
BODIES = {
    "not JSON": (b'{"type": "event_callback", "event": {' + SECRET_WORD.encode(), JSON),
    "not UTF-8": (b'{"type": "event_callback", "x": "\xff\xfe' + SECRET_WORD.encode() + b'"}', JSON),
    "nested 10,000 deep": (_deep(10_000), JSON),
    "nested 100 deep in an object": (json.dumps({"type": "event_callback",
                                                 "event": json.loads(_deep(100))}).encode(), JSON),
    "event null": (_event(None), JSON),
    "event a string": (_event(SECRET_WORD), JSON),
    "event a list": (_event([1, 2]), JSON),
    "a JSON list": (b'[{"type": "event_callback"}]', JSON),
    "type a number": (json.dumps({"type": 7, "event": {}}).encode(), JSON),
    "huge": (b'{"type": "event_callback", "pad": "' + b"x" * (3 << 20) + b'"}', JSON),
    "form with a bad payload": (urlencode({"payload": "{not json " + SECRET_WORD}).encode(), FORM),
    "form with a deep payload": (urlencode({"payload": _deep(5000).decode()}).encode(), FORM),
    "form not UTF-8": (b"command=%2Fdiscreet&text=\xff\xfe", FORM),
    "another content type": (b"<xml/>", "text/xml"),
    "empty": (b"", JSON),
}


@pytest.fixture
async def app(tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    async with FakeSlackAPI() as api, aiohttp.ClientSession() as session:
        async with running_app(api, tmp_path / "d.db", session) as h:
            yield h


async def _post(h, body: bytes, headers: dict) -> int:
    async with h.session.post(h.send.url, data=body, headers=headers) as r:
        await r.read()
        return r.status


def _no_error_logged(caplog) -> None:
    bad = [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert bad == [], [r.getMessage()[:200] for r in bad]
    assert not any(SECRET_WORD in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("name", list(BODIES))
async def test_a_signed_malformed_body_gets_a_4xx_never_a_5xx(app, caplog, name):
    body, ctype = BODIES[name]
    status = await _post(app, body, signed_headers(app.send.secret, body, content_type=ctype))
    assert 400 <= status < 500, status
    assert status != 401  # it was signed: the answer says what is wrong with the body
    _no_error_logged(caplog)
    await app.settle()
    assert app.nudges() == []


@pytest.mark.parametrize("how", ["unsigned", "forged", "stale", "bad timestamp"])
@pytest.mark.parametrize("name", list(BODIES))
async def test_an_unsigned_forged_or_stale_request_gets_401_whatever_its_body(app, caplog, name, how):
    body, ctype = BODIES[name]
    if how == "unsigned":
        headers = {"Content-Type": ctype}
    elif how == "forged":
        headers = signed_headers("not-the-signing-secret", body, content_type=ctype)
    elif how == "stale":
        headers = signed_headers(app.send.secret, body, content_type=ctype, timestamp=int(time.time()) - 600)
    else:
        headers = signed_headers(app.send.secret, body, content_type=ctype)
        headers["X-Slack-Request-Timestamp"] = "soon"
    assert await _post(app, body, headers) == 401
    _no_error_logged(caplog)


async def test_after_bad_input_a_good_event_is_still_nudged(app, caplog):
    for body, ctype in BODIES.values():
        await _post(app, body, signed_headers(app.send.secret, body, content_type=ctype))
        await _post(app, body, {"Content-Type": ctype})
    status, _ = await app.send.message(f"Bed 4: pt ID {SA_ID}")
    assert status == 200
    await app.settle()
    assert len(app.nudges()) == 1
    _no_error_logged(caplog)
