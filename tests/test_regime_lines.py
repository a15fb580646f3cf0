"""Hand-worked duties on single lines, each against the fact sheet
(../shared/docs/facts-us-india-2025-2026.md, rows A1-A8 and the Section 232 table) and the
HTS 2025 column 1 rate of the line. Dates: before the country rates (2025-04-20), India at
25% (2025-08-10), with the Russian-oil penalty (2025-09-01), Section 122 after IEEPA
(2026-03-01) and after Section 122 expired (2026-08-01): since issue 12 that date also carries the
forced-labour Section 301 rate of U.S. note 52 (India 9903.05.44, +10% from 2026-07-24;
../shared/docs/facts-us-2026h2.md rows A1 #1-2 and A2), so its expectations follow that fact sheet.

Tolerance: 1e-6 percentage points (the rates are exact; only floating-point noise)."""

from __future__ import annotations

import pytest

from tradedeal.regime import Options, compiled, duty, lookup

EXACT = 1e-6
DATES = ("2025-04-20", "2025-08-10", "2025-09-01", "2026-03-01", "2026-08-01")


@pytest.fixture(scope="module")
def us():
    return compiled("USA")


def total(us, code, origin, on):
    return lookup(us, code, origin, on).total_pct


@pytest.mark.parametrize("on, expected, why", [
    ("2025-04-05", 26.5, "A2: 10% baseline from 2025-04-05 on MFN 16.5%"),
    ("2025-04-09", 42.5, "A3: India's Annex I rate 26% for one day"),
    ("2025-04-20", 26.5, "A3 suspended 2025-04-10: back to the 10% baseline"),
    ("2025-08-10", 41.5, "A4: 25% replaces the 10% from 2025-08-07"),
    ("2025-09-01", 66.5, "A4 + A5: 25% + 25% Russian-oil penalty = 50% on top of MFN"),
    ("2026-02-10", 41.5, "A5 lifted 2026-02-07"),
    ("2026-03-01", 26.5, "A7 IEEPA ended 2026-02-24; A8 Section 122 10%"),
    ("2026-08-01", 26.5, "A8 expired at the close of 2026-07-23; 9903.05.44 +10% from 2026-07-24 "
                         "(facts-us-2026h2 A2: 'Cotton T-shirt 6109.10: 16.5% + 10% = 26.5%')"),
])
def test_cotton_tshirts_from_india(us, on, expected, why):
    # HTS 6109.10.00 (T-shirts of cotton): column 1 general 16.5%.
    assert total(us, "6109100012", "IND", on) == pytest.approx(expected, abs=EXACT), why


@pytest.mark.parametrize("on, expected", zip(DATES, (10.0, 25.0, 50.0, 10.0, 10.0)))
def test_frozen_shrimp_from_india(us, on, expected):
    # HTS 0306.17.00 shrimp: MFN free; A2, A4, A4+A5, A8; from 2026-07-24 the note 52 rate, 10%
    # (9903.05.44; shrimp 0306 is not on the 52(b) list: facts-us-2026h2 A2).
    assert total(us, "0306170041", "IND", on) == pytest.approx(expected, abs=EXACT)


@pytest.mark.parametrize("on", DATES)
def test_smartphones_pay_nothing(us, on):
    # 8517.13.00: MFN free; exempt from the reciprocal duties (electronics memo of 2025-04-11,
    # Annex II list 9903.01.32), from the penalty (9903.01.86) and from Section 122 (9903.03.03).
    assert total(us, "8517130000", "IND", on) == pytest.approx(0.0, abs=EXACT)


def test_smartphone_breakdown_names_the_exemption(us):
    frame = duty("8517.13.0000", "IND", "2025-09-01", c=us).frame.set_index("measure")
    assert frame.loc["us.ieepa.reciprocal.ind", "status"] == "exempt"
    assert "annex_ii" in frame.loc["us.ieepa.reciprocal.ind", "why"]
    assert "9903.01.32" in frame.loc["us.ieepa.penalty.ind.russian_oil", "why"]


@pytest.mark.parametrize("on", DATES)
def test_generic_medicines_escape_the_reciprocal_duties(us, on):
    # 3004.90.92 medicaments: Annex II (9903.01.32), penalty exemption 9903.01.86 and Section 122
    # exemption 9903.03.03. What is left is the Section 232 steel/aluminium derivative duty on
    # the metal content of the packaging (derivative list of 2025-08-18) - a fraction of a point.
    frame = duty("3004.90.9215", "IND", on, c=us).frame
    recip = frame[frame["stacking_group"].isin(["reciprocal", "country_penalty", "s122"])]
    assert (recip["duty_pct"] == 0).all() and set(recip["status"]) <= {"exempt", "superseded", "excluded"}
    assert total(us, "3004909215", "IND", on) < 0.2


