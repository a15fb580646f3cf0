"""IEEPA refunds: for every entry of an entry file, the IEEPA duties it paid (computed by the engine, or
declared in the file), the amount refundable, whether CAPE accepts it today under the published rules (as
data: ``data/refund_rules.toml``), the deadline that applies, and interest under 19 USC 1505 (quarterly
rates as data: ``data/interest_rates.toml``); and the CAPE upload files of the eligible entries.

>>> from tradedeal.customs.refunds import estimate_file
>>> est = estimate_file("entries.csv", on="2026-12-01")
>>> est.table().frame
>>> est.cape_files()   # [(file name, CSV text)], at most 9,999 entry numbers each
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from pathlib import Path

import numpy as np

from tradedeal.customs.entries import PricedEntries, factorize, price_file
from tradedeal.customs.interest import accrue, daily_rates
from tradedeal.customs.rules import RateTable, RefundRules, evaluate, load_rates, load_rules
from tradedeal.errors import RowProblem
from tradedeal.regime.arrays import Compiled, from_day
from tradedeal.regime.lines import as_date
from tradedeal.tables import Figure, Provenance, Records, TableResult

EPOCH = date(1970, 1, 1)
USD = "USD"
NONE = np.iinfo(np.int64).max


def _day(d: date) -> int:
    return (d - EPOCH).days


@dataclass(frozen=True)
class RefundEstimate:
    """Per entry (arrays of equal length, entries sorted by number) of a priced entry file."""

    priced: PricedEntries
    rules: RefundRules
    rates: RateTable
    on: date
    interest_to: date
    entry_number: np.ndarray
    first_day: np.ndarray
    lines: np.ndarray
    lines_not_priced: np.ndarray
    ieepa_engine_usd: np.ndarray
    ieepa_declared_usd: np.ndarray
    declared_lines: np.ndarray
    rule: np.ndarray             # index into rules.rule
    verdict: np.ndarray
    cape_today: np.ndarray       # bool: eligible and its phase open on ``on``
    deadline: tuple
    days_left: np.ndarray        # -1 where no dated deadline
    interest_usd: np.ndarray
    deposit_day: np.ndarray
    interest_through: np.ndarray  # day after the last day counted
    fields: dict                 # the entry attributes the rules read
    problems: tuple[RowProblem, ...]

    @property
    def ieepa_usd(self) -> np.ndarray:
        return self.ieepa_engine_usd + self.ieepa_declared_usd

    @property
    def refundable_usd(self) -> np.ndarray:
        return np.where(self.verdict != "no_refund", self.ieepa_usd, 0.0)

    @cached_property
    def cape_entries(self) -> tuple[list[str], list[RowProblem]]:
        """(entry numbers for CAPE, as ACE writes them: no dashes or spaces; entries left out and why)."""
        pattern = re.compile(self.rules.rules.cape_entry_pattern)
        ok, bad = [], []
        for e in self.entry_number[self.cape_today]:
            norm = re.sub(r"[-\s]", "", str(e)).upper()
            if pattern.match(norm):
                ok.append(norm)
            else:
                bad.append(RowProblem(0, "entry_number", f"'{e}' is not an entry number of the form filer code + 8 "
                                      "digits (e.g. ABC12345678): left out of the CAPE files"))
        return ok, bad

    def cape_files(self, stem: str = "cape_entries") -> list[tuple[str, str]]:
        """The CAPE upload files: (name, CSV text), one 'Entry Number' column, at most the rules' limit of
        entry numbers per file (CBP: 9,999)."""
        numbers, _ = self.cape_entries
        limit = self.rules.rules.cape_file_limit
        out = []
        for k in range(0, len(numbers), limit):
            chunk = numbers[k:k + limit]
            out.append((f"{stem}_{k // limit + 1:03d}.csv", self.rules.rules.cape_header + "\n" + "\n".join(chunk) + "\n"))
        return out

    def _notes(self) -> list[str]:
        r = self.rules.rules
        notes = [r.disclaimer]
        warn = self.priced.later_than_verified()
        if warn:
            notes.append(warn)
        last = self.rates.quarter[-1].until if self.rates.quarter else None
        if last and self.interest_to > last:
            notes.append(f"interest is counted through {last} only: the quarterly rates after it were not found in the "
                         f"sources (give them with --interest-rates FILE); interest to {self.interest_to} will be higher")
        notes.append(f"interest: {self.rules.interest.statute}; rate '{self.rules.interest.rate}', "
                     f"{self.rules.interest.compounding} compounding, from the deposit (payment date, else entry date) "
                     f"to {self.interest_to}. {self.rules.interest.note}")
        decl = int((self.declared_lines > 0).sum())
        notes.append(f"IEEPA duties: computed by the engine for {len(self.entry_number) - decl:,} entries, taken from "
                     f"the amounts declared in the file for {decl:,} (column ieepa_from)")
        unpriced = int((self.lines_not_priced > 0).sum())
        if unpriced:
            notes.append(f"{unpriced:,} entries have lines that could not be priced: their IEEPA duty is the sum of "
                         "the other lines and of amounts declared (see the entries' problems)")
        _, bad = self.cape_entries
        if bad:
            notes.append(f"{len(bad):,} eligible entries have an entry number CAPE would reject: left out of the CAPE files")
        return notes

    def _figures(self) -> tuple[Figure, ...]:
        today = self.cape_today
        return (Figure("entries", float(len(self.entry_number)), "entries"),
                Figure("ieepa_usd", float(self.ieepa_usd.sum()), USD),
                Figure("refundable_usd", float(self.refundable_usd.sum()), USD),
                Figure("cape_entries_today", float(today.sum()), "entries"),
                Figure("cape_usd_today", float(self.refundable_usd[today].sum()), USD),
                Figure("interest_usd", float(self.interest_usd.sum()), USD))

    def table(self) -> TableResult:
        """One row per entry."""
        rules, fields = self.rules, self.fields
        cols = ("entry_number", "entry_date", "entry_type", "lines", "lines_not_priced", "ieepa_usd", "ieepa_from",
                "refundable_usd", "verdict", "cape_today", "phase", "rule", "reason", "deadline", "days_left",
                "liquidation_date", "interest_usd", "interest_from", "interest_through", "rule_source")
        phases = rules.phases()
        rows = []
        for j in range(len(self.entry_number)):
            r = rules.rule[int(self.rule[j])]
            src = ("declared" if self.declared_lines[j] == self.lines[j] else
                   "engine" if self.declared_lines[j] == 0 else "engine and declared")
            reason = r.reason
            if r.verdict == "eligible" and not self.cape_today[j]:
                ph = phases[r.phase]
                reason = (f"{ph.title} is not deployed: " if ph.opened is None else f"{ph.title} opens {ph.opened}: ") + reason
            liq = int(fields["liquidation_day"][j])
            rows.append((self.entry_number[j], from_day(int(self.first_day[j])).isoformat(), fields["entry_type"][j] or None,
                         int(self.lines[j]), int(self.lines_not_priced[j]), float(self.ieepa_usd[j]), src,
                         float(self.refundable_usd[j]), self.verdict[j], bool(self.cape_today[j]), r.phase or None, r.id,
                         reason, self.deadline[j] or None, int(self.days_left[j]) if self.days_left[j] >= 0 else None,
                         from_day(liq).isoformat() if liq >= 0 else None, float(self.interest_usd[j]),
                         from_day(int(self.deposit_day[j])).isoformat(),
                         (from_day(int(self.interest_through[j])) - timedelta(days=1)).isoformat(),
                         f"{r.source} ({r.date})"))
        prov = (Provenance("refund rules (customs/data/refund_rules.toml)", rules.rules.source,
                           "an estimate: eligibility from the entry data given, IEEPA duties from the engine where not "
                           "declared"),
                Provenance("interest rates (customs/data/interest_rates.toml)", self.rates.table.get("source", "")),
                *self.priced._provenance())
        return TableResult(title=f"IEEPA refunds of the entries of {Path(self.priced.table.file).name}, as of {self.on}",
                           _frame=Records(cols, tuple(rows)),
                           units={"ieepa_usd": USD, "refundable_usd": USD, "interest_usd": USD, "days_left": "days"},
                           provenance=prov, notes=tuple(self._notes()), figures=self._figures())

    def problems_table(self) -> TableResult:
        probs = list(self.priced.problems) + list(self.problems) + self.cape_entries[1]
        rows = tuple((p.line or None, p.field, p.reason) for p in probs)
        return TableResult(title=f"Problems of {Path(self.priced.table.file).name} for the refund estimate",
                           _frame=Records(("row", "field", "reason"), rows))


def _first_per_entry(inv: np.ndarray, m: int, values: np.ndarray, missing) -> tuple[np.ndarray, np.ndarray]:
    """(the first given value of each entry, whether its lines disagree) for an array over lines."""
    given = values != missing
    out = np.full(m, missing, dtype=values.dtype)
    idx = np.flatnonzero(given)
    if len(idx):
        order = idx[np.argsort(inv[idx], kind="stable")]
        ents, first = np.unique(inv[order], return_index=True)
        out[ents] = values[order[first]]
    if values.dtype == object:
        _, cinv = factorize(values)
    else:
        cinv = values.astype(np.int64)
    lo = np.full(m, np.iinfo(np.int64).max)
    hi = np.full(m, -1)
    np.minimum.at(lo, inv[given], cinv[given])
    np.maximum.at(hi, inv[given], cinv[given])
    return out, (hi >= 0) & (lo != hi)


ATTRIBUTES = (("entry_type", ""), ("liquidation_day", -1), ("liquidation_status", ""), ("protest", ""),
              ("reconciliation", -1), ("reconciliation_filed", -1), ("drawback", -1), ("adcvd", -1), ("in_ace", -1))


def estimate(priced: PricedEntries, on: str | date | None = None, rules: RefundRules | None = None,
             rates: RateTable | None = None, interest_to: str | date | None = None) -> RefundEstimate:
    """The refund estimate of a priced entry file as of ``on`` (default: today)."""
    rules = rules or load_rules()
    rates = rates or load_rates()
    on = as_date(on, "--on") if on is not None else date.today()
    end = as_date(interest_to, "--interest-to") if interest_to is not None else on
    t, c = priced.table, priced.c
    keys, inv = priced.entry_keys
    m = len(keys)
    # IEEPA per line: declared where the file gives it, else the engine's (priced lines in the IEEPA window)
    authorities = set(rules.ieepa.authorities)
    is_ieepa = np.array([mm.authority in authorities for mm in c.measures] + [False])
    d = priced.duties
    pct = np.where(is_ieepa[np.where(d.applied >= 0, d.applied, len(c.measures))], d.contribution, 0).sum(axis=0)
    day = t.entry_day[priced.priced]
    window = (day >= _day(rules.ieepa.first_entry)) & (day < _day(rules.ieepa.end_entry))
    engine_line = np.zeros(len(t))
    engine_line[priced.priced] = np.where(window, priced.value_usd * pct / 100, 0.0)
    declared = np.isfinite(t.ieepa_paid_usd)
    engine_line[declared] = 0.0
    declared_line = np.where(declared, np.nan_to_num(t.ieepa_paid_usd), 0.0)
    ieepa_engine = np.bincount(inv, weights=engine_line, minlength=m)
    ieepa_declared = np.bincount(inv, weights=declared_line, minlength=m)
    lines = np.bincount(inv, minlength=m)
    not_priced = lines - np.bincount(inv[priced.priced], minlength=m)
    declared_lines = np.bincount(inv[declared], minlength=m)
    first_day = np.full(m, NONE)
    np.minimum.at(first_day, inv, np.where(t.entry_day >= 0, t.entry_day, NONE))
    first_day = np.where(first_day == NONE, -1, first_day)
    # entry attributes: the first given value of its lines (lines that disagree are reported)
    fields, problems = {}, []
    attr = {"entry_type": t.entry_type, "liquidation_day": t.liquidation_day, "liquidation_status": t.liquidation_status,
            "protest": t.protest, "reconciliation": t.reconciliation, "reconciliation_filed": t.reconciliation_filed,
            "drawback": t.drawback, "adcvd": t.adcvd, "in_ace": t.in_ace}
    for name, missing in ATTRIBUTES:
        values = attr[name].astype(object if missing == "" else np.int64)
        got, conflict = _first_per_entry(inv, m, values, missing)
        fields[name] = got
        for j in np.flatnonzero(conflict):
            row = int(t.row[np.flatnonzero(inv == j)[0]])
            problems.append(RowProblem(row, name, f"the lines of entry {keys[j]} give different values: the first "
                                       "one is used"))
    pay = np.full(m, NONE)
    np.minimum.at(pay, inv, np.where(t.payment_day >= 0, t.payment_day, NONE))
    deposit = np.where(pay == NONE, first_day, pay)
    today = _day(on)
    liq = fields["liquidation_day"].astype(np.int64)
    status = np.array([s or "" for s in fields["liquidation_status"]], dtype=object)
    status = np.where((status == "") & (liq >= 0), "liquidated", status)
    ieepa = ieepa_engine + ieepa_declared
    rfields = {
        "ieepa_usd": ieepa,
        "in_ace": fields["in_ace"] != 0, "drawback": fields["drawback"] == 1, "adcvd": fields["adcvd"] == 1,
        "reconciliation": fields["reconciliation"] == 1, "reconciliation_filed": fields["reconciliation_filed"] == 1,
        "liquidated": liq >= 0,
        "entry_type": np.array([s or "" for s in fields["entry_type"]], dtype=object),
        "protest": np.array([s or "" for s in fields["protest"]], dtype=object), "liquidation_status": status,
        "days_since_liquidation": np.where(liq >= 0, today - liq, -1),
    }
    which = evaluate(rules, rfields)
    verdict = np.array([rules.rule[k].verdict for k in which], dtype=object)
    open_ = {p.id: p.opened is not None and p.opened <= on for p in rules.phase}
    cape_today = np.array([rules.rule[k].verdict == "eligible" and open_.get(rules.rule[k].phase, False) for k in which],
                          bool)
    deadline, days_left = [], np.full(m, -1, np.int64)
    for j, k in enumerate(which):
        dl = rules.rule[k].deadline
        if isinstance(dl, str):
            deadline.append(dl)
        elif liq[j] >= 0:
            due = liq[j] + dl.days
            deadline.append(from_day(int(due)).isoformat())
            days_left[j] = max(0, due - today)
        else:
            deadline.append(dl.otherwise or f"{dl.days} days after liquidation")
    q = [(x.from_, x.until, getattr(x, rules.interest.rate)) for x in rates.quarter]
    daily = daily_rates(q)
    refundable = np.where(verdict != "no_refund", ieepa, 0.0)
    interest, through = accrue(refundable, deposit, np.full(m, _day(end)), daily, rules.interest.compounding)
    fields["liquidation_day"] = liq
    return RefundEstimate(priced, rules, rates, on, end, keys.astype(object), first_day, lines, not_priced,
                          ieepa_engine, ieepa_declared, declared_lines, which, verdict, cape_today, tuple(deadline),
                          days_left, interest, deposit, through, fields, tuple(problems))


def estimate_file(path: str | Path, on: str | date | None = None, layout: str | Path = "auto",
                  c: Compiled | None = None, rules_file: Path | None = None, rates_file: Path | None = None,
                  interest_to: str | date | None = None) -> RefundEstimate:
    """Read, price and estimate the refunds of an entry file."""
    return estimate(price_file(path, layout, c), on, load_rules(rules_file), load_rates(rates_file), interest_to)


__all__ = ["RefundEstimate", "estimate", "estimate_file"]
