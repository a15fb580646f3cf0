"""Target (issue 3): a warm single-line lookup <= 1 ms.

Warm = the regime is compiled in the process (as in a notebook or a service). Two figures:
`lookup` (the rate of one line and the contribution of each measure) and `duty` (the full
explanation table of every measure applied or excluded, as `tradedeal duty` prints it).
"""

from __future__ import annotations

from _common import best_and_median, report


def main() -> None:
    from tradedeal.regime import compiled, duty, lookup

    c = compiled("USA")
    lines = ["6109100012", "0306170041", "8517130000", "7306305032", "8708305040", "3004909215"]

    def many_lookups():
        for code in lines:
            lookup(c, code, "IND", "2025-09-01")

    def many_duties():
        for code in lines:
            duty(code, "IND", "2025-09-01", c=c)

    many_lookups()
    best, median = best_and_median(many_lookups, repeat=200)
    report("warm single-line lookup (rate + per-measure breakdown), median", median / len(lines) * 1000, 1.0, "ms")
    best, median = best_and_median(many_duties, repeat=50)
    print(f"warm single-line explanation table (duty): median {median / len(lines) * 1000:.3f} ms per line")


if __name__ == "__main__":
    main()
