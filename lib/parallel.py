"""Run the same per-item function serially, on local processes, or on a Dask cluster.

The build maps one function over input files (and the tagging stages over
batches of messages); this module decides where that map runs. Results come
back in input order whatever the engine, so every engine gives the same tables.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Callable, Iterable, Iterator, Sequence


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
    items = list(items)
    if not items:
        return []
    if scheduler:
        with dask_client(scheduler) as client:
            futures = client.map(function, items, *[[a] * len(items) for a in args], pure=False, **kwargs)
            if progress:
                from dask.distributed import progress as dask_progress
                dask_progress(futures)
            return client.gather(futures)
    if workers > 1 and len(items) > 1:
        with ProcessPoolExecutor(max_workers=min(workers, len(items))) as pool:
            futures = [pool.submit(function, item, *args, **kwargs) for item in items]
            return [f.result() for f in _progress(futures, progress, description)]
    return [function(item, *args, **kwargs) for item in _progress(items, progress, description)]


def _progress(items: Iterable, enabled: bool, description: str) -> Iterable:
    if not enabled:
        return items
    from tqdm.auto import tqdm

    return tqdm(items, desc=description, unit="file")
