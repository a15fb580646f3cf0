"""Scenario files: every shipped one runs; edits do what they say; bad files are refused
with file, line and field; results export and compare."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tradedeal.errors import InputFileError
from tradedeal.models.simulate import simulate
from tradedeal.scenario import load_scenario


@pytest.fixture(scope="module")
def results(shipped_results):
    return shipped_results


def metric(result, name, market, partner="world", comparison="vs_data_year"):
    return result.metric(name, market, partner, comparison)


def test_every_shipped_scenario_runs(results):
    assert set(results) == {"aug2025_status_quo", "feb2026_framework", "deal_15pct", "ieepa_struck_s122",
                            "no_deal_penalty_reimposed", "vnm_deal_20pct", "vnm_no_deal_46pct"}
    for r in results.values():
        assert metric(r, "imports_before", "USA") == pytest.approx(3.1233e12, rel=1e-3)
        assert np.isfinite(r.lines["value1_usd"]).all() and (r.lines["value1_usd"] >= -1e-6).all()


def test_deal_orderings_that_must_hold(results):
    """Lower US duties on India never lower US imports from India: 15% deal > 18% framework >
    no deal (50%); the status quo of 2025-09-01 and the reimposed penalty both charge 50%."""
    imp = {n: metric(r, "imports_after", "USA", "IND") for n, r in results.items() if r.scenario.scenario.partner == "IND"}
    assert imp["deal_15pct"] > imp["feb2026_framework"] > imp["no_deal_penalty_reimposed"]
    assert imp["ieepa_struck_s122"] > imp["feb2026_framework"]


def test_purchases_show_in_the_balance(results):
    r = results["feb2026_framework"]
    added = metric(r, "purchases_added", "IND")
    # both commitments are totals (targets): each adds what the data year's purchases of its lines
    # lack; India's data is by HS2, so chapter 27 stands for energy and for coking coal alike
    pair = r.lines[(r.lines.market == "IND") & (r.lines.exporter == "USA")]
    energy = pair.loc[pair.code == "27", "value0_usd"].sum()
    rest = pair.loc[pair.code.isin(["27", "71", "84", "85", "88"]), "value0_usd"].sum()
    assert added == pytest.approx((25e9 - energy) + (75e9 - rest), rel=1e-9)
    assert metric(r, "balance_change", "USA", "IND") > added
    assert metric(r, "purchases_added", "IND", comparison="deal") == pytest.approx(added)  # the baseline buys nothing


def test_zero_edit_scenario_changes_nothing(tmp_path):
    text = """[scenario]
name = "nothing"
title = "base date = evaluation date"
importer = "USA"
partner = "IND"
date = 2025-01-01
source = "test"
"""
    path = tmp_path / "s.toml"
    path.write_text(text)
    r = simulate(load_scenario(path))
    # within a thousandth of a dollar on lines of up to USD 10 bn (floating-point noise)
    assert np.allclose(r.lines["change_usd"], 0, atol=1e-3)
    assert abs(metric(r, "consumer_surplus_change", "USA")) < 1e-3


def test_edit_changes_only_what_it_names(tmp_path):
    base = load_scenario("aug2025_status_quo")
    text = Path(base.file).read_text().replace('name = "aug2025_status_quo"', 'name = "cut"') + """
