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
from sklearn.datasets import load_digits

from skebp import EBPClassifier
from skebp._curvature import DiagonalLevenbergMarquardt, estimate_lambda_max
from skebp._rates import Probe


def lambda_start(clf, X, y):
    """A callable doing what learning_rate_init='auto' adds before the first
    epoch, on the network ``clf`` has after its fit (timed alone)."""
    net, theta = clf._network, clf._theta
    Xw = clf.whitener_.transform(X)
    Y = clf._label_binarizer.transform(y).astype(float)
    rng = np.random.RandomState(0)

    def sample(size):
        idx = rng.randint(len(Xw), size=size)
        return Xw[idx], Y[idx], None

    def run():
        estimate_lambda_max(net, theta, sample, 0.0, 1.0, rng)
        probe = Probe(net, theta, sample, 0.0, 1.0, rng, len(Xw))
        DiagonalLevenbergMarquardt(net, 1.0).update(probe)

    return run


def report(title, X, y, params, epochs, repeats):
    common = dict(fixed_epochs(epochs), solver="sgd", learning_rate_init=0.01, **params)
    plain = EBPClassifier(**common)
    sdlm = EBPClassifier(per_weight_rates="sdlm", **common)
    fit_seconds(plain, X, y, epochs)  # the network lambda_max is estimated on
    times = interleaved(
        {
            "plain": functools.partial(fit_seconds, plain, X, y, epochs),
            "sdlm": functools.partial(fit_seconds, sdlm, X, y, epochs),
            "lambda": lambda_start(plain, X, y),
        },
        rounds=repeats,
    )
    # per epoch; the lambda_max estimate is made once, before the first epoch
    times["plain"] = [t / epochs for t in times["plain"]]
    times["sdlm"] = [t / epochs for t in times["sdlm"]]
    times["overhead"] = [s - p for s, p in zip(times["sdlm"], times["plain"])]
    print(title)
    for name, label in (("plain", "plain SGD epoch"), ("sdlm", "SDLM epoch")):
        print(f"  {label:<24} {np.median(times[name]):8.4f} s (median)")
    print(f"  {'lambda_max estimate':<24} {np.median(times['lambda']):8.4f} s")
    med, lo, hi = ratio(times, "overhead", "plain")
    print(
        f"  SDLM overhead ratio      {med:8.3f} [{lo:.3f}, {hi:.3f}]   (target <= 0.15)"
    )
    med, lo, hi = ratio(times, "lambda", "plain")
    print(f"  lambda_max / epoch       {med:8.3f} [{lo:.3f}, {hi:.3f}]   (target <= 1)")


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
