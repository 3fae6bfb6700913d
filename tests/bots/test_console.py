"""`discreet console < file`: transcripts through the real service and store."""

from __future__ import annotations

import sqlite3

SA_ID = "8001015009087"  # synthetic


def transcript(discreet, *lines: str) -> str:
    r = discreet("console", input="\n".join(lines) + "\n")
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    return r.stdout


def notes_after(out: str, message: str) -> str:
    """What the console printed after ``message`` and before the next line of input."""
    tail = out.split(f": {message}\n", 1)[1]
    lines = []
    for line in tail.splitlines():
        if line.startswith("[#") and not line.endswith("Discreet:"):
            break
        lines.append(line)
    return "\n".join(lines)


def test_identifier_nudged_benign_not(discreet):
    out = transcript(discreet, "handover at 7 in the tea room", f"pt in bed 4 ID {SA_ID} for bloods")
    assert notes_after(out, "handover at 7 in the tea room") == ""
    note = notes_after(out, f"pt in bed 4 ID {SA_ID} for bloods")
    assert "(only you can see this)" in note and "A private note from Discreet" in note
    assert "an ID number" in note and "[ID no.]" in note and SA_ID not in note


def test_first_visit_introduces_the_bot_once(discreet):
    out = transcript(discreet, "/channel ward 4", "/channel general", "/channel ward 4")
    assert out.count("Hello from Discreet") == 2  # #general at start, #ward-4 once


def test_guidance_answers(discreet):
    out = transcript(discreet, "/guidance can I accept a friend request from a patient?", "/guidance")
    note = notes_after(out, "/guidance can I accept a friend request from a patient?")
    assert "(only you can see this)" in note and len(note.splitlines()) > 2
    assert "loading" not in note.lower()
    assert "topics" in notes_after(out, "/guidance").lower()


def test_edit_thanks_and_false_positive_report(discreet):
    out = transcript(discreet, f"ID {SA_ID} bed 2", "/edit bed 2 bloods", "/fp", "/discreet stats")
    assert "Thank you" in notes_after(out, "/edit bed 2 bloods")
    assert "false alarm" in notes_after(out, "/fp")
    stats = notes_after(out, "/discreet stats")
    assert "national id: 1 (7 days)" in stats and "not derogatory: 1 (7 days)" in stats


def test_admin_toggles_persist_across_runs(discreet, db_path):
    first = transcript(discreet, "/as nurse-jo", "/discreet off", "/as admin:Sister Dlamini", "/discreet off",
                       f"ID {SA_ID}")
    assert "Only an admin" in notes_after(first, "/discreet off")
    assert "Monitoring is OFF" in first
    assert notes_after(first, f"ID {SA_ID}") == ""  # monitoring is off: no nudge
    second = transcript(discreet, "/discreet status", f"ID {SA_ID}", "/discreet on", f"again ID {SA_ID}")
    assert "Monitoring is OFF" in notes_after(second, "/discreet status")
    assert "Hello from Discreet" not in second  # #general is known from the first run
    assert notes_after(second, f"ID {SA_ID}") == ""
    assert "A private note" in notes_after(second, f"again ID {SA_ID}")
    con = sqlite3.connect(db_path)
    assert con.execute("SELECT monitoring FROM channel_settings WHERE platform = 'console' AND channel = 'general'"
                       ).fetchone() == (1,)
    con.close()


def test_quit_stops_reading(discreet):
    out = transcript(discreet, "/quit", f"ID {SA_ID}")
    assert SA_ID not in out


def test_bad_config_is_one_line(discreet):
    r = discreet("console", env={"DISCREET_LOG_LEVEL": "LOUD"})
    assert r.returncode == 2
    assert r.stderr.strip().splitlines() == [r.stderr.strip()]
    assert "DISCREET_LOG_LEVEL" in r.stderr and "Traceback" not in r.stderr


def test_a_shared_file_is_read_and_its_text_checked(discreet, tmp_path):
    import shutil

    import pytest

    if shutil.which("tesseract") is None:
        pytest.skip("Tesseract is not installed (.ci/run installs it)")
    from tests.fakes.documents import samples

    by_name = {s.name: s for s in samples()}
    label, minutes = tmp_path / "label.jpg", tmp_path / "minutes.pdf"
    label.write_bytes(by_name["patient-label.jpg"].data)
    minutes.write_bytes(by_name["minutes.pdf"].data)
    out = transcript(discreet, f"/file {minutes}", f"/file {label}", f"/file {tmp_path / 'none.png'}")
    assert out.count("A private note from Discreet") == 1
    note = notes_after(out, f"/file {label}")
    assert "attached to your message" in note and SA_ID not in note
    assert "cannot read" in out


def test_the_console_runs_on_postgresql_by_url(discreet, pg_url):
    """DISCREET_DB=postgresql://... (or --db) picks PostgreSQL; settings persist across runs there."""
    first = transcript_env(discreet, {"DISCREET_DB": pg_url}, "/as admin:Sister Dlamini", "/discreet off",
                           f"ID {SA_ID}")
    assert "Monitoring is OFF" in first and notes_after(first, f"ID {SA_ID}") == ""
    r = discreet("console", "--db", pg_url, input=f"/discreet status\nagain ID {SA_ID}\n")
    assert r.returncode == 0, r.stderr
    assert "Monitoring is OFF" in r.stdout and "A private note" not in r.stdout


def test_an_unreachable_postgresql_is_one_line_without_the_password(discreet):
    import socket
    with socket.socket() as s:  # a loopback port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"postgresql://discreet:hunter2-not-real@127.0.0.1:{port}/discreet"
    for args, env in ((("console",), {"DISCREET_DB": url}), (("console", "--db", url), {})):
        r = discreet(*args, env=env)
        assert r.returncode == 2, r.stderr
        assert r.stderr.strip().splitlines() == [r.stderr.strip()]
        assert "DISCREET_DB" in r.stderr and "discreet:***@127.0.0.1" in r.stderr
        assert "hunter2" not in r.stderr + r.stdout and "Traceback" not in r.stderr


def transcript_env(discreet, env: dict, *lines: str) -> str:
    r = discreet("console", input="\n".join(lines) + "\n", env=env)
    assert r.returncode == 0, r.stderr
    return r.stdout
