"""India's exports by HS8 line x partner country, fiscal years 2017-18 to 2024-25.

Source: Government of India, Department of Commerce, Export Import Data Bank (EIDB), via
a public scrape. Licence: Government of India data; no licence stated in the source
(check before redistribution). Vintage: fiscal years 2017-18 ... 2024-25 (April-March).
Unit: value_usd in USD (converted from the source's USD mn, rounded to the dollar);
quantity in the line's unit (see india_hs8_descriptions).

Columns:

- ``hs8``: India ITC-HS 8-digit line, zero-padded string
- ``partner``: partner ISO3 (from partner_name); null where none (see notes)
- ``partner_name``: partner name as written by EIDB (e.g. 'U S A', 'BANGLADESH PR')
- ``fiscal_year``: Indian fiscal year April-March, e.g. '2024-25'
- ``value_usd``: export value, USD (source: USD mn with 2 decimals, so 10,000 USD steps)
- ``quantity``: quantity in the unit of india_hs8_descriptions.unit; null if not
  reported
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from tradedeal.datasets._registry import read_parquet

NAME = "india_exports_hs8_by_country"


def load(columns: list[str] | None = None,
         filters: list[tuple[str, str, Any]] | None = None) -> pd.DataFrame:
    """The checksum-verified dataset as a tidy frame (optionally some columns / filtered rows)."""
    return read_parquet(NAME, columns, filters)
