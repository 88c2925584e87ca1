"""Learning-rate schedules of the first-order solvers (``learning_rate``).

A schedule owns how the global rate ``eta`` moves during training; the
optimizer holds the current value.  ``epoch_end(t, eta)`` is called after
every epoch with the number of samples seen so far; schedules with
``per_step = True`` also see every mini-batch gradient through
``observe(grad, eta)``.  Both return the new ``eta``.

``SCHEDULES`` maps each accepted ``learning_rate`` string to its class.
"""

import numpy as np

#: Murata-Amari constants (the paper gives none; TRICKS.md section 7): the
#: leak of the gradient average, the adaptation speed (dimensionless: the
#: rule's alpha times eta_0) and the largest rate, as a multiple of eta_0.
ADAPTIVE_DELTA = 0.05
ADAPTIVE_SPEED = 0.02
ADAPTIVE_MAX_GROWTH = 10.0
#: ``"plateau"``: the factor eta is multiplied by when training stalls, and
#: how many times (measured on the real-data suite's development half:
#: ``docs/real_data.md``; a second drop changed no median by more than 0.002).
PLATEAU_FACTOR = 0.1
PLATEAU_DROPS = 1


class Constant:
    """``eta`` stays at its initial value."""

    name = "constant"
    per_step = False

    def __init__(self, eta0, n_params, dtype, power_t=0.5):
        self.eta0 = float(eta0)

    def epoch_end(self, t, eta):
        return eta

    def rescale(self, factor):
        """Scale the schedule's base rate (``learning_rate_init="auto"``
        lowering its estimate during training)."""
        self.eta0 *= factor

    def drop(self, optimizer):
        """Training stalled (the stopping rule would stop it): lower the
        optimizer's rate and return True to go on, or False to stop."""
        return False


class InvScaling(Constant):
    """``eta = eta_0 / (t + 1)^power_t`` after each epoch, ``t`` the number of
    samples seen (scikit-learn's ``learning_rate="invscaling"``)."""

    name = "invscaling"

    def __init__(self, eta0, n_params, dtype, power_t=0.5):
        super().__init__(eta0, n_params, dtype)
        self.power_t = float(power_t)

    def epoch_end(self, t, eta):
        return self.eta0 / (t + 1) ** self.power_t


class Adaptive(Constant):
    """Murata, Müller, Ziehe and Amari's adaptive rate (TRICKS.md section 7).

    After each mini-batch gradient ``g``::

        r   <- (1 - delta) r + delta g                 (bias-corrected as Adam's)
        eta <- eta + alpha eta (beta |r| - eta)

    ``r`` averages the gradients: far from a minimum they agree and ``|r|``
    stays large, near one they cancel and ``|r|`` shrinks, and so does
    ``eta`` (then like ``1 / t``); when the data change, ``|r|`` and ``eta``
    grow again.  Constants: ``delta = ADAPTIVE_DELTA``, ``alpha =
    ADAPTIVE_SPEED / eta_0`` and ``beta = eta_0 / |r|`` measured at the end
    of the first epoch (during which ``eta`` stays ``eta_0``), so that the
    rule's fixed point starts at ``eta_0``; ``eta`` is capped at
    ``ADAPTIVE_MAX_GROWTH * eta_0``.
    """

    name = "adaptive"
    per_step = True

    def __init__(self, eta0, n_params, dtype, power_t=0.5):
        super().__init__(eta0, n_params, dtype)
        self.r = np.zeros(n_params, dtype=dtype)
        self._buf = np.empty(n_params, dtype=dtype)
        self.beta = None
        self.n_seen = 0

    def _norm_r(self):
        return float(np.linalg.norm(self.r)) / (
            1.0 - (1.0 - ADAPTIVE_DELTA) ** self.n_seen
        )

    def observe(self, grad, eta):
        self.n_seen += 1
        self.r *= 1.0 - ADAPTIVE_DELTA
        np.multiply(grad, ADAPTIVE_DELTA, out=self._buf)
        self.r += self._buf
        if self.beta is None:
            return eta
        target = self.beta * self._norm_r()
        eta += ADAPTIVE_SPEED / self.eta0 * eta * (target - eta)
        return min(eta, ADAPTIVE_MAX_GROWTH * self.eta0)

    def rescale(self, factor):
        super().rescale(factor)
        if self.beta is not None:
            self.beta *= factor

    def epoch_end(self, t, eta):
        if self.beta is None and self.n_seen:
            norm = self._norm_r()
            if norm > 0:
                self.beta = self.eta0 / norm
        return eta


class Plateau(Constant):
    """``eta`` stays constant until training stalls, that is until the
    stopping rule (``n_iter_no_change`` epochs without an improvement of
    ``tol``: the validation score with early stopping, else the training
    loss) would stop it; then ``eta`` is multiplied by ``PLATEAU_FACTOR``,
    training goes on (from the best validated weights with early stopping)
    and the rule starts counting again.  After ``PLATEAU_DROPS`` drops the
    next stall stops training.  Keras's ``ReduceLROnPlateau`` followed by
    early stopping, with the stopping rule's own patience."""

    name = "plateau"

    def __init__(self, eta0, n_params, dtype, power_t=0.5):
        super().__init__(eta0, n_params, dtype)
        self.drops_left = PLATEAU_DROPS

    def drop(self, optimizer):
        if not self.drops_left:
            return False
        self.drops_left -= 1
        self.eta0 *= PLATEAU_FACTOR
        optimizer.learning_rate *= PLATEAU_FACTOR
        return True


SCHEDULES = {cls.name: cls for cls in (Constant, InvScaling, Adaptive, Plateau)}
