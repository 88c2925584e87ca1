"""The numpy path's weight steps in numpy's own BLAS (``skebp._blas``).

With the size threshold at 0 every affine layer's step goes through them;
with the routines reported missing, numpy's operations take every step.
The two compute the same steps, rounded in another order where BLAS fuses
operations: they agree to ``sqrt(eps)`` (the largest difference measured
over such fits: 1e-13 relative), and are often the same bits.  Only
float64 steps go to BLAS (``NUMPY_PATH_DTYPES``); the routines are tested
in both dtypes.
"""

import numpy as np
import pytest
import scipy.sparse as sp

from skebp import EBPClassifier, EBPRegressor, _blas, config_context
from skebp._network import Network
from skebp._solvers import SOLVERS

pytestmark = pytest.mark.skipif(
    _blas.routines(np.float64) is None,
    reason="numpy's BLAS does not export 64-bit-integer gemm and axpy",
)


def _tolerance(dtype):
    return float(np.sqrt(np.finfo(dtype).eps))


@pytest.fixture
def everywhere(monkeypatch):
    """Every affine layer's step in BLAS."""
    monkeypatch.setattr(_blas, "BLAS_STEP_MIN_SIZE", 0)


def _fit(make, X, y, fused, monkeypatch, partial=False, calls=({},)):
    """``make()`` fitted (``partial_fit`` if ``partial``, once per keyword
    dict of ``calls``) with every affine step fused, or none; checks that
    the fused steps ran."""
    taken = []
    take = _blas.WeightSteps.take
    with monkeypatch.context() as m:
        m.setattr(_blas, "BLAS_STEP_MIN_SIZE", 0)
        if fused:
            m.setattr(
                _blas.WeightSteps,
                "take",
                lambda self, *a: taken.append(self.layers) or take(self, *a),
            )
        else:
            m.setattr(_blas, "routines", lambda dtype: None)
        with config_context(compiled=False):
            est = make()
            for kw in calls:
                est = (est.partial_fit if partial else est.fit)(X, y, **kw)
    assert bool(taken) == fused
    return est


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_gemm_and_axpy_compute_what_they_say(dtype):
    rng = np.random.RandomState(0)
    A, B = rng.normal(size=(20, 30)), rng.normal(size=(20, 7))
    C0, x, y0 = rng.normal(size=(30, 7)), rng.normal(size=50), rng.normal(size=50)
    A, B, C0, x, y0 = (a.astype(dtype) for a in (A, B, C0, x, y0))
    caller = _blas._Caller(np.dtype(dtype), *_blas.routines(dtype)[:2])
    C, y = C0.copy(), y0.copy()
    caller.gemm_tn(-0.5, A, B, 0.9, C)
    caller.axpy_(0.25, x, y)
    rtol = 10 * np.finfo(dtype).eps
    np.testing.assert_allclose(C, -0.5 * A.T @ B + 0.9 * C0, rtol=rtol, atol=rtol * 10)
    np.testing.assert_allclose(y, y0 + 0.25 * x, rtol=rtol, atol=rtol)


CASES = {
    "sgd": dict(solver="sgd"),
    "momentum, L2": dict(solver="momentum", alpha=1e-2),
    "momentum, two layers, emphasize": dict(
        solver="momentum", hidden_layer_sizes=(24, 12), shuffle="emphasize"
    ),
    "momentum, class alternation, plateau, early stopping": dict(
        solver="momentum",
        shuffle="class_alternate",
        learning_rate="plateau",
        early_stopping=True,
        n_iter_no_change=2,
        max_iter=12,
    ),  # fmt: skip
    "momentum, unshuffled, batch growth": dict(
        solver="momentum", shuffle="none", batch_growth=1.5
    ),
}


@pytest.mark.filterwarnings("ignore")
@pytest.mark.parametrize("case", sorted(CASES))
def test_fused_steps_agree_with_numpy_operations(digits, monkeypatch, case):
    dtype = np.float64
    X, y = digits
    X = X.astype(dtype)
    sw = np.random.RandomState(1).uniform(0.5, 2.0, size=y.size)
    params = {
        **dict(hidden_layer_sizes=(16,), max_iter=4, random_state=0,
               early_stopping=False, learning_rate_init=0.01),
        **CASES[case],
    }  # fmt: skip
    fits = [
        _fit(
            lambda: EBPClassifier(**params),
            X,
            y,
            fused,
            monkeypatch,
            calls=[dict(sample_weight=sw)],
        )  # fmt: skip
        for fused in (True, False)
    ]
    _assert_close(fits, dtype)


