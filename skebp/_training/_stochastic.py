"""The mini-batch (and on-line) training loop of the first-order solvers.

It takes a network, the flat parameter vector (updated in place), the
training data, the solver's state and the hyperparameters as arguments, and
reports every epoch to an :class:`~skebp._training._monitor.EpochMonitor`;
it never sees an estimator.
"""

import math

import numpy as np
from sklearn.exceptions import ConvergenceWarning

from .._blas import WeightSteps
from .._exceptions import DivergenceError
from .._order import presentation_order
from .._rates import PER_WEIGHT_RATES, AutoRate, Probe
from .._solvers import SCHEDULES, OnlineSGD, augment
from .._warnings import INTERRUPTED, warn
from ._compiled import CompiledEpoch, solver_unsupported, unsupported


class StochasticState:
    """What a first-order fit leaves for the next ``partial_fit`` call: the
    optimizer (with its per-weight rates), the rate rule, the schedule and
    the ``"auto"`` rate's power-method vector (kept by ``warm_start`` too)."""

    def __init__(self):
        self.optimizer = None
        self.rule = None
        self.schedule = None
        self.auto = AutoRate()

    def reset_dtype(self):
        """The parameters changed dtype: the optimizer's buffers are stale."""
        self.optimizer = None


#: The mini-batch size at which the fixed ``"auto"`` rates (Adam's) were
#: chosen, and ``batch_size="auto"`` of the other solvers and of a rate
#: given (on enough rows).
AUTO_BATCH_SIZE = 200
#: ``batch_size="auto"`` of an estimator trained by Adam at its ``"auto"``
#: rate (on enough rows), by task: the classifier's since the seventeenth
#: round (``benchmarks/check_seventeenth.py``: chosen on the classification
#: data sets of six collections, confirmed on the tenth), the regressor's
#: since the eighteenth (``benchmarks/check_eighteenth.py``: chosen on the
#: regression data sets of six collections, confirmed on the eleventh).
ADAM_AUTO_BATCH = {"classification": 32, "regression": 64}


def auto_batch_size(classifier, solver, learning_rate_init):
    """``batch_size="auto"``'s mini-batch (on enough rows): 32 rows for a
    classifier and 64 for a regressor trained by Adam at the ``"auto"``
    rate, the configurations the seventeenth and eighteenth rounds measured
    (the rate follows the batch, :func:`auto_rate`); :data:`AUTO_BATCH_SIZE`
    otherwise: the other solvers, whose ``"auto"`` rates were measured there
    (momentum's Hessian-based rate at 32 rows overshot radial units on
    some seeds of ``make_moons``), and a rate given, which was chosen for
    some batch (the recipes' were chosen at that one)."""
    if solver == "adam" and learning_rate_init == "auto":
        return ADAM_AUTO_BATCH["classification" if classifier else "regression"]
    return AUTO_BATCH_SIZE


def resolve_batch_size(batch_size, n_samples, auto=AUTO_BATCH_SIZE):
    """``"auto"`` is ``min(auto, n_samples)`` (``auto``:
    :func:`auto_batch_size`'s); a larger size is clipped."""
    if batch_size == "auto":
        return min(auto, n_samples)
    if batch_size > n_samples:
        warn(
            f"batch_size={batch_size} is larger than the number of training "
            f"samples ({n_samples}); it is clipped to {n_samples}."
        )
    return min(batch_size, n_samples)


#: Adam's ``"auto"`` rate for a ``fit`` that nothing stops early (early
#: stopping off: by ``"auto"``, too few rows to hold out, or by the user) on
#: fewer rows than the second number, by task: chosen on the development
#: half of the suite cut to small training sets (classifier: 30 to 400
#: rows, regressor: 30 to 90), confirmed on four other collections cut the
#: same way (``benchmarks/check_small.py``); for the regressor's fits of
#: 100 to 499 rows, which ``early_stopping="auto"`` has left without early
#: stopping since the fifteenth round, confirmed on the ninth collection's
#: natural small data sets (``benchmarks/check_fifteenth.py``).
SMALL_FIT = {"classification": (1e-3, 500), "regression": (3e-3, 500)}


