"""Kernels of a radial-basis-function layer (Efficient BackProp, trick 8).

A layer with ``activation="rbf"`` keeps the flat parameter layout of an
affine layer but reads it differently: its ``(fan_in, fan_out)`` weight block
``C`` holds one *center* per column and its bias ``b`` the log-widths, ``b_j =
log sigma_j``.  The pre-activation and the output of unit ``j`` are::

    z_j = beta_j ||x - c_j||^2,   beta_j = exp(-2 b_j) / 2 = 1 / (2 sigma_j^2)
    a_j = exp(-z_j)

so the unit is exp(-||x - c_j||^2 / (2 sigma_j^2)); the log-width keeps
sigma positive under unconstrained steps.  The squared distances are
computed with matrix products, ``||x||^2 - 2 x.c + ||c||^2``, never a loop
over units.  With ``g = dE/dz * beta`` (a row per sample)::

    dE/dC = -2 (X^T g - C * sum_p g),  dE/db = -2 sum_p dE/dz * z
    dE/dx = 2 (x * sum_j g - g C^T)

and, for the Gauss-Newton diagonal with the curvature ``h`` at ``z``::

    d2E/dC^2 = 4 beta^2 (X^2^T h - 2 C * X^T h + C^2 * sum_p h)
    d2E/db^2 = 4 sum_p h z^2
    d2E/dx^2 = 4 (x^2 * sum_j h beta^2 - 2 x * (h beta^2) C^T + (h beta^2) C^2^T)
"""

import warnings

import numpy as np
import scipy.sparse as sp
from scipy.optimize import minimize
from scipy.spatial.distance import cdist
from sklearn.cluster import KMeans
from sklearn.exceptions import ConvergenceWarning

from ._compat import blas_threads


def beta(b):
    """``1 / (2 sigma^2)`` from the log-widths ``b``."""
    return 0.5 * np.exp(-2.0 * b)


def _rows_squared(A):
    """Each row's squared norm, as a column."""
    if sp.issparse(A):
        return np.asarray(A.multiply(A).sum(axis=1))
    return np.einsum("ij,ij->i", A, A)[:, None]


def _squared(A):
    return A.multiply(A) if sp.issparse(A) else A * A


def pre_activation(A, C, b, out):
    """``out = beta * ||a - c||^2`` for each row ``a`` of ``A`` and column
    ``c`` of ``C``; rounding below zero is clipped."""
    if sp.issparse(A):
        out[...] = A @ C
    else:
        np.dot(A, C, out=out)
    out *= -2.0
    out += _rows_squared(A)
    out += np.einsum("ij,ij->j", C, C)
    np.maximum(out, 0.0, out=out)
    out *= beta(b)
    return out


def parameter_grads(A, D, Z, C, b, gC, gb):
    """Gradients of the centers and log-widths from ``D = dE/dz``."""
    G = D * beta(b)
    gC[...] = A.T @ G
    gC -= C * G.sum(axis=0)
    gC *= -2.0
    np.einsum("ij,ij->j", D, Z, out=gb)
    gb *= -2.0


def input_grad(A, D, C, b, out):
    """``dE/dx`` from ``D = dE/dz`` (dense ``A``), written into ``out``."""
    G = D * beta(b)
    np.dot(G, C.T, out=out)
    out *= -1.0
    out += A * G.sum(axis=1, keepdims=True)
    out *= 2.0
    return out


def jacobian_blocks(A, Dj, Z, C, b):
    """Jacobian blocks of the outputs with respect to the centers and the
    log-widths, and the derivatives with respect to the layer's input, from
    ``Dj[p, o, j] = d z_out[p, o] / d z_j``."""
    G = Dj * beta(b)
    JC = np.einsum("pq,poj->poqj", A, G) - np.einsum("qj,poj->poqj", C, G)
    JC *= -2.0
    Jb = -2.0 * Dj * Z[:, None, :]
    D_in = 2.0 * (A[:, None, :] * G.sum(axis=2)[..., None] - G @ C.T)
    return JC.reshape(*Dj.shape[:2], -1), Jb, D_in


def gauss_newton_blocks(A, H, Z, C, b, hC, hb):
    """The Gauss-Newton diagonal of the centers and log-widths from the
    curvature ``H`` at ``z``."""
    b2 = beta(b) ** 2
    hC[...] = _squared(A).T @ H
    hC -= 2.0 * C * (A.T @ H)
    hC += C * C * H.sum(axis=0)
    hC *= 4.0 * b2
    np.einsum("ij,ij->j", H, Z * Z, out=hb)
    hb *= 4.0


