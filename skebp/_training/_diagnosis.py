"""What a divergence message says: the likely causes, from what the fit can
see (the hyperparameters, the training data, the solver's rate)."""

import numpy as np
import scipy.sparse as sp

from .._solvers import SOLVERS
from .._warnings import warn

#: Inputs (after whitening) larger than this in absolute value, sample
#: weights this many times their median, and an ``init_scale`` above this are
#: named as likely causes.
LARGE_INPUT = 1e3
LARGE_WEIGHT_RATIO = 1e3
LARGE_INIT_SCALE = 3.0
#: A rate at or below this is not named as the cause of a divergence.
SMALL_RATE = 1e-4


def _largest_input(X):
    """The largest absolute value of ``X``, without an ``|X|`` temporary."""
    values = X.data if sp.issparse(X) else X
    if not values.size:
        return 0.0
    return max(float(values.max()), -float(values.min()))


def likely_causes(params, data, optimizer):
    """The likely causes of a divergence, most likely first.

    Parameters
    ----------
    params : dict
        The estimator's hyperparameters, ``alpha`` as the fit applied it
        (``"auto"`` resolved).
    data : TrainingData
        The training rows the network saw.
    optimizer : first-order optimizer or None
        Its ``learning_rate`` is the rate training reached.
    """
    causes = []
    if SOLVERS[params["solver"]].stochastic:
        auto = params["learning_rate_init"] == "auto"
        rate = params["learning_rate_init"]
        if auto and optimizer is not None:
            rate = optimizer.learning_rate
        if auto and optimizer is None:
            pass  # no rate reached yet: nothing to say of it
        elif rate <= SMALL_RATE:
            pass  # a rate already this small is not the cause: look further
        elif auto:
            causes.append(
                "the step is too large: give a float learning_rate_init below "
                f"the rate {rate:.3g} that 'auto' reached"
            )
        else:
            causes.append(
                f"the step is too large: lower learning_rate_init (now {rate})"
            )
    largest = _largest_input(data.X)
    if not np.isfinite(largest) or largest > LARGE_INPUT:
        fix = (
            "normalize them (whitening='standardize')"
            if params["whitening"] == "none"
            else "rescale or clip them"
        )
        causes.append(f"inputs reach {largest:.3g} after whitening: {fix}")
    if params["init_scale"] > LARGE_INIT_SCALE:
        causes.append(
            f"init_scale={params['init_scale']:g} starts with large weights "
            "that saturate the units: use 1"
        )
    sw = data.sample_weight
    if sw is not None:
        typical = float(np.median(sw))
        ratio = float(np.max(sw)) / typical if typical > 0 else np.inf
        if not np.isfinite(ratio) or ratio > LARGE_WEIGHT_RATIO:
            causes.append(
                f"a sample weighs {ratio:.3g} times the median weight: it "
                "dominates the statistics and the steps; rescale sample_weight "
                "or class_weight"
            )
    if params["alpha"] > data.total_weight:
        causes.append(
            f"alpha={params['alpha']:g} exceeds the (weighted) number of samples "
            f"{data.total_weight:.3g}: the penalty dominates; lower alpha"
        )
    if not causes:
        causes.append(
            "the objective is badly conditioned: normalize the inputs "
            "(whitening) or regularize (alpha)"
        )
    return causes


#: With ``whitening="none"`` or ``"center"``, inputs whose largest column
#: root-mean-square is outside this range leave the network unable to learn
#: reliably:
#: above it the first layer's units saturate (or its products overflow),
#: below it they see almost no signal and their gradients vanish.
LEARNABLE_INPUT_SCALE = (1e-6, 1e6)


#: Rows of dense inputs that :func:`warn_unlearnable_scale` reads at a time:
#: one pass over ``X``, each block read twice while in cache (a copy of the
#: whole of a large ``X`` costs more in page faults than the arithmetic).
SCALE_BLOCK_ROWS = 256
#: Blocks whose largest absolute value lies in this range are squared as
#: they are (no square or sum of squares can overflow or lose the largest
#: values to underflow); others are divided by their largest value first.
SAFE_TO_SQUARE = (1e-100, 1e100)


