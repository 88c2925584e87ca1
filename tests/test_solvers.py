import numpy as np
import pytest
from _helpers import make_problem

from skebp._activations import ACTIVATIONS
from skebp._losses import LOSSES
from skebp._network import Network
from skebp._solvers import (
    LBFGS,
    SGD,
    SOLVERS,
    Adam,
    ConjugateGradient,
    LevenbergMarquardt,
    Momentum,
    OnlineSGD,
    augment,
)
from skebp._training import TrainingData, _full_batch


def test_registry_keys_are_names():
    assert all(k == cls.name for k, cls in SOLVERS.items())
    stochastic = {k for k, cls in SOLVERS.items() if cls.stochastic}
    assert stochastic == {"sgd", "momentum", "adam"}


def test_sgd_step():
    theta = np.array([1.0, -2.0])
    SGD(2, np.float64, 0.5).step(theta, np.array([2.0, 4.0]))
    np.testing.assert_allclose(theta, [0.0, -4.0])


def test_per_weight_rates_hook():
    theta = np.array([1.0, 1.0])
    opt = SGD(2, np.float64, 0.5)
    opt.rates = np.array([1.0, 0.0])
    opt.step(theta, np.array([2.0, 2.0]))
    np.testing.assert_allclose(theta, [0.0, 1.0])


@pytest.mark.parametrize("nesterov", [False, True])
def test_momentum_two_steps(nesterov):
    mu, eta = 0.9, 0.1
    theta = np.array([1.0])
    opt = Momentum(1, np.float64, eta, momentum=mu, nesterov=nesterov)
    g1, g2 = 2.0, 3.0
    opt.step(theta, np.array([g1]))
    v1 = -eta * g1
    expected = 1.0 + (mu * v1 - eta * g1 if nesterov else v1)
    np.testing.assert_allclose(theta, [expected])
    opt.step(theta, np.array([g2]))
    v2 = mu * v1 - eta * g2
    expected += mu * v2 - eta * g2 if nesterov else v2
    np.testing.assert_allclose(theta, [expected])


def test_adam_first_step_is_eta_times_sign():
    # After one step the bias-corrected m/sqrt(v) is g/|g|.
    theta = np.array([0.0, 0.0])
    Adam(2, np.float64, 0.01, epsilon=0.0).step(theta, np.array([5.0, -0.1]))
    np.testing.assert_allclose(theta, [-0.01, 0.01])


def test_adam_matches_reference_formula():
    rng = np.random.RandomState(0)
    b1, b2, eps, eta = 0.9, 0.999, 1e-8, 0.01
    theta = rng.normal(size=4)
    ref = theta.copy()
    m = v = np.zeros(4)
    opt = Adam(4, np.float64, eta, beta_1=b1, beta_2=b2, epsilon=eps)
    for t in range(1, 6):
        g = rng.normal(size=4)
        opt.step(theta, g.copy())
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        lr = eta * np.sqrt(1 - b2**t) / (1 - b1**t)
        ref = ref - lr * m / (np.sqrt(v) + eps * np.sqrt(1 - b2**t))
    # Kingma & Ba's "efficient" form puts eps inside the corrected rate;
    # the two agree to within eps.
    np.testing.assert_allclose(theta, ref, rtol=1e-6)


@pytest.mark.parametrize("parts", [None, [slice(0, 70), slice(70, 200)]])
def test_adam_float32_steps_round_as_they_always_have(parts):
    # float32 moments and weights, the bias-corrected rate a double that
    # multiplies the float32 step in double precision before it rounds (the
    # operations of the step as first written: the same bits since, also
    # when the step is taken in parts, as skebp._blas.WeightSteps does)
    rng = np.random.RandomState(0)
    b1, b2, eps, eta = 0.9, 0.999, 1e-8, 0.004
    # weights near the steps' size, so that a step's last bit shows
    theta = (0.01 * rng.normal(size=200)).astype(np.float32)
    ref = theta.copy()
    m, v = np.zeros(200, np.float32), np.zeros(200, np.float32)
    opt = Adam(200, np.float32, eta)
    for t in range(1, 31):
        g = rng.normal(size=200).astype(np.float32)
        opt.step(theta, g.copy(), parts)
        m *= b1
        m += (1 - b1) * g
        g = g * g
        v *= b2
        g *= 1 - b2
        v += g
        lr = eta * np.sqrt(1 - b2**t) / (1 - b1**t)  # a NumPy double
        step = np.sqrt(v) + eps
        step = m / step
        step *= lr
        ref -= step
    assert theta.dtype == np.float32
    assert theta.tobytes() == ref.tobytes()


