"""Whether a mini-batch epoch runs in the compiled kernel, and the call.

The kernel (:mod:`skebp._training._numba_epoch`) needs numba, an optional
extra (``pip install "skebp[fast]"``).  Without numba nothing changes: every
epoch runs on the numpy path.  A numba that fails to import or to compile
falls back to the numpy path with one warning.  :func:`unsupported` says
why a fit cannot use the kernel (which ``verbose`` prints).
"""

import ctypes
from contextlib import nullcontext

import numpy as np

from .. import _blas
from .._compat import numpy_blas_threads
from .._config import get_config
from .._layers import Affine
from .._solvers import SCHEDULES
from .._warnings import warn
from ._data import compressed_rows

_kernel = None  # the kernel module once imported; False once it failed


def _warn_broken(exc):
    warn(
        f"numba is installed but the compiled kernel is unavailable "
        f"({type(exc).__name__}: {exc}); training runs on the numpy path. "
        "Reinstall numba (pip install 'skebp[fast]') or turn the kernel "
        "off with skebp.set_config(compiled=False)."
    )


def kernel():
    """The kernel module, or None: numba missing (silently) or broken
    (one warning per process)."""
    global _kernel
    if _kernel is None:
        try:
            from . import _numba_epoch
        except ModuleNotFoundError as exc:
            if exc.name != "numba":
                _warn_broken(exc)
            _kernel = False
        except Exception as exc:  # a broken numba can raise anything
            _warn_broken(exc)
            _kernel = False
        else:
            _kernel = _numba_epoch
    return _kernel or None


def unsupported(network, data):
    """Why the kernel cannot run this fit's epochs (a phrase), or None."""
    if not get_config()["compiled"]:
        return "turned off by skebp.set_config(compiled=False)"
    if not data.dense and data.whitener is not None:
        if data.whitener._linear_map(np.float64)[0] is not None:
            return "sparse input whitened a mini-batch at a time"
    if data.X.dtype not in (np.float32, np.float64):
        return f"{data.X.dtype} input"
    if data.dense and not data.X.flags.c_contiguous:
        return "input not C-contiguous"
    for layer in network.layers:
        if type(layer) is not Affine:
            return f"{type(layer).__name__.lower()} layers"
    module = kernel()
    if module is None:
        return "numba is not installed or failed to load (pip install 'skebp[fast]')"
    for act in network.activations[:-1]:
        if act not in module.ACTIVATION_CODES or act == "softmax":
            return f"{act} units"
    if network.activations[-1] not in module.ACTIVATION_CODES:
        return f"{network.activations[-1]} outputs"
    return None


def solver_unsupported(name, per_step):
    """Why the kernel cannot take the steps of the solver ``name`` (with a
    per-step learning-rate schedule or not), or None."""
    module = kernel()
    if module is None or name not in module.SOLVER_CODES:
        return f"the {name!r} solver"
    if per_step:
        return "a per-step learning-rate schedule"
    return None


def blas_limits(network, data, params):
    """The BLAS thread limits of a fit (``params``: the estimator's, with
    ``"solver_class"``): numpy's own BLAS on one thread when the epochs will
    run in the kernel and the kernel calls scipy's BLAS
    (``_compat.numpy_blas_threads``); none otherwise."""
    solver = params["solver_class"]
    if (
        not solver.stochastic
        or unsupported(network, data)
        or solver_unsupported(solver.name, SCHEDULES[params["learning_rate"]].per_step)
        or _blas.addresses(data.X.dtype) is not None
    ):
        return nullcontext()
    return numpy_blas_threads(1)


#: Largest count a 32-bit BLAS integer holds (scipy's wrappers take ``int``).
_BLAS_INT_MAX = 2**31 - 1


def _scipy_routines(dtype):
    """The addresses of scipy's BLAS wrappers of ``BLAS_ROUTINES``, or
    None when scipy does not export them."""
    from scipy.linalg import cython_blas

    api = ctypes.pythonapi
    api.PyCapsule_GetName.restype = ctypes.c_char_p
    api.PyCapsule_GetName.argtypes = [ctypes.py_object]
    api.PyCapsule_GetPointer.restype = ctypes.c_void_p
    api.PyCapsule_GetPointer.argtypes = [ctypes.py_object, ctypes.c_char_p]
    try:
        capsules = [cython_blas.__pyx_capi__[name] for name in
                    kernel().BLAS_ROUTINES[np.dtype(dtype).type]]  # fmt: skip
        addresses = [api.PyCapsule_GetPointer(c, api.PyCapsule_GetName(c))
                     for c in capsules]  # fmt: skip
    except (AttributeError, KeyError, ValueError):
        return None
    return np.asarray(addresses, dtype=np.int64)


def blas_routines(dtype, largest=0):
    """``(addresses, integer type)``: the BLAS routines the kernel calls
    (``BLAS_ROUTINES``) as int64 addresses, and the integer type they take.

    numpy's own BLAS (64-bit integers, :func:`skebp._blas.addresses`) where
    its wheel exports the routines: the kernel's products then share one
    pool of threads with numpy's.  Else scipy's wrappers (32-bit; none when
    a count, ``largest``, would not fit), which numba's ``np.dot`` calls
    too.  Empty addresses: the kernel's products go to ``np.dot`` and its
    steps to compiled loops."""
    found = _blas.addresses(dtype)
    if found is not None:
        return found, np.int64
    found = _scipy_routines(dtype) if largest <= _BLAS_INT_MAX else None
    if found is None:
        return np.empty(0, dtype=np.int64), np.int32
    return found, np.int32


