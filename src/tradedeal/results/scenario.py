"""The result of a scenario: immutable tidy frames, a summary, aggregations, comparison and
exports. Nothing here computes a model: it sums and arranges what the model returned."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from tradedeal import lazy
from tradedeal.fileio import atomic_path, write_text_atomic
from tradedeal.options import Comparison, ScenarioBy, check, choices
from tradedeal.results.compare_models import GENERAL_EQUILIBRIUM, PRODUCT_LEVEL, compare_models
from tradedeal.tables import Provenance, TableResult, json_records

BY_CHOICES = choices(ScenarioBy)
WORLD = "world"  # the partner of a figure about the whole market
DEAL, VS_DATA_YEAR = choices(Comparison)  # the scenario against its baseline; against the data year's tariffs
LEVELS = {"imports_before": "imports_after", "balance_before": "balance_after",
          "bilateral_trade_before": "bilateral_trade_after"}  # level metrics: before -> its after
SUMS = ["value0_usd", "value1_usd", "change_usd", "tariff_effect_usd", "creation_usd", "diversion_usd",
        "purchases_usd", "displaced_usd", "revenue0_usd", "revenue1_usd", "exporter_surplus_change_usd"]
UNITS = {c: "USD/yr" for c in (*SUMS, "revenue_change_usd")}
TABLE_COLUMNS = ["market", "exporter", "hs2", "group", "code", "value0_usd", "value1_usd", "change_usd",
                 "creation_usd", "diversion_usd", "purchases_usd", "revenue_change_usd"]


@dataclass(frozen=True)
class ScenarioResult:
    """A scenario through the product-level model."""

    family = PRODUCT_LEVEL  # which kind of model made it (results of two kinds compare with compare_models)
    name: str
    title: str
    scenario: object = field(repr=False)
    lines: pd.DataFrame = field(repr=False)       # one row per market x code x supplier
    products: pd.DataFrame = field(repr=False)    # one row per market x code
    notes: tuple[str, ...] = ()
    provenance: tuple[Provenance, ...] = ()
    approximations: tuple[str, ...] = ()
    intervals: pd.DataFrame | None = field(default=None, repr=False)  # metric, market, partner, comparison, p5, p50, p95, mean
    groups: pd.DataFrame | None = field(default=None, repr=False)     # code, group: the products' groups
    baseline: "ScenarioResult | None" = field(default=None, repr=False)  # the no-deal alternative, solved the same way
    sensitivity: pd.DataFrame | None = field(default=None, repr=False)   # metric, market, partner, elasticities, factor, value_usd
    warnings: tuple[str, ...] = ()  # what the invariant checks found (tradedeal.models.invariants)

    # ---------------------------------------------------------------- numbers
    def own_metrics(self) -> pd.DataFrame:
        """Tidy (metric, market, partner, value_usd): the headline figures of every market and of
        the pair against the data year. ``market`` is the importer whose figure it is; ``partner``
        the supplier it is about, or ``world`` for the market as a whole. The balance and the
        pair's trade are the scenario importer's figures with its partner."""
        h = self.scenario.scenario
        rows = []
        for market, l in self.lines.groupby("market", sort=False):
            partner = self.scenario.partner_of(market)
            prod = self.products[self.products["market"] == market]
            fp = (l["exporter"] == partner).to_numpy()
            col = {c: l[c].to_numpy() for c in ("value0_usd", "value1_usd", "change_usd", "tariff_effect_usd",
                                                  "purchases_usd", "creation_usd", "revenue0_usd", "revenue1_usd",
                                                  "exporter_surplus_change_usd")}
            rev = float(col["revenue1_usd"].sum() - col["revenue0_usd"].sum())
            cs = float(prod["consumer_surplus_change_usd"].sum())
            ps = float(col["exporter_surplus_change_usd"].sum())
            world = [
                ("imports_before", col["value0_usd"].sum()), ("imports_after", col["value1_usd"].sum()),
                ("imports_change", col["change_usd"].sum()),
                ("imports_change_from_tariffs", col["tariff_effect_usd"].sum()),
                ("purchases_added", col["purchases_usd"].sum()),
            ]
            rows += [(k, market, WORLD, float(v)) for k, v in world]
            rows += [(k, market, partner, float(col[c][fp].sum())) for k, c in
                     (("imports_before", "value0_usd"), ("imports_after", "value1_usd"), ("imports_change", "change_usd"),
                      ("purchases_added", "purchases_usd"))]
            rows += [(k, market, WORLD, float(v)) for k, v in (
                ("trade_creation", col["creation_usd"].sum()), ("tariff_revenue_change", rev),
                ("consumer_surplus_change", cs), ("importer_welfare_change", cs + rev),
                ("exporter_surplus_change", ps), ("deadweight_loss_change", -(cs + rev + ps)))]
        frame = pd.DataFrame(rows, columns=["metric", "market", "partner", "value_usd"])
        a, b = h.importer, h.partner
        if {a, b} <= set(frame["market"]):
            def get(market, partner, metric):
                sel = (frame.market == market) & (frame.partner == partner) & (frame.metric == metric)
                return float(frame.loc[sel, "value_usd"].sum())

            before = get(b, a, "imports_before") - get(a, b, "imports_before")
            after = get(b, a, "imports_after") - get(a, b, "imports_after")
            frame = pd.concat([frame, pd.DataFrame([
                ("balance_before", a, b, before), ("balance_after", a, b, after),
                ("balance_change", a, b, after - before),
                ("bilateral_trade_before", a, b, get(b, a, "imports_before") + get(a, b, "imports_before")),
                ("bilateral_trade_after", a, b, get(b, a, "imports_after") + get(a, b, "imports_after")),
            ], columns=frame.columns)], ignore_index=True)
        return frame

    def metrics(self) -> pd.DataFrame:
        """Tidy (comparison, metric, market, partner, value_usd[, p5, p50, p95, mean, draws]).
        ``comparison = 'deal'`` (first): the scenario against its baseline, the deal's own effect
        (levels 'before' are the baseline's, 'after' the scenario's; changes are the scenario's
        minus the baseline's, both solved the same way from the same data year);
        ``'vs_data_year'``: the scenario against the tariffs of the base date, on data-year trade."""
        own = self.own_metrics()
        parts = []
        if self.baseline is not None:
            parts.append(deal_metrics(own, self.baseline.own_metrics()).assign(comparison=DEAL))
        parts.append(own.assign(comparison=VS_DATA_YEAR))
        frame = pd.concat(parts, ignore_index=True)[["comparison", "metric", "market", "partner", "value_usd"]]
        if self.intervals is not None:
            frame = frame.merge(self.intervals, on=["metric", "market", "partner", "comparison"], how="left")
        return frame

    def metric(self, metric: str, market: str, partner: str = "world", comparison: str | None = None) -> float:
        """One headline figure (USD per year): the deal's own effect by default (the scenario
        against its baseline), or ``comparison='vs_data_year'``."""
        m = self.metrics()
        comparison = comparison or (DEAL if self.baseline is not None else VS_DATA_YEAR)
        check(comparison, Comparison, "comparison")
        sel = (m.metric == metric) & (m.market == market) & (m.partner == partner) & (m.comparison == comparison)
        if not sel.any():
            raise KeyError((metric, market, partner, comparison))
        return float(m.loc[sel, "value_usd"].iloc[0])

    @property
    def changes_nothing(self) -> bool:
        """True when the scenario has no edit or purchase and is measured against the unedited regimes."""
        s = self.scenario
        return not s.edit and not s.purchase and self.baseline is not None and self.baseline.scenario is s

    def summary(self) -> TableResult:
        f = self.metrics()
        h = self.scenario.scenario
        notes = [f"{self.title}", *self.warnings, *self.notes]
        if self.baseline is not None:
            notes.append(f"comparison 'deal' (the headline): {self.name} against its baseline {self.baseline.name} "
                         f"({self.baseline.title}), both on {h.date}, the same data year ({h.data_year}) and the same "
                         "elasticities; 'before' is the baseline, 'after' the scenario")
            if self.changes_nothing:
                notes.append("this scenario has no edits or purchases: against its baseline it changes nothing, and "
                             "its content is the comparison against the data year")
        notes.append(f"comparison 'vs_data_year': data-year ({h.data_year}) trade at the tariffs of {h.base_date} "
                     f"against the tariffs of {h.date}, all else equal (every measure between the two dates, not "
                     "only the deal's); USD per year at data-year prices")
        if self.intervals is not None:
            notes.append("p5/p50/p95: percentiles over elasticity draws (standard errors where estimated, "
                         "+/-50% uniform where not); the deal's draws solve the scenario and the baseline with the "
                         "same elasticities")
        return TableResult(f"Scenario {self.name}: summary", f, {"value_usd": "USD per year"},
                           self._provenance(), tuple(notes))

    def sensitivity_table(self) -> TableResult:
        """The deal's headline figures at low (x0.5), central and high (x1.5) elasticities."""
        if self.sensitivity is None:
            raise ValueError("this result was computed without the sensitivity table")
        wide = self.sensitivity.pivot_table(index=["metric", "market", "partner"], columns="elasticities",
                                            values="value_usd", sort=False).reset_index()
        wide = wide[["metric", "market", "partner", *[c for c in ("low", "central", "high") if c in wide.columns]]]
        wide.columns.name = None
        return TableResult(f"Scenario {self.name}: the deal's effect at other elasticities", wide,
                           {c: "USD per year" for c in ("low", "central", "high")}, self._provenance(),
                           ("every import-demand and substitution elasticity times 0.5 (low), 1 (central) and 1.5 "
                            "(high), in the scenario and its baseline alike; the deal = scenario minus baseline",))

    def by(self, key: str = "hs2", market: str | None = None) -> TableResult:
        """Sums by HS2, product group, supplier or line (per market)."""
        check(key, ScenarioBy, "--by")
        l = self.lines if market is None else self.lines[self.lines["market"] == market]
        if key == "line":
            out = l.copy()
        elif key == "supplier":
            out = l.groupby(["market", "exporter"], as_index=False)[SUMS].sum()
        elif key == "hs2":
            out = l.assign(hs2=l["code"].str.slice(0, 2)).groupby(["market", "hs2"], as_index=False)[SUMS].sum()
        else:
            mem = self.groups.rename(columns={"code": "code_"})
            j = l.merge(mem, left_on="code", right_on="code_", how="inner")
            out = j.groupby(["market", "group"], as_index=False)[SUMS].sum()
        out["revenue_change_usd"] = out["revenue1_usd"] - out["revenue0_usd"]
        out = out.sort_values("change_usd", key=lambda s: -s.abs()).reset_index(drop=True)
        notes = ["product groups overlap: group rows do not add up"] if key == "group" else []
        return TableResult(f"Scenario {self.name}: by {key}", out, UNITS, self._provenance(), tuple(notes))

    def compare(self, *others, relative_to: str | None = None) -> TableResult:
        """The headline metrics of this and other scenarios side by side; given one GE result
        of the same scenario, the headline figures of both models."""
        if len(others) == 1 and getattr(others[0], "family", "") == GENERAL_EQUILIBRIUM:
            return compare_models(self, others[0])
        return compare(self, *others, relative_to=relative_to)

    def _provenance(self) -> tuple[Provenance, ...]:
        shown = {p.approximation for p in self.provenance}
        approx = "; ".join(a for a in self.approximations if a not in shown)
        return (*self.provenance, Provenance(f"scenario {self.name}", getattr(self.scenario, "file", ""), approx))

    # ---------------------------------------------------------------- exports
    def to_csv(self, folder: str | Path) -> list[Path]:
        folder = Path(folder)
        out = [self.summary().write(folder / f"{self.name}_summary.csv", "csv")]
        if self.sensitivity is not None:
            out.append(self.sensitivity_table().write(folder / f"{self.name}_sensitivity.csv", "csv"))
        for key in ("hs2", "group", "supplier"):
            out.append(self.by(key).write(folder / f"{self.name}_by_{key}.csv", "csv"))
        return out

    def to_parquet(self, folder: str | Path) -> list[Path]:

        folder = Path(folder)
        written = []
        meta = {b"tradedeal": json.dumps(self.summary().metadata()).encode()}
        for label, frame in (("lines", self.lines), ("products", self.products), ("summary", self.metrics())):
            path = folder / f"{self.name}_{label}.parquet"
            table = lazy.pyarrow().Table.from_pandas(frame, preserve_index=False)
            with atomic_path(path) as tmp:
                lazy.parquet().write_table(table.replace_schema_metadata(meta), tmp)
            written.append(path)
        return written

    def to_excel(self, path: str | Path) -> Path:
        """A workbook of this scenario (see :func:`to_excel` for several and their comparison)."""
        return to_excel([self], path)

    def to_json(self, path: str | Path | None = None) -> str:
        suppliers = self.by("supplier").frame
        doc = {"name": self.name, "title": self.title, "unit": "USD per year",
               "baseline": {"name": self.baseline.name, "title": self.baseline.title} if self.baseline is not None else None,
               "warnings": list(self.warnings),
               "summary": json_records(self.metrics()),
               "sensitivity": json_records(self.sensitivity_table().frame) if self.sensitivity is not None else None,
               "by_supplier": json_records(suppliers.head(50)),
               "by_supplier_rows": {"shown": min(50, len(suppliers)), "total": len(suppliers),
                                    "all_rows": "in the CSV and Parquet exports (to_csv, to_parquet)"},
               "notes": list(self.notes), "approximations": list(self.approximations),
               "provenance": [p.to_dict() for p in self._provenance()]}
        text = json.dumps(doc, indent=2)
        if path is not None:
            write_text_atomic(path, text)
        return text


