"""Target (issue 9): the back-test of the US regime against India's monthly exports, 2025-04 to
the last observed month (eleven months, every distinct tariff state of each month solved), at
most 3 times one ``simulate`` of a scenario, both measured in the same run:

- in one process, warm (regimes compiled, the market and its pair tariffs cached): the back-test
  against ``simulate(feb2026_framework)`` (both markets, scenario and baseline, sensitivity);
- as commands, each a new process: ``tradedeal backtest --importer USA --exporter IND --no-chart``
  against ``tradedeal simulate feb2026_framework --fresh`` (recomputed, not answered from cache).
"""

from __future__ import annotations

from _common import bench_home, best_and_median, interleaved, report_ratio, run_process, tradedeal_exe


def main() -> None:
    from tradedeal.datasets.series import monthly_sales, product_sales
    from tradedeal.models.backtest import run
    from tradedeal.models.simulate import simulate
    from tradedeal.scenario import load_scenario

    s = load_scenario("feb2026_framework")
    observed, prov = monthly_sales("IND", "USA")
    products, pprov = product_sales("IND", "USA")
    simulate(s)
    result = run("USA", "IND", observed, prov, products, pprov)  # warms the pair-tariff cache
    print(f"back-test: {len(result.months)} months, {result.compared} compared, "
          f"{len(result.products)} product comparisons")
    _, sim = best_and_median(lambda: simulate(s), repeat=5)
    _, bt = best_and_median(lambda: run("USA", "IND", observed, prov, products, pprov), repeat=5)
    report_ratio("back-test in one process, warm (median of 5)", bt, sim, 3.0, "one simulate, warm")
    exe = tradedeal_exe()
    cmds = {"backtest": [exe, "backtest", "--importer", "USA", "--exporter", "IND", "--no-chart"],
            "simulate": [exe, "simulate", "feb2026_framework", "--fresh"]}
    home, env = bench_home("tradedeal-bench-backtest-")
    for args in cmds.values():
        run_process(args, env)  # builds the caches
    med = interleaved(cmds, env, rounds=5)
    report_ratio("tradedeal backtest as a command (median of 5)", med["backtest"], med["simulate"], 3.0,
                 "tradedeal simulate feb2026_framework --fresh")


if __name__ == "__main__":
    main()
