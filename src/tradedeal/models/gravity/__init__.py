"""Structural gravity: PPML estimation (pyfixest) and general equilibrium, one sector
(``onesector``) and many sectors with input-output links (``multisector``)."""
