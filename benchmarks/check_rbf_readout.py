"""Trick 8: the readout fitted after radial units are placed, confirmed on
data it was not chosen on.

Radial layers place themselves (k-means centers, widths), and when the last
hidden layer is radial the output layer is then fitted to the radial units'
outputs (``skebp._rbf.fit_readout``; three-phase training, Schwenker,
Kestler and Palm 2001).  Its one constant, ``READOUT_MIN_L2``, was chosen
on iris, wine, breast cancer and digits (and the readout itself on
``make_moons``, ``benchmarks/check_rbf.py``).  This script runs every data
set of the real-data suite (``skebp[benchmark]``; the tables behind the
study's preprocessing, training rows capped at ``--max-train``), none of
which took part in that choice, with and without the readout
(``READOUT_ITERATIONS = 0``), for ``EBPClassifier`` / ``EBPRegressor`` at
their defaults with radial units: ``("lecun_tanh", "rbf")`` (20, 10) and
``("rbf",)`` (20,), each first-order solver, ``--seeds`` splits.

The rule, fixed before the run: the readout stays if, over all (data set,
network, solver) cells, the median paired difference (with - without, test
accuracy or R^2, mean over seeds) is >= 0 and a one-sided Wilcoxon
signed-rank test does not find it worse at the 5 % level.  A fit that
diverges scores 0 (R^2 is clipped at 0 for the comparison).

``--choose`` reruns the choice of ``READOUT_MIN_L2`` instead: iris, wine,
breast cancer and digits (70/30 splits, 3 seeds, the same networks and
solvers), mean test accuracy without a readout and with each candidate.

Run: python benchmarks/check_rbf_readout.py [--seeds 2] [--max-train 2000]
     python benchmarks/check_rbf_readout.py --choose
"""

import argparse
import warnings

import numpy as np
from scipy.stats import wilcoxon
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split

from skebp import DivergenceError, EBPClassifier, EBPRegressor, _rbf
from skebp.study import _tabular

NETWORKS = ((("lecun_tanh", "rbf"), (20, 10)), (("rbf",), (20,)))
SOLVERS = ("adam", "sgd", "momentum")


def score(task, activation, sizes, solver, seed, split):
    """Test score of one fit (0 when it diverges; R^2 clipped at 0)."""
    X_train, X_test, y_train, y_test = split
    cls = EBPClassifier if task == "classification" else EBPRegressor
    est = cls(sizes, activation=activation, solver=solver, random_state=seed)
    try:
        value = est.fit(X_train, y_train).score(X_test, y_test)
    except DivergenceError:
        return 0.0
    return max(0.0, float(value))


def splits(name, seeds, max_train):
    """Each seed's prepared split of a suite data set (training rows capped)."""
    X, y, task = _tabular.load(name)
    out = []
    for seed in range(seeds):
        stratify = y if task == "classification" else None
        X_train, X_test, y_train, y_test = train_test_split(
            X, y, test_size=0.3, random_state=seed, stratify=stratify
        )
        if len(y_train) > max_train:
            X_train, y_train = X_train[:max_train], y_train[:max_train]
        X_train, X_test = _tabular.prepare(X_train, X_test)
        out.append((X_train, X_test, y_train, y_test))
    return task, out


#: The candidates of ``--choose`` (None: no readout).
CANDIDATES = (None, 0.0, 1e-4, 1e-3, 1e-2)


def choose(seeds=3):
    """Mean test accuracy of radial networks on four small classification
    sets without a readout and with each candidate ``READOUT_MIN_L2``."""
    from sklearn.datasets import load_breast_cancer, load_digits, load_iris, load_wine

    sets = [load_iris, load_wine, load_breast_cancer, load_digits]
    parts = []
    for load in sets:
        X, y = load(return_X_y=True)
        parts += [
            train_test_split(X, y, test_size=0.3, random_state=seed, stratify=y)
            for seed in range(seeds)
        ]
    defaults = _rbf.READOUT_ITERATIONS, _rbf.READOUT_MIN_L2
    for candidate in CANDIDATES:
        _rbf.READOUT_ITERATIONS = 0 if candidate is None else defaults[0]
        _rbf.READOUT_MIN_L2 = defaults[1] if candidate is None else candidate
        try:
            scores = [
                score("classification", activation, sizes, solver, i % seeds, split)
                for activation, sizes in NETWORKS
                for solver in SOLVERS
                for i, split in enumerate(parts)
            ]
        finally:
            _rbf.READOUT_ITERATIONS, _rbf.READOUT_MIN_L2 = defaults
        what = "no readout" if candidate is None else f"READOUT_MIN_L2={candidate:g}"
        print(
            f"{what:22s} mean test accuracy {np.mean(scores):.4f} over {len(scores)} "
            f"fits ({sum(s == 0 for s in scores)} diverged)",
            flush=True,
        )


def summarize(diffs, label):
    """One line: the paired differences' median and mean, counts, Wilcoxon;
    returns whether they pass the rule."""
    diffs = np.asarray(diffs)
    nonzero = diffs[diffs != 0]
    p = wilcoxon(nonzero, alternative="less").pvalue if nonzero.size else 1.0
    print(
        f"{label}: {diffs.size} cells, median difference {np.median(diffs):+.4f}, "
        f"mean {diffs.mean():+.4f}; better {np.sum(diffs > 0.005)}, worse "
        f"{np.sum(diffs < -0.005)} (by more than 0.005); one-sided Wilcoxon p "
        f"(with worse) = {p:.3g}"
    )
    return np.median(diffs) >= 0 and p >= 0.05


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=2)
    parser.add_argument("--max-train", type=int, default=2000)
    parser.add_argument("--datasets", nargs="+", default=list(_tabular.SUITE))
    parser.add_argument("--choose", action="store_true")
    args = parser.parse_args(argv)
    if args.choose:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            warnings.simplefilter("ignore", UserWarning)
            choose()
        return
    iterations = _rbf.READOUT_ITERATIONS
    diffs, tasks = [], []
    print(f"{'data set':14s} {'network':22s} {'solver':9s} {'without':>8s} "
          f"{'with':>8s} {'diff':>7s}")  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", UserWarning)
        for name in args.datasets:
            task, parts = splits(name, args.seeds, args.max_train)
            for activation, sizes in NETWORKS:
                for solver in SOLVERS:
                    means = []
                    for readout in (0, iterations):
                        _rbf.READOUT_ITERATIONS = readout
                        try:
                            means.append(np.mean([
                                score(task, activation, sizes, solver, seed, split)
                                for seed, split in enumerate(parts)
                            ]))  # fmt: skip
                        finally:
                            _rbf.READOUT_ITERATIONS = iterations
                    diffs.append(means[1] - means[0])
                    tasks.append(task)
                    print(
                        f"{name:14s} {str(activation) + str(sizes):22s} {solver:9s} "
                        f"{means[0]:8.3f} {means[1]:8.3f} {diffs[-1]:+7.3f}",
                        flush=True,
                    )
    print()
    keep = summarize(diffs, "all (the rule)")
    for task in ("classification", "regression"):
        summarize([d for d, t in zip(diffs, tasks) if t == task], f"{task} alone")
    print("rule: the readout stays" if keep else "rule: the readout goes")


if __name__ == "__main__":
    main()
