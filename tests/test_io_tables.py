"""Input-output economies from files (tradedeal.datasets.io_tables): the shipped Caliendo-Parro
copy (checksums, labels, the paper's counterfactuals as data), the documented CSV layout
(round trip, the hand-written toy economy in tests/fixtures/io_economy_toy/), and bad input:
every problem at once, each naming its file, line and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from tradedeal.datasets import io_tables
from tradedeal.errors import DataIntegrityError, InputFileError

TOY = Path(__file__).parent / "fixtures" / "io_economy_toy"
CP_DIR = io_tables.shipped()["caliendo_parro_2015"].parent


@pytest.fixture(scope="module")
def cp():
    return io_tables.read("caliendo_parro_2015")


def test_the_shipped_copy_is_the_package_own_and_verified(cp):
    # The project reads its own copy (never ../shared), and every data file is checksum-verified.
    assert Path(cp.manifest).parent == CP_DIR and "shared" not in cp.manifest
    assert cp.checksums == "SHA256SUMS"
    sums = dict(line.split()[::-1] for line in (CP_DIR / "SHA256SUMS").read_text().splitlines())
    assert len(sums) == 7 and {name: d for name, d in cp.files if name in sums} == sums
    readme = (CP_DIR / "README.md").read_text()
    assert "No licence is stated by the authors" in readme and "Caliendo and F. Parro" in readme
    assert "no licence stated" in cp.licence


def test_caliendo_parro_arrays(cp):
    assert len(cp.countries) == 31 and len(cp.sectors) == 40 and cp.tradable.sum() == 20
    assert cp.countries[:2] == ("ARG", "AUS") and cp.countries[-1] == "ROW" and cp.sectors[0] == "Agriculture"
    assert cp.flows.shape == (40, 31, 31) and not cp.flows[20:].any()         # services do not trade
    assert not cp.flows[:, range(31), range(31)].any()                        # flows between countries only
    assert np.isnan(cp.theta[20:]).all() and cp.theta[6] == pytest.approx(64.85)
    # units: xbilat in thousand USD, GO in USD -> USD mn; USA's imports of Auto from Canada, 1993
    assert cp.flows[17, cp.countries.index("USA"), cp.countries.index("CAN")] > 20_000
    with pytest.raises(ValueError):
        cp.flows[0, 0, 1] = 1.0                                               # read-only


def test_the_paper_counterfactuals_as_data(cp):
    nafta, world = cp.counterfactual("nafta"), cp.counterfactual("all_2005")
    three = [cp.countries.index(c) for c in ("CAN", "MEX", "USA")]
    changed = np.argwhere(nafta.tariffs != cp.tariffs)
    assert {(n, i) for _, n, i in changed} <= {(n, i) for n in three for i in three if n != i}
    assert nafta.cells_changed == len(changed) > 100
    assert world.cells_changed > 15_000
    k = np.ix_(range(40), three, three)
    assert np.array_equal(nafta.tariffs[k], world.tariffs[k])
    with pytest.raises(Exception, match="no counterfactual 'gatt'"):
        cp.counterfactual("gatt")


def _copy(tmp_path: Path, src: Path = CP_DIR) -> Path:
    dst = tmp_path / src.name
    shutil.copytree(src, dst)
    for p in dst.iterdir():
        p.chmod(0o644)
    return dst


def test_a_corrupted_file_is_refused(tmp_path):
    d = _copy(tmp_path)
    t = (d / "T.txt").read_text().replace("9.11", "9.12", 1)
    (d / "T.txt").write_text(t)
    with pytest.raises(DataIntegrityError, match=r"T.txt: SHA-256 .* does not match"):
        io_tables.read(d)
    (d / "IO.txt").unlink()
    with pytest.raises(DataIntegrityError, match="IO.txt: listed in SHA256SUMS but missing"):
        io_tables.read(d)


def test_text_layout_problems_name_file_line_and_column(tmp_path):
    d = _copy(tmp_path)
    (d / "SHA256SUMS").unlink()
    text = (d / "economy.toml").read_text().replace('checksums = "SHA256SUMS"\n', "")
    (d / "economy.toml").write_text(text)
    lines = (d / "GO.txt").read_text().splitlines()
    (d / "GO.txt").write_text("\n".join(lines[:-1]) + "\n")
    with pytest.raises(InputFileError, match=r"GO.txt: has 39 lines x 31 columns; expected 40 x 31"):
        io_tables.read(d)
    cells = lines[2].split("\t")
    cells[3] = "n/a"
    lines[2] = "\t".join(cells)
    (d / "GO.txt").write_text("\n".join(lines) + "\n")
    with pytest.raises(InputFileError) as e:
        io_tables.read(d)
    assert "line 3, field 'column 4': 'n/a' is not a number >= 0" in str(e.value)


def test_round_trip_through_the_documented_layout(cp, tmp_path):
    manifest = io_tables.write(cp, tmp_path / "cp_tables")
    back = io_tables.read(manifest)
    assert back.countries == cp.countries and back.sectors == cp.sectors
    for name in ("flows", "tariffs", "gross_output", "value_added_share", "input_output", "tradable"):
        assert np.array_equal(getattr(back, name), getattr(cp, name)), name
    assert np.array_equal(back.theta, cp.theta, equal_nan=True)
    for a, b in zip(back.counterfactuals, cp.counterfactuals):
        assert a.name == b.name and np.array_equal(a.tariffs, b.tariffs)
    assert back.exports_above_output == "raise_output" and back.checksums == ""


def test_the_toy_economy_reads():
    t = io_tables.read(TOY)
    assert t.countries == ("AAA", "BBB", "CCC") and t.sectors == ("goods", "services")
    assert t.flows[0, 0, 1] == pytest.approx(20_000.0)                        # value_usd_bn -> USD mn
    assert t.tariffs[0, 0, 1] == pytest.approx(0.10) and t.tariffs[0, 2, 0] == 0.0
    cf = t.counterfactual("free_trade")
    assert cf.tariffs[0, 0, 1] == 0.0 and cf.tariffs[0, 0, 2] == pytest.approx(0.10) and cf.cells_changed == 1


def _toy(tmp_path: Path) -> Path:
    return _copy(tmp_path, TOY)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def test_every_problem_of_a_table_at_once_with_its_line(tmp_path):
    d = _toy(tmp_path)
    _edit(d / "flows.csv", "goods,AAA,CCC,10", "goods,AAA,XXX,10")
    _edit(d / "flows.csv", "goods,BBB,AAA,15", "goods,BBB,AAA,-15")
    _edit(d / "flows.csv", "goods,CCC,AAA,8", "goods,CCC,CCC,8")
    with (d / "flows.csv").open("a") as f:
        f.write("goods,AAA,BBB,3\nservices,AAA,BBB,1\n")
    with pytest.raises(InputFileError) as e:
        io_tables.read(d)
    msg = str(e.value)
    f = str(d / "flows.csv")
    assert f"{f}: 5 problem(s)" in msg
    assert f"{f}: line 3, field 'exporter': 'XXX' is not a country of the countries table" in msg
    assert f"{f}: line 4, field 'value_usd_bn': '-15' is not a number >= 0" in msg
    assert f"{f}: line 6, field 'exporter': a domestic flow" in msg
    assert f"{f}: line 8, field 'sector, importer, exporter': same sector, importer, exporter as line 2" in msg
    assert f"{f}: line 9, field 'sector': 'services' is not tradable" in msg
    assert "fix:" in msg


def test_problems_in_several_files_are_listed_together(tmp_path):
    d = _toy(tmp_path)
    _edit(d / "output.csv", "AAA,goods,100,0.4", "AAA,goods,100,1.4")
    _edit(d / "input_output.csv", "BBB,services,goods,0.5", "BBB,services,goods,0.3")
    _edit(d / "sectors.csv", "goods,Goods,true,5", "goods,Goods,true,")
    with pytest.raises(InputFileError) as e:
        io_tables.read(d)
    msg = str(e.value)
    assert "problem(s) in sectors.csv, output.csv, input_output.csv" in msg
    assert "line 2, field 'sectors.csv: theta': a tradable sector needs its trade elasticity theta" in msg
    assert "line 2, field 'output.csv: value_added_share': '1.4' is not a number >= 0 and <= 1" in msg
    assert "line 6, field 'input_output.csv: share': BBB goods: shares of materials cost sum to 0.8, not 1" in msg


def test_totals_that_do_not_fit(tmp_path):
    d = _toy(tmp_path)
    _edit(d / "output.csv", "CCC,goods,60,0.45", "CCC,goods,12,0.45")     # CCC exports 15 bn of goods
    with pytest.raises(InputFileError) as e:
        io_tables.read(d)
    assert "line 6, field 'gross_output_usd_bn': CCC goods: exports in the flows table sum to 15, more than gross output 12" in str(e.value)
    assert 'exports_above_output = "raise_output"' in str(e.value)
    _edit(d / "economy.toml", 'imbalances = "remove"', 'imbalances = "remove"\nexports_above_output = "raise_output"')
    assert io_tables.read(d).gross_output[0, 2] == pytest.approx(12_000.0)  # accepted; calibration raises it


def test_shapes_that_do_not_fit(tmp_path):
    d = _toy(tmp_path)
    text = (d / "output.csv").read_text().splitlines()
    (d / "output.csv").write_text("\n".join(l for l in text if not l.startswith("BBB,services")) + "\n")
    _edit(d / "flows.csv", "value_usd_bn", "value_usd_bn,value_usd")
    with pytest.raises(InputFileError) as e:
        io_tables.read(d)
    msg = str(e.value)
    assert "output.csv: country, sector': 1 country-sector pair(s) have no row (e.g. BBB services)" in msg
    assert "flows.csv: value_usd_mn': needs exactly one column of value_usd, value_usd_thousand, value_usd_mn, value_usd_bn" in msg


def test_manifest_problems_name_their_lines(tmp_path):
    d = _toy(tmp_path)
    _edit(d / "economy.toml", 'name = "toy"', 'name = "Toy economy"\ncolour = "red"')
    _edit(d / "economy.toml", 'tariffs = "free_trade.csv"', 'tariffs = "free_trade.csv"\nimporters = ["AAA"]\nwhen = 2030')
    with pytest.raises(InputFileError) as e:
        io_tables.read(d)
    msg = str(e.value)
    assert "line 2, field 'economy.name': use lower case letters" in msg
    assert "line 3, field 'economy.colour': unknown field 'colour'" in msg
    assert "field 'counterfactual #1.when': unknown field" in msg
    d = _toy(tmp_path / "b")
    _edit(d / "economy.toml", 'tariffs = "free_trade.csv"', 'tariffs = "free_trade.csv"\nimporters = ["AAA", "ZZZ"]')
    with pytest.raises(InputFileError, match=r"line 16, field 'counterfactual #1.importers': not in the economy: ZZZ"):
        io_tables.read(d)
    with pytest.raises(InputFileError, match="economy manifest not found"):
        io_tables.read(tmp_path / "nowhere")


def test_docs_page_is_current():
    path = Path(__file__).parents[1] / "docs" / "io-economy.md"
    text = path.read_text(encoding="utf-8")
    assert io_tables.render(text) == text, "run: python -m tradedeal.datasets.io_tables docs/io-economy.md"
