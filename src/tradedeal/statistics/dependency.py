"""Strategic dependency: who supplies an importer's strategic products, how concentrated that
is, what each supplier pays, whether a partner could substitute, and which products meet the
published criteria of dependence.

For each product group and product (a line of the importer's table, or its HS6):

- import value, number of suppliers, the Herfindahl-Hirschman index of supplier shares, the top
  supplier and its share, the share of the watched countries (China, from the criteria file)
  and of the named partner (:mod:`tradedeal.statistics.concentration`);
- the duty each of them faces on the date, from the regime engine (a product of several lines:
  weighted by the supplier's own imports of them, or their simple mean where it sells none);
- the partner's room to substitute: its exports of the product to the world (HS6; the user's
  export data, else a shipped dataset of the partner's exports by destination) against what
  the importer buys from the top supplier;
- the criteria of :mod:`tradedeal.statistics.criteria`, each decided where its data is at hand
  and otherwise named on the row with the data it needs.

Where the importer has no table of imports by supplier (shipped or imported), only its imports
from the partner can be shown, at the level the data has, and the row says what is missing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from tradedeal import datasets
from tradedeal.codes.countries import name as country_name
from tradedeal.codes.groups import ProductGroup, groups, membership
from tradedeal.codes.partners import members_on, resolve
from tradedeal.datasets import user_index
from tradedeal.errors import QueryError
from tradedeal.options import DependencyLevel, check
from tradedeal.regime.api import compiled, verified_note
from tradedeal.regime.arrays import Compiled, day
from tradedeal.regime.engine import stack
from tradedeal.regime.folders import shipped_regimes
from tradedeal.regime.lines import as_date
from tradedeal.results.dependency import DependencyResult
from tradedeal.statistics.compete import importer_lines
from tradedeal.statistics.concentration import concentration, share_from
from tradedeal.statistics.criteria import Criteria, all_of, holds, persistence, shipped_criteria
from tradedeal.statistics.trade import describe_codes
from tradedeal.statistics.trade_sources import bilateral_lines, fiscal_label
from tradedeal.store.db import Store
from tradedeal.tables import Figure, Provenance, TableResult

DEFAULT_GROUPS = ("critical_minerals", "energy", "defence", "nuclear", "semiconductors", "pharmaceuticals")
COLUMN_OF = {"import_hhi": "hhi"}  # an indicator's column in the product table (others: the indicator's name)
NO_EXPORTS = 9999.0  # GeoDep's ratio where exports are zero


@dataclass(frozen=True)
class Exports:
    """A country's exports by HS6 to the world (and to one destination), with their source."""

    world: pd.Series            # hs6 -> USD
    to: pd.Series               # hs6 -> USD, to the destination asked
    provenance: Provenance


# ------------------------------------------------------------------------------------------ data
@lru_cache(maxsize=16)
def _membership(key: str, codes: tuple[str, ...], names: tuple[str, ...]) -> pd.DataFrame:
    defs = groups()
    return membership(codes, {n: defs[n] for n in names}).astype(object)


def group_membership(codes: np.ndarray, names: tuple[str, ...]) -> pd.DataFrame:
    """(code, group) of the given codes in the named groups (kept per set of codes and groups)."""
    codes_t = tuple(map(str, codes))
    key = hashlib.sha256("\n".join(codes_t).encode()).hexdigest()
    return _membership(key, codes_t, names)


@lru_cache(maxsize=8)
def _shipped_exports(dataset: str, code_column: str, importer_column: str, fy: str, level: int,
                     destination: str) -> tuple[pd.Series, pd.Series]:
    rows = datasets.query(
        f'SELECT substr("{code_column}", 1, 6) AS hs6, SUM(value_usd), '
        f'SUM(CASE WHEN "{importer_column}" = {datasets.lit(destination)} THEN value_usd ELSE 0 END) '
        f"FROM {{{dataset}}} WHERE fiscal_year = {datasets.lit(fy)} GROUP BY 1")
    idx = [r[0] for r in rows]
    return (pd.Series([float(r[1] or 0) for r in rows], index=idx, dtype=float),
            pd.Series([float(r[2] or 0) for r in rows], index=idx, dtype=float))


