"""A pair's trade history from the datasets playing the role ``bilateral_series``: every figure
with its source and definition, and one annual total per basis and year.

A *basis* is a definition (goods, services, goods and services) in one reporter's statistics
and period (calendar years, or April-March fiscal years labelled by the year they start in).
The annual total of a basis and year is, in this order:

1. exports + imports of the definition, each the first figure read for that year in the
   dataset's order (the sources list the primary figure first; the others are kept as
   ``other_figures``); a derived figure only where no read one exists;
2. else a reported total of the definition;
3. else, for goods and services, the goods total plus the services total (marked derived).

Partial periods (a source's "April-January" row) are listed but never taken for a year. A
fiscal year whose monthly figures cover at least :data:`MIN_MONTHS` months of each flow, and
which has no annual figure, gets an **estimate**: each flow's observed months plus the missing
months at the mean of the observed ones (i.e. the observed sum x 12 / months observed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tradedeal import datasets
from tradedeal.codes.countries import name as country_name
from tradedeal.errors import QueryError
from tradedeal.tables import Provenance

DEFINITIONS = ("goods", "services", "goods_services")
FLOWS = ("exports", "imports", "total", "balance")
MIN_MONTHS = 6
_WHOLE = {"calendar": re.compile(r"^\d{4}$"), "fiscal_apr_mar": re.compile(r"^(FY)?\d{4}-\d{2}$"),
          "month": re.compile(r"^\d{4}-\d{2}$")}
PERIOD_LABEL = {"calendar": "calendar years", "fiscal_apr_mar": "fiscal years April-March"}
DEFINITION_LABEL = {"goods": "goods", "services": "services", "goods_services": "goods and services"}


@dataclass(frozen=True)
class Basis:
    """A definition of bilateral trade in one reporter's statistics and period."""

    definition: str
    reporter: str
    partner: str
    period: str   # 'calendar' or 'fiscal_apr_mar'

    @property
    def key(self) -> str:
        return f"{self.definition}_{self.reporter}_{'cy' if self.period == 'calendar' else 'fy'}"

    @property
    def label(self) -> str:
        return f"{DEFINITION_LABEL[self.definition]}, {country_name(self.reporter)} data ({PERIOD_LABEL[self.period]})"

    def period_label(self, year: int) -> str:
        return str(year) if self.period == "calendar" else f"FY{year}-{(year + 1) % 100:02d}"


def _fiscal_start(label) -> int | None:
    m = re.search(r"(\d{4})-\d{2}", str(label or ""))
    return int(m.group(1)) if m else None


def points(a: str, b: str) -> pd.DataFrame:
    """Every figure of the pair (a, b) from the datasets playing ``bilateral_series`` with
    either country as reporter: tidy, one row per figure, with its source and definition."""
    frames = []
    for reporter, partner in ((a, b), (b, a)):
        for m in datasets.find("bilateral_series", reporter=reporter, partner=partner):
            if m.kind != "shipped":
                continue
            series = {k: tuple(v) for k, v in dict(m.get("series")).items()}
            period = m.get("period")
            pcol = m.get("period_column")
            cols = datasets.info(m.dataset).column_names
            d = datasets.load(m.dataset)
            d = d[d["series"].isin(series)].reset_index(drop=True)
            if d.empty:
                continue
            text = d[pcol].astype(str) if pcol else (d["year"].astype(str) if "year" in cols else d["fiscal_year"])
            if period == "calendar":
                year = pd.to_numeric(d["year"], errors="coerce") if "year" in cols else pd.Series(np.nan, index=d.index)
            else:
                year = d["fiscal_year"].map(_fiscal_start)
            part = pd.DataFrame({
                "dataset": m.dataset, "reporter": reporter, "partner": partner, "series": d["series"],
                "flow": d["series"].map(lambda s: series[s][0]), "definition": d["series"].map(lambda s: series[s][1]),
                "period_type": period, "period": text, "year": year,
                "month": d["month"] if period == "month" else None,
                "value_usd": d["value_usd"].astype(float), "source": d["source"].astype(str),
                "note": d["note"].astype(object) if "note" in cols else None,
                "kind": m.get("kind", "read"), "order": np.arange(len(d))})
            # a row whose period text is not a whole period is partial (e.g. 'FY2025-26 (Apr-Jan, partial)')
            whole = part["period"].str.fullmatch(_WHOLE[period].pattern)
            part["partial"] = ~whole.fillna(False).astype(bool) if period != "month" else False
            frames.append(part)
    if not frames:
        found = sorted({(m.get("reporter"), m.get("partner")) for m in datasets.find("bilateral_series")})
        pairs = ", ".join(f"{r}-{p}" for r, p in found) or "none"
        raise QueryError(f"no bilateral series for the pair {a}-{b}",
                         f"pairs with a shipped history: {pairs}; a dataset playing the role bilateral_series "
                         "(scripts/build_data.py) adds one")
    out = pd.concat(frames, ignore_index=True)
    out["year"] = pd.array(out["year"], dtype="Int64")
    for flow in set(out["flow"]) - set(FLOWS):
        raise QueryError(f"series flow '{flow}' is not one of {', '.join(FLOWS)}")
    return out


def _bn(v: float) -> str:
    return f"{v / 1e9:,.2f} bn"


def _figure(rows: list[dict], flow: str) -> list[dict]:
    """The figures of one flow for one year: read figures first, then in the dataset's order."""
    return sorted((r for r in rows if r["flow"] == flow), key=lambda r: (r["kind"] == "derived", r["dataset"], r["order"]))


