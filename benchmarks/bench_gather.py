"""Gathering a mini-batch on two threads, between the products of numpy's
BLAS: does it gain what JAX's gather gains?

XLA gathers the shuffled rows of a batch on two threads, where ``np.take``
and the compiled epoch's ``memcpy`` use one; that is the one part of JAX's
epoch faster than numpy's floor (``bench_epoch.py``).  Here the floor's
work (gather, then the first layer's forward and weight-gradient products
in numpy's OpenBLAS, 20,000 x 784, 100 units, batches of 200) runs with
each gather:

- ``take``: ``np.take(..., mode="clip")`` into the batch buffer (numpy's
  floor);
- ``numba``: the compiled epoch's gather, one ``memcpy`` a row, one
  thread;
- ``numba threads``: the same loop over ``prange``, on numba's threads
  (its threading layer is printed; ``NUMBA_THREADING_LAYER`` chooses it,
  ``OMP_WAIT_POLICY=passive`` stops OpenMP's threads spinning).

Each contender's gather time and its whole floor epoch are measured in
interleaved rounds (``_timing.interleaved``); the ratios to ``take``'s are
the median over rounds [min, max].  A threaded gather pays only if its
threads find the cores free: after a product, OpenBLAS's own threads spin
for a while before they sleep.

Run: python benchmarks/bench_gather.py [--repeats 7] [--dtype float32]
"""

import time

import numpy as np
from _timing import blas_kernels, epoch_parser, interleaved, ratio, synthetic
from bench_epoch import floor_buffers

#: The floor's network and batches (bench_epoch.py's).
HIDDEN, BATCH = 100, 200


def gathers():
    """``{name: gather(X, idx, out)}``; the compiled ones only with
    numba."""
    found = {"take": lambda X, idx, out: X.take(idx, axis=0, out=out, mode="clip")}
    try:
        from numba import njit, prange

        from skebp._training._numba_epoch import _copy_row
    except ImportError:
        return found

    def rows(X, idx, out):
        for i in range(idx.size):
            _copy_row(X[idx[i]], out[i])

    def rows_threaded(X, idx, out):
        for i in prange(idx.size):
            _copy_row(X[idx[i]], out[i])

    found["numba"] = njit(rows)
    found["numba threads"] = njit(parallel=True)(rows_threaded)
    return found


def contender(gather, X, buffers, spent):
    """One floor epoch with ``gather``; its gathering seconds go to
    ``spent`` (a list), the epoch's are returned by :func:`interleaved`'s
    clock."""
    order, Xb, W, D, Z, G = buffers
    gather(X, order[:BATCH], Xb)  # compiled before timing

    def run():
        total = 0.0
        for s in range(0, X.shape[0], BATCH):
            t = time.perf_counter()
            gather(X, order[s : s + BATCH], Xb)
            total += time.perf_counter() - t
            np.dot(Xb, W, out=Z)
            np.dot(Xb.T, D, out=G)
        spent.append(total)

    return run


def main():
    parser = epoch_parser(__doc__, repeats=7)
    parser.add_argument("--dtype", default="float64")
    args = parser.parse_args()
    X, _ = synthetic()
    X = X.astype(args.dtype)
    buffers = floor_buffers(X, HIDDEN, BATCH)
    found = gathers()
    spent = {name: [] for name in found}
    runs = {name: contender(g, X, buffers, spent[name]) for name, g in found.items()}
    epochs = interleaved(runs, rounds=args.repeats)
    layer = "-"
    if len(found) > 1:
        import numba

        layer = numba.threading_layer()
    print(
        f"{X.shape[0]} x {X.shape[1]} {args.dtype}, batches of {BATCH}, "
        f"{args.repeats} rounds; OpenBLAS kernels: {blas_kernels()}; numba's "
        f"threading layer: {layer}"
    )
    for name in found:
        print(
            f"  {name}: gather {np.median(spent[name]) * 1e3:.1f} ms, epoch "
            f"{np.median(epochs[name]) * 1e3:.1f} ms a round (medians)"
        )
    for name in list(found)[1:]:
        g, e = ratio(spent, name, "take"), ratio(epochs, name, "take")
        print(
            f"  {name} / take: gather {g[0]:.2f} [{g[1]:.2f}, {g[2]:.2f}], "
            f"epoch {e[0]:.2f} [{e[1]:.2f}, {e[2]:.2f}]"
        )


if __name__ == "__main__":
    main()
