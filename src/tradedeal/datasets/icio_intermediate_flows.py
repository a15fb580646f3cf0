"""Intermediate sales by seller sector x seller country x buyer country.

Source: OECD Inter-Country Input-Output tables, 2025 release, year 2022, as packed in
the PyPI package sanction-simulator 0.1.4. Licence: MIT (sanction-simulator packaging);
OECD terms apply to the underlying ICIO data. Vintage: OECD ICIO 2025 release, year
2022. Unit: USD mn (current, 2022).

Columns:

- ``seller_sector``: ICIO sector of the seller
- ``seller_country``: seller country code
- ``buyer_country``: buyer country code
- ``value_usd_mn``: intermediate sales, USD mn (source column interm_usd_mn)
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from tradedeal.datasets._registry import read_parquet

NAME = "icio_intermediate_flows"


def load(columns: list[str] | None = None,
         filters: list[tuple[str, str, Any]] | None = None) -> pd.DataFrame:
    """The checksum-verified dataset as a tidy frame (optionally some columns / filtered rows)."""
    return read_parquet(NAME, columns, filters)
