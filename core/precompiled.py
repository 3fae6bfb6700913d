"""The slow, pure steps of loading the policy packs, done once and kept
between runs (as Python keeps ``.pyc`` files).

Loading reads ~1,300 patterns; ``re`` parses and compiles them in pure Python
(only its matcher is C), and the derogatory detector works out each term's
literal prefixes. Every result kept here is a pure function of its input
string and of the code that computed it, and is filed under that input:

* ``compile(pattern, flags)``: the compiled program of a regex (what
  ``re.compile`` hands to the C matcher), filed under the pattern and its
  flags; the file's tag names the interpreter build and its regex engine
  version (``_sre.MAGIC``), so another Python never reads it;
* ``memo(namespace, key, fn, version)``: any other derived value (JSON), filed
  under its input and the version (a hash of the code computing it).

A pattern edited in a policy file is simply a new key (the old entry goes at
the next save); a change of the engine's code changes ``version``. A
damaged or foreign file fails its checksum and is ignored; a program that the
C matcher refuses is compiled afresh. So the cache can make loading faster,
never different. Only policy patterns and values derived from them are
stored: never a message.

Where: ``$DISCREET_CACHE_DIR``, else ``$XDG_CACHE_HOME/discreet``, else
``~/.cache/discreet``. ``DISCREET_CACHE=off`` turns it off (so does a
directory that cannot be written): loading is then slower, never different.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import sys
import tempfile
import threading
from array import array
from pathlib import Path

try:
    import _sre
    from re import _compiler as _sre_compiler, _parser as _sre_parser
except ImportError:  # pragma: no cover - another Python: no program cache
    _sre = None

_FORMAT = 2  # 2: programs carry the first-character set (_first_chars)
# a program is kept as the bytes of an array of code words (compact, quick to read back)
_WORD = next((t for t in "IL" if _sre is not None and array(t).itemsize == _sre.CODESIZE), None)
_TAG = hashlib.sha256(repr((_FORMAT, sys.version, sys.implementation.name, sys.maxunicode,
                            getattr(_sre, "MAGIC", None), getattr(_sre, "CODESIZE", None))).encode()).hexdigest()[:16]


def cache_dir() -> Path | None:
    if os.environ.get("DISCREET_CACHE", "").lower() in ("off", "0", "no", "false"):
        return None
    d = os.environ.get("DISCREET_CACHE_DIR")
    if d:
        return Path(d)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "discreet"


class _Store:
    def __init__(self):
        self.path: Path | None = None
        self.entries: dict[str, object] = {}
        self.used: dict[str, object] = {}
        self.loaded = False
        self.dirty = False
        self.lock = threading.Lock()  # a checker built in one thread while another compiles a term

    def _load(self) -> None:
        self.loaded = True
        d = cache_dir()
        if d is None:
            return
        self.path = d / f"precompiled-{_TAG}.json"
        try:
            raw = self.path.read_bytes()
        except OSError:
            return
        head, _, body = raw.partition(b"\n")
        if head.decode("ascii", "replace") != hashlib.sha256(body).hexdigest():
            return  # damaged or half-written: ignored (rewritten at the next save)
        try:
            doc = json.loads(body)
        except ValueError:
            return
        if isinstance(doc, dict) and doc.get("tag") == _TAG and isinstance(doc.get("entries"), dict):
            self.entries = doc["entries"]

    def get(self, key: str):
        if not self.loaded:
            with self.lock:
                if not self.loaded:
                    self._load()
        v = self.entries.get(key)
        if v is not None:
            self.used[key] = v
        return v

    def put(self, key: str, value) -> None:
        if not self.loaded:
            with self.lock:
                if not self.loaded:
                    self._load()
        with self.lock:
            self.entries[key] = value
            self.used[key] = value
            self.dirty = True

    def save(self) -> None:
        with self.lock:
            if not self.dirty or self.path is None:
                return
            self.dirty = False
            # what this process used, then older entries (other policy
            # folders, earlier versions) up to as many again: stale ones go
            entries = dict(self.used)
            room = len(self.used) + 100
            for k, v in self.entries.items():
                if room <= 0:
                    break
                if k not in entries:
                    entries[k] = v
                    room -= 1
        body = json.dumps({"tag": _TAG, "entries": entries}, separators=(",", ":")).encode()
        data = hashlib.sha256(body).hexdigest().encode() + b"\n" + body
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".precompiled-")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                os.replace(tmp, self.path)
            except BaseException:
                os.unlink(tmp)
                raise
        except OSError:
            self.path = None  # read-only or full: run without saving


_store = _Store()


def memo(namespace: str, key: str, fn, version: str = ""):
    """``fn()`` (a JSON value; None is not kept), filed under ``key``."""
    k = f"{namespace}\0{version}\0{key}"
    v = _store.get(k)
    if v is None:
        v = fn()
        if v is not None:
            _store.put(k, v)
    return v


def text_key(parts) -> str:
    """A short key for a long input (a word list, a set of keys)."""
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def source_version(path: str | Path) -> str:
    """A version for values computed by the code in ``path``: a hash of it."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]


