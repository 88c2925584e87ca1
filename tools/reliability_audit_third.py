"""The third audit's classes of case, for ``reliability_audit.py``: silent
bad models, false alarms, records at every Ctrl-C position, input as
scikit-learn treats it, values beyond the working dtype, and the study's
results file (Ctrl-C, kills, corrupt lines, changed settings, two writers).

Each case returns an outcome of ``reliability_audit`` (ok, clear error,
silent wrong answer, unhelpful crash, broken by Ctrl-C, false alarm).
"""

import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from reliability_audit import (
    CLEAR,
    CTRL_C,
    FALSE_ALARM,
    OK,
    SILENT,
    X_IRIS,
    Y_IRIS,
    classify_error,
    fit_case,
)
from sklearn.datasets import make_classification

import skebp._training._stochastic as stochastic
from skebp import RECIPES, DivergenceError, EBPClassifier, EBPRegressor
from skebp.study import StudyInterrupted, read_rows, run_study

MONITOR = str(Path(stochastic.__file__).with_name("_monitor.py"))


def _quiet(fn):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn()


def _expect_error(fn):
    try:
        _quiet(fn)
    except Exception as exc:
        return classify_error(exc)
    return SILENT


def bad_model_cases():
    X4, y4 = make_classification(
        2000, 20, n_informative=10, n_classes=4, random_state=0
    )
    cases = []
    for seed in range(3):
        for rate in (10.0, 20.0):
            cases.append(
                (
                    f"sgd at rate {rate:g}, 4 classes, seed {seed}",
                    lambda s=seed, r=rate: fit_case(
                        lambda: EBPClassifier(
                            solver="sgd", learning_rate_init=r, random_state=s
                        ),
                        X4,
                        y4,
                    ),
                )
            )

    def ruined_warm_start():
        clf = _quiet(
            lambda: EBPClassifier(max_iter=20, random_state=0).fit(X_IRIS, Y_IRIS)
        )
        score = clf.score(X_IRIS, Y_IRIS)
        clf.set_params(warm_start=True, learning_rate_init=1e4)
        outcome = _expect_error(lambda: clf.fit(X_IRIS, Y_IRIS))
        if outcome == CLEAR and clf.score(X_IRIS, Y_IRIS) != score:
            return SILENT
        return outcome

    cases.append(("warm start at rate 1e4", ruined_warm_start))
    falling = {
        "modern: momentum on iris, 5 epochs": lambda: EBPClassifier(
            **{**RECIPES["modern"], "solver": "momentum"}, max_iter=5, random_state=0
        ),
        "modern on iris, 3 epochs": lambda: EBPClassifier(
            **RECIPES["modern"], max_iter=3, random_state=0
        ),
    }
    for name, make in falling.items():
        cases.append((name, lambda m=make: fit_case(m, X_IRIS, Y_IRIS, expect="model")))
    for solver in ("sgd", "adam", "momentum"):
        cases.append(
            (
                f"constant target, alpha=1, rate 1e-5, {solver}",
                lambda s=solver: fit_case(
                    lambda: EBPRegressor(
                        solver=s,
                        alpha=1.0,
                        learning_rate_init=1e-5,
                        max_iter=20,
                        random_state=0,
                    ),
                    X_IRIS,
                    np.ones(150),
                    expect="model",
                ),
            )
        )
    return cases


def interrupt_anywhere(k):
    """Ctrl-C at the ``k``-th line run inside the epoch monitor: the records
    must stay in step with each other and the model must predict."""
    count = [0]

    def tracer(frame, event, arg):
        if frame.f_code.co_filename != MONITOR:
            return None

        def local(frame, event, arg):
            if event == "line":
                count[0] += 1
                if count[0] == k:
                    raise KeyboardInterrupt
            return local

        return local

    clf = EBPClassifier((5,), max_iter=4, random_state=0)
    sys.settrace(tracer)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            clf.fit(X_IRIS, Y_IRIS, X_val=X_IRIS[::3], y_val=Y_IRIS[::3])
    except KeyboardInterrupt:
        pass  # during set-up or the final checks: the fit is undone
    finally:
        sys.settrace(None)
    if not hasattr(clf, "loss_curve_"):
        return OK if not hasattr(clf, "_theta") else CTRL_C
    lengths = {
        clf.n_iter_,
        len(clf.loss_curve_),
        len(clf.validation_scores_),
        len(clf.validation_loss_curve_),
    }
    try:
        clf.predict(X_IRIS)
    except Exception:
        return CTRL_C
    return OK if len(lengths) == 1 else CTRL_C


def input_cases():
    C, R = EBPClassifier, EBPRegressor
    X, y = X_IRIS, Y_IRIS
    cases = [
        (f"refused {p}", lambda p=p: fit_case(lambda: C(**p), X, y, expect="error"))
        for p in (
            {"max_iter": True},
            {"batch_size": True},
            {"n_iter_no_change": False},
            {"hidden_layer_sizes": True},
            {"class_weight": {0: -1, 1: 1, 2: 1}},
        )
    ]
    cases.append(
        (
            "sparse y (regressor)",
            lambda: fit_case(lambda: R(), X, sp.csr_matrix(y[:, None]), expect="error"),
        )
    )

    def zero_weight_class():
        clf = _quiet(lambda: C(class_weight={0: 0, 1: 1, 2: 1}, max_iter=3).fit(X, y))
        return OK if list(clf.classes_) == [0, 1, 2] else SILENT

    cases.append(("a class of weight zero stays a class", zero_weight_class))
    X32 = X.astype(np.float32)
    cases.append(
        (
            "float32 targets near 1e38",
            lambda: fit_case(lambda: R(max_iter=3), X32, y * 1e38, expect="error"),
        )
    )

    def float64_rows_beyond_float32():
        reg = _quiet(lambda: R(max_iter=3, random_state=0).fit(X32, y))
        return _expect_error(lambda: reg.predict(X * 1e300))

    cases.append(("float64 rows beyond a float32 model", float64_rows_beyond_float32))
    for factor in (1e150, 1e-200):
        for whitening in ("none", "center"):
            cases.append(
                (
                    f"inputs x {factor:g}, whitening={whitening!r}",
                    lambda f=factor, w=whitening: _warned_or_refused(
                        lambda: C((5,), whitening=w, max_iter=5, random_state=0),
                        X * f,
                        y,
                    ),
                )
            )
    return cases


