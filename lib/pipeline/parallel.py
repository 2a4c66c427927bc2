"""Run the same per-item function serially, on local processes, or on a Dask cluster.

The build maps one function over input files (and the tagging stages over
batches of messages); this module decides where that map runs. Results come
back in input order whatever the engine, so every engine gives the same tables.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Callable, Iterable, Iterator, Sequence

#: Items an isolated worker process handles before a fresh one replaces it.
TASKS_PER_WORKER = 8


def available_cores() -> int:
    """Cores this process may use (respects CPU affinity and container limits)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@contextmanager
def dask_client(scheduler: str) -> Iterator:
    """A Dask client: ``"local"`` starts a LocalCluster on this machine, else an address."""
    import dask
    from dask.distributed import Client, LocalCluster

    # Workers start Tesseract processes for scanned pages: they must not be daemons.
    dask.config.set({"distributed.worker.daemon": False})
    if scheduler == "local":
        with LocalCluster(n_workers=available_cores(), threads_per_worker=1, processes=True,
                          dashboard_address=None) as cluster, Client(cluster) as client:
            yield client
    else:
        with Client(scheduler) as client:
            yield client


def ordered_map(function: Callable, items: Sequence, *args, workers: int = 1, scheduler: str | None = None,
                progress: bool = False, description: str = "", **kwargs) -> list:
    """``[function(item, *args, **kwargs) for item in items]``, possibly in parallel.

    ``scheduler`` (a Dask address or ``"local"``) wins over ``workers``; with
    neither, items run in this process. Order is always the input order.
    """
    return list(ordered_imap(function, items, *args, workers=workers, scheduler=scheduler, progress=progress,
                             description=description, **kwargs))


def ordered_imap(function: Callable, items: Iterable, *args, workers: int = 1, scheduler: str | None = None,
                 progress: bool = False, description: str = "", isolate: bool = False, **kwargs) -> Iterator:
    """Like ``ordered_map``, but yields results in input order as they are ready.

    At most twice as many items as there are workers are in flight, so neither
    the items (which may come from a generator) nor the results pile up in
    memory. ``isolate`` runs even a single worker, in a fresh child process,
    so what the function loads (a language model) never stays in this one.
    """
    items = _progress(items, progress, description)
    if scheduler:
        with dask_client(scheduler) as client:
            window = 2 * max(1, sum(client.nthreads().values()))
            yield from _windowed(lambda item: client.submit(function, item, *args, pure=False, **kwargs),
                                 items, window, lambda future: future.result())
        return
    if workers > 1 or isolate:
        # Isolated workers start from a fresh interpreter: forked ones would count this process's memory as
        # theirs. They are replaced after a few items, because a spaCy model's string store grows with every
        # new word it sees.
        options = ({"mp_context": multiprocessing.get_context("spawn"), "max_tasks_per_child": TASKS_PER_WORKER}
                   if isolate else {})
        with ProcessPoolExecutor(max_workers=max(1, workers), **options) as pool:
            yield from _windowed(lambda item: pool.submit(function, item, *args, **kwargs), items,
                                 2 * max(1, workers), lambda future: future.result())
        return
    for item in items:
        yield function(item, *args, **kwargs)


def in_fresh_process(function: Callable, *args, isolate: bool = True, **kwargs):
    """``function(*args, **kwargs)`` in a new interpreter, so the memory it uses is returned when it ends.

    Exceptions come back as they were raised; the function and its arguments
    must be importable and picklable. With ``isolate`` False it runs in this process.
    """
    if not isolate:
        return function(*args, **kwargs)
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(function, *args, **kwargs).result()


def _windowed(submit: Callable, items: Iterable, window: int, result: Callable) -> Iterator:
    pending: deque = deque()
    for item in items:
        pending.append(submit(item))
        if len(pending) >= window:
            yield result(pending.popleft())
    while pending:
        yield result(pending.popleft())


def _progress(items: Iterable, enabled: bool, description: str) -> Iterable:
    if not enabled:
        return items
    from tqdm.auto import tqdm

    return tqdm(items, desc=description, unit="file")
