"""Elasticities of substitution by HS 3-digit group for 73 importing countries, incl. India
and the USA.

Source: Broda & Weinstein (2006) / Broda, Greenfield & Weinstein, via the concordance R
package. Licence: MIT (concordance package). Vintage: Broda-Weinstein estimates (1990s
data, HS 1988/92 = HS0). Unit: sigma (unitless).

Columns:

- ``iso3``: importing country ISO3
- ``hs3``: HS0 3-digit group, zero-padded string
- ``hs2``: HS0 chapter, zero-padded string
- ``sigma``: elasticity of substitution
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from tradedeal.datasets._registry import read_parquet

NAME = "broda_weinstein_sigma"


def load(columns: list[str] | None = None,
         filters: list[tuple[str, str, Any]] | None = None) -> pd.DataFrame:
    """The checksum-verified dataset as a tidy frame (optionally some columns / filtered rows)."""
    return read_parquet(NAME, columns, filters)
