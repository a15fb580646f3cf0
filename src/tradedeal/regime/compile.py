"""Compile a validated regime into arrays over a product universe.

Everything date- and exporter-independent is computed once here: each measure's
static product scope (longest-prefix include/exclude), its line rates, the share of
value it is charged on (content bases), the exporter scopes, and the product lists'
date windows. :mod:`tradedeal.regime.engine` then stacks measures with array
operations only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import numpy as np
import pandas as pd

from tradedeal.errors import InputFileError, QueryError
from tradedeal.regime.loader import Regime

FAR_FUTURE = 10 ** 6  # day number standing for "no end"
EPOCH = date(1970, 1, 1)

CONTENT_COLUMNS = {"metal_content": "metal_share", "steel_content": "steel_share",
                   "aluminum_content": "aluminum_share", "copper_content": "copper_share"}


def day(d: date) -> int:
    return (d - EPOCH).days


def from_day(n: int) -> date:
    return date.fromordinal(EPOCH.toordinal() + int(n))


@dataclass(frozen=True)
class Options:
    """Choices the law leaves open, each with its documented default.

    - ``content_rule``: 'content' (default; duty on the metal / non-US content where a
      measure says so, as the proclamations provide) or 'full_value' (every measure on
      the full customs value: an upper bound).
    - ``default_content_share``: metal share for lines missing from the content table whose
      HS8, HS6 and HS4 have no entry either (default 0.5, the flat share used by the Tax
      Policy Center and the Budget Lab); lines missing but with siblings get their mean.
    - ``us_content``: share of US content of the goods (default 0); measures charged on
      the non-US content spare it only where it reaches their ``min_us_content``.
    - ``include_status``: measure statuses taken into account (default in force only).
    - ``content_shares``: user table (hs10, steel_share, aluminum_share, copper_share,
      metal_share; any subset) overriding the shipped BEA shares.
    """

    content_rule: str = "content"
    default_content_share: float = 0.5
    us_content: float = 0.0
    include_status: tuple[str, ...] = ("in_force",)
    content_shares: pd.DataFrame | None = field(default=None, compare=False, hash=False)

    @staticmethod
    def statuses(include_unconfirmed: bool) -> tuple[str, ...]:
        """The measure statuses counted: in force, plus unconfirmed and announced ones when asked."""
        return ("in_force", "unconfirmed", "announced") if include_unconfirmed else ("in_force",)

    def key(self) -> tuple:
        shares = None if self.content_shares is None else int(
            pd.util.hash_pandas_object(self.content_shares, index=False).sum())
        return (self.content_rule, self.default_content_share, self.us_content,
                self.include_status, shares)


@dataclass(frozen=True)
class ListWindows:
    """Entries of a product list: product index and validity [start, end) in days."""

    product: np.ndarray
    start: np.ndarray
    end: np.ndarray
    length: np.ndarray  # length of the list prefix that matched the line

    def mask(self, n: int, d: int) -> np.ndarray:
        out = np.zeros(n, bool)
        ok = (self.start <= d) & (d < self.end)
        out[self.product[ok]] = True
        return out

    def boundaries(self) -> set[int]:
        return set(self.start.tolist()) | set(self.end[self.end < FAR_FUTURE].tolist())


@dataclass(frozen=True)
class Compiled:
    """A regime as arrays over ``codes`` (M measures x N lines)."""

    regime: Regime
    options: Options
    codes: np.ndarray
    index: dict[str, int]
    measures: tuple
    groups: tuple[str, ...]
    group: np.ndarray          # (M,) group index
    precedence: np.ndarray     # (M,)
    start: np.ndarray          # (M,) days
    end: np.ndarray            # (M,) days, FAR_FUTURE when open
    transit_exempt_until: np.ndarray     # (M,) days, -1 when none
    transit_continues_until: np.ndarray  # (M,) days, -1 when none
    floor: np.ndarray          # (M,) bool
    rate: np.ndarray           # (M, N) float32 percent
    scope: np.ndarray          # (M, N) bool, static include/exclude prefixes
    carved: np.ndarray         # (M, N) bool, lines an exclude prefix takes out (of lists too)
    share: np.ndarray          # (M, N) float32: content share of each shipment charged (basis)
    trade: np.ndarray          # (M,) float32: share of shipments subject (applies_to_share)
    exporters: tuple           # (M,) ('only' | 'not', frozenset of ISO3)
    counted: np.ndarray        # (M,) bool: status taken into account
    include_lists: tuple       # (M,) tuple of list ids
    exempt_lists: tuple        # (M,) tuple of list ids
    lists: dict[str, ListWindows]
    rules: tuple               # ((when group idx, np.array of excluded group idx), ...)
    approximations: dict  # key ('measure id', 'rate_table:<id>', 'list:<id>') -> text

    def approximations_for(self, measure_ids) -> list[str]:
        """Approximation texts touching the given measures (their tables and lists too)."""
        keys: list[str] = []
        for mid in measure_ids:
            m = self.measures[self.measure_index(mid)]
            keys.append(m.id)
            if m.rate_table:
                keys.append(f"rate_table:{m.rate_table}")
            keys += [f"list:{x}" for x in (*m.include_lists, *m.exempt_lists)]
        by_text: dict[str, list[str]] = {}
        for k in dict.fromkeys(keys):
            if k in self.approximations:
                by_text.setdefault(self.approximations[k], []).append(k)
        return [f"{', '.join(ks)}: {text}" for text, ks in by_text.items()]

    def approximations_for_exporters(self, exporters) -> list[str]:
        """Approximation texts of the counted measures that can apply to any of ``exporters``
        (group codes such as EUN resolved as the engine resolves them)."""
        mask = np.zeros(len(self.measures), bool)
        for e in exporters:
            mask |= self.exporter_mask(e)
        return self.approximations_for([m.id for m, on in zip(self.measures, mask & self.counted) if on])

    @property
    def base(self) -> int:
        """Index of the base (MFN) group: always the first."""
        return 0

    @property
    def n(self) -> int:
        return len(self.codes)

    def measure_index(self, measure_id: str) -> int:
        for i, m in enumerate(self.measures):
            if m.id == measure_id:
                return i
        raise KeyError(measure_id)

    def line_index(self) -> pd.Series:
        """Each line's position in the regime's arrays, by code."""
        return pd.Series(np.arange(self.n), index=self.codes)

    def exporter_mask(self, exporter: str) -> np.ndarray:
        return _exporter_mask(self, exporter)

    def subset(self, idx: np.ndarray) -> "Compiled":
        """The same regime over the lines ``idx`` only (arrays sliced once, for batch work)."""
        import dataclasses

        idx = np.asarray(idx, dtype=np.int64)
        pos = np.full(self.n, -1, np.int64)
        pos[idx] = np.arange(len(idx))
        lists = {}
        for lid, lw in self.lists.items():
            keep = pos[lw.product] >= 0
            lists[lid] = ListWindows(pos[lw.product[keep]], lw.start[keep], lw.end[keep], lw.length[keep])
        codes = self.codes[idx]
        return dataclasses.replace(self, codes=codes, index={c: i for i, c in enumerate(codes)},
                                   rate=np.ascontiguousarray(self.rate[:, idx]),
                                   scope=np.ascontiguousarray(self.scope[:, idx]),
                                   carved=np.ascontiguousarray(self.carved[:, idx]),
                                   share=np.ascontiguousarray(self.share[:, idx]), lists=lists)

    def change_days(self, first: int | None = None, last: int | None = None) -> list[int]:
        """Days on which a measure or a list entry starts or ends; given ``first`` and ``last``
        (days, inclusive), those between them plus ``first``: the days a step series needs."""
        days = set(self.start.tolist()) | set(self.end[self.end < FAR_FUTURE].tolist())
        for lw in self.lists.values():
            days |= lw.boundaries()
        if first is None:
            return sorted(days)
        return sorted({first} | {d for d in days if first < d <= last})


@lru_cache(maxsize=256)
def _members(code: str) -> frozenset[str]:
    from tradedeal.codes.countries import country_groups

    groups = country_groups()
    if code in groups:
        return frozenset({code, *groups[code].members})
    return frozenset({code})


def _exporter_scope(m) -> tuple[str, frozenset]:
    if "all" in m.exporters:
        return ("not", frozenset().union(*[_members(c) for c in m.exclude_exporters]))
    return ("only", frozenset().union(*[_members(c) for c in m.exporters]))


def _exporter_mask(c: Compiled, exporter: str) -> np.ndarray:
    return np.array([(exporter in s) == (kind == "only") for kind, s in c.exporters], bool)


def prefix_rules(codes: pd.Series, include: list[str], exclude: list[str],
                 keys_by_length: dict[int, np.ndarray] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(included, carved out): where the longest matching prefix is an include / an exclude.
    ``keys_by_length`` caches the codes' prefixes of each length (computed when absent)."""
    n = len(codes)
    best_len = np.full(n, -1)
    best_inc = np.zeros(n, bool)
    rules = [(p, True) for p in include] + [(p, False) for p in exclude]
    for length in sorted({0 if p == "*" else len(p) for p, _ in rules}):
        at = [(p, inc) for p, inc in rules if (0 if p == "*" else len(p)) == length]
        if length == 0:
            hit = np.ones(n, bool)
            inc = any(i for _, i in at)
            best_len[hit] = 0
            best_inc[hit] = inc
            continue
        if keys_by_length is not None and length in keys_by_length:
            keys = keys_by_length[length]
        else:
            keys = codes.str.slice(0, length).to_numpy()
        for want in (True, False):
            prefixes = [p for p, inc in at if inc is want]
            if prefixes:
                hit = np.isin(keys, prefixes)
                best_len[hit] = length
                best_inc[hit] = want
    matched = best_len >= 0
    return best_inc & matched, ~best_inc & matched


