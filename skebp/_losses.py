"""Losses: per-sample value and the error signal at the output pre-activation.

Two losses, looked up by name in :data:`LOSSES`:

``"squared_error"``
    E_p = 1/2 sum_k (o_k - y_k)^2 with any output activation (identity for
    regression, a sigmoid for the classifier's ``target_values`` pairs); the
    output delta is (o - y) f'(z).
``"cross_entropy"``
    With a softmax output, E_p = -sum_k y_k log o_k; with logistic outputs
    (binary and multilabel), the sum of the binary cross-entropies.  Both are
    the canonical link of their output, so the output delta is o - y.

Each loss also gives a factor of its Hessian in the output pre-activations,
for the Gauss-Newton matrix of the second-order solvers.
"""

from typing import NamedTuple

import numpy as np

from ._activations import ACTIVATIONS


def _squared_error_per_sample(Y, A, out_activation):
    diff = A - Y
    return 0.5 * np.einsum("ij,ij->i", diff, diff)


def _squared_error_delta(Y, Z, A, out_activation, out):
    np.subtract(A, Y, out=out)
    if out_activation != "identity":
        out *= ACTIVATIONS[out_activation].derivative(Z, A, np.empty_like(A))
    return out


def _cross_entropy_per_sample(Y, A, out_activation):
    eps = np.finfo(A.dtype).eps
    # np.clip's operation, without its wrappers
    P = np.minimum(np.maximum(A, eps), 1 - eps)
    if out_activation == "softmax":
        return -np.einsum("ij,ij->i", Y, np.log(P))
    return -(
        np.einsum("ij,ij->i", Y, np.log(P)) + np.einsum("ij,ij->i", 1 - Y, np.log1p(-P))
    )


def _cross_entropy_delta(Y, Z, A, out_activation, out):
    return np.subtract(A, Y, out=out)


def _squared_error_curvature(Y, Z, A, out_activation):
    # Gauss-Newton: H_z = f'(z)^2 (the f'' term dropped); identity: 1.
    if out_activation == "identity":
        return np.ones_like(A)
    return ACTIVATIONS[out_activation].derivative(Z, A, np.empty_like(A))


def _cross_entropy_curvature(Y, Z, A, out_activation):
    if out_activation == "softmax":
        # H_z = diag(p) - p p^T = B B^T with B = diag(s) - p s^T, s = sqrt(p)
        s = np.sqrt(A)
        B = -A[:, :, None] * s[:, None, :]
        idx = np.arange(A.shape[1])
        B[:, idx, idx] += s
        return B
    return np.sqrt(A * (1 - A))  # logistic: H_z = p (1 - p)


def softmax_gauss_newton_factor(A):
    """A factor ``F`` of shape (n, K, K - 1) with ``F_p F_p^T = diag(p) - p
    p^T`` for each row ``p`` of the softmax outputs ``A``: one column fewer
    than :func:`_cross_entropy_curvature`'s square factor, since the
    Hessian's rank is K - 1 (its rows sum to zero), so the Gauss-Newton
    matrix built from it takes (K - 1) / K of the work.

    With ``s = sqrt(p)`` (a unit vector), ``diag(p) - p p^T = diag(s) (I - s
    s^T) diag(s)``; ``I - s s^T = Q Q^T`` for the columns ``Q`` of the
    Householder reflection swapping ``s`` and ``e_k`` (``k`` the largest
    output) other than column ``k``, an orthonormal basis of ``s``'s
    complement.  So ``F = diag(s) Q``.
    """
    n, K = A.shape
    s = np.sqrt(A)
    k = np.argmax(A, axis=1)
    rows = np.arange(n)
    v = s.copy()
    # v = s - e_k; 1 - s_k computed as (1 - p_k) / (1 + s_k), without the
    # cancellation of s_k - 1 when one output takes all the probability
    rest = 1.0 - A[rows, k]
    v[rows, k] = -rest / (1.0 + s[rows, k])
    norm2 = np.einsum("ij,ij->i", v, v)
    scale = np.divide(2.0, norm2, out=np.zeros_like(norm2), where=norm2 > 0)
    H = np.eye(K, dtype=A.dtype) - scale[:, None, None] * v[:, :, None] * v[:, None, :]
    keep = np.ones((n, K), dtype=bool)
    keep[rows, k] = False
    Q = H.transpose(0, 2, 1)[keep].reshape(n, K - 1, K).transpose(0, 2, 1)
    return s[:, :, None] * Q


class Loss(NamedTuple):
    """A loss: ``per_sample(Y, A, out_activation)`` returns the loss of each
    row; ``delta(Y, Z, A, out_activation, out)`` writes dE_p/dz at the output
    into ``out``; ``curvature_factor(Y, Z, A, out_activation)`` returns B with
    the (Gauss-Newton) Hessian of E_p in the output pre-activations equal to
    B B^T: an array of shape (n, n_outputs) for a diagonal B, or (n, n_outputs,
    n_outputs); ``out_activations`` lists the outputs it is defined for."""

    name: str
    per_sample: callable
    delta: callable
    curvature_factor: callable
    out_activations: tuple


LOSSES = {
    "squared_error": Loss(
        "squared_error",
        _squared_error_per_sample,
        _squared_error_delta,
        _squared_error_curvature,
        ("identity", "lecun_tanh", "tanh", "logistic"),
    ),
    "cross_entropy": Loss(
        "cross_entropy",
        _cross_entropy_per_sample,
        _cross_entropy_delta,
        _cross_entropy_curvature,
        ("softmax", "logistic"),
    ),
}
"""Losses by name."""
