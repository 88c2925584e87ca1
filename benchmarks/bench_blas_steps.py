"""Where the weight steps should go to BLAS, in the compiled epoch and in numpy.

The compiled epoch (``skebp[fast]``) takes a layer's plain or momentum step
on BLAS's threads (momentum folded into the weight gradient's product, the
L2 term and the step as ``axpy``) from ``BLAS_STEP_MIN_SIZE`` weights a
layer, and in a compiled loop below; the numpy path takes the same steps in
numpy's own BLAS (``skebp._blas``) from the same size, and in numpy's
operations below (``--path numpy``: "loops" are then numpy's seven passes).
This script times fits (synthetic
data, 6,000 x d, 10 classes, one hidden layer of h ReLU units, momentum, 2
epochs with their set-up) both ways, interleaved, for layers around the
threshold, the threshold set to 0 ("blas": every step on BLAS) and above
any layer ("loops"), and prints the median of the per-round ratios
blas / loops with their range.

Run: python benchmarks/bench_blas_steps.py [--rounds 9] [--dtype float64]
     [--path compiled|numpy]
"""

import argparse
import functools

from _timing import fixed_epochs, interleaved, per_epoch, ratio, synthetic

from skebp import EBPClassifier, _blas

#: (features, hidden units, batch size): layers of 6,000 to 90,000 weights.
SIZES = [
    (20, 300, 200),
    (784, 30, 32),
    (784, 30, 200),
    (100, 300, 32),
    (100, 300, 200),
    (784, 40, 32),
    (200, 200, 32),
    (784, 64, 32),
    (784, 100, 32),
    (784, 100, 200),
    (300, 300, 32),
]


def fit_epoch(est, X, y, threshold, compiled):
    # read by the compiled epoch when a fit starts, by the numpy path's
    # epochs when each starts; the numpy path's steps go to BLAS only in
    # NUMPY_PATH_DTYPES, which the threshold's side ("blas") extends to X's
    saved = _blas.BLAS_STEP_MIN_SIZE, _blas.NUMPY_PATH_DTYPES
    try:
        _blas.BLAS_STEP_MIN_SIZE = threshold
        if threshold == 0:
            _blas.NUMPY_PATH_DTYPES = tuple({*saved[1], X.dtype})
        return per_epoch(est, X, y, 2, compiled)
    finally:
        _blas.BLAS_STEP_MIN_SIZE, _blas.NUMPY_PATH_DTYPES = saved


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--dtype", default="float64")
    parser.add_argument("--path", choices=["compiled", "numpy"], default="compiled")
    args = parser.parse_args(argv)
    compiled = args.path == "compiled"
    print(
        f"{args.path} path, {args.dtype}, 6000 samples, 2 epochs a fit, "
        f"{args.rounds} rounds; threshold today {_blas.BLAS_STEP_MIN_SIZE} weights"
    )
    print("features hidden batch  weights  blas/loops")
    for d, h, b in SIZES:
        X, y = synthetic(6000, d, 10)
        X = X.astype(args.dtype)
        est = EBPClassifier(
            (h,), "relu", solver="momentum", batch_size=b, whitening="none",
            **fixed_epochs(2),
        )  # fmt: skip
        times = interleaved(
            {
                "blas": functools.partial(fit_epoch, est, X, y, 0, compiled),
                "loops": functools.partial(fit_epoch, est, X, y, 2**62, compiled),
            },
            rounds=args.rounds,
            pause=0.1,
        )
        med, lo, hi = ratio(times, "blas", "loops")
        print(f"{d:8d} {h:6d} {b:5d} {d * h:8d}  {med:.3f} [{lo:.3f}, {hi:.3f}]")


if __name__ == "__main__":
    main()
