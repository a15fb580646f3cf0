"""`tradedeal ge` end to end on the shipped scenarios and ICIO tables, on economies from files
(--economy), and its bad-input paths."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest


def _csv(out: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(out), comment="#")


def test_ge_table_shows_the_pair_and_the_rest_of_the_world(cli):
    code, out, _ = cli("ge", "feb2026_framework")
    assert code == 0
    assert "welfare_pct" in out and "IND" in out and "USA" in out and "rest of world" in out
    assert "final demand by destination constructed" in out      # the stated assumption travels with it
    assert "purchase commitment" in out                           # purchases: tariffs only in GE, said so


def test_ge_csv_multi_and_one_sector(cli, tmp_path):
    code, out, _ = cli("ge", "deal_15pct", "--format", "csv", "--out", str(tmp_path / "ge.csv"))
    assert code == 0
    multi = pd.read_csv(tmp_path / "ge.csv", comment="#").set_index("country")
    assert len(multi) == 81                                       # 80 ICIO countries + rest of world
    assert {"welfare_pct", "terms_of_trade_pct", "volume_of_trade_pct", "real_wage_pct",
            "tariff_revenue_after_usd_mn", "trade_deficit_usd_mn"} <= set(multi.columns)
    code, out, err = cli("ge", "deal_15pct", "--model", "one-sector", "--format", "csv")
    one = _csv(out).set_index("country")
    assert code == 0 and "welfare_pct" in one.columns and len(one) == 81
    # multi-sector: the US gains terms of trade and revenue from its tariffs, India loses
    assert multi.loc["USA", "welfare_pct"] > 0 > multi.loc["IND", "welfare_pct"]
    # both models: higher US tariffs cut US imports; the one-sector model says it has no revenue
    for f in (multi, one):
        assert f.loc["USA", "imports_after_usd_mn"] < f.loc["USA", "imports_before_usd_mn"]
    assert "no tariff revenue" in err


def test_ge_compare_scenarios_and_models(cli):
    code, out, _ = cli("ge", "deal_15pct", "--compare", "no_deal_penalty_reimposed", "--compare-pe", "--format", "csv")
    assert code == 0
    assert "deal_15pct (multi-sector) minus deal_15pct (multi-sector)" not in out
    assert "no_deal_penalty_reimposed (multi-sector)" in out
    assert "product_level" in out and "general_equilibrium" in out


def test_ge_draws_give_intervals(cli):
    code, out, _ = cli("ge", "deal_15pct", "--draws", "2", "--workers", "1", "--format", "csv")
    body = _csv(out)
    assert code == 0
    assert {"welfare_pct_p5", "welfare_pct_p95"} <= set(body.columns)
    ind = body.set_index("country").loc["IND"]
    assert ind["welfare_pct_p5"] <= ind["welfare_pct_p95"]


@pytest.mark.parametrize("args, needle", [
    (("ge", "no_such_scenario"), "scenario file not found"),
    (("ge", "deal_15pct", "--model", "gtap"), "--model"),
    (("ge", "deal_15pct", "--draws", "-1"), "--draws"),
    (("ge", "deal_15pct", "--compare", "not_a_scenario"), "scenario file not found"),
    (("ge", "deal_15pct", "--countries", "XXQ"), "--countries"),
    (("ge", "deal_15pct", "--workers", "0"), "--workers"),
])
def test_bad_input(cli, args, needle):
    code, out, err = cli(*args)
    assert code == 2 and needle in out + err and "Traceback" not in out + err


def test_a_pair_outside_the_icio_tables_is_refused_clearly(cli, tmp_path):
    from tradedeal import datasets

    icio = set(datasets.load("icio_node_totals")["country"])
    outside = next(c for c in ("VEN", "SRB", "UZB", "NPL") if c not in icio)
    path = tmp_path / "outside.toml"
    path.write_text(f"""[scenario]
