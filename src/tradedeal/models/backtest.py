"""The back-test: the regime in force month by month through the product-level model, against
what the exporter's sales to the importer did.

For each month the model solves the importer's market at the tariffs of every distinct regime
day of the month (weighted by the days each lasts) and of the same month a year earlier, on
data-year trade with the shipped elasticities, and reports the modelled change of the exporter's
sales on the same month a year earlier. The observed change comes from a monthly series (the
reporter's statistics: a shipped dataset playing the role ``bilateral_series`` with monthly
periods, or the user's file), and, where reports give product figures (role ``product_series``),
the change between two months of a product group. The model is not tuned to the series: the
comparison is a check, with a plain statement of what the model leaves out.

Orchestration: the arithmetic is in :func:`changes` (pure, tested on a hand-made series).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from tradedeal.errors import QueryError
from tradedeal.models import pe
from tradedeal.models.simulate import market_base, scenario_tariffs
from tradedeal.regime.api import compiled
from tradedeal.regime.arrays import Compiled, day, from_day
from tradedeal.regime.lines import covered
from tradedeal.results.backtest import NOT_CAPTURED, BacktestResult
from tradedeal.tables import Provenance


@dataclass(frozen=True)
class Changes:
    """The arithmetic of the comparison, aligned with ``months``."""

    months: tuple[str, ...]
    modelled_pct: np.ndarray      # modelled change on the same month a year earlier, percent
    observed_pct: np.ndarray      # observed change, percent (NaN where the series has no prior-year figure)
    gap_points: np.ndarray        # observed minus modelled, percentage points
    mean_abs_gap_points: float    # over the months with both
    direction_hits: int           # months where both changes have the same sign
    compared: int                 # months with both


def changes(months, modelled_ratio, value, prior) -> Changes:
    """Percent changes and their gap. ``modelled_ratio``: modelled sales over the same month a
    year earlier; ``value``/``prior``: the observed month and the same month a year earlier (NaN
    where unknown). Pure."""
    r = np.asarray(modelled_ratio, float)
    v, p = np.asarray(value, float), np.asarray(prior, float)
    modelled = 100 * (r - 1)
    observed = np.where(p > 0, 100 * (v / np.where(p > 0, p, 1.0) - 1), np.nan)
    gap = observed - modelled
    both = np.isfinite(gap)
    hits = int((np.sign(observed[both]) == np.sign(modelled[both])).sum())
    mae = float(np.abs(gap[both]).mean()) if both.any() else float("nan")
    return Changes(tuple(months), modelled, observed, gap, mae, hits, int(both.sum()))


def month_bounds(month: str) -> tuple[date, date]:
    """First and last day of 'YYYY-MM'."""
    try:
        y, m = int(month[:4]), int(month[5:7])
        if len(month) != 7 or month[4] != "-" or not 1 <= m <= 12:
            raise ValueError
    except ValueError:
        raise QueryError(f"'{month}' is not a month", "write months as YYYY-MM, e.g. 2025-04") from None
    return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])


def segments(c: Compiled, month: str) -> list[tuple[date, int]]:
    """(first day, number of days) of each stretch of the month over which the regime does not
    change."""
    first, last = month_bounds(month)
    days = [d for d in c.change_days(day(first), day(last))]
    ends = [*days[1:], day(last) + 1]
    return [(from_day(a), b - a) for a, b in zip(days, ends)]


def a_year_earlier(month: str) -> str:
    return f"{int(month[:4]) - 1:04d}{month[4:]}"


class _Solver:
    """Solves the market once per distinct tariff vector and keeps the exporter's sales
    (total and by product group)."""

    def __init__(self, c: Compiled, mb, exporter: str, groups: dict[str, tuple[str, ...]]):
        self.c, self.mb = c, mb
        eta = mb.estimates["eta"].to_numpy(float)
        sigma = mb.estimates["sigma"].to_numpy(float)
        v0 = mb.pairs["value_usd"].to_numpy(float)
        self.t0 = mb.pairs["t0"].to_numpy(float)
        self.market = pe.Market(mb.product, mb.supplier, v0, self.t0, self.t0, eta, sigma, np.full(len(v0), np.inf))
        self.mine = (mb.pairs["exporter"] == exporter).to_numpy()
        codes = mb.pairs["code"].to_numpy().astype(str)
        self.in_group = {g: self.mine & _starts(codes, prefixes) for g, prefixes in groups.items()}
        self.v0 = v0
        self._by_key: dict[bytes, dict[str, float]] = {}
        self._by_day: dict[date, dict[str, float]] = {}
        self.solves = 0

    def sales(self, on: date) -> dict[str, float]:
        """The exporter's modelled sales at the tariffs of ``on`` ('total' and each group), USD/yr."""
        if on in self._by_day:
            return self._by_day[on]
        if on < self.c.header.covers_from:
            t = self.t0  # before the regime's first date the base tariffs stand (stated)
        else:
            t = scenario_tariffs(self.c, self.mb, on)
        key = np.asarray(t, np.float64).tobytes()
        got = self._by_key.get(key)
        if got is None:
            m = self.market
            sol = pe.solve(pe.Market(m.product, m.supplier, m.value0, m.t0, t, m.eta, m.sigma, m.omega))
            self.solves += 1
            if not sol.converged:
                raise QueryError(f"the {self.c.importer} market did not converge on {on}",
                                 "report this: the back-test uses infinite export supply")
            v1 = sol.value1
            got = {"total": float(v1[self.mine].sum()),
                   **{g: float(v1[sel].sum()) for g, sel in self.in_group.items()}}
            got["_t"] = float((t[self.mine] * self.v0[self.mine]).sum() / max(self.v0[self.mine].sum(), 1e-9))
            self._by_key[key] = got
        self._by_day[on] = got
        return got

    def month(self, month: str) -> dict[str, float]:
        """Day-weighted sales and tariff of the exporter over the month."""
        segs = segments(self.c, month)
        n = sum(w for _, w in segs)
        out: dict[str, float] = {}
        for on, w in segs:
            for k, v in self.sales(on).items():
                out[k] = out.get(k, 0.0) + v * w / n
        return out