def task_settings(params, classifier, n_rows, stopping_early, incremental):
    """What a fit of ``n_rows`` rows sets by its task beside ``params``: the
    small-fit rate (:func:`small_fit_rate`) and ``batch_size="auto"``'s
    mini-batch (:func:`auto_batch_size`)."""
    return {
        "small_fit_rate": small_fit_rate(
            classifier, n_rows, stopping_early, incremental
        ),
        "auto_batch": auto_batch_size(
            classifier, params["solver"], params["learning_rate_init"]
        ),
    }


def small_fit_rate(classifier, n_rows, stopping_early, incremental):
    """The small-fit rate of :data:`SMALL_FIT` for a classifier's or a
    regressor's ``fit`` of ``n_rows`` rows that does not stop early, else
    None."""
    rate, rows = SMALL_FIT["classification" if classifier else "regression"]
    return None if incremental or stopping_early or n_rows >= rows else rate


#: ``alpha="auto"``'s L2 penalty, by task: in a classifier's ``fit`` that
#: nothing stops early below the small-fit size of :data:`SMALL_FIT`, and in
#: every regressor ``fit`` of fewer than :data:`REGRESSOR_PENALTY_ROWS`
#: rows, whatever the solver and rate (0 in every other fit and in
#: ``partial_fit``).  Chosen for Adam on the five collections cut to small
#: training sets (regressor: 30 to 90 rows; classifier: 30 to 400),
#: confirmed on a sixth (regression) and a seventh (classification)
#: collection (``benchmarks/check_small.py --alpha-round``), then for the
#: other solvers changed alone (``--solver-round``), then for the
#: regressor's fits that stop early (``--es-alpha-round``).  A small fit
#: with nothing to stop it overfits noisy data without a penalty; one that
#: stops early on a few dozen validation rows stops at a noisy epoch.
SMALL_FIT_ALPHA = {"classification": 1.0, "regression": 3.0}
#: A regressor's fits below this many rows have the penalty, whether or not
#: they stop early (the eleventh round: ``check_small.py --es-alpha-round``).
REGRESSOR_PENALTY_ROWS = 500


def fit_alpha(params, classifier, n_rows, incremental):
    """``params["alpha"]`` as a fit of ``n_rows`` rows applies it:
    ``"auto"`` is the task's :data:`SMALL_FIT_ALPHA` in a classifier's small
    fit that nothing stops early (``params["small_fit_rate"]`` set) and in a
    regressor's ``fit`` of fewer than :data:`REGRESSOR_PENALTY_ROWS` rows,
    whatever the solver and rate; else 0."""
    if params["alpha"] != "auto":
        return params["alpha"]
    if classifier:
        penalized = params["small_fit_rate"] is not None
    else:
        penalized = not incremental and n_rows < REGRESSOR_PENALTY_ROWS
    task = "classification" if classifier else "regression"
    return SMALL_FIT_ALPHA[task] if penalized else 0.0


def auto_rate(solver_class, batch_size, n_samples, incremental, small_rate=None):
    """A solver's fixed ``"auto"`` rate (Adam's; None for the Hessian-based
    ones) for mini-batches of ``batch_size`` rows: chosen at batches of
    :data:`AUTO_BATCH_SIZE` with early stopping, it is ``small_rate``
    instead (if given: :func:`small_fit_rate`'s), and it is scaled
    by ``sqrt(batch_size / 200)`` for smaller batches (the square-root rule
    for adaptive methods, Malladi et al., 2022), unless the batch is the
    whole training set of a ``fit`` (no gradient noise to scale to)."""
    rate = solver_class.auto_rate
    if rate and small_rate is not None:
        rate = small_rate
    if not rate or batch_size >= AUTO_BATCH_SIZE:
        return rate
    if batch_size >= n_samples and not incremental:
        return rate
    return rate * math.sqrt(batch_size / AUTO_BATCH_SIZE)


