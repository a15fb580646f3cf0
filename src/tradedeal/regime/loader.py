"""Read a regime: a folder with ``regime.toml`` (header, product lists, rate tables,
stacking rules) and measure files (``[[measure]]`` tables), validated at the boundary.

Every problem is reported with its file, line, measure id and field, all at once,
as an :class:`~tradedeal.errors.InputFileError` (the CLI prints it and exits 2).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from tradedeal import tomlfile
from tradedeal.errors import InputFileError, RowProblem
from tradedeal.regime.checks import check_references
from tradedeal.regime.folders import HEADER_FILE, SHIPPED_DIR, regime_folder, shipped_regimes
from tradedeal.regime.model import (
    ExceptionNote,
    Measure,
    NotModelled,
    ProductList,
    RateTable,
    RegimeHeader,
    StackingRule,
)

DOC = "docs/measure-schema.md"

__all__ = ["DOC", "HEADER_FILE", "SHIPPED_DIR", "MeasureFile", "Origin", "Regime", "load_regime", "read_measure_file",
           "read_measures", "regime_folder", "shipped_regimes"]


@dataclass(frozen=True)
class Origin:
    """Where a measure was read: file and line of its ``[[measure]]`` header."""

    file: str
    line: int


@dataclass(frozen=True)
class Regime:
    """All measures of one importer's regime, with the data they refer to."""

    header: RegimeHeader
    measures: tuple[Measure, ...]
    lists: dict[str, ProductList]
    rate_tables: dict[str, RateTable]
    rules: tuple[StackingRule, ...]
    folder: Path
    origins: dict[str, Origin] = field(default_factory=dict)
    exceptions: dict[str, tuple] = field(default_factory=dict)  # measure id -> its ExceptionNotes
    not_modelled: tuple = ()  # NotModelled headings of every measure file

    @property
    def importer(self) -> str:
        return self.header.importer

    def where(self, measure_id: str) -> str:
        o = self.origins.get(measure_id)
        return f"{o.file}:{o.line}" if o else "(built in code)"

    def replace(self, measures: tuple[Measure, ...], origins: dict[str, Origin] | None = None) -> "Regime":
        """A new regime with other measures (scenario edits); the rest is shared."""
        return Regime(self.header, measures, self.lists, self.rate_tables, self.rules, self.folder,
                      {**self.origins, **(origins or {})}, self.exceptions, self.not_modelled)


@dataclass(frozen=True)
class MeasureFile:
    """What one measure file holds: its measures (with where each was read), the exceptions of its measures
    and the duty headings it lists as not modelled."""

    measures: list
    origins: dict[str, Origin]
    exceptions: dict[str, tuple]
    not_modelled: tuple


def read_measure_file(path: Path, default_importer: str) -> tuple[MeasureFile, list[RowProblem]]:
    """The measures, exceptions and not-modelled headings of one file, and every problem found."""
    text, raw = tomlfile.read(path)
    unknown = sorted(set(raw) - {"measure", "exception", "not_modelled"})
    problems: list[RowProblem] = []
    if unknown:
        problems.append(RowProblem(1, ", ".join(unknown), "unknown top-level table(s); a measure file holds "
                                   "[[measure]], [[exception]] and [[not_modelled]] tables"))
    tables = raw.get("measure", [])
    starts = tomlfile.array_lines(text, "measure")
    measures, origins = [], {}
    for i, body in enumerate(tables):
        start = starts[i] if i < len(starts) else 1
        label = f"measure '{body.get('id', f'#{i + 1}')}'"
        body = {**body}
        body.setdefault("importer", default_importer)
        try:
            m = Measure(**body)
        except ValidationError as e:
            problems.extend(tomlfile.problems(e, text, start, label, DOC))
            continue
        measures.append(m)
        origins[m.id] = Origin(str(path), start)
    ids = [m.id for m in measures]
    by_measure: dict[str, list] = {}
    for i, (body, start) in enumerate(zip(raw.get("exception", []), tomlfile.array_lines(text, "exception"))):
        try:
            note = ExceptionNote(**body)
        except ValidationError as e:
            problems.extend(tomlfile.problems(e, text, start, f"exception #{i + 1}", DOC))
            continue
        unknown_ids = [x for x in note.measures if x not in ids]
        if unknown_ids:
            problems.append(RowProblem(start, f"exception #{i + 1}.measures", f"no measure {', '.join(unknown_ids)} "
                                       "in this file (an exception belongs to measures of its own file)"))
        for mid in note.measures or ids:
            by_measure.setdefault(mid, []).append(note)
    skipped = []
    for i, (body, start) in enumerate(zip(raw.get("not_modelled", []), tomlfile.array_lines(text, "not_modelled"))):
        try:
            skipped.append(NotModelled(**body))
        except ValidationError as e:
            problems.extend(tomlfile.problems(e, text, start, f"not_modelled #{i + 1}", DOC))
    return MeasureFile(measures, origins, {k: tuple(v) for k, v in by_measure.items()}, tuple(skipped)), problems


