"""Running the study: one independent fit per (data set, configuration,
seed), sequentially, with joblib, or on a Dask cluster, written as it goes."""

import math
import time
import warnings

import numpy as np
from sklearn.compose import TransformedTargetRegressor
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.multioutput import MultiOutputRegressor
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils import get_tags
from threadpoolctl import threadpool_limits

from .. import DivergenceError, EBPClassifier, EBPRegressor
from .._network import Network
from .._params import hidden_layers
from .._solvers import SOLVERS
from .._warnings import interrupted, raise_interruptions
from . import _configs, _tabular

#: Held-out fraction of the training rows: the validation rows that a rate
#: is tuned on and that the time to a target is measured on.
TUNING_FRACTION = 0.2
#: How the time to a target is measured: part of every row's key, so that a
#: resumed run never mixes rows measured otherwise.
TIME_TO_TARGET = "validation curve"
#: Levenberg-Marquardt fits whose iterations would take longer than this
#: (its own estimate) are recorded as skipped: at the default (100,) hidden
#: units, digits would take minutes per iteration.
LM_SECONDS_PER_ITERATION = 0.5


def _lm_too_slow(params, X, y, task):
    """Why a Levenberg-Marquardt configuration is skipped here, or None."""
    if not _configs.is_skebp(params) or params.get("solver") != "levenberg_marquardt":
        return None
    if task == "classification":
        k = len(np.unique(y))
        n_outputs = 1 if k == 2 else k
    else:
        n_outputs = 1 if np.ndim(y) == 1 else np.shape(y)[1]
    # The network the fit would build (its outputs' activation does not
    # change the count).
    full = {**EBPRegressor().get_params(), **params}
    sizes, activations = hidden_layers(full["hidden_layer_sizes"], full["activation"])
    n_params = Network(
        [X.shape[1], *sizes, n_outputs],
        [*activations, "identity"],
        "squared_error",
        full["normalization"],
    ).n_params
    _, seconds = SOLVERS["levenberg_marquardt"].iteration_cost(
        n_params, X.shape[0], n_outputs
    )
    if seconds <= LM_SECONDS_PER_ITERATION:
        return None
    return (
        f"about {seconds:.1f} s per iteration ({n_params} parameters, "
        f"{X.shape[0]} samples, {n_outputs} outputs)"
    )


def _split(X, y, task, seed, test_size):
    """``train_test_split`` by the seed, stratified for classification
    unless a class has a single row (stratifying it would raise)."""
    stratify = None
    if task == "classification" and np.unique(y, return_counts=True)[1].min() > 1:
        stratify = y
    return train_test_split(
        X, y, test_size=test_size, random_state=seed, stratify=stratify
    )


def reference(task, seed, max_iter=200):
    """scikit-learn's default MLP behind a ``StandardScaler`` (the targets
    standardized too, for regression): the reference configuration."""
    if task == "classification":
        return make_pipeline(
            StandardScaler(), MLPClassifier(max_iter=max_iter, random_state=seed)
        )
    return TransformedTargetRegressor(
        make_pipeline(
            StandardScaler(), MLPRegressor(max_iter=max_iter, random_state=seed)
        ),
        transformer=StandardScaler(),
    )


def baseline(name, task):
    """A model a user would pick instead of an MLP: gradient boosting
    (``"hgb"``) or a linear model behind a ``StandardScaler``
    (``"linear"``: logistic regression, or ridge with its penalty chosen by
    efficient leave-one-out)."""
    from sklearn import ensemble, linear_model

    classify = task == "classification"
    if name == "hgb":
        cls = "Classifier" if classify else "Regressor"
        return getattr(ensemble, f"HistGradientBoosting{cls}")(random_state=0)
    model = linear_model.LogisticRegression() if classify else linear_model.RidgeCV()
    return make_pipeline(StandardScaler(), model)


def _estimator(params, task, seed, max_iter):
    if params is None:  # the scikit-learn reference
        return reference(task, seed, max_iter)
    if not _configs.is_skebp(params):
        return baseline(params, task)
    params = _configs.estimator_params(params)
    if task == "classification":
        return EBPClassifier(**params, max_iter=max_iter, random_state=seed)
    if params.get("target_values") == "softmax":  # the regressor's form
        params = {**params, "target_values": None}
    return EBPRegressor(**params, max_iter=max_iter, random_state=seed)