def to_excel(results: list[ScenarioResult], path: str | Path, comparison: TableResult | None = None) -> Path:
    """One workbook: a contents sheet, then per scenario its summary (deal and against the data
    year), sensitivity, sums by HS2, group and supplier, the pair's lines and what it rests on;
    the comparison of the scenarios last. Written atomically."""
    path = Path(path)
    with atomic_path(path) as tmp:
        with pd.ExcelWriter(tmp, engine="openpyxl") as xl:
            contents = []
            for i, r in enumerate(results, 1):
                sheets = {"summary": r.metrics()}
                if r.sensitivity is not None:
                    sheets["sensitivity"] = r.sensitivity_table().frame
                for key in ("hs2", "group", "supplier"):
                    sheets[f"by_{key}"] = r.by(key).frame
                h = r.scenario.scenario
                lines = r.lines
                sheets["pair_lines"] = lines[((lines.market == h.importer) & (lines.exporter == h.partner)) |
                                             ((lines.market == h.partner) & (lines.exporter == h.importer))]
                prov = r._provenance()
                sheets["about"] = pd.DataFrame({
                    "item": ["title", "baseline", *["warning"] * len(r.warnings), *["note"] * len(r.notes),
                             *["source"] * len(prov), *["approximation"] * len(r.approximations)],
                    "text": [r.title, r.baseline.name if r.baseline is not None else "", *r.warnings, *r.notes,
                             *(f"{p.dataset}: {p.source}" for p in prov), *r.approximations]})
                for kind, frame in sheets.items():
                    name = f"{i} {kind}"
                    frame.to_excel(xl, sheet_name=name, index=False)
                    contents.append((name, r.name, kind, len(frame)))
            if comparison is not None:
                comparison.frame.to_excel(xl, sheet_name="comparison", index=False)
                contents.append(("comparison", ", ".join(r.name for r in results), "comparison", len(comparison.frame)))
            pd.DataFrame(contents, columns=["sheet", "scenario", "table", "rows"]).to_excel(
                xl, sheet_name="contents", index=False)
            xl.book.move_sheet("contents", offset=-len(xl.book.sheetnames) + 1)
    return path


