"""The network core: layer shapes, one flat parameter vector, forward and backward.

No estimator code lives here.  A :class:`Network` describes a fully connected
feed-forward net; its parameters are ONE flat vector ``theta`` laid out layer
by layer as ``[W_0.ravel(), b_0, W_1.ravel(), b_1, ...]`` with ``W_i`` of shape
``(fan_in, fan_out)`` (scikit-learn's ``coefs_`` orientation).  Per-layer
arrays are views into it (:meth:`Network.unpack`), so solvers and estimators
share the same memory and never copy parameters.  The gradient has the same
layout, and the backward pass writes each layer's gradient straight into its
view with ``np.dot(..., out=...)``.

The training objective of a batch (X, Y) with sample weights s is::

    J(theta) = sum_p s_p E_p / sum_p s_p  +  l2 / 2 * sum_i ||W_i||^2

where E_p is the loss of one sample (see ``_losses``) and biases are not
penalized.

Curvature kernels for the learning-rate tricks live here too:
:meth:`Network.gauss_newton_diagonal` (Efficient BackProp's layer-by-layer
backpropagation of the Gauss-Newton diagonal, for stochastic diagonal
Levenberg-Marquardt) and :meth:`Network.hessian_vector` (a central-difference
Hessian-vector product, for the power method estimating lambda_max).

What a layer computes from its input is its layer type's business
(``_layers``): the network loops over layer objects (affine, radial, and
normalized ones wrapping them) and never tests which kind it holds.  A
hidden layer with activation ``"rbf"`` is a layer of radial units: its
weight block holds centers and its biases log-widths.  The L2 penalty does
not apply to centers.  With ``normalization`` (``"batch"`` or ``"layer"``)
every hidden layer but radial ones normalizes its pre-activations and learns
a scale and a shift per unit; those parameters follow all layers' weights
and biases in the flat vector, and batch normalization's running statistics
live on the network's layers.
"""

import numpy as np
import scipy.sparse as sp

from ._activations import (
    ACTIVATIONS,
    PRELU_INIT,
    prelu,
    prelu_derivative,
    softmax,
)
from ._inits import INITS
from ._layers import Params, make_layer
from ._losses import LOSSES, softmax_gauss_newton_factor
from ._workspace import Workspace