def longest_prefix_lookup(codes: pd.Series, table: pd.Series) -> np.ndarray:
    """Value of the longest prefix of each code found in ``table`` (index = codes); NaN if none."""
    out = np.full(len(codes), np.nan)
    found = np.zeros(len(codes), bool)
    lengths = sorted({len(k) for k in table.index}, reverse=True)
    for length in lengths:
        sub = table[table.index.str.len() == length]
        sub = sub[~sub.index.duplicated(keep="first")]
        keys = codes.str.slice(0, length)
        vals = keys.map(sub).to_numpy(dtype=float)
        take = ~found & ~np.isnan(vals)
        out[take] = vals[take]
        found |= take
    return out


def _percent_text(text: pd.Series) -> pd.Series:
    """'Free' -> 0, '35%' -> 35; anything else (specific duties) -> NaN."""
    t = text.fillna("").astype(str).str.strip()
    pct = t.str.extract(r"^(\d+(?:\.\d+)?)%\s*$", expand=False).astype(float)
    return pct.where(~t.str.lower().str.startswith("free"), 0.0)


_TABLES: dict[tuple, tuple[pd.Series, str]] = {}
_LISTS: dict[tuple, "ListWindows"] = {}


def _rate_table(regime: Regime, table_id: str) -> tuple[pd.Series, str]:
    """Rates of a table by code (cached per process, except tables read from the store)."""
    t = regime.rate_tables[table_id]
    key = (str(regime.folder), t.model_dump_json())
    if t.store or key not in _TABLES:
        got = _read_rate_table(regime, t)
        if t.store:
            return got
        _TABLES[key] = got
    return _TABLES[key]


