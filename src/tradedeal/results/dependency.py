"""The result of the strategic dependency screen: tidy tables (nothing here computes)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from tradedeal.fileio import write_text_atomic
from tradedeal.tables import TableResult

TABLES = ("summary", "lines", "partners", "criteria")


@dataclass(frozen=True)
class DependencyResult:
    """``tradedeal dependency``: by product group, by product, by partner group, and the criteria."""

    title: str
    importer: str
    exporter: str | None
    date: dt.date
    level: str
    summary: TableResult
    lines: TableResult
    partners: TableResult
    criteria: TableResult

    def table(self, name: str) -> TableResult:
        if name not in TABLES:
            raise KeyError(name)
        return getattr(self, name)

    def tables(self) -> dict[str, TableResult]:
        return {name: getattr(self, name) for name in TABLES}

    def write(self, folder: str | Path, stem: str = "dependency") -> list[Path]:
        """Every table as CSV (with its .meta.json) and the whole result as one JSON file."""
        folder = Path(folder)
        out = [t.write(folder / f"{stem}_{name}.csv", "csv") for name, t in self.tables().items() if len(t.columns)]
        path = folder / f"{stem}.json"
        doc = {"title": self.title, "importer": self.importer, "exporter": self.exporter,
               "date": self.date.isoformat(), "level": self.level,
               "tables": {name: json.loads(t.to_json()) for name, t in self.tables().items()}}
        write_text_atomic(path, json.dumps(doc, indent=2, ensure_ascii=False))
        return [*out, path]
