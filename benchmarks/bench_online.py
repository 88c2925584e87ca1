"""Time per sample of on-line learning (batch_size=1) against scikit-learn.

EBPClassifier((64,), "tanh", solver="sgd", batch_size=1, whitening="none")
against MLPClassifier((64,), activation="tanh", solver="sgd", batch_size=1,
momentum=0) on standardized load_digits, a few epochs each, the two fits
interleaved over rounds (``_timing.interleaved``): the ratio is the median
of the per-round ratios, with its min and max.  Target: a ratio <= 0.1.

Run: python benchmarks/bench_online.py [--epochs 3] [--repeats 3]
"""

import functools

import numpy as np
from _timing import epoch_parser, fit_seconds, fixed_epochs, interleaved, ratio
from sklearn.datasets import load_digits
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

from skebp import EBPClassifier


def main(argv=None):
    args = epoch_parser(__doc__).parse_args(argv)
    X, y = load_digits(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    common = dict(fixed_epochs(args.epochs), learning_rate_init=0.01)
    ours = EBPClassifier(
        (64,), "tanh", solver="sgd", batch_size=1, whitening="none", **common
    )
    theirs = MLPClassifier(
        (64,), activation="tanh", solver="sgd", batch_size=1, momentum=0.0, **common
    )
    per_sample = 1e6 / (args.epochs * len(X))
    times = interleaved(
        {
            name: functools.partial(fit_seconds, model, X, y, args.epochs)
            for name, model in (("skebp", ours), ("sklearn", theirs))
        },
        rounds=args.repeats,
    )
    print(
        f"load_digits standardized ({len(X)} samples), 64 tanh units, on-line SGD, "
        f"{args.epochs} epochs, {args.repeats} interleaved rounds"
    )
    for name, t in times.items():
        print(f"{name:<8} {np.median(t) * per_sample:8.1f} us/sample (median)")
    med, lo, hi = ratio(times, "skebp", "sklearn")
    print(f"ratio    {med:8.3f} [{lo:.3f}, {hi:.3f}]   (target <= 0.1)")


if __name__ == "__main__":
    main()
