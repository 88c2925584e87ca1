"""First-order optimizers: small stateful classes updating a flat vector in place.

Each keeps its buffers (velocity, moments) allocated once, as long as the
optimizer lives, so a step allocates nothing.  ``rates`` is the per-weight
rate hook: None, or a flat array that multiplies each coordinate's step
(``per_weight_rates`` fills it); ``schedule`` is None or a per-step schedule
of ``_schedules`` that sees every gradient (before the rates) and moves
``learning_rate``.
"""

import math

import numpy as np

from ._declared import DeclaresHyperparameters

#: The ``part`` of a step over the whole vectors.
WHOLE = slice(None)


class _FirstOrder(DeclaresHyperparameters):
    stochastic = True
    #: The rate ``learning_rate_init="auto"`` stands for; None: estimated
    #: from the Hessian (``skebp._rates.AutoRate``).
    auto_rate = None
    #: The buffers a step carries over to the next (what running an epoch
    #: again from its start must restore along with the weights).
    state_buffers = ()
    #: The estimator hyperparameters every first-order solver consumes.
    common_hyperparameters = (
        "batch_size",
        "batch_growth",
        "shuffle",
        "max_emphasis",
        "learning_rate_init",
        "learning_rate",
        "power_t",
        "per_weight_rates",
        "sdlm_mu",
    )

    @classmethod
    def from_params(cls, params, n_params, dtype, learning_rate):
        """Build the optimizer from the estimator's ``get_params()``."""
        return cls(n_params, dtype, learning_rate, **cls.own_arguments(params))

    def __init__(self, n_params, dtype, learning_rate, **params):
        self.learning_rate = float(learning_rate)
        self.rates = None
        self.schedule = None
        self.n_steps = 0
        self._setup(n_params, np.dtype(dtype), **params)

    def _setup(self, n_params, dtype):
        pass

    def step(self, theta, grad, parts=None):
        """Update ``theta`` in place from ``grad`` (which may be overwritten);
        ``parts``: only these slices of the vectors (the steps of the others
        taken elsewhere, ``skebp._blas.WeightSteps``; no schedule or rates)."""
        self.n_steps += 1
        if parts is not None:
            for part in parts:
                self._step(theta[part], grad[part], part)
            return
        if self.schedule is not None:
            self.learning_rate = self.schedule.observe(grad, self.learning_rate)
        if self.rates is not None:
            grad *= self.rates
        self._step(theta, grad, WHOLE)


class SGD(_FirstOrder):
    """Plain (stochastic) gradient descent: theta <- theta - eta g."""

    name = "sgd"

    def _step(self, theta, grad, part):
        grad *= self.learning_rate
        theta -= grad


class Momentum(_FirstOrder):
    """Heavy-ball momentum, optionally Nesterov's form (scikit-learn's rule).

    ``v <- mu v - eta g; theta <- theta + v``; with Nesterov,
    ``theta <- theta + mu v - eta g`` after updating ``v`` (Sutskever et al.,
    2013, as scikit-learn's ``SGDOptimizer`` writes it).
    """

    name = "momentum"
    hyperparameters = {"momentum": "momentum", "nesterov": "nesterovs_momentum"}
    state_buffers = ("velocity",)

    def _setup(self, n_params, dtype, momentum=0.9, nesterov=False):
        self.momentum = float(momentum)
        self.nesterov = bool(nesterov)
        self.velocity = np.zeros(n_params, dtype=dtype)

    def _step(self, theta, grad, part):
        v = self.velocity[part]
        grad *= self.learning_rate
        v *= self.momentum
        v -= grad
        if self.nesterov:
            theta += self.momentum * v
            theta -= grad
        else:
            theta += v


class Adam(_FirstOrder):
    """Adam (Kingma & Ba, 2015) with bias correction folded into the rate."""

    name = "adam"
    hyperparameters = {"beta_1": "beta_1", "beta_2": "beta_2", "epsilon": "epsilon"}
    state_buffers = ("m", "v")
    # Normalized steps have no Hessian-based rate: "auto" is the fixed rate
    # the real-data suite chose at batches of 200 (benchmarks/
    # check_defaults.py; Kingma & Ba's and scikit-learn's default is 0.001),
    # scaled down for smaller batches (skebp._training._stochastic.auto_rate).
    auto_rate = 1e-2
    # Adam's normalized steps cancel per-weight rates (refused with it).
    common_hyperparameters = tuple(
        p
        for p in _FirstOrder.common_hyperparameters
        if p not in ("per_weight_rates", "sdlm_mu")
    )

    def _setup(self, n_params, dtype, beta_1=0.9, beta_2=0.999, epsilon=1e-8):
        self.beta_1, self.beta_2, self.epsilon = beta_1, beta_2, epsilon
        self.m = np.zeros(n_params, dtype=dtype)
        self.v = np.zeros(n_params, dtype=dtype)
        self._buf = np.empty(n_params, dtype=dtype)

    def _step(self, theta, grad, part):
        t = self.n_steps
        b1, b2 = self.beta_1, self.beta_2
        if part is WHOLE:  # no views to make (a mini-batch step's few microseconds)
            m, v, buf = self.m, self.v, self._buf
        else:
            m, v, buf = self.m[part], self.v[part], self._buf[part]
        np.multiply(grad, 1 - b1, out=buf)  # (1 - b1) g, without a temporary
        m *= b1
        m += buf
        np.multiply(grad, grad, out=grad)
        v *= b2
        grad *= 1 - b2
        v += grad
        # the bias correction in double precision, as a NumPy scalar: a
        # float32 step multiplies by it in double, then rounds
        lr = np.float64(self.learning_rate * math.sqrt(1 - b2**t) / (1 - b1**t))
        np.sqrt(v, out=buf)
        buf += self.epsilon
        np.divide(m, buf, out=buf)
        buf *= lr
        theta -= buf
