"""India's applied and bound MFN tariff averages: total / agricultural / non-agricultural
(2023, 2021, 2020) and 14 of 22 WTO product groups (2021).

Source: USTR 2025 National Trade Estimate (as reported in the press); WTO/ITC/UNCTAD
World Tariff Profiles 2022. Licence: figures quoted from published reports. Vintage:
2020-2023 (per row). Unit: percent (17.0 = 17%).

Columns:

- ``indicator``: simple_avg_mfn_applied / simple_avg_final_bound /
  trade_weighted_avg_mfn
- ``scope``: Total, Agricultural, Non-agricultural or a WTO product group ('PG ...')
- ``year``: year of the figure (int)
- ``year_label``: year as written in the source (e.g. '2022 WTP' = World Tariff Profiles
  2022)
- ``value_pct``: the average, percent
- ``duty_free_lines_pct``: duty-free tariff lines, percent
- ``max_pct``: maximum rate, percent
- ``bound_avg_pct``: bound average, percent
- ``binding_coverage_pct``: binding coverage, percent
- ``import_share_pct``: share in imports, percent
- ``source``: where the row comes from
- ``confidence``: transcriber's confidence
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from tradedeal.datasets._registry import read_parquet

NAME = "india_mfn_tariff_summary"


def load(columns: list[str] | None = None,
         filters: list[tuple[str, str, Any]] | None = None) -> pd.DataFrame:
    """The checksum-verified dataset as a tidy frame (optionally some columns / filtered rows)."""
    return read_parquet(NAME, columns, filters)
