"""Layer types: what a layer computes from its input, as objects the network
loops over.

Every layer type has the same methods, each taking the layer's input ``A``
(the rows of the layer below, dense or sparse for the first layer), its
parameter views ``p`` (a :class:`Params`: ``W``, ``b``, and ``gamma``,
``beta`` when normalized) and the workspace ``ws`` with the layer's index
``i`` and the number of rows ``n``:

``forward(A, p, ws, i, n, train, update_stats)``
    write the pre-activation (the input of the activation) into ``ws.pre[i]``;
``backward(A, D, p, g, ws, i, n, need_input)``
    from ``D = dE/dpre-activation`` write the parameter gradients into the
    views ``g`` and return ``dE/dA`` (None unless ``need_input``);
``curvature(A, H, p, h, ws, i, n, need_input)``
    the Gauss-Newton diagonal blocks (Efficient BackProp 1.9.1) into ``h``
    and the curvature at the input;
``jacobian(A, D, p, J, slices, ws, i, n, need_input)``
    the output Jacobian's blocks of the layer's parameters into ``J`` (at
    the flat ``slices``) from ``D[p, o, j] = d out_o / d pre_j``, and the
    derivatives at the input.

The first layer's input can also be :class:`OffsetRows`: a one-hot encoded
table kept as each column's common value plus the entries that differ,
whose products :class:`Affine` takes from those entries alone.

:class:`Affine` is ``A W + b``; :class:`Radial` is a layer of Gaussian radial
units (kernels in ``_rbf``), which places itself before training;
:class:`Normalized` wraps a layer and normalizes its pre-activations
(``_normalization``), keeping batch normalization's running statistics.
"""

from typing import NamedTuple

import numpy as np
import scipy.sparse as sp

from . import _normalization as _norm
from . import _rbf


class Params(NamedTuple):
    """One layer's views into a flat vector (parameters, gradient, ...)."""

    W: np.ndarray
    b: np.ndarray
    gamma: np.ndarray = None
    beta: np.ndarray = None
    slope: np.ndarray = None


class OffsetRows(NamedTuple):
    """Rows ``S + offset``: ``S`` a CSR matrix of the entries that differ
    from their column's value ``offset`` (one-hot encoded columns, whitened
    or not, differ on a few percent of their rows).  ``A @ W`` is ``S @ W +
    offset @ W``, and ``A.T @ D`` is ``S.T @ D`` plus ``offset`` times
    ``D``'s column sums."""

    S: sp.csr_matrix
    offset: np.ndarray

    @property
    def shape(self):
        return self.S.shape

    def toarray(self):
        """The rows as a dense array."""
        return self.S.toarray() + self.offset


class Affine:
    """``Z = A W + b``: the fully connected layer."""

    #: The L2 penalty applies to ``W``.
    penalized = True
    #: Scale and shift parameters after the weights (normalization only).
    n_extra = 0
    #: The weight gradient is ``A.T @ D``, ``D`` the error signal the
    #: backward pass leaves in ``ws.delta[i]``: a step can form it itself
    #: (``skebp._blas.WeightSteps``), and :meth:`backward` skips it when
    #: ``g.W`` is None.
    fuses_weight_step = True
    #: As the first layer, it takes :class:`OffsetRows` for its input.
    takes_offset_rows = True

    def __init__(self, fan_in, fan_out):
        self.fan_in, self.fan_out = fan_in, fan_out

    def forward(self, A, p, ws, i, n, train, update_stats):
        Z = ws.pre[i][:n]
        if isinstance(A, OffsetRows):
            Z[...] = A.S @ p.W
            Z += A.offset @ p.W
        elif sp.issparse(A):
            Z[...] = A @ p.W
        else:
            np.dot(A, p.W, out=Z)
        Z += p.b
        return Z

    def backward(self, A, D, p, g, ws, i, n, need_input):
        np.add.reduce(D, axis=0, out=g.b)  # np.sum without its wrapper
        if g.W is None:
            pass  # the weight step forms the gradient (fuses_weight_step)
        elif isinstance(A, OffsetRows):
            g.W[...] = A.S.T @ D
            g.W[...] += np.outer(A.offset, g.b)
        elif sp.issparse(A):
            g.W[...] = A.T @ D
        else:
            np.dot(A.T, D, out=g.W)
        if not need_input:
            return None
        return np.dot(D, p.W.T, out=ws.delta[i - 1][:n])

    def curvature(self, A, H, p, h, ws, i, n, need_input):
        if isinstance(A, OffsetRows):  # the estimates draw dense rows
            A = A.toarray()
        if sp.issparse(A):
            h.W[...] = A.multiply(A).T @ H
        else:
            np.dot((A * A).T, H, out=h.W)
        np.sum(H, axis=0, out=h.b)
        return H @ (p.W * p.W).T if need_input else None

    def jacobian(self, A, D, p, J, slices, ws, i, n, need_input):
        if isinstance(A, OffsetRows):
            A = A.toarray()
        m, k = D.shape[:2]
        J[:, :, slices.W] = np.einsum("pj,pok->pojk", A, D).reshape(m, k, -1)
        J[:, :, slices.b] = D
        return np.einsum("pok,jk->poj", D, p.W) if need_input else None


