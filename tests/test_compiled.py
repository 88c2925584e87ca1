"""The compiled epoch (``skebp[fast]``, numba) against the numpy path, the
switch that turns it off, and the fallbacks without numba or with a broken
one.

The two paths agree to ``sqrt(eps)`` of the dtype, relative: over the golden
configurations the largest relative difference measured was 3e-13 in
float64 (eps 2.2e-16, tolerance 1.5e-8) and 4.6e-6 in float32 (eps 1.2e-7,
tolerance 3.5e-4), after six epochs.
"""

import os
import subprocess
import sys
import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from _helpers import ONE_HOT_CASES, one_hot_table
from sklearn.exceptions import ConvergenceWarning

import skebp
from skebp import DivergenceError, EBPClassifier, EBPRegressor, _blas, config_context
from skebp._training import _compiled, _data

pytest.importorskip("numba")

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


def _tolerance(dtype):
    return float(np.sqrt(np.finfo(dtype).eps))


def _fit_both(make, X, y, **fit_kw):
    """The same estimator fitted on each path: ``[(theta, loss_curve)] * 2``
    (numpy first)."""
    out = []
    for compiled in (False, True):
        with config_context(compiled=compiled):
            est = make().fit(X, y, **fit_kw)
        out.append((est._theta.copy(), np.asarray(est.loss_curve_)))
    return out


def _assert_close(pair, dtype):
    (t0, c0), (t1, c1) = pair
    rtol = _tolerance(dtype)
    assert t0.dtype == t1.dtype == dtype
    np.testing.assert_allclose(t1, t0, rtol=rtol, atol=rtol * np.abs(t0).max())
    np.testing.assert_allclose(c1, c0, rtol=rtol)


#: The fits the paths are compared on, each case's parameters added.
PATH_PARAMS = {
    "hidden_layer_sizes": (16,),
    "max_iter": 5,
    "random_state": 0,
    "early_stopping": False,
    "learning_rate_init": 0.01,
}

CLASSIFIER_CASES = {
    "sgd relu": dict(solver="sgd", activation="relu"),
    "momentum tanh": dict(solver="momentum", activation="tanh", alpha=1e-2),
    "nesterov lecun_tanh": dict(
        solver="momentum", nesterovs_momentum=True, activation="lecun_tanh"
    ),
    "adam logistic": dict(solver="adam", activation="logistic"),
    "adam leaky two layers": dict(
        solver="adam", activation="leaky_relu", hidden_layer_sizes=(12, 7)
    ),
    "sgd softplus fan_in": dict(
        solver="sgd", activation="softplus", per_weight_rates="fan_in"
    ),
    "momentum swish emphasize": dict(
        solver="momentum", activation="swish", shuffle="emphasize"
    ),
    "sgd tanh outputs": dict(
        solver="sgd", activation="tanh", target_values=(-1.0, 1.0)
    ),
    "adam batch growth": dict(solver="adam", batch_size=16, batch_growth=1.5),
}


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("case", sorted(CLASSIFIER_CASES))
def test_classifier_paths_agree(digits, case, dtype):
    X, y = digits
    params = {**PATH_PARAMS, **CLASSIFIER_CASES[case]}
    pair = _fit_both(lambda: EBPClassifier(**params), X.astype(dtype), y)
    _assert_close(pair, dtype)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_weighted_binary_and_regression_paths_agree(diabetes, dtype):
    X, y = diabetes
    X = X.astype(dtype)
    w = np.random.RandomState(0).uniform(0.2, 3.0, X.shape[0])
    binary = y > np.median(y)

    def clf():
        return EBPClassifier((10,), solver="momentum", max_iter=4, random_state=0)

    def reg():
        return EBPRegressor((10,), solver="adam", max_iter=4, random_state=0)

    _assert_close(_fit_both(clf, X, binary, sample_weight=w), dtype)
    _assert_close(_fit_both(reg, X, y, sample_weight=w), dtype)
    multi = np.column_stack([y, np.sqrt(y)])
    _assert_close(_fit_both(reg, X, multi), dtype)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize(
    "params",
    [
        dict(alpha=1.0),  # the penalty: of the epoch's final weights on both
        dict(per_weight_rates="sdlm", learning_rate_init="auto", alpha=0.1),
        dict(shuffle="emphasize"),
    ],
    ids=["l2", "sdlm", "emphasize"],
)
def test_online_steps_agree_with_the_fused_numpy_kernel(diabetes, params, dtype):
    # batch_size=1 plain SGD: the numpy path is the fused on-line kernel
    # (OnlineSGD), the compiled path the mini-batch kernel with batches of one
    X, y = diabetes
    w = np.random.RandomState(0).uniform(0.2, 3.0, X.shape[0])
    full = dict(
        activation="lecun_tanh",  # the paper's on-line setting (SDLM's units)
        solver="sgd",
        batch_size=1,
        learning_rate_init=0.005,
        max_iter=3,
        early_stopping=False,
        random_state=0,
    )
    full.update(params)

    def reg():
        return EBPRegressor((10,), **full)

    _assert_close(_fit_both(reg, X.astype(dtype), y, sample_weight=w), dtype)


