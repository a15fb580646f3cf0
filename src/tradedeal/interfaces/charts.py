"""Charts for results (matplotlib, no screen needed). Written atomically as PNG and SVG."""

from __future__ import annotations

import textwrap
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


def _save(fig, stem: str | Path, svg_text: bool = False) -> list[Path]:
    """``stem``.png and ``stem``.svg; ``svg_text``: SVG text as text (searchable, smaller and
    faster to write than glyph outlines)."""
    plt = lazy.pyplot()
    written = []
    for ext in ("png", "svg"):
        target = Path(f"{stem}.{ext}")
        with atomic_path(target) as tmp, plt.rc_context({"svg.fonttype": "none" if svg_text else "path"}):
            fig.savefig(tmp, format=ext)
        written.append(target)
    return written


def target_chart(result, stem: str | Path) -> list[Path]:
    """The paths of a :class:`~tradedeal.results.target.TargetResult` against the goal: one panel
    per basis with the observed history (estimates hollow), the trend and its interval, each
    scenario's path, and the goal in the target year; writes ``stem``.png and ``stem``.svg."""
    plt = lazy.pyplot()
    history, paths, growth = result.history.frame, result.paths.frame, result.growth.frame
    keys = list(growth["basis"])
    fig, axes = plt.subplots(1, len(keys), figsize=(6.2 * len(keys), 5.2), dpi=100, squeeze=False)
    for ax, key in zip(axes[0], keys):
        label = growth.loc[growth["basis"] == key, "label"].iloc[0]
        first = int(str(growth.loc[growth["basis"] == key, "trend_window"].iloc[0])[:4])
        h = history[(history["basis"] == key) & (history["year"] >= first - 5)]
        seen, est = h[h["kind"] != "estimate"], h[h["kind"] == "estimate"]
        ax.plot(seen["year"], seen["value_usd"] / 1e9, "o-", color="black", ms=3.5, lw=1.2, label="observed")
        if len(est):
            ax.plot(est["year"], est["value_usd"] / 1e9, "o", mfc="white", color="black", ms=5, label="estimate")
        p = paths[paths["basis"] == key]
        t = p[p["path"] == "trend"]
        ax.plot(t["year"], t["total_usd"] / 1e9, color="0.4", lw=1.5, label="trend")
        ax.fill_between(t["year"], t["lower_usd"] / 1e9, t["upper_usd"] / 1e9, color="0.85", label="trend interval")
        for name, s in p[p["path"] != "trend"].groupby("path", sort=False):
            ax.plot(s["year"], s["total_usd"] / 1e9, "--", lw=1.4, label=name)
        ax.plot([result.target_year], [result.goal_usd / 1e9], "*", color="crimson", ms=14,
                label=f"goal {result.goal_usd / 1e9:,.0f} bn")
        ax.axhline(result.goal_usd / 1e9, color="crimson", lw=0.6, alpha=0.5)
        ax.set_title(label, fontsize=9.5)
        ax.set_ylabel("USD bn a year")
        ax.grid(True, alpha=0.3)
        ax.xaxis.set_major_locator(lazy.ticker().MaxNLocator(integer=True))
    legend: dict = {}
    for ax in axes[0]:
        for handle, text in zip(*ax.get_legend_handles_labels()):
            legend.setdefault(text, handle)
    fig.legend(list(legend.values()), list(legend), fontsize=7.5, loc="upper center", ncol=min(len(legend), 6),
               frameon=False)
    approx = [a for t in (result.paths, result.closing) for a in t.approximations]
    note = (f"{result.title}. Sources: {'; '.join(p.dataset for p in result.history.provenance)}. Scenario paths = "
            "trend + tariff effect (phased in) + purchases." + (f" {len(set(approx))} approximation(s) apply: listed "
                                                                  "with the tables." if approx else ""))
    fig.text(0.01, 0.01, "\n".join(textwrap.wrap(note, 95 * len(keys))), fontsize=7, color="0.35")
    fig.subplots_adjust(left=0.05, right=0.99, bottom=0.12, top=0.82, wspace=0.18)
    written = _save(fig, stem, svg_text=True)
    plt.close(fig)
    return written


def backtest_chart(result, stem: str | Path) -> list[Path]:
    """Modelled against observed monthly changes of a back-test (bars: observed, line: modelled),
    with the modelled tariff on a second axis; writes ``stem``.png and ``stem``.svg."""
    f = result.months
    plt = lazy.pyplot()
    fig, ax = plt.subplots(figsize=(10, 5.5), dpi=120)
    x = range(len(f))
    ax.bar(x, f["observed_change_pct"].fillna(0.0), color=["0.6" if v == v else "white" for v in f["observed_change_pct"]],
           edgecolor="0.4", label="observed change on a year earlier (%)")
    ax.plot(x, f["modelled_change_pct"], color="C3", marker="o", linewidth=2, label="modelled change (tariffs only, %)")
    ax.axhline(0, color="0.2", linewidth=0.8)
    ax.set_xticks(list(x), list(f["month"]), rotation=45, ha="right")
    ax.set_ylabel("% change on the same month a year earlier")
    ax2 = ax.twinx()
    ax2.step(x, f["modelled_tariff_pct"], where="mid", color="C0", linestyle="--", linewidth=1.2,
             label=f"{result.importer}'s average tariff on {result.exporter} (%)")
    ax2.set_ylabel("tariff, % ad valorem (trade-weighted)")
    lines = ax.get_legend_handles_labels()
    more = ax2.get_legend_handles_labels()
    ax.legend(lines[0] + more[0], lines[1] + more[1], loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3,
              fontsize=8, frameon=False)
    ax.set_title(f"Back-test: {result.importer}'s imports from {result.exporter}, modelled against observed", fontsize=11)
    ax.grid(True, axis="y", alpha=0.3)
    note = (f"Sources: {'; '.join(p.dataset for p in result.provenance)}. Months without a bar lack an observed "
            "figure a year earlier. The model sees tariffs only (timing, supply shifts and demand are not in it).")
    fig.text(0.01, 0.01, note, fontsize=7, color="0.35", wrap=True)
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    written = []
    for ext in ("png", "svg"):
        target = Path(f"{stem}.{ext}")
        with atomic_path(target) as tmp:
            fig.savefig(tmp, format=ext)
        written.append(target)
    plt.close(fig)
    return written