def _warned_or_refused(make, X, y):
    """A fit at an unlearnable scale must warn (and may refuse the model)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            make().fit(X, y)
        except DivergenceError:
            pass
        except Exception as exc:
            return classify_error(exc)
    said = any("whitening=" in str(w.message) for w in caught)
    return OK if said else SILENT


def _interrupt_at(n_calls):
    """Patch the loop's presentation_order to raise KeyboardInterrupt at the
    ``n_calls``-th call; returns the undo."""
    original = stochastic.presentation_order
    calls = [0]

    def wrapped(*args, **kwargs):
        calls[0] += 1
        if calls[0] == n_calls:
            raise KeyboardInterrupt
        return original(*args, **kwargs)

    stochastic.presentation_order = wrapped
    return lambda: setattr(stochastic, "presentation_order", original)


def study_cases():
    kw = dict(seeds=3, max_iter=6, tune=False, progress=None)
    clean = run_study(["iris"], ["modern"], out_dir=None, **kw)

    def ctrl_c_at(n):
        with tempfile.TemporaryDirectory() as out:
            undo = _interrupt_at(n)
            try:
                run_study(["iris"], ["modern"], out_dir=out, **kw)
            except StudyInterrupted:
                pass
            except Exception as exc:
                return classify_error(exc)
            finally:
                undo()
            rows = read_rows(Path(out) / "results.jsonl")
            done = [r for r in clean if r["n_iter"] == 6][: len(rows)]
            same = [r["score"] for r in rows] == [r["score"] for r in done]
            return OK if same and all(r["n_iter"] == 6 for r in rows) else CTRL_C

    cases = [
        (f"study: Ctrl-C at epoch call {n}", lambda n=n: ctrl_c_at(n))
        for n in (2, 7, 13)
    ]

    def killed_mid_row():
        with tempfile.TemporaryDirectory() as out:
            run_study(["iris"], ["modern"], out_dir=out, **kw)
            path = Path(out) / "results.jsonl"
            text = path.read_bytes()
            path.write_bytes(text[: len(text) - 30])  # the last row cut
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                rows = run_study(["iris"], ["modern"], out_dir=out, **kw)
            return OK if len(rows) == 3 and len(read_rows(path)) == 3 else SILENT

    def corrupt_lines():
        with tempfile.TemporaryDirectory() as out:
            path = Path(out) / "results.jsonl"
            path.write_bytes(b'\xff\n[1]\n{"dataset": 1}\n')
            try:
                rows = run_study(["iris"], ["modern"], out_dir=out, **kw)
            except Exception as exc:
                return classify_error(exc)
            return OK if len(rows) == 3 else SILENT

    def changed_settings():
        with tempfile.TemporaryDirectory() as out:
            run_study(["iris"], ["modern"], out_dir=out, **kw)
            return _expect_error(
                lambda: run_study(
                    ["iris"], ["modern"], out_dir=out, **{**kw, "max_iter": 9}
                )
            )

    def same_settings_resume():
        with tempfile.TemporaryDirectory() as out:
            run_study(["iris"], ["modern"], out_dir=out, **kw)
            try:
                rows = run_study(["iris"], ["modern"], out_dir=out, **kw)
            except ValueError:
                return FALSE_ALARM
            same = [r["score"] for r in rows] == [r["score"] for r in clean]
            return OK if same else SILENT

    def two_writers():
        from skebp.study._store import ResultsStore

        with tempfile.TemporaryDirectory() as out:
            with ResultsStore(Path(out) / "results.jsonl"):
                return _expect_error(
                    lambda: run_study(["iris"], ["modern"], out_dir=out, **kw)
                )

    def duplicates_counted_once():
        with tempfile.TemporaryDirectory() as out:
            run_study(["iris"], ["modern"], out_dir=out, **kw)
            path = Path(out) / "results.jsonl"
            lines = path.read_text().splitlines()
            path.write_text("\n".join(lines + lines) + "\n")
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return OK if len(read_rows(path)) == 3 else SILENT

    cases += [
        ("study: killed while writing a row", killed_mid_row),
        ("study: corrupt lines", corrupt_lines),
        ("study: resume with other settings", changed_settings),
        ("study: resume with the same settings", same_settings_resume),
        ("study: a second writer", two_writers),
        ("study: duplicate rows", duplicates_counted_once),
    ]
    return cases


def third_audit_cases():
    """``(name, callable returning an outcome)`` for every case."""
    cases = bad_model_cases() + input_cases() + study_cases()
    cases += [
        (f"Ctrl-C at monitor line {k}", lambda k=k: interrupt_anywhere(k))
        for k in range(1, 400, 3)
    ]
    return cases


__all__ = ["third_audit_cases"]
