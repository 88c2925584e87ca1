"""Where the compiled epoch pays off: compiled / numpy wall time per epoch
over a grid of problem sizes and hidden units.

For each activation, number of features, hidden units and batch size
(synthetic Gaussian clusters, 10 classes, one hidden layer, momentum),
skebp's fit is timed with its compiled kernel (``skebp[fast]``) and on the
numpy path, interleaved over rounds (``_timing.interleaved``); the line
gives the median of the per-round ratios compiled / numpy with their range,
and the matrix-product work of one batch (``6 b (d h + h k)`` flops:
forward, and both gradients backward).  A fit of a few epochs includes its
set-up, as a user's does.

Run: python benchmarks/bench_compiled_size.py [--rounds 5] [--dtype float32]
     [--threads 1]
"""

import argparse
import functools
import itertools

import numpy as np
from _timing import interleaved, per_epoch, ratio, synthetic
from threadpoolctl import threadpool_limits

from skebp import EBPClassifier
from skebp._training import _compiled

CLASSES = 10


def batch_flops(batch, features, hidden, classes=CLASSES):
    """Matrix-product flops of one batch: forward, input gradient of the
    top layer and both weight gradients."""
    return 6.0 * batch * (features * hidden + hidden * classes)


def one_size(activation, features, hidden, batch, dtype, rounds, n_samples, epochs):
    X, y = synthetic(n=n_samples, d=features, classes=CLASSES)
    X = X.astype(dtype)
    model = EBPClassifier(
        (hidden,),
        activation,
        solver="momentum",
        learning_rate_init=0.01,
        batch_size=batch,
        whitening="none",
        early_stopping=False,
        max_iter=epochs,
        tol=0.0,
        n_iter_no_change=10**6,
        random_state=0,
    )
    per_epoch(model, X, y, epochs, True)  # load numba and the cached kernel
    times = interleaved(
        {
            "compiled": functools.partial(per_epoch, model, X, y, epochs, True),
            "numpy": functools.partial(per_epoch, model, X, y, epochs, False),
        },
        rounds=rounds,
    )
    return ratio(times, "compiled", "numpy")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--dtype", default="float64", choices=["float64", "float32"])
    parser.add_argument("--n-samples", type=int, default=6000)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--threads", type=int, default=None, help="BLAS threads")
    parser.add_argument("--features", type=int, nargs="+", default=[20, 100, 784])
    parser.add_argument("--hidden", type=int, nargs="+", default=[30, 100, 300])
    parser.add_argument("--batch", type=int, nargs="+", default=[32, 200])
    parser.add_argument("--activation", nargs="+", default=["relu", "lecun_tanh"])
    args = parser.parse_args(argv)
    if _compiled.kernel() is None:
        print("numba is not installed (pip install 'skebp[fast]'): nothing to time")
        return
    print(
        f"{args.dtype}, BLAS threads {args.threads or 'default'}, "
        f"{args.n_samples} samples, {args.epochs} epochs a fit, {args.rounds} rounds"
    )
    print(
        f"{'activation':>10} {'features':>8} {'hidden':>6} {'batch':>5} "
        f"{'Mflop/batch':>11}  compiled/numpy"
    )
    ratios = []
    grid = itertools.product(args.activation, args.features, args.hidden, args.batch)
    with threadpool_limits(args.threads, user_api="blas"):
        for act, d, h, b in grid:
            med, lo, hi = one_size(
                act, d, h, b, np.dtype(args.dtype), args.rounds, args.n_samples,
                args.epochs,
            )  # fmt: skip
            ratios.append(med)
            print(
                f"{act:>10} {d:8d} {h:6d} {b:5d} {batch_flops(b, d, h) / 1e6:11.2f}  "
                f"{med:.3f} [{lo:.3f}, {hi:.3f}]"
            )
    print(
        f"compiled / numpy over the {len(ratios)} sizes: median "
        f"{np.median(ratios):.3f}, largest {max(ratios):.3f}"
    )


if __name__ == "__main__":
    main()
