"""tradedeal entries: entry files in the documented layout and in CBP's ACE ES-003 layout, every kind of bad
row reported with its file line while the other lines are priced, declared headings checked, totals per
entry, and every output format. Hand-worked duties: facts-us-2026h2.md A2 (India 9903.05.44 +10%), the HTS
2025 column 1 rates (T-shirt 6109.10 16.5%, shrimp 0306.17 free)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import openpyxl
import pytest

from tradedeal.customs.entries import price_file
from tradedeal.datasets.entry_files import read_entries
from tradedeal.errors import InputFileError

HEADER = ["entry_number", "line_number", "hts10", "country_of_origin", "entry_date", "value_usd",
          "declared_headings", "loading_date", "steel_share"]


def _write(path, rows, header=HEADER):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


@pytest.fixture
def bad_file(tmp_path):
    return _write(tmp_path / "invoice.csv", [
        ["AAA00000001", "1", "6109.10.0012", "IND", "2026-12-01", "10000", "9903.05.44", "", ""],   # 2 good
        ["AAA00000001", "2", "0306.17.0041", "India", "2026-12-01", "20000", "", "", ""],          # 3 good
        ["AAA00000001", "3", "1234567890", "IND", "2026-12-01", "100", "", "", ""],                # 4 unknown code
        ["AAA00000001", "4", "6109.10.0012", "IND", "2024-06-01", "100", "", "", ""],              # 5 before the regime
        ["AAA00000001", "5", "6109.10.0012", "IND", "2026-12-01", "", "", "", ""],                 # 6 no value
        ["AAA00000001", "6", "6109.10.0012", "Atlantis", "2026-12-01", "100", "", "", ""],          # 7 unknown country
        ["AAA00000001", "7", "6109.10.0012", "IND", "2026-02-30", "100", "", "", ""],              # 8 not a date
        ["AAA00000001", "8", "6109.10", "IND", "2026-12-01", "100", "", "", ""],                   # 9 not 10 digits
        ["AAA00000001", "2", "6109.10.0012", "IND", "2026-12-01", "100", "", "", ""],              # 10 line again
        ["AAA00000001", "9", "6109.10.0012", "IND", "2026-12-01", "-3", "", "", ""],               # 11 negative value
        ["AAA00000001", "10", "6109.10.0012", "IND", "2026-12-01", "100", "99.03", "", ""],        # 12 bad heading
        ["AAA00000001", "11", "6109.10.0012", "IND", "2026-07-20", "100", "", "2026-07-25", ""],   # 13 loaded after entry
        ["AAA00000001", "12", "7306.30.5032", "IND", "2026-12-01", "100", "", "", "1.4"],          # 14 share > 1
        ["", "13", "6109.10.0012", "IND", "2026-12-01", "100", "", "", ""],                        # 15 no entry number
        ["BBB00000002", "1", "8517.13.0000", "VNM", "2026-12-01", "5000", "9903.05.84", "", ""],   # 16 good
    ])


def test_every_kind_of_bad_row_is_reported_with_its_line_and_the_rest_is_priced(bad_file):
    got = price_file(bad_file)
    problems = {(p.line, p.field) for p in got.problems}
    assert problems == {(4, "hts"), (5, "entry_date"), (6, "value_usd"), (7, "country_of_origin"),
                        (8, "entry_date"), (9, "hts"), (10, "line_number"), (11, "value_usd"),
                        (12, "declared_headings"), (13, "loading_date"), (14, "steel_share"), (15, "entry_number")}
    lines = got.lines().frame.set_index("row")
    assert lines["priced"].sum() == 3 and len(lines) == 15  # never silently skipped
    assert "not a line of the USA schedule" in lines.loc[4, "reason"] and "nearest" in lines.loc[4, "reason"]
    assert "before the regime's first day" in lines.loc[5, "reason"]
    assert "10-digit" in lines.loc[9, "reason"]
    # the good lines: T-shirt 16.5% + 10% (9903.05.44), shrimp 10%, Vietnamese smartphones exempt (52(b))
    assert lines.loc[2, "duty_usd"] == pytest.approx(2650.0)
    assert lines.loc[3, "duty_usd"] == pytest.approx(2000.0)
    assert lines.loc[16, "duty_usd"] == pytest.approx(0.0)
    assert lines.loc[2, "check"] == "agrees"
    assert "9903.05.84" in lines.loc[16, "check"] and "does not apply" in lines.loc[16, "check"]


def test_totals_per_entry_and_by_authority(bad_file):
    got = price_file(bad_file)
    ent = got.entries().frame.set_index("entry_number")
    a = ent.loc["AAA00000001"]
    assert (a["lines"], a["lines_not_priced"]) == (13, 11)
    assert a["value_usd"] == pytest.approx(30000.0) and a["duty_usd"] == pytest.approx(4650.0)
    assert a["mfn_usd"] == pytest.approx(1650.0) and a["section_301_usd"] == pytest.approx(3000.0)
    assert got.entries().figure("duty_usd") == pytest.approx(4650.0)
    duties = got.duties_table().frame
    row = duties[(duties["row"] == 2) & (duties["heading"] == "9903.05.44")].iloc[0]
    assert row["duty_usd"] == pytest.approx(1000.0) and "91 FR 47318" in row["legal"] + row["source"]


def test_a_later_date_says_what_is_not_known(bad_file):
    notes = price_file(bad_file).lines().notes
    assert notes[0].startswith("WARNING: 2026-12-01 is after 2026-10-08") and "Not known:" in notes[0]


def test_declared_headings_disagreeing_are_named(tmp_path):
    path = _write(tmp_path / "d.csv", [
        ["C1", "1", "6109.10.0012", "IND", "2026-12-01", "100", "", "", ""],
        ["C1", "2", "6109.10.0012", "IND", "2026-12-01", "100", "9903.01.25", "", ""],        # an IEEPA heading, gone
        ["C1", "3", "6109.10.0012", "IND", "2026-12-01", "100", "9903.05.86", "", ""],        # claims 52(b): not on it
        ["C1", "4", "8517.13.0000", "IND", "2026-12-01", "100", "9903.05.86", "", ""],        # on 52(b): agrees
        ["C1", "5", "6109.10.0012", "IND", "2026-12-01", "100", "9903.05.91", "", ""],        # a donation, as declared
        ["C1", "6", "3004.90.9215", "IND", "2026-12-01", "100", "9903.04.60", "", ""],        # patented, as declared
    ])
    lines = price_file(path).lines().frame.set_index("line_number")
    assert lines.loc[1, "check"] == ""  # nothing declared, nothing checked
    assert "does not apply it" in lines.loc[2, "check"] and "9903.05.44" in lines.loc[2, "check"]
    assert "9903.05.86" in lines.loc[3, "check"] and "charges 9903.05.44" in lines.loc[3, "check"]
    assert lines.loc[4, "check"] == "agrees"
    assert lines.loc[5, "check"] == "agrees" and lines.loc[5, "duty_usd"] == pytest.approx(16.5)
    assert lines.loc[6, "check"] == "agrees" and lines.loc[6, "duty_usd"] == pytest.approx(100.0)


def _es003(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Entry Summary Number", "Entry Summary Line Number", "Entry Type Code", "Entry Date",
               "Entry Summary Date", "Country of Origin Code", "HTS Number - Full", "Line Tariff Goods Value Amount",
               "Line Tariff Duty Amount", "Liquidation Date", "Liquidation Status"])
    # line 1: T-shirts of 2025-09-01 with the India reciprocal and penalty rows (25% + 25% of 8,000)
    ws.append(["EEE12345678", 1, "01", "09/01/2025", "09/10/2025", "IN", 6109100012, 8000, 1320, "", "Open"])
    ws.append(["EEE12345678", 1, "01", "09/01/2025", "09/10/2025", "IN", "9903.02.26", 0, 2000, "", "Open"])
    ws.append(["EEE12345678", 1, "01", "09/01/2025", "09/10/2025", "IN", "9903.01.84", 0, 2000, "", "Open"])
    # line 2: shrimp, no Chapter 99 row declared although the regime charges both
    ws.append(["EEE12345678", 2, "01", "09/01/2025", "09/10/2025", "IN", "0306170041", 1000, 0, "", "Open"])
    wb.save(path)
    return path


def test_an_ace_es003_export_is_read_through_its_declared_layout(tmp_path):
    table = read_entries(_es003(tmp_path / "es003.xlsx"))
    assert table.layout == "ace_es003" and len(table) == 2 and not table.problems
    assert table.hts.tolist() == ["6109100012", "0306170041"]  # the number stored by Excel keeps its zero
    assert table.declared[0] == ("9903.02.26", "9903.01.84") and table.ieepa_paid_usd[0] == pytest.approx(4000.0)
    assert table.entry_day[0] == (date(2025, 9, 1) - date(1970, 1, 1)).days
    got = price_file(tmp_path / "es003.xlsx").lines().frame.set_index("line_number")
    assert got.loc[1, "duty_usd"] == pytest.approx(8000 * 0.665) and got.loc[1, "check"] == "agrees"
    assert "not declared" in got.loc[2, "check"]


def test_your_own_layout_file_maps_a_broker_export(tmp_path):
    layout = tmp_path / "mybroker.toml"
    layout.write_text('[layout.mybroker]\ntitle = "my broker"\nsource = "their manual"\ndate_formats = ["%d.%m.%Y"]\n'
                      '[layout.mybroker.columns]\nentry_number = ["Entry"]\nline_number = ["Ln"]\nhts = ["Tariff"]\n'
                      'country_of_origin = ["COO"]\nentry_date = ["Date"]\nvalue_usd = ["Value"]\n')
    path = _write(tmp_path / "b.csv", [["X1", "1", "6109100012", "IN", "01.12.2026", "100"]],
                  header=["Entry", "Ln", "Tariff", "COO", "Date", "Value"])
    got = price_file(path, layout)
    assert got.lines().frame["duty_usd"].tolist() == pytest.approx([26.5])


def test_file_level_problems_are_errors_naming_the_file(tmp_path):
    with pytest.raises(InputFileError, match="not found"):
        read_entries(tmp_path / "missing.csv")
    path = _write(tmp_path / "cols.csv", [["1", "2"]], header=["entry_number", "value_usd"])
    with pytest.raises(InputFileError) as exc:
        read_entries(path)
    assert "cols.csv" in exc.value.message and "line_number" in exc.value.message
    (tmp_path / "x.xlsx").write_text("not excel")
    with pytest.raises(InputFileError, match="cannot be read as Excel"):
        read_entries(tmp_path / "x.xlsx")


def test_entries_command_formats_and_exit_codes(cli, bad_file, tmp_path):
    code, out, err = cli("entries", str(bad_file), "--format", "csv")
    assert code == 0 and "12 of 15 lines not priced" in err
    body = list(csv.DictReader(io.StringIO(out)))
    assert len(body) == 15 and body[0]["duty_usd"] == "2650.0"
    code, out, _ = cli("entries", str(bad_file), "--table", "entries", "--format", "json")
    doc = json.loads(out)
    by_entry = {r["entry_number"]: r for r in doc["rows"]}
    assert code == 0 and by_entry["AAA00000001"]["duty_usd"] == pytest.approx(4650.0)
    assert {f["name"] for f in doc["figures"]} >= {"duty_usd", "lines_not_priced"}
    code, out, _ = cli("entries", str(bad_file), "--table", "problems")
    assert code == 0 and "not a line of the USA schedule" in out
    xlsx = tmp_path / "priced.xlsx"
    code, _, err = cli("entries", str(bad_file), "--format", "excel", "--out", str(xlsx))
    assert code == 0 and openpyxl.load_workbook(xlsx).sheetnames == ["about", "lines", "entries", "duties", "problems"]
    code, _, err = cli("entries", str(tmp_path / "nope.csv"))
    assert code == 2 and "not found" in err and "Traceback" not in err
    code, _, err = cli("entries", str(bad_file), "--format", "excel")
    assert code == 2 and "--out FILE.xlsx" in err


def test_the_entries_page_is_current():
    from pathlib import Path

    from tradedeal.customs import docs

    page = Path(__file__).parents[1] / "docs" / "entries.md"
    text = page.read_text(encoding="utf-8")
    assert docs.render(text) == text, "run: python -m tradedeal.customs.docs docs/entries.md"
