"""The evidence study's own cost and its speed-up with joblib (issue 11).

A small study (``--datasets``, the configurations below, ``--seeds``) is run
twice in one process, sequentially and with 2 joblib workers, writing its
results, report and figures to a temporary folder each time:

- speed-up: the parallel run's wall time / the sequential run's (target
  <= 0.65 with 2 workers on 2 cores);
- overhead: the sequential run's wall time minus the time spent inside the
  fits' tasks (``fit_one``: the split, the rate tuning, the fit and its test
  score), over the latter (target <= 5 %): what the study adds around them,
  i.e. loading the data, dispatch, bookkeeping, the results file, the
  report and the figures.

Run: python benchmarks/bench_study.py [--seeds 5] [--datasets wine breast_cancer iris]
"""

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
from _timing import interleaved, ratio

from skebp.study import _runner, run_study

CONFIGS = [
    "lecun98",
    "lecun98: no SDLM",
    "lecun98: mini-batch",
    "modern",
    "modern: momentum",
    "defaults",
    "sklearn",
]


def timed(datasets, seeds, n_jobs):
    """Wall seconds of the study, seconds inside its tasks (sequential runs
    only: workers time their own), and the number of rows."""
    inside = [0.0]
    fit_one = _runner.fit_one

    def timed_fit_one(*args):
        start = time.perf_counter()
        try:
            return fit_one(*args)
        finally:
            inside[0] += time.perf_counter() - start

    _runner.fit_one = timed_fit_one
    try:
        return _timed(datasets, seeds, n_jobs, inside)
    finally:
        _runner.fit_one = fit_one


def _timed(datasets, seeds, n_jobs, inside):
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        rows = run_study(
            datasets,
            CONFIGS,
            seeds=seeds,
            n_jobs=n_jobs,
            out_dir=Path(out),
            progress=None,
        )
        wall = time.perf_counter() - start
    return wall, inside[0], len(rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument(
        "--datasets", nargs="+", default=["wine", "breast_cancer", "iris"]
    )
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    inside, count = [], []

    def sequential():
        wall, fits, n = timed(args.datasets, args.seeds, 1)
        inside.append((wall, fits))
        count.append(n)
        return wall

    def parallel():
        return timed(args.datasets, args.seeds, 2)[0]

    times = interleaved(
        {"sequential": sequential, "2 workers": parallel}, rounds=args.rounds
    )
    print(
        f"{count[0]} fits ({', '.join(args.datasets)}; {args.seeds} seeds); "
        f"{args.rounds} interleaved rounds, medians"
    )
    seq_wall = float(np.median(times["sequential"]))
    print(f"sequential wall {seq_wall:8.2f} s")
    print(f"2 workers  wall {np.median(times['2 workers']):8.2f} s")
    med, lo, hi = ratio(times, "2 workers", "sequential")
    print(f"speed-up ratio  {med:8.3f} [{lo:.3f}, {hi:.3f}]   (target <= 0.65)")
    overhead = float(np.median([(w - f) / f for w, f in inside]))
    print(f"overhead        {overhead:8.1%}   (target <= 5 %)")


if __name__ == "__main__":
    main()
