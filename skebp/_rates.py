"""Learning-rate rules of the first-order solvers (trick 7).

``PER_WEIGHT_RATES`` maps every ``per_weight_rates`` string to a rule object
that fills the optimizer's per-weight rate hook (``optimizer.rates``):

``"none"``
    no multipliers;
``"fan_in"``
    ``1 / sqrt(fan_in)`` on each layer's weights and biases, set once;
``"sdlm"``
    stochastic diagonal Levenberg-Marquardt ``1 / (mu + <h>)``, estimated
    again before every epoch (:class:`~skebp._curvature.DiagonalLevenbergMarquardt`).

:class:`AutoRate` is ``learning_rate_init="auto"``: the global rate from the
largest eigenvalue of the (rate-scaled) Hessian, and its re-estimation when
the loss keeps rising.  Kernels (power method, Gauss-Newton diagonal) live in
``_curvature`` and ``_network``; this module decides what to do with them.
"""

from dataclasses import dataclass

import numpy as np

from ._activations import UNBOUNDED
from ._curvature import (
    DiagonalLevenbergMarquardt,
    estimate_lambda_max,
    mean_sample_lambda_max,
)

#: ``learning_rate_init="auto"`` lowers its rate during training only to
#: a new estimate below this fraction of it (estimates vary by a few %).
AUTO_LOWER_MARGIN = 0.9
#: ... after two epochs in a row each raising the loss by more than this
#: fraction (not rounding at convergence).
AUTO_RISE = 1e-3


@dataclass
class Probe:
    """Where curvature is measured: ``network`` at ``theta`` (updated in
    place by training), on random batches from ``sample(size)`` of a
    training set of ``n`` samples of mean weight ``mean_weight``, with the
    mini-batch L2 coefficient ``l2``; ``rng`` draws the power method's start."""

    network: object
    theta: np.ndarray
    sample: object
    l2: float
    mean_weight: float
    rng: object
    n: int

    def curvature_args(self):
        """The leading arguments of the ``_curvature`` estimators."""
        return (
            self.network,
            self.theta,
            self.sample,
            self.l2,
            self.mean_weight,
            self.rng,
        )


class NoRates:
    """``per_weight_rates="none"``: one global rate for every weight."""

    name = "none"

    def __init__(self, network, dtype, sdlm_mu):
        self.network, self.dtype = network, np.dtype(dtype)

    def initial_rates(self):
        """The multipliers set when the optimizer is made (None: all 1)."""
        return None

    def before_epoch(self, optimizer, probe):
        """Update ``optimizer.rates`` before an epoch (only SDLM does)."""


class FanInRates(NoRates):
    """``per_weight_rates="fan_in"``: each layer's rate times ``1 /
    sqrt(fan_in)`` (1 on normalization scales and shifts)."""

    name = "fan_in"

    def initial_rates(self):
        net = self.network
        rates = np.ones(net.n_params, dtype=self.dtype)
        for c, b, fan_in in zip(
            net.coef_slices, net.intercept_slices, net.layer_sizes[:-1]
        ):
            rates[c.start : b.stop] = fan_in**-0.5
        return rates


class SDLMRates(NoRates):
    """``per_weight_rates="sdlm"``: ``eta / (mu + <h_kk>)``, the running
    Gauss-Newton diagonal estimated on fresh samples before every epoch."""

    name = "sdlm"

    def __init__(self, network, dtype, sdlm_mu):
        super().__init__(network, dtype, sdlm_mu)
        self.sdlm = DiagonalLevenbergMarquardt(network, sdlm_mu)

    def before_epoch(self, optimizer, probe):
        self.sdlm.update(probe)
        optimizer.rates = self.sdlm.rates(self.dtype)


PER_WEIGHT_RATES = {cls.name: cls for cls in (NoRates, FanInRates, SDLMRates)}


