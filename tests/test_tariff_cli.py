"""The tariff commands end to end through the console entry point, and their bad-input paths."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest


def test_duty_prints_every_measure_and_the_total(cli):
    code, out, _ = cli("duty", "6109.10.0012", "--origin", "IND", "--date", "2025-09-01")
    assert code == 0
    assert "9903.02.26" in out and "9903.01.84" in out and "superseded" in out
    assert "66.50% of customs value" in out


def test_duty_json_and_csv(cli):
    code, out, _ = cli("duty", "0306.17.0041", "--origin", "India", "--date", "2025-09-01", "--format", "json")
    doc = json.loads(out)
    assert code == 0 and doc["provenance"][0]["dataset"].startswith("regime us-")
    applied = [r for r in doc["rows"] if r["status"] == "applied"]
    assert sum(r["duty_pct"] for r in applied) == pytest.approx(50.0)
    # the total is a number of the document, not only a sentence of a note (issue 12)
    figures = {f["name"]: f["value"] for f in doc["figures"] if f.get("line") == "0306.17.00.41"}
    assert figures["total_pct"] == pytest.approx(50.0) and isinstance(figures["total_pct"], float)
    assert figures["ieepa_reciprocal_pct"] == pytest.approx(25.0)
    code, out, _ = cli("duty", "0306.17.0041", "--origin", "IND", "--date", "2025-09-01", "--format", "csv")
    body = pd.read_csv(io.StringIO(out), comment="#")
    assert set(body["status"]) >= {"applied", "superseded"}


def test_duty_options_content_rule_and_loaded(cli, tmp_path):
    code, out, err = cli("duty", "8413.91.9096", "--origin", "IND", "--date", "2025-09-01",
                         "--content-rule", "full_value", "--format", "csv")
    assert code == 0 and "50.00% of customs value" in err
    code, out, _ = cli("duty", "6109.10.0012", "--origin", "IND", "--date", "2025-08-20",
                       "--loaded", "2025-08-01")
    assert "26.50% of customs value" in out
    shares = tmp_path / "shares.csv"
    shares.write_text("hs10,steel_share\n8413919096,0.4\n")
    code, out, _ = cli("duty", "8413.91.9096", "--origin", "IND", "--date", "2025-09-01", "--shares", str(shares),
                       "--format", "csv")
    assert code == 0 and "(40.00% of value)" in out


def test_exposure_table_and_csv(cli):
    code, out, _ = cli("exposure", "--importer", "USA", "--exporter", "IND", "--date", "2025-09-01")
    assert code == 0 and "50% or more" in out and "Top 20 lines" in out
    code, out, _ = cli("exposure", "--importer", "USA", "--exporter", "IND", "--date", "2025-09-01",
                       "--by", "group", "--format", "csv")
    body = pd.read_csv(io.StringIO(out), comment="#")
    assert "critical_minerals" in set(body["code"])


def test_timeline_writes_png_and_svg(cli, tmp_path):
    stem = tmp_path / "tl"
    code, out, err = cli("timeline", "--importer", "USA", "--exporters", "IND,CHN,VNM,BGD",
                         "--from", "2025-01-01", "--to", "2026-11-25", "--chart", str(stem), "--format", "csv")
    assert code == 0
    assert (tmp_path / "tl.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (tmp_path / "tl.svg").read_text().lstrip().startswith("<?xml")
    body = pd.read_csv(io.StringIO(out), comment="#")
    assert set(body["exporter"]) == {"IND", "CHN", "VNM", "BGD"}
    assert "WARNING" in err  # 2026-11-25 is past the verified date


def test_compete(cli):
    code, out, _ = cli("compete", "--importer", "USA", "--exporter", "IND", "--date", "2025-09-01", "--top", "10")
    assert code == 0 and "margin_points" in out and "IND" in out


def test_panel_command(cli, tmp_path):
    target = tmp_path / "panel.parquet"
    code, out, _ = cli("panel", "--importer", "USA", "--out", str(target), "--exporters", "IND,VNM",
                       "--from", "2025-08-01", "--to", "2025-09-30")
    assert code == 0 and "rows" in out
    panel = pd.read_parquet(target)
    assert set(panel["exporter"].astype(str)) == {"IND", "VNM"}
    t = panel[(panel["hs_code"].astype(str) == "6109100012") & (panel["exporter"].astype(str) == "IND")]
    assert list(t.sort_values("valid_from")["duty_pct"].round(2)) == [26.5, 41.5, 66.5]


@pytest.mark.parametrize("args, needle", [
    (("duty", "6109.10.9999", "--origin", "IND", "--date", "2025-09-01"), "nearest valid lines: 6109.10"),
    (("duty", "61A9.10", "--origin", "IND", "--date", "2025-09-01"), "61A9.10"),
    (("duty", "6109.10.0012", "--origin", "Atlantis", "--date", "2025-09-01"), "--origin"),
    (("duty", "6109.10.0012", "--origin", "IND", "--date", "01/09/2025"), "YYYY-MM-DD"),
    (("duty", "6109.10.0012", "--origin", "IND", "--date", "2025-08-01", "--loaded", "2025-09-01"), "--loaded"),
    (("duty", "6109.10.0012", "--origin", "IND", "--date", "2025-09-01", "--content-rule", "half"), "--content-rule"),
    (("timeline", "--importer", "USA", "--exporters", "IND", "--from", "2026-01-01", "--to", "2025-01-01"), "inverted"),
    (("exposure", "--importer", "USA", "--exporter", "IND", "--date", "2025-09-01", "--by", "hs5"), "--by"),
    (("duty", "6109.10.0012", "--origin", "IND", "--date", "2025-09-01", "--importer", "BRA"), "no shipped tariff regime"),
])
def test_bad_input_exits_2_with_a_message(cli, args, needle):
    code, out, err = cli(*args)
    assert code == 2 and needle in out + err and "Traceback" not in out + err


def test_bad_shares_file_names_line_and_field(cli, tmp_path):
    bad = tmp_path / "shares.csv"
    bad.write_text("hs10,steel_share\n8413919096,0.4\n8413919096X,0.2\n8413919096,1.7\n")
    code, _, err = cli("duty", "8413.91.9096", "--origin", "IND", "--date", "2025-09-01", "--shares", str(bad))
    assert code == 2 and "line 3, field 'hs10'" in err and "line 4, field 'steel_share'" in err


def test_bad_regime_folder_names_file_and_measure(cli, tmp_path):
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "regime.toml").write_text('[regime]\nid = "x"\nimporter = "USA"\ndescription = "d"\n'
                                        'verified_through = 2026-06-04\nsource = "s"\n')
    (folder / "m.toml").write_text('[[measure]]\nid = "a"\nauthority = "mfn"\ninclude = ["*"]\n'
                                   'rate = 1.0\nstart = 2025-01-01\nstacking_group = "mfn"\nsource = "s"\nbogus = 1\n')
    code, _, err = cli("duty", "6109.10.0012", "--origin", "IND", "--date", "2025-09-01", "--regime", str(folder))
    assert code == 2 and "m.toml" in err and "line 9, field 'measure 'a'.bogus'" in err


def test_json_gives_headline_figures_as_numbers(cli):
    code, out, _ = cli("duty", "6109.10.0012", "--origin", "IND", "--date", "2025-09-01", "--format", "json")
    doc = json.loads(out)
    figures = {(f["name"], f.get("line")): f["value"] for f in doc["figures"]}
    assert figures[("total_pct", "6109.10.00.12")] == pytest.approx(66.5)
    assert figures[("ieepa_reciprocal_pct", "6109.10.00.12")] == pytest.approx(25.0)
    assert figures[("mfn_pct", "6109.10.00.12")] == pytest.approx(16.5)
    code, out, _ = cli("exposure", "--importer", "USA", "--exporter", "IND", "--date", "2025-09-01", "--format", "json")
    doc = json.loads(out)
    names = {f["name"]: f["value"] for f in doc["figures"]}
    assert names["trade_usd"] == pytest.approx(86.30e9, abs=0.005e9) and 0 < names["avg_duty_pct"] < 60
    assert names["avg_duty_pct"] == pytest.approx(names["avg_base_pct"] + names["avg_additional_pct"])


def test_options_are_checked_where_the_api_receives_them():
    from tradedeal.errors import QueryError
    from tradedeal.regime import Options
    from tradedeal.statistics.exposure import exposure
    from tradedeal.statistics.trade import trade_table
    from tradedeal.statistics.trade_sources import bilateral_lines

    with pytest.raises(QueryError, match="(?s)content_rule 'full-value'.*did you mean 'full_value'"):
        Options(content_rule="full-value")
    with pytest.raises(QueryError, match="include_status"):
        Options(include_status=("in force",))
    with pytest.raises(QueryError, match="--by 'hs5'"):
        trade_table("USA", "IND", by="hs5")
    with pytest.raises(QueryError, match="--by 'bands'"):
        exposure("USA", "IND", "2025-09-01", by="bands")
    with pytest.raises(QueryError, match="--source 'users'"):
        bilateral_lines("USA", "IND", 2024, source="users")
