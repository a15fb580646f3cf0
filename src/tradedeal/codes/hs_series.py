"""HS codes over whole columns (pandas): vectorised normalisation and validation.

The scalar functions (one code) are in :mod:`tradedeal.codes.hs`, which does not need pandas.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from tradedeal.codes._vector import map_distinct
from tradedeal.codes.hs import _FLOAT_TAIL, _FORMS, _GRAMMAR, _SEPARATORS, _check_digits_arg, normalize
from tradedeal.errors import HSCodeError


class NormalizedCodes(NamedTuple):
    """Result of :func:`normalize_series`: codes (``<NA>`` where invalid) and the invalid mask."""

    codes: pd.Series
    invalid: pd.Series


def _normalize_unique(values: pd.Series, digits: int | None) -> pd.Series:
    """Vectorised :func:`normalize` over distinct values; ``<NA>`` where invalid."""
    if pd.api.types.is_float_dtype(values.dtype):
        integral = np.isfinite(values) & (values >= 0) & (np.mod(values, 1) == 0)
        values = values.where(integral)
    elif pd.api.types.is_bool_dtype(values.dtype):
        values = pd.Series(pd.NA, index=values.index, dtype="string[pyarrow]")
    elif values.dtype == object and pd.api.types.infer_dtype(values, skipna=True) != "string":
        is_bool = values.map(lambda v: isinstance(v, bool | np.bool_)).astype(bool)
        values = values.where(~is_bool)
    t = values.astype("string[pyarrow]").str.strip()
    t = t.str.replace(_FLOAT_TAIL, r"\1", regex=True)
    ok = t.str.fullmatch(_GRAMMAR).fillna(False).astype(bool)
    d = t.str.replace(_SEPARATORS, "", regex=True)
    n = d.str.len().fillna(0).astype(int)
    if digits is None:
        pad = (n % 2) == 1
        ok &= n.between(1, 10)
    else:
        pad = n == digits - 1
        ok &= (n == digits) | pad
    d = d.where(~pad, "0" + d)
    ok &= ~d.str.startswith("00").fillna(True).astype(bool)
    return d.where(ok)


def normalize_series(values: pd.Series | Iterable[Any], *, digits: int | None = None) -> NormalizedCodes:
    """Vectorised :func:`normalize` for a whole column.

    Returns ``(codes, invalid)``: ``codes`` has dtype ``string[pyarrow]`` and the
    input's index, with ``<NA>`` where the input is invalid or missing;
    ``invalid`` is the boolean mask of those rows. Same rules as
    :func:`normalize` (call it on one bad value to see why it is bad).
    """
    _check_digits_arg(digits)
    s = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)
    codes = map_distinct(s, lambda distinct: _normalize_unique(distinct, digits))
    return NormalizedCodes(codes, codes.isna().rename(s.name))


def require_valid(values: pd.Series | Iterable[Any], *, digits: int | None = None) -> pd.Series:
    """:func:`normalize_series`, raising :class:`HSCodeError` that names the bad rows."""
    s = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)
    codes, invalid = normalize_series(s, digits=digits)
    if invalid.any():
        bad = s[invalid.to_numpy()]
        shown = ", ".join(f"row {i}: {v!r}" for i, v in list(bad.items())[:5])
        try:
            normalize(bad.iloc[0], digits=digits)
            why = ""
        except HSCodeError as e:
            why = f" (first: {e.message})"
        raise HSCodeError(f"{len(bad)} invalid HS code(s): {shown}{why}",
                          hint=f"fix or drop these rows; an HS code is {_FORMS}")
    return codes