class AutoRate:
    """``learning_rate_init="auto"``: ``eta = 1 / (lambda_max + lambda_1 (1/b
    - 1/n) / (1 - beta))`` for mini-batches of ``b`` of ``n`` samples and
    momentum ``beta`` (0 for plain SGD).

    ``lambda_max`` is the largest eigenvalue of ``R H`` (the paper's power
    method, ``R`` the per-weight rates) and ``lambda_1`` the mean over
    samples of the largest eigenvalue of one sample's ``R H_i``
    (:func:`mean_sample_lambda_max`).  The second term is the mean-square
    stability bound of stochastic updates: with ``E[H_i^2] <= lambda_1 H``,
    a step on a batch is stable in mean square when ``eta (lambda_max +
    lambda_1 (1/b - 1/n)) < 2``, and the rule takes half that bound, as the
    paper's ``1 / lambda_max`` is half of ``2 / lambda_max`` (exactly the
    paper's rate for full-batch steps, where the term vanishes).  Momentum
    sums the noise of about ``1 / (1 - beta)`` steps, hence its factor.
    (The term was ``tr(R H)`` before, which counts every output of a sample
    as a direction of its own: on-line rates came out ~5x too small.)  The
    power method's last vector warm-starts the next estimate (of a later
    epoch or a ``warm_start`` fit).
    """

    def __init__(self):
        self.psi = None
        self.lambda_max = None
        # momentum's long-run step eta / (1 - beta) held to SGD's rate
        self.long_run = False

    def estimate(self, probe, optimizer, batch_size):
        """``(rate, lambda_max)`` at the current weights."""
        lam, self.psi = estimate_lambda_max(
            *probe.curvature_args(), rates=optimizer.rates, psi=self.psi
        )
        if not (np.isfinite(lam) and lam > 0):
            raise ValueError(
                "learning_rate_init='auto' could not estimate lambda_max (got "
                f"{lam}): the network's curvature at these weights is zero or not "
                "finite. Give learning_rate_init a float."
            )
        lambda_max = lam
        beta = getattr(optimizer, "momentum", 0.0)
        noise = 1.0 / batch_size - 1.0 / probe.n
        if noise > 0:
            # Momentum accumulates the batch noise over about 1 / (1 - beta)
            # steps: its variance is that of SGD at rate eta / (1 - beta)
            # (which, held to SGD's rate, is SGD's).
            if not self.long_run:
                noise /= 1.0 - beta
            lam += noise * mean_sample_lambda_max(
                *probe.curvature_args(), rates=optimizer.rates
            )
        return (1.0 - beta if self.long_run else 1.0) / lam, lambda_max

    def start(self, probe, optimizer, batch_size, weight_scale=1.0):
        """Set the optimizer's initial rate, from the curvature at the
        weights times ``weight_scale``.

        Networks with unbounded hidden units (``UNBOUNDED``) hold momentum's
        long-run step ``eta / (1 - beta)`` to plain SGD's rate: at ``eta = 1
        / lambda_max`` its ten times larger long-run step made the loss
        infinite on some real data sets (check_times, TenMileRace), where
        bounded units saturate instead.

        ``init="auto"`` draws the weights of piecewise-linear networks at
        half their method's scale; their curvature grows with the square of
        the weights, and the rate of the drawn weights was too large for
        the scale they reach in the first epochs (with momentum it diverged
        on the suite's two largest regression sets, hotel_rates and
        check_times), so the rate is the one of the weights at full scale
        (``weight_scale=2``; biases and other parameters as drawn)."""
        self.long_run = any(a in UNBOUNDED for a in probe.network.activations[:-1])
        theta = probe.theta
        drawn = theta.copy() if weight_scale != 1.0 else None
        if drawn is not None:
            for s in probe.network.coef_slices:
                theta[s] *= weight_scale
        try:
            optimizer.learning_rate, self.lambda_max = self.estimate(
                probe, optimizer, batch_size
            )
        finally:
            if drawn is not None:
                theta[...] = drawn

    def lower_if_rising(self, curve, schedule, probe, optimizer, batch_size):
        """After two epochs in a row that raised the loss: estimate lambda_max
        again at the current weights (the curvature grows during training,
        e.g. when radial units narrow) and lower the rate if the new
        estimate is more than 10 % lower."""
        rise = 1.0 + AUTO_RISE
        if not (len(curve) >= 3 and curve[-3] * rise < curve[-2] < curve[-1] / rise):
            return
        base = schedule.eta0
        rate, lam = self.estimate(probe, optimizer, batch_size)
        if rate < AUTO_LOWER_MARGIN * base:  # not for the estimate's own noise
            self.lambda_max = lam
            optimizer.learning_rate *= rate / base
            schedule.rescale(rate / base)
