"""Batch and layer normalization: kernels against finite differences, the
inference behaviour, and the estimators' parameter."""

import pickle
import warnings

import numpy as np
import pytest
from _helpers import check_jacobian_and_gauss_newton, make_problem, numeric_grad
from sklearn.datasets import load_iris
from sklearn.exceptions import ConvergenceWarning

from skebp import EBPClassifier, EBPRegressor
from skebp._losses import LOSSES
from skebp._network import Network
from skebp._normalization import EPSILON, MOMENTUM

OUTPUTS = [(loss, out) for loss in LOSSES for out in LOSSES[loss].out_activations]


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        yield


def _net(kind, hidden, loss, out, seed=0):
    rng = np.random.RandomState(seed)
    net = Network([4, 5, 3, 3], [hidden, "tanh", out], loss, kind)
    theta = net.init_params(rng) + 0.3 * rng.normal(size=net.n_params)
    X, Y = make_problem(rng, 7, 4, 3, out)
    return net, theta, X, Y, rng.uniform(0.5, 2.0, size=7)


@pytest.mark.parametrize("kind", ["batch", "layer"])
@pytest.mark.parametrize("hidden", ["lecun_tanh", "relu", "swish", "rbf"])
@pytest.mark.parametrize("loss, out", OUTPUTS)
def test_gradient_matches_central_differences(kind, hidden, loss, out):
    net, theta, X, Y, sw = _net(kind, hidden, loss, out)
    ws = net.workspace(7, np.float64)
    grad = np.empty_like(theta)
    net.loss_grad(theta, X, Y, sw, 0.2, grad, ws)
    numeric = numeric_grad(net, theta, X, Y, sw, 0.2, ws)
    np.testing.assert_allclose(grad, numeric, rtol=1e-4, atol=1e-7)
    # the scale and shift parameters sit after the weights, start at 1 and 0
    params = net.params(net.init_params(np.random.RandomState(0)))
    gammas, betas = [p.gamma for p in params], [p.beta for p in params]
    assert [g is None for g in gammas] == [hidden == "rbf", False, True]
    assert all(np.all(g == 1) for g in gammas if g is not None)
    assert all(np.all(b == 0) for b in betas if b is not None)


@pytest.mark.parametrize("loss, out", OUTPUTS)
def test_layer_norm_jacobian_and_gauss_newton_match_explicit(loss, out):
    net, theta, X, Y, sw = _net("layer", "lecun_tanh", loss, out)
    check_jacobian_and_gauss_newton(net, theta, X, Y, sw, loss, out)


def test_batch_norm_has_no_per_sample_jacobian():
    net, theta, X, _, _ = _net("batch", "tanh", "squared_error", "identity")
    with pytest.raises(ValueError, match="couples the samples"):
        net.output_jacobian(theta, X, net.workspace(7, np.float64))


@pytest.mark.parametrize("kind", ["batch", "layer"])
def test_gauss_newton_diagonal_of_scale_and_shift_is_exact_below_one_output(kind):
    # Each scale and shift reaches the single output through one unit.
    rng = np.random.RandomState(3)
    net = Network([4, 6, 1], ["tanh", "identity"], "squared_error", kind)
    theta = net.init_params(rng) + 0.3 * rng.normal(size=net.n_params)
    X, Y = make_problem(rng, 9, 4, 1, "identity")
    ws = net.workspace(9, np.float64)
    h = net.gauss_newton_diagonal(theta, X, Y, None, 9.0, ws, np.empty(net.n_params))
    # exact diagonal for these entries: sum_p (d out_p / d param)^2 / n
    J = np.empty((9, net.n_params))
    for q in range(net.n_params):
        tp, tm = theta.copy(), theta.copy()
        tp[q] += 1e-6
        tm[q] -= 1e-6
        J[:, q] = (
            net.forward(tp, X, ws, train=True)[:, 0].copy()
            - net.forward(tm, X, ws, train=True)[:, 0]
        ) / 2e-6
    exact = np.mean(J**2, axis=0)
    block = slice(net.gamma_slices[0].start, net.beta_slices[0].stop)
    if kind == "layer":
        np.testing.assert_allclose(h[block], exact[block], rtol=1e-5, atol=1e-10)
    else:
        # batch statistics couple the samples: only the shifts' sum survives
        assert np.all(h[block] >= 0)
    top = slice(net.coef_slices[1].start, net.intercept_slices[1].stop)
    np.testing.assert_allclose(h[top], exact[top], rtol=1e-5, atol=1e-10)


def test_batch_norm_running_statistics_and_inference():
    rng = np.random.RandomState(0)
    net = Network([3, 4, 2], ["tanh", "identity"], "squared_error", "batch")
    theta = net.init_params(rng)
    X = 3.0 + 2.0 * rng.normal(size=(50, 3))
    ws = net.workspace(50, np.float64)
    net.forward(theta, X, ws, train=True, update_stats=True)
    W, b = net.unpack(theta)[0][0], net.unpack(theta)[1][0]
    Z = X @ W + b
    np.testing.assert_allclose(net.running_mean[0], MOMENTUM * Z.mean(axis=0))
    np.testing.assert_allclose(
        net.running_var[0], (1 - MOMENTUM) + MOMENTUM * Z.var(axis=0, ddof=1)
    )
    # prediction: the running statistics, so a row's output does not depend
    # on the rows predicted with it
    one = net.forward(theta, X[:1], ws).copy()
    many = net.forward(theta, X, ws)[:1]
    np.testing.assert_allclose(one, many)
    expected_hidden = np.tanh(
        (Z[:1] - net.running_mean[0]) / np.sqrt(net.running_var[0] + EPSILON)
    )
    net.forward(theta, X[:1], ws)
    np.testing.assert_allclose(ws.out[0][:1], expected_hidden)
    # training mode with update_stats=False leaves them alone
    before = net.running_mean[0].copy()
    net.forward(theta, X, ws, train=True)
    np.testing.assert_array_equal(net.running_mean[0], before)


