"""The epoch monitor: loss bookkeeping, divergence, stopping, best weights,
verbose output and scikit-learn callbacks, for every solver.

A training loop calls :meth:`EpochMonitor.end_epoch` after each epoch (or
full-batch iteration) and stops when it returns True.  What must outlive a
fit (the loss curve, counters, the validation record) is a
:class:`TrainingRecord` that the estimator keeps between ``partial_fit``
calls and copies into its public attributes.
"""

import time
from dataclasses import dataclass, field

import numpy as np
from sklearn.exceptions import ConvergenceWarning

from .._exceptions import DivergenceError
from .._warnings import warn
from ._data import forward_chunked
from ._diagnosis import constant_loss

#: An epoch loss this many times the first epoch's (or than 1, if larger)
#: means the fit diverges, even while the numbers are still finite: a rate
#: above 2 / lambda_max grows the loss geometrically, slowly when just above.
DIVERGENCE_GROWTH = 1e6
#: Training stopped by ``n_iter_no_change`` with a loss that rose at every
#: epoch of the window to this many times the first epoch's also diverged.
DIVERGENCE_RISE = 10.0
#: A fit whose losses over its last ``n_iter_no_change`` epochs all stayed
#: above this many times the first epoch's (and above it by more than
#: ``DIVERGENCE_MARGIN``) diverged, even if they stopped growing: a
#: classifier's cross-entropy saturates when its units do.
DIVERGENCE_STAY = 2.0
DIVERGENCE_MARGIN = 0.05
#: A fit whose final weights' loss (the data term, measured on the training
#: rows after training) is above this many times both the starting
#: weights' loss and the best constant prediction's is no model: it
#: diverged, unless its objective fell at every epoch.
DIVERGENCE_FINAL = 1.05


@dataclass
class TrainingRecord:
    """What one fit leaves for the next ``partial_fit`` call and for the
    estimator's fitted attributes (``n_iter_``, ``t_``, ``loss_``, ...)."""

    n_iter: int = 0
    t: int = 0
    loss: float = None
    loss_curve: list = field(default_factory=list)
    best_loss: float = np.inf
    no_improvement_count: int = 0
    validation_scores: list = None
    validation_loss_curve: list = None
    best_validation_score: float = None

    def start(self, *, incremental, reset, early_stopping, validation):
        """Set up for a new fit or ``partial_fit`` call: a fit counts its
        epochs from 0 (``warm_start`` keeps the curve and ``t``), and the
        stopping counters start anew; ``validation``: whether a validation
        set is scored."""
        if not incremental:
            self.n_iter = 0
            self.no_improvement_count = 0
        self.validation_scores = [] if validation else None
        self.validation_loss_curve = [] if validation else None
        self.best_validation_score = -np.inf if validation else None
        if early_stopping:
            self.best_loss = None
        elif reset or not incremental or self.best_loss is None:
            self.best_loss = np.inf


class Validation:
    """A held-out set scored after every epoch.

    Parameters
    ----------
    network : Network
    X : ndarray or sparse matrix
        The validation rows as the network takes them (whitened).
    Y : ndarray
        Their encoded targets.
    sample_weight : ndarray or None
    score : callable
        ``score(A, loss) -> float`` from the network's outputs ``A`` and the
        validation loss: what early stopping maximizes.
    """

    def __init__(self, network, X, Y, sample_weight, score):
        self.network, self.X, self.Y = network, X, Y
        self.sample_weight, self.score = sample_weight, score

    def evaluate(self, theta):
        """``(score, loss)`` at ``theta``; the loss is the data term of the
        objective (weighted mean of the samples' losses, no L2 penalty)."""
        A = forward_chunked(self.network, theta, self.X)
        loss = self.network.mean_loss(self.Y, A, self.sample_weight)
        return self.score(A, loss), loss


