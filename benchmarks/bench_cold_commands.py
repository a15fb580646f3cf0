"""Targets (issue 8): cold commands, each a new process, as ratios to the floor of
``python -c "import numpy"`` measured in the same run:

- ``tradedeal duty 6109.10.0012 --origin IND --date 2025-09-01`` (compiled-regime cache built): <= 4 x
- ``tradedeal trade --importer USA --exporter IND --by hs2``: <= 6 x
- ``tradedeal simulate feb2026_framework``: <= 12 x

The first run of each in an empty TRADEDEAL_HOME (which builds the caches: compiled regimes,
their inputs, descriptions, the markets before the scenario, the answer) is reported
separately. ``simulate`` answers a repeated question from the answer cache (keyed by the content
of everything it depends on); the same command with ``--fresh`` recomputes the scenario and its
baseline over the other caches, and is reported beside it (not a target).
"""

from __future__ import annotations

import shutil

from _common import bench_home, interleaved, report_ratio, run_process, tradedeal_exe

TARGETS = {"duty": 4.0, "trade --by hs2": 6.0, "simulate feb2026_framework": 12.0}


def main() -> None:
    exe = tradedeal_exe()
    cmds = {
        "duty": [exe, "duty", "6109.10.0012", "--origin", "IND", "--date", "2025-09-01"],
        "trade --by hs2": [exe, "trade", "--importer", "USA", "--exporter", "IND", "--by", "hs2"],
        "simulate feb2026_framework": [exe, "simulate", "feb2026_framework"],
        "simulate feb2026_framework --fresh": [exe, "simulate", "feb2026_framework", "--fresh"],
    }
    home, env = bench_home("tradedeal-bench-cold-")
    first = {name: run_process(args, env) for name, args in cmds.items()}  # builds the caches
    med = interleaved(cmds, env)
    floor = med.pop("floor")
    print(f"floor: python -c 'import numpy' {floor:.3f} s (median of 9)")
    for name, args in cmds.items():
        if name not in TARGETS:
            print(f"{name} (recomputed over the caches; no target): median of 9 {med[name]:.3f} s = "
                  f"{med[name] / floor:.1f} x floor")
            continue
        print(f"{name}: first run in an empty home (builds the caches) {first[name]:.3f} s = "
              f"{first[name] / floor:.1f} x floor")
        report_ratio(f"{name}, cold with caches (median of 9)", med[name], floor, TARGETS[name], "floor")
    shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
