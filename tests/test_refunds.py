"""tradedeal refunds: IEEPA duties per entry (engine or declared), CAPE eligibility under each published rule
on dated examples, deadlines, interest under 19 USC 1505 on a hand-computed example, and the CAPE files
split at 9,999 entries. Rules: customs/data/refund_rules.toml (CSMS of 2026-04-13, CSMS #69035485 of
2026-06-23, facts-us-2026h2 A5); rates: customs/data/interest_rates.toml (CBP quarterly notices)."""

from __future__ import annotations

import csv
import tomllib
from datetime import date

import pytest

from tradedeal.customs.refunds import estimate_file
from tradedeal.customs.rules import RULES_FILE, load_rules

HEADER = ["entry_number", "line_number", "hts10", "country_of_origin", "entry_date", "value_usd", "entry_type",
          "liquidation_date", "liquidation_status", "reconciliation", "reconciliation_filed", "protest", "drawback",
          "adcvd", "in_ace", "ieepa_paid_usd", "payment_date"]
TEE = "6109.10.0012"  # India on 2025-09-01: reciprocal 25% + Russian-oil penalty 25% = 5,000 on 10,000


def _write(path, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        for r in rows:
            w.writerow([r.get(h, "") for h in HEADER])
    return path


def _entry(number, **kw):
    return {"entry_number": number, "line_number": "1", "hts10": TEE, "country_of_origin": "IND",
            "entry_date": "2025-09-01", "value_usd": "10000", "entry_type": "01", **kw}


CASES = [  # (entry, fields, rule expected, verdict, CAPE today on 2026-12-01, deadline)
    ("ABC00000001", {}, "phase1_unliquidated", "eligible", True, "80 days after the entry liquidates"),
    ("ABC00000002", {"liquidation_date": "2026-10-01"}, "phase1_liquidated", "eligible", True, "2026-12-20"),
    ("ABC00000003", {"liquidation_date": "2026-07-01"}, "protest_window", "protest", False, "2026-12-28"),
    ("ABC00000004", {"liquidation_date": "2026-01-01"}, "past_protest_window", "not_eligible", False, ""),
    ("ABC00000005", {"liquidation_status": "final"}, "final", "not_eligible", False, ""),
    ("ABC00000006", {"entry_type": "09"}, "type_09", "not_eligible", False, ""),
    ("ABC00000007", {"entry_type": "47"}, "drawback", "not_eligible", False, ""),
    ("ABC00000008", {"drawback": "yes"}, "drawback_claim", "not_eligible", False, ""),
    ("ABC00000009", {"entry_type": "08"}, "usmca_deferral", "not_eligible", False, ""),
    ("ABC00000010", {"protest": "open"}, "open_protest", "not_eligible", False, ""),
    ("ABC00000011", {"in_ace": "no"}, "not_in_ace", "not_eligible", False, ""),
    ("ABC00000012", {"adcvd": "yes", "liquidation_status": "pending"}, "adcvd_pending", "not_eligible", False, ""),
    ("ABC00000013", {"adcvd": "yes", "liquidation_status": "suspended"}, "adcvd_suspended", "eligible", True,
     "none while liquidation is suspended"),
    ("ABC00000014", {"reconciliation": "yes"}, "reconciliation_phase2", "eligible", True,
     "before the type 09 reconciliation is filed"),
    ("ABC00000015", {"reconciliation": "yes", "reconciliation_filed": "yes"}, "reconciliation_filed", "not_eligible",
     False, ""),
    ("ABC00000016", {"reconciliation": "yes", "entry_type": "11"}, "reconciliation_other", "not_eligible", False, ""),
    ("ABC00000017", {"liquidation_status": "liquidated"}, "liquidated_no_date", "unknown", False, ""),
    ("ABC00000018", {"entry_date": "2026-03-01"}, "no_ieepa", "no_refund", False, ""),  # Section 122, not IEEPA
]


@pytest.fixture(scope="module")
def cases(tmp_path_factory):
    path = _write(tmp_path_factory.mktemp("r") / "entries.csv", [_entry(e, **f) for e, f, *_ in CASES])
    return estimate_file(path, on="2026-12-01").table().frame.set_index("entry_number")


@pytest.mark.parametrize("entry, fields, rule, verdict, today, deadline", CASES, ids=[c[2] for c in CASES])
def test_each_published_rule_on_a_dated_example(cases, entry, fields, rule, verdict, today, deadline):
    row = cases.loc[entry]
    assert (row["rule"], row["verdict"], bool(row["cape_today"])) == (rule, verdict, today)
    assert (row["deadline"] if isinstance(row["deadline"], str) else "") == deadline
    assert row["rule_source"]  # every rule names its source and date


def test_every_rule_of_the_data_is_exercised():
    assert {r.id for r in load_rules().rule} - {c[2] for c in CASES} == {"other"}  # the fallback


def test_ieepa_duty_from_the_engine_and_from_declared_amounts(cases):
    assert cases.loc["ABC00000001", "ieepa_usd"] == pytest.approx(5000.0)
    assert cases.loc["ABC00000001", "ieepa_from"] == "engine"
    assert cases.loc["ABC00000018", "ieepa_usd"] == pytest.approx(0.0)


def test_a_phase_counts_from_its_opening_date(tmp_path):
    # Phase 2 (reconciliation-flagged entries) opened on 2026-06-29 (CSMS #69035485).
    path = _write(tmp_path / "e.csv", [_entry("ABC00000014", reconciliation="yes")])
    before = estimate_file(path, on="2026-06-28").table().frame.iloc[0]
    after = estimate_file(path, on="2026-06-29").table().frame.iloc[0]
    assert before["verdict"] == "eligible" and not before["cape_today"] and "opens 2026-06-29" in before["reason"]
    assert after["cape_today"]


def test_interest_on_a_hand_computed_example(tmp_path):
    # 10,000 deposited on 2025-03-01, interest to 2025-07-01: 122 days at the corporate overpayment rate 6%
    # (Q1 and Q2 2025, CBP notices), compounded daily over a 365-day year:
    # 10,000 x ((1 + 0.06/365)^122 - 1) = 202.56.
    path = _write(tmp_path / "i.csv", [_entry("ABC00000001", ieepa_paid_usd="10000", payment_date="2025-03-01")])
    row = estimate_file(path, on="2025-07-01").table().frame.iloc[0]
    assert row["ieepa_from"] == "declared" and row["ieepa_usd"] == pytest.approx(10000.0)
    assert row["interest_usd"] == pytest.approx(10000 * ((1 + 0.06 / 365) ** 122 - 1), abs=1e-6)
    assert row["interest_usd"] == pytest.approx(202.56, abs=0.005)
    assert (row["interest_from"], row["interest_through"]) == ("2025-03-01", "2025-06-30")


def test_interest_stops_where_the_known_rates_stop_and_says_so(tmp_path):
    path = _write(tmp_path / "i.csv", [_entry("ABC00000001", ieepa_paid_usd="10000", payment_date="2025-03-01")])
    est = estimate_file(path, on="2026-12-01")
    row = est.table().frame.iloc[0]
    assert row["interest_through"] == "2026-03-31"
    days = (date(2026, 4, 1) - date(2025, 3, 1)).days
    assert row["interest_usd"] == pytest.approx(10000 * ((1 + 0.06 / 365) ** days - 1), rel=1e-9)
    assert any("through 2026-03-31 only" in n for n in est.table().notes)
    more = tmp_path / "rates.toml"  # the user gives the next quarter: interest runs on
    more.write_text('[[quarter]]\nfrom = 2026-04-01\nuntil = 2026-06-30\nunderpayment = 7.0\n'
                    'overpayment_corporate = 6.0\noverpayment_noncorporate = 7.0\nsource = "user"\n')
    longer = estimate_file(path, on="2026-12-01", rates_file=more).table().frame.iloc[0]
    assert longer["interest_through"] == "2026-06-30" and longer["interest_usd"] > row["interest_usd"]


def test_the_output_says_it_is_an_estimate_and_not_legal_advice(cases, tmp_path):
    path = _write(tmp_path / "e.csv", [_entry("ABC00000001")])
    notes = estimate_file(path, on="2026-12-01").table().notes
    assert notes[0].startswith("This is an ESTIMATE, NOT LEGAL ADVICE")


def test_cape_files_hold_at_most_9999_entries(tmp_path):
    rows = [_entry(f"CAP{k:08d}") for k in range(10001)]
    est = estimate_file(_write(tmp_path / "many.csv", rows), on="2026-12-01")
    files = est.cape_files()
    assert [name for name, _ in files] == ["cape_entries_001.csv", "cape_entries_002.csv"]
    bodies = [text.splitlines() for _, text in files]
    assert [len(b) for b in bodies] == [10000, 3] and bodies[0][0] == bodies[1][0] == "Entry Number"
    assert sorted(bodies[0][1:] + bodies[1][1:]) == sorted(f"CAP{k:08d}" for k in range(10001))


def test_the_file_limit_is_data(tmp_path):
    raw = tomllib.loads(RULES_FILE.read_text())
    assert raw["rules"]["cape_file_limit"] == 9999
    rules = tmp_path / "rules.toml"
    rules.write_text(RULES_FILE.read_text().replace("cape_file_limit = 9999", "cape_file_limit = 3"))
    rows = [_entry(f"LIM{k:08d}") for k in range(7)] + [_entry("BAD-1")]
    est = estimate_file(_write(tmp_path / "e.csv", rows), on="2026-12-01", rules_file=rules)
    assert [text.count("\n") - 1 for _, text in est.cape_files()] == [3, 3, 1]
    assert any("BAD-1" in p.reason for p in est.cape_entries[1])  # CAPE would reject it: left out, said so


def test_refunds_command(cli, tmp_path):
    path = _write(tmp_path / "e.csv", [_entry(e, **f) for e, f, *_ in CASES])
    cape = tmp_path / "cape"
    code, out, err = cli("refunds", str(path), "--on", "2026-12-01", "--cape-dir", str(cape), "--format", "csv")
    assert code == 0 and "NOT LEGAL ADVICE" in err
    assert (cape / "cape_entries_001.csv").read_text().splitlines()[0] == "Entry Number"
    assert len((cape / "cape_entries_001.csv").read_text().splitlines()) == 1 + 4
    assert list(csv.DictReader(out.splitlines()))[0]["entry_number"] == "ABC00000001"
    code, _, err = cli("refunds", str(path), "--on", "2026-13-01")
    assert code == 2 and "--on" in err
