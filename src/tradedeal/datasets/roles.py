"""Roles: what a dataset is *for*, declared as data in the manifest, and the lookup by role.

Code never names the dataset that serves an importer or a pair. It asks, for example,
``find("import_table", importer="USA")`` or ``find("elasticities", market="USA",
kind="import_demand")`` and gets every match: the user's imports in the store first (from the
store's index of them, :mod:`tradedeal.datasets.user_index`), then the shipped datasets in the
manifest's order. Each role's fields are declared once in :data:`ROLES`; the manifest is
checked against them (``tests/test_catalogue.py``) and ``docs/datasets.md`` lists them.

A parameter of ``"*"`` matches any value of a key (a dataset of every importer's exports to
India, say); a list matches any of its items.
"""

from __future__ import annotations

from dataclasses import dataclass

from tradedeal.datasets.catalogue import Role, RoleMatch, info, manifest
from tradedeal.datasets.user_index import user_roles
from tradedeal.errors import QueryError

ANY = "*"


@dataclass(frozen=True)
class RoleField:
    name: str
    required: bool
    description: str


@dataclass(frozen=True)
class RoleSpec:
    name: str
    description: str
    keys: tuple[str, ...]            # parameters a lookup matches on
    fields: tuple[RoleField, ...]

    def field_names(self) -> set[str]:
        return {f.name for f in self.fields}


def _f(name: str, description: str, required: bool = True) -> RoleField:
    return RoleField(name, required, description)


_USER = (_f("years", "years covered (the user's imported data)", False),
         _f("files", "files imported (the user's imported data)", False))
_PERIOD = _f("period", "'calendar' (year column) or 'fiscal_apr_mar' (fiscal_year column, April-March, '2024-25')")

ROLES: dict[str, RoleSpec] = {spec.name: spec for spec in (
    RoleSpec("universe", "product lines of an importer's tariff schedule (a regime's lines are the union over "
             "every dataset in this role)", ("importer",),
             (_f("importer", "ISO3 of the importer"), _f("code_column", "column holding the codes"),
              _f("width", "digits of the schedule's lines (codes of other widths are left out)"))),
    RoleSpec("descriptions", "national schedule texts of an importer's lines", ("importer",),
             (_f("importer", "ISO3 of the importer"), _f("code_column", "column holding the codes"),
              _f("text_column", "column holding the text"),
              _f("indent_column", "column of indent levels: a line's full text joins the rows above it; "
                 "absent when each row stands alone", False),
              _f("label", "how the source is named beside a description"))),
    RoleSpec("import_table", "an importer's imports by line from every supplier (needed for competitor "
             "comparisons, the product-level model's suppliers and sector weights)", ("importer",),
             (_f("importer", "ISO3 of the importer"), _f("code_column", "column holding the codes"),
              _f("exporter_column", "column holding the supplier's ISO3"), _f("level", "HS digits of the codes"),
              _PERIOD, _f("exporters", "number of suppliers (the user's imported data)", False), *_USER)),
    RoleSpec("trade", "bilateral trade lines from an exporter to an importer", ("importer", "exporter"),
             (_f("importer", "ISO3 of the importer, or '*'"), _f("exporter", "ISO3 of the exporter, or '*'"),
              _f("code_column", "column holding the codes"), _f("level", "HS digits of the codes"),
              _f("importer_column", "column holding the importer when the dataset has several", False),
              _f("exporter_column", "column holding the exporter when the dataset has several", False),
              _PERIOD,
              _f("reporter", "whose statistics: 'importer' (imports) or 'exporter' (mirror: exports)"),
              _f("approximation", "what a reader must see beside any figure from this source; '{scale}' "
                 "stands for the scale rule's own text", False),
              _f("scale", "scale the values to one country's share: {dataset, filters [[column, op, value]], "
                 "fiscal_year, whose}", False), *_USER)),
    RoleSpec("elasticities", "trade elasticity estimates for a market", ("market", "kind"),
             (_f("market", "ISO3 of the market the estimates are for, or '*' with market_column"),
              _f("market_column", "column holding the market when the dataset has several", False),
              _f("kind", "'import_demand' or 'substitution'"),
              _f("estimator", "whose estimates (the rule that reads them depends on it): 'hauk' or "
                 "'broda_weinstein'"),
              _f("code_column", "column holding the codes"), _f("level", "HS digits of the codes"))),
    RoleSpec("content_shares", "metal content shares of an importer's lines (content-based duties)", ("importer",),
             (_f("importer", "ISO3 of the importer"), _f("code_column", "column holding the codes"))),
    RoleSpec("tariff_schedule", "an importer's base (MFN) tariff by line", ("importer",),
             (_f("importer", "ISO3 of the importer"), _f("code_column", "column holding the codes"),
              _f("rate_column", "column holding the rate"), _f("unit", "'percent' or 'fraction'"),
              _f("valid_from", "first entry date the rates are valid for (ISO 8601)"), *_USER)),
    RoleSpec("bilateral_series", "annual (or monthly) totals of a pair's trade read from public sources: goods, "
             "services, goods and services, as the reporter's statistics give them (the history behind a "
             "trade target)", ("reporter", "partner"),
             (_f("reporter", "ISO3 of the country whose statistics (and point of view) the figures are"),
              _f("partner", "ISO3 of the other country of the pair"),
              _f("series", "{series name: [flow, definition]}: flow 'exports', 'imports', 'total' or 'balance' "
                 "(the reporter's exports to the partner, ...); definition 'goods', 'services' or "
                 "'goods_services'; rows of other series are not read"),
              _f("period", "'calendar' (year column), 'fiscal_apr_mar' (fiscal_year column, April-March, "
                 "'2024-25') or 'month' (month column, 'YYYY-MM', with fiscal_year)"),
              _f("period_column", "column holding the period as the source wrote it; a row whose text is "
                 "not a whole period ('FY2025-26 (Apr-Jan, partial)') is a partial period, never a year's "
                 "figure", False),
              _f("kind", "'read' (figures read from a source, the default) or 'derived' (computed from "
                 "others; used only where no read figure exists)", False))),
    RoleSpec("input_output", "a table of an inter-country input-output economy", ("source", "table"),
             (_f("source", "the economy's id (e.g. 'icio2022')"),
              _f("table", "which table: node_totals, intermediate_flows, input_output, countries, sectors"))),
)}