def annual(pts: pd.DataFrame) -> pd.DataFrame:
    """One total per basis and year (see the module docstring), with how it was formed, its
    kind (observed, derived, estimate), its sources and the other figures found."""
    whole = pts[~pts["partial"] & (pts["period_type"] != "month") & pts["year"].notna()]
    cells: dict[tuple, list[dict]] = {}
    for r in whole.to_dict("records"):
        cells.setdefault((r["reporter"], r["partner"], r["period_type"], r["definition"], int(r["year"])), []).append(r)
    totals: dict[tuple, dict] = {}
    for (rep, par, ptype, definition, year), rows in cells.items():
        e, i, t = (_figure(rows, f) for f in ("exports", "imports", "total"))
        if e and i:
            used, how = [e[0], i[0]], "exports + imports"
        elif t:
            used, how = [t[0]], "reported total"
        else:
            continue
        others = [f"{r['flow']} {_bn(r['value_usd'])} ({r['source'][:70]})" for part in (e, i, t) for r in part[1:]
                  if all(r is not u for u in used)]
        totals[(rep, par, ptype, definition, year)] = {
            "value_usd": float(sum(r["value_usd"] for r in used)),
            "exports_usd": float(e[0]["value_usd"]) if e else np.nan,
            "imports_usd": float(i[0]["value_usd"]) if i else np.nan, "how": how,
            "kind": "derived" if any(r["kind"] == "derived" for r in used) else "observed",
            "sources": "; ".join(dict.fromkeys(str(r["source"]) for r in used)),
            "datasets": ", ".join(dict.fromkeys(str(r["dataset"]) for r in used)),
            "other_figures": "; ".join(others)}
    for (rep, par, ptype, definition, year) in list(totals):
        if definition != "goods":
            continue
        gs, sv = totals[(rep, par, ptype, "goods", year)], totals.get((rep, par, ptype, "services", year))
        if sv is not None and (rep, par, ptype, "goods_services", year) not in totals:
            totals[(rep, par, ptype, "goods_services", year)] = {
                "value_usd": gs["value_usd"] + sv["value_usd"], "exports_usd": gs["exports_usd"] + sv["exports_usd"],
                "imports_usd": gs["imports_usd"] + sv["imports_usd"], "how": "goods total + services total",
                "kind": "derived", "sources": f"{gs['sources']}; {sv['sources']}",
                "datasets": ", ".join(dict.fromkeys(f"{gs['datasets']}, {sv['datasets']}".split(", "))),
                "other_figures": ""}
    rows = []
    for (rep, par, ptype, definition, year), tot in totals.items():
        basis = Basis(definition, rep, par, ptype)
        rows.append({"basis": basis.key, "definition": definition, "reporter": rep, "partner": par,
                     "period_type": ptype, "year": year, "period": basis.period_label(year), **tot})
    rows += _monthly_estimates(pts, {(r["basis"], r["year"]) for r in rows})
    out = pd.DataFrame(rows)
    if out.empty:
        return out
    return out.sort_values(["basis", "year"]).reset_index(drop=True)


def _monthly_estimates(pts: pd.DataFrame, have: set[tuple[str, int]]) -> list[dict]:
    out = []
    months = pts[pts["period_type"] == "month"]
    for (rep, par, definition, year), g in months.groupby(["reporter", "partner", "definition", "year"]):
        basis = Basis(definition, rep, par, "fiscal_apr_mar")
        if (basis.key, int(year)) in have:
            continue
        e, i = g[g["flow"] == "exports"], g[g["flow"] == "imports"]
        if len(e) < MIN_MONTHS or len(i) < MIN_MONTHS:
            continue
        est_e, est_i = e["value_usd"].sum() * 12 / len(e), i["value_usd"].sum() * 12 / len(i)

        def span(f):
            return f"{len(f)} of 12 months ({', '.join(sorted(f['month'].astype(str)))})"

        out.append({"basis": basis.key, "definition": definition, "reporter": rep, "partner": par,
                    "period_type": "fiscal_apr_mar", "year": int(year), "period": basis.period_label(int(year)),
                    "value_usd": float(est_e + est_i), "exports_usd": float(est_e), "imports_usd": float(est_i),
                    "how": (f"ESTIMATE from monthly figures: exports {span(e)}, imports {span(i)}; each flow's "
                            "missing months at the mean of its observed months"),
                    "kind": "estimate", "sources": "; ".join(dict.fromkeys(g["source"].astype(str))),
                    "datasets": ", ".join(dict.fromkeys(g["dataset"])), "other_figures": ""})
    return out


def bases(frame: pd.DataFrame) -> list[Basis]:
    """The bases of an :func:`annual` frame, in a stable order (goods and services first)."""
    seen = frame[["definition", "reporter", "partner", "period_type"]].drop_duplicates()
    order = {d: k for k, d in enumerate(("goods_services", "goods", "services"))}
    found = [Basis(r.definition, r.reporter, r.partner, r.period_type) for r in seen.itertuples()]
    return sorted(found, key=lambda b: (order[b.definition], b.period != "calendar", b.reporter))


def provenance(pts: pd.DataFrame) -> tuple[Provenance, ...]:
    """One entry per dataset the figures come from."""
    out = []
    for name in dict.fromkeys(pts["dataset"]):
        out.append(Provenance(name, datasets.source_text(name), ""))
    return tuple(out)
