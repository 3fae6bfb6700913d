"""Checking on several cores without losing the stream.

The reader stays in this process; texts go to worker processes in batches,
with at most ``2 * jobs`` batches in flight, so memory stays bounded however
fast the reader is (``multiprocessing.Pool.imap`` would drain the whole
export into its queue). Results come back in order. A worker returns
``Hit(policy, kind, rule, severity)`` per finding: the offsets and the text
stay behind.
"""

from __future__ import annotations

from collections import deque
from concurrent.futures import ProcessPoolExecutor
from typing import Iterable, Iterator, NamedTuple

BATCH = 256


class Hit(NamedTuple):
    policy: str
    kind: str
    rule: str
    severity: str


_ctx = None


def _init(staff: frozenset[str]) -> None:
    global _ctx
    from discreet.core import Context, default_checker

    default_checker()
    _ctx = Context.make(staff_names=staff)


def _check(texts: list[str]) -> list[list[Hit]]:
    from discreet.core import check

    return [[Hit(f.policy, f.kind, f.rule, f.severity) for f in check(t, _ctx)] for t in texts]


def check_stream(items: Iterable, text_of, staff, jobs: int) -> Iterator[tuple[object, list]]:
    """Yield ``(item, findings)`` for every item, in order. ``text_of(item)``
    gives the text to check, or None to pass the item through unchecked
    (its findings are then None)."""
    with ProcessPoolExecutor(jobs, initializer=_init, initargs=(frozenset(staff),)) as ex:
        inflight: deque = deque()
        batch_items, batch_texts = [], []

        def drain(limit):
            while len(inflight) > limit:
                its, fut = inflight.popleft()
                res = iter(fut.result())
                for it, has_text in its:
                    yield it, (next(res) if has_text else None)

        for it in items:
            t = text_of(it)
            batch_items.append((it, t is not None))
            if t is not None:
                batch_texts.append(t)
            if len(batch_texts) >= BATCH or len(batch_items) >= 4 * BATCH:
                inflight.append((batch_items, ex.submit(_check, batch_texts)))
                batch_items, batch_texts = [], []
                yield from drain(2 * jobs)
        if batch_items:
            inflight.append((batch_items, ex.submit(_check, batch_texts)))
        yield from drain(0)