def _read_rate_table(regime: Regime, t) -> tuple[pd.Series, str]:
    from tradedeal import datasets

    if t.store:
        frame, note = _user_tariffs(regime.importer)
        if frame.empty:
            return pd.Series(dtype=float), ""
        series = pd.Series(frame["simple_avg_pct"].to_numpy(), index=frame["hs_code"].to_numpy())
        return series, note
    if t.dataset:
        frame = datasets.load(t.dataset, columns=[t.code_column, t.rate_column])
    else:
        frame = pd.read_csv(regime.folder / t.file, dtype={t.code_column: str})
    codes = frame[t.code_column].astype(str).str.replace(".", "", regex=False)
    raw = frame[t.rate_column]
    rates = _percent_text(raw) if t.parse == "percent_text" else pd.to_numeric(raw, errors="coerce")
    series = pd.Series((rates * t.scale).to_numpy(), index=codes.to_numpy()).dropna()
    return series[series.index.str.len() > 0], t.approximate


def _user_tariffs(importer: str) -> tuple[pd.DataFrame, str]:
    """The user's imported MFN / applied tariffs of ``importer`` (latest year per code)."""
    from tradedeal.store.db import Store

    with Store.open(read_only=True) as store:
        rows = store.user_tariff(importer=importer)
    if rows is None or rows.empty:
        return pd.DataFrame(columns=["hs_code", "simple_avg_pct"]), ""
    rows = rows[rows["exporter"].isna() & rows["rate_type"].isin(["MFN applied", "effectively applied"])]
    rows = rows.sort_values("year").drop_duplicates("hs_code", keep="last")
    files = ", ".join(sorted(rows["source_file"].unique()))
    years = f"{rows['year'].min()}-{rows['year'].max()}" if len(rows) else ""
    note = (f"your imported tariffs ({files}, {years}): simple averages over the national lines under each "
            f"HS code, applied to every line under it") if len(rows) else ""
    return rows[["hs_code", "simple_avg_pct"]], note


