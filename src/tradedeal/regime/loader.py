"""Read a regime: a folder with ``regime.toml`` (header, product lists, rate tables,
stacking rules) and measure files (``[[measure]]`` tables), validated at the boundary.

Every problem is reported with its file, line, measure id and field, all at once,
as an :class:`~tradedeal.errors.InputFileError` (the CLI prints it and exits 2).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from tradedeal.errors import InputFileError, RowProblem
from tradedeal.regime.model import Measure, ProductList, RateTable, RegimeHeader, StackingRule

SHIPPED_DIR = Path(__file__).resolve().parent / "data"
HEADER_FILE = "regime.toml"


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

    @property
    def importer(self) -> str:
        return self.header.importer

    def measure(self, measure_id: str) -> Measure:
        for m in self.measures:
            if m.id == measure_id:
                return m
        raise KeyError(measure_id)

    def where(self, measure_id: str) -> str:
        o = self.origins.get(measure_id)
        return f"{o.file}:{o.line}" if o else "(built in code)"

    def replace(self, measures: tuple[Measure, ...], origins: dict[str, Origin] | None = None) -> "Regime":
        """A new regime with other measures (scenario edits); the rest is shared."""
        return Regime(self.header, measures, self.lists, self.rate_tables, self.rules, self.folder,
                      {**self.origins, **(origins or {})})


def shipped_regimes() -> dict[str, Path]:
    """Importer ISO3 -> folder of the shipped regime."""
    out = {}
    for folder in sorted(SHIPPED_DIR.iterdir()):
        if (folder / HEADER_FILE).is_file():
            out[_read_toml(folder / HEADER_FILE)["regime"]["importer"]] = folder
    return out


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise InputFileError(str(path), f"not valid TOML: {e}",
                             hint="fix the TOML syntax at the line and column shown") from None
    except OSError as e:
        raise InputFileError(str(path), f"cannot be read: {e.strerror}",
                             hint="check the path") from None


def _table_lines(text: str, header: str) -> list[int]:
    """1-based lines of each ``[[header]]`` array-of-tables header, in order."""
    pattern = re.compile(rf"^\s*\[\[\s*{re.escape(header)}\s*\]\]")
    return [i for i, line in enumerate(text.splitlines(), 1) if pattern.match(line)]


def _named_table_line(text: str, prefix: str, name: str) -> int:
    pattern = re.compile(rf"^\s*\[\s*{re.escape(prefix)}\s*\.\s*\"?{re.escape(name)}\"?\s*\]")
    for i, line in enumerate(text.splitlines(), 1):
        if pattern.match(line):
            return i
    return 1


def _field_line(text: str, start: int, name: str) -> int:
    """Line of ``name = ...`` in the table that begins at ``start`` (else ``start``)."""
    lines = text.splitlines()
    pattern = re.compile(rf"^\s*{re.escape(name)}\s*=")
    for i in range(start, len(lines)):
        if i > start - 1 and re.match(r"^\s*\[", lines[i]) and i != start - 1:
            break
        if pattern.match(lines[i]):
            return i + 1
    return start


def _problems(err: ValidationError, text: str, start: int, label: str) -> list[RowProblem]:
    out = []
    for e in err.errors():
        loc = [str(p) for p in e["loc"]]
        name = loc[0] if loc else ""
        msg = e["msg"].removeprefix("Value error, ")
        if e["type"] == "extra_forbidden":
            msg = f"unknown field '{name}' (see docs/measure-schema.md for the fields)"
        elif e["type"] == "missing":
            msg = f"required field '{name}' is missing"
        line = _field_line(text, start, name) if name else start
        out.append(RowProblem(line=line, field=f"{label}.{'.'.join(loc)}" if loc else label, reason=msg))
    return out


def read_measures(path: Path, default_importer: str) -> tuple[list[Measure], dict[str, Origin], list[RowProblem]]:
    """Measures of one file, their origins, and every problem found."""
    text = path.read_text(encoding="utf-8")
    raw = _read_toml(path)
    unknown = sorted(set(raw) - {"measure"})
    problems: list[RowProblem] = []
    if unknown:
        problems.append(RowProblem(1, ", ".join(unknown), "unknown top-level table(s); a measure "
                                   "file holds only [[measure]] tables"))
    tables = raw.get("measure", [])
    starts = _table_lines(text, "measure")
    measures, origins = [], {}
    for i, body in enumerate(tables):
        start = starts[i] if i < len(starts) else 1
        label = f"measure '{body.get('id', f'#{i + 1}')}'"
        body = {**body}
        body.setdefault("importer", default_importer)
        try:
            m = Measure(**body)
        except ValidationError as e:
            problems.extend(_problems(e, text, start, label))
            continue
        measures.append(m)
        origins[m.id] = Origin(str(path), start)
    return measures, origins, problems


_LOADED: dict[tuple, Regime] = {}


def load_regime(folder: str | Path | None = None, importer: str | None = None,
                extra_files: tuple[str | Path, ...] = ()) -> Regime:
    """Read and validate a regime folder (or the shipped regime of ``importer``); cached per
    process while none of its files changes."""
    resolved = _folder(folder, importer)
    files = sorted(resolved.glob("*.toml")) + [Path(p) for p in extra_files]
    key = (str(resolved), tuple((str(p), p.stat().st_mtime_ns) for p in files if p.exists()))
    if key not in _LOADED:
        _LOADED[key] = _load(resolved, tuple(extra_files))
    return _LOADED[key]


def _folder(folder: str | Path | None, importer: str | None) -> Path:
    if folder is None:
        regimes = shipped_regimes()
        if importer not in regimes:
            from tradedeal.errors import QueryError

            raise QueryError(f"no shipped tariff regime for importer {importer}",
                             f"shipped regimes: {', '.join(regimes)}; give your own with --regime FOLDER")
        folder = regimes[importer]
    return Path(folder)


def _load(folder: Path, extra_files: tuple[str | Path, ...]) -> Regime:
    head_path = folder / HEADER_FILE
    if not head_path.is_file():
        raise InputFileError(str(head_path), "regime header file not found",
                             hint=f"a regime folder needs {HEADER_FILE} with a [regime] table")
    text = head_path.read_text(encoding="utf-8")
    raw = _read_toml(head_path)
    problems: list[RowProblem] = []
    header = None
    try:
        header = RegimeHeader(**raw.get("regime", {}))
    except ValidationError as e:
        problems.extend(_problems(e, text, _named_table_line(text, "regime", "") or 1, "regime"))
    lists: dict[str, ProductList] = {}
    for name, body in raw.get("lists", {}).items():
        try:
            lists[name] = ProductList(id=name, **body)
        except ValidationError as e:
            problems.extend(_problems(e, text, _named_table_line(text, "lists", name), f"lists.{name}"))
    tables: dict[str, RateTable] = {}
    for name, body in raw.get("rate_tables", {}).items():
        try:
            tables[name] = RateTable(id=name, **body)
        except ValidationError as e:
            problems.extend(_problems(e, text, _named_table_line(text, "rate_tables", name),
                                      f"rate_tables.{name}"))
    rules = []
    for i, (body, start) in enumerate(zip(raw.get("stacking_rule", []), _table_lines(text, "stacking_rule"))):
        try:
            rules.append(StackingRule(**body))
        except ValidationError as e:
            problems.extend(_problems(e, text, start, f"stacking_rule #{i + 1}"))
    if problems or header is None:
        raise InputFileError(str(head_path), f"{len(problems)} problem(s) in the regime header",
                             problems, hint="see docs/measure-schema.md")
    measures: list[Measure] = []
    origins: dict[str, Origin] = {}
    files = sorted(p for p in folder.glob("*.toml") if p.name != HEADER_FILE)
    files += [Path(p) for p in extra_files]
    for path in files:
        got, where, bad = read_measures(path, header.importer)
        problems.extend(RowProblem(p.line, p.field, p.reason) for p in bad)
        if bad:
            raise InputFileError(str(path), f"{len(bad)} problem(s) in measure file", bad,
                                 hint="fix the fields named; docs/measure-schema.md lists them all")
        for m in got:
            if m.id in origins:
                prev = origins[m.id]
                raise InputFileError(str(path), "duplicate measure id",
                                     [RowProblem(where[m.id].line, f"measure '{m.id}'.id",
                                                 f"already defined at {prev.file}:{prev.line}")],
                                     hint="give every measure a unique id")
            measures.append(m)
            origins[m.id] = where[m.id]
    regime = Regime(header, tuple(measures), lists, tables, tuple(rules), folder, origins)
    from tradedeal.regime.checks import check_references

    check_references(regime)
    return regime
