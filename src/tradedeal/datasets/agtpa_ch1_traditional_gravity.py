"""69 countries, 1986-2006: manufacturing trade (incl. domestic), distance, contiguity,
language, colony (Advanced Guide ch. 1).

Source: Yotov, Piermartini, Monteiro & Larch (2016), An Advanced Guide to Trade Policy
Analysis: The Structural Gravity Model (WTO/UNCTAD), via the tradepolicy package.
Licence: CC BY 4.0. Vintage: 1986-2006. Unit: trade, output and expenditure in USD mn
(current).

Columns:

- ``exporter``: exporter ISO3
- ``importer``: importer ISO3
- ``pair_id``: country-pair identifier of the source (int)
- ``year``: year
- ``trade_usd_mn``: nominal manufacturing trade exporter -> importer, USD mn (the book's
  'trade'; exporter = importer rows are domestic sales)
- ``DIST``: bilateral distance, km
- ``CNTG``: 1 if contiguous
- ``LANG``: 1 if common official language
- ``CLNY``: 1 if ever in a colonial relationship
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from tradedeal.datasets._registry import read_parquet

NAME = "agtpa_ch1_traditional_gravity"


def load(columns: list[str] | None = None,
         filters: list[tuple[str, str, Any]] | None = None) -> pd.DataFrame:
    """The checksum-verified dataset as a tidy frame (optionally some columns / filtered rows)."""
    return read_parquet(NAME, columns, filters)