def compile(pattern: str, flags: int = 0) -> re.Pattern:  # noqa: A001 - mirrors re.compile
    """``re.compile(pattern, flags)``, from the kept program when there is one."""
    flags = int(flags)
    if _WORD is None or not isinstance(pattern, str) or flags & re.DEBUG:
        return re.compile(pattern, flags)
    k = f"sre\0{flags}\0{pattern}"
    v = _store.get(k)
    if v is not None:
        try:
            final_flags, code, groups, groupindex, indexgroup = v
            code = array(_WORD, base64.b64decode(code)).tolist()
            return _sre.compile(pattern, final_flags, code, groups, groupindex, tuple(indexgroup))
        except Exception:  # noqa: BLE001 - a program the matcher refuses: compile afresh
            pass
    # what re._compiler.compile does, keeping the program
    try:
        p = _sre_parser.parse(pattern, flags)
        code = _sre_compiler._code(p, flags)
        code = _first_chars(code, p, flags | p.state.flags)
        groupindex = dict(p.state.groupdict)
        indexgroup = [None] * p.state.groups
        for name, i in groupindex.items():
            indexgroup[i] = name
        rx = _sre.compile(pattern, flags | p.state.flags, code, p.state.groups - 1, groupindex, tuple(indexgroup))
    except re.error:
        raise
    except Exception:  # noqa: BLE001 - internals of another Python: no cache
        return re.compile(pattern, flags)
    packed = base64.b64encode(array(_WORD, code).tobytes()).decode("ascii")
    _store.put(k, [flags | p.state.flags, packed, p.state.groups - 1, groupindex, indexgroup])
    return rx


def _first_chars(code: list, parsed, flags: int) -> list:
    """``code`` told which characters a match can start with, where ``re``
    could not tell (a pattern opening with a look-around, a case-insensitive
    class): ``re`` then searches by trying the whole pattern at every
    position; with the set in the program's info block (as ``re`` itself
    writes it for a pattern opening with a plain class) the matcher skips
    every position whose character is not in the set at once, and tries the
    same pattern at the others: the same matches.

    The set is the pattern's possible first characters (``rxguard``'s
    reading: look-arounds and anchors consume nothing; anything it cannot
    tell exactly leaves ``code`` unchanged): each ASCII character is tested
    against them with the pattern's own flags (so case folding is exactly
    the pattern's), and every non-ASCII character is let through."""
    from . import rxguard  # (rxguard keeps its guards here: imported late)

    if code[:1] != [_sre_compiler.INFO] or code[2] != 0 or code[3] == 0 or flags & re.LOCALE:
        return code  # re found a prefix or a set itself, or a match may be empty
    data = list(parsed)
    if not data or data[0][0] is rxguard._C.AT:
        return code  # anchored ("^..."): re rejects the other positions at once already
    try:
        chars, nullable = rxguard._first_seq(tuple(data))
    except (rxguard._Unknown, RecursionError):
        return code
    if nullable or not chars:
        return code
    try:
        one = re.compile("[" + "".join(sorted(chars)) + "]", flags & ~re.VERBOSE)
    except re.error:
        return code
    ascii_ = [c for c in range(128) if one.match(chr(c))]
    if len(ascii_) == 128:
        return code  # every position is a candidate: nothing to skip
    items = [(_sre_compiler.LITERAL, c) for c in ascii_] + [(_sre_compiler.RANGE, (128, sys.maxunicode))]
    charset, hascased = _sre_compiler._optimize_charset(items)
    if hascased:
        return code
    info = [_sre_compiler.INFO, 0, _sre_compiler.SRE_INFO_CHARSET, code[3], code[4]]
    _sre_compiler._compile_charset(charset, flags, info)
    info[1] = len(info) - 1
    return info + code[code[1] + 1:]


def reload() -> None:
    """Forget what was read or derived (the next use reads the file again):
    after the cache directory changes, and for tests."""
    global _store
    _store = _Store()


def save() -> None:
    """Write what this process derived and the file lacked (atomically)."""
    _store.save()
