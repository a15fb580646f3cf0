"""The scenario schema: pydantic models whose field descriptions are the reference page
(docs/scenario-schema.md is generated from them)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from tradedeal.regime.model import HSPrefixes

UNEDITED = "unedited"  # the baseline that is the regimes in force on the date, without the scenario's edits

EDITABLE = ("title", "exporters", "exclude_exporters", "heading", "legal", "include", "exclude",
            "include_lists", "exempt_lists", "rate", "rate_table", "rate_kind", "basis",
            "applies_to_share", "start", "end", "transit_exempt_until", "transit_continues_until",
            "precedence", "status", "approximate", "source", "notes")
LIST_FIELDS = ("exporters", "exclude_exporters", "include", "exclude", "include_lists", "exempt_lists")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class ScenarioHeader(_Strict):
    """The [scenario] table."""

    name: str = Field(description="Short id (lower case), used in file names and comparisons.")
    title: str = Field(description="One line a reader sees first.")
    description: str = Field("", description="What the scenario assumes, in words.")
    importer: str = Field(description="ISO3 of the first market modelled (e.g. USA).")
    partner: str = Field(description="ISO3 of the deal partner (e.g. IND).")
    date: dt.date = Field(description="Entry date on which the (edited) regime is evaluated.")
    base_date: dt.date = Field(dt.date(2025, 1, 1), validate_default=True, description="Entry date of the tariffs under which the "
                            "data year's trade was observed (the model's starting point).")
    data_year: int = Field(2024, description="Year of the trade data used as weights and starting values.")
    markets: list[str] = Field(default_factory=list, description="Importers whose markets are modelled "
                               "(default: importer and partner).")
    purchase_year: int | None = Field(None, description="Year whose purchase commitments are applied "
                                      "(default: the year of `date`).")
    include_unconfirmed: bool = Field(False, description="Also apply unconfirmed and announced measures.")
    baseline: str = Field(UNEDITED, description="What the deal is measured against (the headline of the results): "
                          "'unedited' (the regimes in force on the scenario's date without its edits or purchases), or "
                          "the name of a shipped scenario or the path of a scenario file (relative to this one) for "
                          "the same pair, date, base date and data year: the no-deal alternative.")
    source: str = Field(description="What the scenario follows (fact-sheet rows, press, texts).")

    @field_validator("importer", "partner")
    @classmethod
    def _upper(cls, v: str) -> str:
        return v.strip().upper()

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:

        if not re.fullmatch(r"[a-z0-9][a-z0-9_\-]*", v):
            raise ValueError("use lower case letters, digits, '_' or '-'")
        return v

    @field_validator("base_date")
    @classmethod
    def _dates(cls, v: dt.date, info):
        d = info.data.get("date")
        if d is not None and d < v:
            raise ValueError(f"date {d} is before base_date {v} (dates are inverted)")
        return v


class Edit(_Strict):
    """One [[edit]]: change, extend, remove or add a measure of one importer's regime."""

    regime: str = Field(description="ISO3 of the importer whose regime is edited.")
    action: Literal["change", "extend", "remove", "add"] = Field(
        description="change: set fields of an existing measure; extend: append to its list fields "
                    "(exclude, exempt_lists, exporters...); remove: drop it; add: a new measure.")
    measure: str | None = Field(None, description="Id of the measure to change, extend or remove.")
    set: dict[str, Any] = Field(default_factory=dict, description="For change: field = new value.")
    append: dict[str, list[str]] = Field(default_factory=dict, description="For extend: list field = items to add.")
    new: dict[str, Any] = Field(default_factory=dict, description="For add: the whole measure (docs/measure-schema.md).")
    source: str = Field(description="Where the edit comes from.")
    note: str = Field("", description="Anything a reader needs.")

    @model_validator(mode="after")
    def _shape(self):
        if self.action in ("change", "extend", "remove") and not self.measure:
            raise ValueError(f"action '{self.action}' needs 'measure' (the id to edit)")
        if self.action == "change":
            if not self.set:
                raise ValueError("action 'change' needs 'set' (fields and their new values)")
            bad = sorted(set(self.set) - set(EDITABLE))
            if bad:
                raise ValueError(f"cannot set {', '.join(bad)}; editable fields: {', '.join(EDITABLE)}")
        if self.action == "extend":
            bad = sorted(set(self.append) - set(LIST_FIELDS))
            if not self.append or bad:
                raise ValueError(f"action 'extend' needs 'append' with list fields ({', '.join(LIST_FIELDS)})")
        if self.action == "add" and not self.new:
            raise ValueError("action 'add' needs 'new' (the whole measure)")
        return self


