"""Property-based tests over the whole hyperparameter space.

Random small data sets (dense or sparse, float32 or float64, weighted or
not, at scales from 1e-8 to 1e8) and random hyperparameters: every fit
either succeeds, giving finite predictions of the right shape and classes,
probability rows that sum to one, a finite loss curve of one entry per
epoch, an exact pickle round trip and a working ``partial_fit``; or it
raises a documented error (``ValueError``, of which ``DivergenceError`` is
one, or ``MemoryError``) from skebp's or scikit-learn's own checks, never
from deep inside NumPy.

The normal suite runs a fixed (derandomized) budget; set
``SKEBP_HYPOTHESIS_EXAMPLES`` (e.g. to 2000) for a longer search.
"""

import os
import pickle
import traceback
import warnings
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from skebp import EBPClassifier, EBPRegressor  # noqa: E402
from skebp._activations import ACTIVATIONS  # noqa: E402
from skebp._solvers import SOLVERS  # noqa: E402

EXAMPLES = int(os.environ.get("SKEBP_HYPOTHESIS_EXAMPLES", "60"))
PROPERTY_SETTINGS = settings(
    max_examples=EXAMPLES,
    derandomize="SKEBP_HYPOTHESIS_EXAMPLES" not in os.environ,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SKEBP = str(Path(__import__("skebp").__file__).parent)
SKLEARN = str(Path(__import__("sklearn").__file__).parent)

COMMON = {
    "hidden_layer_sizes": st.sampled_from([(), (3,), (4, 3)]),
    "activation": st.sampled_from(sorted(ACTIVATIONS)),
    "solver": st.sampled_from(sorted(SOLVERS)),
    "batch_size": st.sampled_from(["auto", 1, 4]),
    "batch_growth": st.sampled_from([1.0, 1.5]),
    "max_emphasis": st.sampled_from([1.0, 5.0]),
    "whitening": st.sampled_from(["none", "center", "standardize", "pca", "zca"]),
    "init": st.sampled_from(["lecun", "glorot", "he"]),
    "init_scale": st.sampled_from([0.1, 1.0, 10.0]),
    "learning_rate_init": st.sampled_from([1e-3, 0.01, 0.1, 1.0, "auto"]),
    "learning_rate": st.sampled_from(["constant", "invscaling", "adaptive", "plateau"]),
    "per_weight_rates": st.sampled_from(["none", "fan_in", "sdlm"]),
    "normalization": st.sampled_from(["none", "none", "layer", "batch"]),
    "nesterovs_momentum": st.booleans(),
    "alpha": st.sampled_from([0.0, 0.1, 10.0]),
    "early_stopping": st.booleans(),
    "max_iter": st.sampled_from([1, 3]),
}
SHUFFLE = ["random", "emphasize", "none"]


@st.composite
def problems(draw, classification):
    n = draw(st.integers(8, 40))
    d = draw(st.integers(1, 4))
    seed = draw(st.integers(0, 2**16))
    rng = np.random.RandomState(seed)
    scale = 10.0 ** draw(st.sampled_from([-8, -3, 0, 3, 8]))
    X = rng.normal(size=(n, d)) * scale
    if draw(st.booleans()):
        X[:, 0] = 1.0  # a constant column
    if classification:
        k = draw(st.integers(2, 4))
        y = np.arange(n) % k
        rng.shuffle(y)
    else:
        y = X[:, -1] * rng.normal() + rng.normal(size=n) * scale
    if draw(st.booleans()):
        X = X.astype(np.float32)
    if draw(st.booleans()):
        X = sp.csr_matrix(np.where(rng.uniform(size=X.shape) < 0.5, X, 0))
    sample_weight = rng.uniform(0.5, 2.0, n) if draw(st.booleans()) else None
    return X, y, sample_weight


def _params(draw, classifier):
    params = {name: draw(strategy) for name, strategy in COMMON.items()}
    shuffles = SHUFFLE + (["class_alternate"] if classifier else [])
    params["shuffle"] = draw(st.sampled_from(shuffles))
    params["validation_fraction"] = 0.25  # at least 2 of the 8+ rows
    if classifier:
        params["target_values"] = draw(
            st.sampled_from(["softmax", (-1.0, 1.0), (0.1, 0.9)])
        )
    return params


def _documented(exc):
    """A ValueError or MemoryError raised by skebp's or scikit-learn's own
    code (the innermost frame of the traceback is theirs)."""
    if not isinstance(exc, (ValueError, MemoryError)):
        return False
    origin = traceback.extract_tb(exc.__traceback__)[-1].filename
    return origin.startswith((SKEBP, SKLEARN))


def _check_model(est, X, y, sample_weight, classifier):
    n = X.shape[0]
    pred = est.predict(X)
    assert pred.shape == (n,)
    if classifier:
        assert set(np.unique(pred)) <= set(est.classes_)
        proba = est.predict_proba(X)
        assert proba.shape == (n, len(est.classes_))
        assert np.all(np.isfinite(proba)) and np.all(proba >= 0)
        np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-4)
    else:
        assert np.all(np.isfinite(pred))
    curve = np.asarray(est.loss_curve_)
    assert np.all(np.isfinite(curve)) and np.isfinite(est.loss_)
    assert len(curve) == max(est.n_iter_, 1) or len(curve) >= est.n_iter_
    clone = pickle.loads(pickle.dumps(est))
    np.testing.assert_array_equal(clone.predict(X), pred)
    if hasattr(est, "partial_fit") and not est.early_stopping:
        extra = {"classes": est.classes_} if classifier else {}
        try:
            est.partial_fit(X, y, sample_weight=sample_weight, **extra)
        except Exception as exc:  # a later epoch may diverge: documented
            assert _documented(exc), repr(exc)


def _run(est, problem, classifier):
    X, y, sample_weight = problem
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            est.fit(X, y, sample_weight=sample_weight)
        except Exception as exc:
            assert _documented(exc), "".join(traceback.format_exception(exc))
            return
        _check_model(est, X, y, sample_weight, classifier)


@PROPERTY_SETTINGS
@given(data=st.data())
def test_classifier_fits_or_raises_a_documented_error(data):
    problem = data.draw(problems(classification=True))
    params = _params(data.draw, classifier=True)
    _run(EBPClassifier(random_state=0, **params), problem, classifier=True)


@PROPERTY_SETTINGS
@given(data=st.data())
def test_regressor_fits_or_raises_a_documented_error(data):
    problem = data.draw(problems(classification=False))
    params = _params(data.draw, classifier=False)
    _run(EBPRegressor(random_state=0, **params), problem, classifier=False)
