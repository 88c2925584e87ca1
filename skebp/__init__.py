"""skebp: Efficient BackProp's training tricks as scikit-learn hyperparameters."""

from ._estimators import EBPClassifier, EBPRegressor
from ._exceptions import DivergenceError
from ._order import presentation_order
from ._version import __version__
from ._whitening import InputWhitener
from .recipes import RECIPES

__all__ = [
    "EBPClassifier",
    "EBPRegressor",
    "InputWhitener",
    "presentation_order",
    "RECIPES",
    "DivergenceError",
    "__version__",
]
