"""US imports for consumption, calendar 2024, by HTS10 line and partner country.

Source: US Census Bureau, as compiled by the Budget Lab at Yale (Tariff-Model,
resources/rate_aggregation/2024). Licence: public domain (US Census Bureau data).
Vintage: calendar year 2024. Unit: USD (customs value, imports for consumption).

Columns:

- ``hs10``: HTS 10-digit statistical line, zero-padded string
- ``exporter``: partner (country of origin) ISO3; null where no ISO3 exists (see notes)
- ``importer``: always 'USA'
- ``year``: always 2024
- ``value_usd``: imports for consumption, USD
- ``cty_code``: US Census Schedule C country code of the partner (India = 5330)
- ``gtap_code``: GTAP sector of the line, lower case as in the source
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from tradedeal.datasets._registry import read_parquet

NAME = "us_imports_2024"


def load(columns: list[str] | None = None,
         filters: list[tuple[str, str, Any]] | None = None) -> pd.DataFrame:
    """The checksum-verified dataset as a tidy frame (optionally some columns / filtered rows)."""
    return read_parquet(NAME, columns, filters)
