"""The default estimators against scikit-learn's default MLP (issue 11).

For every data set of the study's suite (``skebp.study``), seeds 0..4 (each
its own 70/30 split and initialization), the default ``EBPClassifier`` /
``EBPRegressor`` (or the candidate defaults given with ``--params``) and
scikit-learn's default MLP behind a ``StandardScaler`` (and a target scaler
for regression):

1. test score after 10 and after 30 epochs: median over the seeds, skebp
   must be at least scikit-learn's minus 0.005;
2. time to scikit-learn's converged test score (its default ``max_iter``,
   minus 0.01): skebp's epochs to reach it (its test score is recorded per
   epoch) times its mean epoch time, against scikit-learn's whole fit; the
   target is at most half;
3. three ``partial_fit`` passes over digits: accuracy above 0.8.

For regression the score of predicting the training mean (``DummyRegressor``)
is printed too: on linnerud (14 training and 6 test rows) no model beats it,
so the comparison there measures noise.

Run: python benchmarks/check_defaults.py [--params '{"solver": "adam"}']
     [--datasets digits iris] [--seeds 5]
"""

import argparse
import functools
import json
import time
import warnings

import numpy as np
from sklearn.datasets import load_digits
from sklearn.dummy import DummyRegressor
from sklearn.model_selection import train_test_split

from skebp import EBPClassifier, EBPRegressor
from skebp.study._datasets import BUILTIN, DEFAULT_SUITE, resolve
from skebp.study._runner import reference


def ours(task, seed, params, max_iter=200):
    cls = EBPClassifier if task == "classification" else EBPRegressor
    return cls(max_iter=max_iter, random_state=seed, **params)


def timed_fit(est, *args, **kwargs):
    t = time.perf_counter()
    est.fit(*args, **kwargs)
    return time.perf_counter() - t


def check_dataset(name, params, seeds):
    _, X, y, task = resolve(name)
    budgets = {10: ([], []), 30: ([], [])}
    speed, dummy = [], []
    for seed in range(seeds):
        split = train_test_split(
            X,
            y,
            test_size=0.3,
            random_state=seed,
            stratify=y if task == "classification" else None,
        )
        X_tr, X_te, y_tr, y_te = split
        if task == "regression":
            dummy.append(DummyRegressor().fit(X_tr, y_tr).score(X_te, y_te))
        for budget, (mine, theirs) in budgets.items():
            mine.append(
                ours(task, seed, params, budget).fit(X_tr, y_tr).score(X_te, y_te)
            )
            theirs.append(
                reference(task, seed, budget).fit(X_tr, y_tr).score(X_te, y_te)
            )
        ref, est = reference(task, seed), ours(task, seed, params)
        # The two timed fits of a seed run one after the other, in an order
        # that alternates from seed to seed; their ratio is taken per seed.
        fits = [
            ("ref", functools.partial(timed_fit, ref, X_tr, y_tr)),
            (
                "ours",
                functools.partial(timed_fit, est, X_tr, y_tr, X_val=X_te, y_val=y_te),
            ),
        ]
        timed = {name: fit() for name, fit in fits[:: 1 - 2 * (seed % 2)]}
        ref_seconds, seconds = timed["ref"], timed["ours"]
        target = ref.score(X_te, y_te) - 0.01
        reached = [i for i, s in enumerate(est.validation_scores_, 1) if s >= target]
        if reached:
            speed.append(reached[0] * seconds / est.n_iter_ / ref_seconds)
        else:
            speed.append(np.inf)
    rows = []
    for budget, (mine, theirs) in budgets.items():
        m, t = float(np.median(mine)), float(np.median(theirs))
        rows.append((f"{budget} epochs", m, t, m >= t - 0.005))
    ratio = float(np.median(speed))
    return rows, ratio, float(np.median(dummy)) if dummy else None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--params", default="{}", help="candidate defaults (JSON)")
    parser.add_argument(
        "--datasets",
        nargs="+",
        default=[*DEFAULT_SUITE, "synthetic"],
        choices=sorted(BUILTIN),
    )
    parser.add_argument("--seeds", type=int, default=5)
    args = parser.parse_args()
    params = json.loads(args.params)
    print(f"candidate defaults: {params or 'the current ones'}; {args.seeds} seeds")
    print(
        f"{'data set':<14} {'budget':<10} {'skebp':>8} {'sklearn':>8} {'ok':>4}"
        f"   time to sklearn's score / sklearn's fit (target <= 0.5)"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in args.datasets:
            rows, ratio, dummy = check_dataset(name, params, args.seeds)
            for i, (budget, m, t, ok) in enumerate(rows):
                tail = f"   {ratio:.2f}" if i == 0 else ""
                if i == 1 and dummy is not None:
                    tail = f"   (predicting the mean: {dummy:.3f})"
                print(
                    f"{name:<14} {budget:<10} {m:>8.3f} {t:>8.3f} "
                    f"{'yes' if ok else 'NO':>4}{tail}",
                    flush=True,
                )
        X, y = load_digits(return_X_y=True)
        X_tr, X_te, y_tr, y_te = train_test_split(
            X, y, test_size=0.3, random_state=0, stratify=y
        )
        est = EBPClassifier(random_state=0, **params)
        for _ in range(3):
            est.partial_fit(X_tr, y_tr, classes=np.unique(y))
        print(f"partial_fit x3 on digits: {est.score(X_te, y_te):.3f} (target > 0.8)")


if __name__ == "__main__":
    main()
