"""Partner groups are data with dated membership: the shipped groups load, every member has a
date (or a date by which it was a member) and a source, membership follows the dates, and bad
files are reported with their line."""

from __future__ import annotations

import datetime as dt

import pytest

from tradedeal.codes.partners import members_on, partner_groups, resolve
from tradedeal.errors import InputFileError, QueryError


def test_shipped_groups_load_with_sources_and_dates():
    defs = partner_groups()
    assert {"pax_silica", "quad", "msp", "us_fta"} <= set(defs)
    for g in defs.values():
        assert len(g.source) > 20 and g.as_of
        for m in g.member:
            assert m.source and (m.joined or m.joined_by)
    assert len(defs["us_fta"].member) == 20
    assert {m.country for m in defs["quad"].member} == {"USA", "IND", "JPN", "AUS"}


def test_pax_silica_membership_follows_the_joining_dates():
    g = partner_groups()["pax_silica"]
    launch = members_on(g, "2025-12-12")
    assert set(launch.countries) == {"USA", "JPN", "KOR", "SGP", "GBR", "ISR", "AUS"}
    assert launch.unknown == ("GRC",)           # signed by 2026-02-20, date not found
    assert "QAT" not in launch.countries
    jan = members_on(g, dt.date(2026, 1, 15))
    assert {"QAT", "ARE"} <= set(jan.countries) and "IND" not in jan.countries
    after = members_on(g, "2026-03-01")
    assert {"IND", "GRC"} <= set(after.countries) and after.unknown == ()
    assert len(after.countries) == 11


def test_a_customs_union_counts_its_members():
    m = members_on(partner_groups()["msp"], "2025-01-01")
    assert "DEU" in m.countries and "EUN" not in m.countries and "NLD" in m.countries
    assert any("EUN counts its 27" in n for n in m.notes)
    assert "IND" in m.countries and "EST" in m.countries


def test_unknown_group_is_a_clear_error():
    with pytest.raises(QueryError, match="unknown partner group"):
        resolve(["pax_silica", "brics"])


def test_bad_file_names_the_line_and_field(tmp_path):
    path = tmp_path / "groups.toml"
    path.write_text("""
[groups.club]
label = "A club"
description = "test"
source = "test source"
as_of = 2026-01-01

[[groups.club.member]]
country = "IND"
joined = 2025-01-01
source = "x"

[[groups.club.member]]
country = "Narnia"
source = "y"
""", encoding="utf-8")
    with pytest.raises(InputFileError) as e:
        partner_groups(path)
    text = str(e.value)
    assert "groups.club.member[1]" in text and "line 14" in text and "Narnia" in text
