"""Normalization of hidden pre-activations: batch and layer normalization.

For a hidden layer's pre-activations ``Z`` (a row per sample, a column per
unit) with learned scale ``gamma`` and shift ``beta`` per unit::

    N = (Z - mean) / sqrt(var + EPSILON),   Y = gamma N + beta

and the activation is applied to ``Y``.  ``"batch"`` (Ioffe and Szegedy,
2015) takes mean and variance per unit over the rows of the mini-batch in
training and keeps running averages (``MOMENTUM``; the variance with
Bessel's correction) for prediction.  ``"layer"`` (Ba et al., 2016) takes
them per sample over the layer's units, the same in training and
prediction.  The backward pass through the statistics, with ``G = dE/dY``::

    dE/dgamma = sum_rows G N,   dE/dbeta = sum_rows G
    dE/dZ = inv (G' - mean(G') - N mean(G' N)),   G' = gamma G

means over the axis the statistics were taken on, ``inv = 1 /
sqrt(var + EPSILON)``.
"""

import numpy as np

#: Accepted ``normalization`` values.
NORMALIZATIONS = ("none", "batch", "layer")
#: Added to the variance.
EPSILON = 1e-5
#: Weight of a new batch's statistics in the running averages.
MOMENTUM = 0.1


def axis_of(kind):
    """The axis the statistics are taken over: rows (0) or units (1)."""
    return 0 if kind == "batch" else 1


def normalize(Z, N, gamma, beta, kind):
    """Normalize ``Z`` in place (``Y``) with its own statistics, the
    normalized values into ``N``; returns ``(inv, mean, var)``."""
    axis = axis_of(kind)
    mean = Z.mean(axis=axis, keepdims=True)
    np.subtract(Z, mean, out=N)
    var = np.mean(N * N, axis=axis, keepdims=True)
    inv = 1.0 / np.sqrt(var + EPSILON)
    N *= inv
    np.multiply(N, gamma, out=Z)
    Z += beta
    return inv, mean, var


def normalize_running(Z, gamma, beta, mean, var):
    """Batch normalization at prediction: the running statistics, in place."""
    Z -= mean
    Z *= gamma / np.sqrt(var + EPSILON)
    Z += beta
    return Z


def update_running(running_mean, running_var, mean, var, n):
    """Fold a training batch's statistics (``n`` rows) into the averages."""
    running_mean *= 1.0 - MOMENTUM
    running_mean += MOMENTUM * mean.ravel()
    running_var *= 1.0 - MOMENTUM
    running_var += MOMENTUM * var.ravel() * (n / (n - 1) if n > 1 else 1.0)


def backward(D, N, inv, gamma, kind, g_gamma, g_beta):
    """From ``D = dE/dY`` write the scale and shift gradients and turn ``D``
    into ``dE/dZ`` in place."""
    axis = axis_of(kind)
    np.einsum("ij,ij->j", D, N, out=g_gamma)
    np.sum(D, axis=0, out=g_beta)
    D *= gamma
    mean_d = D.mean(axis=axis, keepdims=True)
    mean_dn = np.mean(D * N, axis=axis, keepdims=True)
    D -= mean_d
    D -= N * mean_dn
    D *= inv
    return D


def jacobian_backward(Dj, N, inv, gamma):
    """Layer normalization in the Jacobian: ``Dj[p, o, j] = d out_o / d Y_j``
    for each sample becomes ``d out_o / d Z_j``; returns the blocks of
    ``gamma`` and ``beta`` too (batch normalization couples the samples, so
    it has no per-sample Jacobian)."""
    Jg = Dj * N[:, None, :]
    Jb = Dj.copy()
    G = Dj * gamma
    G -= G.mean(axis=2, keepdims=True)
    G -= N[:, None, :] * np.mean(Dj * gamma * N[:, None, :], axis=2, keepdims=True)
    G *= inv[:, :, None]
    return G, Jg, Jb


def curvature(H, N, inv, gamma, h_gamma, h_beta):
    """Gauss-Newton diagonal of ``gamma`` and ``beta`` from the curvature
    ``H`` at ``Y``, and the curvature at ``Z`` (the statistics' coupling
    dropped, as the diagonal drops the off-diagonal terms:
    ``H_Z = H_Y (gamma inv)^2``)."""
    np.einsum("ij,ij->j", H, N * N, out=h_gamma)
    np.sum(H, axis=0, out=h_beta)
    return H * (gamma * inv) ** 2
