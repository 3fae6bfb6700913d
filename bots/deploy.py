"""Start-up checks of where the database lives: a deployment that loses its
state (switched-off channels come back on, the audit log starts again) says
so at start, in a warning that names the fix (docs/deploy.md).

- ``ephemeral_reason(path)``: the database sits on storage that does not
  survive a restart: under /tmp, /var/tmp or /dev/shm, on a tmpfs, in a
  container's own writable layer (overlay: gone when the container is
  replaced), or on Heroku (``DYNO`` is set: every dyno has its own disk,
  wiped at each restart).
- ``claim(path)``: a lock file beside the database (``<db>.lock``, holding the
  pid). When another process holds it, two processes share the database; that
  works on one machine (SQLite in WAL mode) but on platforms that give each
  process its own disk, each has its own copy: run one process
  (``discreet run``) instead.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path
from typing import Mapping

log = logging.getLogger("discreet.deploy")

EPHEMERAL_DIRS = ("/tmp", "/var/tmp", "/dev/shm")
EPHEMERAL_FS = {"tmpfs": "a tmpfs (memory, cleared at reboot)", "ramfs": "a ramfs (memory, cleared at reboot)",
                "overlay": "the container's own writable layer (lost when the container is replaced; "
                           "mount a volume)"}
DOC = "see docs/deploy.md"

_held: dict[str, int] = {}  # database path -> the lock file's descriptor, for this process's lifetime


def _mounts(mountinfo: str) -> list[tuple[str, str]]:
    """(mount point, file system type) pairs from /proc/self/mountinfo text."""
    out = []
    for line in mountinfo.splitlines():
        left, sep, right = line.partition(" - ")
        fields = left.split()
        if sep and len(fields) >= 5 and right.split():
            out.append((fields[4].replace("\\040", " "), right.split()[0]))
    return out


def _fs_type(path: Path, mountinfo: str | None) -> str | None:
    if mountinfo is None:
        try:
            mountinfo = Path("/proc/self/mountinfo").read_text()
        except OSError:
            return None
    best, fstype = "", None
    p = str(path)
    for point, fs in _mounts(mountinfo):
        if (p == point or p.startswith(point.rstrip("/") + "/")) and len(point) >= len(best):
            best, fstype = point, fs
    return fstype


def ephemeral_reason(db_path: str | Path, environ: Mapping[str, str] | None = None,
                     mountinfo: str | None = None) -> str | None:
    """Why the database at ``db_path`` will not survive a restart, or None."""
    env = os.environ if environ is None else environ
    if str(db_path) == ":memory:":
        return "the database is in memory and is lost when the process stops"
    if env.get("DYNO"):
        return ("this runs on Heroku (DYNO is set): a dyno's disk is wiped at every restart, at least daily, "
                "and is not shared between dynos, so settings and the audit log are lost")
    path = Path(db_path).expanduser().resolve()
    for d in {*EPHEMERAL_DIRS, tempfile.gettempdir()}:
        if path == Path(d) or Path(d) in path.parents:
            return f"{path} is under {d}, which is cleared at reboot"
    fs = _fs_type(path, mountinfo)
    if fs in EPHEMERAL_FS:
        return f"{path} is on {EPHEMERAL_FS[fs]}"
    return None


def claim(db_path: str | Path) -> str | None:
    """Take ``<db>.lock`` for this process; the reason to warn when another
    process already holds it, else None. Held until ``release`` or exit."""
    if str(db_path) == ":memory:":
        return None
    import fcntl

    path = Path(db_path).expanduser().resolve()
    key = str(path)
    if key in _held:
        return None
    lock = path.with_name(path.name + ".lock")
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        return None  # the database's own error, if any, is reported when it opens
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        try:
            other = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
        finally:
            os.close(fd)
        return (f"another process (pid {other}) is using {path}: on one machine this works, but where each "
                "process has its own disk (Heroku dynos, separate containers) each has its own copy and "
                "settings diverge; run one process (discreet run starts Slack and Telegram together)")
    os.ftruncate(fd, 0)
    os.pwrite(fd, str(os.getpid()).encode(), 0)
    _held[key] = fd
    return None


def release(db_path: str | Path) -> None:
    if str(db_path).startswith(("postgresql://", "postgres://")):
        return
    key = str(Path(db_path).expanduser().resolve())
    fd = _held.pop(key, None)
    if fd is not None:
        os.close(fd)  # closing the descriptor drops the lock


def check_database(db_path: str | Path, environ: Mapping[str, str] | None = None) -> list[str]:
    """Claim the database and return the start-up warnings (also logged).
    PostgreSQL (a ``postgresql://`` URL) is shared by design: nothing to warn."""
    from .store import is_postgres_url

    if is_postgres_url(db_path):
        return []
    warnings = []
    reason = ephemeral_reason(db_path, environ)
    if reason:
        warnings.append(f"DISCREET_DB: {reason}; a persistent deployment keeps the database on a disk or "
                        f"volume that survives restarts ({DOC})")
    shared = claim(db_path)
    if shared:
        warnings.append(f"DISCREET_DB: {shared} ({DOC})")
    for w in warnings:
        log.warning("%s", w)
    return warnings
