"""Panel with RTA leads/lags and importers' MFN tariffs (Advanced Guide, non-discriminatory
trade policy application).

Source: Yotov, Piermartini, Monteiro & Larch (2016), An Advanced Guide to Trade Policy
Analysis: The Structural Gravity Model (WTO/UNCTAD), via the tradepolicy package.
Licence: CC BY 4.0. Vintage: 1986-2006 (3-year steps from 1988). Unit: trade, output and
expenditure in USD mn (current).

Columns:

- ``exporter``: exporter ISO3
- ``importer``: importer ISO3
- ``year``: year
- ``trade_usd_mn``: nominal manufacturing trade exporter -> importer, USD mn (the book's
  'trade'; exporter = importer rows are domestic sales)
- ``RTA_LAG3``: RTA indicator lagged 3 years
- ``RTA_LAG4``: RTA indicator lagged 4 years
- ``RTA_LAG6``: RTA indicator lagged 6 years
- ``RTA_LAG8``: RTA indicator lagged 8 years
- ``RTA_LAG9``: RTA indicator lagged 9 years
- ``RTA_LAG12``: RTA indicator lagged 12 years
- ``RTA_LEAD4``: RTA indicator led 4 years
- ``RTA``: 1 if a regional trade agreement is in force
- ``MFN_TARIFF``: importer's MFN tariff as a fraction as in the source (the book's
  ln_MFN = ln(1 + MFN_TARIFF)); null on domestic rows
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from tradedeal.datasets._registry import read_parquet

NAME = "agtpa_ch1_rta_mfn_tariff_panel"


def load(columns: list[str] | None = None,
         filters: list[tuple[str, str, Any]] | None = None) -> pd.DataFrame:
    """The checksum-verified dataset as a tidy frame (optionally some columns / filtered rows)."""
    return read_parquet(NAME, columns, filters)
