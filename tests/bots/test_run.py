"""`discreet run`: the console with no credentials; one-line config errors;
and the Config contract it rests on."""

from __future__ import annotations

from pathlib import Path

import pytest

from bots.config import Config, ConfigError, read_dotenv

SA_ID = "8001015009087"  # synthetic


def test_no_credentials_starts_the_console(discreet):
    r = discreet("run", input=f"pt ID {SA_ID}\nhello\n")
    assert r.returncode == 0, r.stderr
    assert "starting the local console" in r.stderr
    assert "A private note from Discreet" in r.stdout and SA_ID not in r.stdout.split(f"pt ID {SA_ID}\n", 1)[1]


@pytest.mark.parametrize("env, variable", [
    ({"PORT": "eighty"}, "PORT"),
    ({"PORT": "70000"}, "PORT"),
    ({"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET"),
    ({"TELEGRAM_BOT_TOKEN": "nonsense"}, "TELEGRAM_BOT_TOKEN"),
    ({"DISCREET_SECRET": "short"}, "DISCREET_SECRET"),
])
def test_config_error_is_one_line_naming_the_variable(discreet, env, variable):
    r = discreet("run", env=env)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"discreet run: {variable}: "), r.stderr


def test_unopenable_database_is_one_line(discreet, tmp_path):
    (tmp_path / "ro").mkdir()
    r = discreet("run", env={"DISCREET_DB": str(tmp_path / "ro")})
    assert r.returncode == 2 and "DISCREET_DB" in r.stderr and "Traceback" not in r.stderr


def test_defaults_and_properties():
    c = Config.from_env({})
    assert c.db_path == Path("./discreet.db") and c.port == 3000 and c.telegram_port == 8443
    assert c.secret is None and c.admins == frozenset() and c.pending_ttl_s == 86400
    assert c.telegram_api_url == "https://api.telegram.org/bot"
    assert not c.slack_enabled and not c.telegram_enabled
    c = Config.from_env({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1", "TELEGRAM_BOT_TOKEN": "1:A",
                         "DISCREET_ADMINS": "U1, U2,,", "DISCREET_SECRET": "s" * 20, "PORT": "8080"})
    assert c.slack_enabled and c.telegram_enabled and c.admins == {"U1", "U2"}
    assert c.secret == b"s" * 20 and c.port == 8080
    assert "xoxb" not in repr(c) and "sss" not in repr(c)


def test_dotenv_is_read_and_the_environment_wins(tmp_path, monkeypatch):
    (tmp_path / ".env").write_text('# local\nexport PORT=4000\nDISCREET_DB="my.db"\nTELEGRAM_PORT=9000 # listener\n')
    assert read_dotenv(tmp_path / ".env") == {"PORT": "4000", "DISCREET_DB": "my.db", "TELEGRAM_PORT": "9000"}
    monkeypatch.chdir(tmp_path)
    for k in ("PORT", "DISCREET_DB", "TELEGRAM_PORT"):
        monkeypatch.delenv(k, raising=False)
    monkeypatch.setenv("PORT", "5000")
    c = Config.from_env()
    assert c.port == 5000 and c.db_path == Path("my.db") and c.telegram_port == 9000


def test_config_error_names_the_variable():
    with pytest.raises(ConfigError) as e:
        Config.from_env({"DISCREET_PENDING_TTL": "soon"})
    assert e.value.variable == "DISCREET_PENDING_TTL" and str(e.value).startswith("DISCREET_PENDING_TTL: ")
