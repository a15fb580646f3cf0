"""Entry files: a broker's entry lines, read from CSV or Excel into one :class:`EntryTable`.

The fields of an entry line are declared once (:data:`ENTRY_FIELDS`): the docs page (docs/entries.md) and
the readers derive from it. A *layout* (``layouts/entry_layouts.toml``, or a TOML file of the user's)
maps the fields to a file's column headers: the tradedeal layout (one row per entry line, the documented
column names) and CBP's ACE report ES-003 (one row per HTS number of a line: the Chapter 99 rows are the
headings the filer declared and their duty the declared amounts). ``layout="auto"`` takes the first layout
whose required columns the file has.

A file that cannot be read, or lacks a required column, is an :class:`InputFileError` (file and columns
named). A row with a bad value is kept and marked: its problems (file line, field, reason) are in
``problems`` and ``bad`` says which lines cannot be priced; the others are priced. Countries are kept as
written (the codes layer resolves them).
"""

from __future__ import annotations

import csv
import io
import math
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tradedeal import lazy
from tradedeal.errors import InputFileError, RowProblem

EPOCH = date(1970, 1, 1)
LAYOUTS_FILE = Path(__file__).resolve().parent / "layouts" / "entry_layouts.toml"

Kind = Literal["text", "line", "hts", "country", "date", "money", "share", "headings", "flag", "choice"]


@dataclass(frozen=True)
class EntryField:
    """One field of an entry line."""

    name: str
    kind: Kind
    required: bool
    description: str
    used_by: str = "entries, refunds"
    choices: tuple[str, ...] = ()


LIQUIDATION_STATUSES = ("unliquidated", "liquidated", "final", "suspended", "extended", "under_review", "pending")
PROTEST_STATUSES = ("none", "open", "suspended", "closed")

ENTRY_FIELDS: tuple[EntryField, ...] = (
    EntryField("entry_number", "text", True, "CBP entry number (filer code + 7 digits + check digit, e.g. "
               "'ABC1234567-8'; dashes are kept as written)"),
    EntryField("line_number", "line", True, "line number within the entry (1, 2, ...)"),
    EntryField("hts", "hts", True, "HTSUS statistical number of the goods, 10 digits ('6109.10.0012' or "
               "'6109100012')"),
    EntryField("country_of_origin", "country", True, "country of origin: ISO3, ISO2 or English name"),
    EntryField("entry_date", "date", True, "entry date (the date the duty rates are taken on)"),
    EntryField("value_usd", "money", True, "customs (entered) value of the line, USD"),
    EntryField("loading_date", "date", False, "date the goods were loaded on the vessel of final transit "
               "(in-transit rules)", "entries"),
    EntryField("steel_share", "share", False, "steel content, share of the value (0-1), for duties charged on "
               "the steel content", "entries"),
    EntryField("aluminum_share", "share", False, "aluminium content, share of the value (0-1)", "entries"),
    EntryField("copper_share", "share", False, "copper content, share of the value (0-1)", "entries"),
    EntryField("metal_share", "share", False, "steel + aluminium + copper content, share of the value (0-1)",
               "entries"),
    EntryField("us_content", "share", False, "U.S. content, share of the value (0-1): spared by the reciprocal "
               "duties from 20% (9903.01.34)", "entries"),
    EntryField("declared_headings", "headings", False, "Chapter 99 headings the filer declared on the line, "
               "separated by ';' or spaces ('9903.01.25; 9903.01.34'): checked against what the regime applies; a "
               "declared conditional heading (patented medicine, quota filled) is charged, a declared exception "
               "heading the HTS code cannot show (donation, CAFTA-DR claim) spares its measure"),
    EntryField("ieepa_paid_usd", "money", False, "IEEPA duty declared and paid on the line, USD (taken instead "
               "of the engine's figure)", "refunds"),
    EntryField("payment_date", "date", False, "date the estimated duty was deposited (interest runs from it; "
               "default: the entry date)", "refunds"),
    EntryField("entry_type", "text", False, "CBP entry type code (01 consumption, 02, 06, 08 USMCA duty "
               "deferral, 09 reconciliation summary, 47 drawback ...)", "refunds"),
    EntryField("liquidation_date", "date", False, "date the entry liquidated (empty while unliquidated)", "refunds"),
    EntryField("liquidation_status", "choice", False, "liquidation status in ACE", "refunds", LIQUIDATION_STATUSES),
    EntryField("reconciliation", "flag", False, "the entry is flagged for reconciliation (yes/no)", "refunds"),
    EntryField("reconciliation_filed", "flag", False, "a type 09 reconciliation has been filed for it (yes/no)",
               "refunds"),
    EntryField("protest", "choice", False, "status of a protest covering the entry", "refunds", PROTEST_STATUSES),
    EntryField("drawback", "flag", False, "the entry is designated on a drawback claim (yes/no)", "refunds"),
    EntryField("adcvd", "flag", False, "the entry is subject to antidumping or countervailing duties (yes/no)",
               "refunds"),
    EntryField("in_ace", "flag", False, "the entry was filed in ACE and has a liquidation status there "
               "(yes/no; default yes)", "refunds"),
)
FIELDS = {f.name: f for f in ENTRY_FIELDS}
EXTRA_FIELDS = {"duty_usd": "duty of an ES-003 tariff row (the declared amount of a Chapter 99 row)"}


