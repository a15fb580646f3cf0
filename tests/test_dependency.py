"""`tradedeal dependency`: concentration, shares and duties on the shipped US imports; each
published criterion on a small fixture built from the shipped data with a hand-worked answer;
data the user imports deciding the criteria the shipped data cannot; India's side from the
partner's sales only; partner groups; every bad input a clear error with exit code 2."""

from __future__ import annotations

import io
import json

import numpy as np
import pandas as pd
import pytest

from tradedeal import datasets
from tradedeal.statistics.criteria import all_of, holds, persistence, shipped_criteria
from tradedeal.statistics.dependency import dependency, evaluate, indicators, table_from
from tradedeal.tables import Provenance

RARE_EARTHS = "2846908090"   # compounds of rare-earth metals, other (HTS 2025): mostly from China


@pytest.fixture(scope="module")
def us(tmp_path_factory):
    # a module fixture runs before the per-test home is set: give it its own
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TRADEDEAL_HOME", str(tmp_path_factory.mktemp("home")))
        return dependency("USA", ["critical_minerals", "energy", "defence", "nuclear", "semiconductors",
                                  "pharmaceuticals"], "IND", "2026-03-01", "line", ["pax_silica"])


def test_criteria_are_declared_with_sources_and_thresholds():
    crit = shipped_criteria()
    assert {f.id for f in crit.families} == {"ec_2021", "cepii_geodep"}
    tests = {c.id: (c.indicator, c.operator, c.threshold) for c in crit.criteria}
    assert tests == {
        "ec_import_concentration": ("import_hhi", ">", 0.4), "ec_import_dependence": ("import_share_of_demand", ">", 0.5),
        "ec_imports_over_exports": ("imports_to_exports", ">", 1.0),
        "geodep_import_concentration": ("import_hhi", ">", 0.4),
        "geodep_world_export_concentration": ("world_export_hhi", ">", 0.4),
        "geodep_imports_over_exports": ("imports_to_exports", ">", 1.0), "geodep_persistence": ("persistence", ">=", 2)}
    assert all("SWD(2021) 352" in f.source or "GeoDep" in f.source for f in crit.families)
    assert crit.watch.countries == ("CHN",)


def test_three_valued_criteria_by_hand():
    c = next(c for c in shipped_criteria().criteria if c.id == "ec_import_concentration")
    assert np.array_equal(holds(c, np.array([0.41, 0.4, 0.39, np.nan])), np.array([1, 0, 0, np.nan]), equal_nan=True)
    r = all_of([np.array([1.0, 1.0, 0.0, np.nan]), np.array([1.0, np.nan, np.nan, np.nan])])
    assert np.array_equal(r, np.array([1, np.nan, 0, np.nan]), equal_nan=True)
    # GeoDep's persistence: held in 2 of 3 years decides it; 1 held + 1 open leaves it open
    p = persistence([np.array([1.0, 1.0, 0.0, 1.0]), np.array([1.0, 0.0, 0.0, np.nan]), np.array([0.0, 0.0, 0.0, 0.0])])
    assert np.array_equal(p, np.array([2, 1, 0, np.nan]), equal_nan=True)


def test_each_criterion_on_a_fixture_from_the_shipped_data():
    # the US imports of two real lines (shipped), by supplier; the criteria worked out by hand
    f = datasets.load("us_imports_2024", columns=["hs10", "exporter", "value_usd"])
    trade = f[f["hs10"].isin([RARE_EARTHS, "2709002090"])].rename(columns={"hs10": "hs_code"})
    trade = trade.groupby(["hs_code", "exporter"], as_index=False)["value_usd"].sum()
    mem = pd.DataFrame({"code": [RARE_EARTHS, "2709002090"], "group": ["critical_minerals", "energy"]})
    frame, _ = indicators(table_from(trade, Provenance("us_imports_2024", "fixture")), ("critical_minerals", "energy"),
                          "line", mem)
    for code in (RARE_EARTHS, "2709002090"):
        v = trade.loc[trade["hs_code"] == code, "value_usd"]
        by_hand = float(((v / v.sum()) ** 2).sum())
        assert frame.set_index("code").loc[code, "hhi"] == pytest.approx(by_hand)
    re, oil = frame.set_index("code").loc[RARE_EARTHS], frame.set_index("code").loc["2709002090"]
    assert re["top_supplier"] == "CHN" and re["hhi"] > 0.4          # China alone is 82% of the line
    assert oil["top_supplier"] == "CAN"
    # exports of the importer (hand-set): rare earths 10 (ratio > 1); crude oil 10 x its imports (ratio < 1)
    frame["imports_to_exports"] = [re["imports_usd"] / 10e6 if c == RARE_EARTHS else 0.1 for c in frame["code"]]
    frame["world_export_hhi"] = [0.5 if c == RARE_EARTHS else 0.2 for c in frame["code"]]
    frame["import_share_of_demand"] = [0.9, np.nan] if frame["code"].iloc[0] == RARE_EARTHS else [np.nan, 0.9]
    frame["persistence"] = [3.0 if c == RARE_EARTHS else 0.0 for c in frame["code"]]
    out = evaluate(frame, shipped_criteria()).set_index("code")
    assert bool(out.loc[RARE_EARTHS, "ec_2021"]) and bool(out.loc[RARE_EARTHS, "cepii_geodep"])
    assert not out.loc["2709002090", "ec_import_concentration"] and out.loc["2709002090", "ec_2021"] is not pd.NA
    assert not bool(out.loc["2709002090", "cepii_geodep"])
    assert out.loc["2709002090", "not_decided"].startswith("ec_import_dependence")