def check_role(role: Role, where: str) -> list[str]:
    """Problems of one declared role (unknown role, missing or unknown fields)."""
    spec = ROLES.get(role.role)
    if spec is None:
        return [f"{where}: unknown role '{role.role}' (roles: {', '.join(ROLES)})"]
    given = {k for k, _ in role.params}
    out = [f"{where}: role '{role.role}' lacks field '{f.name}'" for f in spec.fields
           if f.required and f.name not in given]
    out += [f"{where}: role '{role.role}' has unknown field '{k}'" for k in sorted(given - spec.field_names())]
    return out


def _matches(role: Role, keys: dict[str, object]) -> bool:
    for k, want in keys.items():
        have = role.get(k)
        if have == ANY or have == want or (isinstance(have, tuple) and want in have):
            continue
        return False
    return True


def find(role: str, **keys) -> list[RoleMatch]:
    """Every dataset playing ``role`` for ``keys`` (None = any): the user's imports first, then
    shipped datasets in the manifest's order."""
    spec = ROLES.get(role)
    if spec is None:
        raise QueryError(f"unknown dataset role '{role}'", f"roles: {', '.join(ROLES)}")
    bad = sorted(set(keys) - set(spec.keys))
    if bad:
        raise QueryError(f"role '{role}' is not looked up by {', '.join(bad)}", f"keys: {', '.join(spec.keys)}")
    wanted = {k: v for k, v in keys.items() if v is not None}
    out = [m for m in user_roles() if m.role.role == role and _matches(m.role, wanted)]
    for name, ds in manifest().items():
        for r in ds.roles_named(role):
            if _matches(r, wanted):
                out.append(RoleMatch(r, name, "shipped", f"{name} ({ds.source}, vintage {ds.vintage})"))
    return out


def shipped(role: str, **keys) -> list[RoleMatch]:
    """Only the shipped datasets playing ``role`` (see :func:`find`)."""
    return [m for m in find(role, **keys) if m.kind == "shipped"]


def require(role: str, what: str, **keys) -> RoleMatch:
    """The first dataset playing ``role`` for ``keys``; a clear error when none does."""
    got = find(role, **keys)
    if not got:
        spec = ROLES[role]
        asked = ", ".join(f"{k}={v}" for k, v in keys.items() if v is not None)
        raise QueryError(f"no dataset serves as {what} ({role}: {asked}); {spec.description}",
                         "load your own with `tradedeal data import --format comtrade|wits FILE`, or see "
                         "`tradedeal data list` for what is shipped")
    return got[0]


def source_text(dataset: str) -> str:
    """'source (vintage ...)' of a shipped dataset, for provenance."""
    ds = info(dataset)
    return f"{ds.source} (vintage {ds.vintage})"
