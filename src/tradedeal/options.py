"""Every choice an API function or a command takes, as a ``Literal`` type, in one place.

The Python API checks them where it receives them (:func:`check`), so a typo such as
``content_rule="full-value"`` is an error with a suggestion, never a silent default. The CLI
uses the same aliases for its ``--help`` text.
"""

from __future__ import annotations

import difflib
from typing import Literal, get_args

from tradedeal.errors import QueryError

ContentRule = Literal["content", "full_value"]
"""content: metal / non-US content duties on that content (the proclamations); full_value: an upper bound."""

Source = Literal["auto", "user", "shipped"]
"""auto: the user's imported data where it covers the request (a partial file gives way to shipped data,
with a warning that says how much it covers), else shipped; user / shipped: only that."""

TradeBy = Literal["hs2", "hs4", "hs6", "hs8", "hs10", "group"]
ExposureBy = Literal["band", "hs2", "hs4", "group"]
ScenarioBy = Literal["hs2", "group", "supplier", "line"]
Comparison = Literal["deal", "vs_data_year"]
"""deal: a scenario against its baseline (the no-deal alternative); vs_data_year: against the base date's tariffs."""
GEModel = Literal["multi-sector", "one-sector"]
OneSectorMethod = Literal["full", "first_order", "agtpa"]
PanelLines = Literal["traded", "all"]
MeasureStatus = Literal["in_force", "unconfirmed", "announced", "conditional"]
"""in_force; unconfirmed (a single weak source); announced (not yet in force); conditional (in force for goods meeting
a condition the HTS code does not show, e.g. patented medicines: applied when asked for or declared on an entry)."""
TargetDefinition = Literal["goods", "goods_services", "all"]
"""goods: merchandise only; goods_services: goods and services (Mission 500's definition); all: both side by side."""
TargetModel = Literal["product-level", "general-equilibrium"]
TargetTable = Literal["growth", "history", "paths", "gap", "closing"]
DependencyTable = Literal["summary", "lines", "partners", "criteria"]
DependencyLevel = Literal["line", "hs6"]
"""line: the importer's own lines (HS10 for the US); hs6: their first six digits, the level of the published criteria."""
Format = Literal["table", "csv", "json", "parquet"]
ScenarioFormat = Literal["table", "csv", "json"]
EntriesFormat = Literal["table", "csv", "json", "excel"]
"""excel: every table of the result in one workbook (needs --out FILE.xlsx)."""
EntriesTable = Literal["lines", "entries", "duties", "problems"]
RefundsTable = Literal["entries", "problems"]


def choices(alias) -> tuple[str, ...]:
    """The values a ``Literal`` alias allows."""
    return tuple(get_args(alias))


def check(value, alias, field: str):
    """``value`` if ``alias`` allows it; else a :class:`QueryError` naming ``field``, the allowed
    values and the closest one."""
    allowed = choices(alias)
    if value in allowed:
        return value
    near = difflib.get_close_matches(str(value), allowed, n=1)
    hint = f"use one of {', '.join(allowed)}" + (f" (did you mean '{near[0]}'?)" if near else "")
    raise QueryError(f"unknown {field} '{value}'", hint)
