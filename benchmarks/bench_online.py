"""Time per sample of on-line learning (batch_size=1) against scikit-learn.

EBPClassifier((64,), "tanh", solver="sgd", batch_size=1, whitening="none")
against MLPClassifier((64,), activation="tanh", solver="sgd", batch_size=1,
momentum=0) on standardized load_digits, a few epochs each, best of a few
runs, measured in one run.  Target: a ratio <= 0.1.

Run: python benchmarks/bench_online.py [--epochs 3] [--repeats 3]
"""

from _timing import best_fit_seconds, epoch_parser, fixed_epochs
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
    t_ours = best_fit_seconds(ours, X, y, args.repeats, args.epochs) * per_sample
    t_theirs = best_fit_seconds(theirs, X, y, args.repeats, args.epochs) * per_sample
    print(
        f"load_digits standardized ({len(X)} samples), 64 tanh units, on-line SGD, "
        f"{args.epochs} epochs, best of {args.repeats}"
    )
    print(f"skebp    {t_ours:8.1f} us/sample")
    print(f"sklearn  {t_theirs:8.1f} us/sample")
    print(f"ratio    {t_ours / t_theirs:8.3f}   (target <= 0.1)")


if __name__ == "__main__":
    main()
