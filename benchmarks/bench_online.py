"""Time per sample of on-line learning (batch_size=1) against scikit-learn.

EBPClassifier((64,), "tanh", solver="sgd", batch_size=1, whitening="none")
against MLPClassifier((64,), activation="tanh", solver="sgd", batch_size=1,
momentum=0), both with alpha=1e-4 and on every row (no early stopping), on
standardized load_digits, a few epochs each, the fits
interleaved over rounds (``_timing.interleaved``): the ratio is the median
of the per-round ratios, with its min and max.  Target: a ratio <= 0.1.
skebp runs in its compiled kernel where numba is installed (``skebp[fast]``)
and in its fused numpy on-line kernel without it; both are timed.

Run: python benchmarks/bench_online.py [--epochs 3] [--repeats 3]
"""

import functools

import numpy as np
from _timing import epoch_parser, fit_seconds, fixed_epochs, interleaved, ratio
from sklearn.base import clone
from sklearn.datasets import load_digits
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

from skebp import EBPClassifier
from skebp._training._compiled import kernel


def main(argv=None):
    args = epoch_parser(__doc__).parse_args(argv)
    X, y = load_digits(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    # the same work: every row trains (fixed_epochs), with scikit-learn's
    # default L2 penalty on both sides
    common = dict(fixed_epochs(args.epochs), learning_rate_init=0.01, alpha=1e-4)
    ours = EBPClassifier(
        (64,), "tanh", solver="sgd", batch_size=1, whitening="none", **common
    )
    theirs = MLPClassifier(
        (64,), activation="tanh", solver="sgd", batch_size=1, momentum=0.0, **common
    )
    per_sample = 1e6 / (args.epochs * len(X))
    contenders = {
        "skebp": functools.partial(fit_seconds, ours, X, y, args.epochs),
        "sklearn": functools.partial(fit_seconds, theirs, X, y, args.epochs),
    }
    if kernel() is not None:
        contenders["skebp numpy"] = functools.partial(
            fit_seconds, clone(ours), X, y, args.epochs, compiled=False
        )
    times = interleaved(contenders, rounds=args.repeats)
    print(
        f"load_digits standardized ({len(X)} samples), 64 tanh units, on-line SGD, "
        f"{args.epochs} epochs, {args.repeats} interleaved rounds"
    )
    for name, t in times.items():
        print(f"{name:<8} {np.median(t) * per_sample:8.1f} us/sample (median)")
    med, lo, hi = ratio(times, "skebp", "sklearn")
    print(f"ratio    {med:8.3f} [{lo:.3f}, {hi:.3f}]   (target <= 0.1)")
    if "skebp numpy" in times:
        med, lo, hi = ratio(times, "skebp numpy", "sklearn")
        print(f"numpy    {med:8.3f} [{lo:.3f}, {hi:.3f}]   (skebp without numba)")
        med, lo, hi = ratio(times, "skebp", "skebp numpy")
        print(f"compiled / numpy {med:.3f} [{lo:.3f}, {hi:.3f}]")


if __name__ == "__main__":
    main()
