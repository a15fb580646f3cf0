"""Input-output economies from files, for the multi-sector GE model: a TOML manifest
(``economy.toml``) naming either tidy CSV tables (``format = "tables"``, the documented layout
for a user's own tables: WIOD, a national table, ...) or the Caliendo-Parro text matrices
(``format = "caliendo-parro-text"``). Both are read into one :class:`IOTables`: labelled
arrays in the model's order, money in USD mn, tariffs as fractions, and the counterfactual
tariffs the manifest declares.

Every problem of every file is reported at once, each with file, line, field and a fix
(:class:`~tradedeal.errors.InputFileError`); a file whose SHA-256 does not match the
manifest's checksum file is refused (:class:`~tradedeal.errors.DataIntegrityError`).
The fields and columns below are the reference page: ``python -m tradedeal.datasets.io_tables
docs/io-economy.md`` rewrites its generated block.

Shipped economies (by name): ``caliendo_parro_2015`` (``files/caliendo_parro_2015/``).
"""

from __future__ import annotations

import hashlib
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import PydanticUndefined

from tradedeal import docblock, tomlfile
from tradedeal.datasets import io_text
from tradedeal.datasets.catalogue import info, verified_path
from tradedeal.datasets.roles import shipped as find_shipped
from tradedeal.errors import DataIntegrityError, InputFileError, QueryError, RowProblem
from tradedeal.fileio import write_text_atomic

MANIFEST = "economy.toml"
DOC = "docs/io-economy.md"
MODULE = "tradedeal.datasets.io_tables"
TO_USD_MN = {"USD": 1e-6, "thousand USD": 1e-3, "USD mn": 1.0, "USD bn": 1e3}
MONEY_SUFFIX = {"usd": "USD", "usd_thousand": "thousand USD", "usd_mn": "USD mn", "usd_bn": "USD bn"}
SHARE_SUM_TOL = 1e-3


# -- the manifest ---------------------------------------------------------------------------------

class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EconomyHeader(_Strict):
    """The [economy] table."""

    name: str = Field(description="Short id: lower case letters, digits, '_' or '-'.")
    title: str = Field(description="One line a reader sees first.")
    source: str = Field(description="Where the numbers come from (publication, table, vintage); it travels with every result.")
    licence: str = Field("", description="The data's licence, or a note that none is stated.")
    year: int | None = Field(None, description="Base year of the flows.")
    format: Literal["tables", "caliendo-parro-text"] = Field(
        "tables", description="`tables`: the CSV tables of [tables]; `caliendo-parro-text`: the authors' text matrices of [text].")
    checksums: str | None = Field(None, description="A checksum file beside the manifest (`sha256sum` format); every file it "
                                  "lists is verified before anything is read.")

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        if not re.fullmatch(r"[a-z0-9][a-z0-9_\-]*", v):
            raise ValueError("use lower case letters, digits, '_' or '-'")
        return v


class TableFiles(_Strict):
    """The [tables] table (format `tables`): CSV files, paths relative to the manifest."""

    countries: str = Field("countries.csv", description="Countries (and regions), in the order of the results.")
    sectors: str = Field("sectors.csv", description="Sectors, with their trade elasticity and whether they trade.")
    flows: str = Field("flows.csv", description="Bilateral flows between countries by sector, net of tariffs.")
    output: str = Field("output.csv", description="Gross output and value-added share by country and sector.")
    input_output: str = Field("input_output.csv", description="Shares of each sector's materials cost by input sector.")
    tariffs: str | None = Field(None, description="Base-year tariffs (optional: without it every tariff is 0).")


class TextFiles(_Strict):
    """The [text] table (format `caliendo-parro-text`): tab-separated matrices without headers."""

    countries: list[str] = Field(description="Country codes in the order of the rows within a block and of the columns.")
    sectors: list[str] = Field(description="Sector names, tradables first, in the order of the blocks and rows.")
    tradable: int = Field(description="How many of the first sectors trade (the blocks of the flow and tariff files).")
    flows: str = Field(description="Flows: one block per tradable sector, importer rows x exporter columns, net of tariffs.")
    flows_unit: Literal["USD", "thousand USD", "USD mn", "USD bn"] = Field(description="Unit of the flows.")
    tariffs: str = Field(description="Tariffs in percent, the layout of the flows.")
    gross_output: str = Field(description="Gross output, sectors (rows) x countries (columns).")
    gross_output_unit: Literal["USD", "thousand USD", "USD mn", "USD bn"] = Field(description="Unit of gross output.")
    value_added_share: str = Field(description="Value-added share of gross output, sectors x countries.")
    input_output: str = Field(description="Per country a sectors x sectors block: rows input sector, columns using "
                              "sector, shares of the using sector's materials cost.")
    theta: str = Field(description="Trade elasticity of each tradable sector, one per line.")