class EpochMonitor:
    """Bookkeeping after each epoch, and the decision to stop.

    Parameters
    ----------
    record : TrainingRecord
        Updated in place.
    tol, n_iter_no_change : float, int
        scikit-learn's stopping rule.
    loss_units : int, default=1
        The training loss's ``tol`` is ``tol * loss_units``: the number of
        outputs for squared error, which skebp sums over the outputs (the
        paper's E_p) where scikit-learn's MLP averages over them, so that
        ``tol`` means what it means there.
    early_stopping : bool
        Stop on the validation score (and keep the best weights) instead of
        the training loss.
    validation : Validation or None
        Scored after every epoch when given.
    verbose : bool
    advice : callable
        ``advice() -> list of str``: the likely causes, for divergence
        messages.
    callbacks : CallbackBridge or None
        scikit-learn callbacks, told of every epoch; they may ask to stop.
    baseline : float or None
        The loss of the best constant prediction (``constant_loss``).
    initial : float or None
        The data loss of the starting weights (``sampled_loss``).
    initial_objective : float or None
        The objective (data loss and L2 penalty) of the starting weights:
        the point the epoch losses fall from.
    final_loss : callable or None
        ``final_loss(theta) -> float``: the data loss of the weights training
        returns, measured as ``initial`` was.
    penalty : callable or None
        ``penalty(theta) -> float``: the L2 penalty the fit applies (with
        ``final_loss``, the objective of the weights training returns).
    level_checks : bool, default=True
        Whether the recorded losses estimate the objective, so that their
        level after training can reveal a divergence (not under
        ``shuffle="emphasize"``, whose epochs over-sample the worst samples).
    """

    def __init__(
        self,
        record,
        *,
        tol,
        n_iter_no_change,
        loss_units=1,
        early_stopping=False,
        validation=None,
        verbose=False,
        advice=None,
        callbacks=None,
        baseline=None,
        initial=None,
        initial_objective=None,
        final_loss=None,
        penalty=None,
        level_checks=True,
    ):
        self.record = record
        self.tol, self.n_iter_no_change = tol, n_iter_no_change
        self.loss_tol = tol * loss_units
        self.early_stopping = early_stopping
        self.validation = validation
        self.verbose = verbose
        self.advice = advice
        self.callbacks = callbacks
        self.baseline = baseline
        self.initial = initial
        self.initial_objective = initial_objective
        self.final_loss = final_loss
        self.penalty = penalty
        self.level_checks = level_checks
        self.best_theta = None
        #: Set by the stochastic loop: called when the stopping rule would
        #: stop; True (the schedule lowered the rate) to go on instead.
        self.plateau = None
        self._t0 = time.perf_counter()
        self._before_epoch = None
        self._epoch_recorded = True

    def begin_epoch(self):
        """Start the clock (and the callbacks' task) of an epoch; remember
        the record as it is, for :meth:`interrupted`."""
        self._t0 = time.perf_counter()
        self._before_epoch = self._mark()
        if self.callbacks is not None:
            self.callbacks.begin_epoch()

    def _mark(self):
        rec = self.record
        return {
            "n_iter": rec.n_iter,
            "t": rec.t,
            "loss": rec.loss,
            "best_loss": rec.best_loss,
            "no_improvement_count": rec.no_improvement_count,
            "best_validation_score": rec.best_validation_score,
            "lengths": tuple(
                None if values is None else len(values)
                for values in (
                    rec.loss_curve,
                    rec.validation_scores,
                    rec.validation_loss_curve,
                )
            ),
            "best_theta": self.best_theta,
        }

    def interrupted(self):
        """Ctrl-C stopped training: an epoch recorded halfway (its loss but
        not yet its validation score, say) is dropped, so that the records
        stay in step and end at the last epoch recorded in full."""
        mark = getattr(self, "_before_epoch", None)
        if mark is None or self._epoch_recorded:
            return
        rec = self.record
        lists = (rec.loss_curve, rec.validation_scores, rec.validation_loss_curve)
        for values, length in zip(lists, mark["lengths"]):
            if values is not None and length is not None:
                del values[length:]
        for name in ("n_iter", "t", "loss", "best_loss", "no_improvement_count"):
            setattr(rec, name, mark[name])
        rec.best_validation_score = mark["best_validation_score"]
        self.best_theta = mark["best_theta"]

    def diverged(self, what, during=True):
        """Raise :class:`DivergenceError` saying ``what`` went wrong (``during``
        an epoch, or after the epochs recorded) and its likely causes."""
        causes = self.advice() if self.advice is not None else []
        n = self.record.n_iter
        when = f"at epoch {n + 1}" if during else f"after {n} epochs"
        raise DivergenceError(
            f"Training diverged {when}: {what}. Likely "
            f"cause{'s' if len(causes) > 1 else ''}: {'; '.join(causes)}."
        )

    def end_epoch(self, theta, loss, n_samples):
        """Record an epoch of training loss ``loss``; True to stop training."""
        self._epoch_recorded = False
        rec = self.record
        rec.loss = loss
        if not np.isfinite(loss):
            self.diverged(f"the loss is {loss}")
        if not np.all(np.isfinite(theta)):
            self.diverged("the weights are no longer finite")
        if rec.loss_curve and loss > DIVERGENCE_GROWTH * max(rec.loss_curve[0], 1.0):
            self.diverged(
                f"the loss grew to {loss:.3g} from {rec.loss_curve[0]:.3g} "
                "after the first epoch"
            )
        rec.n_iter += 1
        rec.t += n_samples
        rec.loss_curve.append(loss)
        if self.verbose:
            print(
                f"Iteration {rec.n_iter}, loss = {loss:.8f}, "
                f"time = {time.perf_counter() - self._t0:.3f}s"
            )
        return False

    def should_stop(self, theta):
        """After :meth:`end_epoch` and the loop's own epoch-end work: score
        the validation set, update the stopping counters (scikit-learn's
        rule), keep the best weights, tell the callbacks; True to stop."""
        stop = self._update_stopping(theta)
        self._epoch_recorded = True
        if stop and self.verbose:
            what = "Validation score" if self.early_stopping else "Training loss"
            print(
                f"{what} did not improve more than tol={self.tol} for "
                f"{self.n_iter_no_change} consecutive epochs. Stopping."
            )
        if self.callbacks is not None and self.callbacks.end_epoch():
            stop = True
        return stop

    def _update_stopping(self, theta):
        """Score the validation set, update the counters and the best
        weights; True when the stopping rule says stop (a rising loss
        raises :class:`DivergenceError` instead)."""
        rec = self.record
        if self.validation is not None:
            score, loss = self.validation.evaluate(theta)
            rec.validation_scores.append(score)
            rec.validation_loss_curve.append(loss)
            if self.verbose:
                print(f"Validation score: {score:f}")
        if self.early_stopping:
            if score < rec.best_validation_score + self.tol:
                rec.no_improvement_count += 1
            else:
                rec.no_improvement_count = 0
            if score > rec.best_validation_score:
                rec.best_validation_score = score
                self.best_theta = theta.copy()
        else:
            if rec.loss_curve[-1] > rec.best_loss - self.loss_tol:
                rec.no_improvement_count += 1
            else:
                rec.no_improvement_count = 0
            rec.best_loss = min(rec.best_loss, rec.loss_curve[-1])
        stop = rec.no_improvement_count > self.n_iter_no_change
        if stop and not self.early_stopping:
            self._check_rising(rec.loss_curve)
        if stop and self.plateau is not None and self.plateau():
            rec.no_improvement_count = 0
            if self.early_stopping and self.best_theta is not None:
                theta[...] = self.best_theta
            if self.verbose:
                print(
                    f"No improvement for {self.n_iter_no_change} epochs: "
                    "learning rate lowered"
                    + (
                        ", from the best validated weights."
                        if self.early_stopping
                        else "."
                    )
                )
            return False
        return stop

    def fell(self):
        """Whether the objective fell at every epoch, from the starting
        weights' on: such a fit is slow, never diverged."""
        curve = list(self.record.loss_curve)
        if self.initial_objective is not None:
            curve.insert(0, self.initial_objective)
        return len(curve) >= 2 and all(b <= a for a, b in zip(curve, curve[1:]))

    def _check_final(self, theta):
        """Refuse weights whose loss is above both the starting weights' and
        a constant prediction's: no better than not training, and worse
        than the model it started from; unless early stopping chose them
        and they predict the validation rows better than a constant
        (:meth:`_validated`), or their objective (with the penalty) is
        below the starting weights' (:meth:`_objective_fell`): then the fit
        descended, stopped short of a model, and says so in a warning."""
        if self.final_loss is None or self.initial is None or self.baseline is None:
            return
        final = self.final_loss(theta)
        if not np.isfinite(final):
            self.diverged(f"the loss of its final weights is {final}", during=False)
        bar = DIVERGENCE_FINAL * max(self.initial, self.baseline)
        if final <= bar or self.fell() or self._validated(theta):
            return
        above = (
            f"the loss of its final weights, {final:.3g}, is above both that "
            f"of the weights it started from ({self.initial:.3g}) and that of "
            f"predicting a constant ({self.baseline:.3g})"
        )
        if self._objective_fell(theta, final):
            warn(
                f"Training stopped after {self.record.n_iter} epochs with {above}, "
                "although its objective (with the L2 penalty) fell: the penalty "
                "dominates, and training stopped short of its minimum (momentum's "
                "steps can swing around it). Raise n_iter_no_change or max_iter, "
                "lower alpha or learning_rate_init.",
                ConvergenceWarning,
            )
            return
        chosen = (
            ", and early stopping's best weights predict the validation rows "
            "no better than a constant either"
            if self.early_stopping and self.best_theta is not None
            else ""
        )
        self.diverged(f"{above}{chosen}", during=False)

    def _objective_fell(self, theta, final):
        """Whether the objective of the final weights (data loss ``final``
        and the penalty) is below the starting weights': a penalized fit
        that descended did not diverge, though its data loss can rise
        above a constant's on the way to the penalty's minimum (an
        unpenalized one never passes here when its data loss rose)."""
        if self.penalty is None or self.initial_objective is None:
            return False
        return final + self.penalty(theta) < self.initial_objective

    def _validated(self, theta):
        """Whether early stopping's best weights, now in ``theta``, predict
        the validation rows better than the best constant prediction does:
        held-out rows chose them, and a few training rows at extreme inputs
        can put their training loss above a constant's (a noisy regression
        whose one-hot columns of rare levels lie 78 standard deviations out
        did)."""
        if not self.early_stopping or self.best_theta is None:
            return False
        val = self.validation
        return val.evaluate(theta)[1] < constant_loss(
            val.network, val.Y, val.sample_weight
        )

    def _check_stayed_high(self, curve):
        if len(curve) < 3 or self.fell():
            return
        low = min(curve[1:][-self.n_iter_no_change :])
        if low > DIVERGENCE_STAY * curve[0] and low > curve[0] + DIVERGENCE_MARGIN:
            self.diverged(
                f"the loss rose from {curve[0]:.3g} after the first epoch to "
                f"{curve[-1]:.3g} and stayed above {low:.3g}",
                during=False,
            )

    def _check_rising(self, curve):
        """A loss that rose at every epoch of the stopping window to well
        above the first epoch's is a divergence, not a plateau."""
        window = curve[-self.n_iter_no_change - 1 :]
        if window[-1] > DIVERGENCE_RISE * curve[0] and all(
            a < b for a, b in zip(window, window[1:])
        ):
            self.diverged(
                f"the loss rose at each of the last {self.n_iter_no_change} "
                f"epochs, to {curve[-1]:.3g} from {curve[0]:.3g} after the first",
                during=False,
            )

    def finish(self, theta):
        """After training: close the callbacks' open task, refuse a loss that
        rose and stayed high; with early stopping, put the best validated
        weights into ``theta``; refuse final weights worse than both the
        starting ones and a constant prediction."""
        if self.callbacks is not None:
            self.callbacks.finish()
        if self.level_checks:
            self._check_stayed_high(self.record.loss_curve)
        if self.early_stopping and self.best_theta is not None:
            theta[...] = self.best_theta
        self._check_final(theta)
