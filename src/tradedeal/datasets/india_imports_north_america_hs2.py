"""India's imports (CIF) from North America = USA + Canada + Mexico, by HS2 chapter,
FY2021-22 to 2024-25.

Source: EIDB region report (DGCI&S), Government of India. Licence: Government of India
data; no licence stated in the source (check before redistribution). Vintage: fiscal
years 2021-22 ... 2024-25. Unit: USD (converted from USD mn, rounded to the dollar),
CIF.

Columns:

- ``hs2``: HS chapter, 2-digit zero-padded string
- ``description``: chapter description as in EIDB
- ``fiscal_year``: Indian fiscal year, e.g. '2024-25'
- ``value_usd``: imports from USA+CAN+MEX together, USD
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from tradedeal.datasets._registry import read_parquet

NAME = "india_imports_north_america_hs2"


def load(columns: list[str] | None = None,
         filters: list[tuple[str, str, Any]] | None = None) -> pd.DataFrame:
    """The checksum-verified dataset as a tidy frame (optionally some columns / filtered rows)."""
    return read_parquet(NAME, columns, filters)
