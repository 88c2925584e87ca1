"""Curvature estimates that set learning rates (Efficient BackProp, 1.7 and 1.9).

Two estimators on top of the network core's curvature kernels, both working
on small random batches drawn through a ``sample(size) -> (X, Y,
sample_weight)`` callable, so they know nothing about estimators, whitening
or sparse input:

:func:`estimate_lambda_max`
    The largest eigenvalue of the Hessian (optionally preconditioned by
    per-weight rates) by the paper's on-line power method.
:class:`DiagonalLevenbergMarquardt`
    The running average of the Gauss-Newton diagonal behind stochastic
    diagonal Levenberg-Marquardt's per-weight rates.
:func:`mean_sample_lambda_max`
    The mean over samples of the largest eigenvalue of one sample's Hessian,
    which bounds stable steps on small batches.

Both compute in float64 whatever the training dtype: finite differences and
small curvatures need the digits.
"""

import numpy as np

#: Power-method iterations and samples per iteration: 100 presentations of 10
#: samples (the paper: "fewer than about 100 presentations give the right
#: order of magnitude"; batches of 10 steady the estimate at little cost).
POWER_ITERATIONS = 100
POWER_BATCH = 10
#: Step of the running average psi <- (1 - gamma) psi + gamma H psi / |psi|.
POWER_GAMMA = 0.5
#: Samples, and power iterations on each, of the mean largest eigenvalue of a
#: single sample's Hessian (the noise term of the mini-batch "auto" rate).
SAMPLE_POWER_SAMPLES = 16
SAMPLE_POWER_ITERATIONS = 8
#: Samples of the Gauss-Newton diagonal estimate before each epoch (LeNet-5
#: used 500) and weight of a new estimate in the running average.
SDLM_SAMPLES = 500
SDLM_SMOOTHING = 0.5


