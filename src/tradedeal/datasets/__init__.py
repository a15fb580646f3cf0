"""Shipped datasets: one catalogue (``files/manifest.json``), checksum-verified reads, and the
lookup by role.

>>> from tradedeal import datasets
>>> datasets.names()                                  # every shipped dataset
>>> datasets.info("us_imports_2024")                  # provenance, columns, roles
>>> datasets.load("us_imports_2024", columns=["hs10", "exporter", "value_usd"])
>>> datasets.find("import_table", importer="USA")      # who serves a role (user imports first)
>>> datasets.require("elasticities", "US import-demand elasticities", market="USA", kind="import_demand")

Frames have canonical columns: ``hs10``/``hs8``/``hs6`` as zero-padded strings, ISO3
``exporter``/``importer``, ``year``, ``value_usd``. The list of datasets with their sources,
columns and roles: docs/datasets.md (generated from the manifest).
"""

from __future__ import annotations

from tradedeal.datasets.catalogue import (
    DatasetInfo,
    Role,
    RoleMatch,
    content_key,
    info,
    manifest,
    names,
    sha256_of,
    verified_path,
)
from tradedeal.datasets.query import lit, query
from tradedeal.datasets.read import load, read_arrow, read_csv_columns
from tradedeal.datasets.roles import ROLES, find, require, shipped, source_text

__all__ = ["DatasetInfo", "ROLES", "Role", "RoleMatch", "content_key", "find", "info", "lit", "load", "manifest",
           "names", "query", "read_arrow", "read_csv_columns", "require", "sha256_of", "shipped", "source_text",
           "verified_path"]