class Network:
    """A feed-forward network: shapes, flat parameter layout and passes.

    Parameters
    ----------
    layer_sizes : sequence of int
        ``(n_features, *hidden_layer_sizes, n_outputs)``.
    activations : sequence of str
        One hidden activation name per hidden layer, then the output
        activation (an entry of ``ACTIVATIONS`` or ``"softmax"``).
    loss : str
        A key of ``LOSSES``.
    normalization : {"none", "batch", "layer"}, default="none"
        Normalization of the hidden pre-activations (not of radial layers).
    """

    def __init__(self, layer_sizes, activations, loss, normalization="none"):
        self.layer_sizes = tuple(int(s) for s in layer_sizes)
        self.activations = tuple(activations)
        self.loss = LOSSES[loss]
        self.normalization = normalization
        if len(self.activations) != len(self.layer_sizes) - 1:
            raise ValueError("one activation per layer is needed")
        if self.activations[-1] not in self.loss.out_activations:
            raise ValueError(
                f"loss {loss!r} is not defined for output {self.activations[-1]!r}"
            )
        n_hidden = len(self.layer_sizes) - 2
        self.layers = [
            make_layer(fan_in, fan_out, act, normalization, i < n_hidden)
            for i, (fan_in, fan_out, act) in enumerate(
                zip(self.layer_sizes[:-1], self.layer_sizes[1:], self.activations)
            )
        ]
        self.coef_slices, self.intercept_slices = [], []
        start = 0
        for layer in self.layers:
            size = layer.fan_in * layer.fan_out
            self.coef_slices.append(slice(start, start + size))
            self.intercept_slices.append(
                slice(start + size, start + size + layer.fan_out)
            )
            start += size + layer.fan_out
        # normalization scales and shifts after all weights and biases
        self.gamma_slices, self.beta_slices = [], []
        for layer in self.layers:
            m = layer.fan_out if layer.n_extra else 0
            self.gamma_slices.append(slice(start, start + m) if m else None)
            self.beta_slices.append(slice(start + m, start + 2 * m) if m else None)
            start += 2 * m
        # PReLU slopes, one per unit, last
        self.slope_slices = []
        for layer, act in zip(self.layers, self.activations):
            m = layer.fan_out if act == "prelu" else 0
            self.slope_slices.append(slice(start, start + m) if m else None)
            start += m
        self.n_params = start
        self.slices = [
            Params(*s)
            for s in zip(
                self.coef_slices,
                self.intercept_slices,
                self.gamma_slices,
                self.beta_slices,
                self.slope_slices,
            )
        ]

    @property
    def n_layers(self):
        """Number of weight layers (hidden layers + 1)."""
        return len(self.layer_sizes) - 1

    @property
    def running_mean(self):
        """Batch normalization's running means, per layer (None elsewhere)."""
        return [getattr(layer, "running_mean", None) for layer in self.layers]

    @property
    def running_var(self):
        """Batch normalization's running variances, per layer."""
        return [getattr(layer, "running_var", None) for layer in self.layers]

    def unpack(self, theta):
        """Per-layer views ``(coefs, intercepts)`` into the flat vector ``theta``."""
        coefs = [
            theta[s].reshape(fan_in, fan_out)
            for s, fan_in, fan_out in zip(
                self.coef_slices, self.layer_sizes[:-1], self.layer_sizes[1:]
            )
        ]
        intercepts = [theta[s] for s in self.intercept_slices]
        return coefs, intercepts

    def params(self, theta):
        """Each layer's :class:`~skebp._layers.Params` views into ``theta``
        (or into a gradient or curvature vector of the same layout)."""
        return [
            Params(
                theta[s.W].reshape(layer.fan_in, layer.fan_out),
                theta[s.b],
                None if s.gamma is None else theta[s.gamma],
                None if s.beta is None else theta[s.beta],
                None if s.slope is None else theta[s.slope],
            )
            for layer, s in zip(self.layers, self.slices)
        ]

    def readout(self):
        """The output layer alone as a network of its own (same output
        activation and loss): its parameter vector is the output layer's
        weights then biases, the layout of their slice of ``theta``."""
        return Network(self.layer_sizes[-2:], self.activations[-1:], self.loss.name)

    def weight_mask(self, dtype=bool):
        """A flat vector that is 1 on weights and 0 on biases (and on the
        centers and widths of radial layers): where the L2 penalty applies."""
        mask = np.zeros(self.n_params, dtype=dtype)
        for s, layer in zip(self.coef_slices, self.layers):
            mask[s] = layer.penalized
        return mask

    def init_params(self, random_state, method="lecun", scale=1.0, dtype=np.float64):
        """Draw initial parameters: weights uniform with zero mean and the
        standard deviation of ``INITS[method]`` times ``scale``, biases zero,
        normalization scales one (radial layers: centers drawn the same way,
        unit widths, until the layer places itself, see ``_rbf``).

        The draws are made in float64 and then cast, so the same seed gives
        the same network in float32 and float64.
        """
        theta = np.zeros(self.n_params, dtype=dtype)
        for s in self.gamma_slices:
            if s is not None:
                theta[s] = 1.0
        for s in self.slope_slices:
            if s is not None:
                theta[s] = PRELU_INIT
        for W in self.unpack(theta)[0]:
            fan_in, fan_out = W.shape
            bound = np.sqrt(3.0) * scale * INITS[method](fan_in, fan_out)
            W[...] = random_state.uniform(-bound, bound, size=W.shape)
        return theta

    def workspace(self, n_rows, dtype):
        """Buffers for passes on up to ``n_rows`` samples."""
        return Workspace(self, n_rows, dtype)

    def forward(self, theta, X, ws, train=False, update_stats=False):
        """Forward pass of ``X`` (at most ``ws.n_rows`` rows); returns the
        output activations, a view into ``ws`` valid until the next pass.

        ``train``: batch normalization uses the batch's own statistics (and
        with ``update_stats`` folds them into the running averages) instead
        of the running averages; layer normalization is the same either way.
        """
        n = X.shape[0]
        A_prev = X
        for i, (layer, p, act) in enumerate(
            zip(self.layers, ws.views(theta), self.activations)
        ):
            Z = layer.forward(A_prev, p, ws, i, n, train, update_stats)
            A = ws.out[i][:n]
            if act == "softmax":
                softmax(Z, A)
            elif act == "prelu":
                prelu(Z, p.slope, A)
            elif act != "identity":
                ACTIVATIONS[act].forward(Z, A)
            A_prev = A
        return A_prev

    def _activation_derivative(self, i, ws, n, p):
        """f' of hidden layer ``i``'s units at the last pass (None: identity);
        ``p`` the layer's parameter views (PReLU's slopes)."""
        act = self.activations[i]
        if act == "identity":
            return None
        if act == "prelu":
            return prelu_derivative(ws.pre[i][:n], p.slope, ws.scratch[i][:n])
        return ACTIVATIONS[act].derivative(
            ws.pre[i][:n], ws.out[i][:n], ws.scratch[i][:n]
        )

    def _slope_factor(self, i, ws, n):
        """``d out / d slope`` of hidden layer ``i``'s PReLU units, ``min(z,
        0)``, or None for other activations."""
        if self.activations[i] != "prelu":
            return None
        return np.minimum(ws.pre[i][:n], 0)

    def mean_loss(self, Y, A, sample_weight=None):
        """The data term of the objective for outputs ``A``: the (weighted)
        mean of the samples' losses against ``Y``."""
        losses = self.loss.per_sample(Y, A, self.activations[-1])
        return float(np.average(losses, weights=sample_weight))

    def loss_grad(
        self,
        theta,
        X,
        Y,
        sample_weight,
        l2,
        grad,
        ws,
        sample_losses=None,
        weight_total=None,
        update_stats=False,
        skip_weight_grads=(),
    ):
        """Objective and gradient on the batch ``(X, Y)``.

        Parameters
        ----------
        theta : ndarray of shape (n_params,)
        X : ndarray or sparse matrix of shape (n, n_features)
        Y : ndarray of shape (n, n_outputs)
        sample_weight : ndarray of shape (n,) or None
        l2 : float
            Coefficient of the L2 penalty ``l2 / 2 * sum ||W||^2``.
        grad : ndarray of shape (n_params,) or None
            Receives the gradient; None computes the objective alone (no
            backward pass), to the same bits.
        ws : Workspace
        sample_losses : ndarray of shape (>= n,), optional
            Receives each sample's (unweighted) loss.
        weight_total : float, optional
            What the weighted sum of losses is divided by: the batch's own
            weight sum (or size) by default.  Full-batch training evaluates
            the objective in chunks and passes the whole set's total;
            stochastic training passes the batch's *expected* weight (batch
            size times the mean training weight), so that the mini-batch
            gradient is an unbiased estimate of the full objective's and a
            sample's weight still scales its step when the batch holds one
            sample.

        update_stats : bool, default=False
            Fold the batch's statistics into batch normalization's running
            averages (training steps, not curvature estimates).
        skip_weight_grads : tuple of int, default=()
            Layers (of ``fuses_weight_step`` type) whose weight gradient,
            L2 term included, is left out of ``grad``: the caller's step
            forms it from the layer's input and the error signal left in
            ``ws.delta[i]`` (``skebp._blas.WeightSteps``).

        Returns
        -------
        loss : float
        """
        n = X.shape[0]
        A_out = self.forward(theta, X, ws, train=True, update_stats=update_stats)
        L = self.n_layers
        out_act = self.activations[-1]
        per_sample = self.loss.per_sample(Y, A_out, out_act)
        if sample_losses is not None:
            sample_losses[:n] = per_sample
        if sample_weight is None:
            total = n if weight_total is None else weight_total
            loss = float(np.add.reduce(per_sample) / total)
        else:
            total = sample_weight.sum() if weight_total is None else weight_total
            loss = float(per_sample @ sample_weight / total)
        if grad is None:
            return self._add_penalty(ws.views(theta), None, l2, loss) if l2 else loss
        D = ws.delta[L - 1][:n]
        self.loss.delta(Y, ws.pre[L - 1][:n], A_out, out_act, D)
        if sample_weight is None:
            D *= 1.0 / total
        else:
            D *= (sample_weight / total)[:, None]
        params, grads = ws.views(theta), ws.views(grad)
        if skip_weight_grads:
            grads = [
                g._replace(W=None) if i in skip_weight_grads else g
                for i, g in enumerate(grads)
            ]
        for i in range(L - 1, -1, -1):
            A_prev = X if i == 0 else ws.out[i - 1][:n]
            D = self.layers[i].backward(A_prev, D, params[i], grads[i], ws, i, n, i > 0)
            if i > 0:
                neg = self._slope_factor(i - 1, ws, n)
                if neg is not None:
                    np.einsum("pj,pj->j", D, neg, out=grads[i - 1].slope)
                deriv = self._activation_derivative(i - 1, ws, n, params[i - 1])
                if deriv is not None:
                    D *= deriv
        if l2:
            loss = self._add_penalty(params, grads, l2, loss)
        return loss

    def penalty(self, theta, l2):
        """The L2 penalty ``l2 / 2 * sum ||W||^2`` of the penalized layers
        (``inf`` when it overflows: the caller names the divergence)."""
        if not l2:
            return 0.0
        with np.errstate(over="ignore"):
            return self._add_penalty(self.params(theta), None, l2, 0.0)

    def _add_penalty(self, params, grads, l2, loss):
        """Add the L2 gradient ``l2 W`` of the penalized layers into their
        gradient views (unless ``grads`` or a layer's view is None: a fused
        weight step adds it itself); return ``loss`` plus
        ``l2 / 2 ||W||^2`` of each."""
        for i, (layer, p) in enumerate(zip(self.layers, params)):
            if layer.penalized:
                if grads is not None and grads[i].W is not None:
                    gW = grads[i].W  # a view: += writes into the gradient
                    gW += l2 * p.W
                loss += 0.5 * l2 * float(np.dot(p.W.ravel(), p.W.ravel()))
        return loss

    def gauss_newton_diagonal(self, theta, X, Y, sample_weight, weight_total, ws, out):
        """Efficient BackProp's estimate of the Gauss-Newton diagonal.

        The second derivatives of the data term of the objective with respect
        to every parameter, backpropagated layer by layer with the terms in
        f'' and the off-diagonal terms dropped (LeCun et al., 1998, section
        1.9.1)::

            d2E/dy_k^2 = d2E/do_k^2 f'(y_k)^2      (output: the diagonal of the
                                                    loss's Gauss-Newton Hessian)
            d2E/dw_ki^2 = d2E/dy_k^2 x_i^2,   d2E/db_k^2 = d2E/dy_k^2
            d2E/dx_i^2 = sum_k d2E/dy_k^2 w_ki^2

        averaged over the samples with weights ``sample_weight /
        weight_total``.  The output layer's entries are exactly the diagonal
        of the generalized Gauss-Newton matrix (:meth:`gauss_newton`); lower
        layers drop the cross terms between the units above, so they are
        exact only where a unit feeds a single unit above.  Cost: one forward
        and one backward pass with squared weights.  The L2 penalty is not
        included (its curvature is ``l2`` on every weight).

        Parameters
        ----------
        theta : ndarray of shape (n_params,)
        X : ndarray or sparse matrix of shape (m, n_features)
        Y : ndarray of shape (m, n_outputs)
        sample_weight : ndarray of shape (m,) or None
        weight_total : float
            What the weighted sum over samples is divided by.
        ws : Workspace
        out : ndarray of shape (n_params,)
            Receives the diagonal.

        Returns
        -------
        out : ndarray of shape (n_params,)
        """
        m = X.shape[0]
        self.forward(theta, X, ws, train=True)
        L = self.n_layers
        out_act = self.activations[-1]
        B = self.loss.curvature_factor(Y, ws.pre[L - 1][:m], ws.out[L - 1][:m], out_act)
        H = B * B if B.ndim == 2 else np.einsum("pko,pko->pk", B, B)
        w = (
            1.0 / weight_total
            if sample_weight is None
            else sample_weight / weight_total
        )
        H *= w if sample_weight is None else w[:, None]
        params, curvatures = ws.views(theta), ws.views(out)
        for i in range(L - 1, -1, -1):
            A_prev = X if i == 0 else ws.out[i - 1][:m]
            H = self.layers[i].curvature(
                A_prev, H, params[i], curvatures[i], ws, i, m, i > 0
            )
            if i > 0:
                neg = self._slope_factor(i - 1, ws, m)
                if neg is not None:
                    np.einsum("pj,pj->j", H, neg * neg, out=curvatures[i - 1].slope)
                d = self._activation_derivative(i - 1, ws, m, params[i - 1])
                if d is not None:
                    H *= d * d
        return out

    def hessian_vector(
        self, theta, X, Y, sample_weight, l2, v, ws, out, weight_total=None
    ):
        """Hessian of the objective times ``v``, by central differences.

        ``(grad J(theta + a v) - grad J(theta - a v)) / (2 a)``, the
        finite-difference form of Efficient BackProp (section 1.7), central
        so that the error is O(a^2); ``a`` is scaled to ``theta`` and ``v``
        for a relative perturbation of about ``eps^(1/3)``.  Exact for
        quadratic objectives (a linear network with squared error) up to
        rounding.  Use float64 ``theta``: float32 leaves about two correct
        digits.  Costs two forward and backward passes.

        Parameters
        ----------
        theta : ndarray of shape (n_params,)
        X, Y, sample_weight, l2, ws, weight_total
            As in :meth:`loss_grad`.
        v : ndarray of shape (n_params,)
        out : ndarray of shape (n_params,)
            Receives ``H v``.

        Returns
        -------
        out : ndarray of shape (n_params,)
        """
        norm_v = float(np.linalg.norm(v))
        if norm_v == 0.0:
            out.fill(0)
            return out
        eps = np.finfo(theta.dtype).eps ** (1 / 3)
        a = eps * (1.0 + float(np.linalg.norm(theta))) / norm_v
        shifted = theta + a * v
        scratch = np.empty_like(theta)
        self.loss_grad(
            shifted, X, Y, sample_weight, l2, out, ws, weight_total=weight_total
        )
        np.subtract(theta, a * v, out=shifted)
        self.loss_grad(
            shifted, X, Y, sample_weight, l2, scratch, ws, weight_total=weight_total
        )
        out -= scratch
        out *= 1.0 / (2.0 * a)
        return out

    def output_jacobian(self, theta, X, ws, seed=None, forward=True):
        """Jacobian of the output pre-activations with respect to ``theta``.

        Backpropagates one unit vector per output (or the rows of ``seed``),
        all samples at once.

        Parameters
        ----------
        theta : ndarray of shape (n_params,)
        X : ndarray or sparse matrix of shape (m, n_features)
        ws : Workspace
            Holds the forward pass afterwards.
        seed : ndarray of shape (m, r, n_outputs), optional
            Combinations of the outputs to differentiate: row ``o`` of
            sample ``p`` gives ``J[p, o] = sum_k seed[p, o, k] d z_out[p, k] /
            d theta``.  The identity by default.
        forward : bool, default=True
            Run the forward pass first; False when ``ws`` already holds
            ``X``'s forward pass in training mode (after :meth:`loss_grad`,
            whose backward pass leaves it as it is).

        Returns
        -------
        J : ndarray of shape (m, r, n_params)
            ``J[p, k] = d z_out[p, k] / d theta`` (``r = n_outputs``) by
            default.
        """
        if sp.issparse(X):
            X = X.toarray()
        m = X.shape[0]
        if forward:
            self.forward(theta, X, ws, train=True)
        params = ws.views(theta)
        L = self.n_layers
        k = self.layer_sizes[-1]
        # D[p, o, j]: d (row o) / d z_i[p, j], from the top layer down
        if seed is None:
            D = np.broadcast_to(np.eye(k, dtype=theta.dtype), (m, k, k))
        else:
            D = np.asarray(seed, dtype=theta.dtype)
        J = np.empty((m, D.shape[1], self.n_params), dtype=theta.dtype)
        for i in range(L - 1, -1, -1):
            A_prev = X if i == 0 else ws.out[i - 1][:m]
            D = self.layers[i].jacobian(
                A_prev, D, params[i], J, self.slices[i], ws, i, m, i > 0
            )
            if i > 0:
                neg = self._slope_factor(i - 1, ws, m)
                if neg is not None:
                    J[:, :, self.slope_slices[i - 1]] = D * neg[:, None, :]
                deriv = self._activation_derivative(i - 1, ws, m, params[i - 1])
                if deriv is not None:
                    D = D * deriv[:, None, :]
        return J

    def gauss_newton(self, theta, X, Y, sample_weight, weight_total, ws):
        """Gauss-Newton matrix, gradient and loss of one chunk of samples:
        ``Jt.T @ Jt`` of :meth:`gauss_newton_factor`."""
        Jt, grad, loss = self.gauss_newton_factor(
            theta, X, Y, sample_weight, weight_total, ws
        )
        return Jt.T @ Jt, grad, loss

    def gauss_newton_factor(self, theta, X, Y, sample_weight, weight_total, ws):
        """A factor of the Gauss-Newton matrix, gradient and loss of one
        chunk of samples.

        The generalized Gauss-Newton matrix ``sum_p s_p J_p^T H_p J_p / S``
        with ``J_p`` the Jacobian of the output pre-activations and ``H_p``
        the loss's Hessian with respect to them (``J^T J`` of the residuals
        for squared error with an identity output), its gradient ``sum_p s_p
        J_p^T delta_p / S`` and the loss ``sum_p s_p E_p / S``, where ``S``
        is ``weight_total``.  Summing the chunks of a data set gives the
        whole matrix: memory O(n_params^2 + m n_outputs n_params).

        Returns
        -------
        Jt : ndarray of shape (m * r, n_params)
            ``G = Jt.T @ Jt`` (a symmetric rank-k product: the full-batch
            objective accumulates it with BLAS ``syrk``, half a matrix
            product's work); ``r`` is ``n_outputs``, or ``n_outputs - 1``
            for a softmax, whose output Hessian has that rank.
        grad : ndarray of shape (n_params,)
        loss : float
        """
        m = X.shape[0]
        grad = np.empty(self.n_params, dtype=theta.dtype)
        loss = self.loss_grad(
            theta, X, Y, sample_weight, 0.0, grad, ws, weight_total=weight_total
        )
        out_act = self.activations[-1]
        L = self.n_layers
        Z, A = ws.pre[L - 1][:m], ws.out[L - 1][:m]
        w = (
            np.full(m, 1.0 / weight_total)
            if sample_weight is None
            else sample_weight / weight_total
        ).astype(theta.dtype)
        if out_act == "softmax" and A.shape[1] > 1:
            B = softmax_gauss_newton_factor(A)  # K - 1 columns, not K
        else:
            B = self.loss.curvature_factor(Y, Z, A, out_act)
            if B.ndim == 2:  # diagonal
                B = B[:, :, None] * np.eye(B.shape[1], dtype=B.dtype)
        # Backpropagating the rows of sqrt(w_p) B_p^T gives Jt directly: no
        # full Jacobian to multiply afterwards
        seed = (B * np.sqrt(w)[:, None, None]).transpose(0, 2, 1)
        Jt = self.output_jacobian(theta, X, ws, seed=seed, forward=False)
        return Jt.reshape(-1, self.n_params), grad, loss
