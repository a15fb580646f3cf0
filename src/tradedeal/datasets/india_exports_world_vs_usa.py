"""India's exports by HS8 line to the world and to the USA, FY2022-23 to 2024-25 (tidy long
form of the EIDB pivot).

Source: Government of India, Department of Commerce, Export Import Data Bank (EIDB), via
a public scrape. Licence: Government of India data; no licence stated in the source
(check before redistribution). Vintage: fiscal years 2022-23 ... 2024-25. Unit: USD
(converted from USD mn, rounded to the dollar).

Columns:

- ``hs8``: India ITC-HS 8-digit line, zero-padded string
- ``fiscal_year``: Indian fiscal year, e.g. '2024-25'
- ``destination``: 'WLD' (all partners) or 'USA'
- ``value_usd``: export value, USD
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from tradedeal.datasets._registry import read_parquet

NAME = "india_exports_world_vs_usa"


def load(columns: list[str] | None = None,
         filters: list[tuple[str, str, Any]] | None = None) -> pd.DataFrame:
    """The checksum-verified dataset as a tidy frame (optionally some columns / filtered rows)."""
    return read_parquet(NAME, columns, filters)
