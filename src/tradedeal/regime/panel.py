"""The whole regime as an interval-encoded panel: exporter x line x [valid_from, valid_until).

Exporters whose measures are the same (same membership in every measure's exporter scope)
form a class and are computed once; the duty is evaluated on every change date of the
regime and a row is written only when a line's duty or its applied measures change. The
panel is streamed to Parquet class by class, so memory stays bounded.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from tradedeal.fileio import atomic_path
from tradedeal.regime.arrays import Compiled, day
from tradedeal.regime.engine import day_signature, exporter_classes, stack


@dataclass(frozen=True)
class PanelSummary:
    path: Path
    rows: int
    exporters: int
    classes: int
    lines: int
    change_dates: int


def _row_codes(rows: np.ndarray) -> np.ndarray:
    """Integer code per distinct row of a small-int matrix (hash factorisation, O(n))."""
    codes = np.zeros(len(rows), np.int64)
    for col in rows.T:
        col_codes, uniq = pd.factorize(col)
        codes, _ = pd.factorize(codes * (len(uniq) + 1) + col_codes)
    return codes


def class_intervals(c: Compiled, exporter: str, days: list[int], idx: np.ndarray, end_excl: int,
                    cache: dict | None = None) -> dict:
    """Rows of one exporter class: for each line, the intervals of constant duty (pure;
    ``cache``: shared by calls over the same lines, see :func:`tradedeal.regime.engine.stack`)."""
    T, n, G = len(days), len(idx), len(c.groups)
    contrib = np.zeros((T, G, n), np.float32)
    applied = np.zeros((T, G, n), np.int16)
    cache = {} if cache is None else cache
    previous = None
    for k, d in enumerate(days):
        key = day_signature(c, exporter, d)
        if key == previous:  # nothing that reaches this class changes on this day
            contrib[k], applied[k] = contrib[k - 1], applied[k - 1]
            continue
        previous = key
        st = stack(c, exporter, d, idx, _cache=cache)
        contrib[k] = st.contribution
        applied[k] = st.applied
    change = np.ones((T, n), bool)
    if T > 1:
        change[1:] = (contrib[1:] != contrib[:-1]).any(axis=1) | (applied[1:] != applied[:-1]).any(axis=1)
    line, k = np.nonzero(change.T)  # sorted by line, then time
    nxt = np.empty_like(k)
    nxt[:-1] = k[1:]
    last = np.ones(len(k), bool)
    last[:-1] = line[1:] != line[:-1]
    day_arr = np.asarray(days + [end_excl])
    valid_until = np.where(last, end_excl, day_arr[np.where(last, 0, nxt)])
    combo = applied[k, :, line]  # (rows, G)
    codes = _row_codes(combo)
    first = np.unique(codes, return_index=True)[1]
    ids = np.array(["", *[m.id for m in c.measures]], dtype=object)
    names = ["+".join(x for x in ids[row + 1] if x) for row in combo[first]]
    return {"line": idx[line], "valid_from": day_arr[k], "valid_until": valid_until,
            "duty_pct": contrib[k, :, line].sum(axis=1), "groups": contrib[k, :, line],
            "combo": codes.ravel().astype(np.int32), "combo_names": names}


def _class_tables(r: dict, members: list[str], idx: np.ndarray, code_dict, exporter_dict, exp_pos,
                  n_groups: int, schema) -> list[pa.Table]:
    n = len(r["line"])
    measures = pa.DictionaryArray.from_arrays(pa.array(r["combo"]), pa.array(r["combo_names"], pa.string()))
    cols = [pa.DictionaryArray.from_arrays(pa.array(idx[r["line"]].astype(np.int32)), code_dict),
            pa.array(r["valid_from"].astype(np.int32), pa.int32()).cast(pa.date32()),
            pa.array(r["valid_until"].astype(np.int32), pa.int32()).cast(pa.date32()),
            pa.array(r["duty_pct"].astype(np.float32)),
            *[pa.array(np.ascontiguousarray(r["groups"][:, g]).astype(np.float32)) for g in range(n_groups)],
            measures]
    out = []
    for e in members:
        exp = pa.DictionaryArray.from_arrays(pa.array(np.full(n, exp_pos[e], np.int16)), exporter_dict)
        out.append(pa.Table.from_arrays([exp, *cols], schema=schema))
    return out


def build_panel(c: Compiled, out: str | Path, exporters: list[str], start: date, end: date,
                codes: pd.Series | None = None) -> PanelSummary:
    """Write the panel to ``out`` (Parquet, atomically); return what was written."""
    idx = (np.arange(c.n) if codes is None
           else c.positions(codes))
    lo, hi = day(start), day(end) + 1
    days = c.change_days(lo, hi - 1)
    classes = exporter_classes(c, exporters)
    sub = c.subset(idx)
    code_dict = pa.array(c.codes.astype(str))
    exporter_dict = pa.array(sorted(exporters))
    exp_pos = {e: i for i, e in enumerate(sorted(exporters))}
    schema = pa.schema([("exporter", pa.dictionary(pa.int16(), pa.string())),
                        ("hs_code", pa.dictionary(pa.int32(), pa.string())),
                        ("valid_from", pa.date32()), ("valid_until", pa.date32()),
                        ("duty_pct", pa.float32()),
                        *[(f"{g}_pct", pa.float32()) for g in c.groups],
                        ("measures", pa.dictionary(pa.int32(), pa.string()))])
    meta = {b"tradedeal": (f'{{"regime": "{c.header.id}", "verified_through": '
                           f'"{c.header.verified_through}", "valid_until": "exclusive"}}').encode()}
    rows = 0
    full_schema = schema.with_metadata(meta)
    with atomic_path(out) as tmp:
        with pq.ParquetWriter(tmp, full_schema, compression="zstd",
                              use_dictionary=["exporter", "hs_code", "measures"],
                              write_statistics=["exporter", "hs_code", "valid_from", "valid_until"]) as writer:
            with ThreadPoolExecutor(max_workers=1) as pool:  # encode and write while the next class computes
                pending = None
                cache: dict = {}  # stacking-group results shared by the classes
                for members in classes.values():
                    r = class_intervals(sub, members[0], days, np.arange(sub.n), hi, cache)
                    tables = _class_tables(r, members, idx, code_dict, exporter_dict, exp_pos, len(c.groups), full_schema)
                    if pending is not None:
                        pending.result()
                    pending = pool.submit(lambda ts: [writer.write_table(t) for t in ts], tables)
                    rows += sum(t.num_rows for t in tables)
                if pending is not None:
                    pending.result()
    return PanelSummary(Path(out), rows, len(exporters), len(classes), len(idx), len(days))
