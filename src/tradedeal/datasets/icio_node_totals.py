"""80 countries x 50 sectors: gross output, final-demand sales and intermediate cost share.

Source: OECD Inter-Country Input-Output tables, 2025 release, year 2022, as packed in
the PyPI package sanction-simulator 0.1.4. Licence: MIT (sanction-simulator packaging);
OECD terms apply to the underlying ICIO data. Vintage: OECD ICIO 2025 release, year
2022. Unit: USD mn (current, 2022).

Columns:

- ``sector``: ICIO sector code (see icio_sectors)
- ``country``: ICIO country code (ISO3 or ROW/MX1/MX2/CN1/CN2, see icio_countries)
- ``gross_output_usd_mn``: gross output, USD mn
- ``final_demand_sales_usd_mn``: sales to final demand (all destinations), USD mn
- ``intermediate_cost_share``: intermediate inputs / gross output (capped at 0.98)
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from tradedeal.datasets._registry import read_parquet

NAME = "icio_node_totals"


def load(columns: list[str] | None = None,
         filters: list[tuple[str, str, Any]] | None = None) -> pd.DataFrame:
    """The checksum-verified dataset as a tidy frame (optionally some columns / filtered rows)."""
    return read_parquet(NAME, columns, filters)
