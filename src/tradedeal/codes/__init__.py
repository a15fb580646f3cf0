"""Codes layer: HS/HTS codes, countries and product groups.

* :mod:`tradedeal.codes.hs` -- parse and normalise one HS code, hierarchy, display form,
  descriptions (WCO HS 2022) and suggestions for unknown codes (no pandas needed);
  :mod:`tradedeal.codes.hs_series` -- the same over whole columns.
* :mod:`tradedeal.codes.countries` -- ISO3 resolution of codes and names, country names,
  country groups (EU27); Census codes via :mod:`tradedeal.codes.census`.
* :mod:`tradedeal.codes.groups` -- product groups defined as data
  (``data/product_groups.toml``) and vectorised membership.
* :mod:`tradedeal.codes.national` -- national schedule descriptions (the dataset playing the
  role ``descriptions`` for an importer); :mod:`tradedeal.codes.sectors` -- HS to ICIO sectors.

This layer reads only its own files under ``codes/data`` and, through
:mod:`tradedeal.datasets`, the shipped datasets. Import the submodule you need: the package
itself loads nothing, so that a fast command pays only for what it uses.
"""
