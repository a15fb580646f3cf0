"""Published criteria of import dependence as data (``data/dependency_criteria.toml``), and
their evaluation on indicator arrays: pure, three-valued (holds, fails, not decided).

A criterion compares one indicator with its threshold; an indicator that is missing for a
product (NaN: the data it needs is not at hand) leaves the criterion undecided there. A
family's rule 'all' holds when every criterion holds, fails when any fails, and is undecided
otherwise (Kleene's three-valued AND).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tradedeal import tomlfile
from tradedeal.errors import InputFileError, QueryError, RowProblem

CRITERIA_FILE = Path(__file__).resolve().parent / "data" / "dependency_criteria.toml"
INDICATORS = ("import_hhi", "imports_to_exports", "import_share_of_demand", "world_export_hhi", "persistence")
DOC = "the header of statistics/data/dependency_criteria.toml"


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Criterion(_Strict):
    id: str
    family: str
    label: str
    indicator: Literal["import_hhi", "imports_to_exports", "import_share_of_demand", "world_export_hhi", "persistence"]
    operator: Literal[">", ">="]
    threshold: float
    source: str = Field(min_length=10)
    source_url: str | None = None
    needs: str = Field(min_length=5)
    note: str = ""


class Family(_Strict):
    id: str
    label: str
    rule: Literal["all"]
    source: str = Field(min_length=10)
    source_url: str | None = None
    note: str = ""


class Watch(_Strict):
    countries: tuple[str, ...] = Field(min_length=1)
    reason: str


@dataclass(frozen=True)
class Criteria:
    families: tuple[Family, ...]
    criteria: tuple[Criterion, ...]
    watch: Watch

    def of(self, family: str) -> tuple[Criterion, ...]:
        return tuple(c for c in self.criteria if c.family == family)


def parse_criteria(text: str, file: str) -> Criteria:
    raw = tomlfile.parse(text, file)
    problems: list[RowProblem] = []
    out: dict[str, list] = {"family": [], "criterion": []}
    for key, model in (("family", Family), ("criterion", Criterion)):
        lines = tomlfile.array_lines(text, key)
        for i, body in enumerate(raw.get(key, [])):
            try:
                out[key].append(model(**body))
            except ValidationError as e:
                problems += tomlfile.problems(e, text, lines[i] if i < len(lines) else 1, f"{key}[{i}]", DOC)
    try:
        watch = Watch(**raw.get("watch", {}))
    except ValidationError as e:
        problems += tomlfile.problems(e, text, tomlfile.table_line(text, "watch"), "watch", DOC)
        watch = None
    fams = {f.id for f in out["family"]}
    for i, c in enumerate(out["criterion"]):
        if c.family not in fams:
            lines = tomlfile.array_lines(text, "criterion")
            problems.append(RowProblem(lines[i], f"criterion[{i}].family", f"unknown family '{c.family}' "
                                       f"(families: {', '.join(sorted(fams))})"))
    if problems or not out["criterion"]:
        raise InputFileError(file, f"{len(problems)} problem(s) in dependency criteria", problems, hint=f"see {DOC}")
    return Criteria(tuple(out["family"]), tuple(out["criterion"]), watch)


@cache
def shipped_criteria() -> Criteria:
    return parse_criteria(CRITERIA_FILE.read_text(encoding="utf-8"), str(CRITERIA_FILE))


def holds(c: Criterion, values: np.ndarray) -> np.ndarray:
    """1.0 where the criterion holds, 0.0 where it fails, NaN where the indicator is missing."""
    v = np.asarray(values, dtype=float)
    ok = v > c.threshold if c.operator == ">" else v >= c.threshold
    return np.where(np.isnan(v), np.nan, ok.astype(float))


def all_of(results: list[np.ndarray]) -> np.ndarray:
    """Three-valued AND: 0 if any fails, 1 if all hold, NaN otherwise."""
    if not results:
        raise QueryError("a family with no criteria cannot be evaluated")
    r = np.vstack(results)
    fails = (r == 0).any(axis=0)
    every = (r == 1).all(axis=0)
    return np.where(fails, 0.0, np.where(every, 1.0, np.nan))


def persistence(years: list[np.ndarray], needed: int = 2) -> np.ndarray:
    """Years (of those given) in which a product's criteria all hold, where that decides
    whether they hold in at least ``needed`` years; NaN where the undecided years leave it open.
    ``years``: per year, the three-valued result of the criteria (1, 0, NaN)."""
    r = np.vstack(years)
    held = (r == 1).sum(axis=0).astype(float)
    open_ = np.isnan(r).sum(axis=0)
    decided = (held >= needed) | (held + open_ < needed)
    return np.where(decided, held, np.nan)
