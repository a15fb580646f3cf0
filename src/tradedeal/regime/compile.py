"""Compile a validated regime into arrays over its product lines: a pure function.

``compile_arrays(regime, inputs, options)`` takes the regime (validated measures) and the
arrays its measures refer to, already read by :mod:`tradedeal.regime.inputs` (the product
universe, rate tables, product lists, content shares), and returns a
:class:`~tradedeal.regime.arrays.Compiled`. It reads no file and no store. Everything
date- and exporter-independent is computed here once: each measure's static product scope
(longest-prefix include/exclude), its line rates, the share of value it is charged on
(content bases), the exporter scopes and the product lists' date windows;
:mod:`tradedeal.regime.engine` then stacks measures with array operations only.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from tradedeal.codes.countries import country_groups
from tradedeal.regime.arrays import (
    CONTENT_COLUMNS,
    FAR_FUTURE,
    Compiled,
    ListWindows,
    Options,
    day,
    views,
)
from tradedeal.regime.checks import check_overlaps
from tradedeal.regime.loader import Regime


@dataclass(frozen=True)
class TableData:
    """A rate table: codes (digits) and rates in percent (NaN: not an ad-valorem rate)."""

    codes: np.ndarray
    rates: np.ndarray
    note: str = ""


@dataclass(frozen=True)
class ListData:
    """A product list's entries: codes (digits) and each entry's own dates in days (-1: none)."""

    codes: np.ndarray
    start: np.ndarray
    end: np.ndarray


@dataclass(frozen=True)
class ContentTable:
    """Metal content shares by HS10 line: codes and one array per share column (NaN: none)."""

    codes: np.ndarray
    shares: dict[str, np.ndarray]


@dataclass(frozen=True)
class CompileInputs:
    """Everything a regime's measures refer to, as arrays, and the content key of it all."""

    codes: np.ndarray                 # the product universe (sorted, unique digit strings)
    tables: dict[str, TableData]
    lists: dict[str, ListData]
    content: ContentTable
    key: str                          # changes when any input changes
    datasets: tuple[tuple[str, str], ...] = ()   # (dataset, sha256) read
    store: str | None = None          # fingerprint of the user data read from the store (None: none)


def prefix_keys(codes: np.ndarray, lengths=(2, 4, 6, 8, 10)) -> dict[int, np.ndarray]:
    """The first L digits of every code, for each length L (fixed-width text arrays)."""
    width = max(len(c) for c in codes) if len(codes) else 10
    u = codes.astype(f"<U{width}")
    return {n: u.astype(f"<U{n}") for n in lengths if n <= width}


