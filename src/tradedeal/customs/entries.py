"""Invoices and entries: the duty of every line of an entry file, by authority and Chapter 99 heading,
with the legal source, totals per entry, the lines that cannot be priced (and why), and where the headings
the filer declared disagree with what the regime applies.

>>> from tradedeal.customs.entries import price_file
>>> got = price_file("entries.csv")          # a CSV or Excel file in a layout of docs/entries.md
>>> got.lines().frame                        # one row per entry line
>>> got.entries().figure("duty_usd")         # the file's total duty
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path

import numpy as np

from tradedeal.codes.countries import to_iso3
from tradedeal.codes.hs import format_hts, nearest
from tradedeal.datasets.entry_files import EntryTable, read_entries
from tradedeal.errors import CountryCodeError, HSCodeError, RowProblem
from tradedeal.regime.api import compiled, regime_of
from tradedeal.regime.arrays import Compiled, from_day
from tradedeal.regime.batch import LineDuties, LineInputs, line_headings, price
from tradedeal.regime.lines import verified_note
from tradedeal.tables import Figure, Provenance, Records, TableResult

USD = "USD"


def factorize(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(sorted distinct values, index of each value among them), for text arrays (a dict, not a sort of every
    element)."""
    distinct = sorted(dict.fromkeys(values.tolist()))
    pos = {v: i for i, v in enumerate(distinct)}
    return np.array(distinct, dtype=object), np.fromiter((pos[v] for v in values.tolist()), np.int64, len(values))


