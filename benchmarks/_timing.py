"""Timing helper shared by the benchmark scripts."""

import argparse
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning


def best_fit_seconds(model, X, y, repeats, epochs=None):
    """Best of ``repeats`` wall-clock seconds of ``model.fit(X, y)``
    (ConvergenceWarning silenced); checks ``n_iter_ == epochs`` if given."""
    best = np.inf
    for _ in range(repeats):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            t = time.perf_counter()
            model.fit(X, y)
            elapsed = time.perf_counter() - t
        if epochs is not None:
            assert model.n_iter_ == epochs, model.n_iter_
        best = min(best, elapsed)
    return best


def epoch_parser(doc, epochs=3):
    """An argument parser titled by ``doc``'s first line, with ``--epochs``
    and ``--repeats`` (best of)."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=epochs)
    parser.add_argument("--repeats", type=int, default=3)
    return parser


def fixed_epochs(epochs):
    """Parameters, shared by skebp's estimators and scikit-learn's MLP, that
    make a seeded fit run exactly ``epochs`` epochs."""
    return dict(max_iter=epochs, tol=0.0, n_iter_no_change=10**6, random_state=0)


def synthetic(n=20_000, d=784, classes=10, seed=0):
    """``n`` x ``d`` Gaussian clusters around ``classes`` random centers."""
    rng = np.random.RandomState(seed)
    centers = rng.normal(size=(classes, d))
    y = rng.randint(classes, size=n)
    return centers[y] + 3.0 * rng.normal(size=(n, d)), y