def store_fingerprint(regime: Regime) -> str:
    """Identifies the user data a regime reads from the store ('' when it reads none)."""
    if not any(t.store for t in regime.rate_tables.values()):
        return ""
    from tradedeal.store.db import Store

    with Store.open(read_only=True) as store:
        log = store.imports()
    return ",".join(sorted(log["import_id"].astype(str))) if not log.empty else "-"


def _list_windows(regime: Regime, list_id: str, codes: pd.Series) -> ListWindows:
    """A list's entries expanded to the universe's lines (cached per process)."""
    spec = regime.lists[list_id]
    key = (str(regime.folder), spec.model_dump_json(), len(codes), codes.iloc[0], codes.iloc[-1])
    if key not in _LISTS:
        _LISTS[key] = _read_list_windows(regime, list_id, codes)
    return _LISTS[key]


def _read_list_windows(regime: Regime, list_id: str, codes: pd.Series) -> ListWindows:
    from tradedeal import datasets

    spec = regime.lists[list_id]
    if spec.prefixes:
        entries = pd.DataFrame({"code": spec.prefixes})
    elif spec.dataset:
        cols = [spec.code_column, *spec.where, *(c for c in (spec.from_column, spec.until_column) if c)]
        frame = datasets.load(spec.dataset, columns=list(dict.fromkeys(cols)))
        for col, val in spec.where.items():
            frame = frame[frame[col].astype(str) == val]
        entries = frame.rename(columns={spec.code_column: "code"})
    else:
        path = regime.folder / spec.file
        if not path.is_file():
            raise InputFileError(str(path), f"file of product list '{list_id}' not found",
                                 hint="give the path relative to the regime folder")
        entries = pd.read_csv(path, dtype=str).rename(columns={spec.code_column: "code"})
    entries["code"] = entries["code"].astype(str).str.replace(r"[.\s]", "", regex=True)
    lo = day(spec.valid_from) if spec.valid_from else 0
    hi = day(spec.valid_until) if spec.valid_until else FAR_FUTURE
    start = np.full(len(entries), lo)
    end = np.full(len(entries), hi)
    if spec.from_column:
        s = pd.to_datetime(entries[spec.from_column], errors="coerce")
        start = np.where(s.notna(), (s - pd.Timestamp(EPOCH)).dt.days.fillna(0).astype(int), lo)
    if spec.until_column:
        u = pd.to_datetime(entries[spec.until_column], errors="coerce")
        end = np.where(u.notna(), (u - pd.Timestamp(EPOCH)).dt.days.fillna(0).astype(int), hi)
    for w in spec.windows:  # entries under given prefixes take the window's dates
        hit = np.zeros(len(entries), bool)
        for p in w.prefixes:
            hit |= entries["code"].str.startswith(p).to_numpy()
        if w.valid_from:
            start = np.where(hit, day(w.valid_from), start)
        if w.valid_until:
            end = np.where(hit, day(w.valid_until), end)
    # expand prefixes to the universe's lines
    prods, starts, ends, lens = [], [], [], []
    for length in sorted(entries["code"].str.len().unique()):
        sel = (entries["code"].str.len() == length).to_numpy()
        keys = codes.str.slice(0, length)
        pos = pd.Series(np.arange(sel.sum()), index=entries.loc[sel, "code"].to_numpy())
        pos = pos[~pos.index.duplicated(keep="first")]
        hit = keys.map(pos)
        ok = hit.notna().to_numpy()
        which = hit[ok].astype(int).to_numpy()
        prods.append(np.flatnonzero(ok))
        starts.append(start[sel][which])
        ends.append(end[sel][which])
        lens.append(np.full(len(which), length))
    cat = (lambda xs, dt: np.concatenate(xs).astype(dt) if xs else np.zeros(0, dt))
    return ListWindows(cat(prods, np.int64), cat(starts, np.int64), cat(ends, np.int64), cat(lens, np.int64))