class Layout(BaseModel):
    """How a file's columns hold the fields of an entry line."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = ""
    title: str
    source: str
    rows: Literal["line", "tariff_ordinal"] = "line"
    date_formats: list[str] = Field(default_factory=lambda: ["%Y-%m-%d"])
    chapter99_prefix: str = "99"
    ieepa_prefixes: list[str] = Field(default_factory=lambda: ["990301", "990302"])
    columns: dict[str, list[str]]
    values: dict[str, dict[str, str]] = Field(default_factory=dict)

    def required_missing(self, headers: list[str]) -> list[str]:
        """Required fields none of whose column names is among ``headers``."""
        have = {h.strip().lower() for h in headers}
        return [f.name for f in ENTRY_FIELDS if f.required and not
                any(n.strip().lower() in have for n in self.columns.get(f.name, []))]


def layouts(path: Path | None = None) -> dict[str, Layout]:
    """The layouts of ``path`` (default: the shipped ones), validated."""
    path = path or LAYOUTS_FILE
    try:
        raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise InputFileError(str(path), f"layout file cannot be read: {e}", hint="give a TOML file with "
                             "[layout.NAME] tables as in docs/entries.md") from None
    out = {}
    for name, body in raw.get("layout", {}).items():
        try:
            lay = Layout(name=name, **body)
        except ValidationError as e:
            raise InputFileError(str(path), f"layout '{name}': {e.errors()[0]['msg']} "
                                 f"({'.'.join(map(str, e.errors()[0]['loc']))})", hint="see docs/entries.md") from None
        unknown = sorted(set(lay.columns) - set(FIELDS) - set(EXTRA_FIELDS))
        if unknown:
            raise InputFileError(str(path), f"layout '{name}' names unknown field(s) {', '.join(unknown)}",
                                 hint=f"fields: {', '.join(FIELDS)}")
        out[name] = lay
    if not out:
        raise InputFileError(str(path), "no [layout.NAME] table", hint="see docs/entries.md")
    return out


@dataclass(frozen=True)
class EntryTable:
    """The entry lines of a file, one element per line (arrays of equal length).

    Missing values: '' (text), -1 (days, line numbers), NaN (numbers), () (headings). ``bad`` marks the lines
    with a problem (listed in ``problems``, each with its file line): they cannot be priced."""

    file: str
    layout: str
    row: np.ndarray                  # file line (header = 1) of the line's first row
    entry_number: np.ndarray
    line_number: np.ndarray
    hts: np.ndarray                  # 10 digits, '' when unreadable
    origin: np.ndarray               # as written
    entry_day: np.ndarray
    value_usd: np.ndarray
    loaded_day: np.ndarray
    shares: dict[str, np.ndarray]    # basis ('steel_content' ...) -> share
    us_content: np.ndarray
    declared: tuple                  # per line: tuple of headings ('9903.05.44', ...)
    ieepa_paid_usd: np.ndarray
    payment_day: np.ndarray
    entry_type: np.ndarray
    liquidation_day: np.ndarray
    liquidation_status: np.ndarray   # '' when not given
    reconciliation: np.ndarray       # -1 not given, 0 no, 1 yes (also reconciliation_filed, drawback, adcvd, in_ace)
    reconciliation_filed: np.ndarray
    protest: np.ndarray
    drawback: np.ndarray
    adcvd: np.ndarray
    in_ace: np.ndarray
    bad: np.ndarray
    problems: tuple[RowProblem, ...]
    reasons: tuple = ()              # per line: its problems as one text ('' when none)
    declared_complete: bool = False  # the file lists every heading declared (ES-003: none listed = none declared)
    columns: tuple[str, ...] = ()    # the fields the file has
    rows_read: int = 0

    def __len__(self) -> int:
        return len(self.row)

    def has(self, name: str) -> bool:
        return name in self.columns


SHARE_BASIS = {"steel_share": "steel_content", "aluminum_share": "aluminum_content",
               "copper_share": "copper_content", "metal_share": "metal_content"}
_HEADING = re.compile(r"9903\.?\d{2}\.?\d{2}")
_TRUE = {"y", "yes", "true", "1", "x"}
_FALSE = {"n", "no", "false", "0", ""}


def read_rows(path: Path) -> tuple[list[str], list[tuple[int, list]]]:
    """(headers, [(file line, cells)]) of a CSV or Excel file (first sheet); empty rows left out."""
    path = Path(path)
    if not path.is_file():
        raise InputFileError(str(path), "file not found", hint="give the path of a CSV or Excel (.xlsx) file")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _excel_rows(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        text = path.read_text(encoding="latin-1")
    reader = csv.reader(io.StringIO(text))
    try:
        rows = [(i, r) for i, r in enumerate(reader, 1)]
    except csv.Error as e:
        raise InputFileError(str(path), f"cannot be read as CSV: {e}", hint="save it as UTF-8 CSV") from None
    rows = [(i, r) for i, r in rows if any(str(x).strip() for x in r)]
    if not rows:
        raise InputFileError(str(path), "the file is empty", hint="the first row holds the column names")
    return [str(h).strip() for h in rows[0][1]], rows[1:]


def _excel_rows(path: Path) -> tuple[list[str], list[tuple[int, list]]]:
    try:
        wb = lazy.openpyxl().load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises several types for a corrupt or non-Excel file
        raise InputFileError(str(path), f"cannot be read as Excel: {type(e).__name__}: {e}",
                             hint="save it as .xlsx, or as CSV") from None
    ws = wb.worksheets[0]
    rows = [(i, list(r)) for i, r in enumerate(ws.iter_rows(values_only=True), 1)
            if any(x is not None and str(x).strip() for x in r)]
    wb.close()
    if not rows:
        raise InputFileError(str(path), "the first sheet is empty", hint="the first row holds the column names")
    return [str(h).strip() if h is not None else "" for h in rows[0][1]], rows[1:]


def pick_layout(headers: list[str], layout: str | Path, path: str) -> Layout:
    """The layout named, read from a file, or (``'auto'``) the first shipped one the headers fit."""
    if isinstance(layout, Path) or str(layout).endswith(".toml"):
        found = layouts(Path(layout))
        if len(found) != 1:
            raise InputFileError(str(layout), f"holds {len(found)} layouts", hint="give a file with one [layout.NAME]")
        chosen = next(iter(found.values()))
    else:
        shipped = layouts()
        if layout == "auto":
            fits = [lay for lay in shipped.values() if not lay.required_missing(headers)]
            if not fits:
                need = "; ".join(f"{lay.name}: {', '.join(lay.required_missing(headers))}" for lay in shipped.values())
                raise InputFileError(path, "the columns fit no known layout (missing required columns: "
                                     f"{need})", hint="name the columns as in docs/entries.md, or give "
                                     "--layout FILE.toml mapping them")
            return fits[0]
        if layout not in shipped:
            raise InputFileError(path, f"unknown layout '{layout}'", hint=f"use auto, {', '.join(shipped)} or a TOML file")
        chosen = shipped[layout]
    missing = chosen.required_missing(headers)
    if missing:
        names = "; ".join(f"{m} ({' or '.join(repr(n) for n in chosen.columns.get(m, []))})" for m in missing)
        raise InputFileError(path, f"required column(s) missing for layout '{chosen.name}': {names}",
                             hint=f"the file has: {', '.join(headers)}")
    return chosen


def read_entries(path: str | Path, layout: str | Path = "auto") -> EntryTable:
    """The entry lines of the CSV or Excel file ``path`` in ``layout`` (see the module docstring)."""
    headers, rows = read_rows(Path(path))
    lay = pick_layout(headers, layout, str(path))
    lower = [h.strip().lower() for h in headers]
    cols: dict[str, int] = {}
    for f, names in lay.columns.items():
        for n in names:
            if n.strip().lower() in lower:
                cols[f] = lower.index(n.strip().lower())
                break
    parser = _Parser(lay, str(path))
    present = tuple(f for f in FIELDS if f in cols)
    if lay.rows == "tariff_ordinal":
        recs = parser.group_ordinals([parser.row(no, cells, cols) for no, cells in rows])
        values = {f: [r.values.get(f) for r in recs] for f in set(cols) | {"declared_headings", "ieepa_paid_usd"}}
        return parser.table([r.row for r in recs], values, [r.problems for r in recs], present, len(rows))
    values, problems = parser.columns(rows, cols)
    return parser.table([no for no, _ in rows], values, problems, present, len(rows))


@dataclass
class _Rec:
    row: int
    values: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)


class _Parser:
    """Cell conversions with their problems (one instance per file; conversions of repeated text cached)."""

    def __init__(self, layout: Layout, file: str):
        self.layout, self.file = layout, file
        self.dates: dict[str, int | None] = {}
        self.values = {k: {str(a).strip().lower(): b for a, b in v.items()} for k, v in layout.values.items()}

    def row(self, no: int, cells: list, cols: dict[str, int]) -> _Rec:
        rec = _Rec(no)
        for name, j in cols.items():
            raw = cells[j] if j < len(cells) else None
            try:
                rec.values[name] = self.convert(name, raw)
            except ValueError as e:
                rec.problems.append(RowProblem(no, name, str(e)))
                rec.values[name] = None
        return rec

    def columns(self, rows: list[tuple[int, list]], cols: dict[str, int]) -> tuple[dict[str, list], list[list]]:
        """Every mapped column converted at once (each distinct cell text once): values by field, and the
        problems of each row."""
        n = len(rows)
        problems: list[list] = [[] for _ in range(n)]
        values: dict[str, list] = {}
        for name, j in cols.items():
            memo: dict = {}
            out = [None] * n
            for k, (no, cells) in enumerate(rows):
                raw = cells[j] if j < len(cells) else None
                try:
                    got = memo[raw]
                except KeyError:
                    try:
                        got = (self.convert(name, raw), None)
                    except ValueError as e:
                        got = (None, str(e))
                    except TypeError:  # an unhashable cell: not cached
                        got = (None, f"'{raw}' cannot be read")
                    memo[raw] = got
                out[k] = got[0]
                if got[1] is not None:
                    problems[k].append(RowProblem(no, name, got[1]))
            values[name] = out
        return values, problems

    def convert(self, name: str, raw):
        kind = FIELDS[name].kind if name in FIELDS else "money"
        if raw is None or (isinstance(raw, float) and math.isnan(raw)) or str(raw).strip() == "":
            return None
        if kind == "text":
            return str(int(raw)) if isinstance(raw, float) and raw.is_integer() else str(raw).strip()
        if kind == "country":
            return str(raw).strip()
        if kind == "line":
            try:
                v = float(str(raw).strip())
            except ValueError:
                raise ValueError(f"'{raw}' is not a line number") from None
            if not v.is_integer() or v < 1:
                raise ValueError(f"'{raw}' is not a line number (1, 2, ...)")
            return int(v)
        if kind == "hts":
            if isinstance(raw, (int, float)):  # Excel stores codes as numbers: the leading zero is lost
                text = str(int(raw))
                text = text.zfill(10) if len(text) in (9, 10) else text.zfill(8) if len(text) in (7, 8) else text
            else:
                text = re.sub(r"[.\s]", "", str(raw))
            if not text.isdigit():
                raise ValueError(f"'{raw}' is not an HTS number")
            return text
        if kind == "date":
            return self.date(raw)
        if kind in ("money", "share"):
            if isinstance(raw, (int, float)):
                v = float(raw)
            else:
                try:
                    v = float(str(raw).replace(",", "").replace("$", "").strip())
                except ValueError:
                    raise ValueError(f"'{raw}' is not a number") from None
            if math.isnan(v) or v < 0:
                raise ValueError(f"'{raw}' is not a number of 0 or more")
            if kind == "share" and v > 1:
                raise ValueError(f"'{raw}' is not a share between 0 and 1 (write 35% as 0.35)")
            return v
        if kind == "headings":
            text = str(raw)
            found = _HEADING.findall(text)
            rest = _HEADING.sub("", text)
            if re.sub(r"[;,\s]", "", rest):
                raise ValueError(f"'{raw}' holds text that is not a Chapter 99 heading (write 9903.NN.NN, "
                                 "separated by ';')")
            return tuple(dict.fromkeys(f"{h[:4]}.{h[-4:-2]}.{h[-2:]}" for h in (x.replace(".", "") for x in found)))
        if kind == "flag":
            t = str(raw).strip().lower()
            if t in _TRUE:
                return 1
            if t in _FALSE:
                return 0
            raise ValueError(f"'{raw}' is not yes or no")
        if kind == "choice":
            t = str(raw).strip().lower()
            t = self.values.get(name, {}).get(t, t).replace(" ", "_")
            if t not in FIELDS[name].choices:
                raise ValueError(f"'{raw}' is not one of {', '.join(FIELDS[name].choices)}")
            return t
        raise ValueError(f"unknown field kind {kind}")  # pragma: no cover

    def date(self, raw) -> int:
        if isinstance(raw, datetime):
            return (raw.date() - EPOCH).days
        if isinstance(raw, date):
            return (raw - EPOCH).days
        text = str(raw).strip()
        got = self.dates.get(text, -2)
        if got == -2:
            got = None
            for fmt in self.layout.date_formats:
                try:
                    got = (datetime.strptime(text[:10] if fmt == "%Y-%m-%d" else text, fmt).date() - EPOCH).days
                    break
                except ValueError:
                    continue
            self.dates[text] = got
        if got is None:
            raise ValueError(f"'{raw}' is not a date in the form {' or '.join(self.layout.date_formats)}")
        return got

    def group_ordinals(self, recs: list[_Rec]) -> list[_Rec]:
        """ES-003 rows (one per HTS number) merged into entry lines: the commodity row gives the HTS number
        and value, the Chapter 99 rows the declared headings and (IEEPA rows) the declared IEEPA duty."""
        lines: dict[tuple, list[_Rec]] = {}
        loose = []
        for r in recs:
            key = (r.values.get("entry_number"), r.values.get("line_number"))
            if None in key:
                loose.append(r)
                continue
            lines.setdefault(key, []).append(r)
        out = []
        pre, ieepa = self.layout.chapter99_prefix, tuple(self.layout.ieepa_prefixes)
        for group in lines.values():
            goods = [r for r in group if not str(r.values.get("hts") or "").startswith(pre)]
            ch99 = [r for r in group if str(r.values.get("hts") or "").startswith(pre)]
            base = goods[0] if goods else group[0]
            rec = _Rec(base.row, dict(base.values), [p for r in group for p in r.problems])
            if not goods:
                rec.problems.append(RowProblem(base.row, "hts", "the line has Chapter 99 rows only: no HTS number "
                                               "of the goods"))
            if len(goods) > 1:
                rec.problems.append(RowProblem(goods[1].row, "hts", f"a second HTS number of the goods for line "
                                               f"{base.values.get('line_number')} of entry {base.values.get('entry_number')}"))
            heads = tuple(dict.fromkeys(f"{h[:4]}.{h[4:6]}.{h[6:8]}" for h in (str(r.values["hts"])[:8] for r in ch99)))
            rec.values["declared_headings"] = heads
            if ch99 and "duty_usd" in ch99[0].values:
                paid = [r.values.get("duty_usd") or 0.0 for r in ch99 if str(r.values["hts"]).startswith(ieepa)]
                if paid:
                    rec.values["ieepa_paid_usd"] = float(sum(paid))
            out.append(rec)
        return sorted(out + loose, key=lambda r: r.row)

    def table(self, row_no: list[int], values: dict[str, list], problems: list[list], columns: tuple[str, ...],
              rows_read: int) -> EntryTable:
        """The EntryTable of converted columns (one list per field) and each line's problems."""
        n = len(row_no)
        for f in ENTRY_FIELDS:  # required values missing
            col = values.get(f.name)
            for k in range(n):
                if (col is None or col[k] in (None, "")) and f.required:
                    if not any(p.field == f.name for p in problems[k]):
                        problems[k].append(RowProblem(row_no[k], f.name, "missing value (required)"))
        seen: dict[tuple, int] = {}
        entries, lines = values.get("entry_number", [None] * n), values.get("line_number", [None] * n)
        for k in range(n):  # one entry line once
            key = (entries[k], lines[k])
            if None in key:
                continue
            if key in seen:
                problems[k].append(RowProblem(row_no[k], "line_number", f"line {key[1]} of entry {key[0]} again (first "
                                              f"on file line {seen[key]})"))
            else:
                seen[key] = row_no[k]
        hts = values.get("hts", [None] * n)
        for k in range(n):
            h = hts[k]
            if h and len(h) != 10 and not any(p.field == "hts" for p in problems[k]):
                problems[k].append(RowProblem(row_no[k], "hts", f"'{h}' has {len(h)} digits: give the 10-digit "
                                              "statistical number"))

        def col(name, fill, dtype=object):
            v = values.get(name)
            if v is None:
                return np.full(n, fill, dtype=dtype)
            return np.array([fill if x is None else x for x in v], dtype=dtype)

        etype = values.get("entry_type")
        flat = [p for ps in problems for p in ps]
        return EntryTable(
            file=self.file, layout=self.layout.name, row=np.array(row_no, np.int64),
            entry_number=col("entry_number", ""), line_number=col("line_number", -1, np.int64),
            hts=col("hts", ""), origin=col("country_of_origin", ""), entry_day=col("entry_date", -1, np.int64),
            value_usd=col("value_usd", np.nan, float), loaded_day=col("loading_date", -1, np.int64),
            shares={b: col(f, np.nan, float) for f, b in SHARE_BASIS.items()},
            us_content=col("us_content", np.nan, float),
            declared=tuple(x or () for x in values.get("declared_headings", [()] * n)),
            ieepa_paid_usd=col("ieepa_paid_usd", np.nan, float), payment_day=col("payment_date", -1, np.int64),
            entry_type=np.array([str(x).zfill(2) if x else "" for x in etype] if etype else [""] * n, dtype=object),
            liquidation_day=col("liquidation_date", -1, np.int64), liquidation_status=col("liquidation_status", ""),
            reconciliation=col("reconciliation", -1, np.int64),
            reconciliation_filed=col("reconciliation_filed", -1, np.int64), protest=col("protest", ""),
            drawback=col("drawback", -1, np.int64), adcvd=col("adcvd", -1, np.int64), in_ace=col("in_ace", -1, np.int64),
            bad=np.array([bool(ps) for ps in problems], bool), problems=tuple(sorted(flat, key=lambda p: (p.line, p.field))),
            reasons=tuple("; ".join(f"{p.field}: {p.reason}" + (f" (file line {p.line})" if p.line != row_no[k] else "")
                                    for p in ps) for k, ps in enumerate(problems)),
            columns=columns, rows_read=rows_read, declared_complete=self.layout.rows == "tariff_ordinal",
        )