def test_online_steps_run_in_the_compiled_kernel(iris, capsys):
    X, y = iris
    EBPClassifier((5,), solver="sgd", batch_size=1, max_iter=1, verbose=True).fit(X, y)
    assert "Epochs run in the compiled kernel" in capsys.readouterr().out


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_blas_routines_found(dtype):
    # the kernel's products, dot and weight steps run on BLAS's threads:
    # numpy's own (64-bit integers) where its wheel exports the routines,
    # else scipy's wrappers (32-bit)
    addresses, integer = _compiled.blas_routines(dtype)
    assert addresses.dtype == np.int64
    assert addresses.shape == (4,) and (addresses != 0).all()
    own = _blas.addresses(dtype)
    assert integer is (np.int64 if own is not None else np.int32)
    scipy = _compiled._scipy_routines(dtype)
    assert scipy.shape == (4,) and (scipy != 0).all()


def _kernel_blas(dtype, library):
    """The kernel's ``blas`` tuple on numpy's or scipy's routines."""
    if library == "numpy":
        routines, integer = _blas.addresses(dtype), np.int64
        if routines is None:
            pytest.skip("numpy's BLAS does not export its Fortran routines")
    else:
        routines, integer = _compiled._scipy_routines(dtype), np.int32
    return _compiled.kernel_blas(routines, integer, dtype)


