"""The US regime brought to the end of the sources (HTS 2026 revisions 10-20, verified through 2026-10-08):
every exception heading of the new measures declared and consistent with the data, every duty heading of
India and its competitors modelled or declared as not modelled, the Section 232 stacking exemptions as the
trigger lists of notes 52(f), 50(a)(vi) and 51(c) name them, and hand-worked lines before and after
2026-07-24 for India and competitors.

Sources of the hand-worked figures: ../shared/docs/facts-us-2026h2.md (rows A1-A3), the heading table
ch99_headings_2026h2 and lists ch99_lists_2026h2 (HTS 2026 rev. 12-20), the HTS 2025 column 1 rate of each
line (mfn_rates_2025). Tolerance: 1e-6 points (exact rates; floating-point noise only)."""

from __future__ import annotations

import re

import pytest

from tradedeal import datasets
from tradedeal.regime import Options, compiled, duty, lookup, regime_of

EXACT = 1e-6
FOCUS = {"IND", "CHN", "VNM", "BGD", "JPN", "KOR", "MEX", "BRA", "CAN", "DEU", "FRA", "ITA", "NLD", "IRL"}


@pytest.fixture(scope="module")
def us():
    return compiled("USA")


@pytest.fixture(scope="module")
def every():  # with unconfirmed, announced and conditional measures
    return compiled("USA", options=Options(include_status=Options.statuses(True)))


@pytest.fixture(scope="module")
def heads():
    return datasets.load("ch99_headings_2026h2")


def total(c, code, origin, on):
    return lookup(c, code, origin, on).total_pct


def _versions(heads, heading):
    return heads[heads["heading"] == heading].to_dict("records")


def _overlaps(m, row) -> bool:
    lo, hi = str(m.start), str(m.end) if m.end else "9999-12-31"
    until = row["valid_until"] or "9999-12-31"
    return lo <= until and row["valid_from"] < hi


def test_every_exception_heading_of_a_new_measure_is_declared_and_consistent(us, heads):
    regime = regime_of(us)
    by_id = {m.id: m for m in regime.measures}
    excluded = {g for rule in regime.rules for g in rule.excludes}
    problems = []
    checked = 0
    for m in regime.measures:
        notes = {n.heading: n for n in regime.exceptions.get(m.id, ())}
        for row in _versions(heads, m.heading):
            if not row["exceptions"] or not _overlaps(m, row):
                continue
            for h in row["exceptions"].split(";"):
                checked += 1
                n = notes.get(h)
                if n is None:
                    problems.append(f"{m.id} ({m.heading}): exception {h} not declared")
                    continue
                ok = True
                if n.how == "list":
                    named = set(re.findall(r"list (\w+)", n.source))
                    ok = any(h in [x.strip() for x in regime.lists[lid].heading.split(";")] or lid in named
                             for lid in m.exempt_lists)
                elif n.how == "transit":
                    ok = m.transit_exempt_until is not None
                elif n.how == "stacking":
                    ok = m.stacking_group in excluded
                elif n.how == "share":
                    ok = any(by_id[x].applies_to_share < 1 for x in (n.measures or [m.id]))
                elif n.how == "precedence":
                    ok = any(o.heading == h and o.stacking_group == m.stacking_group and o.precedence > m.precedence
                             for o in regime.measures)
                elif n.how == "content":
                    ok = m.basis == "non_us_content"
                if not ok:
                    problems.append(f"{m.id}: exception {h} declared '{n.how}' but the data does not do it")
    assert checked > 500 and problems == [], "\n".join(problems)


def test_every_duty_heading_of_india_and_its_competitors_is_modelled_or_declared(us, heads):
    regime = regime_of(us)
    modelled = {m.heading for m in regime.measures}
    declared = {n.heading for notes in regime.exceptions.values() for n in notes} | \
               {n.heading for n in regime.not_modelled}
    missing = []
    for row in heads.to_dict("records"):
        if row["rate_pct"] == 0:
            continue
        p = row["partner"]
        partners = set(p.split(":", 1)[1].split(";")) if p.startswith("all-except:") else set(p.split(";"))
        reaches = (p == "all" or (p.startswith("all-except:") and FOCUS - partners)
                   or (not p.startswith("all-except:") and partners & FOCUS))
        if reaches and row["heading"] not in modelled | declared:
            missing.append(f"{row['heading']} {row['partner'][:30]} {row['rate_pct']}%: {row['note'][:80]}")
    assert missing == [], "\n".join(missing)


def test_section_232_goods_are_spared_the_note_52_rates_exactly_as_note_52f_lists(us):
    # Note 52(f): the goods of the trigger headings n52f_triggers (from 2026-07-31, 78 headings) are not subject
    # to the country rates; 9903.08 (unmanned aircraft) is not among them, so those duties stack.
    regime = regime_of(us)
    lists = datasets.load("ch99_lists_2026h2")
    triggers = set(lists.loc[(lists["list_id"] == "n52f_triggers") & (lists["valid_from"] == "2026-07-31"), "hts"])
    spared = {g for rule in regime.rules if "s301_flip" in rule.excludes for g in [rule.when]}
    wrong = []
    for m in regime.measures:
        if m.authority != "section_232" or not m.heading or (m.end and str(m.end) <= "2026-07-31"):
            continue
        if (m.heading.replace(".", "") in triggers) != (m.stacking_group in spared):
            wrong.append(f"{m.id} {m.heading} group {m.stacking_group}")
    assert wrong == []


