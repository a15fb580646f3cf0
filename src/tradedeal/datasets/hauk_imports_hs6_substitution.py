"""Elasticities of substitution among import varieties by HS6, 1989-2001 data (Hauk 2012).

Source: Hauk, W. (2012), "U.S. import and export elasticities: a panel data approach",
public replication files. Licence: no licence stated (figures only). Vintage: estimates
on 1989-2001 / 1978-2001 data. Unit: elasticities (unitless).

Columns:

- ``hs6``: HS 6-digit code, zero-padded
- ``demandprice``: demand equation: coefficient on own price
- ``demandotherprice``: demand equation: coefficient on other varieties' price
- ``demandcons``: demand equation: coefficient on constant
- ``supplyshare``: supply equation: coefficient on market share
- ``supplytariff``: supply equation: coefficient on tariff
- ``supplygdp``: supply equation: coefficient on GDP
- ``supplydeflator``: supply equation: coefficient on price deflator
- ``supplyexchange``: supply equation: coefficient on exchange rate
- ``supplycons``: supply equation: coefficient on constant
- ``sedemandprice``: standard error of (demand equation: coefficient on own price)
- ``sedemandotherprice``: standard error of (demand equation: coefficient on other
  varieties' price)
- ``sedemandcons``: standard error of (demand equation: coefficient on constant)
- ``sesupplyshare``: standard error of (supply equation: coefficient on market share)
- ``sesupplytariff``: standard error of (supply equation: coefficient on tariff)
- ``sesupplygdp``: standard error of (supply equation: coefficient on GDP)
- ``sesupplydeflator``: standard error of (supply equation: coefficient on price
  deflator)
- ``sesupplyexchange``: standard error of (supply equation: coefficient on exchange
  rate)
- ``sesupplycons``: standard error of (supply equation: coefficient on constant)
- ``demandsargan``: Sargan over-identification statistic, demand equation
- ``supplysargan``: Sargan over-identification statistic, supply equation
- ``groups``: panel groups (partner countries)
- ``obs``: observations
- ``impliedsigma``: implied elasticity of substitution = 1 - demandprice (checked at
  build)
- ``year_min``: first year of the estimation sample
- ``year_max``: last year of the sample
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from tradedeal.datasets._registry import read_parquet

NAME = "hauk_imports_hs6_substitution"


def load(columns: list[str] | None = None,
         filters: list[tuple[str, str, Any]] | None = None) -> pd.DataFrame:
    """The checksum-verified dataset as a tidy frame (optionally some columns / filtered rows)."""
    return read_parquet(NAME, columns, filters)
