"""UN Comtrade trade files -> tidy trade rows (USD, ISO3, zero-padded HS codes).

Two layouts, told apart by the header:

* **Comtrade+** (comtradeplus.un.org downloads, the v1 API, bulk files):
  ``typeCode, freqCode, refYear, period, reporterCode, reporterISO, reporterDesc,
  flowCode, partnerCode, partnerISO, partnerDesc, partner2Code, classificationCode,
  cmdCode, customsCode, motCode, qtyUnitAbbr, qty, ..., primaryValue``.
* **Legacy Comtrade** (comtrade.un.org before 2023): ``Classification, Year,
  Period, Trade Flow Code, Trade Flow, Reporter Code, Reporter, Reporter ISO,
  Partner Code, Partner, Partner ISO, ..., Commodity Code, Qty Unit, Qty,
  Netweight (kg), Trade Value (US$)``.

Rules (also in docs/import-formats.md):

* The reporter is the importer for flow M (Import, code 1) and the exporter for
  flow X (Export, code 2); ``flow`` records which side reported.
* Re-exports (RX, code 3), re-imports (RM, code 4) and the other special flows
  (DX, FM, processing flows) are skipped with a count: X and M already include
  re-exports and re-imports for most reporters, so keeping both would double count.
* Totals only: rows with partner World (0 / W00 / WLD), cmdCode TOTAL, a partner
  that is not a country (areas nes, bunkers, free zones, special categories)
  or a breakdown (partner2Code other than 0, customsCode other than C00, motCode
  other than 0) are skipped with a count, not reported as errors.
* Annual goods data only: monthly rows (freqCode M, 6-digit periods) and
  services (typeCode S) are row errors, as are non-HS classifications.
* ``primaryValue`` / ``Trade Value (US$)`` is in US dollars; it is stored as is.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tradedeal.errors import InputFileError
from tradedeal.store.formats import _countries, _validate
from tradedeal.store.formats._read import RawTable
from tradedeal.store.formats._result import ParseResult, finish, first_reason, oriented
from tradedeal.store.formats._spec import DOCS, Variant, detect, f

PLUS = Variant(
    name="comtrade-plus",
    title="UN Comtrade+ CSV",
    kind="trade",
    fields=(
        f("type", "typeCode"), f("freq", "freqCode"), f("year", "refYear"), f("period", "period"),
        f("reporter_code", "reporterCode"), f("reporter_iso", "reporterISO"),
        f("reporter_name", "reporterDesc"),
        f("flow", "flowCode"),
        f("partner_code", "partnerCode"), f("partner_iso", "partnerISO"),
        f("partner_name", "partnerDesc"),
        f("partner2", "partner2Code"), f("classification", "classificationCode"),
        f("cmd", "cmdCode"), f("customs", "customsCode"), f("mot", "motCode"),
        f("qty_unit", "qtyUnitAbbr"), f("qty_unit_code", "qtyUnitCode"), f("qty", "qty"),
        f("value", "primaryValue"),
    ),
    required=(("year", "period"), ("reporter_code", "reporter_iso"), ("flow",),
              ("partner_code", "partner_iso"), ("cmd",), ("value",)),
    markers=("cmdcode", "primaryvalue", "flowcode", "refyear", "reportercode", "partnercode",
             "classificationcode", "freqcode", "typecode"),
)

LEGACY = Variant(
    name="comtrade-legacy",
    title="legacy UN Comtrade CSV",
    kind="trade",
    fields=(
        f("classification", "Classification"), f("year", "Year"), f("period", "Period"),
        f("flow_code", "Trade Flow Code"), f("flow_name", "Trade Flow"),
        f("reporter_code", "Reporter Code"), f("reporter_name", "Reporter"),
        f("reporter_iso", "Reporter ISO"),
        f("partner_code", "Partner Code"), f("partner_name", "Partner"),
        f("partner_iso", "Partner ISO"),
        f("partner2", "2nd Partner Code"), f("customs", "Customs Proc. Code"),
        f("mot", "Mode of Transport Code"),
        f("cmd", "Commodity Code"),
        f("qty_unit", "Qty Unit"), f("qty_unit_code", "Qty Unit Code"), f("qty", "Qty"),
        f("value", "Trade Value (US$)"),
    ),
    required=(("year", "period"), ("flow_code", "flow_name"),
              ("reporter_code", "reporter_iso", "reporter_name"),
              ("partner_code", "partner_iso", "partner_name"), ("cmd",), ("value",)),
    markers=("commoditycode", "tradevalueus", "tradeflowcode", "reporteriso", "partneriso",
             "netweightkg", "isleafcode", "aggregatelevel"),
)

VARIANTS = (PLUS, LEGACY)

# Flows other than M and X: skipped, with what they are.
OTHER_FLOWS = {
    "RX": "re-export", "RM": "re-import", "DX": "domestic export", "FM": "foreign import",
    "MIP": "import for inward processing", "XIP": "export after inward processing",
    "MOP": "import after outward processing", "XOP": "export for outward processing",
    "MTP": "import under temporary admission", "XTP": "export under temporary admission",
}
LEGACY_FLOW_NAMES = {"import": "M", "export": "X", "re-export": "RX", "re-import": "RM",
                     "reexport": "RX", "reimport": "RM"}
NO_QUANTITY_UNITS = {"n/a", "no quantity", "-1", ""}


def parse(raw: RawTable) -> ParseResult:
    """Parse a Comtrade file already read by :func:`~._read.read_table`."""
    variant = detect(raw, VARIANTS)
    if variant is None:
        raise wrong_format(raw)
    variant.check_columns(raw)
    cols = variant.columns(raw)
    idx = raw.frame.index
    flow = _flow_plus(cols["flow"]) if variant is PLUS else _flow_legacy(cols["flow_code"], cols["flow_name"])
    return _parse_rows(raw, variant, cols, flow, idx)


def wrong_format(raw: RawTable, looks_like: str | None = None) -> InputFileError:
    """The error for a file that is not a Comtrade file (``looks_like``: the family it matches)."""
    hint = (f"this looks like a {looks_like.upper()} file: import it with --format {looks_like}" if looks_like else
            f"expected a UN Comtrade+ CSV ({PLUS.expected()}) or a legacy Comtrade CSV "
            f"({LEGACY.expected()}); see {DOCS}")
    head = ", ".join(map(str, raw.frame.columns[:8]))
    return InputFileError(raw.file, f"not a UN Comtrade file (header: {head})", hint=hint)


def _flow_plus(raw: pd.Series) -> pd.Series:
    return raw.astype(object).str.upper()


def _flow_legacy(codes: pd.Series | None, names: pd.Series | None) -> pd.Series:
    out = pd.Series(np.nan, index=(codes if codes is not None else names).index, dtype=object)
    if codes is not None:
        c = codes.astype(object).str.replace(r"\.0$", "", regex=True)
        out = c.map(_validate.FLOW_CODES).where(c.notna(), np.nan)
        out = out.where(out.notna() | c.isna(), "?" + c.astype(str))
    if names is not None:
        by_name = names.astype(object).str.lower().str.replace(" ", "", regex=False).map(
            {k.replace(" ", ""): v for k, v in LEGACY_FLOW_NAMES.items()})
        unknown = names.notna() & by_name.isna()
        by_name = by_name.where(~unknown, "?" + names.astype(str))
        out = out.where(out.notna(), by_name)
    return out


def _is_total(raw: pd.Series | None, total: str) -> np.ndarray:
    """True where a breakdown column holds its 'total' value (or is empty)."""
    if raw is None:
        return np.ones(0, bool)
    s = raw.astype(object).str.upper().str.replace(r"\.0$", "", regex=True)
    return (s.isna() | (s == total)).to_numpy()


def _parse_rows(raw: RawTable, variant: Variant, cols: dict, flow: pd.Series,
                idx: pd.Index) -> ParseResult:
    n = len(idx)
    problems = _validate.Problems()
    lines = raw.lines
    hdr = lambda name: variant.header_of(raw, name)  # noqa: E731

    cmd = _validate.text(cols["cmd"], idx)
    is_total_cmd = (cmd.astype(str).str.upper() == "TOTAL").to_numpy()
    rep_iso3, rep_status, rep_reason = _countries.resolve_series(
        cols["reporter_code"] if cols["reporter_code"] is not None else cols["reporter_iso"],
        cols["reporter_name"], "comtrade", idx)
    par_iso3, par_status, par_reason = _countries.resolve_series(
        cols["partner_code"] if cols["partner_code"] is not None else cols["partner_iso"],
        cols["partner_name"], "comtrade", idx)

    breakdown = np.zeros(n, bool)
    for name, total in (("partner2", "0"), ("customs", "C00"), ("mot", "0")):
        if cols[name] is not None:
            breakdown |= ~_is_total(cols[name], total)
    flow_up = flow.astype(object)
    other_flow = flow_up.isin(list(OTHER_FLOWS)).to_numpy()
    flow_label = flow_up.map(lambda c: f"rows of flow {c} ({OTHER_FLOWS.get(c, '')}s)")
    self_trade = ((rep_iso3 == par_iso3) & rep_iso3.notna()).to_numpy()
    skip = first_reason(
        idx,
        (is_total_cmd, "all-commodity total rows (cmdCode TOTAL)"),
        ((par_status == "world").to_numpy(), "World-partner total rows"),
        ((par_status == "unallocated").to_numpy(),
         "rows whose partner is not a country (areas nes, bunkers, free zones, special categories)"),
        ((par_status == "union").to_numpy(), "rows whose partner is the EU as a whole (a group)"),
        (breakdown, "breakdown rows (second partner, customs procedure or transport mode; "
                    "only totals are kept)"),
        (other_flow, flow_label),
        (self_trade, "rows whose partner is the reporter itself"),
    )
    live = skip.isna().to_numpy()

    if cols.get("type") is not None:
        t = cols["type"].astype(object).str.upper()
        reason = pd.Series(np.where(t.notna() & (t != "C"),
                                    "typeCode '" + t.astype(str) + "' is not goods; only goods "
                                    "(typeCode C) can be imported", None), index=idx)
        problems.add_masked(lines, hdr("type"), reason, live)

    year_raw = cols["year"] if cols["year"] is not None else cols["period"].astype(object).str[:4]
    year, year_reason = _validate.years(year_raw)
    problems.add_masked(lines, hdr("year" if cols["year"] is not None else "period"), year_reason, live)
    monthly = np.zeros(n, bool)
    if cols.get("freq") is not None:
        monthly |= (cols["freq"].astype(object).str.upper() == "M").to_numpy()
    if cols["period"] is not None:
        monthly |= cols["period"].astype(object).str.fullmatch(r"\d{6}").fillna(False).to_numpy()
    monthly_reason = pd.Series(np.where(monthly, "monthly record; import annual data "
                                        "(freqCode A, period YYYY)", None), index=idx)
    problems.add_masked(lines, hdr("freq") if cols.get("freq") is not None else hdr("period"),
                        monthly_reason, live)

    flow_field = hdr("flow") if variant is PLUS else (
        hdr("flow_code") if cols["flow_code"] is not None else hdr("flow_name"))
    known_flow = flow_up.isin(["M", "X"]).to_numpy()
    flow_reason = pd.Series(
        [None if k else (f"unknown trade flow '{str(v).lstrip('?')}' (expected M or X)"
                         if isinstance(v, str) else "missing trade flow")
         for k, v in zip(known_flow, flow_up)], index=idx, dtype=object)
    problems.add_masked(lines, flow_field, flow_reason, live)

    if cols["classification"] is not None:
        cl = cols["classification"].astype(object).str.upper()
        bad_cl = (cl.notna() & ~cl.str.startswith("H")).to_numpy()
        cl_reason = pd.Series(np.where(bad_cl, "classification '" + cl.astype(str) +
                                       "' is not the Harmonized System (H0..H6 or HS)", None), index=idx)
        problems.add_masked(lines, hdr("classification"), cl_reason, live)

    hs, hs_reason = _validate.hs_codes(cmd)
    problems.add_masked(lines, hdr("cmd"), hs_reason, live)
    value, value_reason = _validate.amounts(cols["value"], "trade value")
    problems.add_masked(lines, hdr("value"), value_reason, live)

    rep_field = hdr("reporter_code") if cols["reporter_code"] is not None else hdr("reporter_iso")
    par_field = hdr("partner_code") if cols["partner_code"] is not None else hdr("partner_iso")
    _validate.country_problems(problems, lines, live, (rep_field, rep_status, rep_reason),
                               (par_field, par_status, par_reason))

    is_import = (flow_up == "M").to_numpy()
    staged = oriented(idx, is_import, rep_iso3, par_iso3)
    staged["year"] = year
    staged["flow"] = np.where(is_import, "import", "export")
    staged["hs_code"] = hs
    staged["classification"] = _validate.text(cols["classification"], idx)
    staged["value_usd"] = value
    staged["quantity"], staged["quantity_unit"] = _quantity(cols, idx)
    return finish(raw, variant, "comtrade", staged, skip, problems,
                  notes=[f"values read from '{hdr('value')}' in US dollars"])


def _quantity(cols: dict, idx: pd.Index) -> tuple[pd.Series, pd.Series]:
    qty = _validate.optional_number(cols["qty"], idx)
    unit = _validate.text(cols["qty_unit"], idx)
    no_unit = unit.isna() | unit.astype(str).str.lower().isin(NO_QUANTITY_UNITS)
    if cols["qty_unit_code"] is not None:
        no_unit |= cols["qty_unit_code"].astype(object).isin(["-1"])
    usable = ~no_unit & qty.notna() & (qty > 0)
    return qty.where(usable), unit.where(usable)
