"""Policy parameters of the Budget Lab at Yale tariff-rate-tracker (country rates, floors,
stacking parameters), kept as the source YAML text and its parsed JSON.

These are facts to *check* a regime against, never the regime itself: tradedeal's
own measure files (``regime/data``) cite primary sources.

Source: Budget Lab at Yale, tariff-rate-tracker (MIT). Unit: parameters (rates as
fractions, as in the source).
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from tradedeal.datasets._registry import read_parquet

NAME = "yale_policy_params"


def load(columns: list[str] | None = None,
         filters: list[tuple[str, str, Any]] | None = None) -> pd.DataFrame:
    """One row: ``yaml_text`` (the file as published) and ``parsed_json``."""
    return read_parquet(NAME, columns, filters)


def params() -> dict[str, Any]:
    """The parameters as a nested dict (parsed from the shipped JSON)."""
    return json.loads(load(columns=["parsed_json"]).iloc[0, 0])
