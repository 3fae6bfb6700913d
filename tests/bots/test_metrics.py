"""``GET /metrics``, scraped over HTTP after a real session, parsed with
prometheus_client's own parser: the counts add up, and no test identifier,
user, channel, team, chat or event id is anywhere in the text. Also the
JSON log format and colour only on a terminal."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import socket

import aiohttp
import pytest
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

from discreet import core
from discreet.bots.metrics import Metrics
from tests.bots.test_slack_e2e import ADMIN, AUTHOR, CHANNEL, SA_ID, SA_ID_2, running_app
from tests.fakes.slack_api import BOT_USER_ID, TEAM_ID, FakeSlackAPI

PATIENT = "Zanele Dube"  # synthetic
PHONE = "082 555 0142"  # synthetic


def parse(text: str) -> dict[tuple[str, tuple], float]:
    """{(sample name, sorted labels): value} from the text format, by prometheus_client's parser."""
    out = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


def value(samples: dict, name: str, **labels) -> float:
    """The sum of ``name`` over the samples whose labels include ``labels``."""
    return sum(v for (n, ls), v in samples.items() if n == name and set(labels.items()) <= set(ls))


def no_ids(text: str, ids) -> list[str]:
    return [i for i in ids if i in text]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_each_metrics_has_its_own_registry_and_never_the_global_one():
    a, b = Metrics(), Metrics()
    a.event("slack", "message")
    a.check("slack", 0.0002, flagged=True)
    sa = parse(asyncio.run(a.render()).decode())
    sb = parse(asyncio.run(b.render()).decode())
    assert value(sa, "discreet_events_received_total", platform="slack", kind="message") == 1
    assert value(sb, "discreet_events_received_total") == 0
    assert not [m for m in REGISTRY.collect() if m.name.startswith("discreet_")]


def test_a_label_value_outside_the_known_set_is_folded_not_passed_through():
    m = Metrics()
    m.event("slack", "U0NURSE01")  # a kind that is not one: never a label as given
    m.api_error("telegram", f"Bad Request: {PATIENT}")
    text = asyncio.run(m.render()).decode()
    assert 'kind="other"' in text and "U0NURSE01" not in text
    assert 'outcome="other"' in text and "zanele" not in text.lower()


pytestmark_slack = pytest.mark.skipif(not core.check(f"pt ID {SA_ID}"), reason="the SA ID detector is not in core")


@pytestmark_slack
async def test_slack_metrics_after_a_session(tmp_path, fake_api, session):
    api = fake_api
    async with running_app(api, tmp_path / "discreet.db", session) as h:
        send = h.send
        flagged = [f"Pt {PATIENT} bed 7, ID {SA_ID}", f"son on {PHONE}, ID {SA_ID_2}"]
        for i, text in enumerate(flagged):
            status, _ = await send.message(text, event_id=f"Ev0MTRC{i:04d}")
            assert status == 200
        await send.message("theatre list is up, bed 4 at 10", event_id="Ev0MTRC0009")
        await h.settle()
        api.fail("chat.postEphemeral", status=429, retry_after=1)  # the next nudge waits once, then goes
        await send.message(f"ID {SA_ID} again", event_id="Ev0MTRC0010")
        await h.settle()
        status, _ = await send.post(send.event_body(send.message_event("x"))[0], "application/json",
                                    secret="wrong-secret")
        assert status == 401
        await send.command("/discreet", "stats", user=ADMIN)
        await h.settle()
        async with session.get(h.base + "/metrics") as resp:
            assert resp.status == 200
            assert resp.headers["Content-Type"].startswith("text/plain")
            text = await resp.text()

    s = parse(text)
    assert value(s, "discreet_events_received_total", platform="slack", kind="message") == 4
    assert value(s, "discreet_events_received_total", platform="slack", kind="command") == 1
    assert value(s, "discreet_acks_total", platform="slack", outcome="2xx") == 5
    assert value(s, "discreet_acks_total", platform="slack", outcome="4xx") == 1
    assert value(s, "discreet_ack_seconds_count", platform="slack") == 6  # every answer timed
    assert value(s, "discreet_checks_total", platform="slack", outcome="flagged") == 3
    assert value(s, "discreet_checks_total", platform="slack", outcome="clean") == 1
    assert value(s, "discreet_check_seconds_count", platform="slack") == 4
    assert value(s, "discreet_messages_nudged_total", platform="slack") == 3 == len(h.nudges())
    assert value(s, "discreet_nudges_total", platform="slack", policy="identifiers") >= 3
    assert value(s, "discreet_platform_api_errors_total", platform="slack", outcome="429") == 1
    assert value(s, "discreet_platform_api_retries_total", platform="slack") >= 1
    assert value(s, "discreet_job_queue_depth", platform="slack") == 0
    assert value(s, "discreet_jobs", platform="slack", outcome="done") == 4
    label_names = {k for (_, ls), _ in s.items() for k, _ in ls} - {"le"}
    assert label_names <= {"platform", "policy", "kind", "outcome"}

    ids = (SA_ID, SA_ID_2, PATIENT, "Zanele", "Dube", PHONE, PHONE.replace(" ", ""), CHANNEL, AUTHOR, ADMIN,
           TEAM_ID, BOT_USER_ID, "Ev0MTRC", "U0", "C0", "T0")
    assert no_ids(text, ids) == []


