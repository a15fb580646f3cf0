"""The regime's public functions: compile once (cached), look up a line, rate many lines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from tradedeal.errors import HSCodeError, QueryError
from tradedeal.regime.compile import Compiled, Options, compile_regime, day
from tradedeal.regime.engine import stack
from tradedeal.regime.explain import explain
from tradedeal.regime.loader import load_regime
from tradedeal.results.frames import Provenance, TableResult

_CACHE: dict[tuple, Compiled] = {}


def compiled(importer: str = "USA", folder: str | Path | None = None, options: Options = Options()) -> Compiled:
    """The compiled regime of ``importer`` (shipped) or of ``folder``, cached per process (a
    changed regime file is a new regime, see :func:`load_regime`)."""
    from tradedeal.regime.compile import store_fingerprint

    regime = load_regime(folder, importer)
    key = (id(regime), options.key(), store_fingerprint(regime))  # load_regime keeps every regime alive
    if key not in _CACHE:
        _CACHE[key] = compile_regime(regime, options)
    return _CACHE[key]


def as_date(value: str | date, field: str = "--date") -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise QueryError(f"{field}: '{value}' is not an ISO 8601 date", "write dates as YYYY-MM-DD, "
                         "e.g. 2025-09-01 (the entry date)") from None


def verified_note(c: Compiled, d: date) -> str | None:
    """A warning when ``d`` is after the date through which the regime was verified."""
    through = c.regime.header.verified_through
    if d > through:
        return (f"WARNING: {d} is after {through}, the date through which the {c.regime.importer} "
                f"regime was verified; measures taken or ended since then are not known here")
    return None


def line_index(c: Compiled) -> pd.Series:
    return c.line_index()


def resolve_codes(c: Compiled, code: str) -> list[str]:
    """The regime lines a user's code stands for: itself, or the lines under a shorter code.

    Raises :class:`HSCodeError` suggesting the nearest valid lines.
    """
    from tradedeal.codes.hs import format_hts, nearest, normalize

    try:
        norm = normalize(code)
    except HSCodeError as e:
        raise HSCodeError(f"'{code}': {e.message}", e.hint) from None
    width = len(c.codes[0])
    if norm in c.index:
        return [norm]
    if len(norm) < width:
        under = [x for x in c.codes if x.startswith(norm)]
        if under:
            return under
    near = nearest(norm, pd.Series(c.codes), n=5)
    raise HSCodeError(f"{format_hts(norm)} is not a line of the {c.regime.importer} tariff schedule "
                      f"({c.regime.header.id})",
                      "nearest valid lines: " + ", ".join(format_hts(x) for x in near))


def rates(c: Compiled, exporter: str, on: str | date, codes: pd.Series | None = None,
          loaded: str | date | None = None) -> pd.DataFrame:
    """Rate per line for ``exporter`` on entry date ``on``: total, base (MFN) and per group."""
    d = as_date(on)
    idx = None if codes is None else line_index(c).reindex(codes).dropna().astype(int).to_numpy()
    st = stack(c, exporter, day(d), idx, None if loaded is None else day(as_date(loaded, "--loaded")))
    out = pd.DataFrame({"code": c.codes[st.products], "duty_pct": st.total})
    for g, name in enumerate(c.groups):
        out[f"{name}_pct"] = st.contribution[g]
    out["additional_pct"] = out["duty_pct"] - out[f"{c.groups[c.base]}_pct"]
    out["base_pct"] = out[f"{c.groups[c.base]}_pct"]
    return out


def duty(code: str, origin: str, on: str | date, importer: str = "USA",
         loaded: str | date | None = None, c: Compiled | None = None) -> TableResult:
    """Every measure applied or excluded on ``code`` from ``origin`` entered on ``on``, and the total."""
    from tradedeal.codes.countries import name
    from tradedeal.codes.hs import format_hts

    c = c or compiled(importer)
    d = as_date(on)
    ld = as_date(loaded, "--loaded") if loaded is not None else None
    if ld is not None and ld > d:
        raise QueryError(f"--loaded {ld} is after the entry date {d}",
                         "the loading date must be on or before the entry date")
    lines = resolve_codes(c, code)
    frames, notes = [], []
    for line in lines[:50]:
        f = explain(c, origin, day(d), c.index[line], None if ld is None else day(ld))
        f.insert(0, "line", format_hts(line))
        frames.append(f)
    frame = pd.concat(frames, ignore_index=True)
    totals = frame[frame["status"] == "applied"].groupby("line", sort=False)["duty_pct"].sum()
    for line, total in totals.items():
        notes.append(f"total duty on {line} from {origin} entered {d}: {total:.2f}% of customs value")
    for line in (format_hts(x) for x in lines[:50]):
        if line not in totals.index:
            notes.append(f"total duty on {line} from {origin} entered {d}: 0.00% of customs value")
    if len(lines) > 50:
        notes.append(f"{len(lines) - 50} more lines under {code} not shown: give a longer code")
    warn = verified_note(c, d)
    if warn:
        notes.insert(0, warn)
    used = frame.loc[frame["status"].isin(["applied", "exempt"]), "measure"].unique()
    approx = c.approximations_for(used)
    prov = (Provenance(dataset=f"regime {c.regime.header.id}", source=c.regime.header.source,
                       approximation="; ".join(dict.fromkeys(approx))),)
    title = (f"Duty on {', '.join(format_hts(x) for x in lines[:3])}{'...' if len(lines) > 3 else ''} "
             f"from {origin} ({name(origin)}) into {c.regime.importer}, entered {d}")
    return TableResult(title=title, _frame=frame,
                       units={"rate_pct": "percent ad valorem", "duty_pct": "percent of customs value",
                              "share_of_value": "share 0-1"},
                       provenance=prov, notes=tuple(notes))


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
    d = as_date(on)
    i = c.index.get(code)
    if i is None:
        code = resolve_codes(c, code)[0]
        i = c.index[code]
    st = stack(c, origin, day(d), np.array([i]))
    parts = {c.measures[int(m)].id: float(v) for m, v in zip(st.applied[:, 0], st.contribution[:, 0]) if m >= 0}
    return LineDuty(code, origin, d, float(st.total[0]), parts)
