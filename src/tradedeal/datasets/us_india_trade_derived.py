"""Figures computed, not read: US-India goods balances 1985-2023 and US imports from India
as the sum of 12 monthly FRED IMP5330 values.

Source: computed from the sources named per row. Licence: derived from public-domain
data. Vintage: 1985-2024. Unit: USD (converted from USD mn).

Columns:

- ``series``: what the figure is (e.g. us_goods_imports_from_india)
- ``value_usd``: the figure, USD (converted from USD mn)
- ``source``: where the figure was read
- ``note``: definition and caveats
- ``year``: calendar year
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from tradedeal.datasets._registry import read_parquet

NAME = "us_india_trade_derived"


def load(columns: list[str] | None = None,
         filters: list[tuple[str, str, Any]] | None = None) -> pd.DataFrame:
    """The checksum-verified dataset as a tidy frame (optionally some columns / filtered rows)."""
    return read_parquet(NAME, columns, filters)