@pytest.mark.parametrize(
    "cls, params, eta",
    [(SGD, {}, 0.3), (Momentum, {"momentum": 0.5}, 0.2), (Adam, {}, 0.02)],
)
def test_reaches_least_squares_optimum(cls, params, eta):
    # A linear unit on a well-posed least-squares problem: known optimum.
    rng = np.random.RandomState(0)
    X = rng.normal(size=(100, 3))
    Y = X @ [[1.0], [-2.0], [0.5]] + 0.3 + 0.1 * rng.normal(size=(100, 1))
    net = Network([3, 1], ["identity"], "squared_error")
    theta = np.zeros(net.n_params)
    ws, grad = net.workspace(100, np.float64), np.empty_like(theta)
    opt = cls(net.n_params, np.float64, eta, **params)
    for _ in range(3000):
        net.loss_grad(theta, X, Y, None, 0.0, grad, ws)
        opt.step(theta, grad)
    coef, *_ = np.linalg.lstsq(np.c_[X, np.ones(100)], Y, rcond=None)
    np.testing.assert_allclose(theta, coef.ravel(), atol=1e-4)


# The fused kernel takes fixed activations: radial layers and PReLU (whose
# slopes are parameters) train on the mini-batch path (test below).
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("hidden", sorted(set(ACTIVATIONS) - {"rbf", "prelu"}))
@pytest.mark.parametrize(
    "loss, out",
    [(loss, out) for loss in LOSSES for out in LOSSES[loss].out_activations],
)
@pytest.mark.parametrize("rates_kind", [None, "per_layer", "per_weight"])
def test_online_kernel_equals_one_sample_minibatch_steps(
    hidden, loss, out, dtype, rates_kind
):
    rng = np.random.RandomState(0)
    net = Network([4, 5, 3, 3], [hidden, hidden, out], loss)
    X, Y = (a.astype(dtype) for a in make_problem(rng, 12, 4, 3, out))
    sw = rng.uniform(0.5, 2.0, size=len(X)).astype(dtype)
    order = rng.permutation(len(X))
    lr, l2, mean_w = 0.05, 0.1, float(sw.mean())
    theta0 = net.init_params(rng, dtype=dtype)
    theta0 += (0.1 * rng.normal(size=theta0.shape)).astype(dtype)
    rates = None
    if rates_kind == "per_layer":  # what per_weight_rates="fan_in" gives
        rates = np.empty(net.n_params, dtype=dtype)
        for c, b, r in zip(net.coef_slices, net.intercept_slices, [0.5, 2.0, 1.5]):
            rates[c.start : b.stop] = r
    elif rates_kind == "per_weight":  # what "sdlm" gives
        rates = rng.uniform(0.2, 3.0, size=net.n_params).astype(dtype)

    ref = theta0.copy()
    ws, grad = net.workspace(1, dtype), np.empty_like(ref)
    ref_out = np.empty((len(X), 3), dtype=dtype)
    for pos, i in enumerate(order):
        ref_out[pos] = net.forward(ref, X[i : i + 1], ws)[0]
        net.loss_grad(
            ref,
            X[i : i + 1],
            Y[i : i + 1],
            sw[i : i + 1],
            l2,
            grad,
            ws,
            weight_total=mean_w,
        )
        ref -= lr * grad * (1 if rates is None else rates)

    theta = theta0.copy()
    outputs = np.empty((len(X), 3), dtype=dtype)
    OnlineSGD(net, dtype).epoch(
        theta, augment(X), Y, order, lr, l2, sw / mean_w, outputs, rates=rates
    )
    tol = 1e-4 if dtype == np.float32 else 1e-10
    np.testing.assert_allclose(theta, ref, rtol=tol, atol=tol)
    np.testing.assert_allclose(outputs, ref_out, rtol=tol, atol=tol)
    assert theta.dtype == dtype


