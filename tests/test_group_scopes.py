"""Product groups cover the HS scopes they claim: every include and exclude prefix is a line (or
the parent of lines) of a real schedule, the 2025 critical-minerals list extends the 2022 one by
exactly the ten minerals the USGS added, and the groups the target and dependency commands use
exist and say where their definition comes from."""

from __future__ import annotations

import pytest

from tradedeal import datasets
from tradedeal.codes.groups import group_of, groups

# the ten minerals added by the USGS Final 2025 List (2025-11-07), each with a line of the
# US HTS 2025 that must fall in the group
ADDED_2025 = {
    "boron": "2528000005", "copper": "7403110000", "lead": "7801100000", "metallurgical coal": "2701120010",
    "phosphate": "2510100000", "potash": "3104200010", "rhenium": "8112415000", "silicon": "2804610000",
    "silver": "7106911010", "uranium": "2612100000",
}


@pytest.fixture(scope="module")
def hts_lines() -> set[str]:
    frame = datasets.load("hts_2025_basic", columns=["hts10"])
    return set(frame["hts10"].dropna().astype(str))


def test_every_prefix_of_every_group_is_in_the_us_schedule(hts_lines):
    missing = [(g.name, p) for g in groups().values() for p in (*g.include, *g.exclude)
               if not any(line.startswith(p) for line in hts_lines)]
    assert missing == []


def test_the_2025_list_is_the_2022_list_plus_the_ten_added_minerals():
    defs = groups()
    new, old = set(defs["critical_minerals"].include), set(defs["critical_minerals_2022"].include)
    assert old <= new
    for mineral, line in ADDED_2025.items():
        assert "critical_minerals" in group_of(line), mineral
        assert "critical_minerals_2022" not in group_of(line), mineral
    assert "60 minerals" in defs["critical_minerals"].source and "2022" in defs["critical_minerals_2022"].label


@pytest.mark.parametrize("name", ["critical_minerals", "energy", "defence", "nuclear", "semiconductors",
                                  "pharmaceuticals", "aircraft", "technology", "agriculture"])
def test_groups_of_the_target_and_dependency_commands_state_their_scope(name):
    g = groups()[name]
    assert g.source and g.approximation and g.include


def test_agriculture_follows_the_wto_annex_without_fish():
    assert "agriculture" in group_of("0201100000")       # beef
    assert "agriculture" in group_of("5201000500")       # raw cotton (Annex 1 item of chapter 52)
    assert "agriculture" not in group_of("0306170040")   # shrimp
    assert "agriculture" not in group_of("1604141010")   # canned tuna
    assert "agriculture" not in group_of("5208110000")   # cotton fabric


def test_declared_icio_sectors_exist_and_hold_the_groups_products():
    from tradedeal.codes.groups import membership
    from tradedeal.codes.sectors import hs6_to_sector

    known = set(datasets.load("icio_sectors")["sector"])
    table = hs6_to_sector()
    mem = membership(table["hs6"].unique()).astype(object).merge(table, left_on="code", right_on="hs6")
    declared = {n: g for n, g in groups().items() if g.icio_sectors}
    assert {"energy", "aircraft", "defence", "technology", "agriculture"} <= set(declared)
    for name, g in declared.items():
        assert set(g.icio_sectors) <= known, name
        # each declared sector is one the HS6 -> ISIC Rev. 4 concordance maps some of the group's products to
        assert set(g.icio_sectors) <= set(mem.loc[mem["group"] == name, "sector"]), name
