"""The measure schema, declared once as data.

:data:`MEASURE_FIELDS` lists every field of a measure (name, type, unit, default,
description). The pydantic model that validates measure files
(:mod:`tradedeal.regime.model`) and the reference page ``docs/measure-schema.md``
(:func:`markdown`) are both generated from it, so they cannot drift.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from tradedeal.options import MeasureStatus, choices

REQUIRED = object()  # marker: the field has no default

AUTHORITIES = (
    "mfn", "column_2", "fta_preference", "ieepa_fentanyl", "ieepa_reciprocal",
    "ieepa_country_penalty", "section_232", "section_301", "section_201", "section_122",
    "section_338", "basic_customs_duty", "other",
)
BASES = ("full_value", "metal_content", "steel_content", "aluminum_content", "copper_content",
         "non_us_content")
RATE_KINDS = ("additional", "floor")
STATUSES = choices(MeasureStatus)

Authority = Literal[AUTHORITIES]  # type: ignore[valid-type]
Basis = Literal[BASES]  # type: ignore[valid-type]
RateKind = Literal[RATE_KINDS]  # type: ignore[valid-type]
Status = MeasureStatus


@dataclass(frozen=True)
class Field:
    """One field of a measure."""

    name: str
    type: Any
    unit: str
    default: Any
    description: str

    @property
    def required(self) -> bool:
        return self.default is REQUIRED

    @property
    def type_name(self) -> str:
        names = {str: "string", float: "number", int: "integer", date: "date (YYYY-MM-DD)",
                 list[str]: "list of strings"}
        if self.type in names:
            return names[self.type]
        text = str(self.type).replace("typing.", "").replace("datetime.", "")
        return text.replace("Literal", "one of ").replace("NoneType", "none")


MEASURE_FIELDS: tuple[Field, ...] = (
    Field("id", str, "", REQUIRED, "Unique id of the measure, lower case with dots, e.g. "
          "'us.ieepa.reciprocal.ind'. Scenario edits refer to measures by id."),
    Field("title", str, "", "", "Short human-readable name."),
    Field("importer", str, "ISO3", "", "Country applying the measure; defaults to the regime's importer."),
    Field("exporters", list[str], "ISO3 / group", ["all"], "Countries of origin it applies to: "
          "['all'], or a list of ISO3 codes and group codes (EUN expands to the EU members)."),
    Field("exclude_exporters", list[str], "ISO3 / group", [], "Countries carved out of 'all' "
          "(all-except)."),
    Field("authority", Authority, "", REQUIRED, "Legal authority: " + ", ".join(AUTHORITIES) + "."),
    Field("heading", str, "", "", "HTS Chapter 99 heading (or national tariff reference) under "
          "which the duty is entered, e.g. '9903.02.26'."),
    Field("legal", str, "", "", "Legal instrument: executive order, proclamation, notification."),
    Field("include", list[str], "HS prefix", REQUIRED, "HS prefixes (2-10 digits) in scope, or "
          "['*'] for every product. Longest prefix wins between include and exclude."),
    Field("exclude", list[str], "HS prefix", [], "HS prefixes carved out of the include prefixes."),
    Field("include_lists", list[str], "list id", [], "Named product lists (see the regime's "
          "[lists]) whose entries are also in scope while each entry is valid."),
    Field("exempt_lists", list[str], "list id", [], "Named product lists whose entries are exempt "
          "from this measure while each entry is valid (e.g. Annex II)."),
    Field("rate", float | None, "percent ad valorem", None, "Ad-valorem rate. Give rate or rate_table."),
    Field("rate_table", str | None, "table id", None, "Named rate table (see the regime's "
          "[rate_tables]) giving the rate line by line, e.g. the MFN schedule."),
    Field("rate_kind", RateKind, "", "additional", "'additional': the rate is added; 'floor': the "
          "duty tops the line's MFN rate up to the rate (EU, Japan 15% all-in)."),
    Field("basis", Basis, "", "full_value", "What the rate is charged on: the full customs value, "
          "the metal (steel, aluminium, copper) content, or the non-US content."),
    Field("min_us_content", float, "share 0-1", 0.2, "With basis 'non_us_content': the US content is "
          "spared only where it is at least this share of the value (20% in the reciprocal-tariff order, "
          "EO 14257)."),
    Field("applies_to_share", float, "share 0-1", 1.0, "Share of the trade that is subject (e.g. the "
          "non-USMCA-qualifying share); an average when line-level shares are unknown."),
    Field("start", date, "entry date", REQUIRED, "First entry date (00:01 ET) on which it applies."),
    Field("end", date | None, "entry date", None, "First entry date on which it no longer applies "
          "(exclusive); none while in force."),
    Field("transit_exempt_until", date | None, "entry date", None, "Goods loaded before `start` and "
          "entered before this date are exempt (in-transit rule)."),
    Field("transit_continues_until", date | None, "entry date", None, "Goods loaded before `end` "
          "and entered before this date still pay this measure after `end`."),
    Field("stacking_group", str, "", REQUIRED, "At most one measure of a group applies to a line; "
          "the regime's [[stacking_rule]]s say which groups exclude which."),
    Field("precedence", int, "", 0, "Within a stacking group, the measure with the higher "
          "precedence wins where both cover a line; equal precedence may not overlap."),
    Field("status", Status, "", "in_force", "'in_force'; 'unconfirmed' (a single weak source), 'announced' "
          "(not yet in force) and 'conditional' (in force only for goods meeting a condition the HTS code does not "
          "show, such as a patent or a quota filled) measures are left out unless asked for; an entry line that "
          "declares a conditional measure's heading pays it."),
    Field("approximate", str, "", "", "What is approximate about this measure; printed beside "
          "every figure it touches."),
    Field("source", str, "", REQUIRED, "Where the measure is documented (fact-sheet row, "
          "Federal Register, CBP CSMS)."),
    Field("notes", str, "", "", "Anything else a reader needs."),
)

FIELD_NAMES = tuple(f.name for f in MEASURE_FIELDS)

EXCEPTION_HOWS = ("list", "transit", "stacking", "share", "precedence", "exporters", "content", "claim", "not_modelled")
ExceptionHow = Literal[EXCEPTION_HOWS]  # type: ignore[valid-type]

EXCEPTION_FIELDS: tuple[Field, ...] = (
    Field("heading", str, "", REQUIRED, "The exception heading of Chapter 99 (e.g. '9903.05.91'), as the heading "
          "text of the measures names it."),
    Field("title", str, "", "", "What the exception covers."),
    Field("measures", list[str], "measure id", [], "Measures of the file the exception belongs to (default: "
          "every measure of the file whose heading text names it)."),
    Field("how", ExceptionHow, "", REQUIRED, "How it is modelled: 'list' (an exempt list whose heading it is), "
          "'transit' (the measure's in-transit dates), 'stacking' (a [[stacking_rule]] of the regime), 'share' "
          "(applies_to_share: e.g. USMCA goods on average), 'precedence' (another measure of the same stacking "
          "group with a higher precedence), 'exporters' (the measure's exporter scope leaves the "
          "countries out), 'content' (its basis, e.g. non_us_content), 'claim' (a condition the HTS code does not show: not applied by "
          "default; an entry line declaring this heading is exempt), 'not_modelled' (with the reason)."),
    Field("reason", str, "", "", "Why it is modelled so, or why not at all (required for 'claim' and "
          "'not_modelled')."),
    Field("source", str, "", "", "Where the exception is written (note subdivision, heading text)."),
)

NOT_MODELLED_FIELDS: tuple[Field, ...] = (
    Field("heading", str, "", REQUIRED, "A Chapter 99 duty heading of the period the file covers that no measure "
          "models."),
    Field("title", str, "", "", "What the heading charges."),
    Field("reason", str, "", REQUIRED, "Why it is not modelled (a condition the HTS code cannot show, a partner "
          "outside the regime's detail, no product list in the sources)."),
    Field("source", str, "", "", "Where the heading is documented."),
)


def markdown(fields: tuple[Field, ...] = MEASURE_FIELDS) -> str:
    """The field reference of ``fields`` as a Markdown table."""
    rows = ["| field | type | unit | default | description |", "|---|---|---|---|---|"]
    for f in fields:
        default = "**required**" if f.required else f"`{f.default!r}`".replace("None", "none")
        rows.append(f"| `{f.name}` | {f.type_name} | {f.unit} | {default} | {f.description} |")
    return "\n".join(rows)
