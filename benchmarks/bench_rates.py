"""Cost of the learning-rate tricks against an epoch of plain SGD.

Targets (issue "Learning rates"): SDLM's bookkeeping <= 15 % of an epoch of
plain SGD; the lambda_max estimate <= one epoch.

Mini-batch setting: EBPClassifier((100,), "lecun_tanh", solver="sgd",
batch_size=200, whitening="standardize") on 20,000 x 784 synthetic data with
10 classes (``_timing.synthetic``), float64.  Measured in one run, best of a
few fits of a few epochs each:

- SDLM overhead: (epoch with per_weight_rates="sdlm" - plain epoch) / plain
  epoch.  The bookkeeping is the Gauss-Newton diagonal on 500 samples before
  each epoch, the running average, and the per-weight multiply of each step.
- lambda_max: seconds of learning_rate_init="auto"'s start (the power method,
  100 Hessian-vector products on 10-sample batches, and the Gauss-Newton
  trace for the mini-batch noise term) / plain epoch, timed on its own.

On-line setting (load_digits, 64 tanh units, batch_size=1, the fused
kernel): the same two ratios.

Run: python benchmarks/bench_rates.py [--epochs 3] [--repeats 3]
"""

import time

import numpy as np
from _timing import best_fit_seconds, epoch_parser, fixed_epochs, synthetic
from sklearn.datasets import load_digits

from skebp import EBPClassifier
from skebp._curvature import DiagonalLevenbergMarquardt, estimate_lambda_max
from skebp._rates import Probe


def lambda_start_seconds(clf, X, y, repeats):
    """Seconds of what learning_rate_init='auto' adds before the first epoch,
    on the network ``clf`` has after one epoch (its estimate, timed alone)."""
    net, theta = clf._network, clf._theta
    Xw = clf.whitener_.transform(X)
    Y = clf._label_binarizer.transform(y).astype(float)
    rng = np.random.RandomState(0)

    def sample(size):
        idx = rng.randint(len(Xw), size=size)
        return Xw[idx], Y[idx], None

    best = np.inf
    for _ in range(repeats):
        t = time.perf_counter()
        estimate_lambda_max(net, theta, sample, 0.0, 1.0, rng)
        probe = Probe(net, theta, sample, 0.0, 1.0, rng, len(Xw))
        DiagonalLevenbergMarquardt(net, 1.0).update(probe)
        best = min(best, time.perf_counter() - t)
    return best


def report(title, X, y, params, epochs, repeats):
    common = dict(fixed_epochs(epochs), solver="sgd", learning_rate_init=0.01, **params)
    plain = EBPClassifier(**common)
    sdlm = EBPClassifier(per_weight_rates="sdlm", **common)
    t_plain = best_fit_seconds(plain, X, y, repeats, epochs) / epochs
    t_sdlm = best_fit_seconds(sdlm, X, y, repeats, epochs) / epochs
    t_lambda = lambda_start_seconds(plain, X, y, repeats)
    print(title)
    print(f"  plain SGD epoch          {t_plain:8.4f} s")
    print(f"  SDLM epoch               {t_sdlm:8.4f} s")
    print(f"  lambda_max estimate      {t_lambda:8.4f} s")
    print(
        f"  SDLM overhead ratio      {(t_sdlm - t_plain) / t_plain:8.3f}"
        "   (target <= 0.15)"
    )
    print(f"  lambda_max / epoch       {t_lambda / t_plain:8.3f}   (target <= 1)")


def main(argv=None):
    args = epoch_parser(__doc__).parse_args(argv)
    X, y = synthetic()
    report(
        "20,000 x 784, (100,) lecun_tanh, sgd, batch 200, float64",
        X,
        y,
        dict(hidden_layer_sizes=(100,), batch_size=200),
        args.epochs,
        args.repeats,
    )
    X, y = load_digits(return_X_y=True)
    report(
        f"load_digits ({len(X)} samples), (64,) tanh, on-line sgd (batch_size=1)",
        X,
        y,
        dict(hidden_layer_sizes=(64,), activation="tanh", batch_size=1),
        args.epochs,
        args.repeats,
    )


if __name__ == "__main__":
    main()
