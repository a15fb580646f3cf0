"""Gather the arrays a regime's measures refer to, through the data layer: the importer's
product universe (datasets playing the role ``universe``), every declared rate table and
product list (a shipped dataset, a CSV file of the regime folder, or the user's imported
tariffs in the store) and the content shares (role ``content_shares``).

This module reads through :mod:`tradedeal.datasets` and :mod:`tradedeal.store` only; the
compiler (:mod:`tradedeal.regime.compile`) then works on the arrays alone. The content key of
the inputs is built from the checksums of the datasets read, the bytes of the files read and
the fingerprint of the user's data.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import Path

import numpy as np

from tradedeal import datasets
from tradedeal.datasets import user_index
from tradedeal.errors import InputFileError, QueryError
from tradedeal.regime.arrays import EPOCH
from tradedeal.regime.compile import CompileInputs, ContentTable, ListData, TableData
from tradedeal.regime.loader import Regime
from tradedeal.store.db import Store

_PERCENT = re.compile(r"^(\d+(?:\.\d+)?)%\s*$")


def _digits(values) -> np.ndarray:
    """Codes as digit strings ('0101.21.00' -> '01012100'); missing -> ''."""
    return np.array([re.sub(r"[.\s]", "", str(v)) if v is not None else "" for v in values], dtype=object)


def percent_text(values) -> np.ndarray:
    """'Free' -> 0, '35%' -> 35; anything else (specific and compound duties) -> NaN."""
    memo: dict[str, float] = {}
    out = np.empty(len(values))
    for i, v in enumerate(values):
        t = "" if v is None else str(v).strip()
        if t not in memo:
            m = _PERCENT.match(t)
            memo[t] = 0.0 if t.lower().startswith("free") else (float(m.group(1)) if m else np.nan)
        out[i] = memo[t]
    return out


def _days(values) -> np.ndarray:
    """ISO dates (or date-times) -> days since 1970-01-01; -1 where missing or unreadable."""
    out = np.full(len(values), -1, np.int64)
    for i, v in enumerate(values):
        if v is None or (isinstance(v, float) and np.isnan(v)) or str(v).strip() == "":
            continue
        try:
            out[i] = (date.fromisoformat(str(v).strip()[:10]) - EPOCH).days
        except ValueError:
            continue
    return out


def _column(table, name: str) -> list:
    col = table.column(name)
    if col.type == "string" or str(col.type).startswith(("string", "large_string", "dictionary")):
        return col.to_numpy(zero_copy_only=False).tolist()
    return col.to_pylist()


def universe(importer: str) -> tuple[np.ndarray, list[str]]:
    """The importer's lines (the union of the datasets playing the role ``universe``)."""
    found = datasets.shipped("universe", importer=importer)
    if not found:
        raise QueryError(f"no product universe declared for importer {importer}",
                         "give a dataset the role 'universe' for the importer (scripts/build_data.py)")
    codes: set[str] = set()
    for m in found:
        col, width = m.get("code_column"), int(m.get("width"))
        rows = datasets.query(f'SELECT DISTINCT "{col}" FROM {{{m.dataset}}} WHERE length("{col}") = {width}')
        codes.update(str(r[0]) for r in rows)
    return np.array(sorted(codes), dtype=object), [m.dataset for m in found]


def _user_tariffs(importer: str) -> TableData:
    """The user's imported MFN / applied tariffs of ``importer`` (latest year per code)."""
    if not user_index.fingerprint("tariff"):
        return TableData(np.array([], object), np.array([]))
    with Store.open(read_only=True) as store:
        rows = store.user_tariff(importer=importer)
    rows = rows[rows["exporter"].isna() & rows["rate_type"].isin(["MFN applied", "effectively applied"])]
    rows = rows.sort_values("year").drop_duplicates("hs_code", keep="last")
    if rows.empty:
        return TableData(np.array([], object), np.array([]))
    files = ", ".join(sorted(rows["source_file"].unique()))
    years = f"{rows['year'].min()}-{rows['year'].max()}"
    note = (f"your imported tariffs ({files}, {years}): simple averages over the national lines under each "
            f"HS code, applied to every line under it")
    return TableData(rows["hs_code"].astype(str).to_numpy(dtype=object), rows["simple_avg_pct"].to_numpy(float), note)


