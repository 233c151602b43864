"""Executors for ``summarizer.batch``: run one function over many tasks, in parallel, results as they finish.

``local``: a process pool on this machine (``workers`` processes; 1 runs in
this process). ``ray``: Ray tasks, on a local Ray runtime with ``workers``
CPUs, or on the cluster at ``address`` (``ray.init(address=...)``); the
optional extra ``[scale]`` installs Ray. At most ``window`` tasks are in
flight at once in either case: that bounds memory (tasks are submitted as
results come back) and, with the LLM engine, the calls made at once across
every worker (one story's calls run one after another inside its task).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from typing import Any, TypeVar

from summarizer.errors import ConfigError

T = TypeVar("T")
R = TypeVar("R")

EXECUTORS = ("local", "ray")


def run_tasks(
    fn: Callable[[T], R], tasks: Iterable[T], *, executor: str = "local", workers: int = 1,
    window: int | None = None, address: str | None = None,
) -> Iterator[R]:
    """``fn(task)`` for every task, yielded in completion order (not input order).

    ``fn`` must be a module-level function (it is pickled to the workers).
    Raises ConfigError for an unknown executor, or for ``ray`` when Ray is not
    installed (naming the extra). An exception inside ``fn`` propagates: wrap
    the work so a task returns its failure instead when the rest must go on.
    """
    workers = max(1, workers)
    window = max(1, window or 2 * workers)
    if executor == "local":
        yield from _local(fn, tasks, workers, window)
    elif executor == "ray":
        yield from _ray(fn, tasks, workers, window, address)
    else:
        raise ConfigError(f"unknown executor {executor!r} (choose {', '.join(EXECUTORS)})")


def _local(fn: Callable[[T], R], tasks: Iterable[T], workers: int, window: int) -> Iterator[R]:
    if workers == 1:
        for task in tasks:
            yield fn(task)
        return
    pending: set[Future[R]] = set()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for task in tasks:
            pending.add(pool.submit(fn, task))
            if len(pending) >= window:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for f in done:
                    yield f.result()
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for f in done:
                yield f.result()


def ray_module() -> Any:
    """The ``ray`` module, or ConfigError saying which extra installs it."""
    try:
        import ray
    except ImportError as e:
        raise ConfigError(
            "--executor ray needs Ray: pip install 'cited-briefing[scale]' (or pip install 'ray[data]')"
        ) from e
    return ray


@contextmanager
def session(executor: str, workers: int = 1, address: str | None = None) -> Iterator[None]:
    """Keep one Ray runtime for every ``run_tasks`` call inside the block (nothing to do for 'local').

    Starts a local runtime with ``workers`` CPUs, or joins the cluster at
    ``address``; shuts down only what it started.
    """
    if executor != "ray":
        yield
        return
    ray = ray_module()
    started_here = False
    if not ray.is_initialized():
        options = {"log_to_driver": False, "logging_level": logging.ERROR}
        if address:
            ray.init(address=address, **options)
        else:
            ray.init(num_cpus=max(1, workers), include_dashboard=False, **options)
        started_here = True
    try:
        yield
    finally:
        if started_here:
            ray.shutdown()


def _ray(fn: Callable[[T], R], tasks: Iterable[T], workers: int, window: int, address: str | None) -> Iterator[R]:
    ray = ray_module()
    with session("ray", workers, address):
        remote = ray.remote(num_cpus=1, max_retries=0)(fn)
        pending: list[Any] = []
        for task in tasks:
            pending.append(remote.remote(task))
            if len(pending) >= window:
                done, pending = ray.wait(pending, num_returns=1)
                for ref in done:
                    yield ray.get(ref)
        while pending:
            done, pending = ray.wait(pending, num_returns=1)
            for ref in done:
                yield ray.get(ref)
