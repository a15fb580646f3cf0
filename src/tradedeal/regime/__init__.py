"""Tariff regimes as dated data and the engine that stacks them.

>>> from tradedeal import regime
>>> r = regime.compiled("USA")                       # shipped US regime, compiled and cached
>>> regime.duty("6109.10.0012", "IND", "2025-09-01")  # TableResult: every measure, why, total
>>> regime.lookup(r, "6109100012", "IND", "2025-09-01").total_pct

Measures live in TOML files (``regime/data/<importer>/``), validated by the schema of
:mod:`tradedeal.regime.schema`; see docs/measure-schema.md. Rates of many lines at once:
:func:`tradedeal.regime.engine.stack` (arrays) or :mod:`tradedeal.statistics.tariffed_trade`
(frames).

The names below that need the validation library or the compiler (``compiled``,
``compile_regime``, ``duty``, ``load_regime``, ``Regime``) load on first use (PEP 562), so
that ``tradedeal duty`` with a cached regime loads NumPy only.
"""

from __future__ import annotations

from tradedeal.regime.arrays import Compiled, Options
from tradedeal.regime.folders import shipped_regimes
from tradedeal.regime.lines import LineDuty, lookup, resolve_codes, verified_note

_LAZY = {"compiled": "api", "compile_regime": "api", "duty": "api", "regime_of": "api",
         "load_regime": "loader", "Regime": "loader"}

__all__ = ["Compiled", "LineDuty", "Options", "Regime", "compile_regime", "compiled", "duty", "load_regime",
           "lookup", "regime_of", "resolve_codes", "shipped_regimes", "verified_note"]


def __getattr__(attr: str):
    if attr in _LAZY:
        import tradedeal.regime.api
        import tradedeal.regime.loader

        return getattr(getattr(tradedeal.regime, _LAZY[attr]), attr)
    raise AttributeError(f"module 'tradedeal.regime' has no attribute {attr!r}")