class Purchase(_Strict):
    """One [[purchase]] commitment: an explicit addition to the importer's demand."""

    importer: str = Field(description="ISO3 of the buyer.")
    exporter: str = Field(description="ISO3 of the seller.")
    label: str = Field(description="What is bought, in words.")
    group: str | None = Field(None, description="Product group id (codes/data/product_groups.toml).")
    include: HSPrefixes = Field(default_factory=list, description="HS prefixes (instead of, or besides, a group).")
    usd_per_year: float | None = Field(None, description="USD per year, for every year in `years`.")
    years: list[int] = Field(default_factory=list, description="[first, last] year of usd_per_year.")
    by_year: dict[str, float] = Field(default_factory=dict, description="USD per year, year by year ('2026' = 25e9).")
    kind: Literal["additional", "target"] = Field("additional", description="additional: on top of the "
                                                  "data year's purchases; target: purchases reach the figure "
                                                  "(the addition is what is missing).")
    displace_others: bool = Field(False, description="Other suppliers of the same products lose what is "
                                  "added (the importer's total does not grow).")
    source: str = Field(description="Where the commitment is reported.")

    @model_validator(mode="after")
    def _amount(self):
        if not self.group and not self.include:
            raise ValueError("give a product 'group' or HS 'include' prefixes")
        if (self.usd_per_year is None) == (not self.by_year):
            raise ValueError("give either usd_per_year (with years) or by_year")
        if self.usd_per_year is not None and len(self.years) != 2:
            raise ValueError("years must be [first, last]")
        for k, v in self.by_year.items():
            if not k.isdigit() or v < 0:
                raise ValueError(f"by_year: '{k}' = {v} must be a year and a non-negative USD amount")
        if self.usd_per_year is not None and self.usd_per_year < 0:
            raise ValueError("usd_per_year must not be negative")
        return self

    def amount(self, year: int) -> float:
        if self.by_year:
            return float(self.by_year.get(str(year), 0.0))
        first, last = self.years
        return float(self.usd_per_year) if first <= year <= last else 0.0


class ElasticityOverride(_Strict):
    """Your own elasticity for some products."""

    group: str | None = Field(None, description="Product group id.")
    include: HSPrefixes = Field(default_factory=list, description="HS prefixes.")
    import_demand: float | None = Field(None, description="eta > 0.")
    substitution: float | None = Field(None, description="sigma > 0.")
    source: str = Field(description="Where the value comes from.")

    @model_validator(mode="after")
    def _ok(self):
        if not self.group and not self.include:
            raise ValueError("give a product 'group' or HS 'include' prefixes")
        for v in (self.import_demand, self.substitution):
            if v is not None and v <= 0:
                raise ValueError("elasticities must be positive (magnitudes)")
        return self


class ElasticityChoice(_Strict):
    """The [elasticities] table."""

    import_demand: Literal["estimates"] | float = Field("estimates", description="'estimates' (Hauk for "
                                                        "the US, with the stated fall-backs) or one value for every product.")
    substitution: Literal["estimates"] | float = Field("estimates", description="'estimates' (Hauk HS6 / "
                                                       "Broda-Weinstein HS3, fall-back 1.5) or one value.")
    export_supply: Literal["infinite"] | float = Field("infinite", description="'infinite' (world prices "
                                                       "given, the SMART default) or one value > 0.")
    overrides: list[ElasticityOverride] = Field(default_factory=list, description="Values by group or HS prefix.")

    @field_validator("import_demand", "substitution", "export_supply")
    @classmethod
    def _positive(cls, v):
        if isinstance(v, float) and v <= 0:
            raise ValueError("must be positive")
        return v


class Scenario(_Strict):
    """A whole scenario file."""

    scenario: ScenarioHeader
    edit: list[Edit] = Field(default_factory=list)
    purchase: list[Purchase] = Field(default_factory=list)
    elasticities: ElasticityChoice = Field(default_factory=ElasticityChoice)
    file: str = ""

    @property
    def markets(self) -> list[str]:
        h = self.scenario
        return h.markets or [h.importer, h.partner]

    def partner_of(self, market: str) -> str:
        """The other side of the pair, seen from ``market`` (an importer of the scenario)."""
        h = self.scenario
        return h.partner if market == h.importer else h.importer

    @property
    def purchase_year(self) -> int:
        return self.scenario.purchase_year or self.scenario.date.year
