"""Growth arithmetic for trade targets: pure functions over arrays, returning frozen dataclasses.

- :func:`required_growth`: the compound annual growth rate that takes a base-year value to a
  goal by a target year, g = (goal / base)^(1 / (target - base_year)) - 1.
- :func:`cagr`: the compound annual growth rate between two observed values.
- :func:`loglinear_trend`: ordinary least squares of ln(value) on the year over a window,
  ln v_t = a + b t + e_t; the trend grows at exp(b) - 1 a year. Its prediction at a year t0
  has the interval exp(a + b t0 +/- t_{q, n-2} s sqrt(1 + 1/n + (t0 - tbar)^2 / S_tt)) (a
  prediction interval for one year's value, so it includes the year-to-year scatter), and the
  growth rate the interval exp(b +/- t_{q, n-2} se_b) - 1.
- :func:`phase_in`: the share of a level effect in force in each calendar year when it builds
  up linearly over P years from a date (the year's average of the ramp).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
from scipy import stats

from tradedeal.errors import QueryError


@dataclass(frozen=True)
class RequiredGrowth:
    """What it takes to go from ``base_value`` in ``base_year`` to ``goal`` in ``target_year``."""

    base_year: int
    base_value: float
    target_year: int
    goal: float
    rate: float            # compound annual growth rate (0.153 = 15.3% a year)
    multiple: float        # goal / base_value

    @property
    def years(self) -> int:
        return self.target_year - self.base_year


def required_growth(base_value: float, goal: float, base_year: int, target_year: int) -> RequiredGrowth:
    """The compound annual growth rate from ``base_value`` (``base_year``) to ``goal`` (``target_year``)."""
    if target_year <= base_year:
        raise QueryError(f"the target year {target_year} is not after the base year {base_year}",
                         "give a target year after the last observed year (--by)")
    if goal <= 0:
        raise QueryError(f"the goal {goal:,.0f} is not positive", "give the goal in USD, e.g. --goal 500e9")
    if not base_value > 0:
        raise QueryError(f"the base-year value {base_value:,.0f} is not positive", "pick another base year")
    multiple = goal / base_value
    return RequiredGrowth(base_year, float(base_value), target_year, float(goal),
                          float(multiple ** (1.0 / (target_year - base_year)) - 1.0), float(multiple))


def cagr(first: float, last: float, years: float) -> float:
    """Compound annual growth rate between two positive values ``years`` apart."""
    if years <= 0 or first <= 0 or last <= 0:
        raise QueryError("a growth rate needs two positive values at least a year apart")
    return float((last / first) ** (1.0 / years) - 1.0)


@dataclass(frozen=True)
class Trend:
    """A log-linear trend fitted over ``years`` (the points used) with its uncertainty."""

    years: tuple[int, ...]
    values: tuple[float, ...]
    intercept: float       # a (ln USD at year 0)
    slope: float           # b (ln points a year)
    slope_se: float
    residual_sd: float     # s
    level: float           # confidence level of the intervals (0.95)

    @property
    def n(self) -> int:
        return len(self.years)

    @property
    def rate(self) -> float:
        """The trend's growth rate, exp(b) - 1."""
        return float(np.expm1(self.slope))

    def rate_interval(self) -> tuple[float, float]:
        q = stats.t.ppf(0.5 + self.level / 2, self.n - 2)
        return float(np.expm1(self.slope - q * self.slope_se)), float(np.expm1(self.slope + q * self.slope_se))

    def predict(self, years) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(central, lower, upper) values at ``years`` (prediction interval at ``level``)."""
        t0 = np.asarray(years, dtype=float)
        t = np.asarray(self.years, dtype=float)
        q = stats.t.ppf(0.5 + self.level / 2, self.n - 2)
        stt = ((t - t.mean()) ** 2).sum()
        se = self.residual_sd * np.sqrt(1 + 1 / self.n + (t0 - t.mean()) ** 2 / stt)
        mid = self.intercept + self.slope * t0
        return np.exp(mid), np.exp(mid - q * se), np.exp(mid + q * se)


MIN_POINTS = 4  # a trend with an interval needs at least 2 degrees of freedom beyond the fit


def loglinear_trend(years, values, level: float = 0.95) -> Trend:
    """OLS of ln(value) on the year (see the module docstring); ``years`` need not be consecutive."""
    t = np.asarray(years, dtype=float)
    v = np.asarray(values, dtype=float)
    if len(t) != len(v):
        raise ValueError("years and values differ in length")
    if len(t) < MIN_POINTS:
        raise QueryError(f"a trend needs at least {MIN_POINTS} observed years in the window, found {len(t)}",
                         "widen the window (--window) or use another definition")
    if (v <= 0).any():
        raise QueryError("a log-linear trend needs positive values")
    if not 0 < level < 1:
        raise QueryError(f"level {level} is not between 0 and 1")
    y = np.log(v)
    tbar = t.mean()
    stt = ((t - tbar) ** 2).sum()
    b = float(((t - tbar) * (y - y.mean())).sum() / stt)
    a = float(y.mean() - b * tbar)
    resid = y - (a + b * t)
    s = float(np.sqrt((resid ** 2).sum() / (len(t) - 2)))
    return Trend(tuple(int(x) for x in t), tuple(float(x) for x in v), a, b, s / np.sqrt(stt), s, level)


def _ramp_integral(t: np.ndarray, t0: float, p: float) -> np.ndarray:
    """Integral from t0 to t of the ramp r(u) = clip((u - t0) / p, 0, 1)."""
    x = np.clip(t - t0, 0, None)
    return np.where(x <= p, x ** 2 / (2 * p), p / 2 + (x - p))


def year_fraction(d: dt.date) -> float:
    """A date as a fractional year (2026-07-02 is about 2026.5)."""
    start = dt.date(d.year, 1, 1)
    length = (dt.date(d.year + 1, 1, 1) - start).days
    return d.year + (d - start).days / length


def phase_in(years, start: dt.date, phase_years: float) -> np.ndarray:
    """Share of a level effect in force in each calendar year of ``years``: 0 before ``start``,
    building linearly to 1 over ``phase_years`` after it (the average over each year);
    ``phase_years`` = 0 is a step at ``start``."""
    if phase_years < 0:
        raise QueryError(f"phase-in of {phase_years} years is negative", "give 0 (at once) or more years")
    y = np.asarray(years, dtype=float)
    t0 = year_fraction(start)
    if phase_years == 0:
        return np.clip(y + 1 - t0, 0, 1)
    return _ramp_integral(y + 1, t0, phase_years) - _ramp_integral(y, t0, phase_years)
