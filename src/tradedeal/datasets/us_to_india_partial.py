"""Partial figures of US -> India trade transcribed from public pages: top US chapters in
India's FY2025-26 imports, partner totals, top HS6 lines 2023.

Source: public pages (each row names its source_id). Licence: figures quoted from public
pages; no licence stated. Vintage: FY2024-25, FY2025-26, CY2023 (per row). Unit: USD
(converted from USD mn).

Columns:

- ``source_id``: identifier of the page the row was read from
- ``flow_view``: whose data and which flow
- ``period``: period label as transcribed (e.g. 'FY2025-26', 'CY2023')
- ``fiscal_year``: Indian fiscal year if the period is one, else null
- ``year``: calendar year if the period is one, else null
- ``hs_level``: HS2 / HS6 / TOTAL
- ``code``: HS code (2 or 6 digits) or 'ALL'
- ``description``: description as transcribed
- ``value_usd``: value, USD
- ``note``: transcriber's note
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from tradedeal.datasets._registry import read_parquet

NAME = "us_to_india_partial"


def load(columns: list[str] | None = None,
         filters: list[tuple[str, str, Any]] | None = None) -> pd.DataFrame:
    """The checksum-verified dataset as a tidy frame (optionally some columns / filtered rows)."""
    return read_parquet(NAME, columns, filters)
