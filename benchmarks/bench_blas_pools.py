"""The numpy path's momentum step: numpy's operations, or BLAS, in which pool.

numpy has neither a matrix product with BLAS's ``beta`` nor an ``axpy``.
BLAS has both, and a momentum step can fold the velocity into the weight
gradient's product (``v = mu v - lr X_b^T D``, then ``v -= lr l2 W`` and
``W += v``).  scipy's wrappers (``scipy.linalg.blas``) call them in a
second OpenBLAS: numpy's and scipy's wheels each bundle their own, each
with its own pool of threads that spin for a while after every call.
``skebp._blas`` calls the same routines in numpy's own OpenBLAS through
ctypes.  This script times the floor of ``bench_epoch.py`` (gather, the
first layer's forward and weight-gradient products; 20,000 x 784, 100
units, batches of 200) followed by the momentum step of those weights:

- "numpy": the products in numpy, the step in numpy's operations, as the
  numpy path took it before ``skebp._blas`` (``grad += l2 W; grad *= lr;
  v *= mu; v -= grad; W += v``);
- "mixed pools": the forward product in numpy, the weight gradient folded
  into the velocity and the two ``axpy`` in scipy's BLAS;
- "mixed, numpy on 1 thread": the same with numpy's pool held to one thread
  (``threadpoolctl``), as the compiled epoch holds it;
- "scipy only": every product and step in scipy's BLAS (numpy's pool idle);
- "numpy's BLAS": the step folded as in scipy's, in numpy's own BLAS
  (``skebp._blas``, the numpy path's step today).

Ratios are to the floor alone (no step), interleaved (``_timing``).

Run: python benchmarks/bench_blas_pools.py [--repeats 7]
"""

import time

import numpy as np
from _timing import epoch_parser, interleaved, ratio
from scipy.linalg import blas

from skebp import _blas
from skebp._compat import numpy_blas_threads


def contenders(dtype, n=20_000, d=784, h=100, bs=200, lr=1e-3, mu=0.9, l2=1e-8):
    rng = np.random.RandomState(0)
    X = rng.normal(size=(n, d)).astype(dtype)
    W = (0.01 * rng.normal(size=(d, h))).astype(dtype)
    D = rng.normal(size=(bs, h)).astype(dtype)
    V, G = np.zeros_like(W), np.empty_like(W)
    Xb, Z = np.empty((bs, d), dtype), np.empty((bs, h), dtype)
    order = rng.permutation(n)
    gemm = blas.dgemm if dtype == np.float64 else blas.sgemm
    axpy = blas.daxpy if dtype == np.float64 else blas.saxpy
    w, v = W.reshape(-1), V.reshape(-1)
    lr, mu, l2 = (dtype(x) for x in (lr, mu, l2))

    def batches(step, forward=np.dot):
        t = time.perf_counter()
        for s in range(0, n, bs):
            np.take(X, order[s : s + bs], axis=0, out=Xb, mode="clip")
            forward(Xb, W, Z)
            step()
        return time.perf_counter() - t

    def floor_step():
        np.dot(Xb.T, D, out=G)

    def numpy_step():
        np.dot(Xb.T, D, out=G)
        np.add(G, l2 * W, out=G)
        np.multiply(G, lr, out=G)
        np.multiply(V, mu, out=V)
        np.subtract(V, G, out=V)
        np.add(W, V, out=W)

    def blas_step():
        # V.T (h x d, column-major) = -lr D.T X_b + mu V.T
        gemm(-lr, D.T, Xb.T, beta=mu, c=V.T, trans_b=1, overwrite_c=1)
        axpy(w, v, a=-lr * l2)
        axpy(v, w, a=1.0)

    def scipy_forward(A, B, out):
        # out.T (h x bs) = B.T A.T: both operands already column-major
        gemm(1.0, B.T, A.T, c=out.T, overwrite_c=1)

    caller = _blas._Caller(np.dtype(dtype), *_blas.routines(dtype)[:2])

    def numpy_blas_step():
        caller.gemm_tn(-lr, Xb, D, mu, V)
        caller.axpy_(-lr * l2, w, v)
        caller.axpy_(1.0, v, w)

    def mixed_one_thread():
        with numpy_blas_threads(1):
            return batches(blas_step)

    return {
        "floor": lambda: batches(floor_step),
        "numpy": lambda: batches(numpy_step),
        "mixed pools": lambda: batches(blas_step),
        "mixed, numpy on 1 thread": mixed_one_thread,
        "scipy only": lambda: batches(blas_step, scipy_forward),
        "numpy's BLAS": lambda: batches(numpy_blas_step),
    }


def check(dtype=np.float64):
    """The scipy calls compute what they are meant to, in place."""
    rng = np.random.RandomState(1)
    gemm = blas.dgemm if dtype == np.float64 else blas.sgemm
    A, B = rng.normal(size=(20, 30)), rng.normal(size=(20, 5))
    C0 = rng.normal(size=(30, 5))
    C = C0.copy()
    gemm(-0.5, B.T, A.T, beta=0.9, c=C.T, trans_b=1, overwrite_c=1)
    np.testing.assert_allclose(C, -0.5 * A.T @ B + 0.9 * C0)
    out = np.empty((20, 5))
    gemm(1.0, C0.T, A.T, c=out.T, overwrite_c=1)
    np.testing.assert_allclose(out, A @ C0)


def main(argv=None):
    parser = epoch_parser(__doc__, repeats=7)
    args = parser.parse_args(argv)
    check()
    print(
        "floor of bench_epoch.py plus the first layer's momentum step; "
        f"{args.repeats} interleaved rounds, ratio to the floor: median [min, max]"
    )
    for dtype in (np.float64, np.float32):
        times = interleaved(contenders(dtype), rounds=args.repeats)
        print(f"\n{np.dtype(dtype).name}: floor {np.median(times['floor']):.4f} s")
        for name in list(times)[1:]:
            med, lo, hi = ratio(times, name, "floor")
            print(f"  {name + ' / floor:':32s} {med:.3f} [{lo:.3f}, {hi:.3f}]")


if __name__ == "__main__":
    main()