@pytest.mark.parametrize("library", ["numpy", "scipy"])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_kernel_blas_calls_match_numpy(dtype, library):
    """The kernel's calls of BLAS (``_gemm`` with each transposition and
    ``beta``, ``_matmul`` with single rows and columns, which go to
    ``gemv`` and ``dot``, ``_dot``) against numpy's operations, on shapes
    that are not square, so that a swapped dimension or leading dimension
    fails."""
    kernel = _compiled.kernel()
    blas = _kernel_blas(dtype, library)
    no_blas = (np.empty(0, dtype=np.int64),) + blas[1:]
    rng = np.random.default_rng(0)
    rtol = 10 * np.finfo(dtype).eps ** 0.75
    for m, p, q in ((7, 5, 3), (1, 5, 3), (7, 1, 3), (7, 5, 1), (1, 5, 1), (1, 1, 3)):
        A = rng.standard_normal((m, p)).astype(dtype)
        B = rng.standard_normal((p, q)).astype(dtype)
        D = rng.standard_normal((m, q)).astype(dtype)
        for trans_a, trans_b, left, right, expected in (
            (False, False, A, B, A @ B),
            (False, True, D, B, D @ B.T),
            (True, False, A, D, A.T @ D),
        ):
            C = rng.standard_normal(expected.shape).astype(dtype)
            if min(expected.shape) > 1:
                before = C.copy()
                kernel._gemm(blas, trans_a, trans_b, 2.0, left, right, 0.5, C)
                np.testing.assert_allclose(C, 2 * expected + 0.5 * before, rtol=rtol)
            for calls in (blas, no_blas):
                C[:] = np.nan
                kernel._matmul(calls, trans_a, trans_b, left, right, C)
                np.testing.assert_allclose(C, expected, rtol=rtol)
    x, y = rng.standard_normal((2, 1000)).astype(dtype)
    for calls in (blas, no_blas):
        assert kernel._dot(calls, x, y) == pytest.approx(float(x @ y), rel=rtol)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_kernel_products_on_scipy_are_numbas(dtype):
    """On scipy's routines the kernel's products make the BLAS calls that
    numba's ``np.dot`` makes (``gemm``, ``gemv`` for a single row or
    column, ``dot`` for one of each), bit for bit: the same routine with the
    same arguments, so the committed studies' rows keep their bits.  (Without
    addresses ``_matmul`` calls numba's ``np.dot``.)"""
    kernel = _compiled.kernel()
    blas = _kernel_blas(dtype, "scipy")
    no_blas = (np.empty(0, dtype=np.int64),) + blas[1:]
    rng = np.random.default_rng(1)
    for m, p, q in ((1, 30, 100), (50, 13, 1), (1, 4, 1), (2, 1, 3), (50, 30, 10)):
        A = rng.standard_normal((m, p)).astype(dtype)
        B = rng.standard_normal((p, q)).astype(dtype)
        D = rng.standard_normal((m, q)).astype(dtype)
        for trans_a, trans_b, left, right, shape in (
            (False, False, A, B, (m, q)),
            (False, True, D, B, (m, p)),
            (True, False, A, D, (p, q)),
        ):
            ours, numbas = np.empty(shape, dtype), np.empty(shape, dtype)
            kernel._matmul(blas, trans_a, trans_b, left, right, ours)
            kernel._matmul(no_blas, trans_a, trans_b, left, right, numbas)
            np.testing.assert_array_equal(ours, numbas)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("solver", ["sgd", "momentum"])
def test_steps_on_blas_and_in_loops_agree(digits, monkeypatch, solver, dtype):
    """The weights' steps on numpy's BLAS, on scipy's (every layer, the
    threshold at 0) and in compiled loops (no BLAS addresses: products in
    numba's ``np.dot``) agree with the numpy path."""
    X, y = digits
    X = X.astype(dtype)
    params = dict(
        hidden_layer_sizes=(16, 8), solver=solver, alpha=1e-3, max_iter=4,
        random_state=0, early_stopping=False, learning_rate_init=0.01,
    )  # fmt: skip
    monkeypatch.setattr(_blas, "BLAS_STEP_MIN_SIZE", 0)
    on_blas = _fit_both(lambda: EBPClassifier(**params), X, y)
    _assert_close(on_blas, dtype)
    monkeypatch.setattr(_blas, "addresses", lambda dtype: None)
    with config_context(compiled=True):
        scipy = EBPClassifier(**params).fit(X, y)
    _assert_close([on_blas[0], (scipy._theta, np.asarray(scipy.loss_curve_))], dtype)
    monkeypatch.setattr(
        _compiled,
        "blas_routines",
        lambda dtype, largest=0: (np.empty(0, dtype=np.int64), np.int32),
    )
    with config_context(compiled=True):
        loops = EBPClassifier(**params).fit(X, y)
    _assert_close([on_blas[0], (loops._theta, np.asarray(loops.loss_curve_))], dtype)


@config_context(compiled=True)
def test_same_seed_same_bits_on_the_compiled_path(digits):
    X, y = digits
    fits = [
        EBPClassifier((16,), solver="momentum", max_iter=3, random_state=3).fit(X, y)
        for _ in range(2)
    ]
    np.testing.assert_array_equal(fits[0]._theta, fits[1]._theta)


def _path(est, X, y, capsys):
    est.set_params(verbose=True).fit(X, y)
    return [ln for ln in capsys.readouterr().out.splitlines() if "Epochs run" in ln]