def _largest_and_mean_squares(X):
    """``(largest, ms)``: the largest absolute value of ``X`` and the mean
    over rows of ``(X / largest)**2``, per column, in float64, computed so
    that squares cannot overflow.  Dense ``X`` is read once, by blocks of
    rows; the running sums are kept in units of the largest value so far
    and rescaled when a block holds a larger one (as LAPACK's ``dnrm2``)."""
    if sp.issparse(X):
        largest = _largest_input(X)
        if largest == 0.0 or not np.isfinite(largest):
            return largest, None
        return largest, np.asarray((X / largest).power(2).mean(axis=0)).ravel()
    n, d = X.shape
    low, high = SAFE_TO_SQUARE
    largest, total = 0.0, np.zeros(d)
    block = np.empty((min(n, SCALE_BLOCK_ROWS), d))
    for start in range(0, n, SCALE_BLOCK_ROWS):
        rows = X[start : start + SCALE_BLOCK_ROWS]
        here = _largest_input(rows)
        if not np.isfinite(here):
            return here, None
        if here == 0.0:
            continue
        if here > largest:
            total *= (largest / here) ** 2
            largest = here
        if low <= largest <= high:
            sums = np.einsum("ij,ij->j", rows, rows, dtype=np.float64)
            total += sums / (largest * largest)
        else:
            scaled = np.divide(rows, largest, out=block[: len(rows)])
            total += np.einsum("ij,ij->j", scaled, scaled)
    return largest, total / n


def _fast_column_scale(X):
    """The largest column root-mean-square of dense ``X``, from sums of
    squares in ``X``'s own dtype by blocks of rows (accumulated in float64):
    one pass, no largest value sought.  Squares may overflow or underflow;
    the result is then infinite or tiny, and :func:`warn_unlearnable_scale`
    takes the careful path."""
    n = X.shape[0]
    total = np.zeros(X.shape[1])
    for start in range(0, n, SCALE_BLOCK_ROWS):
        rows = X[start : start + SCALE_BLOCK_ROWS]
        total += np.einsum("ij,ij->j", rows, rows)
    return float(np.sqrt(total.max() / n)) if n else 0.0


def warn_unlearnable_scale(X, whitening):
    """Warn when ``X`` (as the network gets it, after ``whitening``) is at a
    scale where the network cannot learn; say what to do.

    Dense inputs are checked in one pass of squares in their own dtype
    (no search for the largest value, no float64 copy of float32 rows);
    only a scale that pass puts near or outside the learnable range, or
    cannot compute, is measured again with
    :func:`_largest_and_mean_squares`, which cannot overflow, so a warning
    reports the exact scale."""
    low, high = LEARNABLE_INPUT_SCALE
    if not sp.issparse(X) and X.size:
        with np.errstate(over="ignore", under="ignore", invalid="ignore"):
            fast = _fast_column_scale(X)
        # a margin: the native sums' rounding cannot move a scale this far
        if 2 * low <= fast <= high / 2:
            return
    largest, mean_square = _largest_and_mean_squares(X)
    if largest == 0.0 or not np.isfinite(largest):
        return
    scale = largest * float(np.sqrt(mean_square.max()))
    if low <= scale <= high:
        return
    what = (
        "the first layer's units saturate"
        if scale > high
        else "the first layer sees almost no signal and its gradients vanish"
    )
    warn(
        f"with whitening={whitening!r} the inputs reach a root-mean-square of "
        f"{scale:.3g} (outside [{low:g}, {high:g}]): {what}, so the network "
        "may learn little or nothing. Use whitening='standardize' (the "
        "default), or rescale X."
    )


#: Rows (evenly spaced) on which :func:`sampled_loss` is measured.
SAMPLED_LOSS_ROWS = 2000


def sampled_loss(network, theta, data):
    """The training loss (the data term, no penalty) of ``theta`` on up to
    ``SAMPLED_LOSS_ROWS`` evenly spaced rows: measured at the weights
    training starts from and at those it returns, so that a fit that ends
    worse than it started is seen."""
    n = data.n_samples
    rows = slice(0, n, max(1, n // SAMPLED_LOSS_ROWS))
    X = data.rows(data.X[rows])
    sw = None if data.sample_weight is None else data.sample_weight[rows]
    A = network.forward(theta, X, network.workspace(X.shape[0], theta.dtype))
    return network.mean_loss(data.Y[rows], A, sw)


def constant_loss(network, Y, sample_weight):
    """The training loss of the best constant prediction, the weighted mean
    of the targets (the class frequencies, for the cross-entropy): what a
    network that learned nothing useful would score."""
    mean = np.average(Y, axis=0, weights=sample_weight)
    return network.mean_loss(Y, np.broadcast_to(mean, Y.shape), sample_weight)
