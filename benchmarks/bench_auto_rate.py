"""The "auto" learning rate against the best tuned one (issue 11, item 4).

For each data set of the study's suite and each setting -- on-line SGD
(batch 1), mini-batch SGD and momentum (batch 200), and the lecun98 recipe
(on-line SDLM, +-1 targets, class alternation) -- and seeds 0..2 (each its
own 70/30 split and initialization):

1. the rate ``learning_rate_init="auto"`` picks (its start, before any
   re-estimate);
2. fits of ``--epochs`` epochs at that rate times each multiple of
   ``MULTIPLES``, scored on the test split (a diverged fit scores -inf);
3. the best multiple by the mean score over the seeds, and the set of
   multiples whose mean is within the best's 95 % interval (tied: no
   detectable difference over these seeds).

Target: the best multiple, or one tied with it, lies in [1/2, 2], and no
fit at the "auto" rate diverges.

Run: python benchmarks/bench_auto_rate.py [--epochs 20] [--seeds 3]
     [--datasets digits iris]
"""

import argparse
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split

from skebp import RECIPES, DivergenceError, EBPClassifier, EBPRegressor
from skebp._rates import AutoRate
from skebp.study import interval
from skebp.study._datasets import DEFAULT_SUITE, resolve

MULTIPLES = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0)
SETTINGS = {
    "on-line sgd": {"solver": "sgd", "batch_size": 1},
    "mini-batch sgd": {"solver": "sgd", "batch_size": 200},
    "mini-batch momentum": {"solver": "momentum", "batch_size": 200},
    "lecun98": dict(RECIPES["lecun98"]),
}


def auto_rate(est, X, y):
    """The global rate "auto" starts from (the first estimate of the fit)."""
    seen = []
    original = AutoRate.estimate

    def record(self, *args, **kwargs):
        result = original(self, *args, **kwargs)
        seen.append(result[0])
        return result

    AutoRate.estimate = record
    try:
        est.set_params(max_iter=1).fit(X, y)
    finally:
        AutoRate.estimate = original
    return seen[0]


def score_at(est, X_tr, y_tr, X_te, y_te):
    try:
        return est.fit(X_tr, y_tr).score(X_te, y_te)
    except DivergenceError:
        return -np.inf


def measure(name, setting, epochs, seeds):
    _, X, y, task = resolve(name)
    cls = EBPClassifier if task == "classification" else EBPRegressor
    scores = {m: [] for m in MULTIPLES}
    for seed in range(seeds):
        X_tr, X_te, y_tr, y_te = train_test_split(
            X,
            y,
            test_size=0.3,
            random_state=seed,
            stratify=y if task == "classification" else None,
        )
        params = {
            "hidden_layer_sizes": (100,),
            "random_state": seed,
            **SETTINGS[setting],
            "learning_rate_init": "auto",
        }
        eta = auto_rate(cls(**params), X_tr, y_tr)
        for m in MULTIPLES:
            est = cls(**{**params, "learning_rate_init": m * eta, "max_iter": epochs})
            scores[m].append(score_at(est, X_tr, y_tr, X_te, y_te))
    means = {m: float(np.mean(v)) for m, v in scores.items()}
    best = max(means, key=means.get)
    _, half = interval(scores[best])
    tied = [m for m in MULTIPLES if means[m] >= means[best] - half]
    ok = any(0.5 <= m <= 2.0 for m in tied) and np.all(np.isfinite(scores[1.0]))
    return means, best, tied, ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--datasets", nargs="+", default=list(DEFAULT_SUITE))
    args = parser.parse_args()
    head = " ".join(f"{m:>6g}" for m in MULTIPLES)
    print(
        f"mean test score at multiples of the 'auto' rate; {args.seeds} seeds, "
        f"{args.epochs} epochs"
    )
    print(f"{'data set':<14} {'setting':<20} {head}   best  tied with best   ok")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", UserWarning)
        for name in args.datasets:
            for setting in SETTINGS:
                means, best, tied, ok = measure(name, setting, args.epochs, args.seeds)
                row = " ".join(f"{means[m]:6.3f}" for m in MULTIPLES)
                print(
                    f"{name:<14} {setting:<20} {row}   {best:<5g} "
                    f"{','.join(f'{m:g}' for m in tied):<15} "
                    f"{'yes' if ok else 'NO'}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
