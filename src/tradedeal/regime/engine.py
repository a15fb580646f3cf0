"""The stacking engine: pure, vectorised functions over a :class:`Compiled` regime.

``stack(c, exporter, day)`` gives, for every line, the measure applied in each
stacking group, the share of value it is charged on and its contribution to the
total ad-valorem duty. The rules, in order:

1. A measure counts when its status is taken into account, the exporter is in its
   scope and the entry date is in [start, end) -- or an in-transit rule says
   otherwise for goods loaded earlier.
2. Within a stacking group the measure with the highest precedence whose scope
   covers the line is chosen; if the line is on one of its exempt lists on that
   date the group charges nothing (an exemption is not passed down).
3. A 'floor' measure charges max(0, floor - the line's base (MFN) rate).
4. Stacking rules, in the regime's order: where the measure of group H applies to a
   share t of the shipments on a content share c of their value, each group it
   excludes keeps its content share x on the other shipments and max(0, x - c) on
   those: x <- (1 - t) x + t max(0, x - c). (Section 232 on the full value removes
   the reciprocal duty; on the metal content, the reciprocal duty falls on the rest;
   content parts of different metals add up.)
5. The total is the sum over groups of rate x content share x shipment share.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tradedeal.regime.arrays import Compiled


@dataclass(frozen=True)
class Stack:
    """Duty on a set of lines for one exporter and entry date (arrays are (G, n) or (n,))."""

    exporter: str
    day: int
    products: np.ndarray        # indices into Compiled.codes
    applied: np.ndarray         # measure index per group, -1 if none
    exempt: np.ndarray          # measure whose exemption list spared the line, -1 if none
    rate: np.ndarray            # effective rate of the applied measure (floors topped up)
    share: np.ndarray           # share of value charged (content x shipments) after stacking rules
    contribution: np.ndarray    # rate x share, percent of customs value
    total: np.ndarray           # sum of contributions


def in_force(c: Compiled, exporter: str, d: int, loaded: int | None = None) -> np.ndarray:
    """Measures in force for ``exporter`` on entry day ``d`` (goods loaded on ``loaded``), whatever their status."""
    on = (c.start <= d) & (d < c.end)
    if loaded is not None and loaded < d:
        spared = (c.transit_exempt_until > d) & (loaded < c.start) & on
        kept = (c.transit_continues_until > d) & (c.end <= d) & (loaded < c.end)
        on = (on & ~spared) | kept
    return on & c.exporter_mask(exporter)


def active(c: Compiled, exporter: str, d: int, loaded: int | None = None) -> np.ndarray:
    """Measures that count for ``exporter`` on entry day ``d`` (goods loaded on ``loaded``)."""
    return in_force(c, exporter, d, loaded) & c.counted


def _list_mask(c: Compiled, lists: tuple[str, ...], d: int, idx: np.ndarray, cache: dict,
               full: bool = False) -> np.ndarray:
    out = np.zeros(len(idx), bool)
    for lid in lists:
        key = (lid, d)
        if key not in cache:
            cache[key] = c.lists[lid].mask(c.n, d)
        out |= cache[key] if full else cache[key][idx]
    return out


GROUP_ROWS_KEPT = 256  # stacking-group results a cache keeps (oldest dropped first)


def _bounded(cache: dict) -> dict:
    """``cache`` with room for one more group result (the oldest ones dropped)."""
    kept = [k for k in cache if isinstance(k, tuple) and k[:1] == ("group",)]
    for k in kept[:max(0, len(kept) - GROUP_ROWS_KEPT + 1)]:
        del cache[k]
    return cache


def _lists_state(c: Compiled, ms: np.ndarray, d: int, cache: dict) -> tuple:
    """Which period of each product list of the measures ``ms`` day ``d`` falls in (the group's
    result is the same on every day with the same periods)."""
    out = []
    for m in ms:
        for lid in (*c.include_lists[m], *c.exempt_lists[m]):
            b = cache.get(("bounds", lid))
            if b is None:
                b = cache[("bounds", lid)] = np.array(sorted(c.lists[lid].boundaries()), np.int64)
            out.append(int(np.searchsorted(b, d, side="right")))
    return tuple(out)


def _group_rows(c: Compiled, ms: np.ndarray, g: int, d: int, idx: np.ndarray, full: bool,
                cache: dict) -> tuple[np.ndarray, ...]:
    """(applied, exempt, rate, share, trade, floor) of one stacking group whose counted measures
    are ``ms`` (highest precedence first): the first measure covering a line applies, unless
    the line is on one of its exempt lists on day ``d``."""
    n = len(idx)
    cols = np.arange(n) if full else idx
    S = np.empty((len(ms), n), bool)
    for r, m in enumerate(ms):
        row = c.scope[m] if full else c.scope[m, idx]
        if c.include_lists[m]:
            row = (row | _list_mask(c, c.include_lists[m], d, idx, cache, full)) & \
                ~(c.carved[m] if full else c.carved[m, idx])
        S[r] = row
    has = S.any(axis=0)
    win = S.argmax(axis=0)
    mwin = ms[win]
    spared = np.zeros(n, bool)
    for r, m in enumerate(ms):
        if c.exempt_lists[m]:
            spared |= (win == r) & has & _list_mask(c, c.exempt_lists[m], d, idx, cache, full)
    ok = has & ~spared
    return (np.where(ok, mwin, -1).astype(np.int32), np.where(spared, mwin, -1).astype(np.int32),
            np.where(ok, c.rate[mwin, cols], np.float32(0)), np.where(ok, c.share[mwin, cols], np.float32(0)),
            np.where(ok, c.trade[mwin], np.float32(0)), ok & c.floor[mwin])


def stack_rows(c: Compiled, exporter: str, d: int, products: np.ndarray | None = None,
               loaded: int | None = None, _cache: dict | None = None, _masks: dict | None = None,
               counted: np.ndarray | None = None) -> tuple[np.ndarray, ...]:
    """Rules 1-2 for ``exporter`` on day ``d`` over ``products`` (default: all): per stacking group the
    measure applied, the one whose exempt list spared the line, its rate, content share, shipment share and
    whether it is a floor, each (G, n). ``_masks``: a dict of list masks by day shared by calls over other
    products; ``counted``: measures taken into account instead of the compiled ones (an entry line's
    declared conditional measures and claimed exceptions)."""
    full = products is None
    idx = np.arange(c.n) if full else np.asarray(products, dtype=np.int64)
    n, G = len(idx), len(c.groups)
    cache = {} if _cache is None else _cache
    masks = cache if _masks is None else _masks
    on = in_force(c, exporter, d, loaded)
    act = np.flatnonzero(on & (c.counted if counted is None else counted))
    applied = np.full((G, n), -1, np.int32)
    exempt = np.full((G, n), -1, np.int32)
    rate = np.zeros((G, n), np.float32)
    share = np.zeros((G, n), np.float32)
    trade = np.zeros((G, n), np.float32)
    floors = np.zeros((G, n), bool)
    groups = c.group[act]
    for g in np.unique(groups):
        ms = act[groups == g]
        ms = ms[np.argsort(-c.precedence[ms], kind="stable")]
        key = ("group", int(g), ms.tobytes(), _lists_state(c, ms, d, masks))
        rows = cache.get(key)
        if rows is None:
            rows = _group_rows(c, ms, int(g), d, idx, full, masks)
            _bounded(cache)[key] = rows
        applied[g], exempt[g], rate[g], share[g], trade[g], floors[g] = rows
    return applied, exempt, rate, share, trade, floors


def finish(c: Compiled, rate: np.ndarray, share: np.ndarray, trade: np.ndarray,
           floors: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rules 3-5 on arrays of (G, n): floors topped up over the base group, the stacking rules on the
    content shares, the shipment shares; (rate, share charged, contribution)."""
    if floors.any():
        base = rate[c.base]
        rate = np.where(floors, np.maximum(np.float32(0), rate - base[None, :]), rate)
    share = share.copy()
    for h, excluded in c.rules:
        t = trade[h]
        if not t.any():
            continue
        x = share[excluded]
        share[excluded] = (1 - t) * x + t * np.maximum(0, x - share[h])
    share = share * trade
    return rate, share, rate * share


