"""The tables of the local store, declared once as data.

Each table lists its columns (name, DuckDB type, nullable, description) and its
natural key. The DDL is derived from these declarations, and so is the column
table in ``docs/import-formats.md``; nothing else spells the columns out.

Natural keys are table constraints (``UNIQUE``), so a second row with the same
key cannot exist. ``user_tariff.exporter`` is NULL for rates that apply to every
partner (MFN, bound), and SQL treats NULLs as distinct in a UNIQUE constraint,
so the key uses ``exporter_key`` (the exporter, or ``''`` when it is NULL).
"""

from __future__ import annotations

from dataclasses import dataclass

SCHEMA_VERSION = 1
YEAR_MIN, YEAR_MAX = 1988, 2100  # years a user row may have (checked on import and by the table)


@dataclass(frozen=True)
class Column:
    """One column of a store table."""

    name: str
    sql_type: str
    nullable: bool
    description: str

    def ddl(self) -> str:
        return f"{self.name} {self.sql_type}{'' if self.nullable else ' NOT NULL'}"


@dataclass(frozen=True)
class Table:
    """A store table: its columns, natural key and extra constraints."""

    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    checks: tuple[str, ...] = ()

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def ddl(self) -> str:
        """``CREATE TABLE IF NOT EXISTS`` statement for this table."""
        parts = [c.ddl() for c in self.columns]
        parts.append(f"UNIQUE ({', '.join(self.key)})")
        parts += [f"CHECK ({c})" for c in self.checks]
        body = ",\n    ".join(parts)
        return f"CREATE TABLE IF NOT EXISTS {self.name} (\n    {body}\n)"


def _c(name: str, sql_type: str, nullable: bool, description: str) -> Column:
    return Column(name, sql_type, nullable, description)


KEY_ONLY = ("exporter_key",)  # columns the store derives for its keys; parsers never produce them
_PROVENANCE = (
    _c("source_format", "VARCHAR", False,
       "variant of the file it came from: comtrade-plus, comtrade-legacy, wits-trade, "
       "trains-raw, wits-tariff"),
    _c("source_file", "VARCHAR", False, "name of the imported file"),
    _c("import_id", "VARCHAR", False, "the import that wrote the row (see table imports)"),
)

USER_TRADE = Table(
    name="user_trade",
    description="Bilateral trade by HS code loaded by the user (one row per key).",
    columns=(
        _c("importer", "VARCHAR", False, "ISO3 code of the importing country"),
        _c("exporter", "VARCHAR", False, "ISO3 code of the exporting country"),
        _c("year", "INTEGER", False, "calendar year"),
        _c("flow", "VARCHAR", False,
           "who reported the figure: 'import' = the importer's import statistics (usually CIF), "
           "'export' = the exporter's export statistics (usually FOB)"),
        _c("hs_code", "VARCHAR", False, "HS code, digits only, zero-padded (e.g. '080810')"),
        _c("hs_level", "INTEGER", False, "number of digits of hs_code (2, 4, 6, 8, 10)"),
        _c("classification", "VARCHAR", True, "HS edition as given by the source (H0..H6, HS)"),
        _c("value_usd", "DOUBLE", False, "trade value in US dollars (not thousands)"),
        _c("quantity", "DOUBLE", True, "quantity in quantity_unit, NULL when not reported"),
        _c("quantity_unit", "VARCHAR", True, "unit of quantity as given by the source"),
        *_PROVENANCE,
    ),
    key=("importer", "exporter", "year", "flow", "hs_code"),
    checks=("flow IN ('import', 'export')", "value_usd >= 0", f"year BETWEEN {YEAR_MIN} AND {YEAR_MAX}"),
)