def _assert_close(fits, dtype):
    (t0, c0), (t1, c1) = ((f._theta, np.asarray(f.loss_curve_)) for f in fits)
    rtol = _tolerance(dtype)
    assert t0.dtype == t1.dtype == dtype
    np.testing.assert_allclose(t0, t1, rtol=rtol, atol=rtol * np.abs(t1).max())
    np.testing.assert_allclose(c0, c1, rtol=rtol)


@pytest.mark.filterwarnings("ignore")
def test_regressor_sparse_input_and_partial_fit(monkeypatch):
    """Sparse input: the first layer keeps numpy's operations, the hidden
    one fuses; partial_fit's steps fuse as fit's do."""
    rng = np.random.RandomState(0)
    X = sp.random(300, 40, density=0.2, format="csr", random_state=rng)
    y = np.asarray(X.sum(axis=1)).ravel() + 0.1 * rng.normal(size=300)
    params = dict(
        hidden_layer_sizes=(20, 10), solver="momentum", random_state=0,
        max_iter=5, early_stopping=False,
    )  # fmt: skip
    fits = [
        _fit(lambda: EBPRegressor(**params), X, y, fused, monkeypatch)
        for fused in (True, False)
    ]
    _assert_close(fits, np.float64)
    fits = [
        _fit(
            lambda: EBPRegressor(**params),
            X.toarray(),
            y,
            fused,
            monkeypatch,
            partial=True,
            calls=[{}] * 3,
        )  # fmt: skip
        for fused in (True, False)
    ]
    _assert_close(fits, np.float64)


def test_same_seed_same_bits(digits, everywhere):
    X, y = digits
    with config_context(compiled=False):
        fits = [
            EBPClassifier((16,), solver="momentum", max_iter=3, random_state=3).fit(
                X, y
            )
            for _ in range(2)
        ]
    np.testing.assert_array_equal(fits[0]._theta, fits[1]._theta)


def _optimizer(solver, n, **kw):
    return SOLVERS[solver](n, np.float64, 0.01, **kw)


def _plan(net, solver="momentum", X=None, **kw):
    theta = np.zeros(net.n_params)
    opt = _optimizer(solver, net.n_params, **kw)
    X = np.zeros((4, net.layer_sizes[0])) if X is None else X
    return _blas.WeightSteps.plan(net, theta, np.zeros_like(theta), opt, 0.0, X)


def test_plan_takes_only_what_it_covers(everywhere):
    net = Network([6, 5, 4, 3], ["relu", "relu", "softmax"], "cross_entropy")
    plan = _plan(net)
    assert plan.layers == (0, 1, 2)
    # the optimizer steps every parameter but the three weight matrices
    covered = np.zeros(net.n_params, bool)
    for s in plan.rest:
        covered[s] = True
    for s in net.coef_slices:
        assert not covered[s].any()
        covered[s] = True
    assert covered.all()
    assert _plan(net, "sgd").layers == (0, 1, 2)
    assert _plan(net, "adam") is None
    assert _plan(net, nesterov=True) is None
    assert _plan(net, X=sp.csr_matrix((4, 6))).layers == (1, 2)
    assert _plan(net, X=np.zeros((4, 6), np.float32)).layers == (1, 2)
    assert _plan(net, X=np.zeros((6, 4)).T).layers == (1, 2)
    # float32 keeps numpy's operations (NUMPY_PATH_DTYPES)
    theta = np.zeros(net.n_params, np.float32)
    opt = SOLVERS["momentum"](net.n_params, np.float32, 0.01)
    X32 = np.zeros((4, 6), np.float32)
    assert _blas.WeightSteps.plan(net, theta, theta, opt, 0.0, X32) is None
    opt = _optimizer("momentum", net.n_params)
    opt.rates = np.ones(net.n_params)
    theta = np.zeros(net.n_params)
    assert _blas.WeightSteps.plan(net, theta, theta, opt, 0.0, np.zeros((4, 6))) is None
    radial = Network([6, 5, 3], ["rbf", "softmax"], "cross_entropy")
    assert _plan(radial).layers == (1,)
    normed = Network([6, 5, 3], ["relu", "softmax"], "cross_entropy", "batch")
    assert _plan(normed).layers == (1,)


def test_small_layers_and_missing_routines_keep_numpy(monkeypatch):
    net = Network([6, 5, 3], ["relu", "softmax"], "cross_entropy")
    assert _plan(net) is None  # below BLAS_STEP_MIN_SIZE
    monkeypatch.setattr(_blas, "BLAS_STEP_MIN_SIZE", 0)
    monkeypatch.setattr(_blas, "routines", lambda dtype: None)
    assert _plan(net) is None
