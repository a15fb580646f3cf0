"""Why a line pays what it pays: every measure considered for one line, exporter and
entry date, applied or not, with the reason. Pure: reads only the compiled regime."""

from __future__ import annotations

import numpy as np

from tradedeal.regime.arrays import Compiled
from tradedeal.regime.engine import active, stack

COLUMNS = ("measure", "title", "authority", "heading", "stacking_group", "status", "rate_pct",
           "basis", "share_of_value", "duty_pct", "why", "source")
STATUS_ORDER = {"applied": 0, "excluded": 1, "exempt": 2, "in transit": 3, "superseded": 4, "not in scope": 5,
                "left out": 6}


def _in_scope_any_day(c: Compiled, m: int, i: int) -> bool:
    if c.scope[m, i]:
        return True
    if c.carved[m, i]:
        return False
    return any((c.lists[lid].product == i).any() for lid in c.include_lists[m])


def _list_reason(c: Compiled, m: int, i: int, d: int) -> str:
    for lid in c.exempt_lists[m]:
        lw = c.lists[lid]
        hit = (lw.product == i) & (lw.start <= d) & (d < lw.end)
        if hit.any():
            spec = c.list_views[lid]
            head = f", claimed under {spec.heading}" if spec.heading else ""
            return f"exempt: on list '{lid}' ({spec.title}{head})"
    return "exempt"


def explain(c: Compiled, exporter: str, d: int, i: int, loaded: int | None = None) -> list[dict]:
    """One row (a dict of :data:`COLUMNS`) per measure that could reach line ``i`` for
    ``exporter``: what it does on day ``d``; applied measures first, then by stacking group."""
    st = stack(c, exporter, d, np.array([i]), loaded)
    on = active(c, exporter, d, loaded)
    on_plain = active(c, exporter, d, None)
    exp = c.exporter_mask(exporter)
    rows = []
    for m in np.flatnonzero(exp):
        meas = c.measures[m]
        if not _in_scope_any_day(c, m, i):
            continue
        g = c.group[m]
        dated = c.start[m] <= d < c.end[m]
        row = {"measure": meas.id, "title": meas.title, "authority": meas.authority,
               "heading": meas.heading, "stacking_group": meas.stacking_group, "rate_pct": float(c.rate[m, i]),
               "basis": meas.basis, "share_of_value": 0.0, "duty_pct": 0.0, "source": meas.source}
        if st.applied[g, 0] == m:
            share = float(st.share[g, 0])
            content = float(c.share[m, i])
            nominal = content * meas.applies_to_share
            why = "applied"
            if meas.rate_kind == "floor":
                why += f": tops the base rate up to {meas.rate:g}% ({float(st.rate[g, 0]):.2f} points)"
            if meas.basis != "full_value" and c.options.content_rule == "content" and content < 1:
                why += f"; charged on the {meas.basis.replace('_', ' ')} ({content:.2%} of value)"
            if g == c.base and why == "applied":
                why = "applied: the line's base rate"
            if meas.applies_to_share < 1:
                why += f"; on {meas.applies_to_share:.0%} of the trade"
            status = "applied"
            if share + 1e-6 < nominal:
                cut = ", ".join(c.measures[int(st.applied[h, 0])].id for h, ex in c.rules
                                if g in ex and st.applied[h, 0] >= 0)
                if share <= 1e-9:
                    status, why = "excluded", f"not charged: the whole value falls under {cut} (stacking rule)"
                else:
                    why += f"; not charged on the part of the value under {cut} (stacking rule)"
            row.update(status=status, share_of_value=share, rate_pct=float(st.rate[g, 0]),
                       duty_pct=float(st.contribution[g, 0]), why=why)
        elif st.exempt[g, 0] == m:
            row.update(status="exempt", why=_list_reason(c, m, i, d))
        elif not c.counted[m]:
            row.update(status="left out", why=f"status '{meas.status}': left out (ask for it with "
                       "--include-unconfirmed)")
        elif on[m]:
            other = st.applied[g, 0] if st.applied[g, 0] >= 0 else st.exempt[g, 0]
            if other >= 0:
                row.update(status="superseded", why=f"superseded by {c.measures[int(other)].id} "
                           f"(higher precedence in stacking group '{meas.stacking_group}')")
            else:
                row.update(status="not in scope", why="not in scope on this date (its product list "
                           "entry is not valid yet or any more)")
        elif dated and not on[m] and on_plain[m]:
            row.update(status="in transit", why=f"in transit: goods loaded before {meas.start} and "
                       f"entered before {meas.transit_exempt_until} are exempt")
        else:
            continue  # another period: not shown
        rows.append(row)
    groups = {g: k for k, g in enumerate(c.groups)}
    return sorted(({k: r[k] for k in COLUMNS} for r in rows),
                  key=lambda r: STATUS_ORDER[r["status"]] * 1000 + groups[r["stacking_group"]])