def stack(c: Compiled, exporter: str, d: int, products: np.ndarray | None = None,
          loaded: int | None = None, _cache: dict | None = None) -> Stack:
    """Stack the measures for ``exporter`` on day ``d`` over ``products`` (default: all).

    ``_cache``: a dict shared by calls over the same ``products`` (list masks by day, and the
    rows of each stacking group by its measures in force: exporters differ in a few groups only,
    so the others are computed once)."""
    idx = np.arange(c.n) if products is None else np.asarray(products, dtype=np.int64)
    applied, exempt, rate, share, trade, floors = stack_rows(c, exporter, d, products, loaded, _cache)
    rate, share, contribution = finish(c, rate, share, trade, floors)
    return Stack(exporter, d, idx, applied, exempt, rate, share, contribution, contribution.sum(axis=0))


def exporter_classes(c: Compiled, exporters: list[str]) -> dict[bytes, list[str]]:
    """Exporters grouped by their membership in every measure's exporter scope."""
    out: dict[bytes, list[str]] = {}
    for e in exporters:
        out.setdefault(c.exporter_mask(e).tobytes(), []).append(e)
    return out


def day_signature(c: Compiled, exporter: str, d: int) -> bytes:
    """What decides the duties of ``exporter`` on day ``d``: its active measures and the
    validity of every list entry those measures use."""
    on = active(c, exporter, d)
    parts = [on.tobytes()]
    for m in np.flatnonzero(on):
        for lid in (*c.include_lists[m], *c.exempt_lists[m]):
            lw = c.lists[lid]
            parts.append(((lw.start <= d) & (d < lw.end)).tobytes())
    return b"|".join(parts)
