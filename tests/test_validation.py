"""Validation monitoring: the validation-loss curve, a chosen early-stopping
``scoring``, a user-supplied validation set (also routed through a
Pipeline), and the split of tiny multiclass sets."""

import numpy as np
import pytest
from sklearn import config_context
from sklearn.metrics import f1_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skebp import EBPClassifier, EBPRegressor


@pytest.fixture(scope="module")
def split(digits):
    X, y = digits
    return train_test_split(X, y, test_size=0.25, random_state=0, stratify=y)


@pytest.mark.parametrize("solver", ["momentum", "lbfgs"])
def test_early_stopping_records_a_validation_loss_per_epoch(solver, digits):
    X, y = digits
    clf = EBPClassifier(
        (20,), solver=solver, early_stopping=True, max_iter=15, random_state=0
    ).fit(X, y)
    assert len(clf.validation_loss_curve_) == len(clf.validation_scores_) == clf.n_iter_
    assert all(np.isfinite(clf.validation_loss_curve_))
    assert clf.best_validation_score_ == max(clf.validation_scores_)
    # trained: the validation loss fell
    assert clf.validation_loss_curve_[-1] < clf.validation_loss_curve_[0]


def test_no_validation_set_no_curves(iris):
    X, y = iris
    clf = EBPClassifier((5,), max_iter=3, random_state=0).fit(X, y)
    assert clf.validation_loss_curve_ is None and clf.validation_scores_ is None


def test_user_validation_set_is_scored_and_all_rows_train(split):
    X, X_val, y, y_val = split
    clf = EBPClassifier(
        (20,),
        "lecun_tanh",
        solver="momentum",
        early_stopping=False,
        max_iter=5,
        random_state=0,
    )
    clf.fit(X, y, X_val=X_val, y_val=y_val)
    assert clf.t_ == 5 * len(X)  # no row held out of training
    assert len(clf.validation_scores_) == 5
    # by default the score is minus the validation loss
    assert clf.scoring == "loss"
    assert clf.validation_scores_ == [-v for v in clf.validation_loss_curve_]
    # with scoring=None, the last score is the final model's accuracy on it
    clf.set_params(scoring=None).fit(X, y, X_val=X_val, y_val=y_val)
    assert clf.validation_scores_[-1] == pytest.approx(clf.score(X_val, y_val))
    stopped = EBPClassifier(
        (20,),
        "lecun_tanh",
        solver="momentum",
        early_stopping=True,
        max_iter=5,
        random_state=0,
    ).fit(X, y, X_val=X_val, y_val=y_val)
    assert stopped.t_ == stopped.n_iter_ * len(X)  # validation_fraction unused


def test_scoring_loss_and_a_scorer(split):
    X, X_val, y, y_val = split
    by_loss = EBPClassifier((20,), max_iter=4, scoring="loss", random_state=0)
    by_loss.fit(X, y, X_val=X_val, y_val=y_val)
    np.testing.assert_allclose(
        by_loss.validation_scores_, -np.asarray(by_loss.validation_loss_curve_)
    )
    by_f1 = EBPClassifier((20,), max_iter=4, scoring="f1_macro", random_state=0)
    by_f1.fit(X, y, X_val=X_val, y_val=y_val)
    expected = f1_score(y_val, by_f1.predict(X_val), average="macro")
    assert by_f1.validation_scores_[-1] == pytest.approx(expected)
    # the same training either way: only what is recorded differs
    np.testing.assert_array_equal(by_loss.loss_curve_, by_f1.loss_curve_)


def test_regressor_validation_loss_is_in_standardized_units(diabetes):
    X, y = diabetes
    # the final weights are the last epoch's (no early stopping, no plateau
    # restoring the best validated ones)
    reg = EBPRegressor(
        (10,),
        max_iter=20,
        early_stopping=False,
        learning_rate="constant",
        random_state=0,
    )
    reg.fit(X[:300], y[:300], X_val=X[300:], y_val=y[300:])
    r2 = reg.score(X[300:], y[300:])
    assert reg.validation_scores_[-1] == pytest.approx(r2)
    # squared error of standardized targets: 1/2 (1 - R^2) times the
    # validation targets' variance over the training targets' variance
    scale = np.var(y[300:]) / np.var(y[:300])
    assert reg.validation_loss_curve_[-1] == pytest.approx(0.5 * (1 - r2) * scale)


def test_validation_set_through_pipeline_metadata_routing(split):
    X, X_val, y, y_val = split
    with config_context(enable_metadata_routing=True):
        clf = EBPClassifier((10,), max_iter=3, random_state=0).set_fit_request(
            X_val=True, y_val=True
        )
        pipe = make_pipeline(StandardScaler(), clf).fit(X, y, X_val=X_val, y_val=y_val)
    assert len(pipe[-1].validation_scores_) == 3


def test_validation_set_errors(split):
    X, X_val, y, y_val = split
    clf = EBPClassifier((5,), max_iter=2)
    with pytest.raises(ValueError, match="X_val and y_val must be given together"):
        clf.fit(X, y, X_val=X_val)
    with pytest.raises(ValueError, match="sample_weight_val is given without"):
        clf.fit(X, y, sample_weight_val=np.ones(len(X_val)))
    with pytest.raises(ValueError, match="not among the classes"):
        clf.fit(X[y < 5], y[y < 5], X_val=X_val, y_val=y_val)
    with pytest.raises(ValueError, match="features"):
        clf.fit(X, y, X_val=X_val[:, :5], y_val=y_val)


def test_tiny_multiclass_early_stopping_split_fits(iris):
    # 20 rows of 3 classes, 10 % held out: 2 validation rows cannot hold
    # every class; scikit-learn's MLP fits this, and so do we (unstratified).
    X, y = iris
    rows = np.r_[0:7, 50:57, 100:106]
    clf = EBPClassifier((5,), early_stopping=True, max_iter=5, random_state=0)
    clf.fit(X[rows], y[rows])
    assert len(clf.validation_scores_) == clf.n_iter_
