"""World Bank WITS / UNCTAD TRAINS files -> tidy tariff or trade rows.

Three layouts, told apart by the header:

* **TRAINS raw data** (WITS bulk "AVEMFN"/"AVEPref" CSV): ``NomenCode,
  Reporter_ISO_N, Year, ProductCode, [Partner,] Sum_Of_Rates, Min_Rate, Max_Rate,
  SimpleAverage, Nbr_NA_Lines, Nbr_Free_Lines, Nbr_AVE_Lines, Nbr_Dutiable_Lines,
  TotalNoOfValidLines, TotalNoOfLines, EstCode``. Without a Partner column the
  rates are MFN applied (exporter NULL); with one they are preferential rates
  for that partner.
* **WITS tariff "View and Export"** CSV: ``Native Nomen, Reporter, Reporter Name,
  Product, Product Name, Partner, Partner Name, Tariff Year, DutyType, Simple
  Average, Weighted Average, Minimum Rate, Maximum Rate, Nbr of Total Lines,
  Imports Value in 1000 USD, ...``. DutyType MFN -> 'MFN applied', PRF ->
  'preferential', AHS -> 'effectively applied', BND -> 'bound'. Partner World
  (000 / WLD) -> exporter NULL (the rate was computed over every partner).
* **WITS trade data** CSV: ``Reporter, TradeFlow, ProductCode, Product
  Description, Year, Partner, Trade Value 1000USD, Quantity, Quantity Unit``
  (country names), or the advanced-query layout ``ReporterISO3, ReporterName,
  PartnerISO3, PartnerName, TradeFlowName, ProductCode, Year, TradeValue in
  1000 USD, ...``. Values are in **thousands** of US dollars and are multiplied
  by 1000; the report says so.

Rates are percent ad valorem. Numeric country codes are ISO numeric, with WITS's
own 918 = European Union (stored as ``EUN``) and 000 = World. Rows for all
products ('Total') or WITS product groups ('01-05_Animal') are skipped with a
count; a row without a simple average (only non-ad-valorem lines) is skipped too.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tradedeal.errors import InputFileError
from tradedeal.store.formats import _countries, _validate
from tradedeal.store.formats._read import RawTable
from tradedeal.store.formats._result import ParseResult, finish, first_reason, oriented
from tradedeal.store.formats._spec import DOCS, Variant, detect, f

TRAINS_RAW = Variant(
    name="trains-raw",
    title="TRAINS raw-data tariff CSV",
    kind="tariff",
    fields=(
        f("classification", "NomenCode"), f("reporter", "Reporter_ISO_N"), f("year", "Year"),
        f("product", "ProductCode"), f("partner", "Partner"),
        f("simple", "SimpleAverage"), f("min", "Min_Rate"), f("max", "Max_Rate"),
        f("n_lines", "TotalNoOfLines"), f("n_valid", "TotalNoOfValidLines"),
    ),
    required=(("reporter",), ("year",), ("product",), ("simple",)),
    markers=("reporterison", "sumofrates", "nomencode", "totalnooflines", "totalnoofvalidlines",
             "nbrnalines", "estcode", "minrate", "maxrate"),
)

WITS_TARIFF = Variant(
    name="wits-tariff",
    title="WITS tariff (View and Export) CSV",
    kind="tariff",
    fields=(
        f("classification", "Native Nomen", "nativenomen", "selectednomen"),
        f("reporter", "Reporter"), f("reporter_name", "Reporter Name"),
        f("partner", "Partner"), f("partner_name", "Partner Name"),
        f("product", "Product", "product", "productcode"), f("year", "Tariff Year"),
        f("duty", "DutyType", "dutytype"),
        f("simple", "Simple Average"), f("weighted", "Weighted Average"),
        f("min", "Minimum Rate"), f("max", "Maximum Rate"), f("n_lines", "Nbr of Total Lines"),
    ),
    required=(("reporter", "reporter_name"), ("product",), ("year",), ("duty",), ("simple",)),
    markers=("dutytype", "tariffyear", "minimumrate", "maximumrate", "weightedaverage",
             "nbroftotallines", "nativenomen", "selectednomen"),
)

WITS_TRADE = Variant(
    name="wits-trade",
    title="WITS trade CSV",
    kind="trade",
    fields=(
        f("classification", "Nomenclature"),
        f("reporter_iso", "ReporterISO3"), f("reporter_name", "Reporter", "reporter", "reportername"),
        f("partner_iso", "PartnerISO3"), f("partner_name", "Partner", "partner", "partnername"),
        f("flow_name", "TradeFlow", "tradeflow", "tradeflowname"), f("flow_code", "TradeFlowCode"),
        f("product", "ProductCode"), f("year", "Year"),
        f("value", "Trade Value 1000USD", "tradevalue1000usd", "tradevaluein1000usd"),
        f("qty", "Quantity"), f("qty_unit", "Quantity Unit", "quantityunit", "qtyunit"),
    ),
    required=(("reporter_iso", "reporter_name"), ("partner_iso", "partner_name"),
              ("flow_name", "flow_code"), ("product",), ("year",), ("value",)),
    markers=("tradevalue1000usd", "tradevaluein1000usd", "tradeflow", "tradeflowname",
             "reporteriso3", "partneriso3", "productdescription"),
)

VARIANTS = (TRAINS_RAW, WITS_TARIFF, WITS_TRADE)

DUTY_TYPES = {"MFN": "MFN applied", "PRF": "preferential", "AHS": "effectively applied",
              "BND": "bound"}
FLOW_NAMES = {"import": "M", "imports": "M", "grossimp": "M", "grossimports": "M",
              "export": "X", "exports": "X", "grossexp": "X", "grossexports": "X",
              "reexport": "RX", "reexports": "RX", "reimport": "RM", "reimports": "RM"}
SKIPPED_FLOWS = {"RX": "re-export", "RM": "re-import"}
ALL_PRODUCTS = {"total", "all products", "all", "alls"}
PRODUCT_GROUP = r"^\d{2}-\d{2}[_ ]"
THOUSANDS = 1000.0


def parse(raw: RawTable) -> ParseResult:
    """Parse a WITS/TRAINS file already read by :func:`~._read.read_table`."""
    variant = detect(raw, VARIANTS)
    if variant is None:
        raise wrong_format(raw)
    variant.check_columns(raw)
    if variant is WITS_TRADE:
        return _parse_trade(raw, variant)
    return _parse_tariff(raw, variant)


def wrong_format(raw: RawTable, looks_like: str | None = None) -> InputFileError:
    """The error for a file that is not a WITS file (``looks_like``: the family it matches)."""
    expected = "; ".join(f"{v.title}: {v.expected()}" for v in VARIANTS)
    names = {"comtrade": "UN Comtrade"}
    hint = (f"this looks like a {names.get(looks_like, looks_like)} file: import it with --format {looks_like}"
            if looks_like else f"expected one of — {expected}. See {DOCS}")
    head = ", ".join(map(str, raw.frame.columns[:8]))
    return InputFileError(raw.file, f"not a WITS or TRAINS file (header: {head})", hint=hint)


def _product_skips(product: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    p = product.astype(object).astype(str).str.strip().str.lower()
    total = p.isin(ALL_PRODUCTS).to_numpy()
    group = p.str.contains(PRODUCT_GROUP, regex=True).to_numpy() & ~total
    return total, group


def _parse_tariff(raw: RawTable, variant: Variant) -> ParseResult:
    cols = variant.columns(raw)
    idx = raw.frame.index
    lines = raw.lines
    problems = _validate.Problems()
    hdr = lambda name: variant.header_of(raw, name)  # noqa: E731

    rep_iso3, rep_status, rep_reason = _countries.resolve_series(
        cols["reporter"], cols.get("reporter_name"), "wits", idx)
    has_partner = cols["partner"] is not None or cols.get("partner_name") is not None
    if has_partner:
        par_iso3, par_status, par_reason = _countries.resolve_series(
            cols["partner"], cols.get("partner_name"), "wits", idx)
    else:
        par_iso3 = pd.Series(None, index=idx, dtype=object)
        par_status = pd.Series("world", index=idx, dtype=object)
        par_reason = pd.Series(None, index=idx, dtype=object)

    if variant is TRAINS_RAW:
        rate_type = pd.Series("preferential" if cols["partner"] is not None else "MFN applied",
                              index=idx, dtype=object)
        duty_bad = pd.Series(None, index=idx, dtype=object)
    else:
        duty = cols["duty"].astype(object).str.upper()
        rate_type = duty.map(DUTY_TYPES)
        duty_bad = pd.Series(np.where(rate_type.isna(), np.where(
            duty.isna(), "missing duty type",
            "unknown duty type '" + duty.astype(str) + "' (expected MFN, PRF, AHS or BND)"), None),
            index=idx)

    total, group = _product_skips(cols["product"])
    simple_missing = cols["simple"].isna().to_numpy()
    skip = first_reason(
        idx,
        (total, "all-product total rows"),
        (group, "WITS product-group rows (not HS codes)"),
        ((par_status == "unallocated").to_numpy(), "rows whose partner is not a country"),
        (simple_missing, "rows without an ad-valorem simple average (non-ad-valorem lines only)"),
    )
    live = skip.isna().to_numpy()

    hs, hs_reason = _validate.hs_codes(cols["product"])
    problems.add_masked(lines, hdr("product"), hs_reason, live)
    year, year_reason = _validate.years(cols["year"])
    problems.add_masked(lines, hdr("year"), year_reason, live)
    problems.add_masked(lines, hdr("duty") if variant is WITS_TARIFF else hdr("reporter"), duty_bad, live)
    simple, simple_reason = _validate.amounts(cols["simple"], "simple average rate")
    problems.add_masked(lines, hdr("simple"), simple_reason, live)
    optional = {}
    for name, what in (("min", "minimum rate"), ("max", "maximum rate"),
                       ("weighted", "weighted average rate")):
        if cols.get(name) is None:
            optional[name] = pd.Series(np.nan, index=idx)
            continue
        val, reason = _validate.amounts(cols[name], what, required=False)
        problems.add_masked(lines, hdr(name), reason, live)
        optional[name] = val
    rep_field = hdr("reporter") if cols["reporter"] is not None else hdr("reporter_name")
    rep_bad = pd.Series(np.where(rep_status == "unknown", rep_reason,
                                 np.where(rep_status.isin(["world", "unallocated"]),
                                          "the reporter is not a country", None)), index=idx)
    problems.add_masked(lines, rep_field, rep_bad, live)
    if has_partner:
        par_field = hdr("partner") if cols["partner"] is not None else hdr("partner_name")
        par_bad = pd.Series(np.where(par_status == "unknown", par_reason, None), index=idx)
        problems.add_masked(lines, par_field, par_bad, live)

    n_lines = _validate.optional_number(
        cols["n_lines"] if cols["n_lines"] is not None else cols.get("n_valid"), idx)
    staged = pd.DataFrame(index=idx)
    staged["importer"] = rep_iso3
    staged["exporter"] = par_iso3.where(par_status != "world", None)
    staged["year"] = year
    staged["hs_code"] = hs
    staged["classification"] = _validate.text(cols["classification"], idx)
    staged["rate_type"] = rate_type
    staged["simple_avg_pct"] = simple
    staged["min_pct"] = optional["min"]
    staged["max_pct"] = optional["max"]
    staged["weighted_avg_pct"] = optional["weighted"]
    staged["n_lines"] = n_lines.round().astype("Int64")
    notes = ["rates in percent ad valorem"]
    if variant is TRAINS_RAW and cols["partner"] is None:
        notes.append("no Partner column: rates stored as 'MFN applied' for every partner")
    return finish(raw, variant, "wits", staged, skip, problems, notes)


def _flows(cols: dict, idx: pd.Index) -> pd.Series:
    if cols["flow_name"] is not None:
        names = cols["flow_name"].astype(object)
        key = names.str.lower().str.replace(r"[\s.\-]", "", regex=True)
        out = key.map(FLOW_NAMES)
        return out.where(out.notna() | names.isna(), "?" + names.astype(str))
    codes = cols["flow_code"].astype(object).str.replace(r"\.0$", "", regex=True)
    out = codes.map(_validate.FLOW_CODES)  # used only without a flow name
    return out.where(out.notna() | codes.isna(), "?" + codes.astype(str))


def _parse_trade(raw: RawTable, variant: Variant) -> ParseResult:
    cols = variant.columns(raw)
    idx = raw.frame.index
    lines = raw.lines
    problems = _validate.Problems()
    hdr = lambda name: variant.header_of(raw, name)  # noqa: E731

    rep_iso3, rep_status, rep_reason = _countries.resolve_series(
        cols["reporter_iso"], cols["reporter_name"], "wits", idx)
    par_iso3, par_status, par_reason = _countries.resolve_series(
        cols["partner_iso"], cols["partner_name"], "wits", idx)
    flow = _flows(cols, idx)
    total, group = _product_skips(cols["product"])
    other_flow = flow.isin(list(SKIPPED_FLOWS)).to_numpy()
    self_trade = ((rep_iso3 == par_iso3) & rep_iso3.notna()).to_numpy()
    skip = first_reason(
        idx,
        (total, "all-product total rows"),
        (group, "WITS product-group rows (not HS codes)"),
        ((par_status == "world").to_numpy(), "World-partner total rows"),
        ((par_status == "unallocated").to_numpy(), "rows whose partner is not a country"),
        ((par_status == "union").to_numpy(), "rows whose partner is the EU as a whole (a group)"),
        (other_flow, flow.map(lambda c: f"rows of flow {SKIPPED_FLOWS.get(c, c)}s")),
        (self_trade, "rows whose partner is the reporter itself"),
    )
    live = skip.isna().to_numpy()

    flow_field = hdr("flow_name") if cols["flow_name"] is not None else hdr("flow_code")
    flow_bad = pd.Series(
        [None if v in ("M", "X") else ("missing trade flow" if not isinstance(v, str) else
                                       f"unknown trade flow '{v.lstrip('?')}' (expected Import or Export)")
         for v in flow], index=idx, dtype=object)
    problems.add_masked(lines, flow_field, flow_bad, live)
    hs, hs_reason = _validate.hs_codes(cols["product"])
    problems.add_masked(lines, hdr("product"), hs_reason, live)
    year, year_reason = _validate.years(cols["year"])
    problems.add_masked(lines, hdr("year"), year_reason, live)
    value, value_reason = _validate.amounts(cols["value"], "trade value")
    problems.add_masked(lines, hdr("value"), value_reason, live)
    rep_field = hdr("reporter_iso") if cols["reporter_iso"] is not None else hdr("reporter_name")
    par_field = hdr("partner_iso") if cols["partner_iso"] is not None else hdr("partner_name")
    _validate.country_problems(problems, lines, live, (rep_field, rep_status, rep_reason),
                               (par_field, par_status, par_reason))

    is_import = (flow == "M").to_numpy()
    qty = _validate.optional_number(cols["qty"], idx)
    unit = _validate.text(cols["qty_unit"], idx)
    usable = unit.notna() & qty.notna() & (qty > 0)
    staged = oriented(idx, is_import, rep_iso3, par_iso3)
    staged["year"] = year
    staged["flow"] = np.where(is_import, "import", "export")
    staged["hs_code"] = hs
    staged["classification"] = _validate.text(cols["classification"], idx)
    staged["value_usd"] = (value * THOUSANDS).round(3)
    staged["quantity"] = qty.where(usable)
    staged["quantity_unit"] = unit.where(usable)
    note = f"values in '{hdr('value')}' are thousands of US dollars: multiplied by 1000"
    return finish(raw, variant, "wits", staged, skip, problems, [note])
