"""Numerical models: pure functions over arrays (``pe``: product-level partial equilibrium;
``elasticities``: choosing and drawing elasticities; ``simulate``: scenarios end to end)."""
