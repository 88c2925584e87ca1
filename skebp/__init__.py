"""skebp: Efficient BackProp's training tricks as scikit-learn hyperparameters.

The public names are loaded on first use (PEP 562), so that ``skebp
--version`` answers without importing NumPy, SciPy and scikit-learn.
"""

import importlib

from ._version import __version__

#: Each public name and the module that defines it.  The public classes say
#: they live here (``__module__ = "skebp"``, set where they are defined):
#: pickles and skops files then name ``skebp.EBPClassifier``, the name to
#: trust.
_PUBLIC = {
    "EBPClassifier": "._estimators",
    "EBPRegressor": "._estimators",
    "InputWhitener": "._whitening",
    "presentation_order": "._order",
    "RECIPES": ".recipes",
    "DivergenceError": "._exceptions",
    "IgnoredParameterWarning": "._params",
    "get_config": "._config",
    "set_config": "._config",
    "config_context": "._config",
}

__all__ = [
    "EBPClassifier",
    "EBPRegressor",
    "InputWhitener",
    "presentation_order",
    "RECIPES",
    "DivergenceError",
    "IgnoredParameterWarning",
    "get_config",
    "set_config",
    "config_context",
    "__version__",
]


def __getattr__(name):
    if name not in _PUBLIC:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_PUBLIC[name], __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_PUBLIC))
