"""Pickle and skops round trips: the same predictions, and training that goes
on exactly as it would have; a skops file needs only public types trusted."""

import pickle

import numpy as np
import pytest

from skebp import EBPClassifier, EBPRegressor

CONFIGS = [
    {},
    {"solver": "momentum", "per_weight_rates": "sdlm"},
    {"solver": "adam", "learning_rate": "adaptive"},
    {"solver": "sgd", "learning_rate_init": "auto", "per_weight_rates": "fan_in"},
    {"normalization": "batch", "hidden_layer_sizes": (5, 4)},
    {"activation": ("lecun_tanh", "rbf"), "hidden_layer_sizes": (5, 4)},
    {"whitening": "zca", "batch_size": 1},
    {"solver": "lbfgs"},
    {"solver": "levenberg_marquardt", "normalization": "layer"},
]


def _fit(params, iris, cls=EBPClassifier):
    X, y = iris
    params = {"hidden_layer_sizes": (5,), "max_iter": 3, "random_state": 0, **params}
    if cls is EBPRegressor:
        return cls(**params).fit(X[:, :3], X[:, 3]), X[:, :3], X[:, 3]
    return cls(**params).fit(X, y), X, y


def _same_model_and_future(original, loaded, X, y):
    np.testing.assert_array_equal(loaded.predict(X), original.predict(X))
    if hasattr(original, "predict_proba"):
        np.testing.assert_array_equal(
            loaded.predict_proba(X), original.predict_proba(X)
        )
    if hasattr(original, "partial_fit"):
        original.partial_fit(X, y)
        loaded.partial_fit(X, y)
    else:  # full-batch: warm_start goes on from the same state
        original.set_params(warm_start=True).fit(X, y)
        loaded.set_params(warm_start=True).fit(X, y)
    np.testing.assert_array_equal(loaded._theta, original._theta)
    assert loaded.loss_curve_ == original.loss_curve_


@pytest.mark.parametrize("params", CONFIGS)
def test_pickle_round_trip(params, iris):
    clf, X, y = _fit(params, iris)
    _same_model_and_future(clf, pickle.loads(pickle.dumps(clf)), X, y)


@pytest.mark.parametrize("params", CONFIGS)
@pytest.mark.parametrize("cls", [EBPClassifier, EBPRegressor])
def test_skops_trusts_only_public_types(params, cls, iris):
    sio = pytest.importorskip("skops.io")
    est, X, y = _fit(params, iris, cls)
    data = sio.dumps(est)
    untrusted = set(sio.get_untrusted_types(data=data))
    assert untrusted <= {f"skebp.{cls.__name__}", "skebp.InputWhitener"}
    loaded = sio.loads(data, trusted=sorted(untrusted))
    _same_model_and_future(est, loaded, X, y)