def test_online_softmax_survives_huge_logits():
    net = Network([2, 3], ["softmax"], "cross_entropy")
    theta = np.zeros(net.n_params)
    theta[:6] = 500.0  # logits of about 1000: exp overflows without the max
    X = np.array([[1.0, 1.0]])
    outputs = np.empty((1, 3))
    with np.errstate(over="ignore"):  # as the estimators train
        OnlineSGD(net, np.float64).epoch(
            theta, augment(X), np.eye(3)[:1], [0], 0.0, 0.0, None, outputs
        )
    np.testing.assert_allclose(outputs, [[1 / 3, 1 / 3, 1 / 3]])


def _least_squares(seed=0):
    rng = np.random.RandomState(seed)
    X = rng.normal(size=(60, 3))
    Y = X @ [[1.0], [-2.0], [0.5]] + 0.3 + 0.1 * rng.normal(size=(60, 1))
    net = Network([3, 1], ["identity"], "squared_error")
    ws, grad = net.workspace(60, np.float64), np.empty(net.n_params)

    def fun(theta):
        loss = net.loss_grad(theta, X, Y, None, 0.0, grad, ws)
        return loss, grad.copy()

    def gauss_newton(theta):
        return net.gauss_newton(theta, X, Y, None, 60.0, ws)

    coef, *_ = np.linalg.lstsq(np.c_[X, np.ones(60)], Y, rcond=None)
    return net, fun, gauss_newton, coef.ravel()


@pytest.mark.parametrize("cls", [LBFGS, ConjugateGradient, LevenbergMarquardt])
def test_full_batch_solvers_reach_least_squares_optimum(cls):
    net, fun, gauss_newton, optimum = _least_squares()
    losses = []

    def callback(theta, loss):
        losses.append(loss)
        return False

    if cls is LevenbergMarquardt:
        solver = cls(max_iter=20, mu=1e-8)
        result = solver.solve(np.zeros(net.n_params), fun, callback, gauss_newton)
        # Gauss-Newton is exact on a linear least-squares problem: one step.
        np.testing.assert_allclose(losses[0], fun(optimum)[0], rtol=1e-9)
    else:
        result = cls(max_iter=200, tol=1e-10).solve(
            np.zeros(net.n_params), fun, callback
        )
    # L-BFGS-B also stops on its relative loss decrease (ftol): 1e-5 there.
    np.testing.assert_allclose(result.theta, optimum, atol=1e-5)
    assert result.n_iter == len(losses)
    assert all(b <= a + 1e-12 for a, b in zip(losses, losses[1:]))


def test_levenberg_marquardt_rejects_uphill_steps():
    # f(t) = t^4 with a Gauss-Newton "matrix" far too small: the first steps
    # overshoot, are rejected, and mu grows until a step lowers the loss.
    calls = {"fun": 0}

    def fun(theta):
        calls["fun"] += 1
        return float(theta[0] ** 4), 4 * theta**3

    def gauss_newton(theta):
        return np.array([[1e-6]]), 4 * theta**3, float(theta[0] ** 4)

    result = LevenbergMarquardt(max_iter=5, mu=1e-6).solve(
        np.array([1.0]), fun, lambda theta, loss: False, gauss_newton
    )
    assert result.n_iter == 5
    assert calls["fun"] > 5  # rejected steps were evaluated and retried
    assert 0 < result.theta[0] < 1.0


