"""Start-up warnings for a database that will not survive a restart or that
two processes share (the state of a Heroku-style setup would be lost)."""

from __future__ import annotations

import subprocess

from discreet.bots import deploy
from tests.bots.conftest import DISCREET

# /proc/self/mountinfo lines: a disk at /, a volume at /srv/data, a container layer at /app
MOUNTS = """\
22 1 253:0 / / rw,relatime - ext4 /dev/vda rw
30 22 0:40 / /srv/data rw,relatime - ext4 /dev/vdb rw
31 22 0:41 / /app rw,relatime - overlay overlay rw,lowerdir=/x
32 22 0:42 / /run/user rw,relatime - tmpfs tmpfs rw
"""


def test_known_ephemeral_places_are_named():
    assert "Heroku" in deploy.ephemeral_reason("/app/discreet.db", {"DYNO": "web.1"}, MOUNTS)
    assert "/tmp" in deploy.ephemeral_reason("/tmp/discreet.db", {}, MOUNTS)
    assert "container" in deploy.ephemeral_reason("/app/discreet.db", {}, MOUNTS)
    assert "tmpfs" in deploy.ephemeral_reason("/run/user/discreet.db", {}, MOUNTS)
    assert "memory" in deploy.ephemeral_reason(":memory:", {}, MOUNTS)
    assert deploy.ephemeral_reason("/srv/data/discreet.db", {}, MOUNTS) is None
    assert deploy.ephemeral_reason("/home/ward/discreet.db", {}, MOUNTS) is None


def test_a_second_process_on_the_same_database_is_told(tmp_path):
    db = tmp_path / "discreet.db"
    assert deploy.claim(db) is None
    try:
        other = subprocess.run(
            [DISCREET[0], "-c", "import sys; from discreet.bots.deploy import claim; print(claim(sys.argv[1]))",
             str(db)], capture_output=True, text=True, timeout=60)
        assert "another process" in other.stdout and "discreet run" in other.stdout, other.stderr
    finally:
        deploy.release(db)
    again = subprocess.run([DISCREET[0], "-c", "import sys; from discreet.bots.deploy import claim; "
                            "print(claim(sys.argv[1]))", str(db)], capture_output=True, text=True, timeout=60)
    assert again.stdout.strip() == "None"  # released: nobody else holds it


def test_the_bot_warns_at_start_up_on_heroku(discreet, tmp_path):
    # a Telegram token pointing at nowhere: the warning comes before the bot tries to connect
    r = discreet("telegram", env={"DYNO": "worker.1", "TELEGRAM_BOT_TOKEN": "123:fake",
                                  "TELEGRAM_API_URL": "http://127.0.0.1:9/bot"}, timeout=120)
    assert "DISCREET_DB: this runs on Heroku" in r.stderr and "docs/deploy.md" in r.stderr, r.stderr
