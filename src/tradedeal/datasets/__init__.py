"""Shipped datasets: one loader module per dataset, all checksum-verified.

>>> from tradedeal import datasets
>>> datasets.names()                      # every shipped dataset
>>> datasets.load("us_imports_2024")      # tidy frame with canonical columns
>>> datasets.info("us_imports_2024")      # provenance

Each dataset ``NAME`` has a module ``tradedeal.datasets.NAME`` whose ``load()``
returns a tidy frame with canonical columns (``hs10``/``hs8``/``hs6`` as
zero-padded strings, ISO3 ``exporter``/``importer``, ``year``, ``value_usd``).
"""

from __future__ import annotations

import importlib

from tradedeal.datasets._registry import DatasetInfo, info, manifest, verified_path

__all__ = ["DatasetInfo", "info", "load", "names", "verified_path"]


def names() -> list[str]:
    return sorted(manifest())


def load(name: str, **kwargs):
    """Load a shipped dataset by name through its own loader module."""
    info(name)  # raises a helpful error for unknown names
    module = importlib.import_module(f"tradedeal.datasets.{name}")
    return module.load(**kwargs)