def test_us_screen_shares_duties_and_room(us):
    lines = us.lines.frame
    re = lines[lines["code"] == RARE_EARTHS].iloc[0]
    assert re["top_supplier"] == "CHN" and re["chn_share"] == pytest.approx(re["top_share"])
    assert re["top_duty_pct"] == re["chn_duty_pct"] and np.isfinite(re["ind_duty_pct"])
    assert lines[["top_duty_pct", "chn_duty_pct", "ind_duty_pct"]].notna().all().all()
    assert "ind_world_exports_usd" in lines and (lines["ind_room"] >= 0).all()
    summary = us.summary.frame.set_index("group")
    assert set(summary.index) == {"critical_minerals", "energy", "defence", "nuclear", "semiconductors", "pharmaceuticals"}
    for g, row in summary.iterrows():
        sub = lines[lines["group"] == g]
        assert row["imports_usd"] == pytest.approx(sub["imports_usd"].sum())
        assert 0 < row["group_hhi"] <= 1 and 0 <= row["chn_share"] <= 1 and 0 <= row["top_share"] <= 1
        assert row["products_hhi_over_0_4"] == (sub["hhi"] > 0.4).sum()
    # with shipped data the EC family is never decided true (its demand criterion needs production data)
    assert (summary["ec_2021_dependent"] == 0).all()
    assert us.summary.figure("group_hhi", "energy") == pytest.approx(summary.loc["energy", "group_hhi"])
    crit = us.criteria.frame.set_index("criterion")
    assert crit.loc["ec_import_concentration", "computed"] == "yes"
    assert crit.loc["geodep_world_export_concentration", "computed"].startswith("no")


def test_every_figure_names_its_dataset(us):
    for t in us.tables().values():
        for p in t.provenance:
            name = p.dataset
            assert name.startswith(("regime ", "product group ", "partner group ", "user_trade")) or name in datasets.manifest()


def test_partner_groups_shares(us):
    p = us.partners.frame
    assert set(p["partner_group"]) == {"pax_silica"} and (p["members_counted"] == 11).all()
    lines = us.lines.frame
    energy = p[p["group"] == "energy"].iloc[0]
    assert energy["imports_usd"] == pytest.approx(lines.loc[lines["group"] == "energy", "imports_usd"].sum())
    assert 0 <= energy["from_group_pct"] <= 100 and 0 <= energy["from_chn_pct"] <= 100


def test_hs6_level_sums_the_lines(us):
    r = dependency("USA", ["nuclear"], "IND", "2026-03-01", "hs6")
    six = r.lines.frame
    line = us.lines.frame[us.lines.frame["group"] == "nuclear"]
    assert six["code"].str.len().eq(6).all()
    assert six["imports_usd"].sum() == pytest.approx(line["imports_usd"].sum())


def test_india_side_from_the_partners_sales_only():
    r = dependency("IND", ["energy", "critical_minerals"], "USA", "2026-03-01")
    s = r.summary.frame.set_index("group")
    assert s.loc["energy", "imports_from_usa_usd"] > 1e10           # chapter 27 is wholly energy
    assert s.loc["critical_minerals", "imports_from_usa_usd"] == 0  # no chapter is wholly critical minerals
    assert s.loc["critical_minerals", "imports_from_usa_upper_bound_usd"] > 0
    assert any("import a UN Comtrade file" in n for n in r.summary.notes)


HEADER = open(__file__.replace("test_dependency.py", "fixtures/comtrade_plus_usa_imports_ind_2024.csv"),
              encoding="utf-8-sig").readline().strip()


