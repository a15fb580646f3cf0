"""Strategic dependency: who supplies an importer's strategic products, how concentrated that
is, what each supplier pays, whether a partner could substitute, and which products meet the
published criteria of dependence.

For each product group and product (a line of the importer's table, or its HS6):

- import value, number of suppliers, the Herfindahl-Hirschman index of supplier shares, the top
  supplier and its share, the share of the watched countries (China, from the criteria file)
  and of the named partner (:mod:`tradedeal.statistics.concentration`);
- the duty each of them faces on the date, from the regime engine (a product of several lines:
  weighted by the supplier's own imports of them, or their simple mean where it sells none);
- the partner's room to substitute: its exports of the product to the world (HS6; the user's
  export data, else a shipped dataset of the partner's exports by destination) against what
  the importer buys from the top supplier;
- the criteria of :mod:`tradedeal.statistics.criteria`, each decided where its data is at hand
  and otherwise named on the row with the data it needs.

Where the importer has no table of imports by supplier (shipped or imported), only its imports
from the partner can be shown, at the level the data has, and the row says what is missing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from tradedeal import datasets
from tradedeal.codes.countries import name as country_name
from tradedeal.codes.groups import ProductGroup, groups, membership
from tradedeal.codes.partners import members_on, resolve
from tradedeal.datasets import user_index
from tradedeal.errors import QueryError
from tradedeal.options import DependencyLevel, check
from tradedeal.regime.api import compiled, verified_note
from tradedeal.regime.arrays import Compiled, day
from tradedeal.regime.engine import stack
from tradedeal.regime.folders import shipped_regimes
from tradedeal.regime.lines import as_date
from tradedeal.regime.panel import day_signature
from tradedeal.results.dependency import DependencyResult
from tradedeal.statistics.compete import importer_lines
from tradedeal.statistics.concentration import concentration, share_from
from tradedeal.statistics.criteria import Criteria, all_of, holds, persistence, shipped_criteria
from tradedeal.statistics.trade import describe_codes
from tradedeal.statistics.trade_sources import bilateral_lines, fiscal_label
from tradedeal.store.db import Store
from tradedeal.tables import Figure, Provenance, TableResult

DEFAULT_GROUPS = ("critical_minerals", "energy", "defence", "nuclear", "semiconductors", "pharmaceuticals")
COLUMN_OF = {"import_hhi": "hhi"}  # an indicator's column in the product table (others: the indicator's name)
NO_EXPORTS = 9999.0  # GeoDep's ratio where exports are zero


@dataclass(frozen=True)
class Exports:
    """A country's exports by HS6 to the world (and to one destination), with their source."""

    world: pd.Series            # hs6 -> USD
    to: pd.Series               # hs6 -> USD, to the destination asked
    provenance: Provenance


# ------------------------------------------------------------------------------------------ data
@lru_cache(maxsize=16)
def _membership(key: str, codes: tuple[str, ...], names: tuple[str, ...]) -> pd.DataFrame:
    defs = groups()
    return membership(codes, {n: defs[n] for n in names}).astype(object)


_MEMBERS: dict[tuple[str, tuple[str, ...]], tuple[np.ndarray, np.ndarray]] = {}