def _resolve_families(regime: Regime, lists: dict[str, ListWindows]) -> dict[str, ListWindows]:
    """Within a family, a line stays only on the list whose matching prefix is longest."""
    families: dict[str, list[str]] = {}
    for lid in lists:
        fam = regime.lists[lid].family
        if fam:
            families.setdefault(fam, []).append(lid)
    out = dict(lists)
    for members in families.values():
        best: dict[int, int] = {}
        for lid in members:
            for p, n in zip(lists[lid].product.tolist(), lists[lid].length.tolist()):
                best[p] = max(best.get(p, 0), n)
        for lid in members:
            lw = lists[lid]
            keep = np.array([n >= best[p] for p, n in zip(lw.product.tolist(), lw.length.tolist())], bool)
            out[lid] = ListWindows(lw.product[keep], lw.start[keep], lw.end[keep], lw.length[keep])
    return out


_CONTENT: dict[tuple, dict[str, np.ndarray]] = {}


def _content_shares_cached(codes: pd.Series, options: Options) -> dict[str, np.ndarray]:
    key = (options.key(), len(codes), codes.iloc[0], codes.iloc[-1])
    if key not in _CONTENT:
        _CONTENT[key] = _content_shares(codes, options)
    return _CONTENT[key]


def _content_shares(codes: pd.Series, options: Options) -> dict[str, np.ndarray]:
    from tradedeal import datasets

    table = datasets.load("metal_content_shares", columns=["hs10", *CONTENT_COLUMNS.values()])
    table = table.set_index("hs10")
    if options.content_shares is not None:
        user = options.content_shares.copy()
        user["hs10"] = user["hs10"].astype(str)
        user = user.set_index("hs10")
        table = user.combine_first(table)
    out = {}
    for basis, col in CONTENT_COLUMNS.items():
        if col not in table:
            out[basis] = np.full(len(codes), options.default_content_share)
            continue
        share = table[col].clip(0, 1).dropna()
        vals = codes.map(share).to_numpy(dtype=float)
        for width in (8, 6, 4):  # lines new since the table: the mean of their HS8/HS6/HS4 siblings
            missing = np.isnan(vals)
            if not missing.any():
                break
            sibling = share.groupby(share.index.str.slice(0, width)).mean()
            vals[missing] = codes[missing].str.slice(0, width).map(sibling).to_numpy(dtype=float)
        out[basis] = np.where(np.isnan(vals), options.default_content_share, vals)
    return out


def universe(regime: Regime) -> pd.Series:
    """The regime's product lines (HS10 for the US): its schedule plus traded lines (cached)."""
    return _universe(regime.importer).copy()


@lru_cache(maxsize=8)
def _universe(importer: str) -> pd.Series:
    from tradedeal import datasets

    spec = UNIVERSES.get(importer)
    if spec is None:
        raise QueryError(f"no product universe declared for importer {importer}",
                         "declare one in tradedeal.regime.compile.UNIVERSES")
    parts = []
    for dataset, column, width in spec:
        s = datasets.load(dataset, columns=[column])[column].dropna().astype(str)
        parts.append(s[s.str.len() == width])
    return pd.Series(sorted(set(pd.concat(parts))), dtype=object)


# importer -> (dataset, column, code width) whose codes make up the product universe
UNIVERSES: dict[str, tuple[tuple[str, str, int], ...]] = {
    "USA": (("hts_2025_basic", "hts10", 10), ("us_imports_2024", "hs10", 10)),
    "IND": (("india_hs8_descriptions", "hs8", 8),),
}


