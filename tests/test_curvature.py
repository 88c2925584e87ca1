"""Curvature kernels (Gauss-Newton diagonal, Hessian-vector product), the
power method for lambda_max, SDLM's running average and the rate schedules."""

import numpy as np
import pytest
import scipy.sparse as sp
from _helpers import linear_toy, make_problem, pack

from skebp._activations import ACTIVATIONS
from skebp._curvature import DiagonalLevenbergMarquardt, estimate_lambda_max
from skebp._losses import LOSSES
from skebp._network import Network
from skebp._rates import Probe
from skebp._solvers import SCHEDULES
from skebp._solvers._schedules import ADAPTIVE_MAX_GROWTH

OUTPUTS = [(loss, out) for loss in LOSSES for out in LOSSES[loss].out_activations]


def _setup(layers, acts, loss, out, n=7, seed=0):
    rng = np.random.RandomState(seed)
    net = Network(layers, [*acts, out], loss)
    theta = net.init_params(rng)
    theta += 0.2 * rng.normal(size=theta.shape)
    X, Y = make_problem(rng, n, layers[0], layers[-1], out)
    sw = rng.uniform(0.5, 2.0, size=n)
    return net, theta, X, Y, sw


def _ggn_diagonal(net, theta, X, Y, sw):
    """The exact generalized Gauss-Newton diagonal (the matrix itself is
    checked against Jacobian x output Hessian in test_network)."""
    G, _, _ = net.gauss_newton(theta, X, Y, sw, sw.sum(), net.workspace(len(X), float))
    return np.diag(G)


def _gn_diagonal(net, theta, X, Y, sw):
    out = np.empty(net.n_params)
    ws = net.workspace(len(X), np.float64)
    return net.gauss_newton_diagonal(theta, X, Y, sw, sw.sum(), ws, out)


def _recursion_per_sample(net, theta, X, sw):
    """The paper's recursion written out unit by unit, one sample at a time."""
    coefs, intercepts = net.unpack(theta)
    total = np.zeros(net.n_params)
    for x, s in zip(X, sw):
        acts, zs, a = [x], [], x
        for W, b, act, s_slope in zip(
            coefs, intercepts, net.activations, net.slope_slices
        ):
            z = a @ W + b
            a = np.empty_like(z)
            if act == "softmax":
                a = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
            elif act == "prelu":  # the slopes are parameters
                a = np.where(z > 0, z, theta[s_slope] * z)
            else:
                ACTIVATIONS[act].forward(z, a)
            zs.append(z)
            acts.append(a)
        out_act = net.activations[-1]
        if net.loss.name == "cross_entropy":  # softmax's diagonal, or logistic
            h_y = a * (1 - a)
        else:
            d = ACTIVATIONS[out_act].derivative(
                zs[-1][None], a[None], np.empty((1, a.size))
            )
            h_y = d[0] ** 2
        h = net.unpack(np.zeros(net.n_params))
        hc, hb = h
        slopes = np.zeros(net.n_params)
        for i in range(net.n_layers - 1, -1, -1):
            for j in range(coefs[i].shape[0]):
                for k in range(coefs[i].shape[1]):
                    hc[i][j, k] = h_y[k] * acts[i][j] ** 2
            hb[i][:] = h_y
            if i > 0:
                h_x = np.array(
                    [
                        sum(h_y[k] * coefs[i][j, k] ** 2 for k in range(h_y.size))
                        for j in range(coefs[i].shape[0])
                    ]
                )
                act = net.activations[i - 1]
                if act == "prelu":  # d2E/dslope^2 = d2E/dx^2 min(z, 0)^2
                    s_slope = net.slope_slices[i - 1]
                    slopes[s_slope] = h_x * np.minimum(zs[i - 1], 0) ** 2
                    fp = np.where(zs[i - 1] > 0, 1.0, theta[s_slope])
                else:
                    fp = ACTIVATIONS[act].derivative(
                        zs[i - 1][None], acts[i][None], np.empty((1, h_x.size))
                    )[0]
                h_y = h_x * fp**2
        total += s * (pack(net, hc, hb) + slopes)
    return total / sw.sum()


