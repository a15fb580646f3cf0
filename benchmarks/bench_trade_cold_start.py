"""Target (issue 2): cold start of `tradedeal trade --importer USA --exporter IND --by hs2` <= 1.5 s.

Each run is a new process (the console script), so imports, the checksum check
and the query are all counted. The store lives in a temporary TRADEDEAL_HOME
that already exists (first-ever use also creates the DuckDB file; reported separately).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import report

CMD = ["trade", "--importer", "USA", "--exporter", "IND", "--by", "hs2", "--format", "csv"]


def run_once(exe: str, env: dict) -> float:
    t0 = time.perf_counter()
    subprocess.run([exe, *CMD], env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main() -> None:
    exe = shutil.which("tradedeal", path=str(Path(sys.executable).parent)) or "tradedeal"
    home = tempfile.mkdtemp(prefix="tradedeal-bench-")
    env = {**os.environ, "TRADEDEAL_HOME": home}
    first = run_once(exe, env)
    runs = sorted(run_once(exe, env) for _ in range(7))
    print(f"first-ever run (creates the store): {first:.3f} s")
    print(f"cold-start runs: best {runs[0]:.3f} s, median {runs[3]:.3f} s, worst {runs[-1]:.3f} s")
    report("trade --by hs2 cold start (median of 7)", runs[3], 1.5)
    shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
