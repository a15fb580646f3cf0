"""Target (issue 11): `tradedeal target` with five scenarios at most 2 times the time of running
those scenarios alone.

Floor: the five shipped scenarios through the product-level model (``simulate``), measured in the
same run, interleaved with the target so that a slow spell of the machine hits both alike. The
target: history, growth, trend, the five scenarios run and their paths, the gap, the purchases
that would close it against the seller's exports, and the chart (PNG and SVG), as the command
does. Warm: regimes and market bases cached, as for a second run.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from _common import report_ratio


def main() -> None:
    from tradedeal.interfaces.charts import target_chart
    from tradedeal.models.simulate import simulate
    from tradedeal.models.target import target
    from tradedeal.scenario import load_scenario, shipped_scenarios

    scenarios = [load_scenario(n) for n in shipped_scenarios()][:5]
    out = Path(tempfile.mkdtemp(prefix="bench-target-"))

    def run_target():
        r = target("USA-IND", 500e9, 2030, scenarios, "all")
        target_chart(r, out / "target")

    def run_alone():
        for s in scenarios:
            simulate(s)

    t0 = time.perf_counter()
    run_target()
    print(f"{len(scenarios)} scenarios ({', '.join(s.scenario.name for s in scenarios)}); first target in the "
          f"process: {time.perf_counter() - t0:.2f} s")
    alone, full = [], []
    for _ in range(5):
        t = time.perf_counter()
        run_alone()
        alone.append(time.perf_counter() - t)
        t = time.perf_counter()
        run_target()
        full.append(time.perf_counter() - t)
    report_ratio("target with five scenarios and the chart, warm (median of 5)", statistics.median(full),
                 statistics.median(alone), 2.0, "the five scenarios alone")


if __name__ == "__main__":
    main()
