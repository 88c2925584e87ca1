"""Cost of the layer types: normalization and radial units, per epoch.

Target (issue "Layer types"): batch or layer normalization adds <= 30 % to
an epoch of the same network without it.  Also printed: the epoch of a
network whose second hidden layer is radial (``("relu", "rbf")``) against
the same network with two ReLU layers; the radial layer's squared distances
are matrix products (``||x||^2 - 2 x.c + ||c||^2``), so it costs about one
affine layer plus a few element-wise passes.

Problem: 20,000 x 784 synthetic data with 10 classes (``_timing.synthetic``),
EBPClassifier((256, 256), "relu", solver="momentum", batch_size=200),
float64, a few epochs, best of a few fits, measured in one run.

Run: python benchmarks/bench_layers.py [--epochs 3] [--repeats 3]
"""

import functools

import numpy as np
from _timing import (
    epoch_parser,
    fit_seconds,
    fixed_epochs,
    interleaved,
    ratio,
    synthetic,
)

from skebp import EBPClassifier


def main(argv=None):
    args = epoch_parser(__doc__).parse_args(argv)
    X, y = synthetic()
    common = dict(
        hidden_layer_sizes=(256, 256),
        solver="momentum",
        batch_size=200,
        **fixed_epochs(args.epochs),
    )

    variants = {
        "plain": dict(activation="relu"),
        "batch": dict(activation="relu", normalization="batch"),
        "layer": dict(activation="relu", normalization="layer"),
        "radial": dict(activation=("relu", "rbf"), learning_rate_init=0.001),
    }
    times = interleaved(
        {
            name: functools.partial(
                fit_seconds, EBPClassifier(**{**common, **params}), X, y, args.epochs
            )
            for name, params in variants.items()
        },
        rounds=args.repeats,
    )

    def cells(name):
        med, lo, hi = ratio(times, name, "plain")
        seconds = np.median(times[name]) / args.epochs
        return f"{seconds:8.4f} s/epoch   ratio {med:6.3f} [{lo:.3f}, {hi:.3f}]"

    print(
        f"{X.shape[0]:,} x {X.shape[1]}, (256, 256), momentum, batch 200, float64; "
        f"{args.repeats} interleaved rounds, ratios: median of the per-round "
        "ratios [min, max]"
    )
    plain = np.median(times["plain"]) / args.epochs
    print(f"  no normalization       {plain:8.4f} s/epoch")
    for kind in ("batch", "layer"):
        print(f"  normalization={kind:6s} {cells(kind)}   (target <= 1.30)")
    print(
        f"  ('relu', 'rbf')        {cells('radial')}"
        "   (radial second layer against relu; includes k-means placement)"
    )


if __name__ == "__main__":
    main()