def input_curvature(A, H, C, b):
    """The Gauss-Newton curvature at the layer's input (dense ``A``)."""
    Hb = H * beta(b) ** 2
    out = A * A * Hb.sum(axis=1, keepdims=True)
    out -= 2.0 * A * (Hb @ C.T)
    out += Hb @ (C * C).T
    out *= 4.0
    return out


#: Each unit's width is the RMS distance from its center to this many
#: nearest other centers (Moody and Darken's P-nearest-neighbour rule).
WIDTH_NEIGHBOURS = 2


def place_centers(A, n_units, random_state, sample_weight=None):
    """Centers and log-widths of ``n_units`` radial units for inputs ``A``.

    Centers: k-means (scikit-learn's ``KMeans``, one initialization seeded
    from ``random_state``) on the rows of ``A``, weighted by
    ``sample_weight``; with fewer distinct rows
    than units, every distinct row is a center and the others are copies
    moved by 1e-3 standard normal noise.  Widths: the RMS distance to the
    ``WIDTH_NEIGHBOURS`` nearest other centers (of the distinct rows, when
    there are fewer than units: a copy takes its row's width, instead of
    one from the 1e-3 to its twin); with one center, the RMS distance of
    the inputs to it; zero widths (repeated centers) take the median of the
    positive ones, or 1.

    Returns
    -------
    centers : ndarray of shape (n_features, n_units)
    log_widths : ndarray of shape (n_units,)
    """
    A = np.asarray(A.toarray() if sp.issparse(A) else A, dtype=np.float64)
    distinct = np.unique(A, axis=0)
    if len(distinct) >= n_units:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            kmeans = KMeans(
                n_units, n_init=1, random_state=random_state.randint(2**31 - 1)
            ).fit(A, sample_weight=sample_weight)
        return kmeans.cluster_centers_.T, np.log(_widths(kmeans.cluster_centers_, A))
    copied = random_state.randint(len(distinct), size=n_units - len(distinct))
    extra = distinct[copied]
    C = np.vstack([distinct, extra + 1e-3 * random_state.normal(size=extra.shape)])
    sigma = _widths(distinct, A)
    return C.T, np.log(np.concatenate([sigma, sigma[copied]]))


def _widths(C, A):
    """Each center's width: the RMS distance to its ``WIDTH_NEIGHBOURS``
    nearest other centers (one center: the RMS distance of the rows of
    ``A`` to it); zero widths take the median of the positive ones, or 1."""
    if len(C) > 1:
        D = cdist(C, C, "sqeuclidean")
        np.fill_diagonal(D, np.inf)
        P = min(WIDTH_NEIGHBOURS, len(C) - 1)
        sigma = np.sqrt(np.sort(D, axis=1)[:, :P].mean(axis=1))
    else:
        sigma = np.sqrt([np.mean(np.sum((A - C[0]) ** 2, axis=1))])
    positive = sigma[sigma > 0]
    sigma[sigma <= 0] = np.median(positive) if positive.size else 1.0
    return sigma


#: Training rows that k-means sees when it places radial units.
PLACEMENT_SAMPLES = 1000
#: L-BFGS iterations of the readout fitted after placement (0: none): on
#: ``benchmarks/check_rbf.py``'s grid 20, 100 and 1,000 trained equally well.
READOUT_ITERATIONS = 100
#: The smallest L2 coefficient of the readout's fit (the fit's own
#: ``alpha / total weight`` when larger): without it, on separable rows
#: (iris) the readout's weights grew to ~100 and Adam's first steps threw
#: the fit off (a DivergenceError).  Chosen on iris, wine, breast cancer and
#: digits (``python benchmarks/check_rbf_readout.py --choose``: mean test
#: accuracy of radial networks 0.956 without a readout; 0.945, 0.963, 0.968
#: and 0.968 with a floor of 0, 1e-4, 1e-3 and 1e-2).
READOUT_MIN_L2 = 1e-3


