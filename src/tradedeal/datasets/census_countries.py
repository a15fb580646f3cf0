"""US Census Schedule C country codes with names and ISO3.

Source: Budget Lab at Yale (Tariff-Model) lists of Census codes and Census-to-ISO3
mapping. Licence: MIT (Budget Lab at Yale). Vintage: as used for the 2024 import data.
Unit: codes (no values).

Columns:

- ``cty_code``: Census country code, 4-digit string
- ``name``: Census country name
- ``iso3``: ISO 3166-1 alpha-3 code; null where none exists
- ``iso3_source``: 'census_to_iso3' (from the source mapping file) or 'tradedeal_codes'
  (from tradedeal's maintained Census table); null if none
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from tradedeal.datasets._registry import read_parquet

NAME = "census_countries"


def load(columns: list[str] | None = None,
         filters: list[tuple[str, str, Any]] | None = None) -> pd.DataFrame:
    """The checksum-verified dataset as a tidy frame (optionally some columns / filtered rows)."""
    return read_parquet(NAME, columns, filters)
