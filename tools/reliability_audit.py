"""The reliability audit: scripted hostile cases and random fits, classified.

Every case ends in one of:

- ``ok``: a valid model (finite predictions of the right shape and classes,
  probabilities that sum to one, a finite loss curve), or the expected
  warning or estimator state;
- ``clear error``: a documented error (``ValueError``, ``DivergenceError``,
  ``MemoryError``, scikit-learn's ``NotFittedError``) raised by skebp's or
  scikit-learn's own checks, with a message;
- ``silent wrong answer``: a fit that returned a model that is not valid,
  or a fit that should have been refused and was not;
- ``unhelpful crash``: any other exception, or one raised from inside NumPy
  or SciPy;
- ``broken by Ctrl-C``: an interruption during set-up that left the
  estimator changed or broken, one during training that left its records
  out of step, or one during a study that recorded a cut fit;
- ``false alarm``: a fit whose loss fell at every epoch refused as
  diverged, or a study refusing what it should resume.

Run: python tools/reliability_audit.py [--random 400]

It prints the table that the reliability section of the changelog quotes.
"""

import argparse
import collections
import copy
import traceback
import warnings
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.datasets import load_diabetes, load_iris
from sklearn.exceptions import NotFittedError

import skebp
from skebp import EBPClassifier, EBPRegressor, InputWhitener

SKEBP = str(Path(skebp.__file__).parent)
SKLEARN = str(Path(__import__("sklearn").__file__).parent)
X_IRIS, Y_IRIS = load_iris(return_X_y=True)
X_DIAB, Y_DIAB = load_diabetes(return_X_y=True)
OK, CLEAR, SILENT, CRASH, CTRL_C, FALSE_ALARM = (
    "ok",
    "clear error",
    "silent wrong answer",
    "unhelpful crash",
    "broken by Ctrl-C",
    "false alarm",
)


def classify_error(exc):
    documented = (ValueError, MemoryError, NotFittedError, TypeError)
    origin = traceback.extract_tb(exc.__traceback__)[-1].filename
    if isinstance(exc, documented) and origin.startswith((SKEBP, SKLEARN)):
        return CLEAR if str(exc) else CRASH
    return CRASH


def valid_model(est, X):
    """Whether a fitted estimator gives a valid model on ``X``."""
    pred = est.predict(X)
    if pred.shape[0] != X.shape[0]:
        return False
    if hasattr(est, "predict_proba"):
        proba = est.predict_proba(X)
        if not (np.all(np.isfinite(proba)) and np.allclose(proba.sum(axis=1), 1)):
            return False
        if not set(np.unique(pred)) <= set(est.classes_):
            return False
    elif not np.all(np.isfinite(pred)):
        return False
    return bool(np.all(np.isfinite(est.loss_curve_)))


def fit_case(make, X, y, expect=None, **fit_kw):
    """Fit ``make()``; ``expect``: "error" when the fit must be refused,
    "warning" when it must warn, "model" when it must give a model (its loss
    falls), None when either a valid model or a clear error is fine."""
    est = make()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            est.fit(X, y, **fit_kw)
        except Exception as exc:
            if expect == "model" and isinstance(exc, skebp.DivergenceError):
                return FALSE_ALARM
            return classify_error(exc)
    if expect == "error":
        return SILENT
    if expect == "warning" and not caught:
        return SILENT
    try:
        return OK if valid_model(est, X) else SILENT
    except Exception as exc:
        return classify_error(exc)


def _state(est):
    return copy.deepcopy({k: v for k, v in vars(est).items() if k.endswith("_")})


