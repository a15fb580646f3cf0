"""India's total merchandise exports and imports by fiscal year (official totals).

Source: DGCI&S (Government of India). Licence: Government of India data; no licence
stated in the source (check before redistribution). Vintage: fiscal years 2017-18 ...
2025-26. Unit: USD (converted from USD mn).

Columns:

- ``fiscal_year``: Indian fiscal year, e.g. '2024-25'
- ``exports_usd``: total merchandise exports, USD
- ``imports_usd``: total merchandise imports, USD
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from tradedeal.datasets._registry import read_parquet

NAME = "india_total_trade"


def load(columns: list[str] | None = None,
         filters: list[tuple[str, str, Any]] | None = None) -> pd.DataFrame:
    """The checksum-verified dataset as a tidy frame (optionally some columns / filtered rows)."""
    return read_parquet(NAME, columns, filters)
