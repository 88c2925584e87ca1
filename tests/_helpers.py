"""Helpers shared by the test modules (no tests here): small problems,
finite-difference gradients, explicit Jacobians, the paper's linear toy."""

import numpy as np

from skebp._activations import ACTIVATIONS


def make_problem(rng, n, n_features, n_outputs, out):
    """Inputs and targets suited to the output activation ``out``: one-hot
    rows for softmax, 0/1 labels for logistic, real values otherwise."""
    X = rng.normal(size=(n, n_features))
    if out == "softmax":
        Y = np.eye(n_outputs)[rng.randint(n_outputs, size=n)]
    elif out == "logistic":
        Y = rng.randint(2, size=(n, n_outputs)).astype(float)
    else:
        Y = rng.normal(size=(n, n_outputs))
    return X, Y


def numeric_grad(net, theta, X, Y, sw, l2, ws):
    g = np.empty_like(theta)
    h = 1e-6
    scratch = np.empty_like(theta)
    for k in range(theta.size):
        tp, tm = theta.copy(), theta.copy()
        tp[k] += h
        tm[k] -= h
        lp = net.loss_grad(tp, X, Y, sw, l2, scratch, ws)
        lm = net.loss_grad(tm, X, Y, sw, l2, scratch, ws)
        g[k] = (lp - lm) / (2 * h)
    return g


def explicit_output_jacobian(net, theta, X):
    """d z_out / d theta by central differences, shape (m, k, n_params)."""
    ws = net.workspace(len(X), np.float64)
    h = 1e-6
    k = net.layer_sizes[-1]
    J = np.empty((len(X), k, net.n_params))
    for q in range(net.n_params):
        tp, tm = theta.copy(), theta.copy()
        tp[q] += h
        tm[q] -= h
        net.forward(tp, X, ws)
        zp = ws.pre[-1][: len(X)].copy()
        net.forward(tm, X, ws)
        J[:, :, q] = (zp - ws.pre[-1][: len(X)]) / (2 * h)
    return J


def output_hessian(loss, out, z):
    """Gauss-Newton Hessian of one sample's loss in its output pre-activation."""
    if loss == "cross_entropy" and out == "softmax":
        p = np.exp(z - z.max())
        p /= p.sum()
        return np.diag(p) - np.outer(p, p)
    a = ACTIVATIONS[out].forward(z[None].copy(), np.empty((1, z.size)))[0]
    if loss == "cross_entropy":
        return np.diag(a * (1 - a))
    d = ACTIVATIONS[out].derivative(z[None], a[None], np.empty((1, z.size)))[0]
    return np.diag(d * d)


def check_jacobian_and_gauss_newton(net, theta, X, Y, sw, loss, out):
    """Assert that ``output_jacobian`` equals the central-difference Jacobian
    and ``gauss_newton`` the weighted sum of J_p^T H_p J_p built from it;
    return the workspace and gauss_newton's gradient and loss."""
    n = len(X)
    ws = net.workspace(n, np.float64)
    J_explicit = explicit_output_jacobian(net, theta, X)
    np.testing.assert_allclose(
        net.output_jacobian(theta, X, ws), J_explicit, rtol=1e-6, atol=1e-8
    )
    G, grad, loss_value = net.gauss_newton(theta, X, Y, sw, sw.sum(), ws)
    Z = ws.pre[-1][:n].copy()
    G_explicit = sum(
        sw[p]
        / sw.sum()
        * J_explicit[p].T
        @ output_hessian(loss, out, Z[p])
        @ J_explicit[p]
        for p in range(n)
    )
    np.testing.assert_allclose(G, G_explicit, rtol=1e-6, atol=1e-9)
    return ws, grad, loss_value


def linear_toy(seed=0, n=100):
    """Efficient BackProp's linear toy: two Gaussian classes at +-(0.4, 0.8),
    sigma 0.2, targets +-1."""
    rng = np.random.RandomState(seed)
    y = np.repeat([-1.0, 1.0], n // 2)
    X = np.where(y[:, None] > 0, [0.4, 0.8], [-0.4, -0.8])
    return X + 0.2 * rng.normal(size=(n, 2)), y


def pack(network, coefs, intercepts):
    """A flat vector holding ``coefs`` and ``intercepts`` (the inverse of
    ``Network.unpack``), for building expected values in tests."""
    theta = np.zeros(network.n_params)
    for s, c in zip(network.coef_slices, coefs):
        theta[s] = np.ravel(c)
    for s, b in zip(network.intercept_slices, intercepts):
        theta[s] = b
    return theta


def benchmark_script(name):
    """``benchmarks/<name>.py``, imported from its path (the folder is not a
    package; it is on ``sys.path`` while the script runs, for the sibling
    scripts it imports)."""
    import importlib.util
    import sys
    from pathlib import Path

    folder = Path(__file__).parents[1] / "benchmarks"
    spec = importlib.util.spec_from_file_location(name, folder / f"{name}.py")
    script = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(folder))
    try:
        spec.loader.exec_module(script)
    finally:
        sys.path.remove(str(folder))
    return script


def one_hot_table(n=600, levels=30, seed=0):
    """Three numeric columns and four one-hot encoded ones of ``levels``
    levels each: about 6 % of the standardized table's entries differ from
    their column's common value."""
    rng = np.random.RandomState(seed)
    numeric = rng.normal(size=(n, 3))
    codes = rng.randint(levels, size=(n, 4))
    onehot = np.concatenate([np.eye(levels)[codes[:, j]] for j in range(4)], axis=1)
    X = np.hstack([numeric, onehot])
    y = numeric[:, 0] + (codes[:, 0] % 3) - 0.5 * (codes[:, 1] % 2)
    return X, y


#: Fits on one-hot tables, by name: each compared across the ways of taking
#: the first layer's products.
ONE_HOT_CASES = {
    "adam": dict(solver="adam"),
    "sgd": dict(solver="sgd"),
    "momentum l2": dict(solver="momentum", alpha=1.0),
    "nesterov": dict(solver="momentum", nesterovs_momentum=True),
    "sgd fan_in rates": dict(solver="sgd", per_weight_rates="fan_in"),
    "emphasize": dict(solver="momentum", shuffle="emphasize"),
    "raw inputs": dict(solver="adam", whitening="none"),
    "two layers": dict(solver="adam", hidden_layer_sizes=(12, 7)),
    "no hidden layer": dict(solver="sgd", hidden_layer_sizes=()),
}
