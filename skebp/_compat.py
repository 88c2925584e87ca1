"""The only module that imports private scikit-learn names, and the one that
adapts to the installed scikit-learn version.

scikit-learn's parameter-validation machinery and ``_fit_context`` are not
public; keeping them here means one place to adapt when they move.  The
callback API (``sklearn.callback``) exists from scikit-learn 1.9 on; with an
older scikit-learn the estimators get an empty mixin and no callbacks.
"""

import os
import threading
from contextlib import contextmanager, nullcontext

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


#: The thread limits the fits set, shared by the fits that run at once in
#: threads: ``[open contexts, the limits before the first]``.
_LIMITS_LOCK = threading.Lock()
_LIMITS_OPEN = [0, None]


@contextmanager
def _limited(select, n_threads):
    """Limit the BLAS libraries ``select`` picks from the controller to
    ``n_threads`` for the context.  Contexts that overlap in threads (fits
    under a threaded Dask or joblib backend) each set their limit, and only
    the last one out restores the limits from before the first one in:
    threadpoolctl's own contexts would each restore what they found, and
    the last to close could leave the limit of one that ran beside it."""
    controller = _get_threadpool_controller()
    with _LIMITS_LOCK:
        if _LIMITS_OPEN[0] == 0:
            _LIMITS_OPEN[1] = controller.limit(limits=None)  # a snapshot
        _LIMITS_OPEN[0] += 1
        select(controller).limit(limits=n_threads)
    try:
        yield
    finally:
        with _LIMITS_LOCK:
            _LIMITS_OPEN[0] -= 1
            if _LIMITS_OPEN[0] == 0:
                _LIMITS_OPEN[1].restore_original_limits()
                _LIMITS_OPEN[1] = None


def blas_threads(n_threads):
    """A context limiting BLAS to ``n_threads`` threads (None: no limit)."""
    if n_threads is None:
        return nullcontext()
    return _limited(lambda c: c.select(user_api="blas"), n_threads)


def numpy_blas_threads(n_threads):
    """A context limiting numpy's own BLAS to ``n_threads`` threads when
    scipy has another one, or a null context when they share one: for
    compiled code on scipy's BLAS (numba's ``np.dot``; the compiled epoch
    where numpy's BLAS does not export its routines).

    numpy's and scipy's wheels each bundle their own OpenBLAS, each with
    its own pool of threads.  After a product, a pool keeps its threads
    spinning for a while, and on a machine with few cores they take the
    cores the other pool's next product needs: the compiled epoch's
    products ran up to twice as slow after numpy's (``benchmarks/
    bench_compiled_size.py``).  With numpy's pool on one thread, numpy's
    products between the epochs run on the calling thread and nothing
    spins.  When numpy and scipy share one BLAS (conda, a system BLAS),
    there is one pool and nothing to limit.
    """
    own, blas = _numpy_blas_paths()
    if not own or len(own) == len(blas):
        return nullcontext()
    return _limited(lambda c: c.select(filepath=own), n_threads)


def _numpy_blas_paths():
    """``(numpy's own BLAS libraries, every BLAS library loaded)``: the
    files threadpoolctl finds, numpy's being those its wheel bundles."""
    numpy_dirs = tuple(
        os.path.join(os.path.dirname(os.path.dirname(np.__file__)), name) + os.sep
        for name in ("numpy", "numpy.libs")
    )
    libs = _get_threadpool_controller().lib_controllers
    blas = [lib.filepath for lib in libs if lib.user_api == "blas"]
    return [path for path in blas if path.startswith(numpy_dirs)], blas


def numpy_blas_path():
    """The file of the BLAS library numpy's wheel bundles, or None (numpy
    built against a system BLAS, conda's, Accelerate)."""
    own = _numpy_blas_paths()[0]
    return own[0] if len(own) == 1 else None


__all__ = [
    "CALLBACKS",
    "CallbackSupportMixin",
    "Interval",
    "numpy_blas_path",
    "numpy_blas_threads",
    "StrOptions",
    "_fit_context",
    "_check_partial_fit_first_call",
    "blas_threads",
]