#: ``learning_rate_init="auto"``'s Hessian-based rates (plain and momentum
#: SGD) are estimates: an epoch whose mini-batch loss becomes non-finite is
#: run again from its starting weights at ``AUTO_BACKOFF`` times the rate,
#: up to ``AUTO_BACKOFFS`` times before the fit stops as diverged.
AUTO_BACKOFF, AUTO_BACKOFFS = 0.1, 3


class BackOff:
    """Runs an epoch of the ``"auto"`` rate so that it can run again: the
    weights and the optimizer's carried-over buffers are saved at its start
    (into copies allocated once), and an epoch whose loss became non-finite
    runs again from there at :data:`AUTO_BACKOFF` times the rate (the
    estimate was too large for some samples: one row's curvature can be
    many times the mean it plans for), until :data:`AUTO_BACKOFFS` retries
    have failed."""

    def __init__(self, epoch, theta, optimizer, state, verbose):
        # the state's schedule: made when the first epoch starts
        self.epoch, self.state, self.verbose = epoch, state, verbose
        names = optimizer.state_buffers
        self.arrays = [theta, *(getattr(optimizer, n) for n in names)]
        self.saved = [a.copy() for a in self.arrays]

    def run(self, optimizer, order, bs, online):
        """``epoch.run``'s result, after up to :data:`AUTO_BACKOFFS` retries."""
        for array, saved in zip(self.arrays, self.saved):
            np.copyto(saved, array)
        n_steps = optimizer.n_steps
        for retries_left in range(AUTO_BACKOFFS, -1, -1):
            try:
                return self.epoch.run(optimizer, order, bs, online)
            except DivergenceError:
                if not retries_left:
                    raise
            for array, saved in zip(self.arrays, self.saved):
                np.copyto(array, saved)
            optimizer.n_steps = n_steps
            if self.verbose:
                print(
                    f"The loss became non-finite during the epoch at rate "
                    f"{optimizer.learning_rate:.3g}: 'auto' lowers it to "
                    f"{optimizer.learning_rate * AUTO_BACKOFF:.3g} and runs "
                    "the epoch again."
                )
            optimizer.learning_rate *= AUTO_BACKOFF
            self.state.schedule.rescale(AUTO_BACKOFF)


def grown_batch_size(batch_size, growth, epochs, n, ceil=True):
    """``batch_size * growth**epochs`` rounded (up with ``ceil``), capped at
    ``n`` before the power can overflow."""
    if growth > 1.0 and epochs * math.log(growth) > math.log(n / batch_size):
        return n
    size = batch_size * growth**epochs
    return min(n, int(math.ceil(size) if ceil else size))


def layer_rates(network, optimizer):
    """Effective rate of each layer: the global rate times the mean
    per-weight multiplier over the layer's weights and biases."""
    lr, rates = optimizer.learning_rate, optimizer.rates
    return [
        lr if rates is None else lr * float(rates[c.start : b.stop].mean())
        for c, b in zip(network.coef_slices, network.intercept_slices)
    ]


def _start(state, network, theta, params, fresh):
    """Make the optimizer and the rate rule of a fresh fit."""
    if not fresh:
        return
    dtype = theta.dtype
    auto = params["learning_rate_init"] == "auto"
    state.optimizer = params["solver_class"].from_params(
        params, network.n_params, dtype, 1.0 if auto else params["learning_rate_init"]
    )
    state.rule = PER_WEIGHT_RATES[params["per_weight_rates"]](
        network, dtype, params["sdlm_mu"]
    )
    state.optimizer.rates = state.rule.initial_rates()


def _start_rates(state, probe, params, batch_size):
    """The initial global rate (``"auto"``) and the schedule that moves it."""
    optimizer = state.optimizer
    if params["learning_rate_init"] == "auto":
        state.auto.start(
            probe, optimizer, batch_size, 1.0 / params.get("init_factor", 1.0)
        )
    schedule = SCHEDULES[params["learning_rate"]](
        optimizer.learning_rate,
        probe.network.n_params,
        probe.theta.dtype,
        power_t=params["power_t"],
    )
    optimizer.schedule = schedule if schedule.per_step else None
    state.schedule = schedule


