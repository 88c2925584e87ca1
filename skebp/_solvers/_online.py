"""On-line learning: plain SGD with one sample per step, forward, backward and
update fused, for Efficient BackProp's preferred stochastic mode
(``solver="sgd", batch_size=1``).

The generic mini-batch path spends most of a one-sample step in call overhead.
This kernel makes each step a dozen calls on preallocated vectors:

- Layer ``i``'s weights and bias are adjacent in the flat vector,
  ``[W_i.ravel(), b_i]``, which is exactly a C-ordered ``(fan_in + 1,
  fan_out)`` matrix ``Wb_i``.  With each layer's input augmented by a constant
  1, the forward pass is one vector-matrix product per layer and the update
  of weights *and* bias is one BLAS rank-1 update (``?ger``) on ``Wb_i``'s
  (Fortran-ordered) transpose, in place.
- Each layer's delta is propagated down before its weights change, so the
  result is the same step as the mini-batch path's with one sample.
- The outputs of the epoch are written into one buffer and the per-sample
  losses computed after the epoch in one vectorized call.
- Per-weight rates (``per_weight_rates``) that are constant over a layer
  (``"fan_in"``) only scale that layer's ``?ger``; rates that vary per weight
  (``"sdlm"``) make the update an outer product scaled element-wise by the
  layer's rate block: three passes over the layer's weights instead of one.
"""

import numpy as np
from scipy.linalg import blas

from .._activations import ACTIVATIONS
from .._layers import Affine


def augment(X):
    """``X`` with a column of ones appended (C-ordered, same dtype)."""
    Xa = np.empty((X.shape[0], X.shape[1] + 1), dtype=X.dtype)
    Xa[:, :-1] = X
    Xa[:, -1] = 1
    return Xa


def _softmax_row(z, out):
    # exp(z) / sum(exp(z)); the stable form (max subtracted) only when the
    # fast one overflows or underflows, which saves two calls a step.
    np.exp(z, out=out)
    total = out.sum()
    if not 0.0 < total < np.inf:
        np.subtract(z, z.max(), out=out)
        np.exp(out, out=out)
        total = out.sum()
    out /= total
    return out