class Radial(Affine):
    """Gaussian radial units: ``Z = ||a - c||^2 / (2 sigma^2)`` for each
    center ``c`` (a column of ``W``) and log-width ``b = log sigma``; the
    activation ``"rbf"`` is ``exp(-Z)``.  The L2 penalty skips centers."""

    penalized = False
    fuses_weight_step = False
    takes_offset_rows = False

    def forward(self, A, p, ws, i, n, train, update_stats):
        return _rbf.pre_activation(A, p.W, p.b, ws.pre[i][:n])

    def backward(self, A, D, p, g, ws, i, n, need_input):
        _rbf.parameter_grads(A, D, ws.pre[i][:n], p.W, p.b, g.W, g.b)
        if not need_input:
            return None
        return _rbf.input_grad(A, D, p.W, p.b, ws.delta[i - 1][:n])

    def curvature(self, A, H, p, h, ws, i, n, need_input):
        _rbf.gauss_newton_blocks(A, H, ws.pre[i][:n], p.W, p.b, h.W, h.b)
        return _rbf.input_curvature(A, H, p.W, p.b) if need_input else None

    def jacobian(self, A, D, p, J, slices, ws, i, n, need_input):
        JC, Jb, D_in = _rbf.jacobian_blocks(A, D, ws.pre[i][:n], p.W, p.b)
        J[:, :, slices.W] = JC
        J[:, :, slices.b] = Jb
        return D_in if need_input else None

    def place(self, inputs, p, rng, sample_weight):
        """Centers by k-means on the layer's ``inputs``, widths from the
        distances between centers (:func:`skebp._rbf.place_centers`)."""
        centers, log_widths = _rbf.place_centers(
            inputs, self.fan_out, rng, sample_weight
        )
        p.W[...] = centers
        p.b[...] = log_widths


class Normalized:
    """A layer whose pre-activations are normalized (``"batch"`` or
    ``"layer"``) and then scaled and shifted by learned ``gamma``, ``beta``.

    Batch normalization's running statistics live here (on the network):
    they are used in prediction and folded in by training steps.
    """

    n_extra = 2
    #: The inner layer's weight gradient is taken from the signal after the
    #: normalization's backward pass, which the workspace does not keep.
    fuses_weight_step = False

    def __init__(self, inner, kind):
        self.inner, self.kind = inner, kind
        self.fan_in, self.fan_out = inner.fan_in, inner.fan_out
        self.penalized = inner.penalized
        self.takes_offset_rows = inner.takes_offset_rows
        batch = kind == "batch"
        self.running_mean = np.zeros(self.fan_out) if batch else None
        self.running_var = np.ones(self.fan_out) if batch else None

    def forward(self, A, p, ws, i, n, train, update_stats):
        Z = self.inner.forward(A, p, ws, i, n, train, update_stats)
        if self.kind == "batch" and not train:
            return _norm.normalize_running(
                Z, p.gamma, p.beta, self.running_mean, self.running_var
            )
        ws.inv_std[i], mean, var = _norm.normalize(
            Z, ws.normed[i][:n], p.gamma, p.beta, self.kind
        )
        if update_stats and self.kind == "batch":
            _norm.update_running(self.running_mean, self.running_var, mean, var, n)
        return Z

    def backward(self, A, D, p, g, ws, i, n, need_input):
        _norm.backward(
            D, ws.normed[i][:n], ws.inv_std[i], p.gamma, self.kind, g.gamma, g.beta
        )
        return self.inner.backward(A, D, p, g, ws, i, n, need_input)

    def curvature(self, A, H, p, h, ws, i, n, need_input):
        H = _norm.curvature(
            H, ws.normed[i][:n], ws.inv_std[i], p.gamma, h.gamma, h.beta
        )
        return self.inner.curvature(A, H, p, h, ws, i, n, need_input)

    def jacobian(self, A, D, p, J, slices, ws, i, n, need_input):
        if self.kind == "batch":
            raise ValueError(
                "batch normalization couples the samples: no per-sample Jacobian"
            )
        D, J[:, :, slices.gamma], J[:, :, slices.beta] = _norm.jacobian_backward(
            D, ws.normed[i][:n], ws.inv_std[i], p.gamma
        )
        return self.inner.jacobian(A, D, p, J, slices, ws, i, n, need_input)


def make_layer(fan_in, fan_out, activation, normalization, hidden):
    """The layer computing a layer of ``activation`` units: radial units for
    ``"rbf"``, an affine map otherwise; a hidden affine layer normalized
    when ``normalization`` is not ``"none"`` (radial layers never are: their
    pre-activation is a distance, whose scale is what the width means)."""
    if activation == "rbf":
        return Radial(fan_in, fan_out)
    layer = Affine(fan_in, fan_out)
    if hidden and normalization != "none":
        return Normalized(layer, normalization)
    return layer