async def test_the_metrics_port_of_the_telegram_worker(tmp_path):
    from tests.bots.test_telegram_e2e import CHAT, FLAGGED, ID_NUMBER, IDENTIFIERS, STARTED, _stop
    from tests.fakes.telegram_api import FakeTelegram

    port = free_port()
    fake = await FakeTelegram(started={STARTED["id"]}).start()
    try:
        bot = await _start_with_metrics(tmp_path, fake, port)
        try:
            fake.fail_once("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
            if core.check(f"pt ID {ID_NUMBER}"):
                await bot.say(STARTED, FLAGGED)
            await bot.say(STARTED, "bed 4 for bloods at 10")
            await bot.settle()
            async with aiohttp.ClientSession() as http:
                async with http.get(f"http://127.0.0.1:{port}/metrics") as resp:
                    assert resp.status == 200
                    text = await resp.text()
            listener = bot.service.metrics.server
            bound = {s.getsockname()[0] for site in listener.sites for s in site._server.sockets}
        finally:
            await _stop(bot)
    finally:
        await fake.stop()
    assert bound == {"127.0.0.1"}  # not on every interface unless DISCREET_METRICS_HOST says so
    s = parse(text)
    assert value(s, "discreet_events_received_total", platform="telegram", kind="message") >= 1
    assert value(s, "discreet_events_received_total", platform="telegram", kind="command") >= 2  # /guidance
    assert value(s, "discreet_checks_total", platform="telegram") >= 2
    assert value(s, "discreet_platform_api_errors_total", platform="telegram", outcome="429") == 1
    assert value(s, "discreet_platform_api_retries_total", platform="telegram") >= 1  # the 429 waited out
    if core.check(f"pt ID {ID_NUMBER}"):
        assert value(s, "discreet_messages_nudged_total", platform="telegram") == 1
        assert value(s, "discreet_nudges_total", platform="telegram", policy="identifiers") >= 1
    ids = (*IDENTIFIERS, str(CHAT["id"]), str(CHAT["id"])[4:], str(STARTED["id"]), STARTED["first_name"],
           fake.token, str(fake.bot_id))
    assert no_ids(text, ids) == []


async def _start_with_metrics(tmp_path, fake, port):
    """``_start`` of the Telegram end-to-end tests, with DISCREET_METRICS_PORT."""
    from discreet.bots.config import Config
    from discreet.bots.service import build_service
    from discreet.bots.telegram import run
    from tests.bots.test_telegram_e2e import Bot

    db = tmp_path / "discreet.db"
    config = Config.from_env({
        "TELEGRAM_BOT_TOKEN": fake.token, "TELEGRAM_API_URL": fake.base_url, "DISCREET_DB": str(db),
        "DISCREET_SECRET": "test-secret-0123456789", "DISCREET_METRICS_PORT": str(port),
    })
    service, store = await build_service(config)
    task = asyncio.create_task(run(config, service, poll_timeout=1))
    await fake.wait_for(lambda: any(c[0] == "getUpdates" for c in fake.calls))
    return Bot(fake, config, service, store, task, db, [])


# -- logs ---------------------------------------------------------------------------

@pytest.fixture
def restore_logging():
    from discreet.bots.config import NOISY_LOGGERS
    root = logging.getLogger()
    saved = root.level, list(root.handlers), {n: logging.getLogger(n).level for n in NOISY_LOGGERS}
    yield
    for h in list(root.handlers):
        if h not in saved[1]:
            root.removeHandler(h)
    root.setLevel(saved[0])
    for n, lvl in saved[2].items():
        logging.getLogger(n).setLevel(lvl)


@pytestmark_slack
async def test_json_logs_are_one_object_a_line_with_the_ids_and_no_content(tmp_path, capsys, restore_logging):
    from discreet.bots.config import setup_logging

    setup_logging("DEBUG", "json")  # the handler writes to the stderr capsys put in place
    async with FakeSlackAPI() as api, aiohttp.ClientSession() as session:
        async with running_app(api, tmp_path / "discreet.db", session) as h:
            await h.send.message(f"Pt {PATIENT} bed 7, ID {SA_ID}", event_id="Ev0JSON0001")
            await h.settle()
            assert len(h.nudges()) == 1
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines, "nothing was logged"
    records = [json.loads(line) for line in lines]  # every line is one JSON object
    for r in records:
        assert {"time", "level", "logger", "message"} <= set(r)
        assert r["time"].endswith("Z")
    nudge = next(r for r in records if r["message"].startswith("slack: nudge sent"))
    assert nudge["level"] == "INFO" and nudge["logger"] == "discreet.slack"
    # the ids the line already names, as fields of their own
    assert (nudge["platform"], nudge["channel"], nudge["event"], nudge["outcome"]) == \
        ("slack", CHANNEL, "Ev0JSON0001", "nudged")
    done = next(r for r in records if r["message"].startswith("job done:"))
    assert (done["platform"], done["job"], done["outcome"]) == ("slack", "Ev0JSON0001", "nudged")
    for secret in (SA_ID, PATIENT, "Zanele", "Dube"):
        assert secret not in err


def test_json_formatter_keeps_exceptions_on_one_line():
    from discreet.bots.logformat import JsonFormatter

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    log = logging.getLogger("discreet.test.json")
    log.addHandler(handler)
    log.propagate = False
    try:
        try:
            raise ValueError("boom")
        except ValueError:
            log.exception("job failed: platform=%s job=%s message=%s", "slack", "Ev1", "1700.01")
    finally:
        log.removeHandler(handler)
        log.propagate = True
    lines = stream.getvalue().splitlines()
    assert len(lines) == 1
    r = json.loads(lines[0])
    assert r["level"] == "ERROR" and r["exc_type"] == "ValueError" and "Traceback" in r["exc"]
    assert r["platform"] == "slack" and r["job"] == "Ev1" and r["message_id"] == "1700.01"
    assert r["message"] == "job failed: platform=slack job=Ev1 message=1700.01"


class _Tty(io.StringIO):
    def isatty(self):
        return True


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch):
    from discreet.bots.logformat import formatter

    record = logging.LogRecord("discreet.x", logging.ERROR, __file__, 1, "bad: %s", ("thing",), None)
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert "\033[" in formatter("text", _Tty()).format(record)
    assert "\033[" not in formatter("text", io.StringIO()).format(record)
    assert "\033[" not in formatter("json", _Tty()).format(record)
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\033[" not in formatter("text", _Tty()).format(record)


def test_a_metrics_port_in_use_is_one_line_naming_the_variable(discreet):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        r = discreet("telegram", env={"TELEGRAM_BOT_TOKEN": "123:not-real", "TELEGRAM_API_URL": "http://127.0.0.1:9/bot",
                                      "DISCREET_METRICS_PORT": str(port)})
    assert r.returncode == 1
    assert r.stderr.strip().splitlines()[-1] == \
        f"discreet telegram: DISCREET_METRICS_PORT: cannot listen on 127.0.0.1:{port} (address already in use)"
    assert "Traceback" not in r.stderr
    bad = discreet("doctor", env={"DISCREET_METRICS_PORT": "nine"})
    assert bad.returncode == 1 and "DISCREET_METRICS_PORT: must be a whole number" in bad.stdout