def read_measures(path: Path, default_importer: str) -> tuple[list[Measure], dict[str, Origin], list[RowProblem]]:
    """Measures of one file, their origins, and every problem found."""
    got, problems = read_measure_file(path, default_importer)
    return got.measures, got.origins, problems


_LOADED: dict[tuple, Regime] = {}


def load_regime(folder: str | Path | None = None, importer: str | None = None) -> Regime:
    """Read and validate a regime folder (or the shipped regime of ``importer``); cached per
    process while none of its files changes."""
    resolved = regime_folder(folder, importer)
    files = sorted(resolved.glob("*.toml"))
    key = (str(resolved), tuple((str(p), p.stat().st_mtime_ns) for p in files if p.exists()))
    if key not in _LOADED:
        _LOADED[key] = _load(resolved)
    return _LOADED[key]


def _load(folder: Path) -> Regime:
    head_path = folder / HEADER_FILE
    if not head_path.is_file():
        raise InputFileError(str(head_path), "regime header file not found",
                             hint=f"a regime folder needs {HEADER_FILE} with a [regime] table")
    text, raw = tomlfile.read(head_path)
    problems: list[RowProblem] = []
    header = None
    try:
        header = RegimeHeader(**raw.get("regime", {}))
    except ValidationError as e:
        problems.extend(tomlfile.problems(e, text, tomlfile.table_line(text, "regime"), "regime", DOC))
    lists: dict[str, ProductList] = {}
    for name, body in raw.get("lists", {}).items():
        try:
            lists[name] = ProductList(id=name, **body)
        except ValidationError as e:
            problems.extend(tomlfile.problems(e, text, tomlfile.table_line(text, "lists", name), f"lists.{name}", DOC))
    tables: dict[str, RateTable] = {}
    for name, body in raw.get("rate_tables", {}).items():
        try:
            tables[name] = RateTable(id=name, **body)
        except ValidationError as e:
            problems.extend(tomlfile.problems(e, text, tomlfile.table_line(text, "rate_tables", name),
                                              f"rate_tables.{name}", DOC))
    rules = []
    for i, (body, start) in enumerate(zip(raw.get("stacking_rule", []), tomlfile.array_lines(text, "stacking_rule"))):
        try:
            rules.append(StackingRule(**body))
        except ValidationError as e:
            problems.extend(tomlfile.problems(e, text, start, f"stacking_rule #{i + 1}", DOC))
    if problems or header is None:
        raise InputFileError(str(head_path), f"{len(problems)} problem(s) in the regime header",
                             problems, hint=f"see {DOC}")
    measures: list[Measure] = []
    origins: dict[str, Origin] = {}
    exceptions: dict[str, tuple] = {}
    skipped: list = []
    for path in sorted(p for p in folder.glob("*.toml") if p.name != HEADER_FILE):
        file, bad = read_measure_file(path, header.importer)
        if bad:
            raise InputFileError(str(path), f"{len(bad)} problem(s) in measure file", bad,
                                 hint="fix the fields named; docs/measure-schema.md lists them all")
        got, where = file.measures, file.origins
        exceptions.update(file.exceptions)
        skipped += file.not_modelled
        for m in got:
            if m.id in origins:
                prev = origins[m.id]
                raise InputFileError(str(path), "duplicate measure id",
                                     [RowProblem(where[m.id].line, f"measure '{m.id}'.id",
                                                 f"already defined at {prev.file}:{prev.line}")],
                                     hint="give every measure a unique id")
            measures.append(m)
            origins[m.id] = where[m.id]
    regime = Regime(header, tuple(measures), lists, tables, tuple(rules), folder, origins, exceptions, tuple(skipped))
    check_references(regime)
    return regime
