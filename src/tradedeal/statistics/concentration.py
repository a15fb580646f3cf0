"""Supplier concentration of imports: pure, vectorised functions over (product, supplier, value)
arrays.

For a product p with imports v_ps from suppliers s, shares are w_ps = v_ps / sum_s v_ps and the
Herfindahl-Hirschman index is HHI_p = sum_s w_ps^2: 1 for a single supplier, 1/n for n equal
suppliers (the index used by the European Commission, SWD(2021) 352, and CEPII's GeoDep, on
the 0-1 scale; the competition-policy scale multiplies by 10,000).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def hhi(values) -> float:
    """HHI of one distribution of values (non-negative; zero values are no supplier)."""
    v = np.asarray(values, dtype=float)
    if (v < 0).any():
        raise ValueError("values must not be negative")
    total = v.sum()
    if total <= 0:
        return float("nan")
    return float(((v / total) ** 2).sum())


@dataclass(frozen=True)
class Concentration:
    """Per product (index 0..P-1): total, HHI, number of suppliers, top supplier and its share."""

    total: np.ndarray        # (P,) sum of values
    hhi: np.ndarray          # (P,) HHI of supplier shares (NaN where the total is 0)
    suppliers: np.ndarray    # (P,) suppliers with a positive value
    top: np.ndarray          # (P,) supplier index of the largest supplier (-1 where none)
    top_value: np.ndarray    # (P,) its value
    top_share: np.ndarray    # (P,) its share


def concentration(product: np.ndarray, supplier: np.ndarray, value: np.ndarray, n_products: int) -> Concentration:
    """Concentration of every product's imports; ``product`` and ``supplier`` are integer codes
    (one row per product x supplier; several rows of a pair are summed first by the caller)."""
    product = np.asarray(product, dtype=np.int64)
    supplier = np.asarray(supplier, dtype=np.int64)
    value = np.asarray(value, dtype=float)
    if (value < 0).any():
        raise ValueError("import values must not be negative")
    total = np.bincount(product, weights=value, minlength=n_products)
    safe = np.where(total > 0, total, 1.0)
    share = value / safe[product]
    h = np.bincount(product, weights=share ** 2, minlength=n_products)
    h = np.where(total > 0, h, np.nan)
    count = np.bincount(product, weights=(value > 0).astype(float), minlength=n_products).astype(np.int64)
    top = np.full(n_products, -1, np.int64)
    top_value = np.zeros(n_products)
    if len(product):
        order = np.argsort(product, kind="stable")   # rows of each product together, in their order
        p, v = product[order], value[order]
        starts = np.flatnonzero(np.r_[True, p[1:] != p[:-1]])
        best = np.maximum.reduceat(v, starts)
        seg = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, len(p)]))
        pos = np.where(v == best[seg], np.arange(len(p)), len(p))
        lead = order[np.minimum.reduceat(pos, starts)]  # the first row with the largest value
        top[product[lead]] = supplier[lead]
        top_value[product[lead]] = value[lead]
    top = np.where(total > 0, top, -1)
    return Concentration(total, h, count, top, top_value, np.where(total > 0, top_value / safe, np.nan))


def share_from(product: np.ndarray, value: np.ndarray, mask: np.ndarray, n_products: int) -> np.ndarray:
    """(P,) share of each product's imports from the rows where ``mask`` holds (a set of suppliers)."""
    value = np.asarray(value, dtype=float)
    total = np.bincount(product, weights=value, minlength=n_products)
    part = np.bincount(product, weights=np.where(mask, value, 0.0), minlength=n_products)
    return np.divide(part, total, out=np.full(n_products, np.nan), where=total > 0)
