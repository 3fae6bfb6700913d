"""`discreet audit` on generated Slack and Telegram exports: counts match the
checker run directly on the same texts, outputs hold no identifier or text,
broken files are skipped by name, formats are detected, links are right."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections import Counter
from html import escape as html_escape

import pytest

from discreet import core
from benchmarks.gen_export import STAFF_FIRST, STAFF_LAST, write_slack, write_telegram
from discreet.bots.audit import ExportError, detect
from discreet.bots.audit.progress import Progress
from discreet.bots.audit.slack import SlackExport
from discreet.bots.cli import main

STAFF = {s for f, l in zip(STAFF_FIRST, STAFF_LAST) for s in (f"{f} {l}", f, l)}
SA_ID_FOUND = any(f.kind == "national_id" for f in core.check("pt ID 8001015009087 on ward"))
needs_sa_id = pytest.mark.skipif(not SA_ID_FOUND, reason="the SA ID detector has not landed")


def run(capsys, *args):
    rc = main(["audit", *map(str, args)])
    out = capsys.readouterr()
    return rc, out.out, out.err


def rows(out_dir):
    with open(out_dir / "findings.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def direct(records) -> Counter:
    """What core.check finds on the same texts, with the same colleagues."""
    ctx = core.Context.make(staff_names=STAFF)
    return Counter((f.policy, f.kind, f.rule) for r in records for f in core.check(r["text"], ctx))


def audited(rs) -> Counter:
    return Counter((r["policy"], r["kind"], r["rule"]) for r in rs)


def national_id_messages(rs) -> int:
    return len({(r["channel_id"], r["message_id"]) for r in rs if r["kind"] == "national_id"})


@pytest.fixture(scope="module")
def slack_folder(tmp_path_factory):
    path = tmp_path_factory.mktemp("slack") / "export"
    return path, write_slack(path, 1200, seed=3, per_day=300, keep=True)


@pytest.mark.parametrize("shape,jobs", [("folder", 1), ("zip", 1), ("zip with a top folder", 1), ("folder", 2)])
def test_slack_export_counts_match_the_checker(tmp_path, capsys, shape, jobs):
    if shape == "folder":
        src = tmp_path / "export"
        exp = write_slack(src, 1200, seed=3, per_day=300, keep=True)
    else:
        src = tmp_path / "export.zip"
        exp = write_slack(src, 1200, seed=3, per_day=300, keep=True, as_zip=True,
                          top="Acme Slack export Jan 1 2023/" if "top" in shape else "")
    rc, out, err = run(capsys, src, "--out", tmp_path / "out", "--jobs", jobs)
    assert rc == 0, err
    rs = rows(tmp_path / "out")
    assert exp.sa_id > 10 and exp.skipped_noise > 0
    assert audited(rs) == direct(exp.records)
    assert f"{exp.messages:,} messages checked in {exp.files} file(s)" in out
    flagged = sum(1 for r in exp.records if core.check(r["text"], core.Context.make(staff_names=STAFF)))
    assert f"{flagged:,} with findings" in out
    if SA_ID_FOUND:
        assert national_id_messages(rs) == exp.sa_id


@pytest.mark.parametrize("full,jobs", [(False, 1), (True, 1), (True, 2)])
def test_telegram_export_counts_match_the_checker(tmp_path, capsys, full, jobs):
    src = tmp_path / "result.json"
    exp = write_telegram(src, 1500, seed=4, full=full, keep=True)
    rc, out, err = run(capsys, src, "--out", tmp_path / "out", "--jobs", jobs)
    assert rc == 0, err
    rs = rows(tmp_path / "out")
    assert audited(rs) == direct(exp.records)
    assert f"{exp.messages:,} messages checked" in out
    if full:
        assert {r["channel"] for r in rs} >= {"Ward 5 doctors", "Surgery registrars", "personal chat 777000222"}
    if SA_ID_FOUND:
        assert national_id_messages(rs) == exp.sa_id


@needs_sa_id
def test_sa_id_counts_are_the_generated_ones(tmp_path, capsys, slack_folder):
    src, exp = slack_folder
    rc, _, _ = run(capsys, src, "--out", tmp_path / "out")
    assert rc == 0
    assert national_id_messages(rows(tmp_path / "out")) == exp.sa_id
    html = (tmp_path / "out" / "report.html").read_text()
    assert ">ID number</td>" in html and "<code>id-za-number</code>" in html  # plain kind name, rule with its why
    why = core.default_checker().rules["id-za-number"].why
    assert html.index(html_escape(why)) < html.index("<code>id-za-number</code>")


def _grep(blob: bytes, needles) -> list[str]:
    return [n for n in needles if n.encode() in blob]


@pytest.mark.parametrize("platform", ["slack", "telegram"])
def test_report_and_csv_hold_no_identifier_and_no_text(tmp_path, capsys, platform):
    if platform == "slack":
        src = tmp_path / "export.zip"
        exp = write_slack(src, 2000, seed=5, keep=True, as_zip=True)
    else:
        src = tmp_path / "result.json"
        exp = write_telegram(src, 2000, seed=5, keep=True, full=True)
    rc, out, err = run(capsys, src, "--out", tmp_path / "out", "--slack-domain", "acme")
    assert rc == 0
    ids = {i for i in exp.identifiers if i.isdigit()}
    phones = {i for i in exp.identifiers if " " in i and i.replace(" ", "").isdigit()}
    surnames = exp.identifiers - ids - phones
    assert ids and phones and surnames
    needles = ids | phones | {p.replace(" ", "") for p in phones} | {f"Mr {s}" for s in surnames} | \
        {f"Mrs {s}" for s in surnames} | {r["text"] for r in exp.records if len(r["text"]) > 25}
    for name in ("report.html", "findings.csv"):
        blob = (tmp_path / "out" / name).read_bytes()
        assert len(blob) > 1000
        assert _grep(blob, needles) == []
    assert _grep((out + err).encode(), needles) == []
    html = (tmp_path / "out" / "report.html").read_text()
    assert 'class="bars"' in html and "<style>" in html  # self-contained: no script, no external asset
    assert "<script" not in html and "src=" not in html and "href=" not in html and "@import" not in html


def test_a_corrupt_day_file_is_skipped_by_name_and_the_audit_goes_on(tmp_path, capsys):
    src = tmp_path / "export"
    exp = write_slack(src, 1200, seed=6, per_day=300, keep=True)
    files = sorted({r["file"] for r in exp.records})
    bad, odd = files[3], files[7]
    (src / bad).write_bytes(b'[{"type": "message", "user": "U00000001", "text": "pt ID 8001015009087 in bed')
    (src / odd).write_text(json.dumps({"messages": "not a list"}))
    kept = [r for r in exp.records if r["file"] not in (bad, odd)]
    rc, out, err = run(capsys, src, "--out", tmp_path / "out", "--jobs", 2)
    assert rc == 1
    assert f"discreet audit: skipped {bad}: invalid JSON" in err
    assert f"{odd}: wrong shape" in err
    assert "8001015009087" not in err + out
    assert f"{len(kept):,} messages checked" in out
    assert audited(rows(tmp_path / "out")) == direct(kept)
    html = (tmp_path / "out" / "report.html").read_text()
    assert bad in html and odd in html and "2 skipped (see the end)" in html


def test_a_truncated_telegram_export_keeps_what_it_read(tmp_path, capsys):
    src = tmp_path / "result.json"
    exp = write_telegram(src, 800, seed=7, keep=True)
    data = src.read_bytes()
    src.write_bytes(data[: len(data) // 2])
    rc, out, err = run(capsys, src, "--out", tmp_path / "out")
    assert rc == 1
    assert "result.json: invalid JSON" in err and "the rest is not audited" in err
    n = int(out.split(" messages checked")[0].split()[-1].replace(",", ""))
    assert 300 < n < 500
    assert audited(rows(tmp_path / "out")) == direct(exp.records[:n])
    for i in exp.identifiers:
        assert i not in err


def test_a_telegram_message_of_the_wrong_shape_is_reported(tmp_path, capsys):
    src = tmp_path / "result.json"
    src.write_text(json.dumps({"name": "Ward 5", "type": "private_supergroup", "id": 42, "messages": [
        {"id": 1, "type": "message", "from": "Anele Abrahams", "from_id": "user1", "text": "ID 8001015009087",
         "date_unixtime": "1672560000"}, "oops", [1, 2],
        {"id": 2, "type": "message", "from_id": "user1", "text": ["see ", {"type": "bold", "text": "ID"},
                                                                  " 8001015009087"]}]}))
    rc, out, err = run(capsys, src, "--out", tmp_path / "out")
    assert rc == 1
    assert err.count("a message that is not an object") == 2
    assert "2 messages checked" in out
    if SA_ID_FOUND:
        assert [r["link"] for r in rows(tmp_path / "out")] == ["https://t.me/c/42/1", "https://t.me/c/42/2"]


def test_format_detection(tmp_path):
    write_slack(tmp_path / "s", 50, per_day=50)
    write_slack(tmp_path / "s.zip", 50, per_day=50, as_zip=True, top="x/")
    write_telegram(tmp_path / "ChatExport_2023-01-01" / "result.json", 50)
    with zipfile.ZipFile(tmp_path / "t.zip", "w") as zf:
        zf.write(tmp_path / "ChatExport_2023-01-01" / "result.json", "ChatExport/result.json")
    assert detect(tmp_path / "s") == "slack"
    assert detect(tmp_path / "s.zip") == "slack"
    assert detect(tmp_path / "ChatExport_2023-01-01") == "telegram"
    assert detect(tmp_path / "ChatExport_2023-01-01" / "result.json") == "telegram"
    assert detect(tmp_path / "t.zip") == "telegram"
    (tmp_path / "empty").mkdir()
    (tmp_path / "day.json").write_text("[]")
    for bad in ("empty", "day.json", "missing"):
        with pytest.raises(ExportError):
            detect(tmp_path / bad)


def test_unreadable_export_and_wrong_override_exit_2(tmp_path, capsys):
    write_telegram(tmp_path / "result.json", 20)
    (tmp_path / "empty").mkdir()
    assert run(capsys, tmp_path / "missing", "--out", tmp_path / "o")[0] == 2
    rc, _, err = run(capsys, tmp_path / "empty", "--out", tmp_path / "o")
    assert rc == 2 and "empty" in err
    rc, _, err = run(capsys, tmp_path / "result.json", "--format", "slack", "--out", tmp_path / "o")
    assert rc == 2 and "Slack export is a folder or a zip" in err
    rc, out, _ = run(capsys, tmp_path / "result.json", "--format", "telegram", "--out", tmp_path / "o")
    assert rc == 0 and "20 messages checked" in out


def test_slack_links(tmp_path, capsys, slack_folder):
    src, exp = slack_folder
    ctx = core.Context.make(staff_names=STAFF)
    flagged = [r for r in exp.records if core.check(r["text"], ctx)]
    if not flagged:
        pytest.skip("the checker finds nothing in the generated texts yet")
    rc, _, _ = run(capsys, src, "--out", tmp_path / "a", "--slack-domain", "https://acme-hospital.slack.com/")
    assert rc == 0
    by_ts = {r["message_id"]: r for r in rows(tmp_path / "a")}
    for rec in flagged:
        row = by_ts[rec["ts"]]
        want = f"https://acme-hospital.slack.com/archives/{rec['channel_id']}/p{rec['ts'].replace('.', '')}"
        if rec["thread_ts"]:
            want += f"?thread_ts={rec['thread_ts']}&cid={rec['channel_id']}"
        assert row["link"] == want
        assert row["channel_id"] == rec["channel_id"]
    assert any(rec["thread_ts"] for rec in flagged)
    run(capsys, src, "--out", tmp_path / "b")
    no_domain = rows(tmp_path / "b")
    assert all(r["link"] == "" and r["message_id"] and r["channel_id"] for r in no_domain)
    assert {r["message_id"] for r in no_domain} == set(by_ts)


def test_telegram_links_only_for_supergroups(tmp_path, capsys):
    src = tmp_path / "result.json"
    exp = write_telegram(src, 1500, seed=8, full=True, keep=True)
    ctx = core.Context.make(staff_names=STAFF)
    flagged = {r["id"]: r for r in exp.records if core.check(r["text"], ctx)}
    if not flagged:
        pytest.skip("the checker finds nothing in the generated texts yet")
    run(capsys, src, "--out", tmp_path / "out")
    seen = set()
    for row in rows(tmp_path / "out"):
        rec = flagged[int(row["message_id"])]
        seen.add(rec["chat_type"])
        if rec["chat_type"] == "private_supergroup":
            assert row["link"] == f"https://t.me/c/{rec['chat_id']}/{rec['id']}"
        else:
            assert row["link"] == ""
        assert row["author_id"].startswith("user") and row["timestamp"].endswith("Z")
    assert seen == {"private_supergroup", "private_group", "personal_chat"}


def test_bot_api_style_supergroup_id_gives_the_bare_id_in_links(tmp_path, capsys):
    src = tmp_path / "result.json"
    src.write_text(json.dumps({"name": "Ward 5", "type": "public_supergroup", "id": -1001987654321, "messages": [
        {"id": 9, "type": "message", "from_id": "user1", "text": "ID 8001015009087 please"}]}))
    rc, _, _ = run(capsys, src, "--out", tmp_path / "out")
    assert rc == 0
    if SA_ID_FOUND:
        assert rows(tmp_path / "out")[0]["link"] == "https://t.me/c/1987654321/9"


def test_slack_markup_becomes_what_the_reader_sees(tmp_path):
    write_slack(tmp_path / "s", 10, per_day=10)
    ex = SlackExport(tmp_path / "s")
    try:
        assert ex.plain("<@U00000001> see <#C1|icu> &amp; <https://x.org/a|the protocol> &lt;3 <!here>") == \
            "@Anele Abrahams see #icu & the protocol <3 @here"
        assert "Anele" in ex.staff_names() and "Abrahams" in ex.staff_names()
    finally:
        ex.close()


def test_progress_without_a_terminal_prints_a_line_every_n_files(tmp_path):
    src = tmp_path / "s"
    exp = write_slack(src, 1000, per_day=100)
    buf = io.StringIO()
    from discreet.bots.audit import audit

    prog = Progress(exp.files, buf, every_files=10, tty=False)
    audit(src, tmp_path / "out", progress=prog, err=buf)
    lines = buf.getvalue().splitlines()
    assert len(lines) == exp.files // 10
    assert lines[-1].startswith("discreet audit: ") and f"/{exp.files} files" in lines[-1]


def test_progress_on_a_terminal_redraws_one_line(tmp_path):
    buf = io.StringIO()
    prog = Progress(4, buf, tty=True)
    prog.last -= 1  # the bar redraws at most five times a second
    prog.update(messages=1500, files=2)
    prog.done()
    out = buf.getvalue()
    assert out.startswith("\r[###############...............] 1,500 messages (")
    assert out.endswith("4/4 files, 100%\x1b[K\n")


# -- what the report says, and how its files are written ----------------------

def test_report_says_what_it_covers_and_compares_rates(tmp_path, capsys, slack_folder):
    src, exp = slack_folder
    rc, _, _ = run(capsys, src, "--out", tmp_path / "out")
    assert rc == 0
    html = (tmp_path / "out" / "report.html").read_text()
    times = sorted(r["timestamp"] for r in rows(tmp_path / "out"))
    from discreet.core.policy import policy_root
    from importlib.metadata import version
    assert f"version {version('discreet')}" in html and str(policy_root().resolve()) in html
    assert "none: every rule was on" in html
    assert "per 1,000 messages" in html and "Channels ranked by rate" in html
    assert times[0][:10] <= html.split("Period</dt><dd>")[1][:10]  # the first message checked, a day
    assert "likely</em>, not certainly" in html
    assert "empty because the audit ran without <code>--slack-domain</code>" in html
    where = html.split("Turn the bot on where the rate is highest first:</b>")[1].split("</li>")[0]
    assert "&ldquo;#" in where or "<q>#" in where
    assert "DM " not in where  # a bot is not added to a direct message
    run(capsys, src, "--out", tmp_path / "linked", "--slack-domain", "acme")
    assert "--slack-domain</code>:" not in (tmp_path / "linked" / "report.html").read_text()


def test_a_disabled_rule_is_named_in_the_report(tmp_path, capsys, monkeypatch, slack_folder):
    from discreet.core.policy import policy_root
    import shutil
    pol = tmp_path / "policies"
    shutil.copytree(policy_root(), pol)
    f = pol / "identifiers" / "contacts.toml"
    text = f.read_text()
    rid = text.split('id = "', 1)[1].split('"', 1)[0]
    f.write_text(text.replace(f'id = "{rid}"', f'id = "{rid}"\nenabled = false', 1))
    monkeypatch.setenv("DISCREET_POLICIES", str(pol))
    src, _ = slack_folder
    from discreet.bots.audit import audit
    r = audit(src, tmp_path / "out", err=io.StringIO(), checker=core.Checker(pol))
    html = r.report.read_text()
    assert f"<li><code>{rid}</code>:" in html and str(pol.resolve()) in html


def test_output_is_private_and_renamed_into_place(tmp_path, capsys, slack_folder):
    import os
    import stat
    src, _ = slack_folder
    rc, _, _ = run(capsys, src, "--out", tmp_path / "new" / "out")
    assert rc == 0
    out = tmp_path / "new" / "out"
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    assert sorted(p.name for p in out.iterdir()) == ["findings.csv", "report.html"]
    for p in out.iterdir():
        assert stat.S_IMODE(p.stat().st_mode) == 0o600
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    os.chmod(shared, 0o755)
    rc, _, err = run(capsys, src, "--out", shared)
    assert rc == 0 and "can be read by other users" in err


def test_an_interrupted_run_says_its_csv_is_partial(tmp_path):
    """A day file that is a FIFO holds the audit mid-way (nothing is timed):
    Ctrl-C then leaves findings.csv.partial, says so, and writes no report."""
    import os
    import signal
    import stat
    import subprocess
    import sys
    import time
    src = tmp_path / "export"
    exp = write_slack(src, 1200, seed=3, per_day=300, keep=True)
    last = sorted({r["file"] for r in exp.records})[-1]
    (src / last).unlink()
    os.mkfifo(src / last)
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-c", "import sys; from discreet.bots.cli import main; "
                             "sys.exit(main(sys.argv[1:]))", "audit", str(src), "--out", str(out), "--jobs", "1"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    part = out / "findings.csv.partial"
    while not part.exists() and proc.poll() is None:
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "interrupted" in err and "findings.csv.partial" in err and "PARTIAL" in err
    assert part.exists() and stat.S_IMODE(part.stat().st_mode) == 0o600
    assert not (out / "findings.csv").exists() and not (out / "report.html").exists()


def test_an_export_only_deep_below_is_refused_naming_it(tmp_path, capsys):
    write_slack(tmp_path / "home" / "downloads" / "slack", 50, per_day=50)
    write_telegram(tmp_path / "docs" / "old" / "ChatExport" / "result.json", 20)
    rc, _, err = run(capsys, tmp_path / "home", "--out", tmp_path / "o")
    assert rc == 2 and "downloads/slack/" in err and "no export at its top" in err
    for fmt in ("slack", "telegram"):
        with pytest.raises(ExportError, match="found below"):
            from discreet.bots.audit import open_export
            open_export(tmp_path / ("home" if fmt == "slack" else "docs"), fmt)
    with zipfile.ZipFile(tmp_path / "deep.zip", "w") as zf:
        zf.write(tmp_path / "docs" / "old" / "ChatExport" / "result.json", "a/b/result.json")
    with pytest.raises(ExportError, match="a/b/result.json"):
        detect(tmp_path / "deep.zip")


def test_short_channel_names_stay_distinct():
    from discreet.bots.audit.report import short_names
    names = [f"#department-of-internal-medicine-ward-{i}-registrars" for i in range(30)] + ["#icu"]
    short = short_names(names)
    assert len(set(short.values())) == len(names) and short["#icu"] == "#icu"
    assert all(len(s) <= 32 for s in short.values())
    assert all(f"ward-{i}-" in short[n] for i, n in enumerate(names[:30]))  # the part that tells them apart