@pytest.mark.parametrize("on, expected", zip(DATES, (25.0, 50.0, 50.0, 50.0, 50.0)))
def test_steel_pipe_under_section_232(us, on, expected):
    # 7306.30.50 steel tubes (MFN free): Section 232 steel 25% (2025-03-12), 50% (2025-06-04),
    # annex I-A 50% from 2026-04-06. Section 232 goods are not subject to the reciprocal duty
    # (9903.01.33), the penalty (note 2(z)(iii)) or Section 122 (9903.03.06).
    assert total(us, "7306305032", "IND", on) == pytest.approx(expected, abs=EXACT)


@pytest.mark.parametrize("on, expected, why", [
    ("2025-04-20", 12.5, "before the auto-parts duty of 2025-05-03: MFN 2.5% + baseline 10%"),
    ("2025-08-10", 27.5, "auto parts 25% (Proclamation 10908), reciprocal excluded"),
    ("2025-09-01", 27.5, "penalty excluded too (note 2(z)(vii)-(viii))"),
    ("2026-03-01", 27.5, "Section 122 does not stack on 232 goods"),
])
def test_auto_part_from_india(us, on, expected, why):
    # 8708.30.50 brakes and parts: MFN 2.5%; on the note 33(g) parts list.
    assert total(us, "8708305040", "IND", on) == pytest.approx(expected, abs=EXACT), why


def test_derivative_pays_232_on_metal_content_and_reciprocal_on_the_rest(us):
    # 8413.91.90 pump parts (MFN free) on the steel derivative list (2025-08-18 inclusions).
    # BEA steel share of the line: 0.083463 (metal_content_shares). On 2025-09-01:
    # 50% x 0.083463 + (25% + 25%) x (1 - 0.083463) = 4.17315 + 45.82685 = 50.0.
    s = 0.083463
    got = lookup(us, "8413919096", "IND", "2025-09-01")
    assert got.by_measure["us.s232.steel.deriv.50"] == pytest.approx(50 * s, abs=1e-4)
    assert got.by_measure["us.ieepa.reciprocal.ind"] == pytest.approx(25 * (1 - s), abs=1e-4)
    assert got.total_pct == pytest.approx(50.0, abs=1e-4)
    # The derivative list entry starts 2025-08-18: before it, the baseline alone.
    assert total(us, "8413919096", "IND", "2025-06-01") == pytest.approx(10.0, abs=EXACT)


def test_full_value_option_charges_232_on_the_whole_value():
    c = compiled("USA", options=Options(content_rule="full_value"))
    got = lookup(c, "8413919096", "IND", "2025-09-01")
    assert got.by_measure["us.s232.steel.deriv.50"] == pytest.approx(50.0)
    assert got.total_pct == pytest.approx(50.0)  # the reciprocal and penalty drop out entirely


def test_user_content_shares_override_the_bea_table():
    import pandas as pd

    shares = pd.DataFrame({"hs10": ["8413919096"], "steel_share": [0.40]})
    c = compiled("USA", options=Options(content_shares=shares))
    got = lookup(c, "8413919096", "IND", "2025-09-01")
    assert got.by_measure["us.s232.steel.deriv.50"] == pytest.approx(20.0, abs=1e-5)
    assert got.by_measure["us.ieepa.reciprocal.ind"] == pytest.approx(15.0, abs=1e-5)


def test_us_content_rule_spares_the_us_content_from_the_reciprocal_duty_only():
    # 9903.01.34: with at least 20% US content only the non-US content pays the reciprocal
    # duty; the penalty (note 2(z)) has no such rule.
    c = compiled("USA", options=Options(us_content=0.30))
    got = lookup(c, "6109100012", "IND", "2025-09-01")
    assert got.by_measure["us.ieepa.reciprocal.ind"] == pytest.approx(25 * 0.7)
    assert got.by_measure["us.ieepa.penalty.ind.russian_oil"] == pytest.approx(25.0)
    below = compiled("USA", options=Options(us_content=0.15))
    assert lookup(below, "6109100012", "IND", "2025-09-01").total_pct == pytest.approx(66.5)


@pytest.mark.parametrize("loaded, entered, expected, rule", [
    ("2025-08-01", "2025-08-20", 26.5, "9903.02.26: loaded before 08-07, entered before 10-05: old 10%"),
    ("2025-08-01", "2025-10-06", 66.5, "entered after 10-05: the in-transit rule no longer helps"),
    ("2025-08-20", "2025-09-10", 41.5, "9903.01.85: loaded before 08-27, entered before 09-17: no penalty"),
    ("2025-08-20", "2025-09-20", 66.5, "entered after 09-17: penalty due"),
    ("2026-02-20", "2026-02-26", 16.5, "9903.03.02: loaded before 02-24, entered before 02-28: no Section 122"),
])
def test_in_transit_rules(us, loaded, entered, expected, rule):
    frame = duty("6109.10.0012", "IND", entered, loaded=loaded, c=us).frame
    assert frame.loc[frame["status"] == "applied", "duty_pct"].sum() == pytest.approx(expected), rule