def test_levenberg_marquardt_stops_at_mu_max():
    def fun(theta):
        return 1.0, np.ones(1)  # nothing ever lowers the loss

    def gauss_newton(theta):
        return np.eye(1), np.ones(1), 1.0

    result = LevenbergMarquardt(max_iter=5, mu_max=1e3).solve(
        np.zeros(1), fun, lambda theta, loss: False, gauss_newton
    )
    assert result.n_iter == 0 and "mu_max" in result.message


# -- every declared hyperparameter reaches its solver ---------------------------
_VALUES = {
    "momentum": 0.5,
    "nesterovs_momentum": True,
    "beta_1": 0.8,
    "beta_2": 0.9,
    "epsilon": 1e-6,
    "tol": 1e-3,
    "max_fun": 77,
    "lm_mu": 0.5,
    "lm_mu_inc": 3.0,
    "lm_mu_dec": 0.5,
    "lm_mu_max": 1e5,
    "lm_damping": "trainlm",
}


@pytest.mark.parametrize("name", sorted(SOLVERS))
def test_declared_hyperparameters_reach_the_solver(name, monkeypatch):
    import warnings

    from sklearn.datasets import load_iris
    from sklearn.exceptions import ConvergenceWarning

    from skebp import EBPClassifier

    cls = SOLVERS[name]
    own = cls.hyperparameters
    assert set(own.values()) <= set(_VALUES)
    assert cls.consumes() >= set(own.values()) | set(cls.common_hyperparameters)
    built = []
    original = cls.from_params.__func__

    def spy(klass, params, *args, **kwargs):
        built.append(original(klass, params, *args, **kwargs))
        return built[-1]

    monkeypatch.setattr(cls, "from_params", classmethod(spy))
    X, y = load_iris(return_X_y=True)
    params = {p: _VALUES[p] for p in own.values()}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        EBPClassifier((3,), solver=name, max_iter=2, random_state=0, **params).fit(X, y)
    solver = built[0]
    for arg, param in own.items():
        assert getattr(solver, arg) == _VALUES[param], (arg, param)
    assert getattr(solver, "max_iter", 2) == 2


def test_float32_gauss_newton_build_matches_float64(monkeypatch):
    # a float32 network multiplies each Jacobian chunk in float32 (ssyrk)
    # and sums the chunks in float64: G's upper triangle as in float64 to
    # float32's precision, the lower triangle untouched
    rng = np.random.RandomState(0)
    net = Network([6, 5, 3], ["tanh", "softmax"], "cross_entropy")
    # chunks of 7 rows in float64 (14 in float32): several chunks of the 40 rows
    monkeypatch.setattr(_full_batch, "JACOBIAN_CHUNK_BYTES", 8 * 3 * net.n_params * 7)
    X, Y = make_problem(rng, 40, 6, 3, "softmax")
    theta = net.init_params(rng)
    results = {}
    for dtype in (np.float64, np.float32):
        data = TrainingData(X.astype(dtype), Y.astype(dtype))
        _, gauss_newton = _full_batch.full_batch_objective(net, dtype, data, 0.1)
        results[dtype] = gauss_newton(theta)
    (G64, g64, l64), (G32, g32, l32) = results[np.float64], results[np.float32]
    assert G32.dtype == np.float64 and G32.shape == (net.n_params,) * 2
    upper = np.triu_indices(net.n_params)
    np.testing.assert_allclose(G32[upper], G64[upper], rtol=1e-4, atol=1e-6)
    assert not np.tril(G32, -1).any()
    np.testing.assert_allclose(g32, g64, rtol=1e-4, atol=1e-6)
    assert l32 == pytest.approx(l64, rel=1e-5)


def test_float32_gauss_newton_buffer_waits_for_the_first_build():
    # full_batch_objective serves L-BFGS and CG too, which never build G: a
    # float32 network of a million parameters must not reserve P x P floats
    add = _full_batch._gauss_newton_accumulator(10**6, np.float32)
    assert callable(add)
