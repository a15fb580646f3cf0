"""Runs gegravity (PyPI) on one experiment; executed by bench_ge_onesector.py inside the
benchmark environment (.benchvenv), never imported by tradedeal.

usage: python _gegravity_runner.py SPEC.json
SPEC: {"data": csv, "costs": {var: coeff}, "sigma": s, "reference": ISO3, "omr_rescale": r,
       "experiment": {"var": name, "value": v, "pairs": [[exporter, importer], ...] or null (all rows)},
       "out": csv, "repeat": n}
Prints one JSON line: seconds per run (construction, baseline, experiment, solve) and warnings.
"""

from __future__ import annotations

import json
import sys
import time
import warnings

import pandas as pd


def run_once(spec: dict, data: pd.DataFrame):
    import gegravity as ge

    baseline = ge.BaselineData(data, imp_var_name="importer", exp_var_name="exporter", year_var_name="year",
                               trade_var_name="trade", expend_var_name="E", output_var_name="Y")
    coeffs = pd.DataFrame([{"var": k, "coeff": v} for k, v in spec["costs"].items()])
    cost = ge.CostCoeffs(estimates=coeffs, identifier_col="var", coeff_col="coeff")
    model = ge.OneSectorGE(baseline, year=str(data["year"].iloc[0]), expend_var_name="E", output_var_name="Y",
                           cost_coeff_values=cost, cost_variables=list(spec["costs"]),
                           reference_importer=spec["reference"], sigma=spec["sigma"], quiet=True)
    model.build_baseline(omr_rescale=spec["omr_rescale"])
    exp = model.baseline_data.copy()
    x = spec["experiment"]
    if x["pairs"] is None:
        exp[x["var"]] = x["value"]
    else:
        for e, i in x["pairs"]:
            exp.loc[(exp["exporter"] == e) & (exp["importer"] == i), x["var"]] = x["value"]
    model.define_experiment(exp)
    model.simulate()
    return model


def main() -> None:
    spec = json.load(open(sys.argv[1]))
    data = pd.read_csv(spec["data"])
    data["year"] = data["year"].astype(str)
    times, caught = [], []
    for _ in range(spec.get("repeat", 1)):
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            t0 = time.perf_counter()
            model = run_once(spec, data)
            times.append(time.perf_counter() - t0)
        caught = sorted({str(m.message).splitlines()[0][:120] for m in w})
    model.country_results.to_csv(spec["out"])
    print(json.dumps({"seconds": times, "warnings": caught}))


if __name__ == "__main__":
    main()
