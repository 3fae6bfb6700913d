"""Load and validate the policy packs under ``policies/``.

A pack is a folder (``policies/identifiers``, ``policies/derogatory``) of TOML
files. Each file may hold ``[[rule]]`` entries and any other tables (lexicons,
cue words, settings) that its detector reads. Big word lists live beside them
as plain ``.txt`` files (one entry a line, ``#`` comments).

Every rule has: ``id`` (unique across all packs), ``detector`` (the module in
``core/detectors`` that runs it), ``kind``, ``severity``, ``section`` (a
guidance section), ``why`` (one line); optionally ``suggestion``, ``target``,
``enabled`` (default true), ``note``, ``source`` and
``examples = {match = [...], no_match = [...]}``. A broken file stops loading
with a ``PolicyError`` naming the file, rule and field.
"""

from __future__ import annotations

import hashlib
import json
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from . import precompiled
from .findings import POLICIES, SECTIONS, SEVERITIES

DEFAULT_ROOT = Path(__file__).resolve().parent.parent / "policies"


def policy_root() -> Path:
    return Path(os.environ.get("DISCREET_POLICIES") or DEFAULT_ROOT)


class PolicyError(ValueError):
    def __init__(self, file: str | Path, rule: str | None, fld: str | None, msg: str):
        where = str(file)
        if rule:
            where += f": rule {rule!r}"
        if fld:
            where += f": field {fld!r}"
        super().__init__(f"{where}: {msg}")
        self.file, self.rule, self.field = str(file), rule, fld


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    policy: str
    detector: str
    kind: str
    severity: str
    section: str
    why: str
    file: str
    data: dict  # the whole TOML table, for detector-specific fields
    suggestion: str | None = None
    target: str | None = None
    enabled: bool = True
    match_examples: tuple[str, ...] = ()
    no_match_examples: tuple[str, ...] = ()

    def fail(self, fld: str, msg: str) -> PolicyError:
        return PolicyError(self.file, self.id, fld, msg)


@dataclass
class Pack:
    name: str  # == policy
    root: Path
    rules: list[Rule] = field(default_factory=list)
    tables: dict = field(default_factory=dict)  # non-rule tables, merged across files
    _lists: dict = field(default_factory=dict, repr=False)  # word lists read so far

    def rules_for(self, detector: str) -> list[Rule]:
        return [r for r in self.rules if r.detector == detector and r.enabled]

    def table(self, name: str, default=None):
        return self.tables.get(name, {} if default is None else default)

    def word_list(self, name: str) -> tuple[str, ...]:
        """Entries of ``<pack>/<name>.txt`` (blank lines and ``#`` comments
        skipped), read once per pack however many detectors ask."""
        if name not in self._lists:
            self._lists[name] = tuple(self._read_list(name))
        return self._lists[name]

    def _read_list(self, name: str) -> list[str]:
        path = self.root / f"{name}.txt"
        if not path.exists():
            raise PolicyError(path, None, None, "word list not found")
        with path.open(encoding="utf-8") as fh:  # text mode: \r\n and \r read as \n
            text = fh.read()
        lines = text.split("\n")
        if "#" in text:
            lines = [line.split("#", 1)[0] if "#" in line else line for line in lines]
        return [line for line in map(str.strip, lines) if line]


_REQUIRED = ("id", "detector", "kind", "severity", "section", "why")


def _rule(table: dict, policy: str, file: Path) -> Rule:
    rid = table.get("id")
    for f in _REQUIRED:
        v = table.get(f)
        if not isinstance(v, str) or not v.strip():
            raise PolicyError(file, rid, f, "is required and must be a non-empty string")
    if table["severity"] not in SEVERITIES:
        raise PolicyError(file, rid, "severity", f"must be one of {', '.join(SEVERITIES)}")
    if table["section"] not in SECTIONS:
        raise PolicyError(file, rid, "section", f"unknown guidance section {table['section']!r}")
    if "\n" in table["why"]:
        raise PolicyError(file, rid, "why", "must be one line")
    for f in ("suggestion", "target", "note", "source"):
        if f in table and not isinstance(table[f], str):
            raise PolicyError(file, rid, f, "must be a string")
    if table.get("target") not in (None, "patient", "colleague", "any"):
        raise PolicyError(file, rid, "target", "must be patient, colleague or any")
    enabled = table.get("enabled", True)
    if not isinstance(enabled, bool):
        raise PolicyError(file, rid, "enabled", "must be true or false")
    ex = table.get("examples", {})
    if not isinstance(ex, dict):
        raise PolicyError(file, rid, "examples", "must be a table")
    for f in ("match", "no_match"):
        v = ex.get(f, [])
        if not isinstance(v, list) or not all(isinstance(s, str) for s in v):
            raise PolicyError(file, rid, f"examples.{f}", "must be a list of strings")
    return Rule(
        id=rid, policy=policy, detector=table["detector"], kind=table["kind"],
        severity=table["severity"], section=table["section"], why=table["why"].strip(),
        file=str(file), data=table, suggestion=table.get("suggestion"),
        target=table.get("target"), enabled=enabled,
        match_examples=tuple(ex.get("match", [])), no_match_examples=tuple(ex.get("no_match", [])),
    )


def _read_toml(file: Path) -> dict:
    """The parsed file; the parse of the same bytes is kept between runs as
    JSON (core/precompiled.py), when it holds only JSON's types."""
    raw = file.read_bytes()

    def parse():
        doc = tomllib.loads(raw.decode("utf-8"))
        try:
            text = json.dumps(doc, ensure_ascii=False, allow_nan=False)
        except (TypeError, ValueError):  # a date or time, an inf or nan: not kept
            return None
        return text if json.loads(text) == doc else None
    text = precompiled.memo("toml", hashlib.sha256(raw).hexdigest(), parse)
    return json.loads(text) if text is not None else tomllib.loads(raw.decode("utf-8"))


def load_pack(name: str, root: Path | None = None) -> Pack:
    root = (root or policy_root()) / name
    pack = Pack(name=name, root=root)
    if not root.is_dir():
        raise PolicyError(root, None, None, "policy pack folder not found")
    for file in sorted(root.glob("*.toml")):
        try:
            doc = _read_toml(file)
        except tomllib.TOMLDecodeError as e:
            raise PolicyError(file, None, None, f"not valid TOML: {e}") from None
        rules = doc.pop("rule", [])
        if not isinstance(rules, list):
            raise PolicyError(file, None, "rule", "must be an array of tables ([[rule]])")
        for t in rules:
            pack.rules.append(_rule(t, name, file))
        for k, v in doc.items():
            if k in pack.tables and isinstance(v, dict) and isinstance(pack.tables[k], dict):
                pack.tables[k] = {**pack.tables[k], **v}
            else:
                pack.tables[k] = v
    return pack


def load_packs(root: Path | None = None) -> dict[str, Pack]:
    packs = {p: load_pack(p, root) for p in POLICIES}
    seen: dict[str, str] = {}
    for pack in packs.values():
        for r in pack.rules:
            if r.id in seen:
                raise PolicyError(r.file, r.id, "id", f"duplicate rule id (also in {seen[r.id]})")
            seen[r.id] = r.file
    return packs