def deal_metrics(own: pd.DataFrame, base: pd.DataFrame) -> pd.DataFrame:
    """The scenario against its baseline from the two (metric, market, partner, value_usd)
    frames: 'before' levels are the baseline's 'after', 'after' levels the scenario's, every
    change the scenario's minus the baseline's."""
    key = ["metric", "market", "partner"]
    b = base.set_index(key)["value_usd"]
    out = own.copy()
    values = []
    for metric, market, partner, v in own[[*key, "value_usd"]].itertuples(index=False):
        if metric in LEVELS:
            values.append(b.get((LEVELS[metric], market, partner), float("nan")))
        elif metric in LEVELS.values():
            values.append(v)
        else:
            values.append(v - b.get((metric, market, partner), float("nan")))
    out["value_usd"] = values
    return out


def compare(*results: ScenarioResult, relative_to: str | None = None) -> TableResult:
    """Headline metrics of several scenarios, one column each ((comparison, metric, market,
    partner) rows); with ``relative_to`` (a scenario name) also each scenario minus that one."""
    frames = []
    key = ["comparison", "metric", "market", "partner"]
    for r in results:
        m = r.metrics()[[*key, "value_usd"]].rename(columns={"value_usd": r.name})
        frames.append(m.set_index(key))
    out = pd.concat(frames, axis=1).reset_index()
    notes = [f"{r.name}: {r.title} (deal: against {r.baseline.name if r.baseline is not None else 'no baseline'})"
             for r in results]
    if relative_to is not None:
        out = out[out["comparison"] == VS_DATA_YEAR].reset_index(drop=True)
        for r in results:
            if r.name != relative_to:
                out[f"{r.name}_minus_{relative_to}"] = out[r.name] - out[relative_to]
        notes.append(f"every scenario against the data year, and each minus {relative_to}: what it changes against "
                     f"{relative_to}; each scenario's deal against its own baseline is in its summary")
    prov = tuple(dict.fromkeys(p for r in results for p in r._provenance()))
    return TableResult("Scenarios compared", out, {r.name: "USD per year" for r in results}, prov, tuple(notes))
