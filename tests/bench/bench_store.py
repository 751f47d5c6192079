"""Benchmark of the run store under two writer processes, printed as a table (a script, not a timed test).

    python tests/bench/bench_store.py [--seconds 3] [--repeat 3]

Each writer is ``tests/store/store_worker.py write``: runs of 5 steps recorded flat out (state changes,
metrics, heartbeats, cache entries, and now and then the reads and writes a UI does) while this process
follows the event log every 20 ms, as the runs page of another process does. Figures:

- runs recorded per second by one writer alone (the floor) and by each of two writers at once;
- emit-to-follower delay of the step state events, p50 / p95 / max, alone and with two writers.

Ratios are against the one-writer run of the same invocation (absolute times do not travel between machines).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "store"))

from store_worker import write_and_follow  # noqa: E402

from designer.store import Store  # noqa: E402


def _round(url: str, writers: int, seconds: float) -> tuple[list[float], list[float]]:
    """Runs per second of each writer and the follower's delays (s) for one round of ``writers``."""
    seen = write_and_follow(url, [f"w{i}" for i in range(writers)], seconds)
    assert seen.returncodes == [0] * writers, seen.stderr
    return [int(runs) / seconds for _, runs, _ in seen.results], seen.delays


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    figures: dict[int, tuple[list[float], list[float]]] = {1: ([], []), 2: ([], [])}
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.repeat):
            for writers in (1, 2):
                url = f"sqlite:///{Path(tmp) / f'{writers}-{i}.db'}"
                Store.open(url).close()  # migrated before the clock starts
                rates, delays = _round(url, writers, args.seconds)
                figures[writers][0].extend(rates)
                figures[writers][1].extend(delays)
    alone_rate = statistics.median(figures[1][0])
    print(f"{'figure':<52}{'alone':>10}{'2 writers':>12}{'ratio':>8}")
    two_rate = statistics.median(figures[2][0])
    print(f"{'runs recorded per second, per writer (median)':<52}{alone_rate:>10.1f}{two_rate:>12.1f}"
          f"{two_rate / alone_rate:>7.2f}x")
    for name, pick in (("p50", lambda d: statistics.median(d)), ("p95", lambda d: statistics.quantiles(d, n=20)[-1]),
                       ("max", max)):
        alone, two = pick(figures[1][1]) * 1e3, pick(figures[2][1]) * 1e3
        print(f"{'emit to follower (20 ms polling) ' + name:<52}{alone:>8.0f}ms{two:>10.0f}ms{two / alone:>7.1f}x")


if __name__ == "__main__":
    main()