def _online_kernel(network, data, params, batch_size):
    """Efficient BackProp's on-line mode gets the fused one-sample kernel
    (whose rate can change between epochs, not between steps)."""
    if not (
        params["solver_class"].name == "sgd"
        and batch_size == 1
        and data.dense
        and not SCHEDULES[params["learning_rate"]].per_step
        and OnlineSGD.supports(network)
    ):
        return None
    online = OnlineSGD(network, data.X.dtype)
    # its buffers (a copy of X) are made when its first epoch runs: where
    # the compiled kernel runs the epochs, never
    online.Xa = online.outputs = None
    return online


#: ``(rise, factor)``: a ``fit`` at Adam's fixed ``"auto"`` rate multiplies its
#: rate by ``factor`` after an epoch whose mean training loss exceeds the
#: previous epoch's by more than the fraction ``rise``, the sign of a rate too
#: large for the data (on hotel_rates' 415 one-hot columns the epochs' losses
#: went up and down); not ``partial_fit``, whose calls may each bring other
#: rows.  None turns it off.  Chosen on the collections already seen and
#: confirmed on the twelfth by the nineteenth round
#: (``benchmarks/check_nineteenth.py``); Vogl et al. (1988) and Battiti's
#: "bold driver" (1989) lower the rate when the loss rises.
ADAM_RISE = (0.05, 0.5)


def lower_after_rise(curve, optimizer, schedule, verbose):
    """:data:`ADAM_RISE`'s rule after an epoch whose losses so far are
    ``curve``: the optimizer's rate and the schedule's base rate lowered
    if the last epoch's loss rose by more than the fraction."""
    if ADAM_RISE is None or len(curve) < 2:
        return
    rise, factor = ADAM_RISE
    if not curve[-1] > curve[-2] * (1.0 + rise):
        return
    if verbose:
        print(
            f"The training loss rose by more than {rise:.0%} ({curve[-2]:.6g} -> "
            f"{curve[-1]:.6g}): Adam's 'auto' rate is multiplied by {factor:g}, "
            f"to {optimizer.learning_rate * factor:.3g}."
        )
    optimizer.learning_rate *= factor
    schedule.rescale(factor)


