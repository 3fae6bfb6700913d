"""The text inside shared files: extraction (real Tesseract, real Pillow and
pdfium) on files made by the tests, its limits, and the end-to-end path on
Slack and Telegram against the fake platforms. Synthetic people only."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from discreet.bots.files import MAX_BYTES, Skipped, extract, sniff
from discreet.core import check
from tests.fakes.documents import SA_ID, SA_ID_2, bomb_png, samples

pytestmark = pytest.mark.skipif(shutil.which("tesseract") is None,
                                reason="Tesseract is not installed (.ci/run installs it)")

SAMPLES = {s.name: s for s in samples()}


def _found(text: str) -> set[str]:
    return {f.kind for f in check(text) if f.policy == "identifiers"}


@pytest.mark.parametrize("name", [n for n, s in SAMPLES.items() if s.planted])
def test_identifiers_planted_in_a_file_are_found_in_its_text(name):
    s = SAMPLES[name]
    got = extract(s.data, s.mimetype)
    assert set(s.planted) <= _found(got.text), name


@pytest.mark.parametrize("name", [n for n, s in SAMPLES.items() if not s.planted])
def test_a_benign_file_gives_no_finding(name):
    s = SAMPLES[name]
    got = extract(s.data, s.mimetype)
    assert got.text.strip(), "nothing was read: the test would prove nothing"
    assert not check(got.text), name


def test_a_pdf_text_layer_is_read_without_ocr_and_a_scan_with_it():
    text_layer = extract(SAMPLES["referral.pdf"].data)
    scan = extract(SAMPLES["scanned-label.pdf"].data)
    assert (text_layer.kind, text_layer.ocr) == ("pdf", False) and SA_ID in text_layer.text
    assert (scan.kind, scan.ocr) == ("pdf", True) and SA_ID in scan.text


def test_limits_give_a_clear_skip_never_an_exception():
    cases = {
        "too_large": b"%PDF-1.4" + b"0" * (MAX_BYTES + 1),
        "bomb": bomb_png(),
        "malformed": b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
        "unsupported": b"PK\x03\x04 a zip file, not a document",
    }
    for reason, data in cases.items():
        with pytest.raises(Skipped) as e:
            extract(data, "image/png")
        assert e.value.reason == reason
    with pytest.raises(Skipped) as e:
        extract(b"%PDF-1.4\n% broken\n", "application/pdf")
    assert e.value.reason == "malformed"
    with pytest.raises(Skipped) as e:
        extract(SAMPLES["patient-label.jpg"].data, time_limit_s=0.001)
    assert e.value.reason == "timeout"


def test_the_kind_comes_from_the_bytes_not_the_declared_type():
    assert sniff(SAMPLES["patient-label.jpg"].data, "application/pdf") == "jpeg"
    assert sniff(SAMPLES["referral.pdf"].data, "image/png") == "pdf"
    assert sniff(b"plain words", "text/plain") == "text" and sniff(b"plain words", None) is None


def test_extraction_writes_nothing_to_disk(tmp_path):
    """Tesseract reads the image from a pipe and writes to one: a process
    whose temp folder is empty and whose working folder is fresh leaves
    both empty, and the text never reaches a file."""
    tmp, cwd = tmp_path / "tmp", tmp_path / "cwd"
    tmp.mkdir()
    cwd.mkdir()
    code = ("import sys; from discreet.bots.files import extract; from tests.fakes.documents import samples; "
            "[extract(s.data, s.mimetype) for s in samples()]")
    env = {**os.environ, "TMPDIR": str(tmp), "PYTHONPATH": os.pathsep.join(sys.path)}
    r = subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, timeout=300)
    assert r.returncode == 0, r.stderr.decode()[-500:]
    assert list(tmp.iterdir()) == [] and list(cwd.iterdir()) == []
    assert SA_ID.encode() not in r.stdout + r.stderr


def test_check_file_from_the_command_line(tmp_path):
    exe = shutil.which("discreet", path=os.path.dirname(sys.executable))
    label = tmp_path / "label.jpg"
    label.write_bytes(SAMPLES["patient-label.jpg"].data)
    rota = tmp_path / "rota.png"
    rota.write_bytes(SAMPLES["rota.png"].data)
    r = subprocess.run([exe, "check", "--file", str(label), "--json"], capture_output=True, text=True, timeout=120)
    kinds = {f["kind"] for f in json.loads(r.stdout)}
    assert {"national_id", "person_name"} <= kinds
    assert SA_ID not in r.stdout  # findings carry offsets, never the text
    r = subprocess.run([exe, "check", "--file", str(rota)], capture_output=True, text=True, timeout=120)
    assert "no findings" in r.stdout.lower()
    r = subprocess.run([exe, "check", "--file", str(tmp_path / "missing.png")], capture_output=True, text=True)
    assert r.returncode == 2 and "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1


# -- end to end: Slack -------------------------------------------------------

@pytest.fixture
def slack_harness(tmp_path, caplog, session, fake_api):
    from tests.bots.test_slack_e2e import running_app
    caplog.set_level("DEBUG")
    return lambda **env: running_app(fake_api, tmp_path / "discreet.db", session, **env)


def _file_share(api, sample, file_id: str, text: str = "") -> dict:
    return {"type": "message", "subtype": "file_share", "channel": "C0WARD001", "user": "U0NURSE01",
            "ts": "1712000000.000100", "text": text, "channel_type": "channel",
            "files": [api.add_file(file_id, sample.data, sample.mimetype, sample.name)]}


async def test_slack_an_image_with_a_patient_label_and_no_text_gets_one_private_nudge(
        slack_harness, fake_api, tmp_path, caplog):
    async with slack_harness() as slack:
        status, _ = await slack.send.event(_file_share(fake_api, SAMPLES["patient-label.jpg"], "F0LABEL01"))
        assert status == 200
        await slack.send.event(_file_share(fake_api, SAMPLES["rota.png"], "F0ROTA001"))
        await slack.settle()
        nudges = fake_api.calls_to("chat.postEphemeral")
        assert len(nudges) == 1
        body = json.dumps(nudges[0])
        assert "attached to your message" in body and "crop or blur" in body
        assert SA_ID not in body and "You could write instead" not in body
        assert [d[1] for d in fake_api.downloads] == [f"Bearer {fake_api.token}"] * 2
        assert fake_api.calls_to("chat.postMessage") == []
    blobs = b"".join(p.read_bytes() for p in tmp_path.glob("discreet.db*"))
    logs = "\n".join(r.getMessage() for r in caplog.records)
    for needle in (SA_ID, "Thandiwe", "MOKOENA", "4432190"):
        assert needle.encode() not in blobs and needle not in logs


async def test_slack_files_off_in_a_channel_downloads_nothing(slack_harness, fake_api):
    async with slack_harness() as slack:
        await slack.send.command("/discreet", "files off", user="U0ADMIN01")
        await slack.settle()
        await slack.send.event(_file_share(fake_api, SAMPLES["patient-label.jpg"], "F0LABEL02"))
        await slack.settle()
        assert fake_api.downloads == [] and fake_api.calls_to("chat.postEphemeral") == []


# -- end to end: Telegram ----------------------------------------------------

async def test_telegram_a_photo_without_caption_gets_one_private_nudge(tmp_path):
    import asyncio
    import logging

    from discreet.bots.config import Config
    from discreet.bots.service import build_service
    from discreet.bots.telegram import run
    from tests.fakes.telegram_api import FakeTelegram, group, message_update, private, user

    author, chat = user(7301, "Lerato", "Khumalo"), group(-1003330001)
    fake = await FakeTelegram(started={author["id"]}).start()
    config = Config.from_env({"TELEGRAM_BOT_TOKEN": fake.token, "TELEGRAM_API_URL": fake.base_url,
                              "DISCREET_DB": str(tmp_path / "d.db"), "DISCREET_SECRET": "test-secret-0123456789"})
    logs: list[str] = []

    class Capture(logging.Handler):
        def emit(self, record):
            logs.append(record.getMessage())

    handler = Capture(logging.DEBUG)
    logging.getLogger().addHandler(handler)
    service, store = await build_service(config)
    task = asyncio.create_task(run(config, service, poll_timeout=1))
    try:
        await fake.wait_for(lambda: any(m == "getUpdates" for m, _ in fake.calls))
        label = fake.add_file("PHOTO1", SAMPLES["ward-list.jpg"].data)
        await fake.push(message_update(chat, author, None, message_id=fake.next_message_id(), photo=label))
        rota = fake.add_file("PHOTO2", SAMPLES["rota.png"].data)
        await fake.push(message_update(chat, author, None, message_id=fake.next_message_id(), photo=rota))
        dm = (await fake.wait_for(lambda: fake.sent_to(author["id"]), timeout=60))[0]
        assert "attached to your message" in dm.text and SA_ID_2 not in dm.text
        mid = fake.next_message_id()  # a sentinel in the same chat: the benign photo was handled before it
        await fake.push(message_update(chat, author, "/guidance", message_id=mid))
        await fake.wait_for(lambda: any((s.params.get("reply_parameters") or {}).get("message_id") == mid
                                        for s in fake.sent), timeout=60)
        assert len(fake.sent_to(author["id"])) == 1 and fake.downloads == ["PHOTO1", "PHOTO2"]
        assert not [s for s in fake.sent if s.chat_id == chat["id"] and "private note" in s.text]
        assert private  # the DM went to the author's private chat
    finally:
        await fake.release_polls()
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await store.close()
        await fake.stop()
        logging.getLogger().removeHandler(handler)
    blobs = b"".join(p.read_bytes() for p in tmp_path.glob("d.db*"))
    for needle in (SA_ID_2, "Naledi", "Khumalo Naledi"):
        assert needle.encode() not in blobs and needle not in "\n".join(logs)