def test_exemption_list_switches_on_its_date(us):
    # Coffee (0901.11.00): the agricultural additions to the note 2(v)(iii) list apply from
    # 2025-11-13 (fact sheet, 'Agricultural products EO'); before, India's coffee paid 25% + 25%.
    assert total(us, "0901110055", "IND", "2025-11-12") == pytest.approx(50.0)
    assert total(us, "0901110055", "IND", "2025-11-13") == pytest.approx(0.0)


def test_eu_floor_tops_mfn_up_to_15_percent(us):
    # 9903.02.20: EU goods with MFN below 15% pay 15% in all; 9903.02.19: MFN >= 15% pays MFN.
    assert total(us, "6109100012", "DEU", "2025-09-01") == pytest.approx(16.5)   # MFN 16.5%
    assert total(us, "0306170041", "DEU", "2025-09-01") == pytest.approx(15.0)   # MFN free
    assert total(us, "8703230190", "DEU", "2025-09-01") == pytest.approx(15.0)   # autos 232 at 15% all-in


def test_competitor_rates_on_the_same_line(us):
    # Shrimp on 2025-09-01: Vietnam 20% (9903.02.69), Ecuador 15% (9903.02.17), Indonesia 19%
    # (9903.02.27), Thailand 19% (9903.02.61), India 50%; China 20% fentanyl + 10% reciprocal
    # + 25% Section 301 (shrimp is on list 3, 9903.88.03).
    expected = {"VNM": 20.0, "ECU": 15.0, "IDN": 19.0, "THA": 19.0, "IND": 50.0, "CHN": 55.0}
    got = {e: total(us, "0306170041", e, "2025-09-01") for e in expected}
    assert got == pytest.approx(expected)


def test_china_peak_and_truce(us):
    # China, shrimp (MFN free, Section 301 list 3 at 25%): fentanyl 20% + reciprocal 125% + 25% on
    # 2025-04-20; after the Geneva truce (2025-05-14) 20% + 10% + 25%; fentanyl cut to 10% from
    # 2025-11-10; after IEEPA (2026-03-01) Section 301 25% + Section 122 10%.
    assert total(us, "0306170041", "CHN", "2025-04-20") == pytest.approx(170.0)
    assert total(us, "0306170041", "CHN", "2025-06-01") == pytest.approx(55.0)
    assert total(us, "0306170041", "CHN", "2025-12-01") == pytest.approx(45.0)
    assert total(us, "0306170041", "CHN", "2026-03-01") == pytest.approx(35.0)


def test_usmca_share_for_mexico(us):
    # Mexico fentanyl 25% on the non-USMCA share (32%) of an MFN-free line: 8.0 points.
    assert total(us, "0306170041", "MEX", "2025-09-01") == pytest.approx(8.0)


def test_query_after_verified_date_warns(us):
    result = duty("6109.10.0012", "IND", "2026-12-01", c=us)  # verified through 2026-10-08 since issue 12
    assert any(n.startswith("WARNING") and "verified" in n for n in result.notes)
    assert not any(n.startswith("WARNING") for n in duty("6109.10.0012", "IND", "2025-09-01", c=us).notes)


def test_shorter_code_lists_every_line_under_it(us):
    frame = duty("6109.10", "IND", "2025-09-01", c=us).frame
    assert frame["line"].nunique() > 5 and frame["line"].str.startswith("6109.10").all()


def test_unconfirmed_measures_are_left_out_unless_asked(us):
    # Section 232 semiconductors (fact sheet: narrow scope set by technical parameters).
    frame = duty("8471.50.0150", "TWN", "2026-03-01", c=us).frame.set_index("measure")
    assert frame.loc["us.s232.semiconductors", "status"] == "left out"
    c = compiled("USA", options=Options(include_status=("in_force", "unconfirmed")))
    assert lookup(c, "8471500150", "TWN", "2026-03-01").by_measure.get("us.s232.semiconductors") == 25.0


def test_india_side_group_average_and_named_lines():
    ind = compiled("IND")
    # Fact sheet B: bourbon 150% -> 100% from 2025-02-13; motorcycles 50% -> 40% from 2025-02-02.
    assert lookup(ind, "22083011", "USA", "2025-02-01").total_pct == pytest.approx(150.0)
    assert lookup(ind, "22083011", "USA", "2025-03-01").total_pct == pytest.approx(100.0)
    assert lookup(ind, "87112011", "USA", "2025-01-15").total_pct == pytest.approx(50.0)
    assert lookup(ind, "87112011", "USA", "2025-03-01").total_pct == pytest.approx(40.0)
    # A machinery line: no group figure, the 2023 non-agricultural average 13.5% (approximate).
    result = duty("84713010", "USA", "2025-09-01", importer="IND", c=ind)
    assert "13.5" in result.notes[0] or result.frame["duty_pct"].sum() == pytest.approx(13.5)
    assert "non-agricultural" in result.provenance[0].approximation
