"""Solvers: each sees a flat parameter vector and callables, never an estimator.

``SOLVERS`` maps every accepted ``solver`` string to its class.  First-order
(stochastic) solvers have ``stochastic = True`` and a ``step(theta, grad)``
that updates ``theta`` in place from a mini-batch gradient.  Full-batch
solvers have ``stochastic = False``, declare in ``needs`` what they need from
the objective beyond its value and gradient, and ``solve`` to a
:class:`SolverResult`.  ``SCHEDULES`` maps every ``learning_rate`` string to
the schedule class that moves a first-order solver's rate.
"""

from ._first_order import SGD, Adam, Momentum
from ._full_batch import LBFGS, ConjugateGradient, LevenbergMarquardt, SolverResult
from ._online import OnlineSGD, augment
from ._schedules import SCHEDULES

SOLVERS = {
    cls.name: cls
    for cls in (SGD, Momentum, Adam, LBFGS, ConjugateGradient, LevenbergMarquardt)
}

__all__ = [
    "SOLVERS",
    "SCHEDULES",
    "SGD",
    "Momentum",
    "Adam",
    "LBFGS",
    "ConjugateGradient",
    "LevenbergMarquardt",
    "SolverResult",
    "OnlineSGD",
    "augment",
]
