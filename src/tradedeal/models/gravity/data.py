"""Gravity panels as square arrays: countries in a fixed order, exporter rows x importer
columns. Pure conversions; no model here."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from tradedeal.errors import QueryError


@dataclass(frozen=True)
class Square:
    """A cross-section as matrices: ``countries`` order both axes."""

    countries: tuple[str, ...]
    frame: pd.DataFrame             # the cross-section, with i / j position columns

    @property
    def n(self) -> int:
        return len(self.countries)

    def index(self, code: str) -> int:
        try:
            return self.countries.index(code)
        except ValueError:
            raise QueryError(f"country {code} is not in the data", f"countries: {', '.join(self.countries)}") from None

    def matrix(self, values: pd.Series | np.ndarray, fill: float = 0.0) -> np.ndarray:
        m = np.full((self.n, self.n), fill, dtype=float)
        m[self.frame["_i"].to_numpy(), self.frame["_j"].to_numpy()] = np.asarray(values, dtype=float)
        return m

    def by_exporter(self, column: str) -> np.ndarray:
        return self.frame.groupby("_i")[column].first().reindex(range(self.n)).to_numpy(float)

    def by_importer(self, column: str) -> np.ndarray:
        return self.frame.groupby("_j")[column].first().reindex(range(self.n)).to_numpy(float)


def square(frame: pd.DataFrame, exporter: str = "exporter", importer: str = "importer") -> Square:
    """Index a cross-section; every exporter-importer pair must appear once."""
    countries = tuple(sorted(set(frame[exporter]) | set(frame[importer])))
    f = frame.copy()
    f["_i"] = pd.Categorical(f[exporter], categories=countries).codes.astype(np.int64)
    f["_j"] = pd.Categorical(f[importer], categories=countries).codes.astype(np.int64)
    cell = f["_i"].to_numpy() * len(countries) + f["_j"].to_numpy()
    if len(np.unique(cell)) < len(cell):
        raise QueryError("the cross-section repeats exporter-importer pairs", "keep one year (filter on year)")
    missing = len(countries) ** 2 - len(f)
    if missing:
        raise QueryError(f"the cross-section misses {missing} of {len(countries) ** 2} exporter-importer pairs "
                         "(domestic flows included)", "a structural gravity model needs the square matrix")
    return Square(countries, f)
