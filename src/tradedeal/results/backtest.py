"""The result of a back-test: the months compared, the product groups compared, what the model
leaves out. Arranges what :mod:`tradedeal.models.backtest` computed."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from tradedeal.tables import Provenance, TableResult

NOT_CAPTURED = (
    "timing: importers bought ahead of announced tariffs (front-loading in the spring and summer of 2025) and ran "
    "stocks down after; the model compares steady states, month by month, with no stocks and no anticipation",
    "supply shifts: production moved into the exporter for reasons besides tariffs (smartphone assembly moving "
    "from China to India, exempt electronics); the model holds each supplier's costs and capacity as in the data "
    "year",
    "demand and prices: the importer's demand growth, the business cycle, exchange rates and world prices are "
    "held at the data year's; so is the mix of products within a line",
    "lags and contracts: orders placed months ahead, in-transit exemptions beyond those the regime models, and "
    "the time buyers take to switch suppliers; the model's switch is immediate and complete",
    "statistics: the observed series is the reporter's (the exporter's customs data, by shipment month, f.o.b.), "
    "the model's trade is the importer's (customs value by entry date); the two differ in timing and valuation",
)


@dataclass(frozen=True)
class BacktestResult:
    """Modelled against observed changes of an exporter's sales to an importer."""

    importer: str
    exporter: str
    months: pd.DataFrame = field(repr=False)     # one row per month
    products: pd.DataFrame = field(repr=False)   # one row per product group and reported month
    mean_abs_gap_points: float = float("nan")
    direction_hits: int = 0
    compared: int = 0
    provenance: tuple[Provenance, ...] = ()
    notes: tuple[str, ...] = ()
    not_captured: tuple[str, ...] = NOT_CAPTURED

    def table(self) -> TableResult:
        units = {"modelled_tariff_pct": "% (trade-wtd)", "tariff_a_year_earlier_pct": "% (trade-wtd)",
                 "modelled_sales_usd": "USD/month", "data_year_monthly_usd": "USD/month (data year / 12)",
                 "observed_usd": "USD", "observed_a_year_earlier_usd": "USD", "modelled_change_pct": "% y/y",
                 "observed_change_pct": "% y/y", "gap_points": "points"}
        return TableResult(f"Back-test: {self.importer}'s imports from {self.exporter}, modelled against observed",
                           self.months, units, self.provenance,
                           (*self.notes, *(f"not in the model: {t}" for t in self.not_captured)))

    def products_table(self) -> TableResult:
        units = {"observed_from_usd": "USD", "observed_to_usd": "USD", "observed_change_pct": "%",
                 "modelled_change_pct": "%", "gap_points": "percentage points"}
        return TableResult(f"Back-test by product group: {self.exporter}'s sales to {self.importer} between reported months",
                           self.products, units, self.provenance,
                           ("each group against its first reported month; the groups' HS scopes are tradedeal's "
                            "mapping of the reports' names (approximate); confidence: the fact sheet's mark",))

    def statement(self) -> str:
        """A plain paragraph of what the comparison shows and what the model does not capture."""
        m = self.months.dropna(subset=["observed_change_pct"])
        parts = [f"Over {self.compared} months with an observed change, the model's change of {self.exporter}'s "
                 f"sales to {self.importer} has the same direction as the observed one in {self.direction_hits} "
                 f"and differs from it by {self.mean_abs_gap_points:.1f} percentage points on average."]
        if len(m):
            worst = m.loc[m["gap_points"].abs().idxmax()]
            parts.append(f"The largest gap is in {worst['month']}: observed {worst['observed_change_pct']:+.1f}%, "
                         f"modelled {worst['modelled_change_pct']:+.1f}%.")
        if len(self.products):
            p = self.products.loc[self.products["gap_points"].abs().idxmax()]
            parts.append(f"By product, the largest gap is {p['product']} from {p['from_month']} to {p['to_month']}: "
                         f"observed {p['observed_change_pct']:+.1f}%, modelled {p['modelled_change_pct']:+.1f}%.")
        parts.append("The model sees tariffs only; it does not capture " + "; ".join(
            t.split(":")[0] for t in self.not_captured) + " (each explained in the notes). It is a check on the "
            "model, not tuned to the series.")
        return " ".join(parts)
