"""Sparse input with whitening against dense input: epoch time ratio.

EBPClassifier((100,), "relu", solver="momentum", batch_size=200) on 20,000 x
784 inputs of which 10 % of the entries are non-zero, given as a CSR matrix
and as the same dense array, for each whitening method.  PCA and ZCA
whitening densify sparse input: it is whitened once before training where
memory allows, else one mini-batch at a time, dense input once, so the
ratio is the price of keeping the data sparse.  Standardized, sparse input
stays sparse in the compiled epoch (``skebp[fast]``), which takes the first
layer's products from its nonzeros.
Target: sparse + zca within 1.3 times dense + zca.

Run: python benchmarks/bench_sparse.py [--epochs 3] [--repeats 3]
"""

import functools

import numpy as np
import scipy.sparse as sp
from _timing import epoch_parser, fit_seconds, fixed_epochs, interleaved, ratio

from skebp import EBPClassifier


def main():
    args = epoch_parser(__doc__).parse_args()
    rng = np.random.RandomState(0)
    n, d = 20_000, 784
    X = rng.normal(size=(n, d)) * (rng.uniform(size=(n, d)) < 0.1)
    y = (X[:, :10].sum(axis=1) > 0).astype(int) + 2 * (X[:, 10:20].sum(axis=1) > 0)
    X_sparse = sp.csr_matrix(X)
    print(
        f"{n} x {d}, 10 % non-zero, (100,) relu, momentum, batch 200, "
        f"{args.epochs} epochs, {args.repeats} interleaved rounds (ratio: median "
        "of the per-round ratios [min, max])"
    )
    print(f"{'whitening':<12} {'dense s':>9} {'sparse s':>9} {'ratio':>24}")
    for whitening in ("standardize", "pca", "zca"):
        model = EBPClassifier(
            (100,),
            "relu",
            solver="momentum",
            batch_size=200,
            whitening=whitening,
            **fixed_epochs(args.epochs),
        )
        times = interleaved(
            {
                name: functools.partial(fit_seconds, model, data, y, args.epochs)
                for name, data in (("dense", X), ("sparse", X_sparse))
            },
            rounds=args.repeats,
        )
        med, lo, hi = ratio(times, "sparse", "dense")
        note = "   (target <= 1.3)" if whitening == "zca" else ""
        print(
            f"{whitening:<12} {np.median(times['dense']):>9.3f} "
            f"{np.median(times['sparse']):>9.3f} "
            f"{f'{med:.2f} [{lo:.2f}, {hi:.2f}]':>24}{note}"
        )


if __name__ == "__main__":
    main()
