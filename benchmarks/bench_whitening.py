"""InputWhitener(method="zca") fit + transform against scikit-learn's PCA.

``InputWhitener("zca").fit(X).transform(X)`` against
``PCA(whiten=True, svd_solver="covariance_eigh").fit(X).transform(X)`` on the
same 100,000 x 500 float64 data, best of a few runs, measured in one run.
Also reports the peak memory the fit allocates beyond the data (tracemalloc).

Run: python benchmarks/bench_whitening.py [--n-samples 100000] [--n-features 500]
"""

import argparse
import time
import tracemalloc

import numpy as np
from sklearn.decomposition import PCA

from skebp import InputWhitener


def best_seconds(make, X, repeats):
    best = np.inf
    for _ in range(repeats):
        t = time.perf_counter()
        make().fit(X).transform(X)
        best = min(best, time.perf_counter() - t)
    return best


def fit_peak_bytes(make, X):
    tracemalloc.start()
    make().fit(X)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-samples", type=int, default=100_000)
    parser.add_argument("--n-features", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    rng = np.random.RandomState(0)
    n, d = args.n_samples, args.n_features
    X = rng.normal(size=(n, d)) @ rng.normal(size=(d, d)) + rng.uniform(-3, 3, d)
    ours = lambda: InputWhitener("zca")  # noqa: E731
    theirs = lambda: PCA(whiten=True, svd_solver="covariance_eigh")  # noqa: E731
    t_ours = best_seconds(ours, X, args.repeats)
    t_theirs = best_seconds(theirs, X, args.repeats)
    mem_ours, mem_theirs = fit_peak_bytes(ours, X), fit_peak_bytes(theirs, X)
    print(f"{n} x {d} float64, fit + transform, best of {args.repeats}")
    for name, t, mem in [
        ("InputWhitener(zca)", t_ours, mem_ours),
        ("PCA(covariance_eigh)", t_theirs, mem_theirs),
    ]:
        print(f"{name:<25} {t:8.3f} s   fit peak {mem / 2**20:7.1f} MiB")
    print(f"ratio (target <= 1.5)     {t_ours / t_theirs:8.3f}")
    print(
        f"data size                 {X.nbytes / 2**20:8.1f} MiB; "
        f"n_features^2 float64 = {d * d * 8 / 2**20:.1f} MiB"
    )


if __name__ == "__main__":
    main()
