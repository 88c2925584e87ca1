"""scikit-learn's callback API (``sklearn.callback``, 1.9+) in skebp's
estimators: a task per epoch or iteration for every solver, nested inside
meta-estimators, and a callback's request to stop."""

import warnings

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline

from skebp import EBPClassifier, EBPRegressor, InputWhitener

callback = pytest.importorskip("sklearn.callback")

SOLVERS = ["sgd", "momentum", "adam", "lbfgs", "cg", "levenberg_marquardt"]


class Recorder:
    """A callback that records every task it is told of, and asks to stop
    after ``stop_after`` epochs when given."""

    max_propagation_depth = None

    def __init__(self, stop_after=None):
        self.stop_after = stop_after
        self.begun, self.ended = [], []

    def setup(self, estimator, context):
        pass

    def teardown(self, estimator, context):
        pass

    def on_fit_task_begin(self, estimator, context):
        self.begun.append((type(estimator).__name__, context.task_name))

    def on_fit_task_end(self, estimator, context, *, fitted_estimator=None):
        self.ended.append((type(estimator).__name__, context.task_name))
        epochs = sum(1 for _, name in self.ended if name == "epoch")
        return self.stop_after is not None and epochs >= self.stop_after


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
@pytest.mark.parametrize("solver", SOLVERS)
def test_scoring_monitor_logs_one_entry_per_epoch(solver, iris):
    X, y = iris
    monitor = callback.ScoringMonitor(scoring="accuracy")
    clf = EBPClassifier(
        (5,), solver=solver, max_iter=6, tol=0, n_iter_no_change=100, random_state=0
    )
    clf.set_callbacks(monitor)
    clf.fit(X, y)
    rows = [r for r in monitor.get_logs().data if r["task_name"] == "epoch"]
    assert clf.n_iter_ == 6
    assert len(rows) == clf.n_iter_
    # each entry scores the model of its epoch: the last one is the fitted one
    assert rows[-1]["accuracy"] == pytest.approx(clf.score(X, y))


def test_every_begun_task_ends_and_partial_fit_is_one_epoch(iris):
    X, y = iris
    rec = Recorder()
    clf = EBPClassifier((5,), solver="lbfgs", max_iter=4, random_state=0)
    clf.set_callbacks(rec)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X, y)
    assert sorted(rec.begun) == sorted(rec.ended)
    assert rec.begun[0] == ("EBPClassifier", "fit")
    rec = Recorder()
    reg = EBPRegressor((5,), random_state=0).set_callbacks(rec)
    reg.partial_fit(X[:, :3], X[:, 3])
    assert rec.begun == [("EBPRegressor", "partial_fit"), ("EBPRegressor", "epoch")]


@pytest.mark.parametrize("solver", ["sgd", "lbfgs", "levenberg_marquardt"])
def test_a_callback_stops_training_with_a_usable_model(solver, iris):
    X, y = iris
    clf = EBPClassifier(
        (5,), solver=solver, max_iter=50, tol=0, n_iter_no_change=100, random_state=0
    )
    clf.set_callbacks(Recorder(stop_after=3))
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)  # no max_iter warning
        clf.fit(X, y)
    assert clf.n_iter_ == 3 and len(clf.loss_curve_) == 3
    assert clf.predict_proba(X).shape == (150, 3)
    assert np.all(np.isfinite(clf.predict_proba(X)))


def test_callbacks_reach_every_fit_of_a_grid_search_in_a_pipeline(iris):
    X, y = iris
    rec = Recorder()
    pipe = make_pipeline(InputWhitener("standardize"), EBPClassifier((4,), max_iter=3))
    search = GridSearchCV(pipe, {"ebpclassifier__solver": ["sgd", "lbfgs"]}, cv=2)
    search.set_callbacks(rec)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "does not support callbacks" would raise
        warnings.simplefilter("ignore", ConvergenceWarning)
        search.fit(X, y)
    fits = [t for t in rec.begun if t == ("EBPClassifier", "fit")]
    epochs = [t for t in rec.begun if t == ("EBPClassifier", "epoch")]
    assert len(fits) == 2 * 2 + 1  # candidates x splits, and the refit
    assert len(epochs) >= 3 * len(fits)
    assert ("InputWhitener", "fit") in rec.begun


def test_progress_bar_in_a_grid_search(iris, capsys):
    pytest.importorskip("rich")
    X, y = iris
    search = GridSearchCV(EBPClassifier((4,), max_iter=3), {"alpha": [0, 1]}, cv=2)
    search.set_callbacks(callback.ProgressBar())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        search.fit(X, y)
    assert "EBPClassifier" in capsys.readouterr().out


def test_no_callbacks_no_per_epoch_work(iris, monkeypatch):
    from skebp._training import CallbackBridge

    epochs, original = [], CallbackBridge.begin_epoch

    def spy(self):
        epochs.append(1)
        original(self)

    monkeypatch.setattr(CallbackBridge, "begin_epoch", spy)
    X, y = iris
    clf = EBPClassifier((5,), max_iter=3, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X, y)
    assert epochs == []  # no bridge without callbacks
    clf.set_callbacks(Recorder())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X, y)
    assert len(epochs) == 3


def test_scoring_monitor_sees_the_data_fit_received(iris):
    # early stopping holds rows out of training; the callbacks still score
    # on (and weigh) the whole data that fit was given
    X, y = iris
    monitor = callback.ScoringMonitor(scoring="accuracy")
    clf = EBPClassifier((5,), early_stopping=True, max_iter=4, random_state=0)
    clf.set_callbacks(monitor)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X, y, sample_weight=np.linspace(0.5, 1.5, len(y)))
    rows = [r for r in monitor.get_logs().data if r["task_name"] == "epoch"]
    assert len(rows) == clf.n_iter_
