"""A market without a shipped table of its imports by line and supplier (India's, Vietnam's...),
sized from the OECD ICIO's bilateral flows. The rule, stated beside every figure it touches:

1. Flows into the importer by goods sector (ICIO sections A-C) and supplier: intermediate sales
   plus final-demand sales (final demand by destination constructed as in the GE model:
   final buyers source like the country's intermediate buyers), basic prices, 2022.
2. Each supplier's flows of a sector are split across HS chapters as that supplier's sales of the
   sector split in the largest shipped table of imports by line and supplier (its sales to the
   US stand in for its sales to the importer, whose own composition is not shipped; a supplier
   that sells the sector nothing there takes the table's whole-sector split): HS6 -> ISIC Rev. 4
   -> ICIO sector.
3. The pair's own bilateral statistics replace the ICIO figures for the partner where a dataset
   plays the role ``trade`` for it (India's imports from the US: EIDB, by HS2).
4. The other suppliers are scaled so that all suppliers together match the importer's total
   merchandise imports in the data year, where a dataset plays the role ``trade_totals`` for it
   (India: DGCI&S, fiscal year); else they stay at their 2022 ICIO level (said so).
5. The largest suppliers (by value; the EU's members as one, ``EUN``) are suppliers of their
   own, each at its own tariff; the rest is one supplier, ``ROW``, at the MFN rate.

Pure once the inputs are read: :func:`size` takes the flows, shares and totals as frames.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from tradedeal import datasets
from tradedeal.codes.countries import country_groups
from tradedeal.codes.sectors import hs6_to_sector
from tradedeal.models.gravity.icio import final_demand_by_destination
from tradedeal.tables import Provenance

ROW = "ROW"              # the rest of the world, as one supplier
TOP_SUPPLIERS = 8        # suppliers kept apart (the rest is ROW)
GOODS = ("A", "B", "C")  # ICIO sections that hold goods


@dataclass(frozen=True)
class Sizing:
    """The suppliers of a market by HS chapter, and how well they fit the importer's totals."""

    pairs: pd.DataFrame = field(repr=False)   # code (HS2), exporter, value_usd
    fit: dict                                 # what the sizing rests on, in numbers
    notes: tuple[str, ...]
    approximations: tuple[str, ...]
    provenance: tuple[Provenance, ...]


def icio_flows_into(importer: str) -> pd.DataFrame:
    """(sector, exporter, value_usd): the importer's purchases of goods from every other country,
    intermediate and final, ICIO 2022 (basic prices)."""
    nodes = datasets.load("icio_node_totals")
    flows = datasets.load("icio_intermediate_flows")
    countries = sorted(nodes["country"].unique())
    sectors = list(datasets.load("icio_sectors")["sector"])
    ci = {c: k for k, c in enumerate(countries)}
    sj = {s: k for k, s in enumerate(sectors)}
    N, J = len(countries), len(sectors)
    T = np.zeros((J, N, N))
    T[flows["seller_sector"].map(sj), flows["seller_country"].map(ci), flows["buyer_country"].map(ci)] = \
        flows["value_usd_mn"].to_numpy(float)
    FS = np.zeros((J, N))
    FS[nodes["sector"].map(sj), nodes["country"].map(ci)] = nodes["final_demand_sales_usd_mn"].to_numpy(float)
    F, _ = final_demand_by_destination(T, FS)
    n = ci[importer]
    into = (T + F)[:, :, n] * 1e6  # [j, i] USD
    out = pd.DataFrame({"sector": np.repeat(sectors, N), "exporter": np.tile(countries, J), "value_usd": into.ravel()})
    out = out[(out["exporter"] != importer) & out["sector"].str[0].isin(GOODS) & (out["value_usd"] > 0)]
    return out.reset_index(drop=True)


def chapter_shares() -> tuple[pd.DataFrame, str]:
    """(sector, exporter, hs2, share): each supplier's sales of a goods sector split across HS
    chapters as its sales of that sector are split in the largest shipped table of an importer's
    imports by line and supplier; exporter '*' holds the split of the table's whole sector (used
    for a supplier that sells the sector nothing there)."""
    tables = datasets.shipped("import_table")
    if not tables:
        return pd.DataFrame(columns=["sector", "exporter", "hs2", "share"]), ""
    best = max(tables, key=lambda m: datasets.info(m.dataset).rows)
    code, exp = best.get("code_column"), best.get("exporter_column")
    rows = datasets.query(f'SELECT substr("{code}", 1, 6) AS hs6, "{exp}", SUM(value_usd) FROM {{{best.dataset}}} '
                          f'WHERE "{exp}" IS NOT NULL GROUP BY 1, 2')
    value = pd.DataFrame(rows, columns=["hs6", "exporter", "value_usd"])
    world = value.groupby("hs6", as_index=False)["value_usd"].sum().assign(exporter="*")
    w = hs6_to_sector().merge(pd.concat([value, world], ignore_index=True), on="hs6")
    w["v"] = w["weight"] * w["value_usd"]
    w["hs2"] = w["hs6"].str.slice(0, 2)
    by = w.groupby(["sector", "exporter", "hs2"], as_index=False)["v"].sum()
    by["share"] = by["v"] / by.groupby(["sector", "exporter"])["v"].transform("sum")
    return by[["sector", "exporter", "hs2", "share"]], best.dataset