@config_context(compiled=True)
def test_verbose_names_the_path(digits, capsys, monkeypatch):
    X, y = digits
    monkeypatch.setattr(_data, "DENSIFY_FRACTION", 0.0)  # ZCA a batch at a time
    kw = dict(max_iter=1, random_state=0, early_stopping=False)
    assert _path(EBPClassifier((8,), **kw), X, y, capsys) == [
        "Epochs run in the compiled kernel (numba)."
    ]
    cases = {
        "sparse input whitened a mini-batch at a time": (
            EBPClassifier((8,), whitening="zca", **kw),
            sp.csr_matrix(X),
        ),
        "radial layers": (EBPClassifier((8,), "rbf", **kw), X),
        "normalized layers": (EBPClassifier((8,), normalization="batch", **kw), X),
        "prelu units": (EBPClassifier((8,), "prelu", **kw), X),
    }
    for reason, case in cases.items():
        if case is None:
            continue
        est, data = case
        assert _path(est, data, y, capsys) == [f"Epochs run in numpy: {reason}."]
    with config_context(compiled=False):
        (line,) = _path(EBPClassifier((8,), **kw), X, y, capsys)
    assert "turned off by skebp.set_config(compiled=False)" in line


def _schedules():
    from skebp._solvers import SCHEDULES

    return [name for name, s in SCHEDULES.items() if s.per_step]


@config_context(compiled=True)
def test_per_step_schedule_takes_the_numpy_path(digits, capsys):
    (name, *_) = _schedules()
    X, y = digits
    est = EBPClassifier((8,), solver="sgd", learning_rate=name, max_iter=1)
    assert _path(est, X, y, capsys) == [
        "Epochs run in numpy: a per-step learning-rate schedule."
    ]


def test_config_switch():
    default = skebp.get_config()["compiled"]  # False under SKEBP_COMPILED=0
    assert skebp.get_config() == {"compiled": default}
    with config_context(compiled=False):
        assert skebp.get_config() == {"compiled": False}
        with config_context(compiled=True):
            assert skebp.get_config()["compiled"] is True
        assert skebp.get_config()["compiled"] is False
    assert skebp.get_config()["compiled"] is default
    with pytest.raises(TypeError, match="compiled must be True or False"):
        skebp.set_config(compiled="yes")
    with pytest.raises(TypeError, match="compiled must be True or False"):
        with config_context(compiled=1):
            pass
    assert skebp.get_config()["compiled"] is default


