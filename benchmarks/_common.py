"""Timing helpers shared by the benchmark scripts (not used by tests).

Machines of this project's kind differ by a factor of three from session to session, so every
target is a ratio to a floor measured in the same run: :func:`floor_numpy` (a new Python
process that imports NumPy) for commands, or a reference operation on the same data (for
example pyarrow writing the same table). Each benchmark prints both seconds and the ratio.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable


def best_and_median(fn: Callable[[], object], repeat: int = 7) -> tuple[float, float]:
    """Run ``fn`` ``repeat`` times; return (best, median) wall seconds."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times), statistics.median(times)


_FLOOR: list[float] = []


def machine_floor() -> float:
    """Median of 5 runs of ``python -c "import numpy"`` in this run: the yardstick every timing is
    also given against (machines of this kind differ by a factor of three between sessions)."""
    if not _FLOOR:
        _FLOOR.append(statistics.median(run_process(FLOOR_CMD) for _ in range(5)))
    return _FLOOR[0]


def report(name: str, measured: float, target: float, unit: str = "s") -> bool:
    """Print a figure against its target; a time also as a ratio to :func:`machine_floor`."""
    ok = measured <= target
    ratio = ""
    if unit in ("s", "ms"):
        floor = machine_floor()
        seconds = measured / 1000 if unit == "ms" else measured
        ratio = f"; {seconds / floor:.3g} x the floor of python -c 'import numpy' ({floor:.3f} s)"
    print(f"{name}: {measured:.3f} {unit} (target <= {target} {unit}){ratio} {'PASS' if ok else 'MISS'}")
    return ok


def report_ratio(name: str, seconds: float, floor: float, target: float, floor_name: str) -> bool:
    """Print seconds, the floor and their ratio against a target ratio."""
    ratio = seconds / floor
    ok = ratio <= target
    print(f"{name}: {seconds:.3f} s = {ratio:.2f} x {floor_name} ({floor:.3f} s); target <= {target} x "
          f"{'PASS' if ok else 'MISS'}")
    return ok


def tradedeal_exe() -> str:
    return shutil.which("tradedeal", path=str(Path(sys.executable).parent)) or "tradedeal"


def run_process(args: list[str], env: dict | None = None) -> float:
    """Wall seconds of one new process."""
    t0 = time.perf_counter()
    subprocess.run(args, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


FLOOR_CMD = [sys.executable, "-c", "import numpy"]


def interleaved(commands: dict[str, list[str]], env: dict, rounds: int = 9) -> dict[str, float]:
    """Median wall seconds of each command and of the floor (``python -c "import numpy"``),
    the runs interleaved round by round so that a slow spell of the machine hits all alike."""
    times: dict[str, list[float]] = {"floor": [], **{k: [] for k in commands}}
    for _ in range(rounds):
        times["floor"].append(run_process(FLOOR_CMD, env))
        for name, args in commands.items():
            times[name].append(run_process(args, env))
    return {k: statistics.median(v) for k, v in times.items()}


def bench_home(prefix: str) -> tuple[str, dict]:
    import tempfile

    home = tempfile.mkdtemp(prefix=prefix)
    return home, {**os.environ, "TRADEDEAL_HOME": home}
