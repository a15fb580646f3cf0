"""Target (issue 11): the dependency screen over all US imports (18.6k HS10 x 233 partners) for
every product group, warm, at most 3 times the time needed to read that import table.

Floor: reading the shipped import table (the columns the screen uses, checksum-verified Parquet
into pandas), measured in the same run, interleaved with the screen so that a slow spell of the
machine hits both alike. Warm: the regime compiled and the table, group membership and the
partner's exports kept in the process, as a notebook or service would run a second screen.
"""

from __future__ import annotations

import statistics
import time

from _common import report_ratio


def main() -> None:
    from tradedeal import datasets
    from tradedeal.codes.groups import groups
    from tradedeal.statistics.dependency import dependency

    names = sorted(groups())
    t0 = time.perf_counter()
    r = dependency("USA", names, "IND", "2026-03-01", "line", ["pax_silica", "quad", "msp", "us_fta"])
    cold = time.perf_counter() - t0
    rows = datasets.info("us_imports_2024").rows
    print(f"US imports: {rows:,} line-supplier rows; {len(names)} groups, {len(r.lines.frame):,} group x line rows; "
          f"first screen in the process (regime compiled, table read): {cold:.2f} s")
    floor, screen = [], []
    for _ in range(9):
        t = time.perf_counter()
        datasets.load("us_imports_2024", columns=["hs10", "exporter", "year", "value_usd"])
        floor.append(time.perf_counter() - t)
        t = time.perf_counter()
        dependency("USA", names, "IND", "2026-03-01", "line", ["pax_silica", "quad", "msp", "us_fta"])
        screen.append(time.perf_counter() - t)
    report_ratio("dependency, every group over all US imports, warm (median of 9)", statistics.median(screen),
                 statistics.median(floor), 3.0, "reading the import table")


if __name__ == "__main__":
    main()
