"""Codes layer: HS/HTS codes, countries and product groups.

* :mod:`tradedeal.codes.hs` -- parse and normalise HS codes, hierarchy, display
  form, descriptions (WCO HS 2022) and suggestions for unknown codes.
* :mod:`tradedeal.codes.countries` -- ISO3 resolution of codes and names,
  country names, country groups (EU27); Census codes via
  :mod:`tradedeal.codes.census`.
* :mod:`tradedeal.codes.groups` -- product groups defined as data
  (``data/product_groups.toml``) and vectorised membership. Its loader is
  ``tradedeal.codes.groups.groups()``; it is not re-exported here so that
  ``tradedeal.codes.groups`` stays the module.

This layer reads only its own shipped files under ``codes/data``.
"""

from tradedeal.codes.countries import (
    EU27,
    EU27_SINCE,
    census_to_iso3,
    group_members,
    iso3_to_census,
    name,
    to_iso3,
    to_iso3_series,
)
from tradedeal.codes.groups import ProductGroup, group_of, membership
from tradedeal.codes.hs import (
    Description,
    NormalizedCodes,
    describe,
    format_hts,
    hierarchy,
    level,
    nearest,
    normalize,
    normalize_series,
    parent,
    truncate,
)

__all__ = [
    "EU27", "EU27_SINCE", "Description", "NormalizedCodes", "ProductGroup", "census_to_iso3",
    "describe", "format_hts", "group_members", "group_of", "hierarchy", "iso3_to_census",
    "level", "membership", "name", "nearest", "normalize", "normalize_series", "parent", "to_iso3",
    "to_iso3_series", "truncate",
]
