"""`tradedeal ge` end to end on the shipped scenarios and ICIO tables, and its bad-input paths."""

from __future__ import annotations

import io

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
