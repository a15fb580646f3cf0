"""US import-demand elasticities by HTS10 line (Hauk 2012).

Source: Hauk, W. (2012), "U.S. import and export elasticities: a panel data approach",
public replication files. Licence: no licence stated (figures only). Vintage: estimates
on 1989-2001 / 1978-2001 data. Unit: elasticities (unitless).

Columns:

- ``hs10``: HTS 10-digit line (US import classification of the sample years), zero-
  padded
- ``variety``: variety indicator as in the replication file
- ``demandprice``: demand equation: coefficient on own price
- ``demandexportprice``: demand equation: coefficient on exporter's price
- ``demandotherexportprice``: demand equation: coefficient on other exporters' price
- ``demanduspop``: demand equation: coefficient on US population
- ``demandusgdp``: demand equation: coefficient on US GDP
- ``demandcons``: demand equation: coefficient on constant
- ``supplyvalue``: supply equation: coefficient on value
- ``supplytariff``: supply equation: coefficient on tariff
- ``supplygdp``: supply equation: coefficient on GDP
- ``supplydeflator``: supply equation: coefficient on price deflator
- ``supplyexchange``: supply equation: coefficient on exchange rate
- ``supplycons``: supply equation: coefficient on constant
- ``varietypricediff``: variety equation: coefficient on price difference
- ``varietycons``: variety equation: coefficient on constant
- ``sedemandprice``: standard error of (demand equation: coefficient on own price)
- ``sedemandexportprice``: standard error of (demand equation: coefficient on exporter's
  price)
- ``sedemandotherexportprice``: standard error of (demand equation: coefficient on other
  exporters' price)
- ``sedemanduspop``: standard error of (demand equation: coefficient on US population)
- ``sedemandusgdp``: standard error of (demand equation: coefficient on US GDP)
- ``sedemandcons``: standard error of (demand equation: coefficient on constant)
- ``sesupplyvalue``: standard error of (supply equation: coefficient on value)
- ``sesupplytariff``: standard error of (supply equation: coefficient on tariff)
- ``sesupplygdp``: standard error of (supply equation: coefficient on GDP)
- ``sesupplydeflator``: standard error of (supply equation: coefficient on price
  deflator)
- ``sesupplyexchange``: standard error of (supply equation: coefficient on exchange
  rate)
- ``sesupplycons``: standard error of (supply equation: coefficient on constant)
- ``sevarietypricediff``: standard error of (variety equation: coefficient on price
  difference)
- ``sevarietycons``: standard error of (variety equation: coefficient on constant)
- ``demandsargan``: Sargan over-identification statistic, demand equation
- ``supplysargan``: Sargan over-identification statistic, supply equation
- ``obs``: observations
- ``varreg``: as in the replication file (variety regression indicator)
- ``sargan50``: flag from the replication file: Sargan test passes at 50%
- ``sargan75``: flag: Sargan test passes at 75%
- ``sargan90``: flag: Sargan test passes at 90%
- ``impliedelasticity``: implied import-demand elasticity = 1 - demandprice (checked at
  build)
- ``positive``: flag from the replication file: implied elasticity has the expected sign
- ``sigat5per``: flag: significant at 5%
- ``sigat10per``: flag: significant at 10%
- ``sigat1per``: flag: significant at 1%
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from tradedeal.datasets._registry import read_parquet

NAME = "hauk_imports_hs10"


def load(columns: list[str] | None = None,
         filters: list[tuple[str, str, Any]] | None = None) -> pd.DataFrame:
    """The checksum-verified dataset as a tidy frame (optionally some columns / filtered rows)."""
    return read_parquet(NAME, columns, filters)