def kernel_blas(routines, integer, dtype, step_min_size=0):
    """The kernel's ``blas`` argument: the routines' addresses (as
    :func:`blas_routines` gives them), scratch for their integer and real
    arguments (``integer``, ``dtype``), ``b"NT"`` for the transposition
    flags, and the smallest layer whose steps go to BLAS."""
    return (
        routines,
        np.zeros(7, integer),
        np.zeros(3, dtype),
        np.frombuffer(b"NT", dtype=np.uint8).copy(),
        int(min(step_min_size, _BLAS_INT_MAX)),
    )


def _read_only(array):
    view = array.view()
    view.flags.writeable = False
    return view


class CompiledEpoch:
    """An epoch of mini-batch steps in one kernel call, with its buffers
    allocated once per fit; ``grad`` is the gradient buffer it shares with
    the numpy path (:class:`MiniBatchEpoch`)."""

    def __init__(self, network, theta, grad, data, max_batch, l2):
        self.module = kernel()
        self.theta, self.grad, self.data, self.l2 = theta, grad, data, l2
        dtype = theta.dtype
        n_out = sum(network.layer_sizes[1:])
        self.sizes = np.asarray(network.layer_sizes, dtype=np.int64)
        self.acts = np.asarray(
            [self.module.ACTIVATION_CODES[a] for a in network.activations],
            dtype=np.int64,
        )
        self.loss_code = self.module.LOSS_CODES[network.loss.name]
        self.buffers = (
            np.empty(max_batch * data.X.shape[1], dtype),
            np.empty(max_batch * data.Y.shape[1], dtype),
            np.empty(max_batch),
            np.empty(max_batch * n_out, dtype),
            np.empty(max_batch * n_out, dtype),
            np.empty(max_batch * n_out, dtype),
        )
        sw = data.sample_weight
        sw = np.empty(0) if sw is None else np.ascontiguousarray(sw, dtype=np.float64)
        # read-only views: numba compiles one kernel per array type, and a
        # read-only input (a memmap) would otherwise need one more; the
        # gather copies whole C-contiguous rows of the parameters' dtype
        Y = np.ascontiguousarray(data.Y, dtype=dtype)
        # a sparse X reaches the kernel in compressed rows only: it takes
        # the row count from an array of no columns
        X = data.X if data.dense else np.empty((data.X.shape[0], 0), dtype)
        self.X, self.Y, self.sample_weight = (_read_only(a) for a in (X, Y, sw))
        indptr, indices, values, offset, scratch = compressed_rows(
            data.X, dtype, network.layer_sizes[1], data.whitener
        )
        self.sparse = (*(_read_only(a) for a in (indptr, indices, values, offset)),
                       scratch)  # fmt: skip
        self.none = np.empty(0, dtype)
        largest = max(a * b for a, b in zip(self.sizes[:-1], self.sizes[1:]))
        routines, integer = blas_routines(dtype, max(largest, max_batch))
        self.blas = kernel_blas(routines, integer, dtype, _blas.BLAS_STEP_MIN_SIZE)

    def run(self, optimizer, order, bs, errors):
        """The epoch over ``order`` in batches of ``bs``; returns ``(loss,
        penalty, bad)``: the epoch's mean loss and mean L2 penalty (each
        batch's, before its step), and the objective of a batch that was not
        finite (the epoch stopped before its step) or 0; None when the
        kernel failed to compile (one warning; nothing trained)."""
        try:
            acc, acc_penalty, steps, bad = self._call(optimizer, order, bs, errors)
        except self.module.numba.core.errors.NumbaError as exc:
            # compilation failed (before any step): numpy from now on
            global _kernel
            _kernel = False
            _warn_broken(exc)
            return None
        optimizer.n_steps = steps
        total = self.data.total_weight
        return acc / total, acc_penalty / total, bad

    def _call(self, optimizer, order, bs, errors):
        data, none = self.data, self.none
        # the step's scalars in the parameters' dtype, as numpy's float32
        # path computes (Python floats are weak scalars there)
        real = self.theta.dtype.type
        return self.module.epoch(
            self.X,
            self.Y,
            self.sample_weight,
            np.asarray(order, dtype=np.int64),
            int(bs),
            float(data.mean_weight),
            self.theta,
            self.grad,
            self.sizes,
            self.acts,
            self.loss_code,
            real(self.l2),
            self.buffers,
            np.empty(0) if errors is None else errors,
            float(np.finfo(self.theta.dtype).eps),
            none if optimizer.rates is None else optimizer.rates,
            self.module.SOLVER_CODES[optimizer.name],
            real(optimizer.learning_rate),
            real(getattr(optimizer, "momentum", 0.0)),
            bool(getattr(optimizer, "nesterov", False)),
            getattr(optimizer, "m", none),  # Adam's moments
            getattr(optimizer, "v", none),
            getattr(optimizer, "velocity", none),  # momentum's
            real(getattr(optimizer, "beta_1", 0.0)),
            real(getattr(optimizer, "beta_2", 0.0)),
            real(getattr(optimizer, "epsilon", 0.0)),
            int(optimizer.n_steps),
            self.blas,
            self.sparse,
        )
