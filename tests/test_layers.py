"""Layer types: radial basis units, swish and softplus, in the network and the
estimators.  (Their gradients, Jacobians and Gauss-Newton blocks are in the
finite-difference tests of test_network and test_curvature, which run over
every activation.)"""

import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.datasets import make_blobs
from sklearn.exceptions import ConvergenceWarning

from skebp import EBPClassifier, EBPRegressor
from skebp._layers import OffsetRows
from skebp._network import Network
from skebp._rbf import WIDTH_NEIGHBOURS, place_centers


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        yield


def test_radial_unit_is_a_gaussian_of_the_distance():
    rng = np.random.RandomState(0)
    net = Network([3, 4, 1], ["rbf", "identity"], "squared_error")
    theta = rng.normal(size=net.n_params)
    X = rng.normal(size=(5, 3))
    net.forward(theta, X, ws := net.workspace(5, np.float64))
    (C, _), (b, _) = net.unpack(theta)
    sigma = np.exp(b)
    dist2 = ((X[:, :, None] - C[None]) ** 2).sum(axis=1)
    np.testing.assert_allclose(ws.out[0][:5], np.exp(-dist2 / (2 * sigma**2)))


def test_radial_centers_are_not_penalized():
    net = Network([3, 4, 2], ["rbf", "softmax"], "cross_entropy")
    mask = net.weight_mask()
    assert not mask[net.coef_slices[0]].any()
    assert mask[net.coef_slices[1]].all()


def test_radial_layer_sparse_input_matches_dense():
    rng = np.random.RandomState(1)
    net = Network([6, 4, 2], ["rbf", "softmax"], "cross_entropy")
    theta = net.init_params(rng)
    X = rng.normal(size=(9, 6))
    X[np.abs(X) < 0.7] = 0
    Y = np.eye(2)[rng.randint(2, size=9)]
    ws = net.workspace(9, np.float64)
    g_dense, g_sparse = np.empty_like(theta), np.empty_like(theta)
    h_dense, h_sparse = np.empty_like(theta), np.empty_like(theta)
    loss = net.loss_grad(theta, X, Y, None, 0.1, g_dense, ws)
    assert net.loss_grad(theta, sp.csr_matrix(X), Y, None, 0.1, g_sparse, ws) == (
        pytest.approx(loss)
    )
    np.testing.assert_allclose(g_sparse, g_dense)
    net.gauss_newton_diagonal(theta, X, Y, None, 9.0, ws, h_dense)
    net.gauss_newton_diagonal(theta, sp.csr_matrix(X), Y, None, 9.0, ws, h_sparse)
    np.testing.assert_allclose(h_sparse, h_dense)


def test_place_centers_finds_the_clusters():
    centers = np.array([[0.0, 0.0], [5.0, 0.0], [0.0, 8.0]])
    X, _ = make_blobs(300, centers=centers, cluster_std=0.1, random_state=0)
    C, log_widths = place_centers(X, 3, np.random.RandomState(0))
    found = C.T[np.argsort(C[0] + 10 * C[1])]
    np.testing.assert_allclose(found, centers[[0, 1, 2]], atol=0.05)
    # width: RMS distance to the 2 nearest other centers
    d = np.linalg.norm(found[:, None] - found[None], axis=2)
    expected = [
        np.sqrt(np.mean(np.sort(row[row > 0])[:WIDTH_NEIGHBOURS] ** 2)) for row in d
    ]
    order = np.argsort(C[0] + 10 * C[1])
    np.testing.assert_allclose(np.exp(log_widths[order]), expected, rtol=1e-2)


def test_place_centers_with_fewer_distinct_rows_than_units():
    X = np.array([[0.0, 1.0], [0.0, 1.0], [2.0, 3.0]])
    C, log_widths = place_centers(X, 5, np.random.RandomState(0))
    assert C.shape == (2, 5)
    assert np.all(np.isfinite(log_widths))
    # a copy is as wide as the row it copies (not the 1e-3 to its twin):
    # the two distinct rows are sqrt(8) apart, each one's only neighbour
    np.testing.assert_allclose(np.exp(log_widths), np.sqrt(8.0))
    single, width = place_centers(X, 1, np.random.RandomState(0))
    assert single.shape == (2, 1) and np.exp(width[0]) > 0


def test_estimator_places_radial_units_by_kmeans(moons):
    X, y = moons
    clf = EBPClassifier((6,), "rbf", max_iter=1, random_state=0).fit(X, y)
    # after one small epoch the centers are still near the k-means ones
    Xw = clf.whitener_.transform(X)
    C = clf.coefs_[0]
    nearest = np.min(np.linalg.norm(Xw[:, :, None] - C[None], axis=1), axis=1)
    assert np.mean(nearest) < 0.5
    assert np.all(np.exp(clf.intercepts_[0]) > 0.1)


