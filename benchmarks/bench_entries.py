"""Targets (issue 12): 100,000 entry lines (mixed origins and entry dates over 2025-2026) priced warm at
>= 50,000 lines a second, reported with the ratio to pricing one line; the refund estimate over the same
file at most 1.5 x the pricing time.

Warm = the regime compiled in the process and the file read (reading the CSV is timed apart). Pricing =
:func:`tradedeal.customs.entries.price_table` (origins resolved, codes and dates checked, every line's
duty by stacking group); one line = the same call on a file of one line; the refund estimate = pricing
plus :func:`tradedeal.customs.refunds.estimate` (IEEPA duty per entry, rules, deadlines, interest).
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from _common import best_and_median, machine_floor

N = 100_000


def main() -> None:
    from tradedeal.customs import samples
    from tradedeal.customs.entries import price_table
    from tradedeal.customs.refunds import estimate
    from tradedeal.customs.rules import load_rates, load_rules
    from tradedeal.datasets.entry_files import read_entries
    from tradedeal.regime import compiled

    c = compiled("USA")
    rules, rates = load_rules(), load_rates()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "entries.csv"
        text = samples.many_entries("USA", N, date(2025, 1, 1), date(2026, 12, 1))
        path.write_text(text)
        one = Path(tmp) / "one.csv"
        one.write_text("\n".join(text.splitlines()[:2]) + "\n")
        _, read_s = best_and_median(lambda: read_entries(path), repeat=3)
        table, small = read_entries(path), read_entries(one)
        price_table(table, c)  # warm: list masks and caches of the process
        _, price_s = best_and_median(lambda: price_table(table, c), repeat=5)
        _, one_s = best_and_median(lambda: price_table(small, c), repeat=50)
        priced = price_table(table, c)
        _, est_s = best_and_median(lambda: estimate(priced, date(2026, 12, 1), rules, rates), repeat=5)
        _, refund_s = best_and_median(lambda: estimate(price_table(table, c), date(2026, 12, 1), rules, rates), repeat=5)
        _, table_s = best_and_median(lambda: priced.lines(), repeat=3)
    rate = N / price_s
    per_line = price_s / N
    print(f"reading {N:,} lines (CSV): {read_s:.3f} s ({N / read_s:,.0f} lines/s)")
    floor = machine_floor()
    print(f"pricing {N:,} lines warm: {price_s:.3f} s = {rate:,.0f} lines/s (target >= 50,000) "
          f"{'PASS' if rate >= 50_000 else 'MISS'}; {priced.duties.groups:,} engine calls; "
          f"{price_s / floor:.1f} x the floor of python -c 'import numpy' ({floor:.3f} s), "
          f"{price_s / read_s:.2f} x reading the same file")
    print(f"pricing one line: {one_s * 1000:.2f} ms; per line in the file {per_line * 1e6:.1f} us: "
          f"{one_s / per_line:,.0f} x faster than one line at a time")
    ratio = refund_s / price_s
    print(f"refund estimate over the same file (pricing + estimate): {refund_s:.3f} s = {ratio:.2f} x pricing "
          f"(target <= 1.5) {'PASS' if ratio <= 1.5 else 'MISS'}; the estimate alone {est_s:.3f} s")
    print(f"the lines table of {N:,} rows (records for CSV/JSON/Excel): {table_s:.3f} s")


if __name__ == "__main__":
    main()
