"""The result of tracking a trade target: history, required growth, trend, each scenario's path
and the gap with what would close it, as tidy tables (nothing here computes)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from tradedeal.fileio import write_text_atomic
from tradedeal.tables import TableResult

TABLES = ("growth", "history", "paths", "gap", "closing")


@dataclass(frozen=True)
class TargetResult:
    """``tradedeal target``: every table of the answer (see :data:`TABLES`)."""

    title: str
    pair: tuple[str, str]
    goal_usd: float
    target_year: int
    headline: str                 # the basis shown first (its key)
    growth: TableResult           # required growth and trend, one row per basis
    history: TableResult          # the annual totals with their sources and kinds
    paths: TableResult            # basis x path x year: trend, tariff part, purchase part, total
    gap: TableResult              # basis x path: value in the target year, gap, share of the goal
    closing: TableResult          # basis x path x group: purchases that would close the gap, plausibility

    def table(self, name: str) -> TableResult:
        if name not in TABLES:
            raise KeyError(name)
        return getattr(self, name)

    def tables(self) -> dict[str, TableResult]:
        return {name: getattr(self, name) for name in TABLES}

    def write(self, folder: str | Path, stem: str = "target") -> list[Path]:
        """Every table as CSV (with its .meta.json) and the whole result as one JSON file."""
        folder = Path(folder)
        out = [t.write(folder / f"{stem}_{name}.csv", "csv") for name, t in self.tables().items()]
        path = folder / f"{stem}.json"
        write_text_atomic(path, self.to_json())
        return [*out, path]

    def to_json(self) -> str:
        doc = {"title": self.title, "pair": list(self.pair), "goal_usd": self.goal_usd,
               "target_year": self.target_year, "headline_basis": self.headline,
               "tables": {name: json.loads(t.to_json()) for name, t in self.tables().items()}}
        return json.dumps(doc, indent=2, ensure_ascii=False)