# Radial layers have their own recursion, checked by the exact cases below.
@pytest.mark.parametrize("hidden", sorted(set(ACTIVATIONS) - {"rbf"}))
@pytest.mark.parametrize("loss, out", OUTPUTS)
def test_gn_diagonal_is_the_papers_recursion(hidden, loss, out):
    net, theta, X, Y, sw = _setup([4, 5, 3, 3], [hidden, hidden], loss, out)
    np.testing.assert_allclose(
        _gn_diagonal(net, theta, X, Y, sw),
        _recursion_per_sample(net, theta, X, sw),
        rtol=1e-10,
        atol=1e-14,
    )


@pytest.mark.parametrize("hidden", sorted(ACTIVATIONS))
@pytest.mark.parametrize("loss, out", OUTPUTS)
def test_gn_diagonal_top_layer_is_exact(hidden, loss, out):
    # The output layer's weights each reach one output unit: no cross term
    # is dropped, so the entries equal the explicit Gauss-Newton matrix's.
    net, theta, X, Y, sw = _setup([4, 5, 3, 3], [hidden, hidden], loss, out)
    top = slice(net.coef_slices[-1].start, net.intercept_slices[-1].stop)
    np.testing.assert_allclose(
        _gn_diagonal(net, theta, X, Y, sw)[top],
        _ggn_diagonal(net, theta, X, Y, sw)[top],
        rtol=1e-10,
        atol=1e-14,
    )


@pytest.mark.parametrize("hidden", sorted(ACTIVATIONS))
@pytest.mark.parametrize("loss, out", [o for o in OUTPUTS if o[1] != "softmax"])
def test_gn_diagonal_exact_with_one_output(hidden, loss, out):
    # One output unit above one hidden layer: each hidden unit feeds a single
    # unit, so the whole diagonal is exact.
    net, theta, X, Y, sw = _setup([4, 6, 1], [hidden], loss, out)
    np.testing.assert_allclose(
        _gn_diagonal(net, theta, X, Y, sw),
        _ggn_diagonal(net, theta, X, Y, sw),
        rtol=1e-10,
        atol=1e-14,
    )


@pytest.mark.parametrize("loss, out", OUTPUTS)
def test_gn_diagonal_exact_without_hidden_layer(loss, out):
    net, theta, X, Y, sw = _setup([4, 3], [], loss, out)
    np.testing.assert_allclose(
        _gn_diagonal(net, theta, X, Y, sw),
        _ggn_diagonal(net, theta, X, Y, sw),
        rtol=1e-10,
        atol=1e-14,
    )


def test_gn_diagonal_squared_error_linear_is_the_hessian_diagonal():
    # Linear unit, squared error: the Hessian is X_a^T S X_a / sum(s).
    net, theta, X, Y, sw = _setup([3, 1], [], "squared_error", "identity")
    Xa = np.c_[X, np.ones(len(X))]
    H = Xa.T @ (sw[:, None] * Xa) / sw.sum()
    np.testing.assert_allclose(_gn_diagonal(net, theta, X, Y, sw), np.diag(H))


def test_gn_diagonal_sparse_and_float32():
    net, theta, X, Y, sw = _setup([6, 4, 2], ["tanh"], "cross_entropy", "softmax")
    X[np.abs(X) < 0.6] = 0
    dense = _gn_diagonal(net, theta, X, Y, sw)
    out = np.empty(net.n_params)
    sparse = net.gauss_newton_diagonal(
        theta, sp.csr_matrix(X), Y, sw, sw.sum(), net.workspace(len(X), float), out
    )
    np.testing.assert_allclose(sparse, dense)
    out32 = np.empty(net.n_params, dtype=np.float32)
    single = net.gauss_newton_diagonal(
        theta.astype(np.float32),
        X.astype(np.float32),
        Y.astype(np.float32),
        sw.astype(np.float32),
        float(sw.sum()),
        net.workspace(len(X), np.float32),
        out32,
    )
    assert single.dtype == np.float32
    np.testing.assert_allclose(single, dense, rtol=1e-4, atol=1e-7)


