"""Targets (issue 4): one scenario over the whole US import market (18.6k HS10 x 233
partners, ~335k line-supplier pairs) <= 1 s; 1,000 elasticity draws <= 20 s on 2 cores.

Figures: the model solve alone on the prepared market; the whole run of a scenario on the US
market with the regimes warm (tariffs of every pair from the edited regime, elasticities,
solve, result frames), as a notebook or service would run a second scenario; the same cold (new
process state: regimes compiled); the whole scenario as `simulate` runs it (both markets, the
scenario and its baseline, the sensitivity table and the invariant checks). Draws: 1,000 on the
US and India markets with local processes, each draw solving the scenario and its baseline.
"""

from __future__ import annotations

import os
import time

from _common import best_and_median, report


def main() -> None:
    from tradedeal.models import pe
    from tradedeal.models.simulate import prepare, simulate, solve_prepared
    from tradedeal.scenario import load_scenario

    s = load_scenario("feb2026_framework")
    t0 = time.perf_counter()
    p = prepare(s, "USA")
    solve_prepared(p)
    cold = time.perf_counter() - t0
    print(f"US market: {len(p.pairs):,} line-supplier pairs, {p.market.n_products:,} lines, "
          f"{p.pairs['exporter'].nunique()} partners")
    best, median = best_and_median(lambda: pe.solve(p.market), repeat=20)
    print(f"model solve alone: median {median * 1000:.1f} ms")
    other = load_scenario("deal_15pct")
    best, median = best_and_median(lambda: solve_prepared(prepare(other, "USA")), repeat=5)
    print(f"cold (first scenario in the process, regimes compiled): {cold:.2f} s")
    report("one scenario on the whole US market, warm (prepare + solve + frames), median of 5", median, 1.0)
    simulate(s)
    best, median = best_and_median(lambda: simulate(s), repeat=5)
    n_ind = len(prepare(s, "IND").pairs)
    report(f"the whole scenario, warm: both markets (India's side: {n_ind} chapter-supplier pairs, 10 suppliers), "
           "scenario and its baseline, sensitivity table, invariant checks, median of 5", median, 2.0)
    t0 = time.perf_counter()
    simulate(s, draws=1000, workers=2)
    report(f"1,000 elasticity draws, US and India markets, 2 processes ({os.cpu_count()} cores)",
           time.perf_counter() - t0, 20.0)


if __name__ == "__main__":
    main()