def totals_for(importer: str, year: int) -> tuple[float | None, str]:
    """The importer's total merchandise imports in the data year, and where it comes from."""
    for m in datasets.find("trade_totals", country=importer):
        fiscal = m.get("period") == "fiscal_apr_mar"
        label = f"{year}-{(year + 1) % 100:02d}" if fiscal else str(year)
        col = "fiscal_year" if fiscal else "year"
        got = datasets.query(f'SELECT "{m.get("imports_column")}" FROM {{{m.dataset}}} WHERE "{col}" = '
                             f"{datasets.lit(label if fiscal else year)}")
        if got and got[0][0] is not None:
            return float(got[0][0]), f"{m.dataset} ({'fiscal year ' + label if fiscal else label})"
    return None, ""


def size(flows: pd.DataFrame, shares: pd.DataFrame, importer: str, partner: str,
         partner_lines: pd.DataFrame | None, total: float | None, top: int = TOP_SUPPLIERS) -> tuple[pd.DataFrame, dict]:
    """Pure: (pairs code/exporter/value_usd, fit) from the ICIO flows, the chapter shares, the
    pair's own lines (HS2, or None) and the importer's total imports (or None)."""
    eu = set(country_groups()["EUN"].members) if "EUN" in country_groups() else set()
    own = flows.merge(shares, on=["sector", "exporter"], how="inner")
    known = set(zip(shares["sector"], shares["exporter"]))
    rest = flows[[(s_, e) not in known for s_, e in zip(flows["sector"], flows["exporter"])]]
    world = rest.merge(shares[shares["exporter"] == "*"].drop(columns="exporter"), on="sector", how="inner")
    split = pd.concat([own, world], ignore_index=True)
    split["value_usd"] = split["value_usd"] * split["share"]
    split["exporter"] = split["exporter"].where(~split["exporter"].isin(eu), "EUN")
    pairs = split.groupby(["hs2", "exporter"], as_index=False)["value_usd"].sum().rename(columns={"hs2": "code"})
    icio_total = float(flows["value_usd"].sum())
    unsplit = icio_total - float(pairs["value_usd"].sum())
    fit = {"icio_goods_imports_usd": icio_total, "icio_partner_usd": float(pairs.loc[pairs.exporter == partner, "value_usd"].sum()),
           "unsplit_usd": unsplit}
    if partner_lines is not None and len(partner_lines):
        own = partner_lines.assign(code=partner_lines["code"].astype(str).str.slice(0, 2)).groupby("code", as_index=False)[
            "value_usd"].sum().assign(exporter=partner)
        pairs = pd.concat([pairs[pairs["exporter"] != partner], own], ignore_index=True)
        fit["partner_from_bilateral_usd"] = float(own["value_usd"].sum())
    partner_total = float(pairs.loc[pairs.exporter == partner, "value_usd"].sum())
    others = pairs["exporter"] != partner
    others_total = float(pairs.loc[others, "value_usd"].sum())
    scale = 1.0
    if total is not None and others_total > 0:
        scale = (total - partner_total) / others_total
        pairs.loc[others, "value_usd"] *= scale
    fit.update({"target_total_usd": total, "others_scale": scale, "partner_usd": partner_total,
                "total_usd": float(pairs["value_usd"].sum())})
    by_supplier = pairs[pairs["exporter"] != partner].groupby("exporter")["value_usd"].sum().sort_values(ascending=False)
    keep = {partner, *by_supplier.index[:top]}
    pairs.loc[~pairs["exporter"].isin(keep), "exporter"] = ROW
    pairs = pairs.groupby(["code", "exporter"], as_index=False)["value_usd"].sum()
    pairs = pairs[pairs["value_usd"] > 0].sort_values(["code", "exporter"]).reset_index(drop=True)
    fit["suppliers"] = [e for e in [partner, *by_supplier.index[:top]]] + [ROW]
    shares_of = pairs.groupby("exporter")["value_usd"].sum() / pairs["value_usd"].sum()
    fit["supplier_shares"] = {k: float(v) for k, v in shares_of.sort_values(ascending=False).items()}
    return pairs, fit


def sized_market(importer: str, partner: str, year: int, partner_lines: pd.DataFrame | None,
                 partner_provenance: Provenance | None) -> Sizing:
    """The market of ``importer`` sized by the rule of the module docstring."""
    flows = icio_flows_into(importer)
    shares, share_source = chapter_shares()
    total, total_source = totals_for(importer, year)
    pairs, fit = size(flows, shares, importer, partner, partner_lines, total)
    suppliers = ", ".join(s for s in fit["suppliers"])
    rule = (f"{importer}'s imports by supplier sized from the OECD ICIO 2022 flows into {importer} (intermediate and "
            f"final, goods sectors), each supplier's sector split across HS chapters as its sales of that sector "
            f"in {share_source} (standing in for its sales to {importer}); suppliers {suppliers} ({ROW}: the rest, "
            f"at the MFN rate)")
    if partner_lines is not None and len(partner_lines):
        rule += f"; {partner}'s sales from {partner_provenance.dataset if partner_provenance else 'the pair data'}"
    if total is not None:
        rule += (f"; the other suppliers scaled by {fit['others_scale']:.3f} so that all match {importer}'s total "
                 f"merchandise imports of USD {total / 1e9:,.1f} bn ({total_source})")
    else:
        rule += f"; no dataset gives {importer}'s total imports for {year}: the other suppliers stay at their 2022 level"
    notes = (f"{importer} market sizing: ICIO 2022 goods imports USD {fit['icio_goods_imports_usd'] / 1e9:,.1f} bn; "
             f"modelled total USD {fit['total_usd'] / 1e9:,.1f} bn; shares "
             + ", ".join(f"{k} {100 * v:.1f}%" for k, v in list(fit["supplier_shares"].items())[:6]),)
    prov = (Provenance("icio_intermediate_flows, icio_node_totals", "OECD ICIO 2022 (sanction-simulator packaging)", rule),)
    return Sizing(pairs, fit, notes, (rule,), prov)