def _hessian_by_second_differences(net, theta, X, Y, sw, l2):
    """Every entry from four loss values: independent of the gradient code."""
    ws, g = net.workspace(len(X), np.float64), np.empty(net.n_params)
    h = 1e-4
    P = net.n_params
    E = np.eye(P) * h

    def f(t):
        return net.loss_grad(t, X, Y, sw, l2, g, ws)

    H = np.empty((P, P))
    for i in range(P):
        for j in range(i, P):
            H[i, j] = H[j, i] = (
                f(theta + E[i] + E[j])
                - f(theta + E[i] - E[j])
                - f(theta - E[i] + E[j])
                + f(theta - E[i] - E[j])
            ) / (4 * h * h)
    return H


@pytest.mark.parametrize("hidden", sorted(ACTIVATIONS))
@pytest.mark.parametrize("loss, out", OUTPUTS)
def test_hessian_vector_matches_second_differences(hidden, loss, out):
    net, theta, X, Y, sw = _setup([3, 3, 2], [hidden], loss, out, n=5)
    if hidden in ("relu", "leaky_relu"):
        theta[net.intercept_slices[0]] += 0.5  # keep units off their kink
    H = _hessian_by_second_differences(net, theta, X, Y, sw, 0.3)
    v = np.random.RandomState(3).normal(size=net.n_params)
    hv = net.hessian_vector(
        theta, X, Y, sw, 0.3, v, net.workspace(5, float), np.empty(net.n_params)
    )
    np.testing.assert_allclose(hv, H @ v, rtol=1e-4, atol=1e-5 * np.abs(H @ v).max())


def test_hessian_vector_exact_for_a_linear_unit():
    net, theta, X, Y, sw = _setup([3, 1], [], "squared_error", "identity")
    Xa = np.c_[X, np.ones(len(X))]
    l2 = 0.5
    H = Xa.T @ (sw[:, None] * Xa) / sw.sum() + l2 * np.diag([1, 1, 1, 0])
    v = np.array([1.0, -2.0, 0.5, 3.0])
    hv = net.hessian_vector(
        theta, X, Y, sw, l2, v, net.workspace(len(X), float), np.empty(4)
    )
    np.testing.assert_allclose(hv, H @ v, rtol=1e-8)
    zero = net.hessian_vector(
        theta, X, Y, sw, l2, np.zeros(4), net.workspace(len(X), float), np.empty(4)
    )
    np.testing.assert_array_equal(zero, 0)


def _sampler(X, Y, rng):
    def sample(size):
        idx = rng.randint(len(X), size=size)
        return X[idx], Y[idx], None

    return sample


@pytest.mark.parametrize("seed", range(5))
def test_power_method_finds_the_toys_lambda_max(seed):
    X, y = linear_toy()
    Xa = np.c_[X, np.ones(len(X))]
    exact = np.linalg.eigvalsh(Xa.T @ Xa / len(X)).max()
    net = Network([2, 1], ["identity"], "squared_error")
    rng = np.random.RandomState(seed)
    lam, psi = estimate_lambda_max(
        net, net.init_params(rng), _sampler(X, y[:, None], rng), 0.0, 1.0, rng
    )
    assert lam == pytest.approx(exact, rel=0.05)
    assert psi.shape == (3,)


def test_power_method_with_rates_estimates_the_preconditioned_matrix():
    X, y = linear_toy()
    Xa = np.c_[X, np.ones(len(X))]
    rates = np.array([4.0, 0.5, 1.0])
    R = np.diag(rates)
    exact = np.linalg.eigvals(R @ Xa.T @ Xa / len(X)).real.max()
    net = Network([2, 1], ["identity"], "squared_error")
    rng = np.random.RandomState(0)
    lam, _ = estimate_lambda_max(
        net,
        net.init_params(rng),
        _sampler(X, y[:, None], rng),
        0.0,
        1.0,
        rng,
        rates=rates,
    )
    assert lam == pytest.approx(exact, rel=0.05)