@dataclass(frozen=True)
class PricedEntries:
    """An entry file priced on a compiled regime: ``duties`` covers the lines ``priced`` (indices into the
    file's lines); ``reason`` says why each other line was not priced."""

    table: EntryTable
    c: Compiled
    origin: np.ndarray          # ISO3 per line ('' when unknown)
    priced: np.ndarray          # indices of the lines priced
    duties: LineDuties
    reason: tuple               # per line: '' when priced, else why not
    problems: tuple[RowProblem, ...]
    value_usd: np.ndarray = field(repr=False, default=None)  # of the priced lines

    @property
    def n(self) -> int:
        return len(self.table)

    @cached_property
    def entry_keys(self) -> tuple[np.ndarray, np.ndarray]:
        """(entry numbers sorted, the entry of each line)."""
        return factorize(self.table.entry_number.astype(object))

    @cached_property
    def authority(self) -> np.ndarray:
        """(G, k) authority of the measure applied in each group of each priced line ('' none)."""
        names = np.array([m.authority for m in self.c.measures] + [""], dtype=object)
        return names[np.where(self.duties.applied >= 0, self.duties.applied, len(self.c.measures))]

    @cached_property
    def by_authority(self) -> dict[str, np.ndarray]:
        """Authority -> duty of each priced line, percent of value (authorities with some duty, and MFN)."""
        out: dict[str, np.ndarray] = {}
        contrib = self.duties.contribution
        auth = self.authority
        present = set(auth[(contrib > 0) & (auth != "")].tolist()) | {"mfn"}
        for a in sorted(present, key=lambda x: (x not in ("mfn", "column_2"), x)):
            out[a] = np.where(auth == a, contrib, 0).sum(axis=0)
        return out

    @cached_property
    def checks(self) -> dict[int, str]:
        """Priced line position -> what disagrees between its declared headings and the regime ('agrees')."""
        return _declared_checks(self)

    def later_than_verified(self) -> str | None:
        days = self.table.entry_day[self.priced]
        if not len(days):
            return None
        return verified_note(self.c, from_day(int(days.max())))

    def _provenance(self) -> tuple[Provenance, ...]:
        used = sorted({int(m) for m in np.unique(self.duties.applied) if m >= 0})
        approx = self.c.approximations_for([self.c.measures[m].id for m in used])
        return (Provenance(f"regime {self.c.header.id}", self.c.header.source, "; ".join(approx)),
                Provenance(f"entry file {self.table.file} (layout {self.table.layout})", "the filer's data"))

    def _notes(self) -> list[str]:
        notes = []
        warn = self.later_than_verified()
        if warn:
            notes.append(warn)
        bad = self.n - len(self.priced)
        notes.append(f"{len(self.priced):,} of {self.n:,} lines priced; {bad:,} not priced (listed with the reason)")
        added = sum(1 for a in self.duties.added if a)
        dropped = sum(1 for d in self.duties.dropped if d)
        if added or dropped:
            notes.append(f"declared headings taken into account: {added:,} lines pay a conditional measure they "
                         f"declared, {dropped:,} lines are spared by an exception heading they declared (the regime "
                         "cannot check these conditions)")
        disagree = sum(1 for v in self.checks.values() if v != "agrees")
        if self.checks:
            notes.append(f"declared headings: {len(self.checks) - disagree:,} lines agree with the regime, "
                         f"{disagree:,} disagree (see the 'check' column)")
        return notes

    def lines(self) -> TableResult:
        """One row per line of the file, in file order: the duty by authority, the Chapter 99 headings
        applied, the check of the declared headings, or why the line was not priced."""
        t, c, d = self.table, self.c, self.duties
        auths = list(self.by_authority)
        n, k = self.n, len(self.priced)
        hts_text = {h: (format_hts(h) if len(h) == 10 and h.isdigit() else h) for h in dict.fromkeys(t.hts.tolist())}
        day_text = {x: from_day(x).isoformat() for x in dict.fromkeys(t.entry_day.tolist()) if x >= 0}
        value = [None if v != v else v for v in t.value_usd.tolist()]
        total = [None] * n
        duty = [None] * n
        by = {a: [None] * n for a in auths}
        v = self.value_usd
        for j, i in enumerate(self.priced.tolist()):
            total[i] = float(d.total[j])
        for a in auths:
            usd = (v * self.by_authority[a] / 100).tolist()
            col = by[a]
            for j, i in enumerate(self.priced.tolist()):
                col[i] = usd[j]
        duty_usd = (v * d.total / 100).tolist()
        for j, i in enumerate(self.priced.tolist()):
            duty[i] = duty_usd[j]
        ch99 = [""] * n
        heads = [m.heading or "" for m in c.measures]
        charged = (d.contribution > 0)
        charged[c.base] = False
        per_line: list[list] = [[] for _ in range(k)]
        for g in np.flatnonzero(charged.any(axis=1)):
            ms = d.applied[g]
            for j in np.flatnonzero(charged[g]).tolist():
                h = heads[int(ms[j])]
                if h:
                    per_line[j].append(h)
        for j, i in enumerate(self.priced.tolist()):
            if per_line[j]:
                ch99[i] = "; ".join(dict.fromkeys(per_line[j]))
        check = [""] * n
        for j, text in self.checks.items():
            check[int(self.priced[j])] = text
        priced = np.zeros(n, bool)
        priced[self.priced] = True
        cols = ("row", "entry_number", "line_number", "hts10", "origin", "entry_date", "value_usd", "total_pct",
                "duty_usd", *[f"{a}_usd" for a in auths], "chapter99", "declared", "check", "priced", "reason")
        origin = [o or w for o, w in zip(self.origin.tolist(), t.origin.tolist())]
        lines_no = [x if x >= 0 else None for x in t.line_number.tolist()]
        rows = tuple(zip(t.row.tolist(), t.entry_number.tolist(), lines_no, (hts_text[h] for h in t.hts.tolist()), origin,
                         (day_text.get(x) for x in t.entry_day.tolist()), value, total, duty, *(by[a] for a in auths),
                         ch99, ("; ".join(x) for x in t.declared), check, priced.tolist(), self.reason))
        units = {"value_usd": USD, "duty_usd": USD, "total_pct": "percent of customs value",
                 **{f"{a}_usd": USD for a in auths}}
        return TableResult(title=f"Duty on the {self.n:,} entry lines of {Path(t.file).name} into {c.importer}",
                           _frame=Records(cols, rows), units=units, provenance=self._provenance(),
                           notes=tuple(self._notes()), figures=self._figures())

    def _figures(self) -> tuple[Figure, ...]:
        v = self.value_usd
        out = [Figure("value_usd", float(v.sum()), USD), Figure("duty_usd", float((v * self.duties.total).sum() / 100), USD),
               Figure("lines_priced", float(len(self.priced)), "lines"),
               Figure("lines_not_priced", float(self.n - len(self.priced)), "lines")]
        out += [Figure(f"{a}_usd", float((v * pct).sum() / 100), USD, about="authority")
                for a, pct in self.by_authority.items()]
        return tuple(out)

    def duties_table(self) -> TableResult:
        """One row per priced line and measure charged (and its MFN rate): heading, authority, rate, share of
        value, duty in percent and USD, legal instrument and source."""
        t, c, d = self.table, self.c, self.duties
        cols = ("row", "entry_number", "line_number", "hts10", "origin", "entry_date", "measure", "heading",
                "authority", "rate_pct", "share_of_value", "duty_pct", "duty_usd", "legal", "source")
        rows = []
        G = len(c.groups)
        for k, i in enumerate(self.priced.tolist()):
            v = float(t.value_usd[i])
            for g in range(G):
                m = int(d.applied[g, k])
                if m < 0 or (g != c.base and d.contribution[g, k] <= 0):
                    continue
                meas = c.measures[m]
                pct = float(d.contribution[g, k])
                rows.append((int(t.row[i]), t.entry_number[i], int(t.line_number[i]), format_hts(t.hts[i]),
                             self.origin[i], from_day(int(t.entry_day[i])).isoformat(), meas.id, meas.heading,
                             meas.authority, float(d.rate[g, k]), float(d.share[g, k]), pct, v * pct / 100,
                             meas.legal, meas.source))
        return TableResult(title=f"Duties by measure on the entry lines of {Path(t.file).name}",
                           _frame=Records(cols, tuple(rows)),
                           units={"rate_pct": "percent ad valorem", "share_of_value": "share 0-1",
                                  "duty_pct": "percent of customs value", "duty_usd": USD},
                           provenance=self._provenance(), notes=tuple(self._notes()))

    def entries(self) -> TableResult:
        """Totals per entry: lines, lines not priced, value, duty and duty by authority."""
        t = self.table
        keys, inv = self.entry_keys
        m = len(keys)
        count = np.bincount(inv, minlength=m)
        pinv = inv[self.priced]
        priced = np.bincount(pinv, minlength=m)
        value = np.bincount(pinv, weights=self.value_usd, minlength=m)
        duty = np.bincount(pinv, weights=self.value_usd * self.duties.total / 100, minlength=m)
        by = {a: np.bincount(pinv, weights=self.value_usd * pct / 100, minlength=m) for a, pct in self.by_authority.items()}
        first_day = np.full(m, np.iinfo(np.int64).max)
        np.minimum.at(first_day, inv, np.where(t.entry_day >= 0, t.entry_day, np.iinfo(np.int64).max))
        cols = ("entry_number", "entry_date", "lines", "lines_not_priced", "value_usd", "duty_usd",
                *[f"{a}_usd" for a in by])
        rows = tuple((keys[j], from_day(int(first_day[j])).isoformat() if first_day[j] < np.iinfo(np.int64).max else None,
                      int(count[j]), int(count[j] - priced[j]), float(value[j]), float(duty[j]),
                      *[float(by[a][j]) for a in by]) for j in range(m))
        return TableResult(title=f"Duty per entry of {Path(t.file).name}", _frame=Records(cols, rows),
                           units={"value_usd": USD, "duty_usd": USD, **{f"{a}_usd": USD for a in by}},
                           provenance=self._provenance(), notes=tuple(self._notes()), figures=self._figures())

    def problems_table(self) -> TableResult:
        """Every problem of the file: line, field, reason (the lines concerned are not priced)."""
        rows = tuple((p.line, p.field, p.reason) for p in self.problems)
        return TableResult(title=f"Lines of {Path(self.table.file).name} that cannot be priced",
                           _frame=Records(("row", "field", "reason"), rows),
                           notes=(f"{len(rows):,} problems on {self.n - len(self.priced):,} lines; every other line is "
                                  "priced",))