def exports_of(country: str, year: int, destination: str) -> Exports | None:
    """``country``'s exports by HS6 to the world: the user's imported export statistics (every
    partner) for ``year``, else a shipped dataset of its exports by destination; None if neither."""
    user = [m for m in datasets.find("trade", exporter=country) if m.kind == "user"
            and m.get("reporter") == "exporter" and year in (m.get("years") or ())]
    if user:
        with Store.open(read_only=True) as store:
            rows = store.user_trade(exporter=country, year=year, flow="export")
        rows = rows[rows["hs_level"] >= 6]
        if rows["importer"].nunique() >= 2:
            rows = rows[rows["hs_level"] == rows["hs_level"].max()].assign(hs6=lambda f: f["hs_code"].str.slice(0, 6))
            world = rows.groupby("hs6")["value_usd"].sum()
            to = rows[rows["importer"] == destination].groupby("hs6")["value_usd"].sum()
            files = ", ".join(sorted(rows["source_file"].unique()))
            return Exports(world, to, Provenance(f"user_trade ({files})", f"{country}'s reported exports, {year}",
                                                 f"{country}'s exports as in the imported file ({rows['importer'].nunique()} "
                                                 "partners)"))
    for m in datasets.shipped("trade", exporter=country):
        if m.get("reporter") != "exporter" or not m.get("importer_column") or m.get("importer") != "*":
            continue
        fiscal = m.get("period") == "fiscal_apr_mar"
        label = fiscal_label(year) if fiscal else str(year)
        if not fiscal:
            continue  # calendar-year export tables by destination: none shipped yet
        world, to = _shipped_exports(m.dataset, m.get("code_column"), m.get("importer_column"), label,
                                     int(m.get("level")), destination)
        if world.empty:
            continue
        approx = m.get("approximation", "")
        return Exports(world, to, Provenance(m.dataset, datasets.source_text(m.dataset),
                                             f"{approx}; fiscal year {label} stands in for {year}; HS6 = the first six "
                                             "digits of the national lines"))
    return None


def world_export_hhi(year: int) -> tuple[pd.Series, Provenance] | None:
    """HHI of exporters' shares of each HS6's exports, from the user's imported export statistics
    of several reporters (None when fewer than two exporters are imported)."""
    if not user_index.fingerprint("trade"):
        return None
    with Store.open(read_only=True) as store:
        rows = store.user_trade(year=year, flow="export")
    rows = rows[rows["hs_level"] >= 6]
    if rows.empty or rows["exporter"].nunique() < 2:
        return None
    rows = rows.assign(hs6=rows["hs_code"].str.slice(0, 6))
    by = rows.groupby(["hs6", "exporter"])["value_usd"].sum()
    total = by.groupby(level=0).transform("sum")
    h = ((by / total) ** 2).groupby(level=0).sum()
    files = ", ".join(sorted(rows["source_file"].unique()))
    return h, Provenance(f"user_trade ({files})", f"exports of {rows['exporter'].nunique()} reporters, {year}",
                         f"world exports = the exports of the {rows['exporter'].nunique()} reporters imported, not "
                         "every exporter")


# ------------------------------------------------------------------------------------------ duties
@dataclass(frozen=True)
class Duties:
    """Each exporter's duty on each product on a date (percent ad valorem)."""

    products: pd.Index          # product codes
    exporters: tuple[str, ...]
    pct: np.ndarray             # (exporters, products)

    def lookup(self, products, exporters) -> np.ndarray:
        """Duties of the (product, exporter) pairs given (NaN where unknown)."""
        pi = self.products.get_indexer(pd.Index(products))
        where = {e: k for k, e in enumerate(self.exporters)}
        ei = np.array([where.get(e, -1) for e in exporters], dtype=np.int64)
        ok = (pi >= 0) & (ei >= 0)
        out = np.full(len(pi), np.nan)
        out[ok] = self.pct[ei[ok], pi[ok]]
        return out