def full_params(params, task):
    """Every parameter of the skebp estimator a configuration fits for a
    task, its own and the defaults it leaves unset (not ``max_iter`` and
    ``random_state``: the run and the seed set them); None for scikit-learn's
    MLP and the baselines.  A row's key records them, so that a changed
    default changes the key of every configuration that does not set it."""
    if not _configs.is_skebp(params):
        return None
    full = _estimator(params, task, 0, 1).get_params()
    return {k: v for k, v in full.items() if k not in ("max_iter", "random_state")}


#: Successive halving of the rate grid: the epochs of each round as a
#: fraction of ``max_iter``, and how many rates go on to the next round.
HALVING_ROUNDS = ((1 / 9, 3), (1 / 3, 2), (1.0, 1))
#: Rates added beyond the grid's edge, one at a time, while the best rate is
#: at the edge: each a factor ``EXTENSION_STEP`` further, at most this many.
MAX_EXTENSIONS = 3
EXTENSION_STEP = 10**0.5


def _tune_rate(params, task, validation, seed, max_iter):
    """The rate with the best score on the seed's validation rows
    (``validation``: :func:`_validation_split` of the training rows) and
    every trial ``[rate, epochs, score]``; ``(None, [])`` when the
    configuration has no rate to tune.

    The grid's rates are raced by successive halving (:data:`HALVING_ROUNDS`:
    all of them for a ninth of the epochs, the best three for a third, the
    best two for all of them); while the winner sits at an edge of the grid
    the next rate beyond that edge is tried at full length
    (:data:`MAX_EXTENSIONS`), so the grid never cuts the choice."""
    grid = _configs.rate_grid(params)
    if grid is None:
        return None, []
    X_fit, X_val, y_fit, y_val = validation
    trials = []

    def score(rate, epochs):
        est = _estimator({**params, "learning_rate_init": rate}, task, seed, epochs)
        try:
            value = float(est.fit(X_fit, y_fit).score(X_val, y_val))
        except DivergenceError:
            value = -math.inf
        if not math.isfinite(value):
            value = -math.inf
        trials.append([rate, epochs, value])
        return value

    alive = list(grid)
    for fraction, keep in HALVING_ROUNDS:
        epochs = max(1, round(max_iter * fraction))
        scores = {rate: score(rate, epochs) for rate in alive}
        alive = sorted(alive, key=lambda r: -scores[r])[:keep]
    best = alive[0]
    best_score = scores[best]
    for _ in range(MAX_EXTENSIONS):
        if best <= min(grid):
            rate = float(f"{best / EXTENSION_STEP:.3g}")
        elif best >= max(grid):
            rate = float(f"{best * EXTENSION_STEP:.3g}")
        else:
            break
        value = score(rate, max_iter)
        if value <= best_score:
            break
        best, best_score = rate, value
    if best_score == -math.inf:
        return None, trials
    return best, trials


def _validation_split(X, y, task, seed):
    """The seed's validation rows: the split of the training rows that the
    rate's tuning scores and the time to a target is read on
    (:data:`TUNING_FRACTION`), ``(X_fit, X_val, y_fit, y_val)``."""
    return _split(X, y, task, seed, TUNING_FRACTION)


def _validation_curve(params, task, seed, n_iter, validation):
    """The configuration's score (accuracy or R²) on the seed's validation
    rows after each epoch: a second fit of the same configuration on the
    other training rows, for as many epochs as the row's own fit ran
    (``n_iter``), scoring the validation rows without stopping on them.
    The time to a target is read from it, so that the test rows never enter
    it.  ``(curve, None)``, or ``(None, why)`` when that fit diverged."""
    X_fit, X_val, y_fit, y_val = validation
    est = _estimator(params, task, seed, n_iter)
    est.set_params(early_stopping=False, scoring=None)
    try:
        est.fit(X_fit, y_fit, X_val=X_val, y_val=y_val)
    except DivergenceError as exc:
        return None, str(exc)
    return [float(v) for v in est.validation_scores_], None


