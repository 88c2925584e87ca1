"""Time to draw one epoch's presentation order for 1,000,000 samples.

Each mode of skebp.presentation_order on 1,000,000 samples of 10 unbalanced
classes (and per-sample errors for "emphasize"), best of a few runs, against
numpy's own permutation.  Target: well under a second each.

Run: python benchmarks/bench_order.py [--n-samples 1000000]
"""

import argparse
import time

import numpy as np

from skebp import presentation_order


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-samples", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    rng = np.random.RandomState(0)
    n = args.n_samples
    y = rng.choice(10, size=n, p=np.linspace(1, 3, 10) / np.linspace(1, 3, 10).sum())
    errors = rng.exponential(size=n)
    print(f"{n} samples, 10 unbalanced classes, best of {args.repeats}")
    for mode in ["none", "random", "class_alternate", "emphasize"]:
        best = np.inf
        for seed in range(args.repeats):
            t = time.perf_counter()
            presentation_order(y, mode=mode, random_state=seed, errors=errors)
            best = min(best, time.perf_counter() - t)
        print(f"{mode:16s} {best:7.3f} s")
    t = time.perf_counter()
    rng.permutation(n)
    print(f"{'np.permutation':16s} {time.perf_counter() - t:7.3f} s")


if __name__ == "__main__":
    main()