def fit_stochastic(
    network, theta, data, state, params, monitor, rng, *, incremental, mode
):
    """Train ``theta`` in place by epochs of mini-batch steps.

    Parameters
    ----------
    network : Network
    theta : ndarray of shape (n_params,)
    data : TrainingData
    state : StochasticState
        Reused by ``partial_fit`` (``incremental``), renewed otherwise.
    params : dict
        The estimator's hyperparameters, with ``"solver_class"``.
    monitor : EpochMonitor
    rng : numpy.random.RandomState
    incremental : bool
        One epoch (``partial_fit``) instead of up to ``max_iter``.
    mode : str
        The presentation order (``presentation_order``'s mode).

    Returns
    -------
    learning_rates : list of float
        Each layer's effective rate at the end.
    """
    n = data.n_samples
    batch_size = resolve_batch_size(params["batch_size"], n, params["auto_batch"])
    fixed = auto_rate(
        params["solver_class"], batch_size, n, incremental, params["small_fit_rate"]
    )
    # Adam's fixed "auto" rate in a fit, whose epochs pass over the same rows
    # (partial_fit's calls may each bring other rows, whose loss may be higher)
    adam_auto = params["learning_rate_init"] == "auto" and fixed and not incremental
    if params["learning_rate_init"] == "auto" and fixed:
        params = {**params, "learning_rate_init": fixed}
    fresh = state.optimizer is None or not incremental
    _start(state, network, theta, params, fresh)
    optimizer = state.optimizer
    l2 = params["alpha"] / data.total_weight
    growth = params["batch_growth"]
    n_epochs = 1 if incremental else params["max_iter"]
    max_batch = grown_batch_size(batch_size, growth, n_epochs - 1, n)
    epoch = MiniBatchEpoch(network, theta, data, max_batch, l2, monitor, mode)
    probe = Probe(network, theta, data.sampler(rng), l2, data.mean_weight, rng, n)
    online = _online_kernel(network, data, params, batch_size)
    auto = params["learning_rate_init"] == "auto"
    run = epoch.run
    if auto and not SCHEDULES[params["learning_rate"]].per_step:
        run = BackOff(epoch, theta, optimizer, state, params["verbose"]).run
    monitor.plateau = lambda: state.schedule.drop(optimizer)
    try:
        for i in range(n_epochs):
            monitor.begin_epoch()
            state.rule.before_epoch(optimizer, probe)
            if fresh and i == 0:
                _start_rates(state, probe, params, batch_size)
            order = presentation_order(
                data.labels if mode == "class_alternate" else n,
                mode=mode,
                random_state=rng,
                errors=epoch.errors if epoch.have_errors else None,
                max_emphasis=params["max_emphasis"],
            )
            bs = grown_batch_size(batch_size, growth, i, n, ceil=False)
            loss = run(optimizer, order, bs, online if bs == 1 else None)
            monitor.end_epoch(theta, loss, n)
            optimizer.learning_rate = state.schedule.epoch_end(
                monitor.record.t, optimizer.learning_rate
            )
            if adam_auto:
                lower_after_rise(
                    monitor.record.loss_curve,
                    optimizer,
                    state.schedule,
                    params["verbose"],
                )
            if auto:
                state.auto.lower_if_rising(
                    monitor.record.loss_curve,
                    state.schedule,
                    probe,
                    optimizer,
                    bs,
                )
            if monitor.should_stop(theta):
                break
        else:
            if not incremental:
                warn(
                    f"Stochastic Optimizer: Maximum iterations ({n_epochs}) "
                    "reached and the optimization hasn't converged yet.",
                    ConvergenceWarning,
                )
    except KeyboardInterrupt:
        monitor.interrupted()
        warn(INTERRUPTED)
    finally:
        rates = layer_rates(network, optimizer)
    monitor.finish(theta)
    return rates


