"""One row per figure read from a source: US goods exports to / imports from India
1985-2023 (Census), 2024 press/USTR figures, services and goods-and-services totals,
India's fiscal-year trade with the USA.

Source: each row names its source (US Census Bureau country.xlsx, USTR, press, DGCI&S).
Licence: public domain (Census) / figures quoted (others). Vintage: 1985-2025. Unit: USD
(converted from USD mn).

Columns:

- ``series``: what the figure is (e.g. us_goods_imports_from_india)
- ``value_usd``: the figure, USD (converted from USD mn)
- ``source``: where the figure was read
- ``note``: definition and caveats
- ``period``: period as written in the source file ('2023', 'FY2024-25', ...)
- ``year``: calendar year; null for fiscal-year rows
- ``fiscal_year``: Indian fiscal year ('2024-25'); null for calendar-year rows
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from tradedeal.datasets._registry import read_parquet

NAME = "us_india_trade_annual"


def load(columns: list[str] | None = None,
         filters: list[tuple[str, str, Any]] | None = None) -> pd.DataFrame:
    """The checksum-verified dataset as a tidy frame (optionally some columns / filtered rows)."""
    return read_parquet(NAME, columns, filters)