def price_table(table: EntryTable, c: Compiled) -> PricedEntries:
    """Price the lines of ``table`` on ``c`` (lines with a problem are listed, never dropped silently)."""
    n = len(table)
    problems = list(table.problems)
    reason = list(table.reasons) if table.reasons else [""] * n
    ok = ~table.bad.copy()
    resolved: dict[str, str | None] = {}
    for text in dict.fromkeys(table.origin[ok].tolist()):
        try:
            resolved[text] = to_iso3(str(text))
        except CountryCodeError:
            resolved[text] = None
    origin = np.array([resolved.get(x) or "" for x in table.origin.tolist()], dtype=object)
    origin[~ok] = ""
    for i in np.flatnonzero(ok & (origin == "")):
        _bad(i, "country_of_origin", f"'{table.origin[i]}' is not a country (give ISO3, ISO2 or a name)", table, ok,
             reason, problems)
    first = (c.first_day - date(1970, 1, 1)).days
    known = np.fromiter((h in c.index for h in table.hts.tolist()), bool, n)
    hints: dict[str, str] = {}
    for i in np.flatnonzero(ok & ~known):
        code = table.hts[i]
        if code not in hints:
            try:
                near = nearest(code, c.codes.tolist(), n=3)
            except HSCodeError:
                near = []
            hints[code] = ", ".join(format_hts(x) for x in near)
        _bad(i, "hts", f"{format_hts(code)} is not a line of the {c.importer} schedule ({c.header.id}); nearest: "
             f"{hints[code]}", table, ok, reason, problems)
    for i in np.flatnonzero(ok & (table.entry_day < first)):
        _bad(i, "entry_date", f"{from_day(int(table.entry_day[i]))} is before the regime's first day {c.first_day}",
             table, ok, reason, problems)
    for i in np.flatnonzero(ok & (table.loaded_day >= 0) & (table.loaded_day > table.entry_day)):
        _bad(i, "loading_date", f"loaded {from_day(int(table.loaded_day[i]))} after the entry date", table, ok,
             reason, problems)
    priced = np.flatnonzero(ok)
    lines = LineInputs(
        product=np.fromiter((c.index[x] for x in table.hts[priced].tolist()), np.int64, len(priced)),
        exporter=origin[priced].astype(str), day=table.entry_day[priced], loaded=table.loaded_day[priced],
        shares={b: v[priced] for b, v in table.shares.items()}, us_content=table.us_content[priced],
        declared=tuple(table.declared[i] for i in priced))
    duties = price(c, lines)
    return PricedEntries(table, c, origin, priced, duties, tuple(reason), tuple(sorted(problems, key=lambda p: p.line)),
                         table.value_usd[priced])


