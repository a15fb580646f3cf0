"""30 countries, 2006: trade, output, expenditure, PTA, contiguity, language, log distance,
international (the gegravity package's example data).

Source: USITC gegravity examples. Licence: MIT (USITC gegravity). Vintage: 2006. Unit:
trade, Y, E in USD mn.

Columns:

- ``exporter``: exporter ISO3
- ``importer``: importer ISO3
- ``year``: 2006
- ``trade_usd_mn``: trade exporter -> importer incl. domestic, USD mn
- ``Y``: exporter's output, USD mn
- ``E``: importer's expenditure, USD mn
- ``pta``: 1 if a preferential trade agreement
- ``contiguity``: 1 if contiguous
- ``common_language``: 1 if common language
- ``lndist``: log distance
- ``international``: 1 if exporter != importer
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from tradedeal.datasets._registry import read_parquet

NAME = "gegravity_sample_30"


def load(columns: list[str] | None = None,
         filters: list[tuple[str, str, Any]] | None = None) -> pd.DataFrame:
    """The checksum-verified dataset as a tidy frame (optionally some columns / filtered rows)."""
    return read_parquet(NAME, columns, filters)
