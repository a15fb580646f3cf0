"""Tidy tables with units, provenance, notes and headline figures: the one container every layer
returns its tables in (a base module: the regime's duty table, statistics and results use it).

A result never changes after it is built; ``frame`` returns a copy so callers cannot mutate it
in place. A table is a pandas DataFrame, or :class:`Records` (columns and rows of plain Python
values) where a fast command must not load pandas: the two write the same CSV and JSON, and
``frame`` gives a DataFrame either way.

Output hygiene: a number is written with the digits it carries (a float32 rate is written as
``8.4``, not as its float64 expansion ``8.399999618530273``); missing values are empty cells in
CSV and null in JSON, never ``nan``; headline figures are numbers in ``figures`` (JSON and the
CSV sidecar), not only sentences in ``notes``.
"""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import dataclass, field, replace
from pathlib import Path

from tradedeal import lazy
from tradedeal.fileio import atomic_path


@dataclass(frozen=True)
class Provenance:
    """Where a figure comes from: the dataset, its source, and any approximation."""

    dataset: str
    source: str
    approximation: str = ""  # empty when the figure is exact for what it claims

    def to_dict(self) -> dict[str, str]:
        return {"dataset": self.dataset, "source": self.source, "approximation": self.approximation}


@dataclass(frozen=True)
class Figure:
    """A headline number of a result, with its unit and what it is about (e.g. the line)."""

    name: str
    value: float
    unit: str
    line: str = ""
    about: str = ""

    def to_dict(self) -> dict:
        out = {"name": self.name, "value": clean(self.value), "unit": self.unit}
        if self.line:
            out["line"] = self.line
        if self.about:
            out["about"] = self.about
        return out


@dataclass(frozen=True)
class Records:
    """A table as columns and rows of plain values (no pandas needed to build or write it)."""

    columns: tuple[str, ...]
    rows: tuple[tuple, ...]

    def __len__(self) -> int:
        return len(self.rows)

    def to_pandas(self):
        return lazy.pandas().DataFrame(list(self.rows), columns=list(self.columns))


SIGNIFICANT = 12  # digits a float64 figure is written with (sums of data in USD carry no more)


def clean(value):
    """A JSON-ready value: a float32 with its own shortest digits, a float64 to
    :data:`SIGNIFICANT` significant digits (no ``0.30000000000000004``), NaN and infinity as
    None, NumPy integers and booleans as Python ones, dates as ISO 8601 text."""
    kind = type(value).__name__
    if isinstance(value, float) or kind.startswith("float"):
        v = float(str(value)) if kind == "float32" else float(value)
        if math.isnan(v) or math.isinf(v):
            return None
        return float(f"{v:.{SIGNIFICANT}g}")
    if type(value).__name__.startswith(("int", "uint")) and not isinstance(value, bool):
        return int(value)
    if kind in ("bool_", "bool") and not isinstance(value, bool):  # NumPy 1 calls it bool_, NumPy 2 bool
        return bool(value)
    if kind in ("NAType", "NaTType"):
        return None
    if kind == "Timestamp":
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def json_records(frame) -> list[dict]:
    """A pandas frame as JSON-ready row dicts (every value through :func:`clean`)."""
    cols = [str(c) for c in frame.columns]
    return [{c: clean(v) for c, v in zip(cols, r)} for r in frame.itertuples(index=False, name=None)]


