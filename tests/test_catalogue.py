"""The catalogue is the one record of the shipped data: its page is current, every dataset named
in code or in a data file exists, every role it declares is well formed, and every role lookup the
code makes for the shipped regimes and scenarios finds a dataset (the user's imports first)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from tradedeal import datasets
from tradedeal.datasets import docs
from tradedeal.datasets.roles import check_role
from tradedeal.regime.folders import shipped_regimes
from tradedeal.scenario import load_scenario, shipped_pair, shipped_scenarios
from tradedeal.store import Store
from tradedeal.store.importer import import_file, remove_import

ROOT = Path(__file__).parents[1]
SRC = ROOT / "src" / "tradedeal"
FIX = Path(__file__).parent / "fixtures"


def test_datasets_page_is_current():
    path = ROOT / "docs" / "datasets.md"
    text = path.read_text(encoding="utf-8")
    assert docs.render(text) == text, "run: python -m tradedeal.datasets.docs docs/datasets.md"


def test_every_declared_role_is_well_formed():
    problems = [p for name in datasets.names() for r in datasets.info(name).roles for p in check_role(r, name)]
    assert problems == []


NAMED_IN_CODE = re.compile(r"""datasets\.(?:load|info|read_arrow|verified_path)\(\s*["']([a-z0-9_]+)["']""")


def _names_in_code() -> set[str]:
    """Dataset names written as literals: datasets.load("name"), and {name} in SQL given to
    datasets.query ({{name}} inside an f-string)."""
    out: set[str] = set()
    for p in SRC.rglob("*.py"):
        text = p.read_text(encoding="utf-8")
        out |= set(NAMED_IN_CODE.findall(text))
        for prefix, sql in re.findall(r'query\(\s*(f?)"([^"]+)"', text):
            pattern = r"(?<!\{)\{\{([a-z][a-z0-9_]+)\}\}(?!\})" if prefix else r"\{([a-z][a-z0-9_]+)\}"
            out |= set(re.findall(pattern, sql))
    return out


def _names_in_data_files() -> set[str]:
    out: set[str] = set()
    for p in [*SRC.glob("regime/data/*/*.toml"), *SRC.glob("scenario/data/*.toml")]:
        out |= set(re.findall(r'^\s*dataset\s*=\s*"([^"]+)"', p.read_text(encoding="utf-8"), flags=re.M))
    for name in datasets.names():  # datasets a role refers to (a scale rule's dataset)
        for r in datasets.info(name).roles:
            scale = r.get("scale")
            if scale:
                out.add(dict(scale)["dataset"])
    return out


def test_every_dataset_named_in_code_or_data_files_exists():
    named = _names_in_code() | _names_in_data_files()
    assert len(named) > 10  # the scan finds the names (a scan that finds nothing proves nothing)
    missing = sorted(n for n in named if n not in datasets.manifest())
    assert missing == [], f"named but not in the catalogue: {missing}"


def test_every_role_lookup_of_the_shipped_regimes_and_scenarios_resolves():
    lookups = []
    for importer in shipped_regimes():
        lookups += [("universe", {"importer": importer}), ("descriptions", {"importer": importer})]
    icio = set(datasets.load("icio_node_totals")["country"])
    unsized = []
    for name in shipped_scenarios():
        s = load_scenario(name)
        for market in s.markets:
            # a market's data: its import table, the pair's trade, or else its size from the ICIO flows
            if not (datasets.find("import_table", importer=market)
                    or datasets.find("trade", importer=market, exporter=s.partner_of(market)) or market in icio):
                unsized.append((name, market))
    assert unsized == []
    # the pair's history for `tradedeal target`, in each side's own statistics
    a, b = shipped_pair()
    lookups += [("bilateral_series", {"reporter": a, "partner": b}), ("bilateral_series", {"reporter": b, "partner": a})]
    lookups += [("import_table", {"importer": "USA"}), ("content_shares", {"importer": "USA"}),
                ("elasticities", {"market": "USA", "kind": "import_demand"}),
                ("elasticities", {"market": "USA", "kind": "substitution"}),
                ("elasticities", {"market": "IND", "kind": "substitution"}),
                ("input_output", {"source": "caliendo_parro_2015", "table": "economy"})]
    empty = [(role, keys) for role, keys in lookups if not datasets.find(role, **keys)]
    assert empty == []


def test_a_folder_dataset_is_verified_file_by_file(tmp_path, monkeypatch):
    info = datasets.info("caliendo_parro_2015")
    assert info.kind == "folder" and {f for f, _ in info.files} >= {"xbilat1993.txt", "SHA256SUMS", "economy.toml"}
    assert datasets.verified_path("caliendo_parro_2015").name == "economy.toml"
    with pytest.raises(Exception, match="folder of files"):
        datasets.load("caliendo_parro_2015")


def test_role_lookup_sees_the_users_imports_first():
    assert all(m.kind == "shipped" for m in datasets.find("trade", importer="USA", exporter="IND"))
    with Store.open() as store:
        report = import_file(store, FIX / "comtrade_plus_usa_imports_ind_2024.csv", "comtrade")
    found = datasets.find("trade", importer="USA", exporter="IND")
    assert found[0].kind == "user" and 2024 in found[0].get("years")
    assert found[1].kind == "shipped"
    with Store.open() as store:
        remove_import(store, report.import_id)
    assert all(m.kind == "shipped" for m in datasets.find("trade", importer="USA", exporter="IND"))


def test_unknown_role_or_key_is_a_clear_error():
    from tradedeal.errors import QueryError

    with pytest.raises(QueryError, match="unknown dataset role"):
        datasets.find("tariff")
    with pytest.raises(QueryError, match="not looked up by"):
        datasets.find("universe", exporter="IND")
    with pytest.raises(QueryError, match="no dataset serves"):
        datasets.require("import_table", "the importer's table", importer="VNM")


def test_regime_toml_lists_and_tables_name_datasets_that_exist():
    for folder in shipped_regimes().values():
        raw = tomllib.loads((folder / "regime.toml").read_text(encoding="utf-8"))
        for kind in ("lists", "rate_tables"):
            for name, body in raw.get(kind, {}).items():
                if "dataset" in body:
                    assert body["dataset"] in datasets.manifest(), f"{folder.name}: {kind}.{name}"
