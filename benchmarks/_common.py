"""Tiny timing helpers shared by the benchmark scripts (not used by tests)."""

from __future__ import annotations

import statistics
import time
from typing import Callable


def best_and_median(fn: Callable[[], object], repeat: int = 7) -> tuple[float, float]:
    """Run ``fn`` ``repeat`` times; return (best, median) wall seconds."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times), statistics.median(times)


def report(name: str, measured: float, target: float, unit: str = "s") -> bool:
    ok = measured <= target
    print(f"{name}: {measured:.3f} {unit} (target <= {target} {unit}) {'PASS' if ok else 'MISS'}")
    return ok