def prefix_rules(keys: dict[int, np.ndarray], n: int, include: list[str], exclude: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(included, carved out): where the longest matching prefix is an include / an exclude;
    at one length an exclude wins over an include."""
    best_len = np.full(n, -1)
    best_inc = np.zeros(n, bool)
    rules = [(p, True) for p in include] + [(p, False) for p in exclude]
    for length in sorted({0 if p == "*" else len(p) for p, _ in rules}):
        at = [(p, inc) for p, inc in rules if (0 if p == "*" else len(p)) == length]
        if length == 0:
            best_len[:] = 0
            best_inc[:] = any(i for _, i in at)
            continue
        k = keys[length] if length in keys else None
        if k is None:
            continue
        for want in (True, False):
            prefixes = [p for p, inc in at if inc is want]
            if prefixes:
                hit = np.isin(k, prefixes)
                best_len[hit] = length
                best_inc[hit] = want
    matched = best_len >= 0
    return best_inc & matched, ~best_inc & matched


def _first_positions(entries: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(distinct entries sorted, the position of each one's first occurrence)."""
    uniq, first = np.unique(entries, return_index=True)
    return uniq, first


def _lookup(keys: np.ndarray, table: np.ndarray) -> np.ndarray:
    """Position in ``table`` (sorted, unique) of each key; -1 where absent."""
    if len(table) == 0:
        return np.full(len(keys), -1)
    pos = np.searchsorted(table, keys)
    pos = np.minimum(pos, len(table) - 1)
    return np.where(table[pos] == keys, pos, -1)


def longest_prefix_lookup(keys: dict[int, np.ndarray], n: int, t: TableData) -> np.ndarray:
    """The rate of the longest prefix of each line found in the table (first entry of a code
    given twice; entries without a rate skipped); NaN where none."""
    out = np.full(n, np.nan)
    found = np.zeros(n, bool)
    ok = ~np.isnan(t.rates) & (np.char.str_len(t.codes.astype(str)) > 0) if len(t.codes) else np.zeros(0, bool)
    codes, rates = t.codes[ok].astype(str), t.rates[ok]
    lengths = np.char.str_len(codes) if len(codes) else np.zeros(0, int)
    for length in sorted(set(lengths.tolist()), reverse=True):
        if length not in keys:
            continue
        sel = lengths == length
        uniq, first = _first_positions(codes[sel])
        pos = _lookup(keys[length], uniq)
        take = ~found & (pos >= 0)
        out[take] = rates[sel][first[pos[take]]]
        found |= take
    return out


def list_windows(spec, data: ListData, keys: dict[int, np.ndarray]) -> ListWindows:
    """A list's entries expanded to the universe's lines, each with its validity in days."""
    lo = day(spec.valid_from) if spec.valid_from else 0
    hi = day(spec.valid_until) if spec.valid_until else FAR_FUTURE
    codes = data.codes.astype(str)
    start = np.where(data.start >= 0, data.start, lo)
    end = np.where(data.end >= 0, data.end, hi)
    for w in spec.windows:  # entries under given prefixes take the window's dates
        hit = np.zeros(len(codes), bool)
        for p in w.prefixes:
            hit |= np.char.startswith(codes, p)
        if w.valid_from:
            start = np.where(hit, day(w.valid_from), start)
        if w.valid_until:
            end = np.where(hit, day(w.valid_until), end)
    lengths = np.char.str_len(codes) if len(codes) else np.zeros(0, int)
    prods, starts, ends, lens = [], [], [], []
    for length in sorted(set(lengths.tolist())):
        if length not in keys:
            continue
        sel = np.flatnonzero(lengths == length)
        order = sel[np.argsort(codes[sel], kind="stable")]  # a code may have several entries (list versions)
        uniq, first, counts = np.unique(codes[order], return_index=True, return_counts=True)
        pos = _lookup(keys[length], uniq)
        ok = np.flatnonzero(pos >= 0)
        reps = counts[pos[ok]]
        offsets = np.arange(int(reps.sum())) - np.repeat(np.cumsum(reps) - reps, reps)
        which = order[np.repeat(first[pos[ok]], reps) + offsets]
        prods.append(np.repeat(ok, reps))
        starts.append(start[which])
        ends.append(end[which])
        lens.append(np.full(len(which), length))

    def cat(xs):
        return np.concatenate(xs).astype(np.int64) if xs else np.zeros(0, np.int64)

    return ListWindows(cat(prods), cat(starts), cat(ends), cat(lens))


def resolve_families(regime: Regime, lists: dict[str, ListWindows], n: int) -> dict[str, ListWindows]:
    """Within a family, a line stays only on the list whose matching prefix is longest."""
    families: dict[str, list[str]] = {}
    for lid in lists:
        fam = regime.lists[lid].family
        if fam:
            families.setdefault(fam, []).append(lid)
    out = dict(lists)
    for members in families.values():
        best = np.zeros(n, np.int64)
        for lid in members:
            np.maximum.at(best, lists[lid].product, lists[lid].length)
        for lid in members:
            lw = lists[lid]
            keep = lw.length >= best[lw.product]
            out[lid] = ListWindows(lw.product[keep], lw.start[keep], lw.end[keep], lw.length[keep])
    return out


def content_shares(codes: np.ndarray, table: ContentTable, options: Options) -> dict[str, np.ndarray]:
    """Per content basis, the share of each line's value (user shares over the shipped table;
    lines missing from both: the mean of their HS8 / HS6 / HS4 siblings, else the default)."""
    shares = {col: _column(table, col) for col in CONTENT_COLUMNS.values()}
    if options.content_shares is not None:
        user_codes = np.array(options.content_shares.codes, dtype=object)
        for col, vals in options.content_shares.columns:
            if col not in shares:
                continue
            base_codes, base_vals = shares[col] if shares[col] is not None else (np.array([], object), np.array([]))
            merged = dict(zip(base_codes.tolist(), base_vals.tolist()))
            for c, v in zip(user_codes.tolist(), vals):
                if not np.isnan(v):
                    merged[c] = v
            shares[col] = (np.array(list(merged), object), np.array(list(merged.values()), float))
    out = {}
    str_codes = codes.astype(str)
    for basis, col in CONTENT_COLUMNS.items():
        got = shares.get(col)
        if got is None:
            out[basis] = np.full(len(codes), options.default_content_share)
            continue
        tcodes, tvals = got
        ok = ~np.isnan(tvals)
        tcodes, tvals = tcodes[ok].astype(str), np.clip(tvals[ok], 0, 1)
        order = np.argsort(tcodes, kind="stable")
        tcodes, tvals = tcodes[order], tvals[order]
        pos = _lookup(str_codes, tcodes)
        vals = np.where(pos >= 0, tvals[np.maximum(pos, 0)], np.nan)
        for width in (8, 6, 4):  # lines new since the table: the mean of their siblings
            missing = np.isnan(vals)
            if not missing.any():
                break
            groups, inv = np.unique(tcodes.astype(f"<U{width}"), return_inverse=True)
            mean = np.bincount(inv, weights=tvals, minlength=len(groups)) / np.bincount(inv, minlength=len(groups))
            gpos = _lookup(str_codes[missing].astype(f"<U{width}"), groups)
            vals[missing] = np.where(gpos >= 0, mean[np.maximum(gpos, 0)], np.nan)
        out[basis] = np.where(np.isnan(vals), options.default_content_share, vals)
    return out


def _column(table: ContentTable, col: str):
    if col not in table.shares:
        return None
    return table.codes, np.asarray(table.shares[col], float)


@lru_cache(maxsize=256)
def _members(code: str) -> frozenset[str]:
    groups = country_groups()
    if code in groups:
        return frozenset({code, *groups[code].members})
    return frozenset({code})


def exporter_scope(m) -> tuple[str, frozenset]:
    if "all" in m.exporters:
        return ("not", frozenset().union(*[_members(c) for c in m.exclude_exporters]))
    return ("only", frozenset().union(*[_members(c) for c in m.exporters]))


def lists_used(regime: Regime) -> set[str]:
    """The product lists the measures name, and every list of the same families."""
    used = {lid for m in regime.measures for lid in (*m.include_lists, *m.exempt_lists)}
    fams = {regime.lists[lid].family for lid in used} - {""}
    return used | {lid for lid, spec in regime.lists.items() if spec.family in fams}


def compile_arrays(regime: Regime, inputs: CompileInputs, options: Options = Options(),
                   reuse: Compiled | None = None, key: str = "") -> Compiled:
    """Arrays for every measure over the universe of ``inputs`` (pure). ``reuse``: a compiled
    regime over the same lines and options whose unchanged measures are copied."""
    codes = inputs.codes
    n, measures = len(codes), regime.measures
    index = {c: i for i, c in enumerate(codes.tolist())}
    groups = tuple(dict.fromkeys([regime.header.base_group, *(m.stacking_group for m in measures)]))
    gidx = {g: i for i, g in enumerate(groups)}
    lazy_keys: dict[str, dict] = {}
    lazy_content: dict[str, dict] = {}

    def keys() -> dict[int, np.ndarray]:  # prefixes of the lines, computed when a measure needs them
        if "k" not in lazy_keys:
            lazy_keys["k"] = prefix_keys(codes)
        return lazy_keys["k"]

    def content() -> dict[str, np.ndarray]:
        if "c" not in lazy_content:
            lazy_content["c"] = content_shares(codes, inputs.content, options)
        return lazy_content["c"]

    M = len(measures)
    rate = np.zeros((M, n), np.float32)
    scope = np.zeros((M, n), bool)
    carved = np.zeros((M, n), bool)
    share = np.ones((M, n), np.float32)
    approx: dict[str, str] = {}
    looked: dict[str, np.ndarray] = {}
    same_base = (reuse is not None and reuse.options.key() == options.key() and reuse.n == n
                 and bool((reuse.codes == codes).all()))
    header, list_views, mviews = views(regime)
    old = {m.id: (j, m) for j, m in enumerate(reuse.measures)} if same_base else {}
    for i, m in enumerate(measures):
        if m.id in old and old[m.id][1] == mviews[i]:
            j = old[m.id][0]
            scope[i], carved[i], rate[i], share[i] = reuse.scope[j], reuse.carved[j], reuse.rate[j], reuse.share[j]
        else:
            scope[i], carved[i] = prefix_rules(keys(), n, m.include, m.exclude)
            if m.rate_table:
                if m.rate_table not in looked:
                    looked[m.rate_table] = longest_prefix_lookup(keys(), n, inputs.tables[m.rate_table])
                rate[i] = np.nan_to_num(looked[m.rate_table])
                if regime.rate_tables[m.rate_table].only_where_rated:
                    scope[i] &= ~np.isnan(looked[m.rate_table])
            else:
                rate[i] = m.rate
            if options.content_rule == "content":
                if m.basis in CONTENT_COLUMNS:
                    share[i] = content()[m.basis]
                elif m.basis == "non_us_content" and options.us_content >= m.min_us_content:
                    share[i] = 1.0 - options.us_content
        approx_text = [m.approximate] if m.approximate else []
        open_notes = [n for n in regime.exceptions.get(m.id, ()) if n.how in ("claim", "not_modelled")]
        if open_notes:
            approx_text.append("exceptions the HTS code does not show are not applied: " + "; ".join(
                f"{n.heading} {n.title or ''}".strip() + (" (exempt where an entry line declares it)" if n.how == "claim"
                                                          else f" (not modelled: {n.reason})") for n in open_notes))
        if approx_text:
            approx[m.id] = "; ".join(approx_text)
        if m.rate_table and inputs.tables[m.rate_table].note:
            approx[f"rate_table:{m.rate_table}"] = inputs.tables[m.rate_table].note
    used = lists_used(regime)
    if same_base and set(reuse.lists) == used and reuse.list_views == list_views:
        lists = dict(reuse.lists)  # the same lists over the same lines
    else:
        lists = resolve_families(regime, {lid: list_windows(regime.lists[lid], inputs.lists[lid], keys())
                                          for lid in sorted(used)}, n)
    for lid in lists:
        if regime.lists[lid].approximate:
            approx[f"list:{lid}"] = regime.lists[lid].approximate
    start = np.array([day(m.start) for m in measures], np.int64)
    end = np.array([day(m.end) if m.end else FAR_FUTURE for m in measures], np.int64)
    exporters = tuple(exporter_scope(m) for m in measures)
    reach = scope.copy()
    for i, m in enumerate(measures):
        for lid in m.include_lists:
            reach[i, lists[lid].product] = True
    check_overlaps(regime, exporters, reach & ~carved, list(zip(start.tolist(), end.tolist())))
    rules = tuple((gidx[r.when], np.array([gidx[g] for g in r.excludes], int)) for r in regime.rules)
    return Compiled(
        folder=regime.folder, header=header, list_views=list_views, options=options, codes=codes, index=index,
        measures=mviews,
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
        approximations=approx, key=key, source=regime,
        claims=tuple(tuple(n.heading for n in regime.exceptions.get(m.id, ()) if n.how == "claim") for m in measures),
    )