def test_layer_norm_same_in_training_and_prediction():
    rng = np.random.RandomState(1)
    net = Network([3, 5, 2], ["relu", "identity"], "squared_error", "layer")
    theta = net.init_params(rng) + 0.2 * rng.normal(size=net.n_params)
    X = rng.normal(size=(6, 3))
    ws = net.workspace(6, np.float64)
    train = net.forward(theta, X, ws, train=True).copy()
    np.testing.assert_allclose(net.forward(theta, X, ws), train)
    np.testing.assert_allclose(net.forward(theta, X[2:3], ws), train[2:3])


@pytest.mark.parametrize("kind", ["batch", "layer"])
@pytest.mark.parametrize("solver", ["sgd", "momentum", "adam"])
def test_estimators_train_with_normalization(kind, solver, digits):
    X, y = digits
    clf = EBPClassifier(
        (32, 32, 32),
        normalization=kind,
        solver=solver,
        learning_rate_init=0.1 if solver == "sgd" else 0.01,
        max_iter=20,
        random_state=0,
    ).fit(X, y)
    assert clf.score(X, y) > 0.95
    a = EBPClassifier(
        (8,), normalization=kind, solver=solver, max_iter=3, random_state=2
    ).fit(X, y)
    b = EBPClassifier(
        (8,), normalization=kind, solver=solver, max_iter=3, random_state=2
    ).fit(X, y)
    assert a._theta.tobytes() == b._theta.tobytes()


@pytest.mark.parametrize(
    "params", [{"solver": "lbfgs"}, {"solver": "levenberg_marquardt", "max_iter": 20}]
)
def test_layer_norm_with_full_batch_solvers(params, digits):
    X, y = digits
    clf = EBPClassifier((16,), normalization="layer", random_state=0, **params)
    assert clf.fit(X[:300], y[:300]).score(X[:300], y[:300]) > 0.9


@pytest.mark.parametrize(
    "params, match",
    [
        ({"solver": "lbfgs"}, "normalization='batch' needs a mini-batch solver"),
        ({"solver": "levenberg_marquardt"}, "needs a mini-batch solver"),
        ({"batch_size": 1}, "needs batch_size > 1"),
        ({"normalization": "group"}, "normalization"),
    ],
)
def test_batch_norm_refusals(params, match):
    X, y = load_iris(return_X_y=True)
    with pytest.raises(ValueError, match=match):
        EBPClassifier((4,), **{"normalization": "batch", **params}).fit(X, y)


def test_partial_fit_and_warm_start_keep_running_statistics(digits):
    X, y = digits
    clf = EBPClassifier((8,), normalization="batch", random_state=0)
    clf.partial_fit(X, y, classes=np.unique(y))
    net = clf._network
    mean = net.running_mean[0].copy()
    clf.partial_fit(X, y)
    assert clf._network is net and not np.array_equal(mean, net.running_mean[0])
    reg = EBPRegressor((6,), normalization="batch", warm_start=True, max_iter=2)
    reg.set_params(random_state=0).fit(X, y)
    net, var = reg._network, reg._network.running_var[0].copy()
    reg.fit(X, y)
    assert reg._network is net and not np.array_equal(var, net.running_var[0])
    restored = pickle.loads(pickle.dumps(reg))
    np.testing.assert_array_equal(restored.predict(X), reg.predict(X))
    with pytest.raises(ValueError, match="normalization"):
        reg.set_params(normalization="layer").fit(X, y)


def test_layer_norm_on_line_runs_the_mini_batch_path(digits):
    # the fused one-sample kernel has no normalization: the estimator must
    # not pick it, and the fit must still learn
    X, y = digits
    clf = EBPClassifier(
        (16,), normalization="layer", batch_size=1, max_iter=5, random_state=0
    ).fit(X, y)
    assert clf.score(X, y) > 0.9


@pytest.mark.parametrize("kind, independent", [("layer", True), ("batch", False)])
def test_layer_norm_does_not_depend_on_the_batch(kind, independent):
    """A sample's training-mode output is the same alone and in any batch
    under layer normalization; under batch normalization it is not."""
    rng = np.random.RandomState(0)
    net = Network([5, 6, 4, 3], ["relu", "relu", "softmax"], "cross_entropy", kind)
    theta = net.init_params(rng)
    X = rng.normal(size=(50, 5))
    ws = net.workspace(50, np.float64)
    in_batch = net.forward(theta, X, ws, train=True)[0].copy()
    alone = net.forward(theta, X[:2], ws, train=True)[0].copy()
    assert np.array_equal(in_batch, alone) == independent
