"""skebp.diagnostics.layer_statistics: per-layer gradient norms, saturation."""

import warnings

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning, NotFittedError

from skebp import EBPClassifier, EBPRegressor
from skebp.diagnostics import layer_statistics


def _fit(est, X, y):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return est.fit(X, y)


def test_norms_are_the_layers_gradient_blocks(iris):
    X, y = iris
    clf = _fit(EBPClassifier((6, 5), max_iter=3, random_state=0), X, y)
    stats = layer_statistics(clf, X, y)
    net, theta = clf._network, clf._theta
    grad = np.empty_like(theta)
    Xw = clf.whitener_.transform(X)
    net.loss_grad(
        theta,
        Xw,
        clf._transform_targets(y),
        None,
        0.0,
        grad,
        net.workspace(len(X), float),
    )
    expected = [np.linalg.norm(grad[s]) for s in net.coef_slices]
    np.testing.assert_allclose(stats["gradient_norm"], expected, rtol=1e-12)
    assert len(stats["saturated"]) == 2
    assert all(0.0 <= s <= 1.0 for s in stats["saturated"])


def test_large_initial_weights_saturate_sigmoids(digits):
    X, y = digits
    sat = [
        np.mean(
            layer_statistics(
                _fit(
                    EBPClassifier(
                        (16,), "lecun_tanh", init_scale=s, max_iter=1, random_state=0
                    ),
                    X,
                    y,
                ),
                X,
                y,
            )["saturated"]
        )
        for s in (0.5, 8.0)
    ]
    assert sat[0] < 0.2 < 0.5 < sat[1]


def test_relu_inactive_units_count_and_radial_layers_have_none(iris):
    X, y = iris
    reg = _fit(
        EBPRegressor((8, 4), ("relu", "rbf"), max_iter=2, random_state=0),
        X[:, :3],
        X[:, 3],
    )
    stats = layer_statistics(reg, X[:, :3], X[:, 3])
    assert 0.0 <= stats["saturated"][0] <= 1.0 and stats["saturated"][1] is None


def test_errors(iris):
    X, y = iris
    with pytest.raises(NotFittedError):
        layer_statistics(EBPClassifier(), X, y)
    clf = _fit(EBPClassifier((4,), max_iter=1, random_state=0), X, y)
    with pytest.raises(ValueError, match="saturation must be in"):
        layer_statistics(clf, X, y, saturation=2)
    with pytest.raises(ValueError, match="features"):
        layer_statistics(clf, X[:, :2], y)
    with pytest.raises(ValueError, match="must match"):
        layer_statistics(clf, X, y[:10])
