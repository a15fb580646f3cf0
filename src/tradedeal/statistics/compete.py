"""How an exporter's duty compares with its competitors' on the same lines.

For the exporter's top lines into the importer (by trade of the data year), every other
supplier of the same line is a competitor; its duty on the date is weighted by its own sales
of that line. Competitors default to the largest suppliers of the exporter's basket (from
the data, not a fixed list); ``competitors`` names them instead.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from tradedeal import datasets
from tradedeal.datasets import user_index
from tradedeal.errors import QueryError
from tradedeal.options import Source, check
from tradedeal.regime.api import as_date, compiled, covered, verified_note
from tradedeal.regime.arrays import Compiled, day
from tradedeal.regime.engine import stack
from tradedeal.statistics.trade import _describe
from tradedeal.store.db import Store
from tradedeal.tables import Figure, Provenance, TableResult


def importer_lines(importer: str, year: int, source: Source = "auto") -> tuple[pd.DataFrame, Provenance]:
    """The importer's imports by line and supplier, from a dataset playing the role
    ``import_table`` (only a full import table allows this): shipped data for the year first
    under ``auto``, else the user's imported table."""
    check(source, Source, "--source")
    frame, prov = _importer_lines(importer, year, source, user_index.fingerprint("trade"))
    return frame.copy(), prov


@lru_cache(maxsize=4)
def _importer_lines(importer: str, year: int, source: str, _user: str) -> tuple[pd.DataFrame, Provenance]:
    matches = datasets.find("import_table", importer=importer)
    shipped = [m for m in matches if m.kind == "shipped"]
    user = [m for m in matches if m.kind == "user" and year in (m.get("years") or ())]
    order = {"auto": shipped + user, "shipped": shipped, "user": user}[source]
    for m in order:
        if m.kind == "user":
            with Store.open(read_only=True) as store:
                rows = store.user_trade(importer=importer, year=year, flow="import")
            level = int(rows["hs_level"].max())
            rows = rows[rows["hs_level"] == level]
            frame = rows[["hs_code", "exporter", "value_usd"]]
            return (frame.groupby(["hs_code", "exporter"], as_index=False)["value_usd"].sum(),
                    Provenance(m.label, "user import", f"the user's imported table of {importer}'s imports at HS{level}"))
        code, exporter = m.get("code_column"), m.get("exporter_column")
        frame = datasets.load(m.dataset, columns=[code, exporter, "year", "value_usd"])
        frame = frame[(frame["year"] == year) & frame[exporter].notna()]
        if frame.empty:
            continue
        frame = frame.rename(columns={code: "hs_code", exporter: "exporter"})
        return (frame.groupby(["hs_code", "exporter"], as_index=False)["value_usd"].sum(),
                Provenance(m.dataset, datasets.source_text(m.dataset)))
    raise QueryError(f"no table of {importer}'s imports by line and supplier for {year}",
                     "the comparison needs every supplier's sales of each line; shipped: "
                     + (", ".join(f"{m.dataset} ({m.get('importer')})" for m in datasets.shipped("import_table"))
                        or "none") + "; or import a UN Comtrade file of the importer's imports from every partner")


def import_universe(importer: str, year: int) -> tuple[list[str], pd.Series]:
    """Every partner in the importer's import table, and the lines traded (for the panel)."""
    trade, _ = importer_lines(importer, year)
    return sorted(trade["exporter"].unique()), trade["hs_code"]


def duty_matrix(c: Compiled, exporters: list[str], d, codes: pd.Series) -> pd.DataFrame:
    """Duty (percent) of each exporter on each code: a tidy frame (pure over the compiled regime)."""
    idx = c.positions(codes)
    rows = []
    for e in exporters:
        st = stack(c, e, day(d), idx)
        rows.append(pd.DataFrame({"hs_code": c.codes[idx], "exporter": e, "duty_pct": st.total}))
    return pd.concat(rows, ignore_index=True)


