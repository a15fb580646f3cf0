"""Tidy frames of a multi-sector equilibrium, in the paper's terms beside ours (every
multi-sector run uses them: deal scenarios on the ICIO, economies read from files).

- :func:`country_frame`: per country the exact real-income change (``welfare_pct``) and real
  wage, next to Caliendo and Parro's first-order decomposition (``welfare_first_order_pct`` =
  ``terms_of_trade_pct`` + ``volume_of_trade_pct``, the paper's welfare column), wages, the
  price index, tariff revenue, trade, income;
- :func:`decomposition_frame`: the decomposition by country, partner and sector;
- :func:`bilateral_frame`: flows between countries by sector, before and after, with tariffs;
- :func:`sector_frame`: each country's exports and imports by sector and its export shares.

Flows are net of tariffs (at the exporter's prices), USD mn; percent changes are 100 (x'/x - 1).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tradedeal.models.gravity import multisector
from tradedeal.models.gravity.multisector import Economy, Equilibrium


def flows(e: Economy, eq: Equilibrium) -> tuple[np.ndarray, np.ndarray]:
    """(M0, M1) (J, N, N): n's purchases from i before and after, net of tariffs."""
    return e.pi * e.X[:, :, None] / (1 + e.tau), eq.pi * eq.X[:, :, None] / (1 + eq.tau)


def _pct(after, before) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return 100 * (np.asarray(after, float) / np.asarray(before, float) - 1)


def country_frame(e: Economy, eq: Equilibrium, countries) -> pd.DataFrame:
    w = multisector.welfare(e, eq)
    M0, M1 = flows(e, eq)
    off = ~np.eye(len(countries), dtype=bool)[None]
    R0 = multisector.tariff_revenue(e.pi, e.X, e.tau)
    price = np.exp((e.alpha * np.log(eq.P_hat)).sum(axis=0))
    return pd.DataFrame({
        "country": list(countries), **w,
        "wage_change_pct": 100 * (eq.w_hat - 1), "price_index_change_pct": 100 * (price - 1),
        "tariff_revenue_before_usd_mn": R0, "tariff_revenue_after_usd_mn": eq.revenue,
        "exports_before_usd_mn": (M0 * off).sum(axis=(0, 1)), "exports_after_usd_mn": (M1 * off).sum(axis=(0, 1)),
        "imports_before_usd_mn": (M0 * off).sum(axis=(0, 2)), "imports_after_usd_mn": (M1 * off).sum(axis=(0, 2)),
        "trade_deficit_usd_mn": e.D, "income_before_usd_mn": e.VA + R0 + e.D, "income_after_usd_mn": eq.income,
    })


def decomposition_frame(e: Economy, eq: Equilibrium, countries, sectors, sector_mask=None) -> pd.DataFrame:
    """country, partner (not the country), sector, terms_of_trade_pct, volume_of_trade_pct
    (percent of the country's base-year income; they sum to the country's totals)."""
    d = multisector.decomposition(e, eq)
    J, N = e.shape
    keep = np.ones(J, bool) if sector_mask is None else np.asarray(sector_mask, bool)
    j, n, i = np.nonzero(keep[:, None, None] & ~np.eye(N, dtype=bool)[None])
    order = np.lexsort((j, i, n))
    j, n, i = j[order], n[order], i[order]
    C, S = np.asarray(countries, dtype=object), np.asarray(sectors, dtype=object)
    return pd.DataFrame({"country": C[n], "partner": C[i], "sector": S[j],
                         "terms_of_trade_pct": 100 * d.terms_of_trade[j, n, i],
                         "volume_of_trade_pct": 100 * d.volume_of_trade[j, n, i]})


def bilateral_frame(e: Economy, eq: Equilibrium, countries, sectors, pairs=None, sector_mask=None) -> pd.DataFrame:
    """exporter, importer, sector, before/after (USD mn), tariffs before/after (percent), change;
    ``pairs``: (importer, exporter) index pairs (default: every pair of different countries)."""
    M0, M1 = flows(e, eq)
    J, N = e.shape
    if pairs is None:
        pairs = [(n, i) for n in range(N) for i in range(N) if n != i]
    keep = np.flatnonzero(np.ones(J, bool) if sector_mask is None else np.asarray(sector_mask, bool))
    n = np.repeat([p[0] for p in pairs], len(keep))
    i = np.repeat([p[1] for p in pairs], len(keep))
    j = np.tile(keep, len(pairs))
    C, S = np.asarray(countries, dtype=object), np.asarray(sectors, dtype=object)
    f = pd.DataFrame({"exporter": C[i], "importer": C[n], "sector": S[j], "before_usd_mn": M0[j, n, i],
                      "after_usd_mn": M1[j, n, i], "tariff_before_pct": 100 * e.tau[j, n, i],
                      "tariff_after_pct": 100 * eq.tau[j, n, i]})
    f["change_pct"] = _pct(f["after_usd_mn"], f["before_usd_mn"])
    return f


def sector_frame(e: Economy, eq: Equilibrium, countries, sectors) -> pd.DataFrame:
    """Exports and imports (to and from other countries) by country and sector, USD mn, their
    changes, and each sector's share of the country's exports before and after."""
    M0, M1 = flows(e, eq)
    off = ~np.eye(len(countries), dtype=bool)[None]
    cols = {}
    for label, M in (("before", M0), ("after", M1)):
        exports = (M * off).sum(axis=1).T                                   # [i, j]
        cols[f"exports_{label}_usd_mn"] = exports.ravel()
        cols[f"imports_{label}_usd_mn"] = (M * off).sum(axis=2).T.ravel()   # [n, j]
        total = exports.sum(axis=1, keepdims=True)
        cols[f"export_share_{label}_pct"] = (100 * np.divide(exports, total, out=np.zeros_like(exports),
                                                             where=total > 0)).ravel()
    f = pd.DataFrame({"country": np.repeat(list(countries), len(sectors)), "sector": np.tile(list(sectors), len(countries)),
                      **cols})
    f["exports_change_pct"] = _pct(f["exports_after_usd_mn"], f["exports_before_usd_mn"])
    f["imports_change_pct"] = _pct(f["imports_after_usd_mn"], f["imports_before_usd_mn"])
    return f
