"""What a seller can supply: its exports of a product group to the world, and what one buyer
already takes of them, for checking purchase commitments.

Sources, in order:

1. the user's imported trade (UN Comtrade or WITS files, :mod:`tradedeal.store`): the seller's
   reported exports to every partner, summed over the group's codes for the latest year
   imported; exact for the group, as complete as the file;
2. else the OECD ICIO 2022 tables: the seller's exports of the ICIO sectors that hold the group
   (``icio_sectors`` of the group's definition), intermediate sales abroad plus final sales
   abroad (final demand by destination as constructed for the GE model,
   :func:`tradedeal.models.gravity.icio.final_demand_by_destination`). A sector holds more than
   the group, so this is an **upper bound** of the seller's exports of the group, and an
   implausibility flag against it is conservative.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from tradedeal import datasets
from tradedeal.codes.groups import ProductGroup, groups, membership
from tradedeal.errors import QueryError
from tradedeal.models.gravity.icio import final_demand_by_destination
from tradedeal.store.db import Store

ICIO_TABLES = ("icio_intermediate_flows", "icio_node_totals", "icio_sectors")
ICIO_YEAR = 2022


@dataclass(frozen=True)
class Supply:
    """A seller's exports of one product group to the world and to one buyer (USD a year)."""

    group: str
    seller: str
    buyer: str
    world_exports_usd: float
    to_buyer_usd: float
    year: int
    source: str
    approximation: str

    @property
    def buyer_share(self) -> float:
        return self.to_buyer_usd / self.world_exports_usd if self.world_exports_usd > 0 else float("nan")


@lru_cache(maxsize=1)
def _icio_exports() -> tuple[tuple[str, ...], tuple[str, ...], np.ndarray]:
    """(countries, sectors, X[j, i, n]): sector j's sales of country i to country n (intermediate
    plus constructed final), USD mn, ICIO 2022."""
    nodes = datasets.load("icio_node_totals", columns=["sector", "country", "final_demand_sales_usd_mn"])
    flows = datasets.load("icio_intermediate_flows")
    countries = tuple(sorted(nodes["country"].unique()))
    sectors = tuple(datasets.load("icio_sectors")["sector"])
    ci = {c: k for k, c in enumerate(countries)}
    sj = {s: k for k, s in enumerate(sectors)}
    T = np.zeros((len(sectors), len(countries), len(countries)))
    T[flows["seller_sector"].map(sj), flows["seller_country"].map(ci), flows["buyer_country"].map(ci)] = \
        flows["value_usd_mn"]
    FS = np.zeros((len(sectors), len(countries)))
    FS[nodes["sector"].map(sj), nodes["country"].map(ci)] = nodes["final_demand_sales_usd_mn"]
    F, _ = final_demand_by_destination(T, FS)
    return countries, sectors, T + F


def icio_supply(g: ProductGroup, seller: str, buyer: str) -> Supply:
    """The seller's exports of the ICIO sectors holding group ``g`` (an upper bound; see the module)."""
    if not g.icio_sectors:
        raise QueryError(f"product group '{g.name}' names no ICIO sectors", "add icio_sectors to its definition "
                         "(codes/data/product_groups.toml), or import the seller's exports by product (Comtrade)")
    return _sector_supply(g.name, g.label, g.icio_sectors, seller, buyer)


def _sector_supply(name: str, label: str, wanted: tuple[str, ...], seller: str, buyer: str) -> Supply:
    countries, sectors, X = _icio_exports()
    for c in (seller, buyer):
        if c not in countries:
            raise QueryError(f"{c} is not one of the ICIO countries", "import the seller's exports (Comtrade) instead")
    unknown = sorted(set(wanted) - set(sectors))
    if unknown:
        raise QueryError(f"group '{name}': unknown ICIO sectors {', '.join(unknown)}",
                         f"ICIO sectors: {', '.join(sectors)}")
    i, b = countries.index(seller), countries.index(buyer)
    js = [sectors.index(s) for s in wanted]
    abroad = X[js, i, :].sum() - X[js, i, i].sum()
    return Supply(name, seller, buyer, float(abroad) * 1e6, float(X[js, i, b].sum()) * 1e6, ICIO_YEAR,
                  f"OECD ICIO 2022 ({', '.join(ICIO_TABLES)}): {seller}'s exports of sector(s) {', '.join(wanted)}",
                  f"upper bound: the whole ICIO sector(s) {', '.join(wanted)} stand for {label}; final "
                  "sales by destination constructed (final buyers source like intermediate buyers); 2022 values")


def user_supply(names: list[str], seller: str, buyer: str) -> list[Supply] | None:
    """From the user's imported export statistics of the seller (every partner), if any."""
    found = [m for m in datasets.find("trade", exporter=seller) if m.kind == "user" and m.get("reporter") == "exporter"]
    if not found:
        return None
    with Store.open(read_only=True) as store:
        rows = store.user_trade(exporter=seller, flow="export")
    if rows is None or rows.empty:
        return None
    year = int(rows["year"].max())
    rows = rows[rows["year"] == year]
    level = int(rows["hs_level"].max())
    rows = rows[rows["hs_level"] == level]
    if rows["importer"].nunique() < 2:
        return None  # one partner's rows are not the seller's world exports
    mem = membership(rows["hs_code"].unique()).astype(object)
    j = rows.merge(mem, left_on="hs_code", right_on="code")
    files = ", ".join(sorted(rows["source_file"].unique()))
    out = []
    for name in [*names, "+".join(names)]:
        inside = name.split("+")
        sel = j[j["group"].isin(inside)].drop_duplicates(["importer", "hs_code"])
        out.append(Supply(name, seller, buyer, float(sel["value_usd"].sum()),
                          float(sel.loc[sel["importer"] == buyer, "value_usd"].sum()), year,
                          f"user_trade ({files}): {seller}'s reported exports at HS{level} to "
                          f"{rows['importer'].nunique()} partners",
                          "as complete as the imported file (partners and products it holds)"))
    return out


def supply(names: list[str], seller: str, buyer: str) -> list[Supply]:
    """Each group's supply by the seller, then the groups together (named 'a+b+...', every
    product or sector counted once): the user's export data, else ICIO (upper bound)."""
    defs = groups()
    bad = [n for n in names if n not in defs]
    if bad:
        raise QueryError(f"unknown product group(s): {', '.join(bad)}", f"known: {', '.join(sorted(defs))}")
    got = user_supply(names, seller, buyer)
    if got is not None:
        return got
    each = [icio_supply(defs[n], seller, buyer) for n in names]
    union = tuple(dict.fromkeys(s for n in names for s in defs[n].icio_sectors))
    return [*each, _sector_supply("+".join(names), "the groups together", union, seller, buyer)]
