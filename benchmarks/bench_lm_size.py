"""Levenberg-Marquardt at size: time per iteration against its operation count.

``EBPRegressor((40,), solver="levenberg_marquardt")`` on 50,000 x 50
regression data (2,081 parameters, one output), in float64 and float32 (whose
Jacobian chunks are multiplied in float32, ``ssyrk``).  One iteration
builds the Gauss-Newton matrix (2 n K P^2 floating-point operations) and
factors it (P^3 / 3) at least once.  Printed, measured in one run:

- seconds per iteration (median of ``--repeats`` interleaved rounds of fits
  of ``--iterations`` iterations, divided by the iterations) and the
  operations per second it
  reaches, against numpy's square matrix product on this machine, for each
  dtype, and float64 / float32;
- the Gauss-Newton build of one chunk three ways: a general matrix product
  (``Jt.T @ Jt2`` with ``Jt2`` a copy of ``Jt``), numpy's ``Jt.T @ Jt``
  (numpy sees the transposed pair and calls syrk itself, then fills the
  lower triangle into a new P x P array) and BLAS ``dsyrk`` into the upper
  triangle of G in place (what the solver does), and their ratios to the
  general product;
- memory: the four P x P float64 matrices the solver counts on;
- softmax outputs: ``EBPClassifier((30,), solver="levenberg_marquardt")`` on
  digits (2,260 parameters, 10 classes), seconds per iteration in both
  dtypes; its generalized Gauss-Newton matrix takes K - 1 = 9 rows per
  sample (the rank of the softmax's output Hessian), not K = 10.

Run: python benchmarks/bench_lm_size.py [--iterations 2] [--repeats 2]
"""

import argparse
import functools

import numpy as np
from _timing import fit_seconds, interleaved, ratio, whole
from bench_epoch import gemm_rate
from scipy.linalg import blas
from sklearn.datasets import load_digits, make_regression

from skebp import EBPClassifier, EBPRegressor


def seconds_per_iteration(model, X, y, iterations, repeats):
    """``({dtype: median seconds per iteration}, times)``: fits of ``X`` in
    float64 and in float32 interleaved over ``repeats`` rounds."""
    times = interleaved(
        {
            dtype: functools.partial(fit_seconds, model, X.astype(dtype), y)
            for dtype in (np.float64, np.float32)
        },
        rounds=repeats,
    )
    return {d: float(np.median(t)) / iterations for d, t in times.items()}, times


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    X, y = make_regression(50_000, 50, noise=10.0, random_state=0)
    reg = EBPRegressor(
        (40,),
        solver="levenberg_marquardt",
        max_iter=args.iterations,
        tol=0.0,
        n_iter_no_change=10**6,
        random_state=0,
        # every row in the Jacobian, as the operation count assumes
        # (early_stopping="auto" would hold out a tenth)
        early_stopping=False,
    )
    seconds, times = seconds_per_iteration(reg, X, y, args.iterations, args.repeats)
    net = reg._network
    n, p = X.shape[0], net.n_params
    flops = 2.0 * n * p**2 + p**3 / 3.0
    print(f"{n} samples x {X.shape[1]} features, {p} parameters, 1 output")
    print(f"operations per iteration     {flops:10.3g}")
    for dtype, s in seconds.items():
        rate = gemm_rate(dtype)
        print(
            f"{np.dtype(dtype).name}: {s:7.3f} s per iteration, "
            f"{flops / s / 1e9:6.2f} GFLOP/s ({flops / s / rate:.2f} of numpy's "
            f"{np.dtype(dtype).name} matrix product, {rate / 1e9:.1f} GFLOP/s)"
        )
    med, lo, hi = ratio(times, np.float64, np.float32)
    print(f"float64 / float32 per iteration {med:.2f} [{lo:.2f}, {hi:.2f}]")
    print(f"memory, 4 P x P matrices     {4 * p * p * 8 / 2**20:10.1f} MiB")
    rows = 8_000
    Jt = np.random.RandomState(0).normal(size=(rows, p))
    G = np.zeros((p, p), order="F")
    Jt2 = Jt.copy()
    products = interleaved(
        {
            "gemm": whole(lambda: Jt.T @ Jt2),
            "numpy": whole(lambda: Jt.T @ Jt),
            "syrk": whole(lambda: blas.dsyrk(1.0, Jt.T, beta=1.0, c=G, overwrite_c=1)),
        },
        rounds=5,
    )

    def cell(name):
        med, lo, hi = ratio(products, name, "gemm")
        return f"{np.median(products[name]):.3f} s ({med:.2f} [{lo:.2f}, {hi:.2f}])"

    print(
        f"G of {rows} rows: general product {np.median(products['gemm']):.3f} s, "
        f"numpy Jt.T @ Jt {cell('numpy')}, dsyrk in place {cell('syrk')}"
    )
    softmax_case(max(args.iterations, 3), args.repeats)


def softmax_case(iterations, repeats):
    """Seconds per iteration of LM with softmax outputs on digits."""
    X, y = load_digits(return_X_y=True)
    clf = EBPClassifier(
        (30,),
        solver="levenberg_marquardt",
        max_iter=iterations,
        tol=0.0,
        n_iter_no_change=10**6,
        random_state=0,
        # every row in the Jacobian, as the operation count assumes
        # (early_stopping="auto" would hold out a tenth)
        early_stopping=False,
    )
    seconds, _ = seconds_per_iteration(clf, X, y, iterations, repeats)
    n, p = X.shape[0], clf._network.n_params
    flops = 2.0 * n * 9 * p**2 + p**3 / 3.0
    print(f"\ndigits, (30,) softmax: {n} samples, {p} parameters, 10 classes")
    for dtype, s in seconds.items():
        print(
            f"{np.dtype(dtype).name}: {s:7.3f} s per iteration, "
            f"{flops / s / 1e9:6.2f} GFLOP/s at 9 rows per sample"
        )


if __name__ == "__main__":
    main()