def test_environment_variable_turns_it_off():
    code = "import skebp; print(skebp.get_config()['compiled'])"
    for value, expected in (("0", "False"), ("off", "False"), ("1", "True")):
        out = subprocess.run(
            [sys.executable, "-c", code],
            env={**_env(), "SKEBP_COMPILED": value},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        assert out == expected


def _env():
    return {k: v for k, v in os.environ.items() if k != "SKEBP_COMPILED"}


@config_context(compiled=True)
def test_divergence_stops_on_the_compiled_path(digits):
    X, y = digits
    est = EBPClassifier(
        (16,), solver="sgd", learning_rate_init=1e6, max_iter=5, random_state=0
    )
    with pytest.raises(DivergenceError, match="Training diverged"):
        est.fit(X * 1e3, y)


@pytest.fixture
def no_kernel(monkeypatch):
    """Forget the imported kernel, so that the next fit imports it anew
    (under whatever ``sys.modules`` the test sets)."""
    monkeypatch.setattr(_compiled, "_kernel", None)
    monkeypatch.delitem(sys.modules, "skebp._training._numba_epoch", raising=False)
    monkeypatch.delattr(skebp._training, "_numba_epoch", raising=False)
    return monkeypatch


@config_context(compiled=True)
def test_without_numba_nothing_changes(digits, no_kernel, capsys):
    X, y = digits
    kw = dict(solver="momentum", max_iter=3, random_state=0)
    with config_context(compiled=False):
        expected = EBPClassifier((8,), **kw).fit(X, y)._theta
    no_kernel.setitem(sys.modules, "numba", None)  # import numba fails
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        warnings.simplefilter("ignore", ConvergenceWarning)
        est = EBPClassifier((8,), verbose=True, **kw).fit(X, y)
    np.testing.assert_array_equal(est._theta, expected)
    assert "Epochs run in numpy: numba is not installed" in capsys.readouterr().out


@config_context(compiled=True)
def test_broken_numba_warns_once_and_falls_back(digits, no_kernel):
    X, y = digits
    kw = dict(solver="momentum", max_iter=2, random_state=0)
    with config_context(compiled=False):
        expected = EBPClassifier((8,), **kw).fit(X, y)._theta
    broken = type(sys)("numba")  # a numba without njit: importing the kernel fails
    no_kernel.setitem(sys.modules, "numba", broken)
    with pytest.warns(UserWarning, match="numba is installed but the compiled") as w:
        est = EBPClassifier((8,), **kw).fit(X, y)
        EBPClassifier((8,), **kw).fit(X, y)
    assert sum("compiled kernel" in str(r.message) for r in w) == 1
    np.testing.assert_array_equal(est._theta, expected)


@config_context(compiled=True)
def test_keyboard_interrupt_after_a_compiled_epoch(iris, monkeypatch):
    """A Ctrl-C reaches Python when the kernel returns, after a whole
    epoch: the model of the epochs done is kept and usable."""
    X, y = iris
    run = _compiled.CompiledEpoch.run
    calls = {"n": 0}

    def interrupted_after_second(self, *args):
        calls["n"] += 1
        result = run(self, *args)
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return result

    monkeypatch.setattr(_compiled.CompiledEpoch, "run", interrupted_after_second)
    clf = EBPClassifier((5,), solver="sgd", batch_size=30, random_state=0)
    with pytest.warns(UserWarning, match="interrupted"):
        clf.fit(X, y)
    assert calls["n"] == 2 and clf.n_iter_ == 1
    assert np.all(np.isfinite(clf._theta)) and clf.predict(X).shape == (150,)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize(
    "name",
    ["relu", "tanh", "lecun_tanh", "logistic", "leaky_relu", "softplus", "swish"],
)
def test_kernel_activations_match_numpy(name, dtype):
    """Each activation and its derivative as the kernel computes them (one
    flat loop each, tanh and the logistic from one exp) against the numpy
    path's, saturated inputs included: within a few ulps of the output's
    scale, never a NaN."""
    from skebp._activations import ACTIVATIONS
    from skebp._training import _numba_epoch as kernel

    code = kernel.ACTIVATION_CODES[name]
    z = np.concatenate(
        [np.linspace(-30, 30, 601), [-800.0, 800.0, -1e-12, 1e-12, 0.0]]
    ).astype(dtype)
    Z = z.reshape(6, 101)  # 2-D, as the kernel's batches are
    act = ACTIVATIONS[name]
    A_ref = act.forward(Z, np.empty_like(Z))
    D_ref = act.derivative(Z, A_ref, np.empty_like(Z))
    A, D = np.empty_like(Z), np.ones_like(Z)
    kernel._activate(Z, A, code)
    kernel._times_derivative(D, Z, A, code)
    eps = np.finfo(dtype).eps
    for got, ref in ((A, A_ref), (D, D_ref)):
        assert got.dtype == dtype and np.all(np.isfinite(got))
        np.testing.assert_allclose(got, ref, rtol=8 * eps, atol=8 * eps)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize(
    "name", ["tanh", "lecun_tanh", "logistic", "softplus", "swish"]
)
def test_large_transcendental_activations_are_numpys(name, dtype):
    """From ``NUMPY_ACTIVATION_MIN_SIZE`` elements on, the kernel hands
    transcendental units to numpy's own function (object mode): the same
    bits as the numpy path."""
    from skebp._activations import ACTIVATIONS
    from skebp._training import _numba_epoch as kernel

    rows = kernel.NUMPY_ACTIVATION_MIN_SIZE // 16
    Z = np.random.RandomState(0).normal(scale=5, size=(rows, 16)).astype(dtype)
    A = np.empty_like(Z)
    kernel._activate(Z, A, kernel.ACTIVATION_CODES[name])
    np.testing.assert_array_equal(A, ACTIVATIONS[name].forward(Z, np.empty_like(Z)))


def _blas_threads():
    from threadpoolctl import threadpool_info

    return {
        i["filepath"]: i["num_threads"]
        for i in threadpool_info()
        if i["user_api"] == "blas"
    }


def test_numpy_blas_limit_spares_the_kernels_pool():
    """With numpy's and scipy's own BLAS libraries (pip wheels), a fit on
    the compiled path holds numpy's to one thread and leaves scipy's (the
    kernel's) alone; the counts come back afterwards.  With a shared BLAS
    nothing is limited."""
    from skebp._compat import numpy_blas_threads

    before = _blas_threads()
    numpy_dir = os.path.dirname(os.path.dirname(np.__file__))
    own = {f for f in before if f.startswith(os.path.join(numpy_dir, "numpy"))}
    with numpy_blas_threads(1):
        inside = _blas_threads()
    assert _blas_threads() == before
    if not own or len(own) == len(before):
        assert inside == before
    else:
        assert all(inside[f] == 1 for f in own)
        assert all(inside[f] == before[f] for f in before if f not in own)


def test_blas_limits_of_fits_in_threads_are_restored():
    """Fits running at once in threads (a threaded Dask or joblib backend)
    open and close their limits interleaved: A in, B in, A out, B out.
    Each restoring what it found left B's limit behind (numpy's BLAS on one
    thread for the rest of the process); the limits before A come back."""
    import threading

    from skebp._compat import blas_threads, numpy_blas_threads

    before = _blas_threads()
    a_in, b_in, a_out = threading.Event(), threading.Event(), threading.Event()

    def a():
        with numpy_blas_threads(1):
            a_in.set()
            b_in.wait(timeout=30)
        a_out.set()

    def b():
        a_in.wait(timeout=30)
        with blas_threads(1):
            b_in.set()
            a_out.wait(timeout=30)

    threads = [threading.Thread(target=f) for f in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads)
    # (What each thread reads inside is not checked: OpenBLAS reports a
    # limit set in another thread differently from build to build and even
    # between processes here.)
    assert _blas_threads() == before


def test_blas_limits_only_for_compiled_fits(digits):
    """The limit is taken for fits whose epochs run in the kernel on
    scipy's BLAS, not for those on numpy's BLAS or on the numpy path (which
    need numpy's threads)."""
    from contextlib import nullcontext

    from skebp._compat import numpy_blas_threads
    from skebp._solvers import SOLVERS
    from skebp._training._data import TrainingData

    X, y = digits
    est = EBPClassifier((8,), max_iter=1, random_state=0).fit(X, y)
    data = TrainingData(np.ascontiguousarray(X, dtype=np.float64), np.eye(10)[y])

    def limits(**changes):
        params = {**est.get_params(), **changes}
        params["solver_class"] = SOLVERS[params["solver"]]
        return _compiled.blas_limits(est._network, data, params)

    # the limit is taken when the kernel calls scipy's BLAS beside numpy's
    two_pools = not isinstance(numpy_blas_threads(1), nullcontext)
    own = _blas.addresses(np.float64) is not None
    with config_context(compiled=True):
        assert isinstance(limits(), nullcontext) is (own or not two_pools)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_blas, "addresses", lambda dtype: None)
            assert isinstance(limits(), nullcontext) is not two_pools
        for changes in (
            {"solver": "lbfgs"},
            {"learning_rate": "adaptive", "solver": "sgd"},
        ):
            assert isinstance(limits(**changes), nullcontext), changes
    with config_context(compiled=False):
        assert isinstance(limits(), nullcontext)


