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
"""auto: the user's imported data where it covers the request, else shipped; user / shipped: only that."""

TradeBy = Literal["hs2", "hs4", "hs6", "hs8", "hs10", "group"]
ExposureBy = Literal["band", "hs2", "hs4", "group"]
ScenarioBy = Literal["hs2", "group", "supplier", "line"]
GEModel = Literal["multi-sector", "one-sector"]
OneSectorMethod = Literal["full", "first_order", "agtpa"]
PanelLines = Literal["traded", "all"]
MeasureStatus = Literal["in_force", "unconfirmed", "announced"]
TargetDefinition = Literal["goods", "goods_services", "all"]
"""goods: merchandise only; goods_services: goods and services (Mission 500's definition); all: both side by side."""
TargetModel = Literal["product-level", "general-equilibrium"]
TargetTable = Literal["growth", "history", "paths", "gap", "closing"]
DependencyTable = Literal["summary", "lines", "partners", "criteria"]
DependencyLevel = Literal["line", "hs6"]
"""line: the importer's own lines (HS10 for the US); hs6: their first six digits, the level of the published criteria."""
Format = Literal["table", "csv", "json", "parquet"]
ScenarioFormat = Literal["table", "csv", "json"]


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