[[edit]]
regime = "USA"
action = "change"
measure = "us.ieepa.penalty.ind.russian_oil"
set = { rate = 0.0 }
source = "test"
"""
    path = tmp_path / "cut.toml"
    path.write_text(text)
    cut = simulate(load_scenario(path))
    sq = simulate(base)
    a = cut.lines.set_index(["market", "code", "exporter"])
    b = sq.lines.set_index(["market", "code", "exporter"])
    ind = a.index.get_level_values("exporter") == "IND"
    us = a.index.get_level_values("market") == "USA"
    # India's duties fell by 25 points where the penalty applied, nobody else's changed
    assert (a.loc[us & ind, "t1_pct"] <= b.loc[us & ind, "t1_pct"] + 1e-9).all()
    assert np.allclose(a.loc[us & ~ind, "t1_pct"], b.loc[us & ~ind, "t1_pct"])
    assert metric(cut, "imports_after", "USA", "IND") > metric(sq, "imports_after", "USA", "IND")


def test_compare_and_relative_to(results):
    from tradedeal.results.scenario import compare

    t = compare(results["feb2026_framework"], results["no_deal_penalty_reimposed"],
                relative_to="no_deal_penalty_reimposed").frame
    col = "feb2026_framework_minus_no_deal_penalty_reimposed"
    row = t[(t.metric == "imports_after") & (t.market == "USA") & (t.partner == "IND")]
    assert row[col].iloc[0] == pytest.approx(row["feb2026_framework"].iloc[0] - row["no_deal_penalty_reimposed"].iloc[0])


def test_aggregations_add_up(results):
    r = results["feb2026_framework"]
    total = r.lines["change_usd"].sum()
    assert r.by("hs2").frame["change_usd"].sum() == pytest.approx(total)
    assert r.by("supplier").frame["change_usd"].sum() == pytest.approx(total)
    assert set(r.by("group").frame["group"]) >= {"energy", "pharmaceuticals"}


def test_exports(results, tmp_path):
    r = results["deal_15pct"]
    written = r.to_csv(tmp_path) + r.to_parquet(tmp_path)
    assert all(p.exists() for p in written)
    assert pd.read_parquet(tmp_path / "deal_15pct_lines.parquet").shape[0] == len(r.lines)
    doc = json.loads(r.to_json(tmp_path / "r.json"))
    assert doc["name"] == "deal_15pct" and doc["unit"] == "USD per year"
    xl = r.to_excel(tmp_path / "r.xlsx")
    sheets = pd.read_excel(xl, sheet_name=None)
    assert {"contents", *(f"1 {k}" for k in ("summary", "sensitivity", "by_hs2", "by_group", "by_supplier",
                                              "pair_lines", "about"))} <= set(sheets)
    assert list(sheets)[0] == "contents"
    summary = sheets["1 summary"]
    assert list(summary["comparison"].unique()) == ["deal", "vs_data_year"]  # the deal first
    assert not summary["value_usd"].isna().any()


def test_india_side_is_flagged(results):
    r = results["feb2026_framework"]
    text = " ".join(p.approximation for p in r.summary().provenance)
    assert "sized from the OECD ICIO" in text and "North America" in text and "721.2 bn" in text


def test_elasticity_rules_are_reported_and_overridable(tmp_path):
    s = load_scenario("deal_15pct")
    r = simulate(s)
    rules = set(r.products.loc[r.products.market == "USA", "eta_rule"])
    assert {"Hauk HS10", "Hauk HS6"} <= rules
    text = Path(s.file).read_text().replace('name = "deal_15pct"', 'name = "own"') + """
[elasticities]
import_demand = 2.0
overrides = [{ include = ["0306"], substitution = 6.0, source = "test" }]
"""
    path = tmp_path / "own.toml"
    path.write_text(text)
    own = simulate(load_scenario(path))
    us = own.products[own.products.market == "USA"].set_index("code")
    assert (us["eta"] == 2.0).all() and us.loc["0306170041", "sigma"] == 6.0


BAD = [
    ('date = 2026-02-10', 'date = 2024-02-10', "scenario.base_date", "inverted"),
    ('measure = "us.ieepa.reciprocal.ind"\nset', 'measure = "us.ieepa.reciprocal.ind"\nsets', "edit #1", "sets"),
    ('set = { rate = 15.0, end = 2027-01-01 }', 'set = { rate = -15.0 }', "edit #1", "rate"),
    ('set = { rate = 15.0, end = 2027-01-01 }', 'set = { colour = "red" }', "edit #1", "colour"),
    ('importer = "USA"\npartner', 'importer = "XXA"\npartner', "scenario.importer", "XXA"),
]


@pytest.mark.parametrize("old, new, field, needle", BAD)
def test_bad_scenario_files(tmp_path, old, new, field, needle):
    text = Path(load_scenario("deal_15pct").file).read_text()
    assert old in text
    path = tmp_path / "bad.toml"
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(InputFileError) as exc:
        s = load_scenario(path)
        simulate(s)
    msg = str(exc.value)
    assert "bad.toml" in msg and needle in msg and field in msg
    assert any(p.line > 1 for p in exc.value.problems)


def test_unknown_measure_suggests_ids(tmp_path):
    text = Path(load_scenario("deal_15pct").file).read_text().replace(
        'measure = "us.ieepa.reciprocal.ind"\nset', 'measure = "us.ieepa.reciprocal.inx"\nset', 1)
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(InputFileError) as exc:
        simulate(load_scenario(path))
    assert "us.ieepa.reciprocal.ind" in str(exc.value)


def test_scenario_schema_page_is_current():
    from tradedeal.scenario import docs

    page = Path(__file__).parents[1] / "docs" / "scenario-schema.md"
    text = page.read_text(encoding="utf-8")
    assert docs.render(text) == text, "run: python -m tradedeal.scenario.docs docs/scenario-schema.md"
