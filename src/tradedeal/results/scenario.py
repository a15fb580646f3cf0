"""The result of a scenario: immutable tidy frames, a summary, aggregations, comparison and
exports. Nothing here computes a model: it sums and arranges what the model returned."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from tradedeal import lazy
from tradedeal.fileio import atomic_path, write_text_atomic
from tradedeal.options import ScenarioBy, check, choices
from tradedeal.results.compare_models import GENERAL_EQUILIBRIUM, PRODUCT_LEVEL, compare_models
from tradedeal.tables import Provenance, TableResult

BY_CHOICES = choices(ScenarioBy)
WORLD = "world"  # the partner of a figure about the whole market
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
    intervals: pd.DataFrame | None = field(default=None, repr=False)  # metric, market, partner, p5, p50, p95, mean
    groups: pd.DataFrame | None = field(default=None, repr=False)     # code, group: the products' groups

    # ---------------------------------------------------------------- numbers
    def metrics(self) -> pd.DataFrame:
        """Tidy (metric, market, partner, value_usd): the headline figures of every market and of
        the pair. ``market`` is the importer whose figure it is; ``partner`` the supplier it is
        about, or ``world`` for the market as a whole. The balance and the pair's trade are the
        scenario importer's figures with its partner."""
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
                     (("imports_before", "value0_usd"), ("imports_after", "value1_usd"), ("imports_change", "change_usd"))]
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
        if self.intervals is not None:
            frame = frame.merge(self.intervals, on=["metric", "market", "partner"], how="left")
        return frame

    def metric(self, metric: str, market: str, partner: str = "world") -> float:
        """One headline figure (USD per year)."""
        m = self.metrics()
        sel = (m.metric == metric) & (m.market == market) & (m.partner == partner)
        if not sel.any():
            raise KeyError((metric, market, partner))
        return float(m.loc[sel, "value_usd"].iloc[0])

    def summary(self) -> TableResult:
        f = self.metrics()
        notes = [f"{self.title}", *self.notes,
                 "static comparison: data-year trade at the tariffs of the base date against the tariffs "
                 "of the scenario date, all else equal; USD per year at data-year prices"]
        if self.intervals is not None:
            notes.append("p5/p50/p95: percentiles over elasticity draws (standard errors where estimated, "
                         "+/-50% uniform where not)")
        return TableResult(f"Scenario {self.name}: summary", f, {"value_usd": "USD per year"},
                           self._provenance(), tuple(notes))

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
        path = Path(path)
        with atomic_path(path) as tmp:
            with pd.ExcelWriter(tmp, engine="openpyxl") as xl:
                self.metrics().to_excel(xl, sheet_name="summary", index=False)
                for key in ("hs2", "group", "supplier"):
                    self.by(key).frame.to_excel(xl, sheet_name=f"by_{key}", index=False)
                h = self.scenario.scenario
                pair = self.lines[((self.lines.market == h.importer) & (self.lines.exporter == h.partner)) |
                                  ((self.lines.market == h.partner) & (self.lines.exporter == h.importer))]
                pair.to_excel(xl, sheet_name="pair_lines", index=False)
                prov = self._provenance()
                meta = pd.DataFrame({"item": ["title", *["note"] * len(self.notes), *["source"] * len(prov),
                                              *["approximation"] * len(self.approximations)],
                                     "text": [self.title, *self.notes, *(f"{p.dataset}: {p.source}" for p in prov),
                                              *self.approximations]})
                meta.to_excel(xl, sheet_name="about", index=False)
        return path

    def to_json(self, path: str | Path | None = None) -> str:
        suppliers = self.by("supplier").frame
        doc = {"name": self.name, "title": self.title, "unit": "USD per year",
               "summary": json.loads(self.metrics().to_json(orient="records")),
               "by_supplier": json.loads(suppliers.head(50).to_json(orient="records")),
               "by_supplier_rows": {"shown": min(50, len(suppliers)), "total": len(suppliers),
                                    "all_rows": "in the CSV and Parquet exports (to_csv, to_parquet)"},
               "notes": list(self.notes), "approximations": list(self.approximations),
               "provenance": [p.to_dict() for p in self._provenance()]}
        text = json.dumps(doc, indent=2)
        if path is not None:
            write_text_atomic(path, text)
        return text


def compare(*results: ScenarioResult, relative_to: str | None = None) -> TableResult:
    """Headline metrics of several scenarios, one column each (metric x market rows); with
    ``relative_to`` (a scenario name) also each scenario minus that one: what the deal changes."""
    frames = []
    for r in results:
        m = r.metrics()[["metric", "market", "partner", "value_usd"]].rename(columns={"value_usd": r.name})
        frames.append(m.set_index(["metric", "market", "partner"]))
    out = pd.concat(frames, axis=1).reset_index()
    if relative_to is not None:
        for r in results:
            if r.name != relative_to:
                out[f"{r.name}_minus_{relative_to}"] = out[r.name] - out[relative_to]
    prov = tuple(dict.fromkeys(p for r in results for p in r._provenance()))
    return TableResult("Scenarios compared", out, {r.name: "USD per year" for r in results}, prov,
                       tuple(f"{r.name}: {r.title}" for r in results))