def compete(importer: str, exporter: str, on, top: int = 25, competitors: list[str] | None = None,
            n_competitors: int = 8, year: int = 2024, c: Compiled | None = None) -> tuple[TableResult, TableResult]:
    """(by line, by competitor): the exporter's duty against its competitors' on its top lines."""
    c = c or compiled(importer)
    d = covered(c, as_date(on))
    trade, prov = importer_lines(importer, year)
    own = trade[trade["exporter"] == exporter].nlargest(top, "value_usd")
    if own.empty:
        raise QueryError(f"{exporter} sold nothing to {importer} in {year} in the data")
    basket = trade[trade["hs_code"].isin(own["hs_code"])]
    others = basket[basket["exporter"] != exporter]
    if competitors is None:
        competitors = others.groupby("exporter")["value_usd"].sum().nlargest(n_competitors).index.tolist()
    rivals = others[others["exporter"].isin(competitors)]
    duties = duty_matrix(c, [exporter, *competitors], d, basket["hs_code"])
    rivals = rivals.merge(duties, on=["hs_code", "exporter"], how="left")
    mine = own.merge(duties, on=["hs_code", "exporter"], how="left")
    w = rivals.assign(_wd=rivals["duty_pct"] * rivals["value_usd"])
    per_line = w.groupby("hs_code").agg(competitor_sales_usd=("value_usd", "sum"), _wd=("_wd", "sum"))
    per_line["competitors_duty_pct"] = per_line["_wd"] / per_line["competitor_sales_usd"]
    lowest = rivals.sort_values("duty_pct").groupby("hs_code").first()
    by_line = mine[["hs_code", "value_usd", "duty_pct"]].rename(
        columns={"value_usd": f"{exporter.lower()}_sales_usd", "duty_pct": f"{exporter.lower()}_duty_pct"})
    by_line = by_line.merge(per_line.drop(columns="_wd"), left_on="hs_code", right_index=True, how="left")
    by_line["margin_points"] = by_line[f"{exporter.lower()}_duty_pct"] - by_line["competitors_duty_pct"]
    by_line["lowest_duty_rival"] = by_line["hs_code"].map(lowest["exporter"])
    by_line["lowest_rival_duty_pct"] = by_line["hs_code"].map(lowest["duty_pct"])
    by_line.insert(1, "description", _describe(by_line["hs_code"], "hs10", (importer,)))
    by_line = by_line.rename(columns={"hs_code": "code"}).reset_index(drop=True)
    # by competitor, over the exporter's basket, with the exporter's weights: each line counts by
    # the exporter's sales of it (the same weights for everyone), over the lines the rival sells
    weight = own.set_index("hs_code")["value_usd"]
    w = w.assign(_own=w["hs_code"].map(weight).to_numpy(float))
    w = w.assign(_ow=w["_own"] * w["duty_pct"])
    agg = w.groupby("exporter").agg(sales_usd=("value_usd", "sum"), _wd=("_wd", "sum"), lines=("hs_code", "nunique"),
                                    _ow=("_ow", "sum"), _own=("_own", "sum"))
    total_weight = float(weight.sum())
    agg["avg_duty_pct"] = agg["_ow"] / agg["_own"]
    agg["basket_weight_covered_pct"] = 100 * agg["_own"] / total_weight
    agg["avg_duty_own_sales_pct"] = agg["_wd"] / agg["sales_usd"]
    own_avg = float((mine["duty_pct"] * mine["value_usd"]).sum() / mine["value_usd"].sum())
    by_comp = agg.drop(columns=["_wd", "_ow", "_own"]).reset_index()
    by_comp["gap_vs_exporter_points"] = own_avg - by_comp["avg_duty_pct"]
    head = pd.DataFrame([{"exporter": exporter, "sales_usd": float(mine["value_usd"].sum()),
                          "lines": len(mine), "avg_duty_pct": own_avg, "basket_weight_covered_pct": 100.0,
                          "avg_duty_own_sales_pct": own_avg, "gap_vs_exporter_points": 0.0}])
    by_comp = pd.concat([head, by_comp.sort_values("sales_usd", ascending=False)], ignore_index=True)
    basket_usd = float(own["value_usd"].sum())
    basket_share = 100 * basket_usd / float(trade.loc[trade["exporter"] == exporter, "value_usd"].sum())
    has = per_line["competitor_sales_usd"] > 0
    lw = weight.reindex(per_line.index[has])
    rivals_avg = float((per_line.loc[has, "competitors_duty_pct"] * lw).sum() / lw.sum()) if lw.sum() else float("nan")
    about = f"{exporter}'s top {len(own)} lines into {importer} ({year} trade), duties on {d}"
    figures = (Figure("basket_usd", basket_usd, "USD", about=about),
               Figure("basket_share_pct", basket_share, f"% of {exporter}'s sales to {importer}", about=about),
               Figure("exporter_avg_duty_pct", own_avg, "% ad valorem, weighted by own sales", about=about),
               Figure("competitors_avg_duty_pct", rivals_avg, "% ad valorem: per line the competitors' duty "
                      "(weighted by their sales of the line), over the lines weighted by the exporter's sales",
                      about=about),
               Figure("margin_points", own_avg - rivals_avg, "percentage points (exporter minus competitors)",
                      about=about))
    notes = [f"{exporter}'s top {len(own)} lines into {importer} ({year}): USD {basket_usd:,.0f}, "
             f"{basket_share:.1f}% of its sales; competitors: {', '.join(competitors)}",
             "margin_points > 0: the exporter pays more than its competitors on that line",
             f"averages over the basket use {exporter}'s weights for everyone: each line counts by {exporter}'s "
             "sales of it (a rival over the lines it sells, with basket_weight_covered_pct the share of the basket's "
             "weight they carry; within a line, competitors by their sales); avg_duty_own_sales_pct weights each "
             "rival by its own sales instead"]
    warn = verified_note(c, d)
    if warn:
        notes.insert(0, warn)
    rprov = Provenance(f"regime {c.header.id}", c.header.source,
                       "; ".join(c.approximations_for_exporters([exporter, *competitors])))
    units = {f"{exporter.lower()}_sales_usd": "USD", "competitor_sales_usd": "USD", "sales_usd": "USD",
             f"{exporter.lower()}_duty_pct": "% ad valorem", "competitors_duty_pct": "% ad valorem, weighted by competitor sales",
             "avg_duty_pct": "% ad valorem, the basket's lines weighted by the exporter's sales",
             "avg_duty_own_sales_pct": "% ad valorem, weighted by the supplier's own sales of the basket",
             "basket_weight_covered_pct": "% of the exporter's basket (by its sales) the supplier sells",
             "margin_points": "percentage points",
             "gap_vs_exporter_points": "percentage points (exporter minus competitor)"}
    t1 = TableResult(f"{exporter} against its competitors in {importer} on {d}: top {len(own)} lines",
                     by_line, units, (prov, rprov), tuple(notes), figures)
    t2 = TableResult(f"Average duty on {exporter}'s top-{len(own)} basket in {importer} on {d}, by supplier",
                     by_comp, units, (prov, rprov), tuple(notes), figures)
    return t1, t2