# ------------------------------------------------------------------------------------ hand-worked lines
@pytest.mark.parametrize("code, origin, on, expected, why", [
    # India, cotton T-shirt 6109.10.0012 (MFN 16.5%)
    ("6109100012", "IND", "2026-07-23", 26.5, "last day of Section 122 (10%, expired at the close of 2026-07-23)"),
    ("6109100012", "IND", "2026-07-24", 26.5, "9903.05.44: 16.5% + 10% = 26.5% (facts-us-2026h2 A2's own example)"),
    # India, frozen shrimp 0306.17.0041 (MFN free): not on the 52(b) list, so it pays the 10%
    ("0306170041", "IND", "2026-07-23", 10.0, "Section 122"),
    ("0306170041", "IND", "2026-12-01", 10.0, "9903.05.44 (shrimp 0306 is not on note 52(b), facts A2)"),
    # India, exempt: smartphones 8517.13.0000 on note 52(b) (9903.05.86)
    ("8517130000", "IND", "2026-12-01", 0.0, "9903.05.86: 8517.13.00 is on the 52(b) list"),
    # India, Section 232 line: steel tubes 7306.30.5032 (MFN free), annex I-A 50%; note 52(f) spares it
    ("7306305032", "IND", "2026-12-01", 50.0, "9903.82.02 50%; 9903.05.90 (52(f)) spares it the 10%"),
    # India, quartz surface products 6810.99.0020 (MFN free): the safeguard from 2026-08-15, India not exempt
    ("6810990020", "IND", "2026-08-14", 10.0, "note 52 only"),
    ("6810990020", "IND", "2026-08-15", 35.0, "9903.45.30 in-quota 25% (note 41(e), first year) + 9903.05.44 10%"),
    # India, printed books 4901.99.0093: informational materials (9903.03.11 was not modelled before issue 12)
    ("4901990093", "IND", "2026-03-01", 0.0, "9903.03.11 informational materials: no Section 122"),
    ("4901990093", "IND", "2026-12-01", 0.0, "9903.05.92 informational materials: no note 52 duty"),
    # India, unmanned aircraft over 25 kg 8806.24.0000 (MFN free): + 100% from 2026-09-03, stacking with note 52
    ("8806240000", "IND", "2026-09-02", 0.0, "before Proclamation 11055; 8806 is on 52(d) (civil aircraft)"),
    ("8806240000", "IND", "2026-09-03", 100.0, "9903.08.21 100%; 8806 on 52(d), so no note 52 duty"),
    # India, mobile industrial equipment: 8429.11.0010 bulldozers moved to 16(c)(xi) on 2026-06-08
    ("8429110010", "IND", "2026-06-07", 25.0, "16(c)(vii) of rev. 6: 9903.82.09 25% (MFN free)"),
    ("8429110010", "IND", "2026-06-08", 25.0, "16(c)(xi) from Proclamation 11032: 25% for India (not a framework country)"),
    ("8429110010", "JPN", "2026-06-08", 15.0, "9903.82.22: Japan's (c)(xi) goods 15% all-in"),
    # Vietnam, shrimp: 10% (Section 122) then 12.5% (9903.05.84)
    ("0306170041", "VNM", "2026-07-20", 10.0, "Section 122"),
    ("0306170041", "VNM", "2026-07-24", 12.5, "9903.05.84 +12.5%"),
    ("8517130000", "VNM", "2026-12-01", 0.0, "9903.05.86 (52(b))"),
    ("7306305032", "VNM", "2026-12-01", 50.0, "Section 232 annex I-A; 52(f)"),
    # EU (Germany): 10% all-in with MFN (9903.05.39); MFN 16.5% already above it (9903.05.38)
    ("0306170041", "DEU", "2026-12-01", 10.0, "9903.05.39: MFN free topped up to 10%"),
    ("6109100012", "DEU", "2026-12-01", 16.5, "9903.05.38: MFN 16.5% >= 10%, no additional duty"),
    ("4501100000", "DEU", "2026-12-01", 0.0, "9903.05.97: natural cork 4501.10 on the EU list 52(j)(2) (MFN free)"),
    # Japan: 12.5% all-in (9903.05.49); autos under Section 232 at 15% all-in, spared by 52(f)
    ("0306170041", "JPN", "2026-12-01", 12.5, "9903.05.49: MFN free topped up to 12.5%"),
    ("6109100012", "JPN", "2026-12-01", 16.5, "9903.05.48: MFN 16.5% >= 12.5%"),
    ("8703230190", "JPN", "2026-12-01", 15.0, "9903.94.41 15% all-in (MFN 2.5%); 52(f) spares autos"),
    # Bangladesh: +10% (9903.05.26), its own list 52(j)(9) (9903.06.12)
    ("6109100012", "BGD", "2026-12-01", 26.5, "9903.05.26: 16.5% + 10%"),
    ("4602121400", "BGD", "2026-12-01", 0.0, "9903.06.12: 4602.12.14 (rattan basketwork) on 52(j)(9)(i); MFN free"),
    # Mexico: +10% (9903.05.55) except USMCA goods entered free (9903.05.94): 67.5% on average
    ("0306170041", "MEX", "2026-12-01", 3.25, "10% x 32.5% non-USMCA share"),
    # Brazil: Section 301 +25% from 2026-07-22 (9903.05.01), then + 12.5% (9903.05.27) from 07-24
    ("0306170041", "BRA", "2026-07-21", 10.0, "Section 122 only"),
    ("0306170041", "BRA", "2026-07-22", 35.0, "Section 122 10% + 9903.05.01 25%"),
    ("0306170041", "BRA", "2026-07-24", 37.5, "9903.05.01 25% + 9903.05.27 12.5%"),
    # China: list 3 Section 301 25% on shrimp, + 12.5% (9903.05.31)
    ("0306170041", "CHN", "2026-07-23", 35.0, "list 3 25% + Section 122 10%"),
    ("0306170041", "CHN", "2026-12-01", 37.5, "list 3 25% + 9903.05.31 12.5%"),
    # China drone without thermal imaging 8806.22.0000: list 1 25% + 9903.08.22 25% (8806 on 52(d))
    ("8806220000", "CHN", "2026-09-03", 50.0, "9903.88.01 25% + 9903.08.22 25%"),
])
def test_hand_worked_lines(us, code, origin, on, expected, why):
    assert total(us, code, origin, on) == pytest.approx(expected, abs=EXACT), why


