"""The console entry point: outputs, formats and every bad-input path (exit 2, no traceback)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

FIXTURES = Path(__file__).parent / "fixtures"


def test_data_list_names_every_dataset(cli):
    from tradedeal import datasets

    code, out, _ = cli("data", "list")
    assert code == 0
    for name in ("us_imports_2024", "mfn_rates_2025", "icio_node_totals"):
        assert name in out
    assert len(datasets.names()) >= 40


def test_data_info_shows_provenance_and_sanity(cli):
    code, out, _ = cli("data", "info", "us_imports_2024")
    assert code == 0
    assert "Census" in out and "verified" in out
    # All partners, 2024: 3.124 tn in SOURCES.md; the summary prints USD bn to 3 decimals.
    figure = re.search(r"sum of value_usd: USD ([\d,.]+) bn", out)
    assert figure and float(figure.group(1).replace(",", "")) == pytest.approx(3124, abs=0.5)


def test_trade_csv_carries_source_and_units(cli, tmp_path):
    code, out, err = cli("trade", "--importer", "USA", "--exporter", "IND", "--by", "hs2", "--format", "csv")
    assert code == 0
    assert out.splitlines()[0].startswith("rank,code,")  # a plain CSV: Excel opens it
    assert "source: us_imports_2024" in err                # the sources and notes go to stderr
    code, out, _ = cli("trade", "--importer", "USA", "--exporter", "IND", "--by", "hs2", "--format", "csv",
                       "--comments")
    assert any(line.startswith("# source: us_imports_2024") for line in out.splitlines())
    code, _, _ = cli("trade", "--importer", "USA", "--exporter", "IND", "--by", "hs2", "--format", "csv",
                     "--out", str(tmp_path / "t.csv"))
    meta = json.loads((tmp_path / "t.meta.json").read_text())
    assert meta["provenance"][0]["dataset"] == "us_imports_2024" and meta["units"]["value_usd"]
    body = pd.read_csv(tmp_path / "t.csv", dtype={"code": str})
    assert body["code"].iloc[0] == "85"
    assert body["value_usd"].sum() == pytest.approx(86.30e9, abs=0.005e9)


def test_trade_json_and_names_resolve(cli):
    code, out, _ = cli("trade", "--importer", "United States", "--exporter", "in", "--by", "group",
                       "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["provenance"][0]["dataset"] == "us_imports_2024"
    assert {r["code"] for r in doc["rows"]} >= {"gems_jewellery", "pharmaceuticals"}


def test_trade_parquet_needs_out_then_writes(cli, tmp_path):
    code, _, err = cli("trade", "--importer", "USA", "--exporter", "IND", "--format", "parquet")
    assert code == 2 and "--out" in err and "Traceback" not in err
    target = tmp_path / "t.parquet"
    code, _, _ = cli("trade", "--importer", "USA", "--exporter", "IND", "--by", "hs4",
                     "--format", "parquet", "--out", str(target))
    assert code == 0
    frame = pd.read_parquet(target)
    assert frame["code"].str.len().eq(4).all()


def test_india_side_prints_approximation(cli):
    code, out, _ = cli("trade", "--importer", "IND", "--exporter", "USA")
    assert code == 0
    assert "APPROXIMATION" in out


@pytest.mark.parametrize("args, needle", [
    (("trade", "--importer", "Atlantis", "--exporter", "IND"), "--importer"),
    (("trade", "--importer", "USA", "--exporter", "IND", "--by", "hs12"), "--by"),
    (("trade", "--importer", "USA", "--exporter", "IND", "--year", "1990"), "2024"),
    (("trade", "--importer", "USA", "--exporter", "IND", "--format", "xml"), "--format"),
    (("data", "info", "us_imports"), "unknown dataset"),
])
def test_bad_input_exits_2_with_message(cli, args, needle):
    code, out, err = cli(*args)
    assert code == 2
    assert needle in err + out
    assert "Traceback" not in err + out


def test_console_script_error_has_no_traceback(tmp_path):
    """The installed entry point, in a new process: the exit code and stderr a user sees."""
    exe = Path(sys.executable).parent / "tradedeal"
    proc = subprocess.run([str(exe), "trade", "--importer", "XXY", "--exporter", "IND"],
                          capture_output=True, text=True, env={"TRADEDEAL_HOME": str(tmp_path), "PATH": ""})
    assert proc.returncode == 2
    assert "error" in proc.stderr and "Traceback" not in proc.stderr
