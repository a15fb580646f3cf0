"""Work once per distinct value of a column, then spread the result back (fast on long columns)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pyarrow as pa


def map_distinct(values: pd.Series, func: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """Apply ``func`` (Series of distinct non-missing values -> Series of text or ``<NA>``) to a column.

    Returns a ``string[pyarrow]`` Series aligned with ``values``; missing inputs give ``<NA>``.
    """
    inverse, uniques = pd.factorize(values, use_na_sentinel=True)
    done = func(pd.Series(uniques))
    table = pa.array(done.astype(object).where(done.notna(), None).tolist() + [None], type=pa.string())
    taken = table.take(pa.array(np.where(inverse < 0, len(done), inverse)))
    return pd.Series(pd.arrays.ArrowStringArray(taken), index=values.index, name=values.name)