class OnlineSGD:
    """Fused one-sample SGD epochs for a :class:`~skebp._network.Network`.

    Parameters
    ----------
    network : Network
    dtype : float32 or float64
    """

    @staticmethod
    def supports(network):
        """Whether the kernel computes ``network``: affine layers only, no
        radial layers and no normalization, and fixed activations (no
        PReLU slopes)."""
        return (
            all(type(layer) is Affine for layer in network.layers)
            and "prelu" not in network.activations
        )

    def __init__(self, network, dtype):
        if not self.supports(network):
            raise ValueError(
                "the fused on-line kernel has no radial layers and no normalization"
            )
        self.network = network
        self.dtype = np.dtype(dtype)
        self.ger = blas.sger if self.dtype == np.float32 else blas.dger
        sizes = network.layer_sizes
        # inputs[i] is layer i's augmented input; inputs[0] is a row of Xa.
        self.inputs = [None] + [np.ones(m + 1, dtype=dtype) for m in sizes[1:-1]]
        self.Z = [np.empty(m, dtype=dtype) for m in sizes[1:]]
        self.D = [np.empty(m, dtype=dtype) for m in sizes[1:]]
        self.T = [np.empty(m, dtype=dtype) for m in sizes[1:]]

    def epoch(
        self, theta, Xa, Y, order, learning_rate, l2, step_scale, outputs, rates=None
    ):
        """One epoch: a step for each sample index of ``order``, in order.

        Parameters
        ----------
        theta : ndarray of shape (n_params,)
            Updated in place.
        Xa : ndarray of shape (n_samples, n_features + 1)
            Inputs with a trailing column of ones (:func:`augment`).
        Y : ndarray of shape (n_samples, n_outputs)
        order : ndarray of int
        learning_rate : float
        l2 : float
            L2 coefficient: each step multiplies the weights by
            ``1 - learning_rate * l2``.
        step_scale : ndarray of shape (n_samples,) or None
            Per-sample factor of the step (sample weight over mean weight).
        outputs : ndarray of shape (len(order), n_outputs)
            Receives each sample's output, computed before its step.
        rates : ndarray of shape (n_params,), optional
            Per-weight rate multipliers (the optimizers' ``rates``).
        """
        plan = self._plan(theta, learning_rate, l2, rates)
        self._steps(plan, Xa, Y, order, learning_rate, l2, step_scale, outputs)

    def _plan(self, theta, learning_rate, l2, rates):
        """Everything a step needs, per layer, bound once per epoch: weight
        blocks and their transposed views, buffers, activation functions,
        rate multipliers and the weight-decay factor."""
        net = self.network
        last = net.n_layers - 1
        acts = net.activations
        out_act = acts[-1]
        blocks = [
            theta[c.start : b.stop].reshape(fan_in + 1, fan_out)
            for c, b, fan_in, fan_out in zip(
                net.coef_slices,
                net.intercept_slices,
                net.layer_sizes[:-1],
                net.layer_sizes[1:],
            )
        ]
        blocks_T = [Wb.T for Wb in blocks]  # F-ordered views for ?ger
        # Per layer: a scalar rate multiplier, or a block of per-weight ones
        # with a scratch block for the scaled outer product.
        scales, scratch = self._rate_blocks(blocks, rates)
        weights = [Wb[:-1] for Wb in blocks]
        inputs, Z, D, T = list(self.inputs), self.Z, self.D, self.T
        hidden_out = [x[:-1] for x in inputs[1:]]
        # Per hidden layer: (block, z, a, input, forward, derivative or None).
        layers = []
        for k in range(last):
            info = ACTIVATIONS[acts[k]]
            identity = acts[k] == "identity"
            forward = np.copyto if identity else info.forward
            layers.append(
                (
                    blocks[k],
                    Z[k],
                    hidden_out[k],
                    k,
                    (lambda z, a, fwd=forward: fwd(a, z)) if identity else forward,
                    None if identity else info.derivative,
                )
            )
        out_forward = (
            _softmax_row if out_act == "softmax" else ACTIVATIONS[out_act].forward
        )
        # Per layer, top down: (k, delta, W, delta below, derivative, z, a, tmp,
        # block, block^T, rate scale, scratch, weight decay).
        backward = [
            (
                k,
                D[k],
                weights[k],
                D[k - 1] if k else None,
                layers[k - 1][5] if k else None,
                Z[k - 1] if k else None,
                hidden_out[k - 1] if k else None,
                T[k - 1] if k else None,
                blocks[k],
                blocks_T[k],
                scales[k],
                scratch[k],
                1.0 - learning_rate * l2 * scales[k][:-1]
                if scratch[k] is not None
                else 1.0 - learning_rate * l2 * scales[k],
            )
            for k in range(last, -1, -1)
        ]
        return layers, backward, out_forward, blocks[last], last

    def _steps(self, plan, Xa, Y, order, learning_rate, l2, step_scale, outputs):
        """The epoch's one-sample steps (the hot loop)."""
        layers, backward, out_forward, block_out, last = plan
        net = self.network
        out_act = net.activations[-1]
        loss_delta = net.loss.delta
        inputs, Z, D = list(self.inputs), self.Z, self.D
        ger, dot, subtract = self.ger, np.dot, np.subtract
        # Cross-entropy with its canonical output: the delta is o - y.
        canonical = net.loss.name == "cross_entropy"
        multiply = np.multiply
        z_out, d_out = Z[last], D[last]
        for pos, i in enumerate(order):
            inputs[0] = Xa[i]
            for block, z, a, k, forward, _ in layers:
                dot(inputs[k], block, out=z)
                forward(z, a)
            out = outputs[pos]
            dot(inputs[last], block_out, out=z_out)
            out_forward(z_out, out)
            if canonical:
                subtract(out, Y[i], out=d_out)
            else:
                loss_delta(Y[i], z_out, out, out_act, d_out)
            alpha = (
                -learning_rate if step_scale is None else -learning_rate * step_scale[i]
            )
            for (
                k,
                d,
                W,
                d_below,
                deriv,
                z,
                a,
                tmp,
                block,
                block_T,
                scale,
                buf,
                decay,
            ) in backward:
                if d_below is not None:
                    dot(W, d, out=d_below)
                    if deriv is not None:
                        d_below *= deriv(z, a, tmp)
                if l2:
                    block[:-1] *= decay
                if buf is None:
                    ger(alpha * scale, d, inputs[k], a=block_T, overwrite_a=1)
                else:
                    d *= alpha  # d is not needed after this layer's update
                    multiply(inputs[k][:, None], d, out=buf)
                    buf *= scale
                    block += buf

    def _rate_blocks(self, blocks, rates):
        """Per layer: the rate multiplier as a float when it is uniform over
        the layer (or ``rates`` is None) with no scratch, else the layer's
        ``(fan_in + 1, fan_out)`` block of ``rates`` and a scratch block."""
        if rates is None:
            return [1.0] * len(blocks), [None] * len(blocks)
        scales, scratch = [], []
        start = 0
        for block in blocks:
            R = rates[start : start + block.size].reshape(block.shape)
            start += block.size
            if R.min() == R.max():
                scales.append(float(R.flat[0]))
                scratch.append(None)
            else:
                scales.append(R.astype(block.dtype, copy=False))
                scratch.append(np.empty_like(block))
        return scales, scratch
