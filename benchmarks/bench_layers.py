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

from _timing import best_fit_seconds, epoch_parser, fixed_epochs, synthetic

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

    def epoch(**params):
        clf = EBPClassifier(**{**common, **params})
        return best_fit_seconds(clf, X, y, args.repeats, args.epochs) / args.epochs

    plain = epoch(activation="relu")
    print(f"{X.shape[0]:,} x {X.shape[1]}, (256, 256), momentum, batch 200, float64")
    print(f"  no normalization       {plain:8.4f} s/epoch")
    for kind in ("batch", "layer"):
        t = epoch(activation="relu", normalization=kind)
        print(
            f"  normalization={kind:6s} {t:8.4f} s/epoch   ratio {t / plain:6.3f}"
            "   (target <= 1.30)"
        )
    radial = epoch(activation=("relu", "rbf"), learning_rate_init=0.001)
    print(
        f"  ('relu', 'rbf')        {radial:8.4f} s/epoch   ratio {radial / plain:6.3f}"
        "   (radial second layer against relu; includes k-means placement)"
    )


if __name__ == "__main__":
    main()
