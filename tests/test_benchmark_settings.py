"""The benchmarks' contenders do the same work.

Since ``early_stopping="auto"`` and ``alpha="auto"`` became the defaults, a
benchmark that leaves them unset times skebp on fewer rows (a tenth held out
and scored every epoch) and, on small sets, against a penalized objective
that its reference (scikit-learn's MLP, MINPACK) does not minimize.  The
shared settings pin both.
"""

import numpy as np
import pytest
from _helpers import benchmark_script
from sklearn.datasets import make_classification
from sklearn.neural_network import MLPClassifier

from skebp import EBPClassifier, EBPRegressor


@pytest.fixture(scope="module")
def timing():
    return benchmark_script("_timing")


@pytest.mark.filterwarnings("ignore")
def test_fixed_epochs_trains_every_row_for_both(timing):
    X, y = make_classification(1000, 10, random_state=0)
    ours = EBPClassifier((8,), **timing.fixed_epochs(3)).fit(X, y)
    theirs = MLPClassifier((8,), **timing.fixed_epochs(3)).fit(X, y)
    assert ours.n_iter_ == theirs.n_iter_ == 3
    # no rows held out, none scored: as scikit-learn's MLP
    assert ours.validation_scores_ is None and theirs.validation_scores_ is None


@pytest.mark.filterwarnings("ignore")
def test_second_order_benchmark_fits_the_least_squares_objective():
    """MINPACK minimizes the plain sum of squares on every row: so do the LM
    fits it is compared with (the defaults would penalize 200 rows)."""
    script = benchmark_script("bench_second_order")
    X, y = script.sine_data()
    model = script.ours_lm(5).fit(X, y)
    pinned = EBPRegressor(
        (10,), "tanh", solver="levenberg_marquardt", whitening="none", max_iter=5,
        tol=0.0, n_iter_no_change=10**6, random_state=0, alpha=0.0,
        early_stopping=False,
    ).fit(X, y)  # fmt: skip
    for a, b in zip(model.coefs_, pinned.coefs_):
        np.testing.assert_array_equal(a, b)
    assert model.validation_scores_ is None
    # and the defaults would not: the penalty moves the weights
    penalized = EBPRegressor(
        (10,), "tanh", solver="levenberg_marquardt", whitening="none", max_iter=5,
        tol=0.0, n_iter_no_change=10**6, random_state=0, early_stopping=False,
    ).fit(X, y)  # fmt: skip
    assert not np.allclose(penalized.coefs_[0], pinned.coefs_[0])
