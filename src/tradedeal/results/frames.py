"""Immutable result objects: tidy frames with units and provenance.

A result never changes after it is built; ``frame`` returns a copy so callers
cannot mutate it in place.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

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
class TableResult:
    """A tidy table plus what a reader needs to trust it."""

    title: str
    _frame: pd.DataFrame = field(repr=False)
    units: dict[str, str] = field(default_factory=dict)  # column -> unit
    provenance: tuple[Provenance, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def frame(self) -> pd.DataFrame:
        return self._frame.copy()

    def rows(self, mask) -> "TableResult":
        """The same table (title, units, sources, notes) with only the rows where ``mask`` holds."""
        import dataclasses

        return dataclasses.replace(self, _frame=self._frame[mask].reset_index(drop=True))

    @property
    def approximations(self) -> list[str]:
        return [p.approximation for p in self.provenance if p.approximation]

    def metadata(self) -> dict:
        return {
            "title": self.title,
            "units": self.units,
            "provenance": [p.to_dict() for p in self.provenance],
            "notes": list(self.notes),
        }

    def to_json(self) -> str:
        records = json.loads(self._frame.to_json(orient="records", double_precision=15))
        return json.dumps({**self.metadata(), "rows": records}, indent=2)

    def to_csv(self) -> str:
        """CSV with the metadata as leading '#' comment lines."""
        head = [f"# {self.title}"]
        head += [f"# unit {c}: {u}" for c, u in self.units.items()]
        head += [f"# source: {p.dataset} ({p.source})" for p in self.provenance]
        head += [f"# APPROXIMATION: {a}" for a in self.approximations]
        head += [f"# note: {n}" for n in self.notes]
        return "\n".join(head) + "\n" + self._frame.to_csv(index=False)

    def write(self, path: str | Path, fmt: str) -> Path:
        """Write atomically in ``fmt`` (csv, json, parquet)."""
        path = Path(path)
        with atomic_path(path) as tmp:
            if fmt == "csv":
                tmp.write_text(self.to_csv(), encoding="utf-8")
            elif fmt == "json":
                tmp.write_text(self.to_json(), encoding="utf-8")
            elif fmt == "parquet":
                import pyarrow as pa
                import pyarrow.parquet as pq

                table = pa.Table.from_pandas(self._frame, preserve_index=False)
                meta = dict(table.schema.metadata or {})
                meta[b"tradedeal"] = json.dumps(self.metadata()).encode()
                pq.write_table(table.replace_schema_metadata(meta), tmp)
            else:
                raise ValueError(f"unknown format {fmt}")
        return path