def test_canada_section_338_on_listed_products_from_2026_08_22(us):
    # The first line of the 51(b)(2) list (dairy, 9903.03.13): + 50% from 2026-08-22 even for USMCA goods
    # (51(a)), plus the note 52 10% on the 32.5% non-USMCA share (9903.05.29/.93) and its MFN rate.
    lists = datasets.load("ch99_lists_2026h2")
    dairy = sorted(lists.loc[lists["list_id"] == "n51b2", "hts"])
    code = next(c for c in us.codes.tolist() if any(c.startswith(p) for p in dairy))
    mfn = lookup(us, code, "CAN", "2026-08-21").by_measure["us.mfn.general"]
    assert total(us, code, "CAN", "2026-08-21") == pytest.approx(mfn + 3.25, abs=EXACT)
    assert total(us, code, "CAN", "2026-08-22") == pytest.approx(mfn + 3.25 + 50.0, abs=EXACT)


def test_in_transit_between_section_122_and_note_52(us):
    # Loaded 2026-07-20, entered 2026-07-25: Section 122 has ended and 9903.05.85 spares goods loaded before
    # 2026-07-24 and entered before 2026-07-28: MFN only. Entered 2026-07-28: the 10% is due.
    applied = lambda d: duty("6109.10.0012", "IND", d, loaded="2026-07-20", c=us).frame.query("status == 'applied'")
    assert applied("2026-07-25")["duty_pct"].sum() == pytest.approx(16.5)
    assert applied("2026-07-28")["duty_pct"].sum() == pytest.approx(26.5)


def test_patented_medicines_are_conditional(us, every):
    # 3004.90.9215 is on the note 40(c) list. By default (generic, 9903.04.67) no Section 232 duty; as a patented
    # article (9903.04.60, asked for) the total with MFN (free) is 100%; the EU (9903.04.62) 15%. Chapter 30 is on
    # 52(b): no note 52 duty either way.
    assert total(us, "3004909215", "IND", "2026-12-01") == pytest.approx(0.0)
    assert total(every, "3004909215", "IND", "2026-12-01") == pytest.approx(100.0)
    assert total(every, "3004909215", "IRL", "2026-12-01") == pytest.approx(15.0)
    frame = duty("3004.90.9215", "IND", "2026-12-01", c=us).frame.set_index("measure")
    assert "conditional" in frame.loc["us.s232.pharma.patented", "why"]


def test_the_pharmaceutical_list_versions_both_apply(every):
    # n40c has two versions (131 codes from 2026-07-31, 149 from 2026-09-29); a code on both is covered on
    # both sides of the change (a list entry may have several windows).
    assert total(every, "3004909215", "IND", "2026-08-15") == pytest.approx(100.0)
    assert total(every, "3004909215", "IND", "2026-10-15") == pytest.approx(100.0)


def test_a_date_after_the_sources_says_what_is_not_known(us):
    notes = duty("6109.10.0012", "IND", "2026-12-01", c=us).notes
    warn = [n for n in notes if n.startswith("WARNING")]
    assert warn and "2026-10-08" in warn[0] and "Not known:" in warn[0] and "revision 21" in warn[0]
    assert not any(n.startswith("WARNING") for n in duty("6109.10.0012", "IND", "2026-10-08", c=us).notes)