def _starts(codes: np.ndarray, prefixes: tuple[str, ...]) -> np.ndarray:
    hit = np.zeros(len(codes), bool)
    for p in prefixes:
        hit |= np.char.startswith(codes, p)
    return hit


def run(importer: str, exporter: str, observed: pd.DataFrame, series_provenance: Provenance,
        products: pd.DataFrame | None = None, products_provenance: Provenance | None = None,
        year: int = 2024, first: str = "2025-04", last: str | None = None) -> BacktestResult:
    """The back-test over ``first`` .. ``last`` (default: the last month of ``observed``).

    ``observed``: month, value_usd, prior_year_usd (NaN where unknown), kind, source;
    ``products``: product, hs_prefixes, month, value_usd, source, confidence (optional)."""
    c = compiled(importer)
    start = c.header.covers_from or date(year + 1, 1, 1)
    months_seen = sorted(observed["month"])
    if not months_seen:
        raise QueryError("the observed series has no month", "give a series with month and value_usd rows")
    last = last or months_seen[-1]
    month_bounds(first), month_bounds(last)
    if last < first:
        raise QueryError(f"the months are inverted: {first} is after {last}", "give --from before --to")
    covered(c, month_bounds(first)[0], "--from")
    months = _month_range(first, last)
    mb = market_base(importer, exporter, year, c, start)
    if not (mb.pairs["exporter"] == exporter).any():
        raise QueryError(f"{exporter} sold nothing to {importer} in {year} in the data", "check the pair")
    groups = {}
    if products is not None and len(products):
        for g, rows in products.groupby("product", sort=False):
            groups[str(g)] = tuple(str(rows["hs_prefixes"].iloc[0]).split())
    solver = _Solver(c, mb, exporter, groups)
    base_total = float(mb.pairs.loc[mb.pairs["exporter"] == exporter, "value_usd"].sum())
    obs = observed.set_index("month")
    rows, ratios = [], []
    for m in months:
        now = solver.month(m)
        then = solver.month(a_year_earlier(m)) if month_bounds(a_year_earlier(m))[1] >= start else solver.sales(start)
        ratios.append(now["total"] / then["total"])
        rows.append((m, now["_t"] * 100, then["_t"] * 100, now["total"] / 12, base_total / 12,
                     obs["value_usd"].get(m, np.nan), obs["prior_year_usd"].get(m, np.nan),
                     str(obs["kind"].get(m, "")) if m in obs.index else "not in the series"))
    frame = pd.DataFrame(rows, columns=["month", "modelled_tariff_pct", "tariff_a_year_earlier_pct",
                                        "modelled_sales_usd", "data_year_monthly_usd", "observed_usd",
                                        "observed_a_year_earlier_usd", "observed_kind"])
    ch = changes(months, ratios, frame["observed_usd"], frame["observed_a_year_earlier_usd"])
    frame.insert(5, "modelled_change_pct", ch.modelled_pct)
    frame["observed_change_pct"] = ch.observed_pct
    frame["gap_points"] = ch.gap_points
    product_frame = _products(solver, products) if groups else pd.DataFrame()
    provenance = [series_provenance, *mb.data.provenance, Provenance(f"regime {c.header.id}", c.header.source)]
    if products_provenance is not None and groups:
        provenance.append(products_provenance)
    notes = [f"{importer}'s imports from {exporter}: the regime in force each day of each month (weighted by the days "
             f"it lasts) against the same month a year earlier, on {year} trade with the shipped elasticities; "
             f"the model sees tariffs only",
             f"months compared: {ch.compared} of {len(months)} (the others lack the observed figure or the one a year "
             f"earlier); same direction in {ch.direction_hits}; mean absolute gap {ch.mean_abs_gap_points:.1f} points",
             f"distinct tariff states solved: {solver.solves}"]
    if any(month_bounds(a_year_earlier(m))[1] < start for m in months):
        notes.append(f"months a year earlier before {start} (the regime's first date) are taken at its tariffs of "
                     f"{start}")
    return BacktestResult(importer, exporter, frame, product_frame, ch.mean_abs_gap_points, ch.direction_hits,
                          ch.compared, tuple(dict.fromkeys(provenance)), tuple(notes), NOT_CAPTURED)