name = "outside"
title = "a partner the ICIO tables do not have"
description = "bad input"
importer = "USA"
partner = "{outside}"
date = 2025-09-01
source = "test"
""", encoding="utf-8")
    code, out, err = cli("ge", str(path))
    assert code == 2 and f"partner {outside} is not one of the 80 ICIO countries" in out + err
    assert "Traceback" not in out + err


# -- --economy: a counterfactual on an input-output economy from files (docs/io-economy.md) ----------------

TOY = Path(__file__).parent / "fixtures" / "io_economy_toy"


def test_ge_economy_reproduces_table2_from_the_command_line(cli):
    code, out, err = cli("ge", "--economy", "caliendo_parro_2015", "--counterfactual", "nafta", "--format", "csv")
    assert code == 0
    f = _csv(out).set_index("country")
    assert len(f) == 31
    assert f.loc["MEX", "welfare_first_order_pct"] == pytest.approx(1.31, abs=0.006)   # Table 2, p. 20
    assert f.loc["MEX", "real_wage_pct"] == pytest.approx(1.72, abs=0.006)
    assert "APPROXIMATION: welfare_first_order_pct" in err and "SHA-256 verified" in err  # beside a plain CSV
    code, out, _ = cli("ge", "--economy", "caliendo_parro_2015", "--counterfactual", "nafta", "--table", "trade",
                       "--countries", "MEX,CAN,USA", "--format", "csv")
    t = _csv(out).set_index(["importer", "exporter"])
    assert code == 0 and len(t) == 6
    assert t.loc[("MEX", "USA"), "change_pct"] == pytest.approx(118.31, abs=0.006)      # Table 5, p. 23


def test_ge_economy_on_a_users_tables(cli, tmp_path):
    code, out, _ = cli("ge", "--economy", str(TOY), "--format", "csv")     # the only counterfactual runs
    f = _csv(out).set_index("country")
    assert code == 0 and list(f.index) == ["AAA", "BBB", "CCC"]
    assert f.loc["BBB", "exports_after_usd_mn"] > f.loc["BBB", "exports_before_usd_mn"]  # AAA opened to BBB
    code, out, _ = cli("ge", "--economy", str(TOY / "economy.toml"), "--table", "decomposition", "--imbalances", "keep",
                       "--format", "csv", "--out", str(tmp_path / "d.csv"))
    d = pd.read_csv(tmp_path / "d.csv", comment="#")
    assert code == 0 and {"country", "partner", "terms_of_trade_pct", "volume_of_trade_pct"} <= set(d.columns)


def _bad_toy(tmp_path):
    import shutil

    d = tmp_path / "toy"
    shutil.copytree(TOY, d)
    flows = (d / "flows.csv").read_text().replace("goods,AAA,CCC,10", "goods,AAA,CCC,ten")
    (d / "flows.csv").write_text(flows)
    out = (d / "output.csv").read_text().replace("BBB,goods,80,0.35", "BBB,goods,80,")
    (d / "output.csv").write_text(out)
    return d


@pytest.mark.parametrize("args, needle", [
    (("ge",), "give a scenario or --economy"),
    (("ge", "deal_15pct", "--economy", "caliendo_parro_2015"), "give a scenario or --economy"),
    (("ge", "deal_15pct", "--counterfactual", "nafta"), "--counterfactual goes with --economy"),
    (("ge", "--economy", "no/such/economy.toml"), "economy manifest not found"),
    (("ge", "--economy", "caliendo_parro_2015"), "declares 2 counterfactuals"),
    (("ge", "--economy", "caliendo_parro_2015", "--counterfactual", "gatt"), "no counterfactual 'gatt'"),
    (("ge", "--economy", "caliendo_parro_2015", "--counterfactual", "nafta", "--model", "one-sector"), "--model one-sector"),
    (("ge", "--economy", "caliendo_parro_2015", "--counterfactual", "nafta", "--countries", "XXQ"), "--countries XXQ"),
    (("ge", "--economy", "caliendo_parro_2015", "--counterfactual", "nafta", "--imbalances", "zero"), "--imbalances"),
    (("ge", "--economy", "caliendo_parro_2015", "--counterfactual", "nafta", "--compare", "deal_15pct"), "--compare"),
    (("ge", "deal_15pct", "--table", "everything"), "--table"),
])
def test_ge_economy_bad_input(cli, args, needle):
    code, out, err = cli(*args)
    assert code == 2 and needle in out + err and "Traceback" not in out + err


def test_ge_economy_names_the_file_line_and_field(cli, tmp_path):
    d = _bad_toy(tmp_path)
    code, out, err = cli("ge", "--economy", str(d))
    text = " ".join((out + err).split())
    assert code == 2 and "Traceback" not in out + err
    assert "flows.csv: value_usd_bn': 'ten' is not a number >= 0" in text
    assert "line 4, field 'output.csv: value_added_share'" in text