def compile_regime(regime: Regime, options: Options = Options(), reuse: "Compiled | None" = None) -> "Compiled":
    """Arrays for every measure over the regime's universe of lines. ``reuse``: a compiled
    regime over the same lines and options whose unchanged measures are copied."""
    from tradedeal.regime.checks import check_overlaps

    codes = universe(regime)
    n, measures = len(codes), regime.measures
    index = {c: i for i, c in enumerate(codes)}
    groups = tuple(dict.fromkeys([regime.header.base_group, *(m.stacking_group for m in measures)]))
    gidx = {g: i for i, g in enumerate(groups)}
    content = _content_shares_cached(codes, options)
    tables: dict[str, tuple[np.ndarray, str]] = {}
    M = len(measures)
    rate = np.zeros((M, n), np.float32)
    scope = np.zeros((M, n), bool)
    carved = np.zeros((M, n), bool)
    share = np.ones((M, n), np.float32)
    approx: dict[str, str] = {}
    keys = {L: codes.str.slice(0, L).to_numpy() for L in (2, 4, 6, 8, 10)}
    same_base = (reuse is not None and reuse.options.key() == options.key() and reuse.n == n
                 and (reuse.codes == codes.to_numpy()).all())
    old = {m.id: (j, m) for j, m in enumerate(reuse.measures)} if same_base else {}
    for i, m in enumerate(measures):
        if m.id in old and old[m.id][1] == m and not (m.rate_table and regime.rate_tables[m.rate_table].store):
            j = old[m.id][0]
            scope[i], carved[i], rate[i], share[i] = reuse.scope[j], reuse.carved[j], reuse.rate[j], reuse.share[j]
            if m.approximate:
                approx[m.id] = m.approximate
            if m.rate_table:
                tables.setdefault(m.rate_table, (None, reuse.approximations.get(f"rate_table:{m.rate_table}", "")))
            continue
        scope[i], carved[i] = prefix_rules(codes, m.include, m.exclude, keys)
        if m.rate_table:
            if m.rate_table not in tables:
                series, note = _rate_table(regime, m.rate_table)
                tables[m.rate_table] = (longest_prefix_lookup(codes, series) if len(series)
                                        else np.full(n, np.nan), note)
            looked_up = tables[m.rate_table][0]
            rate[i] = np.nan_to_num(looked_up)
            if regime.rate_tables[m.rate_table].only_where_rated:
                scope[i] &= ~np.isnan(looked_up)
        else:
            rate[i] = m.rate
        if options.content_rule == "content":
            if m.basis in CONTENT_COLUMNS:
                share[i] = content[m.basis]
            elif m.basis == "non_us_content" and options.us_content >= m.min_us_content:
                share[i] = 1.0 - options.us_content
        if m.approximate:
            approx[m.id] = m.approximate
    for t, (_, note) in tables.items():
        if note:
            approx[f"rate_table:{t}"] = note
    used = {lid for m in measures for lid in (*m.include_lists, *m.exempt_lists)}
    fams = {regime.lists[lid].family for lid in used} - {""}
    used |= {lid for lid, spec in regime.lists.items() if spec.family in fams}
    lists = _resolve_families(regime, {lid: _list_windows(regime, lid, codes) for lid in sorted(used)})
    for lid in lists:
        if regime.lists[lid].approximate:
            approx[f"list:{lid}"] = regime.lists[lid].approximate
    start = np.array([day(m.start) for m in measures], np.int64)
    end = np.array([day(m.end) if m.end else FAR_FUTURE for m in measures], np.int64)
    exporters = tuple(_exporter_scope(m) for m in measures)
    check_overlaps(regime, exporters, (scope | _any_list_mask(lists, measures, n)) & ~carved,
                   list(zip(start.tolist(), end.tolist())))
    rules = tuple((gidx[r.when], np.array([gidx[g] for g in r.excludes], int)) for r in regime.rules)
    return Compiled(
        regime=regime, options=options, codes=codes.to_numpy(), index=index, measures=measures,
        groups=groups, group=np.array([gidx[m.stacking_group] for m in measures], int),
        precedence=np.array([m.precedence for m in measures], int), start=start, end=end,
        transit_exempt_until=np.array([day(m.transit_exempt_until) if m.transit_exempt_until else -1
                                       for m in measures], np.int64),
        transit_continues_until=np.array([day(m.transit_continues_until) if m.transit_continues_until
                                          else -1 for m in measures], np.int64),
        floor=np.array([m.rate_kind == "floor" for m in measures], bool), rate=rate, scope=scope, carved=carved,
        share=share, trade=np.array([m.applies_to_share for m in measures], np.float32), exporters=exporters,
        counted=np.array([m.status in options.include_status for m in measures], bool),
        include_lists=tuple(tuple(m.include_lists) for m in measures),
        exempt_lists=tuple(tuple(m.exempt_lists) for m in measures), lists=lists, rules=rules,
        approximations=approx,
    )


def _any_list_mask(lists: dict[str, ListWindows], measures, n: int) -> np.ndarray:
    """Lines a measure may reach through its include_lists on any date (for the overlap check)."""
    out = np.zeros((len(measures), n), bool)
    for i, m in enumerate(measures):
        for lid in m.include_lists:
            out[i, lists[lid].product] = True
    return out
