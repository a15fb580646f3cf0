"""Monte Carlo plumbing shared by the models: ``n`` draws split into blocks of seeds, run on
local processes (the payload sent once per process), on a Dask cluster (the payload scattered
once per worker) or in this process. Every draw has its own seed
(``SeedSequence(seed).spawn(n)``), so results depend on the seed only, not on where they run."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Callable

import numpy as np

from tradedeal import lazy
from tradedeal.errors import QueryError

Block = Callable[[Any, list], np.ndarray]  # fn(payload, seeds) -> (len(seeds), ...) array

_KEPT: tuple[Block, Any] | None = None


def _keep(fn: Block, payload) -> None:
    """Worker initializer: the payload travels once per process, not once per task."""
    global _KEPT
    _KEPT = (fn, payload)


def _kept(seeds) -> np.ndarray:
    fn, payload = _KEPT
    return fn(payload, seeds)


def run_blocks(fn: Block, payload, n: int, seed: int, scheduler: str | None = None,
               workers: int | None = None) -> np.ndarray:
    """``fn(payload, seeds)`` over ``n`` seeded draws, concatenated along the first axis.
    ``fn`` must be a module-level function (it is pickled to the workers)."""
    workers = workers or min(os.cpu_count() or 1, 8)
    seeds = np.random.SeedSequence(seed).spawn(n)
    bounds = np.linspace(0, n, max(1, min(n, workers * 4)) + 1).astype(int)
    blocks = [seeds[a:b] for a, b in zip(bounds[:-1], bounds[1:]) if b > a]
    if scheduler:
        try:
            client = lazy.distributed().Client(scheduler, timeout="10s")
        except (OSError, TimeoutError) as exc:
            raise QueryError(f"cannot reach the Dask scheduler at {scheduler} ({exc})",
                             "start the scheduler and its workers, or leave out --scheduler to use local "
                             "processes") from None
        with client:
            shared = client.scatter(payload, broadcast=True)
            parts = client.gather(client.map(fn, [shared] * len(blocks), blocks, pure=False))
    elif workers > 1 and n > 1:
        with ProcessPoolExecutor(max_workers=workers, initializer=_keep, initargs=(fn, payload)) as pool:
            parts = list(pool.map(_kept, blocks))
    else:
        parts = [fn(payload, b) for b in blocks]
    return np.concatenate(parts, axis=0)