@dataclass(frozen=True)
class TableResult:
    """A tidy table plus what a reader needs to trust it."""

    title: str
    _frame: object = field(repr=False)              # pandas DataFrame or Records
    units: dict[str, str] = field(default_factory=dict)  # column -> unit
    provenance: tuple[Provenance, ...] = ()
    notes: tuple[str, ...] = ()
    figures: tuple[Figure, ...] = ()

    @property
    def frame(self):
        """The table as a new pandas DataFrame."""
        f = self._frame
        return f.to_pandas() if isinstance(f, Records) else f.copy()

    @property
    def columns(self) -> list[str]:
        f = self._frame
        return list(f.columns)

    def records(self) -> Records:
        """The table as plain rows (a DataFrame's values converted once)."""
        f = self._frame
        if isinstance(f, Records):
            return f
        return Records(tuple(map(str, f.columns)), tuple(f.itertuples(index=False, name=None)))

    def rows(self, mask) -> "TableResult":
        """The same table (title, units, sources, notes) with only the rows where ``mask`` holds."""
        f = self._frame
        if isinstance(f, Records):
            keep = tuple(r for r, m in zip(f.rows, mask) if m)
            return replace(self, _frame=Records(f.columns, keep))
        return replace(self, _frame=f[mask].reset_index(drop=True))

    def figure(self, name: str, line: str | None = None) -> float:
        """The value of a headline figure (the first of that name, or of that name and line)."""
        for fig in self.figures:
            if fig.name == name and (line is None or fig.line == line):
                return fig.value
        raise KeyError(name)

    @property
    def approximations(self) -> list[str]:
        return [p.approximation for p in self.provenance if p.approximation]

    def metadata(self) -> dict:
        return {
            "title": self.title,
            "units": self.units,
            "figures": [f.to_dict() for f in self.figures],
            "provenance": [p.to_dict() for p in self.provenance],
            "approximations": self.approximations,
            "notes": list(self.notes),
        }

    def to_json(self) -> str:
        rec = self.records()
        rows = [{c: clean(v) for c, v in zip(rec.columns, r)} for r in rec.rows]
        return json.dumps({**self.metadata(), "rows": rows}, indent=2, ensure_ascii=False)

    def to_csv(self, comments: bool = False) -> str:
        """The table as CSV (one header row, then data: opens in Excel); with ``comments`` the
        metadata first, as '#' lines."""
        out = io.StringIO()
        if comments:
            head = [f"# {self.title}"]
            head += [f"# unit {c}: {u}" for c, u in self.units.items()]
            head += [f"# figure {f.name}{f' ({f.line})' if f.line else ''}: {clean(f.value)} {f.unit}" for f in self.figures]
            head += [f"# source: {p.dataset} ({p.source})" for p in self.provenance]
            head += [f"# APPROXIMATION: {a}" for a in self.approximations]
            head += [f"# note: {n}" for n in self.notes]
            out.write("\n".join(head) + "\n")
        rec = self.records()
        w = csv.writer(out, lineterminator="\n")
        w.writerow(rec.columns)
        for r in rec.rows:
            w.writerow(["" if clean(v) is None else clean(v) for v in r])
        return out.getvalue()

    def write(self, path: str | Path, fmt: str, comments: bool = False) -> Path:
        """Write atomically in ``fmt`` (csv, json, parquet); a CSV gets a ``.meta.json`` sidecar
        with its title, units, figures, sources, approximations and notes."""
        path = Path(path)
        with atomic_path(path) as tmp:
            if fmt == "csv":
                tmp.write_text(self.to_csv(comments), encoding="utf-8")
            elif fmt == "json":
                tmp.write_text(self.to_json(), encoding="utf-8")
            elif fmt == "parquet":
                pa, pq = lazy.pyarrow(), lazy.parquet()
                table = pa.Table.from_pandas(self.frame, preserve_index=False)
                meta = dict(table.schema.metadata or {})
                meta[b"tradedeal"] = json.dumps(self.metadata()).encode()
                pq.write_table(table.replace_schema_metadata(meta), tmp)
            else:
                raise ValueError(f"unknown format {fmt}")
        if fmt == "csv" and not comments:
            meta_path = path.with_name(path.name + ".meta.json") if not path.name.endswith(".csv") else \
                path.with_name(path.name[:-4] + ".meta.json")
            with atomic_path(meta_path) as tmp:
                tmp.write_text(json.dumps(self.metadata(), indent=2, ensure_ascii=False), encoding="utf-8")
        return path


def write_workbook(path: str | Path, sheets: list[tuple[str, "TableResult"]]) -> Path:
    """Write tables as the sheets of one Excel workbook (atomically), with a first sheet 'about' holding each
    table's title, units, figures, sources, approximations and notes."""
    xl = lazy.openpyxl()
    wb = xl.Workbook(write_only=True)
    about = wb.create_sheet("about")
    for name, t in sheets:
        rows = [[f"[{name}] {t.title}"], *[["unit", c, u] for c, u in t.units.items()],
                *[["figure", f.name + (f" ({f.line})" if f.line else ""), clean(f.value), f.unit] for f in t.figures],
                *[["source", p.dataset, p.source] for p in t.provenance],
                *[["APPROXIMATION", a] for a in t.approximations], *[["note", n] for n in t.notes], []]
        for row in rows:
            about.append(row)
    for name, t in sheets:
        ws = wb.create_sheet(name[:31])
        rec = t.records()
        ws.append(list(rec.columns))
        for r in rec.rows:
            ws.append([clean(v) for v in r])
    path = Path(path)
    with atomic_path(path) as tmp:
        wb.save(tmp)
    return path