@config_context(compiled=True)
def test_compiled_fit_restores_blas_threads(digits):
    X, y = digits
    before = _blas_threads()
    EBPClassifier((8,), solver="momentum", max_iter=2, random_state=0).fit(X, y)
    assert _blas_threads() == before


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("case", sorted(ONE_HOT_CASES))
def test_one_hot_tables_take_the_sparse_rows_and_agree(case, dtype, monkeypatch):
    """A mostly one-value table goes to the kernel in compressed rows (its
    first layer's products from the other entries) and agrees with the
    numpy path, for the regressor and the classifier, weighted or not."""
    X, y = one_hot_table()
    X = X.astype(dtype)
    taken = []
    compressed = _compiled.compressed_rows

    def spy(*args):
        found = compressed(*args)
        taken.append(found[0].size > 0)
        return found

    monkeypatch.setattr(_compiled, "compressed_rows", spy)
    params = {**PATH_PARAMS, "batch_size": 50, **ONE_HOT_CASES[case]}
    w = np.random.RandomState(1).uniform(0.2, 3.0, X.shape[0])
    _assert_close(_fit_both(lambda: EBPRegressor(**params), X, y), dtype)
    binary = y > np.median(y)
    clf = _fit_both(lambda: EBPClassifier(**params), X, binary, sample_weight=w)
    _assert_close(clf, dtype)
    assert taken == [True, True]