USER_TARIFF = Table(
    name="user_tariff",
    description="Tariff rates by HS code loaded by the user, in percent ad valorem.",
    columns=(
        _c("importer", "VARCHAR", False, "ISO3 code of the country applying the tariff"),
        _c("exporter", "VARCHAR", True,
           "ISO3 code of the partner facing the rate; NULL when it applies to every partner "
           "(MFN, bound, or a WITS row for partner World)"),
        _c("exporter_key", "VARCHAR", False, "exporter, or '' when exporter is NULL (key only)"),
        _c("year", "INTEGER", False, "tariff year"),
        _c("hs_code", "VARCHAR", False, "HS code, digits only, zero-padded"),
        _c("hs_level", "INTEGER", False, "number of digits of hs_code"),
        _c("classification", "VARCHAR", True, "HS edition as given by the source (H0..H6)"),
        _c("rate_type", "VARCHAR", False,
           "'MFN applied', 'preferential', 'effectively applied' or 'bound'"),
        _c("simple_avg_pct", "DOUBLE", False, "simple average rate over the lines, percent"),
        _c("min_pct", "DOUBLE", True, "lowest line rate, percent"),
        _c("max_pct", "DOUBLE", True, "highest line rate, percent"),
        _c("weighted_avg_pct", "DOUBLE", True, "import-weighted average rate, percent"),
        _c("n_lines", "INTEGER", True, "number of national tariff lines averaged"),
        *_PROVENANCE,
    ),
    key=("importer", "exporter_key", "year", "hs_code", "rate_type"),
    checks=("simple_avg_pct >= 0", f"year BETWEEN {YEAR_MIN} AND {YEAR_MAX}"),
)

IMPORTS = Table(
    name="imports",
    description="One row per imported file: the import log.",
    columns=(
        _c("import_id", "VARCHAR", False, "first 12 hex digits of the file's SHA-256"),
        _c("file", "VARCHAR", False, "file name"),
        _c("path", "VARCHAR", False, "absolute path the file was imported from"),
        _c("sha256", "VARCHAR", False, "SHA-256 of the file's bytes as given"),
        _c("format", "VARCHAR", False, "format named by the user: comtrade or wits"),
        _c("variant", "VARCHAR", False, "variant detected from the header"),
        _c("kind", "VARCHAR", False, "'trade' or 'tariff'"),
        _c("rows", "INTEGER", False, "rows written by this import"),
        _c("rows_skipped", "INTEGER", False, "aggregate or breakdown rows left out"),
        _c("notes", "VARCHAR", True, "unit conversions and skipped-row counts"),
        _c("imported_at", "TIMESTAMP", False, "when the import was committed (UTC)"),
    ),
    key=("import_id",),
    checks=("kind IN ('trade', 'tariff')",),
)

STORE_META = Table(
    name="store_meta",
    description="Key-value facts about the store itself (schema version).",
    columns=(
        _c("key", "VARCHAR", False, "name"),
        _c("value", "VARCHAR", False, "value"),
    ),
    key=("key",),
)

TABLES: tuple[Table, ...] = (USER_TRADE, USER_TARIFF, IMPORTS, STORE_META)
USER_TABLES: dict[str, Table] = {"trade": USER_TRADE, "tariff": USER_TARIFF}


def parsed_columns(kind: str) -> list[str]:
    """The columns a parser returns for a user table (no provenance, no key-only columns)."""
    skip = {c.name for c in _PROVENANCE} | set(KEY_ONLY)
    return [c for c in USER_TABLES[kind].column_names if c not in skip]


def parsed_key(kind: str) -> list[str]:
    """The natural key over parsed rows (``exporter`` where the table keys on ``exporter_key``)."""
    return ["exporter" if c == "exporter_key" else c for c in USER_TABLES[kind].key]


def create_statements() -> list[str]:
    """DDL creating every table that is missing."""
    return [t.ddl() for t in TABLES]


def markdown_table(table: Table) -> str:
    """The table's columns as a Markdown table (for the docs)."""
    rows = ["| column | type | null | meaning |", "|---|---|---|---|"]
    for c in table.columns:
        rows.append(f"| `{c.name}` | {c.sql_type} | {'yes' if c.nullable else 'no'} | {c.description} |")
    return "\n".join(rows)
