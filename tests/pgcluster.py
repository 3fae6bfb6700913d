"""A throwaway PostgreSQL cluster for the tests: ``initdb`` in a temporary
folder, a free loopback port, the unix socket in the same folder, fsync off,
stopped and removed at the end of the session. No server is assumed.

``DISCREET_TEST_PG`` (a ``postgresql://`` URL of a superuser or a role with
CREATEDB) uses an existing server instead. Without PostgreSQL's binaries the
PostgreSQL tests are skipped with the reason, unless
``DISCREET_TEST_PG_REQUIRED=1`` (CI), when they fail.

Run as root (containers), the cluster runs as the ``postgres`` user, as
PostgreSQL requires.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

SUPERUSER = "postgres"
RUNNING: "Cluster | None" = None  # the session's own cluster (None with DISCREET_TEST_PG): its files can be read


def pg_bin() -> Path | None:
    """The folder with initdb and pg_ctl: DISCREET_PG_BIN (only), else Debian's
    newest /usr/lib/postgresql/*/bin, else the PATH."""
    env = os.environ.get("DISCREET_PG_BIN")
    if env:  # this folder or nothing
        return Path(env) if (Path(env) / "initdb").exists() and (Path(env) / "pg_ctl").exists() else None
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2])
                         if p.split("/")[-2].isdigit() else 0, reverse=True)
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(str(Path(on_path).parent))
    for c in candidates:
        if c and (Path(c) / "initdb").exists() and (Path(c) / "pg_ctl").exists():
            return Path(c)
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """A started cluster; ``url`` is a superuser's ``postgresql://`` URL."""

    def __init__(self) -> None:
        self.bin = pg_bin()
        if self.bin is None:
            raise RuntimeError("PostgreSQL's initdb/pg_ctl not found (apt-get install postgresql-15, "
                               "or set DISCREET_TEST_PG to a server's URL)")
        self.as_root = os.geteuid() == 0
        if self.as_root:
            import pwd
            try:
                self._pw = pwd.getpwnam("postgres")
            except KeyError:
                raise RuntimeError("running as root and there is no 'postgres' user to run PostgreSQL as") from None
        self.dir = Path(tempfile.mkdtemp(prefix="discreet-pg-"))
        self.data = self.dir / "data"
        self.log = self.dir / "server.log"
        self.port = _free_port()
        self.url = f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/postgres"
        self.started = False

    def _run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        cmd = [str(self.bin / args[0]), *args[1:]]
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env["LC_ALL"] = "C"
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env, cwd=self.dir)

    def start(self) -> "Cluster":
        try:
            return self._start()
        except BaseException:
            self.stop()
            raise

    def _start(self) -> "Cluster":
        if self.as_root:
            os.chown(self.dir, self._pw.pw_uid, self._pw.pw_gid)
        r = self._run("initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=trust", "--no-locale", "-E", "UTF8",
                      "--no-sync")
        if r.returncode != 0:
            raise RuntimeError(f"initdb failed: {r.stderr.strip()[-500:]}")
        opts = (f"-c port={self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.dir} "
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 "
                "-c shared_buffers=32MB")
        r = self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", opts, "-w", "-t", "60", "start")
        if r.returncode != 0:
            tail = self.log.read_text(errors="replace")[-800:] if self.log.exists() else ""
            raise RuntimeError(f"pg_ctl start failed: {r.stderr.strip()[-300:]} {tail}")
        self.started = True
        return self

    def stop(self) -> None:
        try:
            if self.started:
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop", timeout=60)
        finally:
            self.started = False
            shutil.rmtree(self.dir, ignore_errors=True)


def data_bytes() -> bytes:
    """Every file of the running cluster's data folder (tables, WAL), for
    "no text here"; empty when the server is not ours."""
    if RUNNING is None:
        return b""
    out = []
    for p in sorted(RUNNING.data.rglob("*")):
        if p.is_file():
            try:
                out.append(p.read_bytes())
            except OSError:
                pass
    return b"".join(out)


def required() -> bool:
    return os.environ.get("DISCREET_TEST_PG_REQUIRED", "").lower() in ("1", "true", "yes", "on")
