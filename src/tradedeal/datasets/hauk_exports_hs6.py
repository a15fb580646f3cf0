"""Demand elasticities for US exports by HS6 (Hauk 2012).

Source: Hauk, W. (2012), "U.S. import and export elasticities: a panel data approach",
public replication files. Licence: no licence stated (figures only). Vintage: estimates
on 1989-2001 / 1978-2001 data. Unit: elasticities (unitless).

Columns:

- ``hs6``: HS 6-digit code, zero-padded
- ``variety``: variety indicator as in the replication file
- ``demandprice``: demand equation: coefficient on own price
- ``demandimportprice``: demand equation: coefficient on import price
- ``demanddeflator``: demand equation: coefficient on price deflator
- ``demandgdp``: demand equation: coefficient on GDP
- ``demandpopulation``: demand equation: coefficient on foreign population
- ``demandexchange``: demand equation: coefficient on exchange rate
- ``demandcons``: demand equation: coefficient on constant
- ``supplyvalue``: supply equation: coefficient on value
- ``supplyusdeflator``: supply equation: coefficient on US deflator
- ``supplyusgdp``: supply equation: coefficient on US GDP
- ``supplyusinterest``: supply equation: coefficient on US interest rate
- ``supplyuswages``: supply equation: coefficient on US wages
- ``supplycons``: supply equation: coefficient on constant
- ``sedemandprice``: standard error of (demand equation: coefficient on own price)
- ``sedemandimportprice``: standard error of (demand equation: coefficient on import
  price)
- ``sedemanddeflator``: standard error of (demand equation: coefficient on price
  deflator)
- ``sedemandgdp``: standard error of (demand equation: coefficient on GDP)
- ``sedemandpopulation``: standard error of (demand equation: coefficient on foreign
  population)
- ``sedemandexchange``: standard error of (demand equation: coefficient on exchange
  rate)
- ``sedemandcons``: standard error of (demand equation: coefficient on constant)
- ``sesupplyvalue``: standard error of (supply equation: coefficient on value)
- ``sesupplyusdeflator``: standard error of (supply equation: coefficient on US
  deflator)
- ``sesupplyusgdp``: standard error of (supply equation: coefficient on US GDP)
- ``sesupplyusinterest``: standard error of (supply equation: coefficient on US interest
  rate)
- ``sesupplyuswages``: standard error of (supply equation: coefficient on US wages)
- ``sesupplycons``: standard error of (supply equation: coefficient on constant)
- ``demandsargan``: Sargan over-identification statistic, demand equation
- ``supplysargan``: Sargan over-identification statistic, supply equation
- ``obs``: observations
- ``groups``: panel groups (partner countries)
- ``time``: number of years in the sample, as in the replication file
- ``year_min``: first year of the estimation sample
- ``year_max``: last year of the sample
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from tradedeal.datasets._registry import read_parquet

NAME = "hauk_exports_hs6"


def load(columns: list[str] | None = None,
         filters: list[tuple[str, str, Any]] | None = None) -> pd.DataFrame:
    """The checksum-verified dataset as a tidy frame (optionally some columns / filtered rows)."""
    return read_parquet(NAME, columns, filters)
