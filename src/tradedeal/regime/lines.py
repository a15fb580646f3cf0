"""One line at a time on a compiled regime: the duty of a line and why, a fast lookup, codes and
dates as users write them. Loading this module costs NumPy only (``tradedeal duty``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from tradedeal.codes.countries import name
from tradedeal.codes.hs import format_hts, nearest, normalize
from tradedeal.errors import HSCodeError, QueryError
from tradedeal.regime.arrays import Compiled, day
from tradedeal.regime.engine import stack
from tradedeal.regime.explain import COLUMNS, explain
from tradedeal.tables import Figure, Provenance, Records, TableResult

DUTY_COLUMNS = ("line", *COLUMNS)
SHOWN = 50  # lines explained when a short code stands for many


def as_date(value: str | date, field: str = "--date") -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise QueryError(f"{field}: '{value}' is not an ISO 8601 date", "write dates as YYYY-MM-DD, "
                         "e.g. 2025-09-01 (the entry date)") from None


def covered(c: Compiled, d: date, field: str = "--date") -> date:
    """``d`` if the regime describes it; a date before its first date is refused (its base
    schedule is not known then: answering would understate the duty as 0%)."""
    first = getattr(c.header, "covers_from", None)
    if first is not None and d < first:
        raise QueryError(f"{field} {d} is before {first}, the first entry date the {c.importer} regime "
                         f"({c.header.id}) describes: its base tariff schedule is not known before then",
                         f"use a date from {first}; for earlier dates load the schedule valid then as your own "
                         "regime (--regime FOLDER, docs/measure-schema.md)")
    return d


def verified_note(c: Compiled, d: date) -> str | None:
    """A warning when ``d`` is after the date through which the regime was verified."""
    through = c.header.verified_through
    if d > through:
        unknown = "; ".join(c.header.unknown_after)
        return (f"WARNING: {d} is after {through}, the date through which the {c.importer} "
                f"regime was verified; measures taken or ended since then are not known here"
                + (f". Not known: {unknown}" if unknown else ""))
    return None


def resolve_codes(c: Compiled, code: str) -> list[str]:
    """The regime lines a user's code stands for: itself, or the lines under a shorter code.

    Raises :class:`HSCodeError` suggesting the nearest valid lines.
    """
    try:
        norm = normalize(code)
    except HSCodeError as e:
        raise HSCodeError(f"'{code}': {e.message}", e.hint) from None
    width = len(c.codes[0])
    if norm in c.index:
        return [norm]
    if len(norm) < width:
        lo = int(np.searchsorted(c.codes, norm))
        hi = int(np.searchsorted(c.codes, norm + "\uffff"))
        if hi > lo:
            return [str(x) for x in c.codes[lo:hi]]
    near = nearest(norm, c.codes.tolist(), n=5)
    raise HSCodeError(f"{format_hts(norm)} is not a line of the {c.importer} tariff schedule "
                      f"({c.header.id})",
                      "nearest valid lines: " + ", ".join(format_hts(x) for x in near))


def duty(code: str, origin: str, on: str | date, c: Compiled, loaded: str | date | None = None) -> TableResult:
    """Every measure applied or excluded on ``code`` from ``origin`` entered on ``on``, and the
    total: a note and the figures ``total_pct`` and ``<authority>_pct`` of each line."""
    d = covered(c, as_date(on))
    ld = as_date(loaded, "--loaded") if loaded is not None else None
    if ld is not None and ld > d:
        raise QueryError(f"--loaded {ld} is after the entry date {d}",
                         "the loading date must be on or before the entry date")
    lines = resolve_codes(c, code)
    rows, notes, figures = [], [], []
    used: list[str] = []
    for line in lines[:SHOWN]:
        shown = format_hts(line)
        got = explain(c, origin, day(d), c.index[line], None if ld is None else day(ld))
        applied = [r for r in got if r["status"] == "applied"]
        total = sum(r["duty_pct"] for r in applied)
        notes.append(f"total duty on {shown} from {origin} entered {d}: {total:.2f}% of customs value")
        figures.append(Figure("total_pct", total, "percent of customs value", line=shown))
        by_authority: dict[str, float] = {}
        for r in applied:
            by_authority[r["authority"]] = by_authority.get(r["authority"], 0.0) + r["duty_pct"]
        figures += [Figure(f"{a}_pct", v, "percent of customs value", line=shown, about="authority")
                    for a, v in by_authority.items()]
        used += [r["measure"] for r in got if r["status"] in ("applied", "exempt")]
        rows += [(shown, *(r[k] for k in COLUMNS)) for r in got]
    if len(lines) > SHOWN:
        notes.append(f"{len(lines) - SHOWN} more lines under {code} not shown: give a longer code")
    warn = verified_note(c, d)
    if warn:
        notes.insert(0, warn)
    approx = c.approximations_for(dict.fromkeys(used))
    prov = (Provenance(dataset=f"regime {c.header.id}", source=c.header.source,
                       approximation="; ".join(dict.fromkeys(approx))),)
    title = (f"Duty on {', '.join(format_hts(x) for x in lines[:3])}{'...' if len(lines) > 3 else ''} "
             f"from {origin} ({name(origin)}) into {c.importer}, entered {d}")
    return TableResult(title=title, _frame=Records(DUTY_COLUMNS, tuple(rows)),
                       units={"rate_pct": "percent ad valorem", "duty_pct": "percent of customs value",
                              "share_of_value": "share 0-1"},
                       provenance=prov, notes=tuple(notes), figures=tuple(figures))


@dataclass(frozen=True)
class LineDuty:
    """The duty on one line: total and the contribution of each applied measure (percent)."""

    code: str
    exporter: str
    on: date
    total_pct: float
    by_measure: dict[str, float]


def lookup(c: Compiled, code: str, origin: str, on: str | date) -> LineDuty:
    """Fast single-line lookup on a compiled regime (no explanation table)."""
    d = covered(c, as_date(on))
    i = c.index.get(code)
    if i is None:
        code = resolve_codes(c, code)[0]
        i = c.index[code]
    st = stack(c, origin, day(d), np.array([i]))
    parts = {c.measures[int(m)].id: float(v) for m, v in zip(st.applied[:, 0], st.contribution[:, 0]) if m >= 0}
    return LineDuty(code, origin, d, float(st.total[0]), parts)