@pytest.mark.parametrize("n", [600, 9_000])  # one block of rows, three
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_compressed_rows_hold_the_table(dtype, n):
    X, _ = one_hot_table(n)
    X = ((X - X.mean(0)) / X.std(0)).astype(dtype)
    indptr, indices, values, offset, scratch = _data.compressed_rows(X, dtype, 9)
    assert values.dtype == offset.dtype == scratch.dtype == dtype
    assert scratch.shape == (9,) and indptr.shape == (X.shape[0] + 1,)
    assert indptr[-1] == indices.size == values.size < 0.1 * X.size
    rebuilt = np.tile(offset, (X.shape[0], 1))
    rows = np.repeat(np.arange(X.shape[0]), np.diff(indptr))
    rebuilt[rows, indices] += values
    rtol = _tolerance(dtype)
    np.testing.assert_allclose(rebuilt, X, rtol=rtol, atol=rtol)
    # entries equal to their column's offset are left out, exactly
    assert np.array_equal(
        X != offset,
        np.isin(np.arange(X.size), rows * X.shape[1] + indices).reshape(X.shape),
    )


def test_dense_tables_keep_the_gathered_rows(digits):
    """Digits differ from their columns' common values in about half their
    entries: whole rows, as before (the golden cases' bits)."""
    X, _ = digits
    X = (X - X.mean(0)) / np.where(X.std(0) > 0, X.std(0), 1.0)
    found = _data.compressed_rows(X, X.dtype, 16)
    assert all(a.size == 0 for a in found)
    assert all(a.size == 0 for a in _data.compressed_rows(X[:0], X.dtype, 16))


@config_context(compiled=True)
def test_same_seed_same_bits_on_the_sparse_rows():
    X, y = one_hot_table()
    fits = [EBPRegressor((16,), max_iter=3, random_state=3).fit(X, y) for _ in range(2)]
    np.testing.assert_array_equal(fits[0]._theta, fits[1]._theta)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("whitening", ["standardize", "none"])
def test_sparse_input_runs_in_the_kernel_and_agrees(whitening, dtype, capsys):
    """CSR input, standardized (or not) on its way into the kernel's
    compressed rows, agrees with the numpy path (which whitens each batch)
    and with the same table given dense."""
    X, y = one_hot_table()
    X[:, :3] *= np.random.RandomState(2).uniform(size=(X.shape[0], 3)) < 0.2
    X = X.astype(dtype)
    w = np.random.RandomState(1).uniform(0.2, 3.0, X.shape[0])
    params = dict(
        hidden_layer_sizes=(16,), max_iter=4, random_state=0, early_stopping=False,
        learning_rate_init=0.01, batch_size=50, whitening=whitening,
    )  # fmt: skip
    Xs = sp.csr_matrix(X)

    def reg():
        return EBPRegressor(solver="momentum", **params)

    sparse = _fit_both(reg, Xs, y, sample_weight=w)
    _assert_close(sparse, dtype)
    with config_context(compiled=True):
        dense = reg().fit(X, y, sample_weight=w)
    _assert_close([sparse[1], (dense._theta, np.asarray(dense.loss_curve_))], dtype)
    binary = y > np.median(y)
    _assert_close(_fit_both(lambda: EBPClassifier(**params), Xs, binary), dtype)
    with config_context(compiled=True):
        (line,) = _path(EBPClassifier(**params), Xs, binary, capsys)
    assert line == "Epochs run in the compiled kernel (numba)."
