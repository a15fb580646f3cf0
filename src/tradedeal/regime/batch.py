"""Many lines at once: the duty of every line of an invoice or an entry file, each with its own origin,
entry date, loading date, content shares and declared headings. Pure and vectorised over a compiled regime.

Lines are grouped by what the engine's answer depends on: the origin's class (origins that the same
measures reach), the period between two change days of the regime (a measure or a list entry starting or
ending), the in-transit rules their loading date triggers and the conditional measures and claimed
exceptions their declared headings name. :func:`tradedeal.regime.engine.stack_rows` is called once per group
over the group's distinct lines; the stacking rules are then applied line by line, so that a line's own
metal-content shares and U.S. content replace the compiled ones.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tradedeal.regime.arrays import CONTENT_COLUMNS, Compiled
from tradedeal.regime.engine import finish, stack_rows

BASES = ("full_value", *CONTENT_COLUMNS, "non_us_content")  # basis codes of :func:`basis_codes`


@dataclass(frozen=True)
class LineInputs:
    """The lines to price (arrays of length n). Missing values: ``loaded`` -1, shares and ``us_content`` NaN,
    ``declared`` an empty tuple."""

    product: np.ndarray            # int: line index in the compiled regime
    exporter: np.ndarray           # ISO3 text
    day: np.ndarray                # int: entry day (days since 1970-01-01)
    loaded: np.ndarray             # int: loading day, -1 when not given
    shares: dict[str, np.ndarray]  # basis ('steel_content' ...) -> share of value, NaN when not given
    us_content: np.ndarray         # share of U.S. content, NaN when not given
    declared: tuple                # per line: tuple of declared Chapter 99 headings ('9903.05.44', ...)


@dataclass(frozen=True)
class LineDuties:
    """The duty of each line: per stacking group (G, n) the measure applied (-1 none), the measure whose
    exempt list spared the line (-1 none), its effective rate, the share of value charged and the
    contribution (percent of value); per line the total, and which declared headings changed the answer."""

    applied: np.ndarray
    exempt: np.ndarray
    rate: np.ndarray
    share: np.ndarray
    contribution: np.ndarray
    total: np.ndarray
    added: tuple      # per line: conditional measures counted because declared (measure indices)
    dropped: tuple    # per line: measures not counted because an exception heading was declared
    groups: int       # engine calls made


def basis_codes(c: Compiled) -> np.ndarray:
    """Each measure's basis as an index into :data:`BASES`."""
    return np.array([BASES.index(m.basis) for m in c.measures], np.int64)


def _declared_effect(c: Compiled, headings: tuple) -> tuple[tuple, tuple]:
    """(conditional measures whose heading is declared, measures a declared exception heading spares)."""
    if not headings:
        return (), ()
    hs = set(headings)
    added = tuple(i for i, m in enumerate(c.measures) if m.status == "conditional" and m.heading in hs)
    dropped = tuple(i for i, claims in enumerate(c.claims) if hs.intersection(claims)) if c.claims else ()
    return added, dropped


def price(c: Compiled, lines: LineInputs) -> LineDuties:
    """The duty of every line (pure; see the module docstring)."""
    n = len(lines.product)
    G = len(c.groups)
    change = c.__dict__.get("_change_days")
    if change is None:  # the regime's change days, kept on the (immutable) compiled regime once computed
        change = np.array(c.change_days(), np.int64)
        c.__dict__["_change_days"] = change
    period = np.searchsorted(change, lines.day, side="right")
    classes: dict[str, int] = {}
    masks: dict[bytes, int] = {}
    for e in dict.fromkeys(lines.exporter.tolist()):
        classes[e] = masks.setdefault(c.exporter_mask(e).tobytes(), len(masks))
    exp_class = np.fromiter((classes[e] for e in lines.exporter.tolist()), np.int64, n)
    transit = _transit_keys(c, lines)
    effects = {h: _declared_effect(c, h) for h in set(lines.declared)}
    decl_keys = {h: i for i, h in enumerate(dict.fromkeys(effects[h] for h in effects))}
    decl = np.fromiter((decl_keys[effects[h]] for h in lines.declared), np.int64, n)
    key = exp_class
    for part in (period, transit, decl):  # one integer per line naming its group
        key = key * (int(part.max()) + 1 if n else 1) + part
    uniq, group_of = np.unique(key, return_inverse=True)
    group_of = group_of.ravel()
    order = np.argsort(group_of, kind="stable")
    bounds = np.flatnonzero(np.diff(group_of[order])) + 1
    applied = np.full((G, n), -1, np.int32)
    exempt = np.full((G, n), -1, np.int32)
    rate = np.zeros((G, n), np.float32)
    share = np.zeros((G, n), np.float32)
    trade = np.zeros((G, n), np.float32)
    floors = np.zeros((G, n), bool)
    shared_masks: dict = {}
    effect_of = {v: k for k, v in decl_keys.items()}
    for members in np.split(order, bounds) if n else []:
        first = members[0]
        d = int(lines.day[first])
        ld = int(lines.loaded[first])
        loaded = ld if 0 <= ld < d else None
        added, dropped = effect_of[int(decl[first])]
        counted = None
        if added or dropped:
            counted = c.counted.copy()
            counted[list(added)] = True
            counted[list(dropped)] = False
        products, pos = np.unique(lines.product[members], return_inverse=True)
        rows = stack_rows(c, str(lines.exporter[first]), d, products, loaded, {}, shared_masks, counted)
        for out, got in zip((applied, exempt, rate, share, trade, floors), rows):
            out[:, members] = got[:, pos.ravel()]
    _override_shares(c, lines, applied, share)
    rate, share, contribution = finish(c, rate, share, trade, floors)
    per_line_effect = [effect_of[int(k)] for k in decl] if n else []
    return LineDuties(applied, exempt, rate, share, contribution, contribution.sum(axis=0),
                      tuple(e[0] for e in per_line_effect), tuple(e[1] for e in per_line_effect), len(uniq))


