"""Published results of Advanced Guide ch. 2 application 1 (removing international borders,
sigma = 7), per country.

Source: Yotov, Piermartini, Monteiro & Larch (2016), An Advanced Guide to Trade Policy
Analysis: The Structural Gravity Model (WTO/UNCTAD), via the tradepolicy package.
Licence: CC BY 4.0. Vintage: 2006 data. Unit: percent changes; Y_BLN in USD mn.

Columns:

- ``country``: ISO3 (Germany as DEU)
- ``change_Xi_CDL``: % change in exports, conditional general equilibrium
- ``change_Xi_FULL``: % change in exports, full endowment general equilibrium
- ``change_price_FULL``: % change in factory-gate price (full)
- ``change_IMR_FULL``: % change in inward multilateral resistance (full)
- ``change_rGDP_FULL``: % change in real GDP (full)
- ``Y_BLN``: baseline output, as in the source (USD mn)
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from tradedeal.datasets._registry import read_parquet

NAME = "agtpa_ch2_twb_results"


def load(columns: list[str] | None = None,
         filters: list[tuple[str, str, Any]] | None = None) -> pd.DataFrame:
    """The checksum-verified dataset as a tidy frame (optionally some columns / filtered rows)."""
    return read_parquet(NAME, columns, filters)