def _bad(i, field_name, why, table, ok, reason, problems):
    ok[i] = False
    reason[i] = f"{field_name}: {why}"
    problems.append(RowProblem(int(table.row[i]), field_name, why))


def price_file(path: str | Path, layout: str | Path = "auto", c: Compiled | None = None,
               importer: str = "USA") -> PricedEntries:
    """Read and price an entry file (CSV or Excel) on the compiled regime ``c`` (default: the shipped one)."""
    return price_table(read_entries(path, layout), c or compiled(importer))


def _declared_checks(p: PricedEntries) -> dict[int, str]:
    t, c, d = p.table, p.c, p.duties
    todo = [k for k, i in enumerate(p.priced.tolist()) if t.declared[i] or t.declared_complete]
    if not todo:
        return {}
    regime = regime_of(c)
    titles: dict[str, str] = {}
    for m in c.measures:
        if m.heading:
            titles.setdefault(m.heading, m.title)
    for lv in c.list_views.values():
        for h in (x.strip() for x in lv.heading.split(";")):
            if h:
                titles.setdefault(h, lv.title)
    owners: dict[str, set[int]] = {}
    how: dict[str, str] = {}
    index = {m.id: j for j, m in enumerate(c.measures)}
    for mid, notes in regime.exceptions.items():
        for note in notes:
            owners.setdefault(note.heading, set()).add(index[mid])
            how.setdefault(note.heading, note.how)
            titles.setdefault(note.heading, note.title)
    measure_heads = {m.heading for m in c.measures if m.heading}
    out = {}
    for k in todo:
        i = int(p.priced[k])
        declared = t.declared[i]
        applied, spared = line_headings(c, d, k, int(t.entry_day[i]), c.index[t.hts[i]])
        charging = {int(m) for g, m in enumerate(d.applied[:, k]) if m >= 0 and d.contribution[g, k] > 0 and g != c.base}
        charged_heads = {c.measures[m].heading: float(d.contribution[g, k]) for g, m in enumerate(d.applied[:, k])
                         if m >= 0 and d.contribution[g, k] > 0 and g != c.base and c.measures[m].heading}
        claimed = {h for h in declared if how.get(h) == "claim" and owners.get(h, set()) & set(d.dropped[k])}
        msgs = []
        for h in declared:
            if h in charged_heads or h in spared or h in claimed:
                continue
            if h in applied:  # applied but charged nothing (spared by a stacking rule, or a floor already met)
                continue
            if h in owners:  # an exception heading: it agrees if its measures charge nothing on the line
                if not owners[h] & charging:
                    continue
                names = ", ".join(sorted(c.measures[m].heading for m in owners[h] & charging))
                msgs.append(f"declared {h} ({titles.get(h, '')}) but the regime charges {names}")
            elif h in measure_heads:
                msgs.append(f"declared {h} ({titles.get(h, '')}): the regime does not apply it to this line on this date")
            else:
                msgs.append(f"declared {h}: not a heading the regime knows")
        for h, pct in charged_heads.items():
            if h not in declared:
                msgs.append(f"the regime applies {h} ({titles.get(h, '')}, {pct:.4g}% of value): not declared")
        out[k] = "; ".join(msgs) if msgs else "agrees"
    return out


__all__ = ["PricedEntries", "price_file", "price_table"]