def _transit_keys(c: Compiled, lines: LineInputs) -> np.ndarray:
    """Per line, an integer naming which in-transit rules its loading date triggers (0: none)."""
    n = len(lines.product)
    out = np.zeros(n, np.int64)
    has = (lines.loaded >= 0) & (lines.loaded < lines.day)
    rules = np.flatnonzero((c.transit_exempt_until >= 0) | (c.transit_continues_until >= 0))
    if not has.any() or not len(rules):
        return out
    d, ld = lines.day[has, None], lines.loaded[has, None]
    start, end = c.start[rules][None, :], c.end[rules][None, :]
    on = (start <= d) & (d < end)
    spared = (c.transit_exempt_until[rules][None, :] > d) & (ld < start) & on
    kept = (c.transit_continues_until[rules][None, :] > d) & (end <= d) & (ld < end)
    flags = np.concatenate([spared, kept], axis=1)
    _, inv = np.unique(flags, axis=0, return_inverse=True)
    out[has] = inv.ravel() + 1
    out[has & ~flags.any(axis=1)] = 0  # triggered nothing: the same as no loading date
    return out


def _override_shares(c: Compiled, lines: LineInputs, applied: np.ndarray, share: np.ndarray) -> None:
    """Replace, in place, the content share of measures charged on a content basis by the line's own share
    where the line gives one (and the options charge content at all)."""
    if c.options.content_rule != "content":
        return
    given = {b: v for b, v in lines.shares.items() if b in CONTENT_COLUMNS and np.isfinite(v).any()}
    us = lines.us_content
    if not given and not np.isfinite(us).any():
        return
    basis = basis_codes(c)
    min_us = np.array([m.min_us_content for m in c.measures], np.float32)
    safe = np.maximum(applied, 0)
    b = np.where(applied >= 0, basis[safe], -1)
    for name, values in given.items():
        hit = (b == BASES.index(name)) & np.isfinite(values)[None, :]
        share[hit] = np.broadcast_to(values.astype(np.float32)[None, :], share.shape)[hit]
    if np.isfinite(us).any():
        nonus = (b == BASES.index("non_us_content")) & np.isfinite(us)[None, :]
        spared = us[None, :] >= min_us[safe]
        val = np.where(spared, 1 - us[None, :], 1.0).astype(np.float32)
        share[nonus] = val[nonus]


def line_headings(c: Compiled, duties: LineDuties, i: int, day: int, product: int) -> tuple[set, set]:
    """(headings of the measures applied to line ``i``, headings of the exempt lists that spared it)."""
    applied = {c.measures[int(m)].heading for m in duties.applied[:, i] if m >= 0}
    spared = set()
    for m in duties.exempt[:, i]:
        if m < 0:
            continue
        for lid in c.exempt_lists[int(m)]:
            lw = c.lists[lid]
            if ((lw.product == product) & (lw.start <= day) & (day < lw.end)).any():
                spared |= {h.strip() for h in c.list_views[lid].heading.split(";") if h.strip()}
    return applied - {""}, spared


__all__ = ["BASES", "LineDuties", "LineInputs", "basis_codes", "line_headings", "price"]