def product_duties(c: Compiled, exporters: list[str], d: dt.date, lines: pd.DataFrame, flows: pd.DataFrame) -> Duties:
    """Each exporter's duty on each product on ``d``. ``lines``: (code, product) of the products'
    lines; ``flows``: (code, exporter, value_usd) imports, the weights of a product of several
    lines (the simple mean of its lines where the exporter sells none of them)."""
    pos = lines["code"].map(c.index)
    known = lines[pos.notna()]
    line_pos = pos.dropna().astype(np.int64).to_numpy()
    order, where = np.unique(line_pos, return_inverse=True)
    prod_id, products = pd.factorize(known["product"])
    n_p = len(products)
    count = np.bincount(prod_id, minlength=n_p).astype(float)
    line_of = pd.Index(known["code"])
    f = flows[flows["exporter"].isin(exporters)]
    fi = line_of.get_indexer(f["code"])
    cache: dict = {}
    pct = np.full((len(exporters), n_p), np.nan)
    ex_of = f["exporter"].to_numpy()
    vals = f["value_usd"].to_numpy(float)
    for k, e in enumerate(exporters):
        st = stack(c, e, day(d), order, _cache=cache)
        duty = st.total[where].astype(float)                      # per known line
        simple = np.bincount(prod_id, weights=duty, minlength=n_p) / np.maximum(count, 1)
        sel = (ex_of == e) & (fi >= 0)
        li = fi[sel]
        v = np.bincount(prod_id[li], weights=vals[sel], minlength=n_p)
        w = np.bincount(prod_id[li], weights=vals[sel] * duty[li], minlength=n_p)
        pct[k] = np.where(v > 0, w / np.where(v > 0, v, 1), simple)
    return Duties(pd.Index(products), tuple(exporters), pct)


