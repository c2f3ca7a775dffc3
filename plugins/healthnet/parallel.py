"""Work spread over every core: forked processes, each running a batch of a task list.

Workers are forked, so they see the parent's objects as the parent left them (the network,
the plan, the Jinja environment) without copying them over a pipe; only each batch's
results travel back. Results come back in task order, whatever order the workers finish in.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator

_task: Callable | None = None


def cpu_count() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


def _run(bounds: tuple[int, int]) -> list:
    return [_task(index) for index in range(*bounds)]


def _yielding(niceness: int) -> None:
    """A worker's start: below the processes it shares the cores with, by ``niceness``."""
    with contextlib.suppress(OSError):
        os.nice(niceness)


def batches(
    task: Callable[[int], object],
    count: int,
    processes: int,
    batch: int,
    minimum: int,
    niceness: int = 0,
) -> Iterator[list]:
    """``task(0)`` ... ``task(count - 1)``, as lists of results in order. In this process
    when there is one core or too little work to be worth a fork. The workers run
    ``niceness`` below the parent (and what it starts) where they compete for a core."""
    global _task
    if processes <= 1 or count < minimum:
        for start in range(0, count, batch):
            yield [task(index) for index in range(start, min(start + batch, count))]
        return
    _task = task
    bounds = [(start, min(start + batch, count)) for start in range(0, count, batch)]
    gc.freeze()  # the workers share the parent's objects instead of copying them
    try:
        with multiprocessing.get_context("fork").Pool(
            processes, initializer=_yielding if niceness else None, initargs=(niceness,)
        ) as pool:
            yield from pool.imap(_run, bounds)
    finally:
        gc.unfreeze()
        _task = None