@pytest.mark.parametrize(
    "params, least",
    [
        # Each threshold sits below the lowest training accuracy over seeds
        # 0-9 (OpenBLAS Haswell kernels), since the readout is fitted after
        # placement: fixed rates 0.987, momentum and SDLM 0.993, full-batch
        # solvers 0.993 and up.  (Before it, under Haswell and SkylakeX:
        # 0.87, 0.89, 0.93.)
        ({"solver": "sgd", "learning_rate_init": 0.1}, 0.95),
        ({"solver": "momentum"}, 0.95),
        ({"solver": "sgd", "per_weight_rates": "sdlm"}, 0.95),
        # On-line "auto" overshoots on these units: 0.867-0.99 over seeds
        # 0-9 (0.68-0.84 before the readout; fixed on-line rates from 0.003
        # to 0.1 reached 0.98-0.99): the threshold says what it does.
        ({"solver": "sgd", "learning_rate_init": "auto", "batch_size": 1}, 0.8),
        ({"solver": "lbfgs"}, 0.95),
        ({"solver": "levenberg_marquardt", "max_iter": 30}, 0.95),
        ({"solver": "cg"}, 0.95),
    ],
)
def test_every_solver_trains_radial_units(params, least, moons):
    X, y = moons
    clf = EBPClassifier((10,), "rbf", random_state=0, **params).fit(X, y)
    assert clf.score(X, y) > least


def test_sigmoids_below_radial_units_and_determinism(moons):
    X, y = moons
    fits = [
        EBPClassifier(
            (12, 6), ("lecun_tanh", "rbf"), solver="lbfgs", random_state=4
        ).fit(X, y)
        for _ in range(2)
    ]
    assert fits[0]._theta.tobytes() == fits[1]._theta.tobytes()
    assert fits[0].score(X, y) > 0.9


# -- Three-phase training: the readout fitted after placement (trick 8) -----
def _placed(layer_sizes, activations, loss, X, Y, seed=0):
    from skebp._rbf import place_radial_layers
    from skebp._training._data import TrainingData

    net = Network(layer_sizes, activations, loss)
    rng = np.random.RandomState(seed)
    theta = net.init_params(rng)
    before = theta.copy()
    place_radial_layers(net, theta, TrainingData(X, Y), rng)
    return net, theta, before


def test_readout_is_the_ridge_solution_for_squared_error():
    """Phase two: with the last hidden layer radial, the output layer is
    fitted to the radial outputs (squared error: ridge regression with an
    unpenalized bias, solved here in closed form)."""
    from skebp._rbf import READOUT_MIN_L2

    X, _ = make_blobs(300, n_features=3, centers=4, random_state=0)
    Y = np.column_stack([np.sin(X[:, 0]), X[:, 1] * 0.1])
    net, theta, _ = _placed((3, 7, 2), ("rbf", "identity"), "squared_error", X, Y)
    ws = net.workspace(len(X), np.float64)
    net.forward(theta, X, ws, train=True)
    H = np.column_stack([ws.out[0][: len(X)], np.ones(len(X))])
    n, m = H.shape
    penalty = READOUT_MIN_L2 * np.diag([1.0] * (m - 1) + [0.0])  # bias free
    solution = np.linalg.solve(H.T @ H / n + penalty, H.T @ Y / n)
    p = net.params(theta)[1]
    np.testing.assert_allclose(p.W, solution[:-1], rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(p.b, solution[-1], rtol=1e-6, atol=1e-8)


def test_readout_is_stationary_for_softmax_and_left_alone_below_other_units():
    from skebp._rbf import READOUT_MIN_L2

    X, y = make_blobs(300, n_features=2, centers=3, random_state=1)
    Y = np.eye(3)[y]
    net, theta, before = _placed((2, 6, 3), ("rbf", "softmax"), "cross_entropy", X, Y)
    readout = net.readout()
    top = np.concatenate([net.params(theta)[1].W.ravel(), net.params(theta)[1].b])
    ws = net.workspace(len(X), np.float64)
    net.forward(theta, X, ws, train=True)
    grad = np.empty(readout.n_params)
    H = ws.out[0][: len(X)]
    readout.loss_grad(
        top, H, Y, None, READOUT_MIN_L2, grad, readout.workspace(300, float)
    )
    assert np.max(np.abs(grad)) < 1e-6  # the (strictly convex) objective's minimum
    assert not np.allclose(theta[net.coef_slices[1]], before[net.coef_slices[1]])
    # a radial layer below sigmoid units: placed, the output layer untouched
    net, theta, before = _placed(
        (2, 6, 4, 3), ("rbf", "lecun_tanh", "softmax"), "cross_entropy", X, Y
    )
    top = slice(net.coef_slices[2].start, net.n_params)
    np.testing.assert_array_equal(theta[top], before[top])
    assert not np.array_equal(theta[net.coef_slices[0]], before[net.coef_slices[0]])


@pytest.mark.parametrize("solver", ["adam", "sgd", "momentum"])
def test_sigmoids_below_radial_units_train_with_every_first_order_default(solver):
    """Issue 20, item 7: ``("lecun_tanh", "rbf")`` on make_moons(600, 0.2)
    stalled at 0.885 training accuracy with Adam's defaults before the
    readout (the near-linear plateau).  Seeds 0-9 now reach 0.975-0.980
    (Adam), 0.973-0.977 (SGD), 0.960-0.980 (momentum); see
    ``benchmarks/check_rbf.py`` for the grid of sizes."""
    from sklearn.datasets import make_moons

    X, y = make_moons(600, noise=0.2, random_state=0)
    for seed in range(3):
        clf = EBPClassifier(
            (10, 10),
            ("lecun_tanh", "rbf"),
            solver=solver,
            early_stopping=False,
            random_state=seed,
        ).fit(X, y)
        assert clf.score(X, y) > 0.95


@pytest.mark.parametrize("activation", ["swish", "softplus"])
def test_swish_and_softplus_estimators(activation, moons):
    # Without the small fits' penalty (alpha="auto" gives this 300-row
    # classifier alpha=1, which makes these smooth units nearly linear at
    # L-BFGS's convergence): the units must be able to fit the moons.
    X, y = moons
    clf = EBPClassifier((16,), activation, solver="lbfgs", alpha=0.0, random_state=0)
    assert clf.fit(X, y).score(X, y) > 0.9
    reg = EBPRegressor((16,), activation, solver="lbfgs", alpha=0.0, random_state=0)
    assert reg.fit(X, X[:, 0] * X[:, 1]).score(X, X[:, 0] * X[:, 1]) > 0.9


def test_activation_tuple_must_match_the_hidden_layers(moons):
    # (the output layer's activation follows the task; it is never radial)
    X, y = moons
    with pytest.raises(ValueError, match="activation has 2 entries"):
        EBPClassifier((4,), ("rbf", "rbf")).fit(X, y)


# -- PReLU: a learned slope per unit --------------------------------------------
@pytest.mark.parametrize(
    "params",
    [
        {"solver": "adam"},
        {"solver": "sgd", "batch_size": 1, "learning_rate_init": 0.01},
        {"solver": "momentum", "per_weight_rates": "sdlm"},
        {"solver": "lbfgs"},
        {"solver": "levenberg_marquardt", "max_iter": 30},
    ],
)
def test_prelu_learns_its_slopes(params, moons):
    X, y = moons
    clf = EBPClassifier((8, 8), "prelu", init="he", random_state=0, **params)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X, y)
    assert clf.score(X, y) > 0.85
    slopes = clf.slopes_
    assert len(slopes) == 2 and all(s.shape == (8,) for s in slopes)
    assert not np.allclose(np.concatenate(slopes), 0.25)  # they moved
    assert all(np.shares_memory(s, clf._theta) for s in slopes)