class CalibrationChoice(_Strict):
    """The [calibration] table."""

    exports_above_output: Literal["error", "raise_output"] = Field(
        "error", description="Where a country's exports of a sector exceed its gross output: `error` (listed with their "
        "lines), or `raise_output` to raise gross output to exports (Caliendo and Parro's convention).")
    imbalances: Literal["remove", "keep"] = Field(
        "remove", description="`remove`: counterfactuals start from the base year solved with zero trade balances (the "
        "paper's Table 2); `keep`: from the consistent base year with the observed imbalances held fixed.")


class CounterfactualSpec(_Strict):
    """One [[counterfactual]]: the base tariffs with some cells replaced from a tariff file."""

    name: str = Field(description="Short id, given to `--counterfactual`.")
    title: str = Field(description="One line a reader sees first.")
    description: str = Field("", description="What changes, in words.")
    source: str = Field("", description="Where the new tariffs come from.")
    tariffs: str = Field(description="A tariff file in the layout of the base tariffs (the tariffs table, or a text "
                         "matrix); every cell it lists replaces the base tariff, unless restricted below.")
    importers: list[str] | None = Field(None, description="Replace only the tariffs of these importers (default: all).")
    exporters: list[str] | None = Field(None, description="Replace only the tariffs on these exporters (default: all).")
    sectors: list[str] | None = Field(None, description="Replace only these sectors (default: all).")


MANIFEST_TABLES = (("[economy]", EconomyHeader), ("[tables]", TableFiles), ("[text]", TextFiles),
                   ("[calibration]", CalibrationChoice), ("[[counterfactual]]", CounterfactualSpec))


# -- the CSV tables, declared once (validation and the docs page derive from this) ----------------

@dataclass(frozen=True)
class Column:
    name: str
    kind: str          # code | text | number | share | bool | money
    required: bool
    description: str


COLUMNS: dict[str, tuple[Column, ...]] = {
    "countries": (
        Column("country", "code", True, "Code of the country or region (ISO3 where there is one); unique."),
        Column("name", "text", False, "Name, for readers.")),
    "sectors": (
        Column("sector", "code", True, "Code of the sector; unique."),
        Column("name", "text", False, "Name, for readers."),
        Column("tradable", "bool", True, "`true` if the sector's goods cross borders; a non-tradable sector has no flows or tariffs."),
        Column("theta", "number", False, "Trade elasticity θ_j > 0; required for tradable sectors (irrelevant for the others).")),
    "flows": (
        Column("sector", "code", True, "A tradable sector of the sectors table."),
        Column("importer", "code", True, "The buying country."),
        Column("exporter", "code", True, "The selling country, not the importer: domestic sales are gross output less exports."),
        Column("value_usd_mn", "money", True, "The flow net of tariffs (at the exporter's prices); the unit is in the name: "
               "`value_usd`, `value_usd_thousand`, `value_usd_mn` or `value_usd_bn`. A pair not listed trades nothing.")),
    "output": (
        Column("country", "code", True, "Every country and sector once."),
        Column("sector", "code", True, ""),
        Column("gross_output_usd_mn", "money", True, "Gross output; the unit is in the name as for flows."),
        Column("value_added_share", "share", True, "Value added over gross output, in [0, 1].")),
    "input_output": (
        Column("country", "code", True, ""),
        Column("input_sector", "code", True, "The sector whose goods are used."),
        Column("output_sector", "code", True, "The using sector."),
        Column("share", "share", True, "Share of the using sector's materials cost spent on the input sector, in [-1, 1] "
               "(published tables carry a few small negative cells; the Caliendo-Parro one has one); for each country and "
               "using sector the shares sum to 1 (all absent where the value-added share is 1). "
               "Materials share of costs = share x (1 - value-added share).")),
    "tariffs": (
        Column("sector", "code", True, "A tradable sector."),
        Column("importer", "code", True, "The country levying the tariff."),
        Column("exporter", "code", True, "The country whose goods it taxes, not the importer."),
        Column("tariff_pct", "number", True, "Ad-valorem tariff in percent (> -100); a pair not listed pays 0.")),
}


# -- what the reader returns ----------------------------------------------------------------------

@dataclass(frozen=True)
class Counterfactual:
    """A tariff counterfactual: the full (J, N, N) tariffs, fractions."""

    name: str
    title: str
    tariffs: np.ndarray = field(repr=False)
    description: str = ""
    source: str = ""
    cells_changed: int = 0


