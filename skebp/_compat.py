"""The only module that imports private scikit-learn names, and the one that
adapts to the installed scikit-learn version.

scikit-learn's parameter-validation machinery and ``_fit_context`` are not
public; keeping them here means one place to adapt when they move.  The
callback API (``sklearn.callback``) exists from scikit-learn 1.9 on; with an
older scikit-learn the estimators get an empty mixin and no callbacks.
"""

from contextlib import nullcontext

import numpy as np
from sklearn.base import _fit_context
from sklearn.utils._param_validation import Interval as _Interval
from sklearn.utils._param_validation import StrOptions
from sklearn.utils.fixes import _get_threadpool_controller
from sklearn.utils.multiclass import _check_partial_fit_first_call

try:
    from sklearn.callback import CallbackSupportMixin

    CALLBACKS = True
except ImportError:  # scikit-learn < 1.9: no callback API

    class CallbackSupportMixin:
        """Stand-in for scikit-learn's callback mixin (not available)."""

    CALLBACKS = False


class Interval(_Interval):
    """scikit-learn's ``Interval`` that refuses booleans: ``max_iter=True``
    is a mistake, not the number 1 (``bool`` is an ``Integral`` in Python)."""

    def is_satisfied_by(self, val):
        return not isinstance(val, (bool, np.bool_)) and super().is_satisfied_by(val)


def blas_threads(n_threads):
    """A context limiting BLAS to ``n_threads`` threads (None: no limit)."""
    if n_threads is None:
        return nullcontext()
    return _get_threadpool_controller().limit(limits=n_threads, user_api="blas")


__all__ = [
    "CALLBACKS",
    "CallbackSupportMixin",
    "Interval",
    "StrOptions",
    "_fit_context",
    "_check_partial_fit_first_call",
    "blas_threads",
]
