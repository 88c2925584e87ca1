"""Timing helper shared by the benchmark scripts."""

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
