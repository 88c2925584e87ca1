"""Activation functions: value and derivative; a registry.

Every activation is a small record of pure functions working in place on
ndarrays, looked up by name in :data:`ACTIVATIONS`, as scikit-learn's
``sklearn.neural_network._base`` does.  The first derivative receives both the
pre-activation ``Z`` and the output ``A`` so that each function uses the
cheaper one (``tanh`` from its output, ``swish`` later from its input).
"""

from collections.abc import Callable
from typing import NamedTuple

import numpy as np
from scipy.special import expit

#: Amplitude and slope of LeCun's scaled hyperbolic tangent, f(x) = A tanh(S x).
LECUN_A = 1.7159
LECUN_S = 2.0 / 3.0
#: Slope of the leaky ReLU for negative inputs.
LEAKY_SLOPE = 0.01
#: Hidden units whose outputs grow without bound with their input: a step
#: too large makes the loss infinite instead of saturating the units.
UNBOUNDED = frozenset({"identity", "relu", "leaky_relu", "prelu", "swish", "softplus"})


class Activation(NamedTuple):
    """An element-wise activation function.

    ``forward(Z, out)`` writes f(Z) into ``out`` (which may be ``Z``) and
    returns it; ``derivative(Z, A, out)`` writes f'(Z) into ``out`` given the
    pre-activation ``Z`` and the output ``A = f(Z)``.  ``bounds`` is the
    closed range of the output.
    """

    name: str
    forward: Callable
    derivative: Callable
    bounds: tuple


def _identity(Z, out):
    if out is not Z:
        np.copyto(out, Z)
    return out


def _ones(Z, A, out):
    out.fill(1)
    return out


def _lecun_tanh(Z, out):
    np.multiply(Z, LECUN_S, out=out)
    np.tanh(out, out=out)
    out *= LECUN_A
    return out


def _lecun_tanh_derivative(Z, A, out):
    # f' = A S (1 - t^2) with t = f / A
    np.multiply(A, A, out=out)
    out *= -LECUN_S / LECUN_A
    out += LECUN_A * LECUN_S
    return out


def _tanh(Z, out):
    return np.tanh(Z, out=out)


def _tanh_derivative(Z, A, out):
    np.multiply(A, A, out=out)
    np.subtract(1, out, out=out)
    return out


def _logistic(Z, out):
    return expit(Z, out=out)


def _logistic_derivative(Z, A, out):
    np.subtract(1, A, out=out)
    out *= A
    return out


def _relu(Z, out):
    return np.maximum(Z, 0, out=out)


def _relu_derivative(Z, A, out):
    np.greater(A, 0, out=out, casting="unsafe")
    return out


def _leaky_relu(Z, out):
    # max(x, s x) for 0 < s < 1
    return np.maximum(Z, LEAKY_SLOPE * Z, out=out)


def _leaky_relu_derivative(Z, A, out):
    np.greater(Z, 0, out=out, casting="unsafe")
    out *= 1 - LEAKY_SLOPE
    out += LEAKY_SLOPE
    return out


def _swish(Z, out):
    # x logistic(x); out may be Z, so the logistic goes to a temporary
    s = expit(Z)
    return np.multiply(Z, s, out=out)


def _swish_derivative(Z, A, out):
    # f' = s + x s (1 - s) = s (1 + x (1 - s))
    expit(Z, out=out)
    out *= 1 + Z * (1 - out)
    return out


def _softplus(Z, out):
    # log(1 + exp(x)), without overflow
    return np.logaddexp(0, Z, out=out)


def _softplus_derivative(Z, A, out):
    return expit(Z, out=out)


def _gaussian(Z, out):
    # the output of a radial unit from its scaled squared distance z >= 0
    np.negative(Z, out=out)
    return np.exp(out, out=out)


def _gaussian_derivative(Z, A, out):
    return np.negative(A, out=out)


#: PReLU's slope on the negative side before training (He et al., 2015).
PRELU_INIT = 0.25


def prelu(Z, slope, out):
    """PReLU with one learned ``slope`` per unit (a row vector): ``max(z, 0)
    + slope min(z, 0)``, written into ``out`` (not ``Z``)."""
    np.multiply(Z, slope, out=out)
    np.copyto(out, Z, where=Z > 0)
    return out


def prelu_derivative(Z, slope, out):
    """``d prelu / dz``: 1 where ``z > 0``, the unit's slope elsewhere."""
    np.copyto(out, np.broadcast_to(slope, out.shape))
    np.copyto(out, 1, where=Z > 0)
    return out


def _prelu_at_init(Z, out):
    return np.multiply(Z, np.where(Z > 0, 1.0, PRELU_INIT), out=out)


def _prelu_at_init_derivative(Z, A, out):
    return prelu_derivative(Z, PRELU_INIT, out)


#: Smallest value of swish, x logistic(x), reached at x = -1.2785.
SWISH_MIN = -0.2784645427610738

ACTIVATIONS = {
    a.name: a
    for a in (
        Activation(
            "lecun_tanh",
            _lecun_tanh,
            _lecun_tanh_derivative,
            (-LECUN_A, LECUN_A),
        ),
        Activation("tanh", _tanh, _tanh_derivative, (-1.0, 1.0)),
        Activation("logistic", _logistic, _logistic_derivative, (0.0, 1.0)),
        Activation("relu", _relu, _relu_derivative, (0.0, np.inf)),
        Activation(
            "leaky_relu", _leaky_relu, _leaky_relu_derivative, (-np.inf, np.inf)
        ),
        Activation("identity", _identity, _ones, (-np.inf, np.inf)),
        Activation("swish", _swish, _swish_derivative, (SWISH_MIN, np.inf)),
        # Radial units: exp(-z) of z = ||x - c||^2 / (2 sigma^2), which the
        # network computes in place of the affine map (see ``_rbf``).
        Activation("rbf", _gaussian, _gaussian_derivative, (0.0, 1.0)),
        Activation("softplus", _softplus, _softplus_derivative, (0.0, np.inf)),
        # PReLU: a leaky ReLU whose slope is learned per unit; the network
        # passes the slopes (``prelu``), these are the functions at the
        # initial slope.
        Activation(
            "prelu", _prelu_at_init, _prelu_at_init_derivative, (-np.inf, np.inf)
        ),
    )
}
"""Hidden and output activations by name."""


#: Smallest exponent a softmax takes: exp(-600) = 2.6e-261 is a normal float.
#: Below about -708 exp returns subnormals, which make the matrix products of
#: the backward pass up to 50 times slower near convergence; the clip changes
#: no probability that the loss (clipped at machine epsilon) can see.
SOFTMAX_MIN_EXPONENT = -600.0


def softmax(Z, out):
    """Row-wise softmax of ``Z`` written into ``out`` (stable: max subtracted;
    exponents below ``SOFTMAX_MIN_EXPONENT`` clipped, keeping floats normal)."""
    # the ufuncs' reductions called directly: the same operations as
    # ``Z.max(...)`` and ``out.sum(...)``, without their Python wrappers
    # (a mini-batch step makes a few dozen such calls)
    np.subtract(Z, np.maximum.reduce(Z, axis=1, keepdims=True), out=out)
    np.maximum(out, SOFTMAX_MIN_EXPONENT, out=out)
    np.exp(out, out=out)
    out /= np.add.reduce(out, axis=1, keepdims=True)
    return out
