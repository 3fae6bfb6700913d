"""Progress on stderr: a redrawn bar on a terminal; otherwise one line every
``every_files`` files (Slack) or every ``every_messages`` messages, so a log
file stays short."""

from __future__ import annotations

import sys
import time


class Progress:
    def __init__(self, total_files: int, stream=None, *, every_files: int = 500,
                 every_messages: int = 100_000, tty: bool | None = None):
        self.stream = stream if stream is not None else sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self.total_files = total_files
        self.every_files = every_files
        self.every_messages = every_messages
        self.files = 0
        self.messages = 0
        self.fraction: float | None = None
        self.t0 = self.last = time.monotonic()
        self._next_msgs = every_messages

    def rate(self) -> float:
        return self.messages / max(1e-9, time.monotonic() - self.t0)

    def update(self, messages: int = 0, files: int = 0, fraction: float | None = None) -> None:
        self.messages += messages
        self.files += files
        if fraction is not None:
            self.fraction = fraction
        if self.tty:
            now = time.monotonic()
            if now - self.last >= 0.2:
                self.last = now
                self._draw()
        elif (files and self.every_files and self.files % self.every_files == 0 and self.total_files > 1) or (
                self.every_messages and self.messages >= self._next_msgs):
            while self._next_msgs <= self.messages:
                self._next_msgs += self.every_messages
            print(f"discreet audit: {self._status()}", file=self.stream, flush=True)

    def _frac(self) -> float:
        if self.total_files > 1:
            return self.files / self.total_files
        return self.fraction or 0.0

    def _status(self) -> str:
        files = f", {self.files:,}/{self.total_files:,} files" if self.total_files > 1 else ""
        return f"{self.messages:,} messages ({self.rate():,.0f}/s){files}, {self._frac():.0%}"

    def _draw(self) -> None:
        width = 30
        done = int(self._frac() * width)
        self.stream.write(f"\r[{'#' * done}{'.' * (width - done)}] {self._status()}\033[K")
        self.stream.flush()

    def done(self) -> None:
        if self.tty:
            self.fraction = 1.0
            self.files = max(self.files, self.total_files)
            self._draw()
            self.stream.write("\n")
            self.stream.flush()