def test_prelu_slopes_per_layer_and_not_penalized(moons):
    X, y = moons
    kw = dict(hidden_layer_sizes=(6, 4), max_iter=5, random_state=0)
    clf = EBPClassifier(activation=("prelu", "relu"), **kw).fit(X, y)
    assert clf.slopes_[1] is None and clf.slopes_[0].shape == (6,)
    assert clf._network.weight_mask()[clf._network.slope_slices[0]].sum() == 0
    # before training, PReLU is the leaky ReLU of slope 0.25
    from skebp._activations import ACTIVATIONS

    z = np.linspace(-2, 2, 9)[None]
    at_init = ACTIVATIONS["prelu"].forward(z, np.empty_like(z))
    np.testing.assert_array_equal(at_init, np.where(z > 0, z, 0.25 * z))
    one_epoch = EBPClassifier(activation="prelu", **{**kw, "max_iter": 1})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        slopes = np.concatenate(one_epoch.fit(X, y).slopes_)
    assert np.all(np.abs(slopes - 0.25) < 0.1)  # started there


@pytest.mark.parametrize("normalization", ["none", "layer"])
def test_offset_rows_give_the_dense_rows_products(normalization):
    """A first layer fed OffsetRows (entries off each column's value in CSR,
    plus the values) computes what it computes from the same rows dense:
    the outputs, the gradient, the Gauss-Newton diagonal and the output
    Jacobian."""
    rng = np.random.RandomState(0)
    n, d = 40, 12
    offset = rng.normal(size=d)
    S = sp.random(n, d, density=0.1, random_state=rng, format="csr")
    rows = OffsetRows(S, offset)
    X = rows.toarray()
    np.testing.assert_array_equal(X, S.toarray() + offset)
    assert rows.shape == (n, d)
    net = Network([d, 6, 3], ["tanh", "softmax"], "cross_entropy", normalization)
    theta = rng.normal(size=net.n_params)
    Y = np.eye(3)[rng.randint(3, size=n)]
    ws = net.workspace(n, np.float64)
    found = {}
    for name, A in (("offset", rows), ("dense", X)):
        out = net.forward(theta, A, ws).copy()
        grad = np.empty_like(theta)
        loss = net.loss_grad(theta, A, Y, None, 0.1, grad, ws)
        curvature = np.empty_like(theta)
        net.gauss_newton_diagonal(theta, A, Y, None, n, ws, curvature)
        jacobian = net.output_jacobian(theta, A, ws)
        found[name] = (out, loss, grad, curvature, jacobian)
    for a, b in zip(found["offset"], found["dense"]):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-13)