def _products(solver: _Solver, products: pd.DataFrame) -> pd.DataFrame:
    """Per product group, each reported month against the group's first reported month."""
    rows = []
    for g, r in products.sort_values("month").groupby("product", sort=False):
        r = r.reset_index(drop=True)
        ref = r.iloc[0]
        ref_model = solver.month(ref["month"])[str(g)]
        for _, x in r.iloc[1:].iterrows():
            model = solver.month(x["month"])[str(g)]
            modelled = 100 * (model / ref_model - 1) if ref_model > 0 else np.nan
            observed = 100 * (x["value_usd"] / ref["value_usd"] - 1)
            rows.append((g, ref["hs_prefixes"], ref["month"], x["month"], ref["value_usd"], x["value_usd"], observed,
                         modelled, observed - modelled, x.get("confidence", ""), x["source"]))
    return pd.DataFrame(rows, columns=["product", "hs_prefixes", "from_month", "to_month", "observed_from_usd",
                                       "observed_to_usd", "observed_change_pct", "modelled_change_pct", "gap_points",
                                       "confidence", "source"])


def _month_range(first: str, last: str) -> list[str]:
    out, (d, end) = [], (month_bounds(first)[0], month_bounds(last)[0])
    while d <= end:
        out.append(f"{d.year:04d}-{d.month:02d}")
        d = (d.replace(day=28) + timedelta(days=4)).replace(day=1)
    return out