@dataclass(frozen=True)
class IOTables:
    """An input-output economy as read: j = sector, n = importer, i = exporter; read-only arrays."""

    name: str
    title: str
    source: str
    licence: str
    year: int | None
    countries: tuple[str, ...]
    sectors: tuple[str, ...]
    tradable: np.ndarray = field(repr=False)           # (J,) bool
    theta: np.ndarray = field(repr=False)              # (J,) NaN for non-tradables
    flows: np.ndarray = field(repr=False)              # (J, N, N) foreign flows net of tariffs, USD mn; diagonal 0
    tariffs: np.ndarray = field(repr=False)            # (J, N, N) fractions
    gross_output: np.ndarray = field(repr=False)       # (J, N) USD mn
    value_added_share: np.ndarray = field(repr=False)  # (J, N)
    input_output: np.ndarray = field(repr=False)       # (N, K, J) shares of j's materials cost bought from k
    counterfactuals: tuple[Counterfactual, ...] = ()
    exports_above_output: str = "error"
    imbalances: str = "remove"
    manifest: str = ""
    files: tuple[tuple[str, str], ...] = ()            # (file, SHA-256) of every file read
    checksums: str = ""                                # the checksum file the data were verified against ("": none)

    def counterfactual(self, name: str) -> Counterfactual:
        for c in self.counterfactuals:
            if c.name == name:
                return c
        raise QueryError(f"{self.name} has no counterfactual '{name}'",
                         f"use one of: {', '.join(c.name for c in self.counterfactuals) or '(none declared)'}")


def shipped() -> dict[str, Path]:
    """Name -> manifest of every shipped economy (the folder datasets playing the role
    ``input_output`` with table ``economy``; each folder is verified against the catalogue)."""
    return {m.get("source"): info(m.dataset).path for m in find_shipped("input_output", table="economy")}


def read(ref: str | Path) -> IOTables:
    """An economy from its manifest (a path to ``economy.toml``, a folder holding one, or the
    name of a shipped economy)."""
    path = _resolve(ref)
    text, raw = tomlfile.read(path)
    spec = _manifest(path, text, raw)
    header, calib, specs = spec["economy"], spec["calibration"], spec["counterfactual"]
    folder = path.parent
    files = _verify(folder, header.checksums) if header.checksums else {}
    if header.format == "tables":
        parts = _read_tables(folder, spec["tables"], calib)
        read_cf = lambda f: _tariff_table(folder / f, parts["countries"], parts["sectors"], parts["tradable"])  # noqa: E731
    else:
        parts = _read_text(folder, spec["text"], path, text)
        t = spec["text"]
        read_cf = lambda f: _text_tariffs(folder / f, t)  # noqa: E731
    cfs = _counterfactuals(path, text, specs, parts, read_cf)
    used = [path, *parts.pop("paths"), *(folder / s.tariffs for s in specs)]
    digests = tuple((_relative(p, folder), files.get(p.name) or _sha256(p)) for p in dict.fromkeys(used))
    arrays = {k: _frozen(v) for k, v in parts.items() if isinstance(v, np.ndarray)}
    return IOTables(name=header.name, title=header.title, source=header.source, licence=header.licence, year=header.year,
                    countries=tuple(parts["countries"]), sectors=tuple(parts["sectors"]), **arrays,
                    counterfactuals=cfs, exports_above_output=calib.exports_above_output, imbalances=calib.imbalances,
                    manifest=str(path), files=digests, checksums=header.checksums or "")


def _resolve(ref: str | Path) -> Path:
    known = shipped()
    if str(ref) in known:
        for m in find_shipped("input_output", table="economy", source=str(ref)):
            verified_path(m.dataset)
        return known[str(ref)]
    path = Path(ref)
    if path.is_dir():
        path = path / MANIFEST
    if not path.is_file():
        raise InputFileError(str(ref), "economy manifest not found",
                             hint=f"give an economy.toml (layout: {DOC}), a folder holding one, or a shipped economy: "
                                  f"{', '.join(known)}")
    return path


def _manifest(path: Path, text: str, raw: dict) -> dict:
    problems: list[RowProblem] = []
    known = {"economy", "tables", "text", "calibration", "counterfactual"}
    if set(raw) - known:
        problems.append(RowProblem(1, ", ".join(sorted(set(raw) - known)), f"unknown table(s); a manifest has "
                                   f"[economy], [tables] or [text], [calibration] and [[counterfactual]] ({DOC})"))
    out: dict = {"counterfactual": []}
    for key, model in (("economy", EconomyHeader), ("calibration", CalibrationChoice)):
        try:
            out[key] = model.model_validate(raw.get(key, {}))
        except ValidationError as e:
            problems += tomlfile.problems(e, text, tomlfile.table_line(text, key), key, DOC)
    fmt = raw.get("economy", {}).get("format", "tables") if isinstance(raw.get("economy"), dict) else "tables"
    files_key, model = ("text", TextFiles) if fmt == "caliendo-parro-text" else ("tables", TableFiles)
    other = "tables" if files_key == "text" else "text"
    if other in raw:
        problems.append(RowProblem(tomlfile.table_line(text, other), other,
                                   f"format '{fmt}' reads [{files_key}], not [{other}]: remove it or change [economy] format"))
    try:
        out[files_key] = model.model_validate(raw.get(files_key, {}))
    except ValidationError as e:
        problems += tomlfile.problems(e, text, tomlfile.table_line(text, files_key), files_key, DOC)
    bodies = raw.get("counterfactual", [])
    starts = tomlfile.array_lines(text, "counterfactual")
    for k, body in enumerate(bodies if isinstance(bodies, list) else []):
        try:
            out["counterfactual"].append(CounterfactualSpec.model_validate(body))
        except ValidationError as e:
            problems += tomlfile.problems(e, text, starts[k] if k < len(starts) else 1, f"counterfactual #{k + 1}", DOC)
    names = [c.name for c in out["counterfactual"]]
    for k, n in enumerate(names):
        if n in names[:k]:
            problems.append(RowProblem(starts[k] if k < len(starts) else 1, f"counterfactual #{k + 1}.name",
                                       f"'{n}' is used by an earlier counterfactual"))
    if problems:
        raise InputFileError(str(path), f"{len(problems)} problem(s) in the economy manifest", problems,
                             hint=f"see {DOC} for the fields")
    return out