def _reference_validation_score(task, seed, max_iter, validation):
    """scikit-learn's MLP fitted on the training rows outside the seed's
    validation rows, scored on them: the target of the time to a target."""
    X_fit, X_val, y_fit, y_val = validation
    return float(reference(task, seed, max_iter).fit(X_fit, y_fit).score(X_val, y_val))


def _curve_on_test(est, n_train):
    """Whether the fit scores the test rows per epoch: only a skebp fit that
    does not stop early (given validation rows are what early stopping stops
    on, and the test rows must never choose anything)."""
    return isinstance(est, (EBPClassifier, EBPRegressor)) and not (
        est._early_stopping_on(n_train, None, False)
    )


def fit_one(task_spec, data, params, max_iter, test_size, tune):
    """One row of the study: the fit of a configuration on a seed's split."""
    name, config, seed = task_spec
    X, y, task = data
    row = {"dataset": name, "config": config, "seed": seed, "task": task}
    X_train, X_test, y_train, y_test = _split(X, y, task, seed, test_size)
    X_train, X_test = _tabular.prepare(X_train, X_test)
    slow = _lm_too_slow(params, X_train, y_train, task)
    if slow is not None:
        row.update(status="skipped", error=slow)
        return row
    validation = _validation_split(X_train, y_train, task, seed)
    wall, cpu = time.perf_counter(), time.process_time()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", UserWarning)
        raise_interruptions()
        try:
            rate, trials = (
                _tune_rate(params, task, validation, seed, max_iter)
                if tune
                else (None, [])
            )
            row["tuned_rate"] = rate
            row["tuning_trials"] = trials
            tuning = time.perf_counter() - wall, time.process_time() - cpu
            if rate is not None:
                params = {**params, "learning_rate_init": rate}
            est = _estimator(params, task, seed, max_iter)
            if np.ndim(y_train) == 2 and not get_tags(est).target_tags.multi_output:
                est = MultiOutputRegressor(est)  # one model per target (hgb)
            t0, c0 = time.perf_counter(), time.process_time()
            on_test = _curve_on_test(est, len(y_train))
            if on_test:
                # the test rows scored per epoch by the estimator's own score,
                # never stopped on (as given rows, "auto" would stop on them)
                est.set_params(scoring=None, early_stopping=False)
                est.fit(X_train, y_train, X_val=X_test, y_val=y_test)
            else:
                est.fit(X_train, y_train)
            row["fit_seconds"] = time.perf_counter() - t0
            row["fit_cpu_seconds"] = time.process_time() - c0
            if params is None:
                row["validation_score"] = _reference_validation_score(
                    task, seed, max_iter, validation
                )
            elif _configs.is_skebp(params):
                row["validation_curve"], why = _validation_curve(
                    params, task, seed, est.n_iter_, validation
                )
                if why is not None:
                    row["validation_curve_error"] = why
        except DivergenceError as exc:
            row.update(status="diverged", error=str(exc))
            return row
        except UserWarning as exc:
            if not interrupted(exc):
                raise
            # Ctrl-C cut the fit short: never a result (the run stops).
            row.update(status="interrupted", error=str(exc))
            return row
        except Exception as exc:  # a configuration that raises is recorded
            row.update(status="failed", error=f"{type(exc).__name__}: {exc}")
            return row
    model = est
    if params is None:
        model = est.regressor_ if task == "regression" else est[-1]
        model = model[-1] if hasattr(model, "steps") else model
    mlp = params is None or _configs.is_skebp(params)
    row.update(
        status="ok",
        score=float(est.score(X_test, y_test)),
        n_iter=int(model.n_iter_) if mlp else None,
        loss_curve=[float(v) for v in model.loss_curve_] if mlp else None,
        test_curve=[float(v) for v in model.validation_scores_] if on_test else None,
        tuning_seconds=tuning[0],
        tuning_cpu_seconds=tuning[1],
    )
    return row


def _task_runner(blas_threads):
    def run(spec, data, params, max_iter, test_size, tune):
        with threadpool_limits(blas_threads, user_api="blas"):
            return fit_one(spec, data, params, max_iter, test_size, tune)

    return run
