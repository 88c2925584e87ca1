"""``class_weight``: weights of the classes as sample weights, for every
solver and presentation order, composing with ``sample_weight``."""

import numpy as np
import pytest
from sklearn.datasets import make_classification
from sklearn.metrics import balanced_accuracy_score
from sklearn.model_selection import train_test_split

from skebp import EBPClassifier


@pytest.fixture(scope="module")
def imbalanced():
    X, y = make_classification(
        2000, 10, n_informative=4, weights=[0.95, 0.05], flip_y=0.02, random_state=0
    )
    return train_test_split(X, y, test_size=0.5, random_state=0, stratify=y)


def test_balanced_lifts_balanced_accuracy(imbalanced):
    X, X_test, y, y_test = imbalanced
    scores = {}
    for cw in (None, "balanced"):
        clf = EBPClassifier(
            (20,), solver="momentum", class_weight=cw, max_iter=60, random_state=0
        ).fit(X, y)
        scores[cw] = balanced_accuracy_score(y_test, clf.predict(X_test))
    assert scores["balanced"] > scores[None] + 0.05


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"solver": "adam"},
        {"batch_size": 1},
        {"shuffle": "class_alternate", "batch_size": 10},
        {"shuffle": "emphasize", "batch_size": 10},
        {"solver": "sgd", "per_weight_rates": "sdlm"},
        {"solver": "lbfgs"},
        {"solver": "levenberg_marquardt", "hidden_layer_sizes": (4,)},
        {"target_values": (-1, 1)},
    ],
)
def test_class_weight_is_the_equivalent_sample_weight(params, iris):
    X, y = iris
    cw = {0: 3.0, 1: 0.5, 2: 1.5}
    sw = np.linspace(0.5, 2.0, len(y))
    kw = {"hidden_layer_sizes": (6,), "max_iter": 5, "random_state": 0, **params}
    by_class = EBPClassifier(class_weight=cw, **kw).fit(X, y, sample_weight=sw)
    by_sample = EBPClassifier(**kw).fit(
        X, y, sample_weight=sw * np.vectorize(cw.get)(y)
    )
    np.testing.assert_array_equal(by_class._theta, by_sample._theta)


def test_partial_fit_takes_a_dict_and_refuses_balanced(iris):
    X, y = iris
    cw = {0: 2.0, 1: 1.0, 2: 1.0}
    by_class = EBPClassifier((5,), class_weight=cw, random_state=0)
    by_sample = EBPClassifier((5,), random_state=0)
    for _ in range(2):
        by_class.partial_fit(X, y, classes=[0, 1, 2])
        by_sample.partial_fit(
            X, y, classes=[0, 1, 2], sample_weight=np.where(y, 1, 2.0)
        )
    np.testing.assert_array_equal(by_class._theta, by_sample._theta)
    with pytest.raises(ValueError, match="'balanced' is not supported by partial_fit"):
        EBPClassifier(class_weight="balanced").partial_fit(X, y, classes=[0, 1, 2])


def test_class_weight_errors(iris):
    X, y = iris
    with pytest.raises(ValueError, match="class_weight"):
        EBPClassifier(class_weight="heavy").fit(X, y)
    with pytest.raises(ValueError, match="not present|not in|class"):
        EBPClassifier(class_weight={7: 1.0}, max_iter=1).fit(X, y)