def rate_table(regime: Regime, table_id: str) -> TableData:
    t = regime.rate_tables[table_id]
    if t.store:
        return _user_tariffs(regime.importer)
    if t.dataset:
        arrow = datasets.read_arrow(t.dataset, [t.code_column, t.rate_column])
        codes, raw = _column(arrow, t.code_column), _column(arrow, t.rate_column)
    else:
        cols = datasets.read_csv_columns(regime.folder / t.file, f"rate table '{table_id}'")
        codes, raw = cols.get(t.code_column, []), cols.get(t.rate_column, [])
    keep = [i for i, c in enumerate(codes) if c is not None]
    codes, raw = [codes[i] for i in keep], [raw[i] for i in keep]
    rates = percent_text(raw) if t.parse == "percent_text" else np.array(
        [float(v) if _number(v) else np.nan for v in raw], float)
    return TableData(_digits(codes), rates * t.scale, t.approximate)


def _number(v) -> bool:
    try:
        float(v)
    except (TypeError, ValueError):
        return False
    return v is not None and str(v).strip() != ""


def product_list(regime: Regime, list_id: str) -> ListData:
    spec = regime.lists[list_id]
    if spec.prefixes:
        codes = list(spec.prefixes)
        n = len(codes)
        return ListData(_digits(codes), np.full(n, -1, np.int64), np.full(n, -1, np.int64))
    date_cols = [c for c in (spec.from_column, spec.until_column) if c]
    if spec.dataset:
        cols = list(dict.fromkeys([spec.code_column, *spec.where, *date_cols]))
        arrow = datasets.read_arrow(spec.dataset, cols)
        table = {c: _column(arrow, c) for c in cols}
    else:
        table = datasets.read_csv_columns(regime.folder / spec.file, f"product list '{list_id}'")
    missing = [c for c in (spec.code_column, *spec.where, *date_cols) if c not in table]
    if missing:
        raise InputFileError(str(regime.folder / "regime.toml"), f"product list '{list_id}' names column(s) "
                             f"{', '.join(missing)} that its data does not have",
                             hint=f"columns available: {', '.join(table)}")
    n = len(table[spec.code_column])
    keep = np.ones(n, bool)
    for col, val in spec.where.items():
        keep &= np.array([str(v) == val for v in table[col]], bool)
    idx = np.flatnonzero(keep)

    def pick(col: str) -> list:
        return [table[col][i] for i in idx]

    start = _days(pick(spec.from_column)) if spec.from_column else np.full(len(idx), -1, np.int64)
    end = _days(pick(spec.until_column)) if spec.until_column else np.full(len(idx), -1, np.int64)
    if spec.until_inclusive:  # the last day given: the entry ends (exclusive) the day after
        end = np.where(end >= 0, end + 1, end)
    return ListData(_digits(pick(spec.code_column)), start, end)


def content_table(importer: str) -> tuple[ContentTable, list[str]]:
    found = datasets.shipped("content_shares", importer=importer)
    if not found:
        return ContentTable(np.array([], object), {}), []
    m = found[0]
    info = datasets.info(m.dataset)
    cols = [c for c in ("steel_share", "aluminum_share", "copper_share", "metal_share") if c in info.column_names]
    arrow = datasets.read_arrow(m.dataset, [m.get("code_column"), *cols])
    codes = np.array([str(c) for c in _column(arrow, m.get("code_column"))], dtype=object)
    shares = {c: np.array([np.nan if v is None else float(v) for v in _column(arrow, c)], float) for c in cols}
    return ContentTable(codes, shares), [m.dataset]


def _file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16] if path.is_file() else "missing"


def gather(regime: Regime) -> CompileInputs:
    """Every array the regime's declared tables and lists refer to (read through the data layer)."""
    codes, used = universe(regime.importer)
    tables = {tid: rate_table(regime, tid) for tid in regime.rate_tables}
    lists = {lid: product_list(regime, lid) for lid in regime.lists}
    content, more = content_table(regime.importer)
    used += more
    used += [t.dataset for t in regime.rate_tables.values() if t.dataset]
    used += [s.dataset for s in regime.lists.values() if s.dataset]
    files = sorted({t.file for t in regime.rate_tables.values() if t.file} |
                   {s.file for s in regime.lists.values() if s.file})
    store = user_index.fingerprint("tariff") if any(t.store for t in regime.rate_tables.values()) else None
    sums = tuple(sorted({(d, datasets.info(d).sha256) for d in used}))
    h = hashlib.sha256(repr((sums, [(f, _file_hash(regime.folder / f)) for f in files], store)).encode())
    return CompileInputs(codes, tables, lists, content, h.hexdigest()[:24], sums, store)
