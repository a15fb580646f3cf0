"""Check of the EIDB HS8-by-country file: per HS8 and fiscal year, EIDB's reported
commodity total vs the sum over countries, and India's total exports.

Source: Government of India, Department of Commerce, Export Import Data Bank (EIDB), via
a public scrape. Licence: Government of India data; no licence stated in the source
(check before redistribution). Vintage: fiscal years 2018-19 ... 2024-25. Unit: USD
(converted from USD mn, rounded to the dollar).

Columns:

- ``hs8``: India ITC-HS 8-digit line, zero-padded string
- ``fiscal_year``: Indian fiscal year, e.g. '2024-25'
- ``reported_commodity_total_usd``: EIDB's reported world total of the line, USD; null
  if not reported
- ``sum_countries_usd``: sum over partner countries in the file, USD
- ``india_total_all_commodities_usd``: India's total exports, all commodities, USD
- ``n_countries``: number of partner rows summed
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from tradedeal.datasets._registry import read_parquet

NAME = "india_exports_file_totals_check"


def load(columns: list[str] | None = None,
         filters: list[tuple[str, str, Any]] | None = None) -> pd.DataFrame:
    """The checksum-verified dataset as a tidy frame (optionally some columns / filtered rows)."""
    return read_parquet(NAME, columns, filters)