def estimate_lambda_max(
    network,
    theta,
    sample,
    l2,
    mean_weight,
    random_state,
    rates=None,
    psi=None,
    n_iter=POWER_ITERATIONS,
    batch_size=POWER_BATCH,
    gamma=POWER_GAMMA,
):
    """Largest Hessian eigenvalue by Efficient BackProp's on-line power method.

    Iterates ``psi <- (1 - gamma) psi + gamma R H_p psi / |psi|`` where
    ``H_p psi`` is the Hessian-vector product (central differences of the
    gradient, :meth:`Network.hessian_vector`) of the objective of a fresh
    random batch ``p`` and ``R`` the diagonal of per-weight ``rates``
    (identity when None): ``|psi|`` tends to the largest eigenvalue of ``R
    H``, the one that bounds a stable step ``eta < 2 / lambda_max`` of
    ``theta <- theta - eta R g``.  The estimate returned is the mean of
    ``|psi|`` over the second half of the iterations, which averages out
    the batch-to-batch noise once the direction has settled.

    Parameters
    ----------
    network : Network
    theta : ndarray of shape (n_params,)
    sample : callable
        ``sample(size)`` returns a random batch ``(X, Y, sample_weight)``.
    l2 : float
        The L2 coefficient of one mini-batch objective.
    mean_weight : float
        Mean training sample weight: a batch's objective is divided by its
        size times this, as in training.
    random_state : numpy.random.RandomState
        Draws the starting direction.
    rates : ndarray of shape (n_params,), optional
    psi : ndarray of shape (n_params,), optional
        Starting vector (e.g. a previous estimate's); random when None.
    n_iter, batch_size, gamma : int, int, float

    Returns
    -------
    lambda_max : float
    psi : ndarray of shape (n_params,)
        The last vector, to warm-start another estimate.
    """
    theta = theta.astype(np.float64)
    ws = network.workspace(batch_size, np.float64)
    if psi is None:
        psi = random_state.normal(size=network.n_params)
    psi = np.array(psi, dtype=np.float64)
    psi *= 1.0 / np.linalg.norm(psi)
    hv = np.empty_like(psi)
    norms = []
    for _ in range(n_iter):
        Xb, Yb, swb = sample(batch_size)
        unit = psi / np.linalg.norm(psi)
        network.hessian_vector(
            theta,
            Xb,
            Yb,
            swb,
            l2,
            unit,
            ws,
            hv,
            weight_total=Xb.shape[0] * mean_weight,
        )
        if rates is not None:
            hv *= rates
        psi *= 1.0 - gamma
        psi += gamma * hv
        norms.append(float(np.linalg.norm(psi)))
        if not np.isfinite(norms[-1]):
            break
    return float(np.mean(norms[n_iter // 2 :])), psi


def mean_sample_lambda_max(
    network,
    theta,
    sample,
    l2,
    mean_weight,
    random_state,
    rates=None,
    n_samples=SAMPLE_POWER_SAMPLES,
    n_iter=SAMPLE_POWER_ITERATIONS,
):
    """Mean over random samples ``i`` of the largest eigenvalue of ``R H_i``,
    ``H_i`` the Hessian of sample ``i``'s own objective.

    A step on one sample changes the weights by ``eta R H_i`` along its
    curvature, and ``H_i`` has rank at most the number of outputs: its
    largest eigenvalue, not its trace, is what a stable on-line step must
    stay under (for one output and a linear unit both are ``|x|^2``, the
    normalized-LMS bound; with ``K`` outputs the trace counts up to ``K``
    directions as one).  Each sample gets ``n_iter`` plain power iterations
    (Hessian-vector products by central differences) from a random start.

    Parameters
    ----------
    network, theta, sample, l2, mean_weight, random_state, rates
        As in :func:`estimate_lambda_max`.
    n_samples, n_iter : int

    Returns
    -------
    mean_lambda : float
    """
    theta = theta.astype(np.float64)
    ws = network.workspace(1, np.float64)
    hv = np.empty(network.n_params)
    estimates = []
    for _ in range(n_samples):
        Xb, Yb, swb = sample(1)
        v = random_state.normal(size=network.n_params)
        lam = 0.0
        for _ in range(n_iter):
            v *= 1.0 / np.linalg.norm(v)
            network.hessian_vector(
                theta, Xb, Yb, swb, l2, v, ws, hv, weight_total=mean_weight
            )
            if rates is not None:
                hv *= rates
            lam = float(np.linalg.norm(hv))
            if lam == 0.0:
                break
            v, hv = hv, v
        estimates.append(lam)
    return float(np.mean(estimates))


class DiagonalLevenbergMarquardt:
    """Per-weight rates ``1 / (mu + <h_kk>)`` of stochastic diagonal
    Levenberg-Marquardt (Efficient BackProp, 1.9.1).

    ``<h>`` is a running average of the Gauss-Newton diagonal
    (:meth:`Network.gauss_newton_diagonal`) of the objective, each
    :meth:`update` estimating it on a fresh random subset of ``n_samples``
    and averaging it in with weight ``smoothing`` (the first estimate is
    taken whole).  The L2 penalty's curvature ``l2`` is added on weights.

    Parameters
    ----------
    network : Network
    mu : float
        The damping ``mu``: bounds every rate by ``1 / mu``.
    n_samples, smoothing : int, float
    """

    def __init__(self, network, mu, n_samples=SDLM_SAMPLES, smoothing=SDLM_SMOOTHING):
        self.network = network
        self.mu = float(mu)
        self.n_samples = n_samples
        self.smoothing = smoothing
        self.h = None
        self._weights = network.weight_mask(dtype=np.float64)
        self._ws = None  # float64 buffers, allocated at the first update

    def __getstate__(self):
        # a pickled model carries the average, not the scratch buffers
        return {**self.__dict__, "_ws": None}

    def update(self, probe):
        """Estimate the diagonal at ``probe.theta`` on ``min(n_samples,
        probe.n)`` samples from ``probe.sample`` (a :class:`skebp._rates.Probe`)
        and fold it into the running average."""
        theta, l2, mean_weight = probe.theta, probe.l2, probe.mean_weight
        m = min(self.n_samples, probe.n)
        Xs, Ys, sws = probe.sample(m)
        net = self.network
        if self._ws is None or self._ws.n_rows < m:
            self._ws = net.workspace(m, np.float64)
        h = net.gauss_newton_diagonal(
            theta.astype(np.float64),
            Xs,
            Ys,
            sws,
            m * mean_weight,
            self._ws,
            np.empty(net.n_params),
        )
        if l2:
            h += l2 * self._weights
        if self.h is None:
            self.h = h
        else:
            self.h *= 1.0 - self.smoothing
            self.h += self.smoothing * h
        return self

    def rates(self, dtype=np.float64):
        """The per-weight rate multipliers ``1 / (mu + <h>)``."""
        return (1.0 / (self.mu + self.h)).astype(dtype)
