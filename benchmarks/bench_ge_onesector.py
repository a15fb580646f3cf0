"""Targets (issue 5), side by side in one run: our one-sector GE solver against gegravity 0.3
(PyPI, run in its own environment .benchvenv, created here on first use from
requirements-peers.txt) on the 30-country and the 69-country data -- same answers and at least
100x faster; 200 synthetic countries <= 0.2 s.

Cases:
  30 countries, CAN-JPN PTA, sigma 5  (gegravity's documented example)
  69 countries, IND-USA border cost halved (INTL_BRDR 1 -> 0.5), sigma 7
  69 countries, every international border removed (the Advanced Guide's experiment), sigma 7:
     a shock that moves real GDP by up to 77%; gegravity's solver gives up here (reported).

Both sides time the whole path a user runs: data frame in, baseline built, experiment
defined, counterfactual solved, country results out (gegravity's import excluded). "Same
answers" compares gegravity with our first-order solution, which is what gegravity computes;
our default (the exact full equilibrium) is printed beside it.

``--write-fixtures`` rewrites the gegravity reference files under tests/fixtures.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from _common import best_and_median, report

HERE = Path(__file__).parent
ROOT = HERE.parent
VENV = ROOT / ".benchvenv"
PY = VENV / "bin" / "python"
FIXTURES = ROOT / "tests" / "fixtures"

COLUMNS = {"factory_gate_price_change_pct": "factory gate price change (percent)",
           "omr_change_pct": "omr change (percent)", "imr_change_pct": "imr change (percent)",
           "real_gdp_change_pct": "GDP change (percent)", "exports_change_pct": "foreign exports change (percent)",
           "imports_change_pct": "foreign imports change (percent)",
           "intranational_trade_change_pct": "intranational trade change (percent)"}


def ensure_peer_env() -> bool:
    if PY.exists():
        return True
    print("creating .benchvenv with gegravity from PyPI (first run only) ...", flush=True)
    try:
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(PY), "-m", "pip", "install", "-q", "-r", str(HERE / "requirements-peers.txt")],
                       check=True, capture_output=True, text=True)
    except subprocess.CalledProcessError as exc:
        print(f"could not install gegravity: {(exc.stderr or '').strip()[-400:]}; the side-by-side comparison is skipped")
        return False
    return True


def cases():
    from tradedeal import datasets

    s30 = datasets.load("gegravity_sample_30")
    twb = datasets.load("agtpa_ch2_trade_without_borders")
    twb = twb.assign(Y=twb.groupby("exporter")["trade_usd_mn"].transform("sum"),
                     E=twb.groupby("importer")["trade_usd_mn"].transform("sum"))
    twb_costs = {"ln_DIST": -0.791288, "CNTG": 0.673646, "INTL_BRDR": -2.474450}  # Advanced Guide ch. 2, PPML

    def pairs(var, value, pairs_):
        def f(frame):
            m = np.zeros(len(frame), bool)
            for e, i in pairs_:
                m |= (frame["exporter"] == e).to_numpy() & (frame["importer"] == i).to_numpy()
            frame.loc[m, var] = value
            return frame
        return f

    return [
        dict(name="30 countries, CAN-JPN PTA", data=s30, sigma=5.0, reference="DEU", omr_rescale=100,
             costs={"lndist": -0.3764, "contiguity": 0.8850, "pta": 0.4823, "common_language": 0.0392,
                    "international": -3.4224},
             experiment={"var": "pta", "value": 1, "pairs": [["CAN", "JPN"], ["JPN", "CAN"]]},
             fixture="gegravity_can_jpn_pta_sigma5.csv"),
        dict(name="69 countries, IND-USA border cost halved", data=twb, sigma=7.0, reference="DEU", omr_rescale=1000,
             costs=twb_costs, experiment={"var": "INTL_BRDR", "value": 0.5, "pairs": [["IND", "USA"], ["USA", "IND"]]},
             fixture="gegravity_twb69_ind_usa_border_half_sigma7.csv"),
        dict(name="69 countries, all borders removed", data=twb, sigma=7.0, reference="DEU", omr_rescale=1000,
             costs=twb_costs, experiment={"var": "INTL_BRDR", "value": 0.0, "pairs": None}, fixture=None),
    ], pairs


def ours(case, pairs, method):
    from tradedeal.models.gravity.api import one_sector_counterfactual

    x = case["experiment"]
    exp = pairs(x["var"], x["value"], x["pairs"]) if x["pairs"] else (lambda f: f.assign(**{x["var"]: x["value"]}))
    return one_sector_counterfactual(case["data"], case["costs"], case["sigma"], case["reference"], exp,
                                     trade="trade_usd_mn", output="Y", expenditure="E", method=method)


def peer(case, tmp: Path, repeat: int = 3):
    data = case["data"].rename(columns={"trade_usd_mn": "trade"})
    cols = ["exporter", "importer", "year", "trade", "Y", "E", *case["costs"]]
    src, out = tmp / "data.csv", tmp / "out.csv"
    data[cols].to_csv(src, index=False)
    spec = {k: case[k] for k in ("costs", "sigma", "reference", "omr_rescale", "experiment")}
    spec.update(data=str(src), out=str(out), repeat=repeat)
    (tmp / "spec.json").write_text(json.dumps(spec))
    p = subprocess.run([str(PY), str(HERE / "_gegravity_runner.py"), str(tmp / "spec.json")],
                       capture_output=True, text=True)
    if p.returncode != 0:
        return None, (p.stderr.strip().splitlines() or [f"exit code {p.returncode}"])[-1]
    info = json.loads(p.stdout.strip().splitlines()[-1])
    res = pd.read_csv(out, index_col=0)
    res = res.set_index("country") if "country" in res.columns else res
    return (res, info), None


def write_fixture(case, res: pd.DataFrame) -> None:
    x = case["experiment"]
    head = [f"# gegravity 0.3 (PyPI), OneSectorGE: {case['name']}; cost coefficients "
            + ", ".join(f"{k} {v}" for k, v in case["costs"].items()),
            f"# sigma {case['sigma']}, reference importer {case['reference']}, omr_rescale {case['omr_rescale']}; "
            f"experiment {x['var']} = {x['value']} for {x['pairs']}. country_results as written by gegravity",
            f"# on {time.strftime('%Y-%m-%d')} (benchmarks/bench_ge_onesector.py --write-fixtures regenerates it)."]
    from tradedeal.fileio import write_text_atomic

    path = write_text_atomic(FIXTURES / case["fixture"], "\n".join(head) + "\n"
                             + res.reset_index().rename(columns={"index": "country"}).to_csv(index=False))
    print(f"  wrote {path.relative_to(ROOT)}")


def side_by_side(write: bool) -> None:
    have_peer = ensure_peer_env()
    all_cases, pairs = cases()
    for case in all_cases:
        print(f"\n-- {case['name']} (sigma {case['sigma']:g})")
        fo = ours(case, pairs, "first_order")
        full = ours(case, pairs, "full")
        _, t_fo = best_and_median(lambda: ours(case, pairs, "first_order"), repeat=20)
        _, t_full = best_and_median(lambda: ours(case, pairs, "full"), repeat=20)
        got = fo.countries.set_index("country")
        gdp = full.countries["real_gdp_change_pct"]
        print(f"  tradedeal first-order: {t_fo * 1000:.1f} ms median of 20; full equilibrium: {t_full * 1000:.1f} ms "
              f"(max excess demand {full.diagnostics['max_excess_demand_share']:.1e} of output, "
              f"real GDP {gdp.min():.2f}..{gdp.max():.2f}%)")
        if not have_peer:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            result, error = peer(case, Path(tmp))
        if result is None:
            print(f"  gegravity failed: {error}")
            continue
        res, info = result
        t_peer = float(np.median(info["seconds"]))
        solver_warn = [w for w in info["warnings"] if "inplace" not in w]
        res = res.reindex(got.index)
        diffs = {ours_col: float(np.abs(got[ours_col] - res[col]).max()) for ours_col, col in COLUMNS.items()}
        worst = max(diffs.values())
        price = res[COLUMNS["factory_gate_price_change_pct"]]
        print(f"  gegravity 0.3: {t_peer:.2f} s median of {len(info['seconds'])}; "
              f"solver warnings: {solver_warn or 'none'}; prices {price.min():.1f}..{price.max():.1f}%, "
              f"{int((price <= -100).sum())} at or below -100%")
        print(f"  same answers (max abs difference, percentage points, over 7 country results): {worst:.1e} "
              f"{'SAME (< 1e-4)' if worst < 1e-4 else 'DIFFERENT'}")
        print(f"  speed ratio gegravity / tradedeal first-order: {t_peer / t_fo:.0f}x; "
              f"/ tradedeal full equilibrium: {t_peer / t_full:.0f}x (target >= 100x: {'PASS' if t_peer / t_full >= 100 else 'MISS'})")
        if write and case["fixture"] and worst < 1e-4:
            write_fixture(case, res)


def synthetic_200() -> None:
    from tradedeal.models.gravity import onesector

    rng = np.random.default_rng(200)
    n = 200
    ln_tau = -np.log(rng.uniform(100, 10_000, (n, n)))
    np.fill_diagonal(ln_tau, 0.0)
    Y = rng.lognormal(5, 2, n)
    E = Y * rng.uniform(0.85, 1.15, n)
    shock = np.zeros((n, n))
    shock[:20, :20] = 0.4  # a 20-member agreement
    np.fill_diagonal(shock, 0.0)

    def go():
        base = onesector.baseline_from_costs(ln_tau, Y, E, 5.0, 0)
        return onesector.full(base, shock)

    sol = go()
    _, med = best_and_median(go, repeat=7)
    print(f"\n-- 200 synthetic countries: baseline + full equilibrium, {sol.iterations} iterations, "
          f"max excess demand {sol.max_excess_demand:.1e}")
    report("200 synthetic countries, baseline + full GE counterfactual, median of 7", med, 0.2)


def main() -> None:
    side_by_side("--write-fixtures" in sys.argv)
    synthetic_200()


if __name__ == "__main__":
    main()