def member_index(table: "Table", names: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """(line, group) index pairs of the table's lines in the named groups (kept per table)."""
    k = (table.key, names)
    got = _MEMBERS.get(k)
    if got is None:
        mem = group_membership(table.codes, names)
        got = (pd.Index(table.codes).get_indexer(mem["code"]).astype(np.int64),
               pd.Index(names).get_indexer(mem["group"]).astype(np.int64))
        if len(_MEMBERS) > 16:
            _MEMBERS.clear()
        _MEMBERS[k] = got
    return got


_TEXTS: dict[tuple[str, str], dict[str, str]] = {}


def descriptions_of(codes, level: str, importer: str) -> list[str]:
    """Descriptions of product codes (kept per importer and level: a second screen looks them up)."""
    known = _TEXTS.setdefault((importer, level), {})
    missing = [c for c in dict.fromkeys(codes) if c not in known]
    if missing:
        known.update(zip(missing, describe_codes(missing, "hs10" if level == "line" else "hs6", (importer,))))
    return [known[c] for c in codes]


def group_membership(codes: np.ndarray, names: tuple[str, ...]) -> pd.DataFrame:
    """(code, group) of the given codes in the named groups (kept per set of codes and groups)."""
    codes_t = tuple(map(str, codes))
    key = hashlib.sha256("\n".join(codes_t).encode()).hexdigest()
    return _membership(key, codes_t, names)


@lru_cache(maxsize=8)
def _shipped_exports(dataset: str, code_column: str, importer_column: str, fy: str, level: int,
                     destination: str) -> tuple[pd.Series, pd.Series]:
    rows = datasets.query(
        f'SELECT substr("{code_column}", 1, 6) AS hs6, SUM(value_usd), '
        f'SUM(CASE WHEN "{importer_column}" = {datasets.lit(destination)} THEN value_usd ELSE 0 END) '
        f"FROM {{{dataset}}} WHERE fiscal_year = {datasets.lit(fy)} GROUP BY 1")
    idx = [r[0] for r in rows]
    return (pd.Series([float(r[1] or 0) for r in rows], index=idx, dtype=float),
            pd.Series([float(r[2] or 0) for r in rows], index=idx, dtype=float))


def exports_of(country: str, year: int, destination: str) -> Exports | None:
    """``country``'s exports by HS6 to the world: the user's imported export statistics (every
    partner) for ``year``, else a shipped dataset of its exports by destination; None if neither."""
    user = [m for m in datasets.find("trade", exporter=country) if m.kind == "user"
            and m.get("reporter") == "exporter" and year in (m.get("years") or ())]
    if user:
        with Store.open(read_only=True) as store:
            rows = store.user_trade(exporter=country, year=year, flow="export")
        rows = rows[rows["hs_level"] >= 6]
        if rows["importer"].nunique() >= 2:
            rows = rows[rows["hs_level"] == rows["hs_level"].max()].assign(hs6=lambda f: f["hs_code"].str.slice(0, 6))
            world = rows.groupby("hs6")["value_usd"].sum()
            to = rows[rows["importer"] == destination].groupby("hs6")["value_usd"].sum()
            files = ", ".join(sorted(rows["source_file"].unique()))
            return Exports(world, to, Provenance(f"user_trade ({files})", f"{country}'s reported exports, {year}",
                                                 f"{country}'s exports as in the imported file ({rows['importer'].nunique()} "
                                                 "partners)"))
    for m in datasets.shipped("trade", exporter=country):
        if m.get("reporter") != "exporter" or not m.get("importer_column") or m.get("importer") != "*":
            continue
        fiscal = m.get("period") == "fiscal_apr_mar"
        label = fiscal_label(year) if fiscal else str(year)
        if not fiscal:
            continue  # calendar-year export tables by destination: none shipped yet
        world, to = _shipped_exports(m.dataset, m.get("code_column"), m.get("importer_column"), label,
                                     int(m.get("level")), destination)
        if world.empty:
            continue
        approx = m.get("approximation", "")
        return Exports(world, to, Provenance(m.dataset, datasets.source_text(m.dataset),
                                             f"{approx}; fiscal year {label} stands in for {year}; HS6 = the first six "
                                             "digits of the national lines"))
    return None


def world_export_hhi(year: int) -> tuple[pd.Series, Provenance] | None:
    """HHI of exporters' shares of each HS6's exports, from the user's imported export statistics
    of several reporters (None when fewer than two exporters are imported)."""
    if not user_index.fingerprint("trade"):
        return None
    with Store.open(read_only=True) as store:
        rows = store.user_trade(year=year, flow="export")
    rows = rows[rows["hs_level"] >= 6]
    if rows.empty or rows["exporter"].nunique() < 2:
        return None
    rows = rows.assign(hs6=rows["hs_code"].str.slice(0, 6))
    by = rows.groupby(["hs6", "exporter"])["value_usd"].sum()
    total = by.groupby(level=0).transform("sum")
    h = ((by / total) ** 2).groupby(level=0).sum()
    files = ", ".join(sorted(rows["source_file"].unique()))
    return h, Provenance(f"user_trade ({files})", f"exports of {rows['exporter'].nunique()} reporters, {year}",
                         f"world exports = the exports of the {rows['exporter'].nunique()} reporters imported, not "
                         "every exporter")


# ------------------------------------------------------------------------------------------ duties
@dataclass(frozen=True)
class Table:
    """An importer's imports by line and supplier as integer arrays, rows sorted by line."""

    codes: np.ndarray        # distinct lines (text), sorted
    hs6: np.ndarray          # (lines,) index of each line's HS6 in hs6_codes
    hs6_codes: np.ndarray
    exporters: np.ndarray    # distinct suppliers (ISO3)
    row_code: np.ndarray     # (rows,) index into codes
    row_exporter: np.ndarray  # (rows,) index into exporters
    row_value: np.ndarray    # (rows,) USD
    start: np.ndarray        # (lines + 1,) first row of each line
    provenance: Provenance
    key: str = ""            # content key (the lines, suppliers and values), for what is kept per table

    def rows_of(self, lines: np.ndarray) -> np.ndarray:
        """Row indices of the given lines (in their order, each line's rows together)."""
        counts = self.start[lines + 1] - self.start[lines]
        offsets = np.repeat(self.start[lines] - np.cumsum(np.r_[0, counts[:-1]]), counts)
        return np.arange(counts.sum()) + offsets


def table_from(trade: pd.DataFrame, provenance: Provenance) -> Table:
    """A :class:`Table` from a frame (hs_code, exporter, value_usd), one row per line and supplier."""
    t = trade[trade["value_usd"] > 0]
    ci, codes = pd.factorize(t["hs_code"].astype(str), sort=True)
    ei, exporters = pd.factorize(t["exporter"].astype(str), sort=True)
    order = np.argsort(ci, kind="stable")
    row_code = ci[order].astype(np.int64)
    h, hs6_codes = pd.factorize(pd.Index(codes).str.slice(0, 6), sort=True)
    start = np.searchsorted(row_code, np.arange(len(codes) + 1))
    values = t["value_usd"].to_numpy(float)[order]
    row_exporter = ei[order].astype(np.int64)
    h_ = hashlib.sha256("\n".join(codes).encode())
    h_.update("\n".join(exporters).encode())
    for a in (row_code, row_exporter, values):
        h_.update(a.tobytes())
    return Table(np.asarray(codes, dtype=object), h.astype(np.int64), np.asarray(hs6_codes, dtype=object),
                 np.asarray(exporters, dtype=object), row_code, row_exporter, values, start, provenance,
                 h_.hexdigest()[:32])


@lru_cache(maxsize=4)
def _table(importer: str, year: int, _user: str) -> Table:
    trade, prov = importer_lines(importer, year)
    return table_from(trade, prov)


def import_table(importer: str, year: int) -> Table:
    """The importer's table of imports by line and supplier for ``year`` (kept in the process
    per importer, year and state of the user's imports); a :class:`QueryError` when there is none."""
    return _table(importer, year, user_index.fingerprint("trade"))


@lru_cache(maxsize=8)
def _shipped_years(dataset: str) -> tuple[int, ...]:
    return tuple(int(r[0]) for r in datasets.query(f"SELECT DISTINCT year FROM {{{dataset}}}") if r[0] is not None)


def table_years(importer: str) -> set[int]:
    """Years for which the importer has a table of imports by supplier (shipped or imported)."""
    out: set[int] = set()
    for m in datasets.find("import_table", importer=importer):
        if m.kind == "user":
            out |= set(m.get("years") or ())
        elif m.get("period") == "calendar":
            out |= set(_shipped_years(m.dataset))
    return out


@dataclass(frozen=True)
class Flows:
    """The screen's flows: one row per product (group x line or HS6) and supplier."""

    pid: np.ndarray          # product index (rows of the product frame)
    exporter: np.ndarray     # index into Table.exporters
    value: np.ndarray
    group: np.ndarray        # (products,) index into the group names
    dprod: np.ndarray        # (products,) the product's duty key (a line, or an HS6)
    top: np.ndarray          # (products,) the top supplier (index into Table.exporters, -1 if none)


@dataclass(frozen=True)
class Duties:
    """Each exporter's duty on each product key (a line or an HS6) on a date (percent)."""

    exporters: np.ndarray    # (k,) exporter indices (into Table.exporters)
    pct: np.ndarray          # (k, product keys)

    def lookup(self, dprod: np.ndarray, exporter: np.ndarray) -> np.ndarray:
        where = np.full(int(max(self.exporters.max(initial=0), exporter.max(initial=0))) + 1, -1, np.int64)
        where[self.exporters] = np.arange(len(self.exporters))
        k = np.where(exporter >= 0, where[np.maximum(exporter, 0)], -1)
        out = np.full(len(dprod), np.nan)
        ok = k >= 0
        out[ok] = self.pct[k[ok], dprod[ok]]
        return out


_POSITIONS: dict[tuple[str, str], np.ndarray] = {}
_DUTY_ROWS: dict[tuple, np.ndarray] = {}     # a regime's duties on a day for one class of exporters, by lines
_SIGNATURES: dict[tuple, bytes] = {}


def _signature(c: Compiled, exporter: str, d: int) -> bytes:
    """What decides the exporter's duties on day ``d`` (kept per regime, day and exporter)."""
    if not c.key:
        return day_signature(c, exporter, d)
    k = (c.key, d, exporter)
    got = _SIGNATURES.get(k)
    if got is None:
        if len(_SIGNATURES) > 4096:
            _SIGNATURES.clear()
        got = _SIGNATURES[k] = day_signature(c, exporter, d)
    return got


def regime_positions(c: Compiled, table: Table) -> np.ndarray:
    """(lines,) each table line's position in the compiled regime, -1 where it has none (kept per
    table and regime)."""
    k = (table.key, c.key)
    got = _POSITIONS.get(k) if c.key else None
    if got is None:
        got = pd.Index(c.codes).get_indexer(table.codes).astype(np.int64)
        if len(_POSITIONS) > 8:
            _POSITIONS.clear()
        _POSITIONS[k] = got
    return got


def product_duties(c: Compiled, table: Table, who: np.ndarray, d: dt.date, lines: np.ndarray,
                   level: str) -> Duties:
    """The duty of each exporter ``who`` (Table indices) on each product key of ``lines`` (Table
    line indices) on ``d``: a line's own duty, or for an HS6 the mean over its lines weighted by
    the exporter's imports of them (their simple mean where it sells none). Exporters whose
    measures in force agree on the day are stacked once."""
    n_key = len(table.codes) if level == "line" else len(table.hs6_codes)
    pos = regime_positions(c, table)[lines]
    lines, pos = lines[pos >= 0], pos[pos >= 0]
    key = lines if level == "line" else table.hs6[lines]
    order, where = np.unique(pos, return_inverse=True)
    count = np.maximum(np.bincount(key, minlength=n_key), 1).astype(float)
    dd = day(d)
    names = table.exporters[who]
    classes: dict[bytes, int] = {}
    class_of = np.array([classes.setdefault(_signature(c, e, dd), len(classes)) for e in names], dtype=np.int64)
    first = [names[int(np.flatnonzero(class_of == k)[0])] for k in range(len(classes))]
    cache: dict = {}
    lines_key = hashlib.sha256(order.tobytes()).hexdigest()
    rows = []
    for sig, e in zip(classes, first):
        k = (c.key, dd, sig, lines_key)
        row = _DUTY_ROWS.get(k) if c.key else None
        if row is None:
            row = stack(c, e, dd, order, _cache=cache).total.astype(float)
            if len(_DUTY_ROWS) > 256:
                _DUTY_ROWS.clear()
            if c.key:  # a regime without a content key is not kept
                _DUTY_ROWS[k] = row
        rows.append(row[where])
    duty = np.vstack(rows)
    simple = np.vstack([np.bincount(key, weights=row, minlength=n_key) / count for row in duty])
    if level == "line":
        return Duties(who, simple[class_of])
    rows = table.rows_of(lines)
    line_of_row = np.repeat(np.arange(len(lines)), table.start[lines + 1] - table.start[lines])
    slot = np.full(len(table.exporters), -1, np.int64)
    slot[who] = np.arange(len(who))
    s = slot[table.row_exporter[rows]]
    ok = s >= 0
    s, li, val = s[ok], line_of_row[ok], table.row_value[rows][ok]
    cell = s * n_key + key[li]
    v = np.bincount(cell, weights=val, minlength=len(who) * n_key).reshape(len(who), n_key)
    w = np.bincount(cell, weights=val * duty[class_of[s], li], minlength=len(who) * n_key).reshape(len(who), n_key)
    return Duties(who, np.where(v > 0, w / np.where(v > 0, v, 1), simple[class_of]))


# ------------------------------------------------------------------------------------------ the screen
def indicators(table: Table, names: tuple[str, ...], level: str,
               mem: pd.DataFrame | None = None) -> tuple[pd.DataFrame, Flows]:
    """One row per (group, product) with imports, suppliers, HHI, top supplier and its share;
    and the flows behind them. ``mem`` (code, group): the groups' lines (default: from the
    group definitions)."""
    if mem is None:
        ci, gi = member_index(table, names)
    else:
        ci, gi = pd.Index(table.codes).get_indexer(mem["code"]), pd.Index(names).get_indexer(mem["group"])
    keep = (ci >= 0) & (gi >= 0)
    ci, gi = ci[keep], gi[keep]
    rows = table.rows_of(ci)
    counts = table.start[ci + 1] - table.start[ci]
    g_row = np.repeat(gi, counts)
    c_row = table.row_code[rows]
    n_key = len(table.codes) if level == "line" else len(table.hs6_codes)
    key_row = c_row if level == "line" else table.hs6[c_row]
    ukeys, pid = np.unique(g_row * n_key + key_row, return_inverse=True)
    e_row, v_row = table.row_exporter[rows], table.row_value[rows]
    if level != "line":  # several lines of an HS6: sum each supplier's imports
        n_e = len(table.exporters)
        cells, inv = np.unique(pid * n_e + e_row, return_inverse=True)
        v_row = np.bincount(inv, weights=v_row)
        pid, e_row = cells // n_e, cells % n_e
    con = concentration(pid, e_row, v_row, len(ukeys))
    group, dprod = ukeys // n_key, ukeys % n_key
    labels = table.codes if level == "line" else table.hs6_codes
    frame = pd.DataFrame({"group": np.asarray(names, dtype=object)[group], "code": labels[dprod],
                          "imports_usd": con.total, "suppliers": con.suppliers, "hhi": con.hhi,
                          "top_supplier": np.where(con.top >= 0, table.exporters[np.maximum(con.top, 0)], None),
                          "top_share": con.top_share, "top_supplier_usd": con.top_value})
    return frame, Flows(pid, e_row, v_row, group, dprod, con.top)


def dependency(importer: str, names: tuple[str, ...] | list[str] = DEFAULT_GROUPS, exporter: str | None = None,
               on=None, level: str = "line", partner_groups: tuple[str, ...] | list[str] = (), year: int = 2024,
               c: Compiled | None = None, criteria: Criteria | None = None) -> DependencyResult:
    """The dependency screen of ``importer`` for the product groups ``names`` (see the module)."""
    check(level, DependencyLevel, "--level")
    defs = groups()
    names = tuple(dict.fromkeys(names))
    bad = [n for n in names if n not in defs]
    if bad or not names:
        raise QueryError(f"unknown product group(s): {', '.join(bad) or '(none given)'}",
                         f"known: {', '.join(sorted(defs))} (codes/data/product_groups.toml)")
    if exporter is not None and exporter == importer:
        raise QueryError(f"--exporter {exporter} is the importer", "name another country")
    pgroups = resolve(list(partner_groups))
    d = as_date(on) if on is not None else dt.date.today()
    crit = criteria or shipped_criteria()
    try:
        table = import_table(importer, year)
    except QueryError as exc:
        if exporter is None:
            raise QueryError(f"{exc.message}; without it only the imports from one partner can be shown",
                             "name the partner with --exporter, or import the importer's imports from every partner "
                             "(UN Comtrade) with `tradedeal data import`") from None
        return _partner_only(importer, exporter, names, defs, year, d, crit, exc.message)
    frame, flows = indicators(table, names, level)
    ex_index = pd.Index(table.exporters)
    watch = [w for w in crit.watch.countries if w != importer]
    shown = list(dict.fromkeys([*watch, *([exporter] if exporter else [])]))
    for w in shown:
        e = ex_index.get_indexer([w])[0]
        frame[f"{w.lower()}_share"] = np.nan_to_num(share_from(flows.pid, flows.value, flows.exporter == e, len(frame)))
    notes, provs = [], [table.provenance]
    if c is None and importer in shipped_regimes():
        c = compiled(importer)
    if c is not None:
        top = flows.top
        named = ex_index.get_indexer(shown)
        who = np.unique(np.r_[top[top >= 0], named[named >= 0]]).astype(np.int64)
        lines = np.unique(member_index(table, names)[0])
        duties = product_duties(c, table, who, d, lines[lines >= 0], level)
        frame["top_duty_pct"] = duties.lookup(flows.dprod, top)
        for w, e in zip(shown, named):
            frame[f"{w.lower()}_duty_pct"] = (duties.lookup(flows.dprod, np.full(len(frame), e)) if e >= 0 else
                                              _absent_duty(c, w, d, table, flows.dprod, level))
        warn = verified_note(c, d)
        if warn:
            notes.append(warn)
        provs.append(Provenance(f"regime {c.header.id}", c.header.source,
                                "duties are ad-valorem parts (`tradedeal duty` explains each line)"))
    else:
        notes.append(f"no tariff regime of {importer} is shipped: duties not shown (give one with `--regime`)")
    hs6 = frame["code"].str.slice(0, 6)
    if exporter is not None:
        ex = exports_of(exporter, year, importer)
        if ex is not None:
            col = f"{exporter.lower()}_world_exports_usd"
            frame[col] = hs6.map(ex.world).fillna(0.0).to_numpy()
            frame[f"{exporter.lower()}_room"] = frame[col] / frame["top_supplier_usd"]
            provs.append(ex.provenance)
            if level == "line":
                notes.append(f"{exporter}'s world exports are by HS6: a line is compared with the whole HS6 it "
                             "belongs to (the room is overstated where the HS6 holds other lines)")
        else:
            notes.append(f"no data of {exporter}'s exports by product: its room to substitute is not shown "
                         "(import its export statistics, UN Comtrade)")
    frame, own, wx = with_criteria_indicators(frame, importer, exporter, year, level)
    provs += [x.provenance for x in (own,) if x is not None] + ([wx[1]] if wx is not None else [])
    frame["persistence"], years_seen = _persistence(frame, importer, exporter, names, year, level, crit)
    if years_seen:
        notes.append(f"persistence over {', '.join(map(str, years_seen))}: the user's import tables of the earlier years")
    frame = evaluate(frame, crit)
    frame.insert(2, "description", descriptions_of(frame["code"].tolist(), level, importer))
    return _result(importer, exporter, names, defs, frame, flows, table, d, level, year, watch, pgroups, crit, provs,
                   notes, own is not None, wx is not None)


def _absent_duty(c: Compiled, who: str, d: dt.date, table: Table, dprod: np.ndarray, level: str) -> np.ndarray:
    """The duty a country that sells nothing in the table would face (simple means of the lines)."""
    lines = np.arange(len(table.codes))
    keys = lines if level == "line" else table.hs6[lines]
    pos = regime_positions(c, table)
    ok = pos >= 0
    order, where = np.unique(pos[ok], return_inverse=True)
    duty = stack(c, who, day(d), order).total[where].astype(float)
    n_key = len(table.codes) if level == "line" else len(table.hs6_codes)
    mean = np.bincount(keys[ok], weights=duty, minlength=n_key) / np.maximum(np.bincount(keys[ok], minlength=n_key), 1)
    return mean[dprod]


def with_criteria_indicators(frame: pd.DataFrame, importer: str, exporter: str | None, year: int,
                             level: str) -> tuple[pd.DataFrame, Exports | None, tuple | None]:
    """``frame`` with the indicators that need more than the import table: the importer's own
    exports (imports_to_exports), world export concentration, and import share of demand
    (never at hand: NaN); also the data used."""
    hs6 = frame["code"].str.slice(0, 6)
    own = exports_of(importer, year, exporter or "")
    if own is not None:
        mine = hs6.map(own.world).fillna(0.0).to_numpy()
        if level == "line":
            # the importer's own exports are by HS6: compare them with its imports of the whole HS6
            per6 = frame.groupby([frame["group"], hs6])["imports_usd"].transform("sum").to_numpy()
        else:
            per6 = frame["imports_usd"].to_numpy()
        frame["importer_exports_usd"] = mine
        frame["imports_to_exports"] = np.where(mine > 0, per6 / np.where(mine > 0, mine, 1), NO_EXPORTS)
    else:
        frame["importer_exports_usd"] = np.nan
        frame["imports_to_exports"] = np.nan
    wx = world_export_hhi(year)
    frame["world_export_hhi"] = hs6.map(wx[0]).to_numpy(float) if wx is not None else np.nan
    frame["import_share_of_demand"] = np.nan
    return frame, own, wx


def _persistence(frame: pd.DataFrame, importer, exporter, names, year, level, crit: Criteria) -> tuple[np.ndarray, list[int]]:
    """The persistence indicator: for each family with a persistence criterion, the years of the
    three to ``year`` in which its other criteria all hold (NaN without three years of imports)."""
    fams = [f for f in crit.families if any(c.indicator == "persistence" for c in crit.of(f.id))]
    out = np.full(len(frame), np.nan)
    earlier = (year - 2, year - 1)
    if not fams or not set(earlier) <= table_years(importer):
        return out, []
    key = frame["group"] + "|" + frame["code"]
    others = [c for c in crit.of(fams[0].id) if c.indicator != "persistence"]
    results = [all_of([holds(c, frame[COLUMN_OF.get(c.indicator, c.indicator)].to_numpy(float)) for c in others])]
    for yy in earlier:
        f, _ = indicators(import_table(importer, yy), tuple(names), level)
        f, _, _ = with_criteria_indicators(f, importer, exporter, yy, level)
        f = f.set_index(f["group"] + "|" + f["code"]).reindex(key)
        res = all_of([holds(c, f[COLUMN_OF.get(c.indicator, c.indicator)].to_numpy(float)) for c in others])
        # a product the importer did not import that year: not concentrated, not dependent
        res = np.where(f["imports_usd"].isna().to_numpy(), 0.0, res)
        results.append(res)
    return persistence(results), [*earlier, year]


def _three_valued(r: np.ndarray):
    """1 / 0 / NaN as a nullable boolean column (true, false, empty)."""
    return pd.arrays.BooleanArray(r == 1, np.isnan(r))


def evaluate(frame: pd.DataFrame, crit: Criteria) -> pd.DataFrame:
    """A column per criterion and per family (True, False, or empty = not decided), and on each
    row the criteria not decided with the data they need."""
    open_cols, texts = [], []
    for fam in crit.families:
        results = []
        for c in crit.of(fam.id):
            r = holds(c, frame[COLUMN_OF.get(c.indicator, c.indicator)].to_numpy(float))
            results.append(r)
            frame[c.id] = _three_valued(r)
            open_cols.append(np.isnan(r))
            texts.append(f"{c.id}: needs {c.needs}")
        frame[fam.id] = _three_valued(all_of(results))
    pattern = np.vstack(open_cols).T if open_cols else np.zeros((len(frame), 0), bool)
    codes, uniq = pd.factorize(pd.Series([row.tobytes() for row in pattern]))
    words = ["; ".join(dict.fromkeys(t for t, o in zip(texts, np.frombuffer(u, dtype=bool)) if o)) for u in uniq]
    frame["not_decided"] = np.asarray(words, dtype=object)[codes] if len(frame) else []
    return frame


def _by_group(flows: Flows, table: Table, n_groups: int) -> np.ndarray:
    """(groups, exporters) imports."""
    n_e = len(table.exporters)
    cell = flows.group[flows.pid] * n_e + flows.exporter
    return np.bincount(cell, weights=flows.value, minlength=n_groups * n_e).reshape(n_groups, n_e)


def _summary(frame: pd.DataFrame, flows: Flows, table: Table, names, defs, watch, exporter,
             crit: Criteria) -> pd.DataFrame:
    G = len(names)
    g = flows.group
    M = _by_group(flows, table, G)
    total = M.sum(axis=1)
    safe = np.where(total > 0, total, 1)
    share = M / safe[:, None]
    top = M.argmax(axis=1)

    def per(values) -> np.ndarray:
        return np.bincount(g, weights=np.asarray(values, dtype=float), minlength=G)

    imports = frame["imports_usd"].to_numpy(float)
    hhi = frame["hhi"].to_numpy(float)
    out = pd.DataFrame({"group": list(names), "label": [defs[n].label for n in names],
                        "products": np.bincount(g, minlength=G), "imports_usd": total,
                        "suppliers": (M > 0).sum(axis=1), "group_hhi": np.where(total > 0, (share ** 2).sum(axis=1), np.nan),
                        "mean_product_hhi": per(imports * hhi) / safe,
                        "top_supplier": np.where(total > 0, table.exporters[top], None),
                        "top_share": np.where(total > 0, share[np.arange(G), top], np.nan)})
    ex_index = pd.Index(table.exporters)
    for who in dict.fromkeys([*watch, *([exporter] if exporter else [])]):
        e = ex_index.get_indexer([who])[0]
        out[f"{who.lower()}_share"] = share[:, e] if e >= 0 else 0.0
        col = f"{who.lower()}_duty_pct"
        if col in frame:
            out[f"{who.lower()}_avg_duty_pct"] = per(imports * frame[col].to_numpy(float)) / safe
    concentrated = hhi > 0.4
    out["products_hhi_over_0_4"] = np.bincount(g, weights=concentrated, minlength=G).astype(np.int64)
    out["imports_in_concentrated_pct"] = 100 * per(imports * concentrated) / safe
    for fam in crit.families:
        col = frame[fam.id]
        yes = col.fillna(False).to_numpy(bool)
        out[f"{fam.id}_dependent"] = np.bincount(g, weights=yes, minlength=G).astype(np.int64)
        out[f"{fam.id}_not_decided"] = np.bincount(g, weights=col.isna().to_numpy(), minlength=G).astype(np.int64)
        out[f"{fam.id}_dependent_imports_pct"] = 100 * per(imports * yes) / safe
    if exporter and f"{exporter.lower()}_world_exports_usd" in frame:
        topv = frame["top_supplier_usd"].to_numpy(float)
        cover = per(np.minimum(frame[f"{exporter.lower()}_world_exports_usd"].to_numpy(float), topv))
        out[f"{exporter.lower()}_can_cover_top_pct"] = 100 * cover / np.where(per(topv) > 0, per(topv), 1)
    return out


def _partners_table(flows: Flows, table: Table, names, pgroups, d: dt.date, watch) -> tuple[pd.DataFrame, list[str]]:
    rows, notes = [], []
    M = _by_group(flows, table, len(names))
    total = M.sum(axis=1)
    ex_index = pd.Index(table.exporters)
    for pg in pgroups:
        m = members_on(pg, d)
        notes.append(m.text() + (f"; {'; '.join(m.notes)}" if m.notes else ""))
        inside = ex_index.get_indexer(list(m.countries))
        own = M[:, inside[inside >= 0]].sum(axis=1)
        for k, n in enumerate(names):
            if total[k] <= 0:
                continue
            row = {"partner_group": pg.name, "label": pg.label, "members_counted": len(m.countries), "group": n,
                   "imports_usd": float(total[k]), "from_group_usd": float(own[k]),
                   "from_group_pct": float(100 * own[k] / total[k])}
            for w in watch:
                e = ex_index.get_indexer([w])[0]
                row[f"from_{w.lower()}_pct"] = float(100 * M[k, e] / total[k]) if e >= 0 else 0.0
            row["unknown_members"] = ", ".join(m.unknown)
            rows.append(row)
    return pd.DataFrame(rows), notes


def _criteria_table(crit: Criteria, decided: dict[str, str]) -> pd.DataFrame:
    fams = {f.id: f for f in crit.families}
    return pd.DataFrame([{"family": c.family, "family_label": fams[c.family].label, "criterion": c.id,
                          "label": c.label, "indicator": c.indicator, "test": f"{c.indicator} {c.operator} {c.threshold:g}",
                          "computed": decided.get(c.indicator, "no"), "needs": c.needs, "source": c.source,
                          "family_source": fams[c.family].source} for c in crit.criteria])


def _result(importer, exporter, names, defs, frame, flows, table, d, level, year, watch, pgroups, crit, provs, notes,
            has_exports, has_world) -> DependencyResult:
    summary = _summary(frame, flows, table, names, defs, watch, exporter, crit)
    partners, pnotes = _partners_table(flows, table, names, pgroups, d, watch) if pgroups else (pd.DataFrame(), [])
    decided = {"import_hhi": "yes", "imports_to_exports": "yes" if has_exports else "no: data not at hand",
               "world_export_hhi": "yes (from the user's export data)" if has_world else "no: data not at hand",
               "import_share_of_demand": "no: production data not at hand",
               "persistence": "yes" if frame["persistence"].notna().any() else "no: fewer than three years of imports"}
    crit_t = _criteria_table(crit, decided)
    gprov = tuple(Provenance(f"product group {n}", defs[n].source, defs[n].approximation or "") for n in names)
    who = f"{importer}'s imports" + (f", partner {exporter}" if exporter else "")
    unit = {c: "USD" for c in frame.columns if c.endswith("_usd")}
    unit.update({c: "% ad valorem" for c in frame.columns if c.endswith("_duty_pct")})
    unit.update({c: "share (0-1)" for c in frame.columns if c.endswith("_share")})
    unit.update({"hhi": "HHI (0-1)", "imports_to_exports": "ratio", "world_export_hhi": "HHI (0-1)"})
    base_notes = [f"{who} in {year} by {'line' if level == 'line' else 'HS6'}; duties on {d}",
                  "criteria columns: true / false / empty = not decided (the data it needs is named in not_decided)",
                  *notes]
    figures = []
    for r in summary.itertuples():
        if getattr(r, "products", 0):
            figures += [Figure("group_hhi", r.group_hhi, "HHI (0-1)", r.group, f"{r.label}: {who}")]
            for w in watch:
                figures.append(Figure(f"{w.lower()}_share", getattr(r, f"{w.lower()}_share"), "share", r.group))
            if exporter:
                figures.append(Figure(f"{exporter.lower()}_share", getattr(r, f"{exporter.lower()}_share"), "share",
                                      r.group))
            for fam in crit.families:
                figures.append(Figure(f"{fam.id}_dependent", getattr(r, f"{fam.id}_dependent"), "products", r.group))
    sunits = {"imports_usd": "USD", "group_hhi": "HHI (0-1)", "mean_product_hhi": "HHI (0-1), import-weighted",
              "imports_in_concentrated_pct": "% of the group's imports", **{c: "share (0-1)" for c in summary.columns
                                                                            if c.endswith("_share")},
              **{c: "% ad valorem, import-weighted" for c in summary.columns if c.endswith("_avg_duty_pct")}}
    title = f"Strategic dependency of {country_name(importer)}" + (f" (partner {country_name(exporter)})" if exporter else "")
    rank = {n: k for k, n in enumerate(names)}
    frame = frame.assign(_rank=frame["group"].map(rank)).sort_values(["_rank", "imports_usd"], ascending=[True, False])
    frame = frame.drop(columns="_rank").reset_index(drop=True)
    return DependencyResult(
        title, importer, exporter, d, level,
        TableResult(f"{title}: by product group", summary, sunits, (*provs, *gprov), tuple(base_notes), tuple(figures)),
        TableResult(f"{title}: by product", frame, unit, (*provs, *gprov), tuple(base_notes)),
        TableResult(f"{title}: imports from partner groups on {d}", partners,
                    {"imports_usd": "USD", "from_group_usd": "USD", "from_group_pct": "%"},
                    tuple(Provenance(f"partner group {pg.name}", pg.source, "") for pg in pgroups) + (provs[0],),
                    tuple(pnotes)),
        TableResult("Criteria of import dependence", crit_t, {}, (), ("thresholds and sources: "
                                                                      "statistics/data/dependency_criteria.toml",)))


def _coarse_members(codes: pd.Series, names, defs: dict[str, ProductGroup]) -> pd.DataFrame:
    """(code, group, coarse): codes coarser than a group's prefixes stand for the group where a
    prefix lies inside them (an HS2 chapter of energy, say)."""
    rows = []
    for code in codes.unique():
        for n in names:
            g = defs[n]
            if g.contains(code):
                rows.append((code, n, False))
            elif any(p.startswith(code) for p in g.include):
                rows.append((code, n, True))
    return pd.DataFrame(rows, columns=["code", "group", "coarse"])


def _partner_only(importer, exporter, names, defs, year, d, crit, why) -> DependencyResult:
    """The importer's imports from the partner alone (no table of every supplier)."""
    lines = bilateral_lines(importer, exporter, year)
    f = lines.frame
    mem = _coarse_members(f["hs_code"], names, defs)
    j = f.merge(mem, left_on="hs_code", right_on="code")
    frame = j.groupby(["group", "code", "coarse"], as_index=False)["value_usd"].sum().rename(
        columns={"value_usd": f"imports_from_{exporter.lower()}_usd"})
    missing = (f"{why}: supplier shares, HHI, the top supplier, China's share and every criterion need "
               f"{importer}'s imports from every partner (import a UN Comtrade file of them)")
    frame["not_decided"] = missing
    frame.insert(2, "description", describe_codes(frame["code"], f"hs{lines.level}", (importer,)))
    col = f"imports_from_{exporter.lower()}_usd"
    rows = []
    for n in names:
        f_n = frame[frame["group"] == n]
        rows.append({"group": n, "label": defs[n].label,
                     col: float(f_n.loc[~f_n["coarse"].astype(bool), col].sum()),
                     f"{col[:-4]}_upper_bound_usd": float(f_n[col].sum()),
                     "codes_in_group": ", ".join(f_n.loc[~f_n["coarse"].astype(bool), "code"]),
                     "codes_holding_part": ", ".join(f_n.loc[f_n["coarse"].astype(bool), "code"])})
    summary = pd.DataFrame(rows)
    notes = (f"{importer}'s imports from {exporter} in {year} at HS{lines.level}, the level of the shipped data", missing,
             f"{col}: codes of the data wholly inside the group; the upper bound adds the codes that hold part of the "
             "group (coarse = True: the whole code is counted, an overstatement)")
    prov = (lines.provenance, *(Provenance(f"product group {n}", defs[n].source, defs[n].approximation or "")
                                for n in names))
    title = f"Strategic dependency of {country_name(importer)} (partner {country_name(exporter)}; partner's sales only)"
    unit = {col: "USD", f"{col[:-4]}_upper_bound_usd": "USD"}
    empty = TableResult(f"{title}: imports from partner groups", pd.DataFrame(), {}, (), (missing,))
    return DependencyResult(title, importer, exporter, d, f"hs{lines.level}",
                            TableResult(f"{title}: by product group", summary, unit, prov, notes),
                            TableResult(f"{title}: by product", frame, unit, prov, notes), empty,
                            TableResult("Criteria of import dependence", _criteria_table(crit, {}), {}, (), (missing,)))
