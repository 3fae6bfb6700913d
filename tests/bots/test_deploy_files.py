"""The deployment kit (Dockerfile, compose.yaml, deploy/nginx.conf) checked
as far as this machine allows: there is no Docker engine here, so no image is
built and no container runs. What is checked: every file the Dockerfile
copies exists; it ends as a non-root user and starts the `discreet` console
script; its HEALTHCHECK command, run as is against a real `discreet slack`,
succeeds, and fails when nothing listens; compose.yaml parses, runs real
subcommands on one PostgreSQL, with the proxy's upstreams being its Slack
workers on the port the image listens on; the variables it sets are ones
Discreet reads."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest

from tests.bots.test_slack_durable import _free_port, _healthy
from tests.fakes.slack_api import SIGNING_SECRET, TOKEN, FakeSlackAPI

ROOT = Path(__file__).resolve().parents[2]
yaml = pytest.importorskip("yaml")


def _instructions() -> list[tuple[str, str]]:
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text())
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def _compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def test_the_dockerfile_copies_files_that_exist_and_runs_as_a_user():
    ins = _instructions()
    copies = [rest for word, rest in ins if word == "COPY" and "--from" not in rest]
    assert copies
    for rest in copies:
        *sources, _ = shlex.split(rest)
        for s in sources:
            assert (ROOT / s).exists(), s
    ignored = (ROOT / ".dockerignore").read_text().split()
    for rest in copies:  # nothing it copies is excluded from the build context
        assert not set(shlex.split(rest)[:-1]) & set(ignored)
    final = ins[max(i for i, (w, _) in enumerate(ins) if w == "FROM"):]
    users = [rest for w, rest in final if w == "USER"]
    assert users and users[-1] not in ("root", "0")
    entry = json.loads(next(rest for w, rest in final if w == "ENTRYPOINT"))
    scripts = (ROOT / "pyproject.toml").read_text()
    assert entry == ["discreet"] and re.search(r'^discreet = "discreet\.bots\.cli:main"', scripts, re.M)
    assert json.loads(next(rest for w, rest in final if w == "CMD")) == ["run"]
    assert any(w == "HEALTHCHECK" for w, _ in final)


def _healthcheck() -> list[str]:
    rest = next(rest for w, rest in _instructions() if w == "HEALTHCHECK")
    cmd = json.loads(rest[rest.index("CMD") + 3:].strip())
    assert cmd[0] == "python"
    return [sys.executable, *cmd[1:]]


async def test_the_health_check_passes_on_a_slack_worker_and_fails_without_one(tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SLACK_", "TELEGRAM_", "DISCREET_")) and k != "PORT"}
    check = _healthcheck()
    down = subprocess.run(check, env={**env, "PORT": str(port)}, capture_output=True, timeout=60)
    assert down.returncode != 0
    async with FakeSlackAPI() as api, aiohttp.ClientSession() as session:
        env.update(PYTHONPATH=str(ROOT), DISCREET_DB=str(tmp_path / "discreet.db"), DISCREET_SECRET="k" * 32,
                   SLACK_BOT_TOKEN=TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET, SLACK_API_URL=api.base_url,
                   PORT=str(port))
        with open(tmp_path / "slack.log", "wb") as log:
            proc = subprocess.Popen([sys.executable, "-m", "discreet.bots.cli", "slack"], env=env, cwd=tmp_path,
                                    stdout=log, stderr=log)
        try:
            class _P:  # _healthy wants an asyncio process's returncode
                @property
                def returncode(self):
                    return proc.poll()
            await _healthy(session, f"http://127.0.0.1:{port}", _P())
            up = subprocess.run(check, env=env, capture_output=True, timeout=60)
            assert up.returncode == 0, up.stderr
        finally:
            proc.terminate()
            proc.wait(timeout=60)


def test_compose_runs_real_subcommands_on_one_postgresql():
    from discreet.bots.cli import build_parser

    c = _compose()
    services = c["services"]
    assert {"db", "proxy", "telegram"} <= set(services)
    workers = {n: s for n, s in services.items() if s.get("command") and n not in ("db", "proxy")}
    slack = sorted(n for n, s in workers.items() if s["command"] == ["slack"])
    assert len(slack) >= 2 and services["telegram"]["command"] == ["telegram"]
    parser = build_parser()
    env_example = (ROOT / ".env.example").read_text()
    for name, s in workers.items():
        parser.parse_args(s["command"])  # a real subcommand (exits on an unknown one)
        assert s["environment"]["DISCREET_DB"].startswith("postgresql://") and "@db:5432/" in s["environment"]["DISCREET_DB"]
        for var in s["environment"]:
            assert f"# {var}=" in env_example, var  # documented: Discreet reads it
        assert s["depends_on"]["db"]["condition"] == "service_healthy"
    assert services["db"]["environment"]["POSTGRES_DB"] == "discreet"
    assert services["telegram"]["deploy"]["replicas"] == 2  # one polls, one waits (docs/deploy.md)
    # the proxy sends /slack/ to exactly the Slack workers, on the port the image listens on
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    mount = services["proxy"]["volumes"][0].split(":")
    assert (ROOT / mount[0]).resolve() == (ROOT / "deploy" / "nginx.conf").resolve()
    upstreams = re.findall(r"^\s*server ([\w-]+):(\d+)", conf, re.M)
    image_port = re.search(r"PORT=(\d+)", (ROOT / "Dockerfile").read_text()).group(1)
    assert sorted(h for h, _ in upstreams) == slack and {p for _, p in upstreams} == {image_port}
    assert "location /slack/" in conf and "proxy_next_upstream" in conf
