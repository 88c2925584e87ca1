"""Solvers: each sees a flat parameter vector and callables, never an estimator.

``SOLVERS`` maps every accepted ``solver`` string to its class.  First-order
(stochastic) solvers have ``stochastic = True`` and a ``step(theta, grad)``
that updates ``theta`` in place from a mini-batch gradient.
"""

from ._first_order import SGD, Adam, Momentum
from ._online import OnlineSGD, augment

SOLVERS = {cls.name: cls for cls in (SGD, Momentum, Adam)}

__all__ = ["SOLVERS", "SGD", "Momentum", "Adam", "OnlineSGD", "augment"]
