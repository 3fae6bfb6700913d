"""An export as a tree of files, whether a folder or a zip: list names, open
one member at a time (zip members are read member by member, never all
extracted)."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path
from typing import IO


class ExportError(Exception):
    """The export as a whole cannot be read (exit code 2)."""


class Container:
    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self.zip: zipfile.ZipFile | None = None
        if self.path.is_dir():
            return
        if not self.path.exists():
            raise ExportError(f"{self.path}: no such file or folder")
        if zipfile.is_zipfile(self.path):
            try:
                self.zip = zipfile.ZipFile(self.path)
            except (zipfile.BadZipFile, OSError) as e:
                raise ExportError(f"{self.path}: unreadable zip ({type(e).__name__})") from None

    @property
    def is_file(self) -> bool:
        return self.zip is None and not self.path.is_dir()

    def names(self) -> list[str]:
        """Every file, as a POSIX path relative to the export's root."""
        if self.zip is not None:
            return [i.filename for i in self.zip.infolist() if not i.is_dir()]
        if self.is_file:
            return [self.path.name]
        out = []
        for dirpath, _, files in os.walk(self.path):
            rel = Path(dirpath).relative_to(self.path)
            out.extend((rel / f).as_posix() for f in files)
        return out

    def open(self, name: str) -> IO[bytes]:
        if self.zip is not None:
            return self.zip.open(name)
        if self.is_file:
            return open(self.path, "rb")
        return open(self.path / name, "rb")

    def size(self, name: str) -> int:
        if self.zip is not None:
            return self.zip.getinfo(name).file_size
        if self.is_file:
            return self.path.stat().st_size
        return (self.path / name).stat().st_size

    def read(self, name: str) -> bytes:
        with self.open(name) as fh:
            return fh.read()

    def close(self) -> None:
        if self.zip is not None:
            self.zip.close()


def root_of(names: list[str], markers: tuple[str, ...]) -> str | None:
    """The folder (prefix ending in "/", or "") holding one of ``markers``;
    zips often wrap the export in a top folder. Shallowest wins."""
    best = None
    for n in names:
        head, _, base = n.rpartition("/")
        if base in markers and not n.startswith("__MACOSX/"):
            prefix = head + "/" if head else ""
            if best is None or prefix.count("/") < best.count("/"):
                best = prefix
    return best


def export_root(box: Container, names: list[str], markers: tuple[str, ...], path) -> str | None:
    """``root_of``, refusing an export that sits deep below what was given: a
    folder must hold the export itself, a zip the export or one top folder
    around it. Auditing whatever is found somewhere below would audit
    something the user may not have meant; the error names what was found."""
    root = root_of(names, markers)
    if root is None:
        return None
    if root.count("/") > (1 if box.zip is not None else 0):
        marker = next(n for n in names if n.startswith(root) and n[len(root):] in markers)
        raise ExportError(f"{path}: no export at its top; one was found below, at {marker}: "
                          "audit that folder instead")
    return root
