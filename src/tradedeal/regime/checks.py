"""Named consistency checks across a regime's files. Each raises
:class:`~tradedeal.errors.InputFileError` naming the file, line, measure id and field,
and saying how to fix it."""

from __future__ import annotations

from collections import defaultdict

from tradedeal.codes.countries import to_iso3
from tradedeal.errors import CountryCodeError, InputFileError, RowProblem


def _fail(regime, measure_id: str, field: str, reason: str, hint: str) -> None:
    o = regime.origins.get(measure_id)
    file, line = (o.file, o.line) if o else (str(regime.folder), 1)
    raise InputFileError(file, f"measure '{measure_id}': {reason}",
                         [RowProblem(line, f"measure '{measure_id}'.{field}", reason)], hint=hint)


def check_references(regime) -> None:
    """Lists, rate tables and countries named by measures exist; rules name known groups."""
    for m in regime.measures:
        for field in ("include_lists", "exempt_lists"):
            for name in getattr(m, field):
                if name not in regime.lists:
                    _fail(regime, m.id, field, f"unknown product list '{name}'",
                          f"define [lists.{name}] in regime.toml, or use one of: "
                          f"{', '.join(sorted(regime.lists))}")
        if m.rate_table and m.rate_table not in regime.rate_tables:
            _fail(regime, m.id, "rate_table", f"unknown rate table '{m.rate_table}'",
                  f"define [rate_tables.{m.rate_table}] in regime.toml")
        for field in ("exporters", "exclude_exporters"):
            for code in getattr(m, field):
                if code == "all":
                    continue
                try:
                    if to_iso3(code) != code:
                        raise CountryCodeError(f"'{code}' is not written as its ISO3 code "
                                               f"'{to_iso3(code)}'")
                except CountryCodeError as e:
                    _fail(regime, m.id, field, f"unknown country '{code}' ({e.message})",
                          "write countries as ISO3 codes (IND, VNM) or group codes (EUN)")
        if m.importer != regime.importer:
            _fail(regime, m.id, "importer", f"importer {m.importer} differs from the regime's "
                  f"{regime.importer}", "put measures of another importer in that importer's regime")
    groups = {m.stacking_group for m in regime.measures}
    for i, rule in enumerate(regime.rules, 1):
        for g in (rule.when, *rule.excludes):
            if g not in groups:
                raise InputFileError(str(regime.folder / "regime.toml"),
                                     f"stacking_rule #{i} names unknown stacking group '{g}'",
                                     hint=f"known groups: {', '.join(sorted(groups))}")


def check_overlaps(regime, exporters_of, masks, periods) -> None:
    """No two measures of one stacking group with equal precedence may cover the same
    exporter, line and date: the regime would not say which applies.

    ``exporters_of[i]`` is the set of ISO3 codes of measure i (None = all, with its
    exclusions in ``exporters_of[i]`` as ('not', set)), ``masks[i]`` its static product
    scope (bool array), ``periods[i]`` its (start, end) in days.
    """
    by_key = defaultdict(list)
    for i, m in enumerate(regime.measures):
        if m.status == "in_force":
            by_key[(m.stacking_group, m.precedence)].append(i)
    for (group, prec), idx in by_key.items():
        for a_pos, a in enumerate(idx):
            for b in idx[a_pos + 1:]:
                (s1, e1), (s2, e2) = periods[a], periods[b]
                if not (s1 < e2 and s2 < e1):
                    continue
                if not _exporters_meet(exporters_of[a], exporters_of[b]):
                    continue
                both = masks[a] & masks[b]
                if not both.any():
                    continue
                ma, mb = regime.measures[a], regime.measures[b]
                _fail(regime, mb.id, "precedence",
                      f"overlaps measure '{ma.id}' ({regime.where(ma.id)}) in stacking group "
                      f"'{group}' with the same precedence {prec} on {int(both.sum())} lines",
                      "give one of them a higher precedence, or make their dates, exporters or "
                      "product scopes disjoint")


def _exporters_meet(a, b) -> bool:
    """Whether two exporter scopes share a country. A scope is ('only', set) or ('not', set)."""
    (ka, sa), (kb, sb) = a, b
    if ka == "only" and kb == "only":
        return bool(sa & sb)
    if ka == "only":
        return bool(sa - sb)
    if kb == "only":
        return bool(sb - sa)
    return True