def place_radial_layers(network, theta, data, rng, l2=0.0, readout_always=False):
    """Three-phase training's first two phases (Schwenker, Kestler and
    Palm, 2001), written into ``theta``; gradient descent on everything is
    the third, the fit itself.

    1. Each layer that places itself (radial layers: k-means centers, widths
       from the distances between them) does so on its inputs: the training
       rows of ``data`` (up to ``PLACEMENT_SAMPLES`` of them at random)
       through the layers below as initialized.
    2. When the last hidden layer is radial, the output layer is fitted to
       the radial units' outputs on the same rows (:func:`fit_readout`),
       with the fit's own loss and L2 coefficient ``l2`` (at least
       ``READOUT_MIN_L2``).

    Without phase 2, the first-order solvers started from random output
    weights often stalled on a near-linear plateau with radial units above
    sigmoid ones (``make_moons``: 0.885 training accuracy with Adam on
    every seed of (10, 10); ``benchmarks/check_rbf.py``); fitted ones do
    not.  ``readout_always`` fits the output layer whatever the last hidden
    layer is (an experiment, ``benchmarks/check_readout_all.py``).
    """
    placing = [i for i, layer in enumerate(network.layers) if hasattr(layer, "place")]
    top = network.n_layers - 1  # the output layer
    readout = top > 0 and (readout_always or top - 1 in placing)
    if not placing and not readout:
        return
    n = data.n_samples
    rows = rng.permutation(n)[:PLACEMENT_SAMPLES] if n > PLACEMENT_SAMPLES else None
    sample = data.X if rows is None else data.X[rows]
    weights = data.sample_weight
    if weights is not None and rows is not None:
        weights = weights[rows]
    if sp.issparse(sample):
        sample = data.rows(sample)
    params = network.params(theta)
    ws = network.workspace(sample.shape[0], theta.dtype)
    for i in placing:
        if i > 0:
            network.forward(theta, sample, ws, train=True)
        inputs = sample if i == 0 else ws.out[i - 1][: sample.shape[0]]
        network.layers[i].place(inputs, params[i], rng, weights)
    if readout:
        network.forward(theta, sample, ws, train=True)
        Y = data.Y if rows is None else data.Y[rows]
        H = ws.out[top - 1][: sample.shape[0]]
        fit_readout(network, params[top], H, Y, weights, max(l2, READOUT_MIN_L2))


def fit_readout(network, p, H, Y, sample_weight, l2):
    """Fit the output layer's weights and biases ``p`` (views, written in
    place) to minimize the network's loss on its inputs ``H`` and targets
    ``Y`` (the weighted mean over the rows plus ``l2 / 2 ||W||^2``): L-BFGS
    from the current values, at most ``READOUT_ITERATIONS`` iterations, in
    float64; left as they were if the result is not finite.  With
    cross-entropy, or squared error on identity outputs, the problem is
    strictly convex (``l2 > 0``): its one minimum is found; with squared
    error through a sigmoid output (``target_values``), a local one."""
    if READOUT_ITERATIONS == 0:  # off (benchmarks/check_rbf_readout.py)
        return
    # the training objective of the output layer alone, on these rows
    # (imported here: the training package imports the layers, which
    # import this module)
    from ._training._data import TrainingData
    from ._training._full_batch import full_batch_objective

    readout = network.readout()
    H, Y = np.asarray(H, dtype=np.float64), np.asarray(Y, dtype=np.float64)
    data = TrainingData(H, Y, sample_weight)
    objective, _ = full_batch_objective(
        readout, np.float64, data, l2 * data.total_weight
    )
    start = np.concatenate([p.W.ravel(), p.b]).astype(np.float64)
    # One BLAS thread, as the full-batch solvers on problems this small
    # (``_training._full_batch.SINGLE_THREAD_FLOPS``): L-BFGS-B's own BLAS
    # calls go to scipy's library and the passes to numpy's, and on two
    # cores the two pools' spinning threads slowed both: 0.8 s for 100
    # iterations on 1,000 rows x 256 radial units, 0.04-0.2 s on one.
    with blas_threads(1):
        result = minimize(
            objective,
            start,
            jac=True,
            method="L-BFGS-B",
            # to the minimum, not to L-BFGS-B's default relative change of
            # the loss, so that the result does not depend on where
            # rounding made it stop
            options={"maxiter": READOUT_ITERATIONS, "ftol": 0.0, "gtol": 1e-10},
        )
    if np.all(np.isfinite(result.x)):
        fitted = readout.params(result.x)[0]
        p.W[...] = fitted.W
        p.b[...] = fitted.b