def markdown_fields() -> str:
    """The field reference of an entry line as a Markdown table."""
    rows = ["| field | required | kind | used by | description |", "|---|---|---|---|---|"]
    for f in ENTRY_FIELDS:
        desc = f.description + (f" (one of {', '.join(f.choices)})" if f.choices else "")
        rows.append(f"| `{f.name}` | {'**yes**' if f.required else 'no'} | {f.kind} | {f.used_by} | {desc} |")
    return "\n".join(rows)


def markdown_layouts() -> str:
    """Each shipped layout: the column headers it reads for each field."""
    out = []
    for name, lay in layouts().items():
        out += [f"#### `{name}`: {lay.title}", "", f"Rows: {'one per entry line' if lay.rows == 'line' else 'one per HTS number of a line (tariff ordinal); the Chapter 99 rows of a line are its declared headings, the duty of its IEEPA rows (' + ', '.join(lay.ieepa_prefixes) + ') its declared IEEPA amount'}. "
                f"Dates: {', '.join(f'`{d}`' for d in lay.date_formats)}. Source: {lay.source}", "",
                "| field | column header(s) |", "|---|---|"]
        out += [f"| `{f}` | {' or '.join(f'`{h}`' for h in heads)} |" for f, heads in lay.columns.items()]
        for f, mapping in lay.values.items():
            out.append(f"| values of `{f}` | {', '.join(f'{a} = {b}' for a, b in mapping.items())} |")
        out.append("")
    return "\n".join(out)


__all__ = ["ENTRY_FIELDS", "EntryField", "EntryTable", "LAYOUTS_FILE", "Layout", "LIQUIDATION_STATUSES",
           "PROTEST_STATUSES", "SHARE_BASIS", "layouts", "markdown_fields", "markdown_layouts", "read_entries",
           "read_rows"]