# ------------------------------------------------------------------------------------------ the screen
def indicators(trade: pd.DataFrame, mem: pd.DataFrame, level: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(group, product) rows with imports, HHI, top supplier, and the aggregated flows."""
    t = trade.merge(mem, left_on="hs_code", right_on="code")
    t["product"] = t["hs_code"] if level == "line" else t["hs_code"].str.slice(0, 6)
    agg = t.groupby(["group", "product", "exporter"], as_index=False, sort=False)["value_usd"].sum()
    agg = agg[agg["value_usd"] > 0].reset_index(drop=True)
    keys = agg["group"] + "|" + agg["product"]
    pid, uniques = pd.factorize(keys)
    sid, suppliers = pd.factorize(agg["exporter"])
    con = concentration(pid, sid, agg["value_usd"].to_numpy(float), len(uniques))
    parts = pd.Series(uniques).str.split("|", n=1, expand=True)
    frame = pd.DataFrame({"group": parts[0], "code": parts[1], "imports_usd": con.total, "suppliers": con.suppliers,
                          "hhi": con.hhi, "top_supplier": np.asarray(suppliers, dtype=object)[con.top],
                          "top_share": con.top_share, "top_supplier_usd": con.top_value})
    return frame, agg.assign(pid=pid)


def dependency(importer: str, names: tuple[str, ...] | list[str] = DEFAULT_GROUPS, exporter: str | None = None,
               on=None, level: str = "line", partner_groups: tuple[str, ...] | list[str] = (), year: int = 2024,
               c: Compiled | None = None, criteria: Criteria | None = None) -> DependencyResult:
    """The dependency screen of ``importer`` for the product groups ``names`` (see the module)."""
    check(level, DependencyLevel, "--level")
    defs = groups()
    names = tuple(dict.fromkeys(names))
    bad = [n for n in names if n not in defs]
    if bad or not names:
        raise QueryError(f"unknown product group(s): {', '.join(bad) or '(none given)'}",
                         f"known: {', '.join(sorted(defs))} (codes/data/product_groups.toml)")
    pgroups = resolve(list(partner_groups))
    d = as_date(on) if on is not None else dt.date.today()
    crit = criteria or shipped_criteria()
    try:
        trade, prov = importer_lines(importer, year)
    except QueryError as exc:
        if exporter is None:
            raise QueryError(f"{exc.message}; without it only the imports from one partner can be shown",
                             "name the partner with --exporter, or import the importer's imports from every partner "
                             "(UN Comtrade) with `tradedeal data import`") from None
        return _partner_only(importer, exporter, names, defs, year, d, crit, exc.message)
    mem = group_membership(trade["hs_code"].unique(), names)
    frame, agg = indicators(trade, mem, level)
    if exporter is not None and exporter == importer:
        raise QueryError(f"--exporter {exporter} is the importer", "name another country")
    watch = [w for w in crit.watch.countries if w != importer]
    shares = {}
    for w in [*watch, *([exporter] if exporter and exporter not in watch else [])]:
        shares[w] = share_from(agg["pid"].to_numpy(), agg["value_usd"].to_numpy(float),
                               (agg["exporter"] == w).to_numpy(), len(frame))
        frame[f"{w.lower()}_share"] = np.nan_to_num(shares[w])
    notes, provs = [], [prov]
    # duties on the date
    if c is None and importer in shipped_regimes():
        c = compiled(importer)
    if c is not None:
        lines = mem[["code"]].drop_duplicates().assign(
            product=lambda f: f["code"] if level == "line" else f["code"].str.slice(0, 6))
        flows = trade[trade["hs_code"].isin(set(lines["code"]))].rename(columns={"hs_code": "code"})
        who = list(dict.fromkeys([*frame["top_supplier"].dropna(), *watch, *([exporter] if exporter else [])]))
        duties = product_duties(c, who, d, lines, flows)
        frame["top_duty_pct"] = duties.lookup(frame["code"], frame["top_supplier"])
        for w in dict.fromkeys([*watch, *([exporter] if exporter else [])]):
            frame[f"{w.lower()}_duty_pct"] = duties.lookup(frame["code"], [w] * len(frame))
        warn = verified_note(c, d)
        if warn:
            notes.append(warn)
        provs.append(Provenance(f"regime {c.header.id}", c.header.source,
                                "duties are ad-valorem parts (`tradedeal duty` explains each line)"))
    else:
        notes.append(f"no tariff regime of {importer} is shipped: duties not shown (give one with `--regime`)")
    # partner's room to substitute
    hs6 = frame["code"].str.slice(0, 6)
    if exporter is not None:
        ex = exports_of(exporter, year, importer)
        if ex is not None:
            frame[f"{exporter.lower()}_world_exports_usd"] = hs6.map(ex.world).fillna(0.0).to_numpy()
            frame[f"{exporter.lower()}_room"] = frame[f"{exporter.lower()}_world_exports_usd"] / frame["top_supplier_usd"]
            provs.append(ex.provenance)
            if level == "line":
                notes.append(f"{exporter}'s world exports are by HS6: a line is compared with the whole HS6 it "
                             "belongs to (the room is overstated where the HS6 holds other lines)")
        else:
            notes.append(f"no data of {exporter}'s exports by product: its room to substitute is not shown "
                         "(import its export statistics, UN Comtrade)")
    # criteria
    frame, own, wx = with_criteria_indicators(frame, importer, exporter, year, level)
    provs += [x.provenance for x in (own,) if x is not None] + ([wx[1]] if wx is not None else [])
    frame["persistence"], years_seen = _persistence(frame, importer, exporter, names, year, level, crit)
    if years_seen:
        notes.append(f"persistence over {', '.join(map(str, years_seen))}: the user's import tables of the earlier years")
    frame = evaluate(frame, crit)
    frame.insert(2, "description", describe_codes(frame["code"], "hs10" if level == "line" else "hs6", (importer,)))
    return _result(importer, exporter, names, defs, frame, agg, d, level, year, watch, pgroups, crit, provs, notes,
                   own is not None, wx is not None)


def with_criteria_indicators(frame: pd.DataFrame, importer: str, exporter: str | None, year: int,
                             level: str) -> tuple[pd.DataFrame, Exports | None, tuple | None]:
    """``frame`` with the indicators that need more than the import table: the importer's own
    exports (imports_to_exports), world export concentration, and import share of demand
    (never at hand: NaN); also the data used."""
    hs6 = frame["code"].str.slice(0, 6)
    own = exports_of(importer, year, exporter or "")
    if own is not None:
        mine = hs6.map(own.world).fillna(0.0).to_numpy()
        if level == "line":
            # the importer's own exports are by HS6: compare them with its imports of the whole HS6
            per6 = frame.groupby([frame["group"], hs6])["imports_usd"].transform("sum").to_numpy()
        else:
            per6 = frame["imports_usd"].to_numpy()
        frame["importer_exports_usd"] = mine
        frame["imports_to_exports"] = np.where(mine > 0, per6 / np.where(mine > 0, mine, 1), NO_EXPORTS)
    else:
        frame["importer_exports_usd"] = np.nan
        frame["imports_to_exports"] = np.nan
    wx = world_export_hhi(year)
    frame["world_export_hhi"] = hs6.map(wx[0]).to_numpy(float) if wx is not None else np.nan
    frame["import_share_of_demand"] = np.nan
    return frame, own, wx


def _persistence(frame: pd.DataFrame, importer, exporter, names, year, level, crit: Criteria) -> tuple[np.ndarray, list[int]]:
    """The persistence indicator: for each family with a persistence criterion, the years of the
    three to ``year`` in which its other criteria all hold (NaN without three years of imports)."""
    fams = [f for f in crit.families if any(c.indicator == "persistence" for c in crit.of(f.id))]
    out = np.full(len(frame), np.nan)
    if not fams:
        return out, []
    tables = []
    for yy in (year - 2, year - 1):
        try:
            tables.append((yy, importer_lines(importer, yy)[0]))
        except QueryError:
            return out, []
    key = frame["group"] + "|" + frame["code"]
    others = [c for c in crit.of(fams[0].id) if c.indicator != "persistence"]
    results = [all_of([holds(c, frame[COLUMN_OF.get(c.indicator, c.indicator)].to_numpy(float)) for c in others])]
    for yy, trade in tables:
        mem = group_membership(trade["hs_code"].unique(), tuple(names))
        f, _ = indicators(trade, mem, level)
        f, _, _ = with_criteria_indicators(f, importer, exporter, yy, level)
        f = f.set_index(f["group"] + "|" + f["code"]).reindex(key)
        res = all_of([holds(c, f[COLUMN_OF.get(c.indicator, c.indicator)].to_numpy(float)) for c in others])
        # a product the importer did not import that year: not concentrated, not dependent
        res = np.where(f["imports_usd"].isna().to_numpy(), 0.0, res)
        results.append(res)
    return persistence(results), [yy for yy, _ in tables] + [year]


def evaluate(frame: pd.DataFrame, crit: Criteria) -> pd.DataFrame:
    """A column per criterion and per family (True, False, or empty = not decided), and on each
    row the criteria not decided with the data they need."""
    undecided = [[] for _ in range(len(frame))]
    for fam in crit.families:
        results = []
        for c in crit.of(fam.id):
            r = holds(c, frame[COLUMN_OF.get(c.indicator, c.indicator)].to_numpy(float))
            results.append(r)
            frame[c.id] = pd.array(np.where(np.isnan(r), None, r == 1), dtype="boolean")
            for i in np.flatnonzero(np.isnan(r)):
                undecided[i].append(f"{c.id}: needs {c.needs}")
        r = all_of(results)
        frame[fam.id] = pd.array(np.where(np.isnan(r), None, r == 1), dtype="boolean")
    frame["not_decided"] = ["; ".join(dict.fromkeys(u)) for u in undecided]
    return frame


def _group_hhi(agg: pd.DataFrame, frame: pd.DataFrame) -> pd.Series:
    g = agg.assign(group=frame["group"].to_numpy()[agg["pid"].to_numpy()])
    by = g.groupby(["group", "exporter"])["value_usd"].sum()
    share = by / by.groupby(level=0).transform("sum")
    return (share ** 2).groupby(level=0).sum()


def _summary(frame: pd.DataFrame, agg: pd.DataFrame, names, defs, watch, exporter, crit: Criteria) -> pd.DataFrame:
    rows = []
    ghhi = _group_hhi(agg, frame)
    g_of = frame["group"].to_numpy()[agg["pid"].to_numpy()]
    for n in names:
        f = frame[frame["group"] == n]
        if f.empty:
            rows.append({"group": n, "label": defs[n].label, "products": 0, "imports_usd": 0.0})
            continue
        a = agg[g_of == n]
        by_sup = a.groupby("exporter")["value_usd"].sum().sort_values(ascending=False)
        total = float(f["imports_usd"].sum())
        w = f["imports_usd"] / total
        row = {"group": n, "label": defs[n].label, "products": len(f), "imports_usd": total,
               "suppliers": int(a["exporter"].nunique()), "group_hhi": float(ghhi.get(n, np.nan)),
               "mean_product_hhi": float((w * f["hhi"]).sum()), "top_supplier": by_sup.index[0],
               "top_share": float(by_sup.iloc[0] / total)}
        for who in dict.fromkeys([*watch, *([exporter] if exporter else [])]):
            row[f"{who.lower()}_share"] = float(by_sup.get(who, 0.0) / total)
            if f"{who.lower()}_duty_pct" in f:
                row[f"{who.lower()}_avg_duty_pct"] = float((w * f[f"{who.lower()}_duty_pct"]).sum())
        row["products_hhi_over_0_4"] = int((f["hhi"] > 0.4).sum())
        row["imports_in_concentrated_pct"] = float(100 * f.loc[f["hhi"] > 0.4, "imports_usd"].sum() / total)
        for fam in crit.families:
            col = f[fam.id]
            row[f"{fam.id}_dependent"] = int(col.fillna(False).sum())
            row[f"{fam.id}_not_decided"] = int(col.isna().sum())
            row[f"{fam.id}_dependent_imports_pct"] = float(100 * f.loc[col.fillna(False).to_numpy(bool), "imports_usd"].sum()
                                                           / total)
        if exporter and f"{exporter.lower()}_world_exports_usd" in f:
            cover = np.minimum(f[f"{exporter.lower()}_world_exports_usd"], f["top_supplier_usd"]).sum()
            row[f"{exporter.lower()}_can_cover_top_pct"] = float(100 * cover / f["top_supplier_usd"].sum())
        rows.append(row)
    return pd.DataFrame(rows)


def _partners_table(frame: pd.DataFrame, agg: pd.DataFrame, names, pgroups, d: dt.date, watch) -> tuple[pd.DataFrame, list[str]]:
    rows, notes = [], []
    g_of = frame["group"].to_numpy()[agg["pid"].to_numpy()]
    for pg in pgroups:
        m = members_on(pg, d)
        notes.append(m.text() + (f"; {'; '.join(m.notes)}" if m.notes else ""))
        inside = set(m.countries)
        for n in names:
            a = agg[g_of == n]
            total = float(a["value_usd"].sum())
            if total <= 0:
                continue
            own = float(a.loc[a["exporter"].isin(inside), "value_usd"].sum())
            row = {"partner_group": pg.name, "label": pg.label, "members_counted": len(inside), "group": n,
                   "imports_usd": total, "from_group_usd": own, "from_group_pct": 100 * own / total}
            for w in watch:
                row[f"from_{w.lower()}_pct"] = 100 * float(a.loc[a["exporter"] == w, "value_usd"].sum()) / total
            row["unknown_members"] = ", ".join(m.unknown)
            rows.append(row)
    return pd.DataFrame(rows), notes


def _criteria_table(crit: Criteria, decided: dict[str, str]) -> pd.DataFrame:
    fams = {f.id: f for f in crit.families}
    return pd.DataFrame([{"family": c.family, "family_label": fams[c.family].label, "criterion": c.id,
                          "label": c.label, "indicator": c.indicator, "test": f"{c.indicator} {c.operator} {c.threshold:g}",
                          "computed": decided.get(c.indicator, "no"), "needs": c.needs, "source": c.source,
                          "family_source": fams[c.family].source} for c in crit.criteria])


def _result(importer, exporter, names, defs, frame, agg, d, level, year, watch, pgroups, crit, provs, notes,
            has_exports, has_world) -> DependencyResult:
    summary = _summary(frame, agg, names, defs, watch, exporter, crit)
    partners, pnotes = _partners_table(frame, agg, names, pgroups, d, watch) if pgroups else (pd.DataFrame(), [])
    decided = {"import_hhi": "yes", "imports_to_exports": "yes" if has_exports else "no: data not at hand",
               "world_export_hhi": "yes (from the user's export data)" if has_world else "no: data not at hand",
               "import_share_of_demand": "no: production data not at hand",
               "persistence": "yes" if frame["persistence"].notna().any() else "no: fewer than three years of imports"}
    crit_t = _criteria_table(crit, decided)
    gprov = tuple(Provenance(f"product group {n}", defs[n].source, defs[n].approximation or "") for n in names)
    who = f"{importer}'s imports" + (f", partner {exporter}" if exporter else "")
    unit = {c: "USD" for c in frame.columns if c.endswith("_usd")}
    unit.update({c: "% ad valorem" for c in frame.columns if c.endswith("_duty_pct")})
    unit.update({c: "share (0-1)" for c in frame.columns if c.endswith("_share")})
    unit.update({"hhi": "HHI (0-1)", "imports_to_exports": "ratio", "world_export_hhi": "HHI (0-1)"})
    base_notes = [f"{who} in {year} by {'line' if level == 'line' else 'HS6'}; duties on {d}",
                  "criteria columns: true / false / empty = not decided (the data it needs is named in not_decided)",
                  *notes]
    figures = []
    for r in summary.itertuples():
        if getattr(r, "products", 0):
            figures += [Figure("group_hhi", r.group_hhi, "HHI (0-1)", r.group, f"{r.label}: {who}")]
            for w in watch:
                figures.append(Figure(f"{w.lower()}_share", getattr(r, f"{w.lower()}_share"), "share", r.group))
            if exporter:
                figures.append(Figure(f"{exporter.lower()}_share", getattr(r, f"{exporter.lower()}_share"), "share",
                                      r.group))
            for fam in crit.families:
                figures.append(Figure(f"{fam.id}_dependent", getattr(r, f"{fam.id}_dependent"), "products", r.group))
    sunits = {"imports_usd": "USD", "group_hhi": "HHI (0-1)", "mean_product_hhi": "HHI (0-1), import-weighted",
              "imports_in_concentrated_pct": "% of the group's imports", **{c: "share (0-1)" for c in summary.columns
                                                                            if c.endswith("_share")},
              **{c: "% ad valorem, import-weighted" for c in summary.columns if c.endswith("_avg_duty_pct")}}
    title = f"Strategic dependency of {country_name(importer)}" + (f" (partner {country_name(exporter)})" if exporter else "")
    rank = {n: k for k, n in enumerate(names)}
    frame = frame.assign(_rank=frame["group"].map(rank)).sort_values(["_rank", "imports_usd"], ascending=[True, False])
    frame = frame.drop(columns="_rank").reset_index(drop=True)
    return DependencyResult(
        title, importer, exporter, d, level,
        TableResult(f"{title}: by product group", summary, sunits, (*provs, *gprov), tuple(base_notes), tuple(figures)),
        TableResult(f"{title}: by product", frame, unit, (*provs, *gprov), tuple(base_notes)),
        TableResult(f"{title}: imports from partner groups on {d}", partners,
                    {"imports_usd": "USD", "from_group_usd": "USD", "from_group_pct": "%"},
                    tuple(Provenance(f"partner group {pg.name}", pg.source, "") for pg in pgroups) + (provs[0],),
                    tuple(pnotes)),
        TableResult("Criteria of import dependence", crit_t, {}, (), ("thresholds and sources: "
                                                                      "statistics/data/dependency_criteria.toml",)))


def _coarse_members(codes: pd.Series, names, defs: dict[str, ProductGroup]) -> pd.DataFrame:
    """(code, group, coarse): codes coarser than a group's prefixes stand for the group where a
    prefix lies inside them (an HS2 chapter of energy, say)."""
    rows = []
    for code in codes.unique():
        for n in names:
            g = defs[n]
            if g.contains(code):
                rows.append((code, n, False))
            elif any(p.startswith(code) for p in g.include):
                rows.append((code, n, True))
    return pd.DataFrame(rows, columns=["code", "group", "coarse"])


def _partner_only(importer, exporter, names, defs, year, d, crit, why) -> DependencyResult:
    """The importer's imports from the partner alone (no table of every supplier)."""
    lines = bilateral_lines(importer, exporter, year)
    f = lines.frame
    mem = _coarse_members(f["hs_code"], names, defs)
    j = f.merge(mem, left_on="hs_code", right_on="code")
    frame = j.groupby(["group", "code", "coarse"], as_index=False)["value_usd"].sum().rename(
        columns={"value_usd": f"imports_from_{exporter.lower()}_usd"})
    missing = (f"{why}: supplier shares, HHI, the top supplier, China's share and every criterion need "
               f"{importer}'s imports from every partner (import a UN Comtrade file of them)")
    frame["not_decided"] = missing
    frame.insert(2, "description", describe_codes(frame["code"], f"hs{lines.level}", (importer,)))
    col = f"imports_from_{exporter.lower()}_usd"
    rows = []
    for n in names:
        f_n = frame[frame["group"] == n]
        rows.append({"group": n, "label": defs[n].label,
                     col: float(f_n.loc[~f_n["coarse"].astype(bool), col].sum()),
                     f"{col[:-4]}_upper_bound_usd": float(f_n[col].sum()),
                     "codes_in_group": ", ".join(f_n.loc[~f_n["coarse"].astype(bool), "code"]),
                     "codes_holding_part": ", ".join(f_n.loc[f_n["coarse"].astype(bool), "code"])})
    summary = pd.DataFrame(rows)
    notes = (f"{importer}'s imports from {exporter} in {year} at HS{lines.level}, the level of the shipped data", missing,
             f"{col}: codes of the data wholly inside the group; the upper bound adds the codes that hold part of the "
             "group (coarse = True: the whole code is counted, an overstatement)")
    prov = (lines.provenance, *(Provenance(f"product group {n}", defs[n].source, defs[n].approximation or "")
                                for n in names))
    title = f"Strategic dependency of {country_name(importer)} (partner {country_name(exporter)}; partner's sales only)"
    unit = {col: "USD", f"{col[:-4]}_upper_bound_usd": "USD"}
    empty = TableResult(f"{title}: imports from partner groups", pd.DataFrame(), {}, (), (missing,))
    return DependencyResult(title, importer, exporter, d, f"hs{lines.level}",
                            TableResult(f"{title}: by product group", summary, unit, prov, notes),
                            TableResult(f"{title}: by product", frame, unit, prov, notes), empty,
                            TableResult("Criteria of import dependence", _criteria_table(crit, {}), {}, (), (missing,)))