def _relative(path: Path, folder: Path) -> str:
    try:
        return str(path.relative_to(folder))
    except ValueError:
        return str(path)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _verify(folder: Path, sums: str) -> dict[str, str]:
    """Check every file listed in the checksum file ``sums``; name -> digest."""
    path = folder / sums
    if not path.is_file():
        raise DataIntegrityError(f"{path}: the checksum file named in the manifest is missing",
                                 "restore it (reinstall tradedeal for a shipped economy)")
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        digest, name = line.split(maxsplit=1)
        name = name.strip().lstrip("*")
        target = folder / name
        if not target.is_file():
            raise DataIntegrityError(f"{target}: listed in {sums} but missing", "restore the file (reinstall tradedeal "
                                     "for a shipped economy)")
        actual = _sha256(target)
        if actual != digest.lower():
            raise DataIntegrityError(f"{target}: SHA-256 {actual[:16]}... does not match {digest[:16]}... in {sums}",
                                     "the copy is corrupted or was edited: restore it (reinstall tradedeal for a shipped "
                                     "economy), or, if you changed it on purpose, update the checksum file")
        out[name] = actual
    return out


def _frozen(a: np.ndarray) -> np.ndarray:
    a = np.array(a)
    a.setflags(write=False)
    return a


# -- the CSV layout -------------------------------------------------------------------------------

class _Problems:
    """Problems by file, raised together."""

    def __init__(self) -> None:
        self.by_file: dict[str, list[RowProblem]] = {}

    def add(self, file: Path, line: int, fld: str, reason: str) -> None:
        self.by_file.setdefault(str(file), []).append(RowProblem(int(line), fld, reason))

    def raise_if_any(self, manifest_hint: str = "") -> None:
        if not self.by_file:
            return
        hint = f"fix the rows shown (the layout: {DOC}){manifest_hint}"
        if len(self.by_file) == 1:
            (file, ps), = self.by_file.items()
            raise InputFileError(file, f"{len(ps)} problem(s)", ps, hint=hint)
        ps = [RowProblem(p.line, f"{Path(f).name}: {p.field}", p.reason) for f, lst in self.by_file.items() for p in lst]
        files = ", ".join(Path(f).name for f in self.by_file)
        folder = str(Path(next(iter(self.by_file))).parent)
        raise InputFileError(folder, f"{len(ps)} problem(s) in {files}", ps, hint=hint)


