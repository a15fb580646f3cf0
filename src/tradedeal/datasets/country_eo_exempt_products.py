"""Exemption lists of the country-specific IEEPA executive orders, with start/end dates.

Source: Budget Lab at Yale, tariff-rate-tracker. Licence: MIT (Budget Lab at Yale).
Vintage: 2025-2026 (tracker state 2026-04). Unit: codes (no values).

Columns:

- ``ch99_code``: country EO heading (e.g. 9903.01.77 = Brazil)
- ``hs8``: exempt HTS8 subheading (all its 10-digit children are covered), zero-padded
- ``hts``: the code as written in the file (dotted, e.g. '0801.21.00'; the source column
  is misleadingly named hts10)
- ``effective_date_start``: ISO date the exemption began
- ``effective_date_end``: ISO date it ended; null = still active
- ``source``: EO / proclamation / CBP CSMS reference
- ``note``: short description
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from tradedeal.datasets._registry import read_parquet

NAME = "country_eo_exempt_products"


def load(columns: list[str] | None = None,
         filters: list[tuple[str, str, Any]] | None = None) -> pd.DataFrame:
    """The checksum-verified dataset as a tidy frame (optionally some columns / filtered rows)."""
    return read_parquet(NAME, columns, filters)
