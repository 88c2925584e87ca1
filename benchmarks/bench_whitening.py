"""InputWhitener(method="zca") fit + transform against scikit-learn's PCA.

``InputWhitener("zca").fit(X).transform(X)`` against
``PCA(whiten=True, svd_solver="covariance_eigh").fit(X).transform(X)`` on the
same 100,000 x 500 float64 data, the two interleaved over rounds
(``_timing.interleaved``; the ratio is the median of the per-round ratios,
with its min and max).
Also reports the peak memory the fit allocates beyond the data (tracemalloc).

Run: python benchmarks/bench_whitening.py [--n-samples 100000] [--n-features 500]
"""

import argparse
import functools
import tracemalloc

import numpy as np
from _timing import interleaved, ratio
from sklearn.decomposition import PCA

from skebp import InputWhitener


def fit_transform(make, X):
    make().fit(X).transform(X)


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
    times = interleaved(
        {
            "ours": functools.partial(fit_transform, ours, X),
            "theirs": functools.partial(fit_transform, theirs, X),
        },
        rounds=args.repeats,
    )
    mem_ours, mem_theirs = fit_peak_bytes(ours, X), fit_peak_bytes(theirs, X)
    print(f"{n} x {d} float64, fit + transform, {args.repeats} interleaved rounds")
    for name, key, mem in [
        ("InputWhitener(zca)", "ours", mem_ours),
        ("PCA(covariance_eigh)", "theirs", mem_theirs),
    ]:
        t = np.median(times[key])
        print(f"{name:<25} {t:8.3f} s   fit peak {mem / 2**20:7.1f} MiB")
    med, lo, hi = ratio(times, "ours", "theirs")
    print(f"ratio (target <= 1.5)     {med:8.3f} [{lo:.3f}, {hi:.3f}]")
    print(
        f"data size                 {X.nbytes / 2**20:8.1f} MiB; "
        f"n_features^2 float64 = {d * d * 8 / 2**20:.1f} MiB"
    )


if __name__ == "__main__":
    main()
