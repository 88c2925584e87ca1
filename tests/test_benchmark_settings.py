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


def test_lean_numpy_epoch_takes_momentum_steps_on_the_penalized_objective():
    """``bench_epoch.py``'s "lean numpy" contender does the work the other
    contenders do: two mini-batches of momentum steps on the softmax
    cross-entropy plus the L2 penalty of the weights (not the biases),
    checked against the same steps written out plainly."""
    script = benchmark_script("bench_epoch")
    rng = np.random.RandomState(0)
    n, d, h, k, m = 8, 5, 4, 3, 4
    X = rng.normal(size=(n, d))
    Y = np.eye(k)[rng.randint(k, size=n)]
    lr, mu, l2 = 0.1, 0.9, 0.05
    lean = script.LeanNumpy(X, Y, h, m, lr=lr, mu=mu, l2=l2)
    W1, b1 = lean.W1a[:d].copy(), lean.W1a[d].copy()
    W2, b2 = lean.W2a[:h].copy(), lean.W2a[h].copy()
    velocity = [np.zeros_like(p) for p in (W1, b1, W2, b2)]
    order = rng.permutation(n)
    losses = []
    for s in range(0, n, m):
        Xb, Yb = X[order[s : s + m]], Y[order[s : s + m]]
        Z1 = Xb @ W1 + b1
        A1 = np.maximum(Z1, 0)
        Z2 = A1 @ W2 + b2
        P = np.exp(Z2 - Z2.max(axis=1, keepdims=True))
        P /= P.sum(axis=1, keepdims=True)
        penalty = 0.5 * l2 * (np.sum(W1**2) + np.sum(W2**2))
        losses.append(-np.sum(Yb * np.log(P)) / m + penalty)
        D2 = (P - Yb) / m
        D1 = (D2 @ W2.T) * (Z1 > 0)
        grads = (Xb.T @ D1 + l2 * W1, D1.sum(0), A1.T @ D2 + l2 * W2, D2.sum(0))
        params = [W1, b1, W2, b2]
        for i, g in enumerate(grads):
            velocity[i] = mu * velocity[i] - lr * g
            params[i] = params[i] + velocity[i]
        W1, b1, W2, b2 = params
    loss = lean.epoch(order)
    np.testing.assert_allclose(loss, np.mean(losses), rtol=1e-12)
    for got, want in zip((lean.W1a[:d], lean.W1a[d], lean.W2a[:h], lean.W2a[h]),
                         (W1, b1, W2, b2)):  # fmt: skip
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-14)
