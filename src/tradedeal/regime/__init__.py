"""Tariff regimes as dated data and the engine that stacks them.

>>> from tradedeal import regime
>>> r = regime.compiled("USA")                       # shipped US regime, compiled and cached
>>> regime.duty("6109.10.0012", "IND", "2025-09-01")  # TableResult: every measure, why, total
>>> regime.rates(r, "IND", "2025-09-01")              # rate per line (vectorised)

Measures live in TOML files (``regime/data/<importer>/``), validated by the schema of
:mod:`tradedeal.regime.schema`; see docs/measure-schema.md.
"""

from __future__ import annotations

from tradedeal.regime.api import LineDuty, compiled, duty, line_index, lookup, rates, resolve_codes, verified_note
from tradedeal.regime.compile import Compiled, Options, compile_regime
from tradedeal.regime.loader import Regime, load_regime, shipped_regimes

__all__ = ["Compiled", "LineDuty", "Options", "Regime", "compile_regime", "compiled", "duty", "line_index", "lookup",
           "load_regime", "rates", "resolve_codes", "shipped_regimes", "verified_note"]
