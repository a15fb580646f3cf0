"""Targets (issue 5): the 80 x 50 multi-sector counterfactual <= 10 s and <= 4 GB peak memory;
1,000 Monte Carlo draws of the one-sector model on 69 countries <= 15 s on 2 cores.

The counterfactual runs in a new process, timed from start-up to the result object: ICIO
tables loaded (checksums verified), final demand by destination constructed, sector tariffs
of both regimes on both dates built from the product-level regime, baseline calibrated,
counterfactual solved, result frames. Peak memory is that process's maximum resident set.

Draws: the Advanced Guide's "trade without borders" experiment on its 69 countries; each draw
takes the three cost coefficients from their PPML standard errors and sigma uniform in [6, 8],
builds the baseline and solves the full equilibrium; 2 local processes.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import numpy as np

from _common import report

CHILD = """
import resource, time
t0 = time.perf_counter()
from tradedeal.models.gravity import deal
from tradedeal.scenario import load_scenario
s = load_scenario("feb2026_framework")
r = deal.run(s, "multi-sector")
total = time.perf_counter() - t0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 ** 2
print(f"RESULT {total:.3f} {peak:.3f} {r.diagnostics['countries']} {r.diagnostics['sectors']} {r.diagnostics['iterations']}")
"""


def counterfactual() -> None:
    p = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True)
    line = [x for x in p.stdout.splitlines() if x.startswith("RESULT")]
    if p.returncode != 0 or not line:
        print(p.stderr[-2000:])
        raise SystemExit("the multi-sector counterfactual failed")
    total, peak, n, j, it = line[0].split()[1:]
    print(f"-- multi-sector counterfactual, feb2026_framework: {n} countries x {j} sectors, {it} iterations")
    report("80 x 50 multi-sector counterfactual, new process, start to result", float(total), 10.0)
    report("  peak memory (max resident set) of that process", float(peak), 4.0, unit="GB")


def solve_alone() -> None:
    from tradedeal.models.gravity import multisector
    from tradedeal.models.gravity.deal import prepare
    from tradedeal.scenario import load_scenario

    g = prepare(load_scenario("feb2026_framework"))
    t0 = time.perf_counter()
    eq = multisector.solve(g.icio.economy, g.tau1)
    print(f"   of which the counterfactual solve alone: {time.perf_counter() - t0:.2f} s ({eq.iterations} iterations)")


def draws() -> None:
    from tradedeal import datasets
    from tradedeal.models.gravity import uncertainty
    from tradedeal.models.gravity.data import square
    from tradedeal.models.gravity.estimate import ppml

    d = datasets.load("agtpa_ch2_trade_without_borders")
    names = ["ln_DIST", "CNTG", "INTL_BRDR"]
    est = ppml(d, "trade_usd_mn", names, ["exporter", "importer"])
    sq = square(d)
    terms = np.stack([sq.matrix(sq.frame[k]) for k in names])
    terms1 = terms.copy()
    terms1[2] = 0.0
    X = sq.matrix(sq.frame["trade_usd_mn"])
    payload = (terms, np.array([est.coef(k) for k in names]), np.array([est.se(k) for k in names]),
               X.sum(1), X.sum(0), terms1, (6.0, 8.0), sq.index("DEU"))
    t0 = time.perf_counter()
    out = uncertainty.run(uncertainty.one_sector_draws, payload, 1000, seed=1, workers=2)
    took = time.perf_counter() - t0
    gdp = out[:, 0, sq.index("IND")]
    print(f"-- 1,000 draws, 69 countries (India's real GDP change: 5th-95th percentile "
          f"{np.percentile(gdp, 5):.1f}..{np.percentile(gdp, 95):.1f}%)")
    report(f"1,000 Monte Carlo draws of the one-sector model, 69 countries, 2 processes ({os.cpu_count()} cores)",
           took, 15.0)


def main() -> None:
    counterfactual()
    solve_alone()
    draws()


if __name__ == "__main__":
    main()
