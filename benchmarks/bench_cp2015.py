"""Target (issue 10): one counterfactual on the Caliendo-Parro 31 x 40 economy takes at most 1/3
of the time of our 80 x 50 ICIO counterfactual, measured in the same run, and well under 1 s
(an independent plain implementation needs 12-16 s on this machine kind).

Both economies are read and calibrated first (timed apart, not part of the ratio). Then, in the
same process: the NAFTA counterfactual on the 31 x 40 economy and the feb2026_framework scenario's
counterfactual on the 80 x 50 ICIO economy, each (a) the solve alone and (b) the solve with the
result frames (io_economy.run against deal.run with the scenario prepared). Median of repeats.
"""

from __future__ import annotations

import time

from _common import best_and_median, report
from tradedeal.models.gravity import deal, io_economy, multisector
from tradedeal.scenario import load_scenario


def main() -> None:
    t0 = time.perf_counter()
    cp = io_economy.load("caliendo_parro_2015")
    t_cp = time.perf_counter() - t0
    s = load_scenario("feb2026_framework")
    t0 = time.perf_counter()
    g = deal.prepare(s)
    t_icio = time.perf_counter() - t0
    print(f"-- preparation (not timed below): Caliendo-Parro files read, checksums verified, calibrated with both base-year "
          f"solves {t_cp:.2f} s; ICIO economy and the scenario's sector tariffs {t_icio:.2f} s")

    tau_cp = cp.counterfactual("nafta").tariffs
    e_icio, tau_icio = g.icio.economy, g.tau1
    it_cp = multisector.solve(cp.economy, tau_cp).iterations
    it_icio = multisector.solve(e_icio, tau_icio).iterations
    _, cp_solve = best_and_median(lambda: multisector.solve(cp.economy, tau_cp), 7)
    _, icio_solve = best_and_median(lambda: multisector.solve(e_icio, tau_icio), 5)
    _, cp_run = best_and_median(lambda: io_economy.run(cp, "nafta"), 7)
    _, icio_run = best_and_median(lambda: deal.run(s, inputs=g), 5)
    _, world = best_and_median(lambda: io_economy.run(cp, "all_2005"), 5)

    print(f"-- counterfactual solve: 31 x 40 NAFTA {cp_solve:.3f} s ({it_cp} iterations); 80 x 50 ICIO "
          f"feb2026_framework {icio_solve:.3f} s ({it_icio} iterations)")
    report("31 x 40 counterfactual solve / 80 x 50 ICIO counterfactual solve, same run", cp_solve / icio_solve, round(1 / 3, 3),
           unit="x")
    print(f"-- with the result frames: 31 x 40 {cp_run:.3f} s; 80 x 50 {icio_run:.3f} s")
    report("31 x 40 counterfactual with frames / 80 x 50 with frames, same run", cp_run / icio_run, round(1 / 3, 3), unit="x")
    report("31 x 40 NAFTA counterfactual, solve and result frames", cp_run, 1.0)
    print(f"   every pair to its 2005 tariffs (31 x 40, solve and frames): {world:.3f} s")


if __name__ == "__main__":
    main()