def _row(reporter, flow, partner, cmd, value):
    codes = {"USA": ("842", "USA"), "CAN": ("124", "CAN"), "MEX": ("484", "MEX"), "CHN": ("156", "CHN"),
             "JPN": ("392", "JPN")}
    r, p = codes[reporter], codes[partner]
    flow_code, flow_desc = ("X", "Export") if flow == "export" else ("M", "Import")
    cells = {"typeCode": "C", "freqCode": "A", "refPeriodId": "20240101", "refYear": "2024", "refMonth": "52",
             "period": "2024", "reporterCode": r[0], "reporterISO": r[1], "reporterDesc": r[1], "flowCode": flow_code,
             "flowDesc": flow_desc, "partnerCode": p[0], "partnerISO": p[1], "partnerDesc": p[1], "partner2Code": "0",
             "partner2ISO": "W00", "partner2Desc": "World", "classificationCode": "H6", "classificationSearchCode": "HS",
             "isOriginalClassification": "True", "cmdCode": cmd, "cmdDesc": "x", "aggrLevel": "6", "isLeaf": "True",
             "customsCode": "C00", "customsDesc": "TOTAL CPC", "mosCode": "0", "motCode": "0", "motDesc": "TOTAL MOT",
             "qtyUnitCode": "-1", "qtyUnitAbbr": "N/A", "primaryValue": str(value), "legacyEstimationFlag": "0",
             "isReported": "False", "isAggregate": "True"}
    return ",".join(cells.get(h, "") for h in HEADER.split(","))


def test_the_users_export_data_decides_the_export_criteria(tmp_path):
    from tradedeal.store import Store
    from tradedeal.store.importer import import_file

    path = tmp_path / "exports.csv"
    rows = [_row("USA", "export", "CAN", "284690", 10_000_000), _row("USA", "export", "MEX", "284690", 30_000_000),
            _row("CHN", "export", "USA", "284690", 90_000_000), _row("JPN", "export", "USA", "284690", 10_000_000)]
    path.write_text(HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    with Store.open() as store:
        import_file(store, path, "comtrade")
    r = dependency("USA", ["critical_minerals"], None, "2026-03-01", "hs6")
    row = r.lines.frame.set_index("code").loc["284690"]
    # the US exported 40 mn of 284690 (the file); it imported the whole HS6 (shipped)
    assert row["importer_exports_usd"] == pytest.approx(40e6)
    assert row["imports_to_exports"] == pytest.approx(row["imports_usd"] / 40e6)
    # exporters in the file: USA 40, CHN 90, JPN 10: HHI = (40^2 + 90^2 + 10^2) / 140^2 = 0.5
    assert row["world_export_hhi"] == pytest.approx(0.5)
    assert bool(row["geodep_world_export_concentration"]) and bool(row["geodep_imports_over_exports"])
    assert pd.isna(row["cepii_geodep"])                              # persistence still needs three years
    crit = r.criteria.frame.set_index("criterion")
    assert crit.loc["geodep_imports_over_exports", "computed"] == "yes"


def test_dependency_cli_formats(cli, tmp_path):
    code, out, err = cli("dependency", "--importer", "USA", "--groups", "nuclear,energy", "--exporter", "IND",
                         "--date", "2026-03-01", "--format", "csv")
    assert code == 0, err
    body = pd.read_csv(io.StringIO(out))
    assert list(body["group"]) == ["nuclear", "energy"] and "group_hhi" in body
    code, out, _ = cli("dependency", "--importer", "USA", "--groups", "nuclear", "--date", "2026-03-01",
                       "--partners", "quad,pax_silica", "--table", "partners", "--format", "json")
    doc = json.loads(out)
    assert code == 0 and {r["partner_group"] for r in doc["rows"]} == {"quad", "pax_silica"}
    code, out, _ = cli("dependency", "--importer", "USA", "--groups", "nuclear", "--date", "2026-03-01",
                       "--exporter", "India", "--folder", str(tmp_path / "d"), "--limit", "3")
    assert code == 0 and "by product group" in out
    assert {p.name for p in (tmp_path / "d").iterdir()} >= {"dependency_summary.csv", "dependency_lines.csv",
                                                           "dependency_criteria.csv", "dependency.json"}


@pytest.mark.parametrize("args, needle", [
    (("--importer", "USA", "--groups", "energy,chips"), "unknown product group"),
    (("--importer", "USA", "--partners", "brics"), "unknown partner group"),
    (("--importer", "Atlantis"), "unknown country"),
    (("--importer", "IND"), "no table of IND's imports"),
    (("--importer", "USA", "--level", "hs4"), "--level"),
    (("--importer", "USA", "--date", "2026-13-01"), "ISO 8601"),
    (("--importer", "USA", "--exporter", "USA"), "is the importer"),
])
def test_dependency_bad_input_exits_2(cli, args, needle):
    code, out, err = cli("dependency", *args)
    assert code == 2, (out, err)
    assert needle in err and "Traceback" not in err


def test_dependency_page_is_current():
    from pathlib import Path

    from tradedeal.statistics import dependency_docs

    path = Path(__file__).parents[1] / "docs" / "dependency.md"
    text = path.read_text(encoding="utf-8")
    assert dependency_docs.render(text) == text, "run: python -m tradedeal.statistics.dependency_docs docs/dependency.md"