class MiniBatchEpoch:
    """One epoch of steps over the training data, with buffers allocated
    once per fit; keeps each sample's last loss for ``"emphasize"``."""

    def __init__(self, network, theta, data, max_batch, l2, monitor, mode):
        self.network, self.theta, self.data = network, theta, data
        self.l2, self.monitor = l2, monitor
        self.contiguous = mode == "none"
        self.ws = network.workspace(max_batch, theta.dtype)
        self.grad = np.empty_like(theta)
        data.batch_buffers(max_batch)
        self.errors = np.zeros(data.n_samples) if mode == "emphasize" else None
        self.batch_losses = (
            np.empty(max_batch, dtype=theta.dtype) if self.errors is not None else None
        )
        self.have_errors = False
        #: Whether the numpy path has looked for :class:`OffsetRows` yet.
        self.rows_checked = False
        self.why_numpy = unsupported(network, data)
        self.compiled = (
            CompiledEpoch(network, theta, self.grad, data, max_batch, l2)
            if self.why_numpy is None
            else None
        )
        self.path_told = not monitor.verbose

    def run(self, optimizer, order, bs, online=None):
        """Mini-batches of ``bs`` samples in ``order``; returns the epoch's
        mean training loss (measured during the epoch): in the compiled
        kernel where it applies, else in numpy, by the fused on-line kernel
        ``online`` when given (one-sample steps it computes).

        The on-line kernel takes the mean loss over the samples presented
        (weighted: an emphasized order repeats some) and adds the L2
        penalty of the epoch's final weights, not each step's; the compiled
        kernel, running its epochs, reports the same."""
        why = self.why_numpy or solver_unsupported(
            optimizer.name, optimizer.schedule is not None
        )
        result = None if why else self.compiled.run(optimizer, order, bs, self.errors)
        if not self.path_told:
            print(
                "Epochs run in the compiled kernel (numba)."
                if result is not None
                else f"Epochs run in numpy: {why or 'numba failed'}."
            )
            self.path_told = True
        if result is not None:
            loss, penalty, bad = result
            if bad:
                self.monitor.diverged(f"the loss of a mini-batch is {bad}")
            self.have_errors = self.errors is not None
            if online is None:
                return loss + penalty
            sw = self.data.sample_weight
            if sw is not None:
                loss *= self.data.total_weight / float(sw[order].sum())
            return loss + self._final_penalty()
        if online is not None:
            return self._run_online(online, optimizer, order)
        return self._run_numpy(optimizer, order, bs)

    def _final_penalty(self):
        """The L2 penalty of the current weights."""
        if not self.l2:
            return 0.0
        coefs = self.network.unpack(self.theta)[0]
        return 0.5 * self.l2 * float(sum(np.vdot(W, W) for W in coefs))

    def _run_numpy(self, optimizer, order, bs):
        data, net, theta, grad = self.data, self.network, self.theta, self.grad
        n, mean_weight = data.n_samples, data.mean_weight
        if not self.rows_checked:
            self.rows_checked = True
            if net.layers[0].takes_offset_rows:
                data.compress_rows()
        # the large weight matrices' steps in numpy's BLAS, where they apply
        # (not the first layer's when its input comes as OffsetRows)
        X = data.X if data.offset_rows is None else data.offset_rows
        fused = WeightSteps.plan(net, theta, grad, optimizer, self.l2, X)
        skip, parts = ((), None) if fused is None else (fused.layers, fused.rest)
        acc_loss = 0.0
        for start in range(0, n, bs):
            stop = min(start + bs, n)
            m = stop - start
            Xb, Yb, swb = data.batch(order, start, stop, self.contiguous)
            loss = net.loss_grad(
                theta,
                Xb,
                Yb,
                swb,
                self.l2,
                grad,
                self.ws,
                sample_losses=self.batch_losses,
                weight_total=m * mean_weight,
                update_stats=True,
                skip_weight_grads=skip,
            )
            if not np.isfinite(loss):
                self.monitor.diverged(f"the loss of a mini-batch is {loss}")
            if self.errors is not None:
                self._record_errors(order[start:stop], self.batch_losses[:m], swb)
            if fused is not None:
                fused.take(optimizer, Xb, self.ws, m)
            optimizer.step(theta, grad, parts)
            acc_loss += loss * m * mean_weight
        self.have_errors = self.errors is not None
        return acc_loss / data.total_weight

    def _run_online(self, online, optimizer, order):
        """One epoch of the fused one-sample kernel; returns the epoch loss."""
        data, net, theta = self.data, self.network, self.theta
        sw, Y = data.sample_weight, data.Y
        if online.Xa is None:
            online.Xa = augment(data.X)
            online.outputs = np.empty(Y.shape, dtype=data.X.dtype)
        step_scale = None if sw is None else sw / data.mean_weight
        online.epoch(
            theta,
            online.Xa,
            Y,
            order,
            optimizer.learning_rate,
            self.l2,
            step_scale,
            online.outputs,
            rates=optimizer.rates,
        )
        optimizer.n_steps += data.n_samples
        losses = net.loss.per_sample(Y[order], online.outputs, net.activations[-1])
        if self.errors is not None:
            self._record_errors(order, losses, None if sw is None else sw[order])
        if sw is None:
            loss = float(losses.mean())
        else:
            w = sw[order]
            loss = float(losses @ w / w.sum())
        loss += self._final_penalty()
        if not np.isfinite(loss):
            self.monitor.diverged(f"the loss of the epoch is {loss}")
        self.have_errors = self.errors is not None
        return loss

    def _record_errors(self, idx, losses, weights):
        """Each sample's last loss for ``"emphasize"``, times its weight
        relative to the mean: what the sample adds to the objective, so
        sample and class weights steer the emphasis too."""
        if weights is None:
            self.errors[idx] = losses
        else:
            self.errors[idx] = losses * (weights / self.data.mean_weight)