def _same(a, b):
    """Equal values: arrays element-wise, objects by their attributes."""
    if hasattr(a, "__dict__") and not isinstance(a, type):
        return type(a) is type(b) and _same(vars(a), vars(b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    try:
        np.testing.assert_equal(a, b)
    except AssertionError:
        return False
    return True


def interrupt_case(where, fitted):
    """Ctrl-C at a set-up step: the estimator must be left as it was."""
    import skebp._base
    import skebp._rbf

    targets = {
        "validation": (skebp._base, "validate_data"),
        "whitener": (InputWhitener, "_fit_arrays"),
        "k-means": (skebp._rbf, "place_centers"),
        "network": (skebp._base.Network, "init_params"),
    }
    module, name = targets[where]
    est = EBPClassifier((5,), activation="rbf", max_iter=3, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if fitted:
            est.fit(X_IRIS, Y_IRIS)
    before = _state(est)
    original = getattr(module, name)

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    setattr(module, name, interrupt)
    try:
        est.fit(X_IRIS, Y_IRIS)
    except KeyboardInterrupt:
        pass
    finally:
        setattr(module, name, original)
    if not _same(before, _state(est)):
        return CTRL_C
    try:
        est.predict(X_IRIS)
    except NotFittedError:
        return OK if not fitted else CTRL_C
    except Exception:
        return CTRL_C
    return OK


def scripted_cases():
    """``(name, callable returning an outcome)`` for every scripted case."""
    X, y = X_IRIS, Y_IRIS
    C, R = EBPClassifier, EBPRegressor
    cases = []

    def add(name, fn):
        cases.append((name, fn))

    bad_X = {
        "NaN in X": np.where(X > 7, np.nan, X),
        "inf in X": np.where(X > 7, np.inf, X),
        "empty X": X[:0],
        "3-D X": X[:, :, None],
        "complex X": X + 1j,
        "text X": np.where(X > 3, "big", "small").astype(object),
        "1-D X": X[:, 0],
    }
    for name, bad in bad_X.items():
        yy = y[: len(bad)] if len(bad) < len(y) else y
        for cls in (C, R):
            add(
                f"{cls.__name__}: {name}",
                lambda b=bad, c=cls, t=yy: fit_case(
                    lambda: c((3,), max_iter=2), b, t, expect="error"
                ),
            )
    add(
        "NaN in y (regressor)",
        lambda: fit_case(
            lambda: R((3,)), X, np.where(y > 1, np.nan, y), expect="error"
        ),
    )
    add("y of another length", lambda: fit_case(lambda: C((3,)), X, y[:-1], "error"))
    add("one class", lambda: fit_case(lambda: C((3,)), X, np.zeros(150), "error"))
    add(
        "negative sample weights",
        lambda: fit_case(lambda: C((3,)), X, y, "error", sample_weight=-np.ones(150)),
    )
    add(
        "zero sample weights",
        lambda: fit_case(lambda: C((3,)), X, y, "error", sample_weight=np.zeros(150)),
    )
    add(
        "weights of 1e308",
        lambda: fit_case(
            lambda: C((3,)), X, y, "error", sample_weight=np.full(150, 1e308)
        ),
    )
    for params in (
        {"hidden_layer_sizes": (0,)},
        {"activation": "sine"},
        {"activation": ("relu", "tanh")},
        {"solver": "newton"},
        {"batch_size": 0},
        {"batch_growth": 0.5},
        {"learning_rate_init": -1},
        {"target_values": (1, -1)},
        {"target_values": (0.5, 0.5)},
        {"target_values": (-5, 5)},
        {"solver": "adam", "per_weight_rates": "sdlm"},
        {"solver": "lbfgs", "normalization": "batch"},
        {"batch_size": 1, "normalization": "batch"},
        {"hidden_layer_sizes": (4, 1), "normalization": "layer"},
        {"solver": "levenberg_marquardt", "lm_mu": 1.0, "lm_mu_max": 0.5},
        {"max_iter": 0},
        {"validation_fraction": 1.5},
        {"class_weight": "heavy"},
    ):
        add(
            f"refused {params}",
            lambda p=params: fit_case(lambda: C(**p), X, y, expect="error"),
        )
    for params in (
        {"solver": "sgd", "momentum": 0.95},
        {"solver": "lbfgs", "per_weight_rates": "sdlm"},
        {"solver": "lbfgs", "learning_rate_init": "auto"},
        {"solver": "lbfgs", "batch_growth": 2.0},
        {"solver": "cg", "max_fun": 5},
        {"solver": "lbfgs", "tol": 1e10},
    ):
        add(
            f"warned {params}",
            lambda p=params: fit_case(
                lambda: C((3,), max_iter=3, **p), X, y, expect="warning"
            ),
        )
    for solver in ("sgd", "momentum", "adam", "lbfgs", "cg", "levenberg_marquardt"):
        add(
            f"diverging {solver}",
            lambda s=solver: fit_case(
                lambda: C(
                    (10,),
                    "relu",
                    solver=s,
                    learning_rate_init=1000,
                    init_scale=1e120,
                    random_state=0,
                ),
                X,
                y,
            ),
        )
        add(
            f"huge init, shallow {solver}",
            lambda s=solver: fit_case(
                lambda: C((5,), solver=s, init_scale=1e200, random_state=0), X, y
            ),
        )
    add(
        "saturating classifier (rate 1000)",
        lambda: fit_case(
            lambda: C((10,), "relu", learning_rate_init=1000, random_state=0),
            X,
            y,
            expect="error",
        ),
    )
    for factor in (1e-300, 1e-20, 1e20, 1e154, 1e300):
        add(
            f"targets x {factor:g}",
            lambda f=factor: fit_case(
                lambda: R((10,), max_iter=20, random_state=0), X_DIAB, Y_DIAB * f
            ),
        )
        for method in ("standardize", "pca", "zca"):
            add(
                f"features x {factor:g}, {method}",
                lambda f=factor, m=method: fit_case(
                    lambda: C((5,), whitening=m, max_iter=5, random_state=0), X * f, y
                ),
            )
    one_huge = X.copy()
    one_huge[0, 0] = 1e200
    add(
        "one 1e200 entry under zca",
        lambda: fit_case(lambda: C((5,), whitening="zca", solver="lbfgs"), one_huge, y),
    )
    add(
        "batch growth overflow",
        lambda: fit_case(
            lambda: C((3,), batch_size=2, batch_growth=1e9, max_iter=300), X, y
        ),
    )
    add(
        "sparse zca",
        lambda: fit_case(
            lambda: C((3,), whitening="zca", max_iter=3), sp.csr_matrix(X), y
        ),
    )

    def partial_fit_outside_classes():
        try:
            C((3,)).partial_fit(X, y, classes=[0, 1])
        except Exception as exc:
            return classify_error(exc)
        return SILENT

    add("partial_fit label outside classes", partial_fit_outside_classes)

    def refused_refit_keeps_model():
        est = C((3,), max_iter=3, random_state=0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            est.fit(X, y)
        before = _state(est)
        est.set_params(solver="adam", per_weight_rates="sdlm")
        try:
            est.fit(X, np.where(y == 0, "a", "b"))
        except ValueError:
            pass
        return OK if _same(before, _state(est)) else SILENT

    add("refused refit keeps the fitted model", refused_refit_keeps_model)

    def set_params_after_fit():
        est = C((3,), target_values=(-1, 1), max_iter=3, random_state=0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            est.fit(X, y)
        proba = est.predict_proba(X)
        est.set_params(target_values=(0.1, 0.9))
        return OK if np.array_equal(proba, est.predict_proba(X)) else SILENT

    add("set_params after fit keeps predictions", set_params_after_fit)

    def lm_memory_guard():
        import skebp._memory

        original = skebp._memory.available_bytes
        skebp._memory.available_bytes = lambda: 2**20
        try:
            return fit_case(
                lambda: C((50,), solver="levenberg_marquardt"), X, y, expect="error"
            )
        finally:
            skebp._memory.available_bytes = original

    add("LM under a 1 MiB memory limit", lm_memory_guard)
    for where in ("validation", "whitener", "k-means", "network"):
        for fitted in (False, True):
            add(
                f"Ctrl-C during {where} ({'fitted' if fitted else 'unfitted'})",
                lambda w=where, f=fitted: interrupt_case(w, f),
            )
    return cases


def random_cases(n_examples):
    """Outcomes of ``n_examples`` random fits of each estimator (the
    property suite's strategies, ``tests/test_properties.py``)."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
    from test_properties import _params, problems

    outcomes = []

    def run(est, problem):
        Xr, yr, sw = problem
        outcomes.append(fit_case(lambda: est, Xr, yr, sample_weight=sw))

    def searcher(cls, classification):
        @settings(
            max_examples=n_examples,
            deadline=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        @given(data=st.data())
        def search(data):
            params = _params(data.draw, classifier=classification)
            run(cls(random_state=0, **params), data.draw(problems(classification)))

        return search

    searcher(EBPClassifier, True)()
    searcher(EBPRegressor, False)()
    return outcomes


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--random",
        type=int,
        default=400,
        help="random fits per estimator (default 400)",
    )
    args = parser.parse_args()
    table = collections.Counter()
    for name, case in scripted_cases():
        outcome = case()
        table[("scripted", outcome)] += 1
        if outcome not in (OK, CLEAR):
            print(f"  {outcome}: {name}")
    for outcome in random_cases(args.random):
        table[("random", outcome)] += 1
    from reliability_audit_third import third_audit_cases

    for name, case in third_audit_cases():
        outcome = case()
        table[("third", outcome)] += 1
        if outcome not in (OK, CLEAR):
            print(f"  {outcome}: {name}")
    kinds = (OK, CLEAR, SILENT, CRASH, CTRL_C, FALSE_ALARM)
    groups = ("scripted", "third", "random")
    print(f"{'cases':<10} {'tried':>6} " + " ".join(f"{k:>19}" for k in kinds))
    for group in groups:
        counts = [table[(group, k)] for k in kinds]
        print(f"{group:<10} {sum(counts):>6} " + " ".join(f"{c:>19}" for c in counts))
    total = [sum(table[(g, k)] for g in groups) for k in kinds]
    print(f"{'total':<10} {sum(total):>6} " + " ".join(f"{c:>19}" for c in total))


if __name__ == "__main__":
    main()