def test_power_method_on_a_network_agrees_with_the_full_batch_one():
    rng = np.random.RandomState(0)
    net, theta, X, Y, _ = _setup([5, 8, 3], ["tanh"], "cross_entropy", "softmax", 300)
    ws, hv = net.workspace(300, float), np.empty(net.n_params)
    v = rng.normal(size=net.n_params)
    for _ in range(300):  # the plain power method on the whole set
        v /= np.linalg.norm(v)
        net.hessian_vector(theta, X, Y, None, 0.0, v, ws, hv)
        v = hv.copy()
    lam, _ = estimate_lambda_max(net, theta, _sampler(X, Y, rng), 0.0, 1.0, rng)
    assert lam == pytest.approx(np.linalg.norm(hv), rel=0.15)


def test_sdlm_running_average_and_rates():
    X, y = linear_toy()
    Y = y[:, None]
    net = Network([2, 1], ["identity"], "squared_error")
    theta = np.zeros(net.n_params)
    sdlm = DiagonalLevenbergMarquardt(net, mu=0.02, n_samples=1000)
    # sampling everything in order makes the estimate exact
    sdlm.update(Probe(net, theta, lambda m: (X, Y, None), 0.1, 1.0, None, len(X)))
    h1 = np.r_[np.mean(X**2, axis=0) + 0.1, 1.0]
    np.testing.assert_allclose(sdlm.h, h1)
    sdlm.update(Probe(net, theta, lambda m: (2 * X, Y, None), 0.1, 1.0, None, len(X)))
    h2 = np.r_[np.mean(4 * X**2, axis=0) + 0.1, 1.0]
    np.testing.assert_allclose(sdlm.h, 0.5 * h1 + 0.5 * h2)
    rates = sdlm.rates(np.float32)
    assert rates.dtype == np.float32
    np.testing.assert_allclose(rates, 1 / (0.02 + sdlm.h), rtol=1e-6)


def test_sdlm_subset_size_is_capped_by_the_data():
    X, y = linear_toy(n=20)
    net = Network([2, 1], ["identity"], "squared_error")
    sizes = []

    def sample(m):
        sizes.append(m)
        return X[:m], y[:m, None], None

    DiagonalLevenbergMarquardt(net, 0.02).update(
        Probe(net, np.zeros(3), sample, 0.0, 1.0, None, 20)
    )
    assert sizes == [20]


def test_invscaling_is_scikit_learns_rule():
    sched = SCHEDULES["invscaling"](0.1, 3, np.float64, power_t=0.25)
    assert sched.epoch_end(99, 0.1) == pytest.approx(0.1 / 100**0.25)
    assert not sched.per_step
    const = SCHEDULES["constant"](0.1, 3, np.float64)
    assert const.epoch_end(99, 0.07) == 0.07


def test_adaptive_rate_falls_when_gradients_cancel_and_rises_when_they_agree():
    sched = SCHEDULES["adaptive"](0.1, 2, np.float64)
    eta = 0.1
    g = np.array([1.0, -1.0])
    for _ in range(20):  # first epoch: agreeing gradients, eta unchanged
        eta = sched.observe(g.copy(), eta)
    assert eta == 0.1
    eta = sched.epoch_end(20, eta)
    assert sched.beta == pytest.approx(0.1 / np.linalg.norm(g))
    for k in range(2000):  # alternating signs: the average vanishes
        eta = sched.observe((-1) ** k * g, eta)
    assert eta < 0.02
    for _ in range(2000):  # agreeing, and twice as large: back up, capped
        eta = sched.observe(20 * g, eta)
    assert 0.5 < eta <= ADAPTIVE_MAX_GROWTH * 0.1
