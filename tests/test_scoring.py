"""The ``scoring`` parameter (``skebp._scoring``): the classifier's Brier
score against scikit-learn's, and the scoring values refused, before
training (a name that names no score) or during it (a scorer that gives
no finite number)."""

import numpy as np
import pytest
from sklearn.metrics import brier_score_loss
from sklearn.model_selection import train_test_split

from skebp import EBPClassifier, EBPRegressor


@pytest.fixture(scope="module")
def split(digits):
    X, y = digits
    return train_test_split(X, y, test_size=0.25, random_state=0, stratify=y)


@pytest.mark.parametrize(
    "problem, target_values",
    [
        ("multiclass", "softmax"),
        ("binary", "softmax"),
        ("multiclass", (-1.0, 1.0)),
        ("binary", (-1.0, 1.0)),
    ],
)
def test_scoring_brier_is_minus_the_brier_score_of_predict_proba(
    split, problem, target_values
):
    """``scoring="brier"`` records minus the Brier score (summed over the
    classes, Brier's 0 to 2) of the probabilities ``predict_proba`` gives:
    scikit-learn's ``brier_score_loss``, which halves it for two classes."""
    X, X_val, y, y_val = split
    if problem == "binary":
        y, y_val = y % 2, y_val % 2
    weights = np.linspace(0.5, 2.0, len(y_val))
    clf = EBPClassifier(
        (20,),
        "lecun_tanh" if target_values != "softmax" else "relu",
        target_values=target_values,
        scoring="brier",
        early_stopping=False,
        learning_rate="constant",
        max_iter=4,
        random_state=0,
    ).fit(X, y, X_val=X_val, y_val=y_val, sample_weight_val=weights)
    proba = clf.predict_proba(X_val)
    sklearn_score = brier_score_loss(
        y_val, proba if problem == "multiclass" else proba[:, 1], sample_weight=weights
    )
    factor = 1.0 if problem == "multiclass" else 2.0
    assert clf.validation_scores_[-1] == pytest.approx(-factor * sklearn_score)
    # the loss is recorded beside it, as with any scoring
    assert len(clf.validation_loss_curve_) == len(clf.validation_scores_) == 4


def test_scoring_brier_is_for_classifiers(diabetes):
    X, y = diabetes
    with pytest.raises(ValueError, match="scoring='brier' scores class probab"):
        EBPRegressor(scoring="brier", max_iter=2).fit(X, y)


@pytest.mark.parametrize("Estimator", [EBPClassifier, EBPRegressor])
@pytest.mark.parametrize("method", ["fit", "partial_fit"])
def test_an_unknown_scoring_name_is_refused_even_without_validation_rows(
    Estimator, method, iris
):
    """A fit too small for early stopping never scores a validation set;
    a misspelt ``scoring`` is refused all the same, naming the parameter."""
    X, y = iris
    est = Estimator((5,), scoring="brier_score", max_iter=2)
    with pytest.raises(ValueError, match="scoring='brier_score' is neither 'loss'"):
        getattr(est, method)(X, y)


@pytest.mark.parametrize("bad", ["x", float("nan"), float("-inf"), None])
def test_a_scorer_that_gives_no_finite_number_is_refused(split, bad):
    """Early stopping compares epochs by the score: a scorer that returns
    no finite number stops the fit with an error naming ``scoring``, and
    the estimator stays unfitted."""
    X, X_val, y, y_val = split
    clf = EBPClassifier((5,), max_iter=3, scoring=lambda est, X, y: bad)
    with pytest.raises(ValueError, match="early stopping need a finite number"):
        clf.fit(X, y, X_val=X_val, y_val=y_val)
    assert not hasattr(clf, "coefs_")
