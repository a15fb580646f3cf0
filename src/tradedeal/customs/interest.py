"""Interest on refunded duties (19 USC 1505(c)): pure functions over a table of quarterly rates.

With daily compounding (26 USC 6622) an amount ``P`` deposited on day ``s`` grows to
``P * prod_{t=s}^{e-1} (1 + r_t / N_t)`` by day ``e``, where ``r_t`` is the annual rate of day ``t``'s quarter
and ``N_t`` the number of days of its year (365 or 366); the interest is that minus ``P``. With simple
interest it is ``P * sum_t r_t / N_t``. Days after the last quarter of the table earn nothing here: the result
says through which day the rates were known.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

EPOCH = date(1970, 1, 1)


def day(d: date) -> int:
    return (d - EPOCH).days


@dataclass(frozen=True)
class DailyRates:
    """Each day's rate (fraction a day) from ``first`` (day number) on, and the cumulative log-growth."""

    first: int
    daily: np.ndarray        # (D,) rate of each day as a fraction per day
    cum_log: np.ndarray      # (D + 1,) sum of log(1 + daily) up to each day (exclusive)
    cum_simple: np.ndarray   # (D + 1,) sum of daily

    @property
    def last(self) -> int:
        """The last day with a known rate."""
        return self.first + len(self.daily) - 1


def daily_rates(quarters: list[tuple[date, date, float]]) -> DailyRates:
    """Daily rates from (from, until inclusive, percent a year) rows, which must be contiguous."""
    rows = sorted(quarters)
    if not rows:
        return DailyRates(0, np.zeros(0), np.zeros(1), np.zeros(1))
    for (a0, a1, _), (b0, _, _) in zip(rows, rows[1:]):
        if b0 != a1 + timedelta(days=1):
            raise ValueError(f"interest-rate quarters are not contiguous: {a1} is followed by {b0}")
    first, last = rows[0][0], rows[-1][1]
    n = (last - first).days + 1
    years = (np.datetime64(first, "D") + np.arange(n)).astype("datetime64[Y]").astype(int) + 1970
    days_in_year = np.where([calendar.isleap(int(y)) for y in years], 366.0, 365.0)
    pct = np.empty(n)
    for lo, hi, value in rows:
        pct[(lo - first).days:(hi - first).days + 1] = value
    rate = pct / 100.0 / days_in_year
    cum_log = np.concatenate([[0.0], np.cumsum(np.log1p(rate))])
    cum_simple = np.concatenate([[0.0], np.cumsum(rate)])
    return DailyRates(day(first), rate, cum_log, cum_simple)


def accrue(principal: np.ndarray, start: np.ndarray, end: np.ndarray, rates: DailyRates,
           compounding: str = "daily") -> tuple[np.ndarray, np.ndarray]:
    """(interest, last day counted + 1) for amounts deposited on day ``start`` up to day ``end`` (exclusive),
    counting only days with a known rate (pure, vectorised)."""
    lo = np.clip(start - rates.first, 0, len(rates.daily))
    hi = np.clip(end - rates.first, 0, len(rates.daily))
    hi = np.maximum(hi, lo)
    if compounding == "daily":
        growth = np.exp(rates.cum_log[hi] - rates.cum_log[lo]) - 1.0
    else:
        growth = rates.cum_simple[hi] - rates.cum_simple[lo]
    return principal * growth, rates.first + hi


__all__ = ["DailyRates", "accrue", "daily_rates", "day"]
