"""Published estimates of the Advanced Guide application 'Estimating the effects of non-
discriminatory trade policy': RTA, RTA lags and ln MFN, two models.

Source: Yotov, Piermartini, Monteiro & Larch (2016), An Advanced Guide to Trade Policy
Analysis: The Structural Gravity Model (WTO/UNCTAD), via the tradepolicy package.
Licence: CC BY 4.0. Vintage: 1986-2006 data. Unit: coefficients (PPML).

Columns:

- ``variable``: regressor (RTA, RTA_LAG3, RTA_LAG6, RTA_LAG9, ln_MFN)
- ``model``: model label (RTAs, TRFFS)
- ``model_no``: column number in the table
- ``estimate``: coefficient
- ``std_error``: standard error; null if not given
- ``significance``: stars as printed: ** p<.01, * p<.05, + p<.10
- ``n_obs``: number of observations of the model
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from tradedeal.datasets._registry import read_parquet

NAME = "agtpa_ch1_mfn_rta_estimates"


def load(columns: list[str] | None = None,
         filters: list[tuple[str, str, Any]] | None = None) -> pd.DataFrame:
    """The checksum-verified dataset as a tidy frame (optionally some columns / filtered rows)."""
    return read_parquet(NAME, columns, filters)
