"""The only module that imports private scikit-learn names.

scikit-learn's parameter-validation machinery and ``_fit_context`` are not
public; keeping them here means one place to adapt when they move.
"""

from sklearn.base import _fit_context
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.multiclass import _check_partial_fit_first_call

__all__ = ["Interval", "StrOptions", "_fit_context", "_check_partial_fit_first_call"]
