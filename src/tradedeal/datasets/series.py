"""Observed series for back-tests: a pair's monthly trade (role ``bilateral_series`` with monthly
periods) and product groups by month (role ``product_series``), shipped or from a user's CSV.

A user's series is a CSV with a header row: ``month`` (YYYY-MM) and ``value_usd`` (the exporter's
sales to the importer that month, USD), and optionally ``prior_year_usd`` (the same month a year
earlier) or ``yoy_pct`` (the change on it, percent), ``source``. Every bad row is reported with
its line; nothing is computed from a file with a bad row.
"""

from __future__ import annotations

import csv
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd

from tradedeal.datasets.read import load
from tradedeal.datasets.roles import find
from tradedeal.errors import InputFileError, QueryError, RowProblem
from tradedeal.tables import Provenance

SERIES_COLUMNS = ["month", "value_usd", "prior_year_usd", "kind", "source"]
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def monthly_sales(exporter: str, importer: str) -> tuple[pd.DataFrame, Provenance]:
    """The exporter's sales to the importer by month: the exporter's own export statistics first,
    else the importer's import statistics (frame of :data:`SERIES_COLUMNS`)."""
    for reporter, partner, flow in ((exporter, importer, "exports"), (importer, exporter, "imports")):
        for m in find("bilateral_series", reporter=reporter, partner=partner):
            if m.get("period") != "month":
                continue
            names = [name for name, (f, definition) in (m.get("series") or ()) if f == flow and definition == "goods"]
            if not names:
                continue
            d = load(m.dataset)
            d = d[d["series"].isin(names)]
            month = d[m.get("period_column") or "month"].astype(str)
            out = pd.DataFrame({"month": month.to_numpy(), "value_usd": d["value_usd"].to_numpy(float),
                                "prior_year_usd": (d["prior_year_usd"].to_numpy(float) if "prior_year_usd" in d
                                                   else np.full(len(d), np.nan)),
                                "kind": d["kind"].to_numpy() if "kind" in d else "reported",
                                "source": d["source"].to_numpy() if "source" in d else m.dataset})
            what = (f"{reporter}'s {flow} {'to' if flow == 'exports' else 'from'} {partner} by month "
                    f"({m.label})")
            approx = ("the same month a year earlier is read from the reports where they give it, else derived from "
                      "the reported year-on-year change" if "prior_year_usd" in d else "")
            return out.sort_values("month").reset_index(drop=True), Provenance(m.dataset, what, approx)
    raise QueryError(f"no monthly series of {exporter}'s sales to {importer} is shipped",
                     "give your own with --series FILE (a CSV of month, value_usd and prior_year_usd or yoy_pct)")


def product_sales(exporter: str, importer: str) -> tuple[pd.DataFrame | None, Provenance | None]:
    """Reported product-group figures of the exporter's sales to the importer by month, if any."""
    for reporter, partner, flow in ((exporter, importer, "exports"), (importer, exporter, "imports")):
        for m in find("product_series", reporter=reporter, partner=partner):
            if m.get("flow") != flow:
                continue
            d = load(m.dataset)
            out = pd.DataFrame({"product": d[m.get("product_column")].astype(str).to_numpy(),
                                "hs_prefixes": d[m.get("prefixes_column")].astype(str).to_numpy(),
                                "month": d[m.get("period_column")].astype(str).to_numpy(),
                                "value_usd": d["value_usd"].to_numpy(float),
                                "source": d["source"].to_numpy() if "source" in d else m.dataset,
                                "confidence": d["confidence"].to_numpy() if "confidence" in d else ""})
            return out, Provenance(m.dataset, m.label, "product groups stand for HS prefixes mapped by tradedeal")
    return None, None


def read_series_csv(path: str | Path) -> tuple[pd.DataFrame, Provenance]:
    """A user's monthly series (see the module docstring), validated row by row."""
    path = Path(path)
    if not path.is_file():
        raise InputFileError(str(path), "file not found", hint="give the path of a CSV file")
    try:
        with path.open(newline="", encoding="utf-8-sig") as f:
            rows = list(csv.reader(f))
    except (UnicodeDecodeError, csv.Error) as e:
        raise InputFileError(str(path), f"not a readable CSV file ({e})", hint="save it as UTF-8 CSV") from None
    if not rows:
        raise InputFileError(str(path), "the file is empty", hint="a header row: month,value_usd[,prior_year_usd]")
    head = [h.strip().lower() for h in rows[0]]
    missing = [c for c in ("month", "value_usd") if c not in head]
    if missing:
        raise InputFileError(str(path), f"missing column(s) {', '.join(missing)}",
                             [RowProblem(1, c, "column missing from the header") for c in missing],
                             hint="the header must name month and value_usd (and prior_year_usd or yoy_pct)")
    col = {h: i for i, h in enumerate(head)}
    problems, out, seen = [], [], {}
    for n, row in enumerate(rows[1:], start=2):
        if not any(x.strip() for x in row):
            continue
        get = lambda c: row[col[c]].strip() if c in col and col[c] < len(row) else ""  # noqa: E731
        month = get("month")
        if not _MONTH.match(month):
            problems.append(RowProblem(n, "month", f"'{month}' is not a month (YYYY-MM)"))
            continue
        if month in seen:
            problems.append(RowProblem(n, "month", f"{month} is also on line {seen[month]}"))
        seen[month] = n
        value = _number(get("value_usd"), n, "value_usd", problems, required=True)
        prior = _number(get("prior_year_usd"), n, "prior_year_usd", problems)
        yoy = _number(get("yoy_pct"), n, "yoy_pct", problems)
        if math.isnan(prior) and not math.isnan(yoy) and not math.isnan(value):
            if yoy <= -100:
                problems.append(RowProblem(n, "yoy_pct", f"{yoy} is -100% or less"))
            else:
                prior = value / (1 + yoy / 100)
        out.append((month, value, prior, "user", get("source") or str(path.name)))
    if problems:
        raise InputFileError(str(path), f"{len(problems)} bad row(s); nothing was read", problems,
                             hint="months as YYYY-MM, amounts in USD as plain numbers (no thousands separators)")
    if not out:
        raise InputFileError(str(path), "no data rows", hint="add rows of month,value_usd")
    frame = pd.DataFrame(out, columns=SERIES_COLUMNS).sort_values("month").reset_index(drop=True)
    return frame, Provenance(f"your series {path.name}", str(path))


def _number(text: str, line: int, field: str, problems: list, required: bool = False) -> float:
    if text == "":
        if required:
            problems.append(RowProblem(line, field, "empty"))
        return float("nan")
    try:
        v = float(text)
    except ValueError:
        problems.append(RowProblem(line, field, f"'{text}' is not a number"))
        return float("nan")
    if not math.isfinite(v) or (field != "yoy_pct" and v < 0):
        problems.append(RowProblem(line, field, f"{text} must be a finite{' non-negative' if field != 'yoy_pct' else ''} number"))
        return float("nan")
    return v
