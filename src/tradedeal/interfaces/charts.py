"""Charts for results (matplotlib, no screen needed). Written atomically as PNG and SVG."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from tradedeal import lazy
from tradedeal.fileio import atomic_path
from tradedeal.tables import TableResult


def timeline_chart(result: TableResult, stem: str | Path, value: str = "avg_duty_pct") -> list[Path]:
    """Step chart of ``value`` per exporter of a timeline result; writes ``stem``.png and
    ``stem``.svg, with the result's sources and its count of approximations under the plot."""
    frame, title = result.frame, result.title
    approx = result.approximations
    note = (f"Sources: {'; '.join(p.dataset for p in result.provenance)}."
            + (f" {len(approx)} approximation(s) apply: listed with the table." if approx else ""))
    plt = lazy.pyplot()
    fig, ax = plt.subplots(figsize=(10, 5.5), dpi=120)
    for exp, g in frame.groupby("exporter", sort=False):
        x = list(pd.to_datetime(g["valid_from"])) + [pd.to_datetime(g["valid_until"].iloc[-1])]
        y = list(g[value]) + [g[value].iloc[-1]]
        ax.step(x, y, where="post", label=exp, linewidth=1.8)
    ax.set_ylabel(result.units.get(value, value))
    ax.set_title(title, fontsize=11)
    ax.grid(True, alpha=0.3)
    ax.legend(loc="upper left", ncol=min(6, frame["exporter"].nunique()), fontsize=9)
    if note:
        fig.text(0.01, 0.01, note, fontsize=7, color="0.35", wrap=True)
    fig.autofmt_xdate()
    fig.tight_layout(rect=(0, 0.04 if note else 0, 1, 1))
    written = []
    for ext in ("png", "svg"):
        target = Path(f"{stem}.{ext}")
        with atomic_path(target) as tmp:
            fig.savefig(tmp, format=ext)
        written.append(target)
    plt.close(fig)
    return written