def _csv(path: Path, table: str, problems: _Problems) -> pd.DataFrame | None:
    """The rows of a CSV table as strings (index = file line), its columns checked."""
    try:
        f = pd.read_csv(path, dtype=str, keep_default_na=False, skip_blank_lines=False)
    except FileNotFoundError:
        problems.add(path, 0, "file", "file not found (named in the manifest)")
        return None
    except (OSError, pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as e:
        problems.add(path, 1, "file", f"cannot be read as CSV: {e}")
        return None
    f.columns = [c.strip() for c in f.columns]
    f.index = f.index + 2
    f = f[(f != "").any(axis=1)]
    money = [c for c in COLUMNS[table] if c.kind == "money"]
    for col in COLUMNS[table]:
        if col.kind == "money":
            stem = col.name.rsplit("_usd", 1)[0]
            found = [c for c in f.columns if c.startswith(stem + "_") and c[len(stem) + 1:] in MONEY_SUFFIX]
            if len(found) != 1:
                problems.add(path, 1, col.name, f"needs exactly one column of {', '.join(stem + '_' + s for s in MONEY_SUFFIX)}"
                             f" (the unit is in the name); found {len(found) or 'none'}")
                return None
        elif col.required and col.name not in f.columns:
            problems.add(path, 1, col.name, f"missing column '{col.name}' (columns of {table}: "
                         f"{', '.join(c.name for c in COLUMNS[table])})")
            return None
    allowed = {c.name for c in COLUMNS[table] if c.kind != "money"}
    for c in f.columns:
        if c not in allowed and not any(c.startswith(m.name.rsplit("_usd", 1)[0] + "_usd") for m in money):
            problems.add(path, 1, c, f"unknown column (columns of {table}: {', '.join(x.name for x in COLUMNS[table])})")
    return f


def _numbers(f: pd.DataFrame, col: str, path: Path, problems: _Problems, low: float, high: float = np.inf,
             low_open: bool = False) -> np.ndarray:
    v = _floats(f[col])
    ok = (v > low if low_open else v >= low) & (v <= high)
    what = f"a number {'>' if low_open else '>='} {low:g}" + (f" and <= {high:g}" if np.isfinite(high) else "")
    for line, raw in zip(f.index[~ok], f[col].to_numpy()[~ok]):
        problems.add(path, line, col, f"'{raw}' is not {what}")
    return np.where(ok, v, 0.0)


def _floats(s: pd.Series) -> np.ndarray:
    """Numbers of a text column, NaN where not a number; parsed exactly (a written economy reads back bit for bit)."""
    s = s.str.strip()
    ok = pd.to_numeric(s, errors="coerce").notna().to_numpy()
    out = np.full(len(s), np.nan)
    out[ok] = s.to_numpy()[ok].astype(float)
    return out


def _codes(f: pd.DataFrame, col: str, known: dict[str, int], what: str, path: Path, problems: _Problems) -> np.ndarray:
    s = f[col].str.strip()
    idx = s.map(known)
    table = "countries" if what == "country" else "sectors"
    for line, raw in zip(f.index[idx.isna()], s[idx.isna()]):
        problems.add(path, line, col, f"'{raw}' is not a {what} of the {table} table" if raw else f"empty {col}")
    return idx.fillna(-1).to_numpy(int)


def _duplicates(f: pd.DataFrame, keys: list[str], path: Path, problems: _Problems) -> np.ndarray:
    k = f[keys].apply(lambda c: c.str.strip())
    dup = k.duplicated(keep="first").to_numpy()
    first = {tuple(r): line for line, r in zip(k.index[~dup], k.to_numpy()[~dup])}
    for line, r in zip(k.index[dup], k.to_numpy()[dup]):
        problems.add(path, line, ", ".join(keys), f"same {', '.join(keys)} as line {first.get(tuple(r), '?')}")
    return ~dup


def _money_scale(f: pd.DataFrame, stem: str) -> tuple[str, float]:
    col = next(c for c in f.columns if c.startswith(stem + "_") and c[len(stem) + 1:] in MONEY_SUFFIX)
    return col, TO_USD_MN[MONEY_SUFFIX[col[len(stem) + 1:]]]


def _labels(path: Path, table: str, key: str, problems: _Problems) -> tuple[pd.DataFrame | None, list[str]]:
    f = _csv(path, table, problems)
    if f is None:
        return None, []
    codes = f[key].str.strip()
    for line in f.index[codes == ""]:
        problems.add(path, line, key, f"empty {key}")
    ok = _duplicates(f, [key], path, problems) & (codes != "").to_numpy()
    return f[ok], codes[ok].tolist()


def _read_tables(folder: Path, t: TableFiles, calib: CalibrationChoice) -> dict:
    problems = _Problems()
    paths = {k: folder / getattr(t, k) for k in ("countries", "sectors", "flows", "output", "input_output")}
    _, countries = _labels(paths["countries"], "countries", "country", problems)
    sec, sectors = _labels(paths["sectors"], "sectors", "sector", problems)
    problems.raise_if_any()
    ci = {c: k for k, c in enumerate(countries)}
    sj = {s: k for k, s in enumerate(sectors)}
    N, J = len(ci), len(sj)
    flag = sec["tradable"].str.strip().str.lower()
    bad = ~flag.isin(["true", "false", "1", "0", "yes", "no"])
    for line, raw in zip(sec.index[bad], sec["tradable"][bad]):
        problems.add(paths["sectors"], line, "tradable", f"'{raw}' is not true or false")
    tradable = flag.isin(["true", "1", "yes"]).to_numpy()
    theta = np.full(J, np.nan)
    if "theta" in sec.columns:
        th = _floats(sec["theta"])
        given = sec["theta"].str.strip().to_numpy() != ""
        wrong = (given & ~(th > 0)) | (tradable & ~given)
        for line, raw, tr in zip(sec.index[wrong], sec["theta"][wrong], tradable[wrong]):
            problems.add(paths["sectors"], line, "theta", f"'{raw}' is not a number > 0" if raw.strip() else
                         "a tradable sector needs its trade elasticity theta")
        theta = np.where(given & (th > 0), th, np.nan)
    elif tradable.any():
        problems.add(paths["sectors"], 1, "theta", "missing column 'theta' (required for tradable sectors)")
    theta[~tradable] = np.nan

    flows = np.zeros((J, N, N))
    f = _csv(paths["flows"], "flows", problems)
    if f is not None:
        j, n, i = (_codes(f, c, m, w, paths["flows"], problems) for c, m, w in
                   (("sector", sj, "sector"), ("importer", ci, "country"), ("exporter", ci, "country")))
        col, scale = _money_scale(f, "value")
        v = _numbers(f, col, paths["flows"], problems, 0.0)
        keep = _duplicates(f, ["sector", "importer", "exporter"], paths["flows"], problems) & (j >= 0) & (n >= 0) & (i >= 0)
        same = keep & (n == i)
        for line in f.index[same]:
            problems.add(paths["flows"], line, "exporter", "a domestic flow (importer = exporter): list only flows between "
                         "countries; domestic sales are gross output less exports")
        nontrad = keep & (j >= 0) & ~tradable[np.maximum(j, 0)] & (v > 0)
        for line, s in zip(f.index[nontrad], f["sector"][nontrad]):
            problems.add(paths["flows"], line, "sector", f"'{s.strip()}' is not tradable (sectors table) but has a flow")
        keep &= ~same
        flows[j[keep], n[keep], i[keep]] = v[keep] * scale

    go, va = np.zeros((J, N)), np.zeros((J, N))
    out_line = np.zeros((J, N), dtype=int)
    f = _csv(paths["output"], "output", problems)
    if f is not None:
        n, j = _codes(f, "country", ci, "country", paths["output"], problems), _codes(f, "sector", sj, "sector", paths["output"], problems)
        col, scale = _money_scale(f, "gross_output")
        g = _numbers(f, col, paths["output"], problems, 0.0)
        b = _numbers(f, "value_added_share", paths["output"], problems, 0.0, 1.0)
        keep = _duplicates(f, ["country", "sector"], paths["output"], problems) & (n >= 0) & (j >= 0)
        go[j[keep], n[keep]], va[j[keep], n[keep]] = g[keep] * scale, b[keep]
        out_line[j[keep], n[keep]] = f.index[keep]
        missing = np.argwhere(out_line == 0)
        if len(missing):
            eg = ", ".join(f"{countries[nn]} {sectors[jj]}" for jj, nn in missing[:5])
            problems.add(paths["output"], 1, "country, sector", f"{len(missing)} country-sector pair(s) have no row "
                         f"(e.g. {eg}); give every pair, with 0 gross output where a country has none")
        for nn in np.flatnonzero(((go * va).sum(axis=0) <= 0) & (out_line > 0).all(axis=0)):
            problems.add(paths["output"], int(out_line[:, nn].min()), col, f"{countries[nn]} has no value added (gross "
                         "output x value-added share is 0 in every sector): the model cannot pay its factors")
        exports = flows.sum(axis=1)
        over = (exports > go * (1 + 1e-9)) & (out_line > 0)
        if calib.exports_above_output == "error":
            for jj, nn in np.argwhere(over):
                problems.add(paths["output"], int(out_line[jj, nn]), col,
                             f"{countries[nn]} {sectors[jj]}: exports in the flows table sum to {exports[jj, nn] / scale:.6g}, "
                             f"more than gross output {go[jj, nn] / scale:.6g}; fix either table, or set [calibration] "
                             "exports_above_output = \"raise_output\" to raise output to exports")

    io = np.zeros((N, J, J))
    f = _csv(paths["input_output"], "input_output", problems)
    if f is not None:
        n, k, j = (_codes(f, c, m, w, paths["input_output"], problems) for c, m, w in
                   (("country", ci, "country"), ("input_sector", sj, "sector"), ("output_sector", sj, "sector")))
        s = _numbers(f, "share", paths["input_output"], problems, -1.0, 1.0)
        keep = _duplicates(f, ["country", "input_sector", "output_sector"], paths["input_output"], problems) & \
            (n >= 0) & (k >= 0) & (j >= 0)
        io[n[keep], k[keep], j[keep]] = s[keep]
        first = {}
        for line, nn, jj in zip(f.index[keep], n[keep], j[keep]):
            first.setdefault((nn, jj), line)
        sums = io.sum(axis=1)                                   # (N, J)
        for nn, jj in np.argwhere(np.abs(sums - 1) > SHARE_SUM_TOL):
            if sums[nn, jj] == 0:
                if va[jj, nn] < 1 and go[jj, nn] > 0:
                    problems.add(paths["output"], int(out_line[jj, nn]), "value_added_share",
                                 f"{countries[nn]} {sectors[jj]}: value-added share {va[jj, nn]:g} leaves materials costs, "
                                 "but the input_output table has no shares for this country and using sector")
            else:
                problems.add(paths["input_output"], first[(nn, jj)], "share",
                             f"{countries[nn]} {sectors[jj]}: shares of materials cost sum to {sums[nn, jj]:.6g}, not 1")
    tariffs = np.zeros((J, N, N))
    used = list(paths.values())
    if t.tariffs:
        tariffs = _tariff_table(folder / t.tariffs, countries, sectors, tradable, problems)
        used.append(folder / t.tariffs)
    problems.raise_if_any()
    return {"countries": countries, "sectors": sectors, "tradable": tradable, "theta": theta, "flows": flows,
            "tariffs": tariffs, "gross_output": go, "value_added_share": va, "input_output": io, "paths": used}


def _tariff_table(path: Path, countries, sectors, tradable, problems: _Problems | None = None) -> np.ndarray:
    """(J, N, N) tariffs as fractions; NaN where the file lists no cell (when ``problems`` is
    None, problems are raised here)."""
    own = problems is None
    problems = problems or _Problems()
    ci = {c: k for k, c in enumerate(countries)}
    sj = {s: k for k, s in enumerate(sectors)}
    J, N = len(sectors), len(countries)
    out = np.full((J, N, N), np.nan) if own else np.zeros((J, N, N))
    f = _csv(path, "tariffs", problems)
    if f is not None:
        j, n, i = (_codes(f, c, m, w, path, problems) for c, m, w in
                   (("sector", sj, "sector"), ("importer", ci, "country"), ("exporter", ci, "country")))
        v = _numbers(f, "tariff_pct", path, problems, -100.0, low_open=True)
        keep = _duplicates(f, ["sector", "importer", "exporter"], path, problems) & (j >= 0) & (n >= 0) & (i >= 0)
        same = keep & (n == i) & (v != 0)
        for line in f.index[same]:
            problems.add(path, line, "exporter", "a tariff on domestic sales (importer = exporter) must be 0")
        nontrad = keep & ~tradable[np.maximum(j, 0)] & (v != 0)
        for line, s in zip(f.index[nontrad], f["sector"][nontrad]):
            problems.add(path, line, "sector", f"'{s.strip()}' is not tradable (sectors table) but has a tariff")
        out[j[keep], n[keep], i[keep]] = v[keep] / 100
    if own:
        problems.raise_if_any()
    return out


# -- the text layout ------------------------------------------------------------------------------

def _read_text(folder: Path, t: TextFiles, manifest: Path, text: str) -> dict:
    N, J, T = len(t.countries), len(t.sectors), t.tradable
    if not 0 <= T <= J or len(set(t.countries)) != N or len(set(t.sectors)) != J:
        line = tomlfile.table_line(text, "text")
        raise InputFileError(str(manifest), "[text]: countries and sectors must be unique and tradable between 0 and "
                             f"the number of sectors ({J})", [RowProblem(line, "text", "check countries, sectors, tradable")],
                             hint=f"see {DOC}")
    p = {k: folder / getattr(t, k) for k in ("flows", "tariffs", "gross_output", "value_added_share", "input_output", "theta")}
    flows = np.zeros((J, N, N))
    flows[:T] = io_text.blocks(p["flows"], T, N) * TO_USD_MN[t.flows_unit]
    tariffs = np.zeros((J, N, N))
    tariffs[:T] = io_text.blocks(p["tariffs"], T, N) / 100
    go = io_text.matrix(p["gross_output"], J, N, f"{J} sectors x {N} countries") * TO_USD_MN[t.gross_output_unit]
    va = io_text.matrix(p["value_added_share"], J, N, f"{J} sectors x {N} countries")
    if (va > 1).any():
        r, c = np.argwhere(va > 1)[0]
        raise InputFileError(str(p["value_added_share"]), "value-added shares must be at most 1",
                             [RowProblem(int(r) + 1, f"column {int(c) + 1}", f"{va[r, c]:g} > 1")], hint=io_text.HINT)
    io = io_text.matrix(p["input_output"], N * J, J, f"{N} countries x {J} input sectors, {J} using sectors",
                        low=-1.0).reshape(N, J, J)
    theta = np.full(J, np.nan)
    theta[:T] = io_text.vector(p["theta"], T, f"{T} tradable sectors")
    tradable = np.arange(J) < T
    return {"countries": list(t.countries), "sectors": list(t.sectors), "tradable": tradable, "theta": theta,
            "flows": flows, "tariffs": tariffs, "gross_output": go, "value_added_share": va, "input_output": io,
            "paths": list(p.values())}


def _text_tariffs(path: Path, t: TextFiles) -> np.ndarray:
    J, N = len(t.sectors), len(t.countries)
    out = np.zeros((J, N, N))
    out[:t.tradable] = io_text.blocks(path, t.tradable, N) / 100
    return out


def _counterfactuals(path: Path, text: str, specs: list[CounterfactualSpec], parts: dict, read_tariffs) -> tuple:
    """Each counterfactual: the base tariffs with the listed (and selected) cells replaced."""
    countries, sectors, base = parts["countries"], parts["sectors"], parts["tariffs"]
    starts = tomlfile.array_lines(text, "counterfactual")
    problems, out = [], []
    for k, s in enumerate(specs):
        start = starts[k] if k < len(starts) else 1
        pick = []
        for key, labels in (("sectors", sectors), ("importers", countries), ("exporters", countries)):
            chosen = getattr(s, key)
            unknown = [c for c in chosen or [] if c not in labels]
            if unknown:
                problems.append(RowProblem(tomlfile.field_line(text, start, key), f"counterfactual #{k + 1}.{key}",
                                           f"not in the economy: {', '.join(unknown)}"))
            mask = np.ones(len(labels), bool) if chosen is None else np.isin(labels, chosen)
            pick.append(mask)
        if not (folder_file := path.parent / s.tariffs).is_file():
            problems.append(RowProblem(tomlfile.field_line(text, start, "tariffs"), f"counterfactual #{k + 1}.tariffs",
                                       f"file not found: {folder_file}"))
            continue
        if problems:
            continue
        new = read_tariffs(s.tariffs)
        sel = pick[0][:, None, None] & pick[1][None, :, None] & pick[2][None, None, :] & ~np.isnan(new)
        tau = np.where(sel, np.nan_to_num(new), base)
        out.append(Counterfactual(s.name, s.title, _frozen(tau), s.description, s.source,
                                  int((sel & (np.abs(tau - base) > 0)).sum())))
    if problems:
        raise InputFileError(str(path), f"{len(problems)} problem(s) in the counterfactuals", problems,
                             hint=f"see {DOC} for [[counterfactual]]")
    return tuple(out)


# -- writing the CSV layout -----------------------------------------------------------------------

def write(t: IOTables, folder: str | Path) -> Path:
    """Write ``t`` in the documented CSV layout (every file atomically); returns the manifest.
    A template for a user's own tables, and a round trip of any economy read."""
    folder = Path(folder)
    C, S = list(t.countries), list(t.sectors)
    J, N = len(S), len(C)
    j, n, i = np.nonzero(t.flows)
    tables = {
        "countries.csv": pd.DataFrame({"country": C}),
        "sectors.csv": pd.DataFrame({"sector": S, "tradable": np.where(t.tradable, "true", "false"),
                                     "theta": [f"{x:.17g}" if np.isfinite(x) else "" for x in t.theta]}),
        "flows.csv": pd.DataFrame({"sector": np.array(S)[j], "importer": np.array(C)[n], "exporter": np.array(C)[i],
                                   "value_usd_mn": t.flows[j, n, i]}),
        "output.csv": pd.DataFrame({"country": np.repeat(C, J), "sector": np.tile(S, N),
                                    "gross_output_usd_mn": t.gross_output.T.ravel(),
                                    "value_added_share": t.value_added_share.T.ravel()}),
    }
    nn, kk, jj = np.nonzero(t.input_output)
    tables["input_output.csv"] = pd.DataFrame({"country": np.array(C)[nn], "input_sector": np.array(S)[kk],
                                               "output_sector": np.array(S)[jj], "share": t.input_output[nn, kk, jj]})
    cf_lines = []
    for name, tau in [("tariffs.csv", t.tariffs)] + [(f"tariffs_{c.name}.csv", c.tariffs) for c in t.counterfactuals]:
        j, n, i = np.nonzero(tau if name == "tariffs.csv" else tau != t.tariffs)  # a counterfactual lists its changes
        tables[name] = pd.DataFrame({"sector": np.array(S)[j], "importer": np.array(C)[n], "exporter": np.array(C)[i],
                                     "tariff_pct": 100 * tau[j, n, i]})
    for c in t.counterfactuals:
        cf_lines += ["", "[[counterfactual]]", f"name = {_q(c.name)}", f"title = {_q(c.title)}",
                     f"description = {_q(c.description)}", f"source = {_q(c.source)}", f"tariffs = \"tariffs_{c.name}.csv\""]
    for name, frame in tables.items():
        write_text_atomic(folder / name, frame.to_csv(index=False, float_format="%.17g"))
    manifest = [
        f"# {t.title}: written by tradedeal.datasets.io_tables.write from {Path(t.manifest).name or 'an economy'}; "
        f"layout: {DOC}", "[economy]", f"name = {_q(t.name)}", f"title = {_q(t.title)}", f"source = {_q(t.source)}",
        f"licence = {_q(t.licence)}", *([f"year = {t.year}"] if t.year else []), 'format = "tables"', "",
        "[tables]", 'tariffs = "tariffs.csv"', "", "[calibration]",
        f"exports_above_output = {_q(t.exports_above_output)}", f"imbalances = {_q(t.imbalances)}", *cf_lines]
    return write_text_atomic(folder / MANIFEST, "\n".join(manifest) + "\n")


def _q(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


# -- the reference page ---------------------------------------------------------------------------

def generated() -> str:
    """The generated block of docs/io-economy.md: manifest fields and CSV columns."""
    parts = []
    for title, model in MANIFEST_TABLES:
        parts += [f"### `{title}`", "", model.__doc__.strip(), "", "| field | default | description |", "|---|---|---|"]
        for name, f in model.model_fields.items():
            default = "**required**" if f.default is PydanticUndefined else f"`{f.default!r}`"
            parts.append(f"| `{name}` | {default} | {f.description or ''} |")
        parts.append("")
    for table, cols in COLUMNS.items():
        parts += [f"### CSV table `{table}`", "", "| column | kind | required | description |", "|---|---|---|---|"]
        parts += [f"| `{c.name}` | {c.kind} | {'yes' if c.required else 'no'} | {c.description} |" for c in cols]
        parts.append("")
    return "\n".join(parts)


def render(text: str) -> str:
    return docblock.render(text, MODULE, generated())


if __name__ == "__main__":
    raise SystemExit(docblock.main(sys.argv[1:], MODULE, generated))
