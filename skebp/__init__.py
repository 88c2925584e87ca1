"""skebp: Efficient BackProp's training tricks as scikit-learn hyperparameters."""

from ._estimators import EBPClassifier, EBPRegressor
from ._exceptions import DivergenceError
from ._order import presentation_order
from ._params import IgnoredParameterWarning
from ._version import __version__
from ._whitening import InputWhitener
from .recipes import RECIPES

# The public classes say they live where users import them from: pickles
# and skops files then name ``skebp.EBPClassifier``, the name to trust.
for _public in (
    EBPClassifier,
    EBPRegressor,
    InputWhitener,
    DivergenceError,
    IgnoredParameterWarning,
):
    _public.__module__ = __name__
del _public

__all__ = [
    "EBPClassifier",
    "EBPRegressor",
    "InputWhitener",
    "presentation_order",
    "RECIPES",
    "DivergenceError",
    "IgnoredParameterWarning",
    "__version__",
]
