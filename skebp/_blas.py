"""numpy's own BLAS: a weight step as a product with ``beta`` and two ``axpy``.

numpy has neither a matrix product with BLAS's ``beta`` (``C = alpha A B +
beta C``) nor ``axpy`` (``y += alpha x``), and scipy's wrappers, which have
both, call a second OpenBLAS with its own pool of spinning threads (mixing
the two pools made a step 11-23x slower: ``benchmarks/bench_blas_pools.py``).
numpy's wheels bundle OpenBLAS built for 64-bit integers, whose Fortran
routines are exported under ``scipy_<name>_64_``: this module calls them
through :mod:`ctypes`, in the same pool as every other numpy product.

The numpy path of the first-order epoch takes the step of a large float64
weight matrix this way (:class:`WeightSteps`): momentum folded into the
weight gradient's product (``v = mu v - lr A^T D``), then ``v -= lr l2 W``
and ``W += v``: three passes over the weights where numpy's operations took
seven (the gradient, the L2 term through a temporary, the four passes of
the step).  Where numpy's BLAS does not export these routines (another
BLAS, another build) nothing changes.  The compiled epoch calls the same
library's ``gemm``, ``gemv``, ``dot`` and ``axpy`` (:func:`addresses`).
"""

import ctypes
import functools

import numpy as np

from ._compat import numpy_blas_path

#: From this many weights on, a layer's plain or momentum step goes to BLAS,
#: in the compiled epoch and on the numpy path; below, the compiled loop or
#: numpy's operations were as fast or faster (``benchmarks/
#: bench_blas_steps.py``, float64, batches of 32: compiled, 784 x 30
#: weights took 1.10x the loop's time on BLAS and 100 x 300 1.06x, 784 x 40
#: 0.84x and 200 x 200 0.86x; ``--path numpy``, 1.00-1.01x up to 784 x 40,
#: 0.93-0.98x from 200 x 200 to 300 x 300).
BLAS_STEP_MIN_SIZE = 31_000
#: The dtypes whose steps go to BLAS on the numpy path.  float32's did not
#: gain: numpy's operations move half the bytes, and BLAS's steps took
#: 1.02-1.07x their time at 31,000-90,000 weights (``python
#: benchmarks/bench_blas_steps.py --path numpy --dtype float32``), against
#: 0.93-1.00x in float64; measured again (the script's BLAS side now adds
#: float32 to this tuple, which it had left out), 0.99-1.02x at 31,000-90,000
#: weights (medians of 11 interleaved rounds, each range about +-0.3).
NUMPY_PATH_DTYPES = (np.dtype(np.float64),)
#: Largest count a 32-bit integer holds: sizes past it take numpy's path.
_INT32_MAX = 2**31 - 1
#: The Fortran routines' names in numpy's OpenBLAS (64-bit integers), by
#: dtype: scipy-openblas64 (numpy >= 2) prefixes them, older wheels did not.
_NAMES = {
    np.dtype(np.float64): ("dgemm", "daxpy", "ddot", "dgemv"),
    np.dtype(np.float32): ("sgemm", "saxpy", "sdot", "sgemv"),
}
_PATTERNS = ("scipy_{}_64_", "{}_64_")


@functools.cache
def _library():
    path = numpy_blas_path()
    if path is None:
        return None
    try:
        return ctypes.CDLL(path)
    except OSError:
        return None


@functools.cache
def routines(dtype):
    """numpy's BLAS ``(gemm, axpy, dot, gemv)`` for ``dtype`` as ctypes
    functions, or None where they are not found."""
    dtype = np.dtype(dtype)
    lib = _library()
    if lib is None or dtype not in _NAMES:
        return None
    for pattern in _PATTERNS:
        try:
            found = tuple(getattr(lib, pattern.format(n)) for n in _NAMES[dtype])
        except AttributeError:
            continue
        for fn in found:
            fn.restype = None
        return found
    return None


def addresses(dtype):
    """numpy's BLAS ``(gemm, axpy, dot, gemv)`` for ``dtype`` as int64
    addresses, for compiled code (the compiled epoch calls all four:
    ``skebp._training._compiled``), or None."""
    found = routines(dtype)
    if found is None:
        return None
    return np.asarray(
        [ctypes.cast(fn, ctypes.c_void_p).value for fn in found], dtype=np.int64
    )


class _Caller:
    """Calls of one dtype's routines with their scalar arguments held in
    ctypes objects made once per epoch (a call then costs about a
    microsecond; fits running in threads each have their own)."""

    def __init__(self, dtype, gemm, axpy):
        real = ctypes.c_double if dtype == np.float64 else ctypes.c_float
        self.gemm, self.axpy = gemm, axpy
        self.ints = [ctypes.c_int64() for _ in range(5)]
        self.reals = [real() for _ in range(3)]
        self.N, self.T = ctypes.c_char_p(b"N"), ctypes.c_char_p(b"T")

    def gemm_tn(self, alpha, A, B, beta, C):
        """``C = alpha A.T @ B + beta C`` (C-ordered ``A`` of m x p, ``B`` of
        m x q, ``C`` of p x q); seen column-major, ``C.T = B.T A``."""
        m, p = A.shape
        q, p_, m_ = self.ints[:3]
        q.value, p_.value, m_.value = B.shape[1], p, m
        a, b = self.reals[:2]
        a.value, b.value = alpha, beta
        ref = ctypes.byref
        self.gemm(self.N, self.T, ref(q), ref(p_), ref(m_), ref(a),
                  ctypes.c_void_p(B.ctypes.data), ref(q),
                  ctypes.c_void_p(A.ctypes.data), ref(p_), ref(b),
                  ctypes.c_void_p(C.ctypes.data), ref(q))  # fmt: skip

    def axpy_(self, alpha, x, y):
        """``y += alpha x`` (contiguous arrays of one size)."""
        n, one = self.ints[3:5]
        n.value, one.value = x.size, 1
        a = self.reals[2]
        a.value = alpha
        ref = ctypes.byref
        self.axpy(ref(n), ref(a), ctypes.c_void_p(x.ctypes.data), ref(one),
                  ctypes.c_void_p(y.ctypes.data), ref(one))  # fmt: skip


class WeightSteps:
    """The weight steps of plain and (non-Nesterov) momentum SGD taken in
    numpy's BLAS for the layers with at least ``BLAS_STEP_MIN_SIZE``
    weights, from the weight gradient's factors (the layer's input ``A``
    and the error signal ``D`` the backward pass left in ``ws.delta[i]``),
    so that the gradient itself is never formed.

    ``layers``: the indices of those layers, for ``Network.loss_grad``'s
    ``skip_weight_grads``; ``rest``: the slices of the flat vectors that the
    optimizer steps (every parameter but those weights).  Built by
    :meth:`plan`, which returns None when nothing applies.
    """

    def __init__(self, caller, network, theta, grad, velocity, layers, l2):
        self.caller, self.layers, self.l2 = caller, layers, l2
        params, grads = network.params(theta), network.params(grad)
        self.W = [params[i].W for i in layers]
        self.G = [grads[i].W for i in layers]
        self.V = (
            None
            if velocity is None
            else [network.params(velocity)[i].W for i in layers]
        )
        self.rest, start = [], 0
        for i in layers:
            s = network.slices[i].W
            if s.start > start:
                self.rest.append(slice(start, s.start))
            start = s.stop
        if start < theta.size:
            self.rest.append(slice(start, theta.size))

    @classmethod
    def plan(cls, network, theta, grad, optimizer, l2, X):
        """The steps for ``optimizer`` (a first-order optimizer of
        ``skebp._solvers``) on ``network`` fed the training inputs ``X``,
        or None: float32 parameters (``NUMPY_PATH_DTYPES``), another
        optimizer, Nesterov's momentum, per-weight rates or a per-step
        schedule, no large affine layer (the first takes ``X``
        only when dense, C-ordered and of the parameters' dtype), or no
        BLAS routines."""
        if (
            theta.dtype not in NUMPY_PATH_DTYPES
            or optimizer.name not in ("sgd", "momentum")
            or getattr(optimizer, "nesterov", False)
            or optimizer.rates is not None
            or optimizer.schedule is not None
        ):
            return None
        dense_input = (
            isinstance(X, np.ndarray)
            and X.flags.c_contiguous
            and X.dtype == theta.dtype
        )
        layers = tuple(
            i
            for i, layer in enumerate(network.layers)
            if layer.fuses_weight_step
            and BLAS_STEP_MIN_SIZE <= layer.fan_in * layer.fan_out <= _INT32_MAX
            and (i > 0 or dense_input)
        )
        found = routines(theta.dtype) if layers else None
        if found is None:
            return None
        velocity = optimizer.velocity if optimizer.name == "momentum" else None
        caller = _Caller(theta.dtype, *found[:2])
        return cls(caller, network, theta, grad, velocity, layers, l2)

    def take(self, optimizer, X, ws, n):
        """The planned layers' steps on the batch ``X`` of ``n`` rows, after
        ``Network.loss_grad`` left its error signals in ``ws``: momentum
        ``v = mu v - lr (A^T D + l2 W); W += v``, plain SGD ``W -= lr (A^T D
        + l2 W)``."""
        c, l2, lr = self.caller, self.l2, optimizer.learning_rate
        for k, i in enumerate(self.layers):
            A = X if i == 0 else ws.out[i - 1][:n]
            D, w = ws.delta[i][:n], self.W[k].reshape(-1)
            if self.V is not None:
                c.gemm_tn(-lr, A, D, optimizer.momentum, self.V[k])
                v = self.V[k].reshape(-1)
                if l2:
                    c.axpy_(-lr * l2, w, v)
                c.axpy_(1.0, v, w)
            else:
                c.gemm_tn(1.0, A, D, 0.0, self.G[k])
                g = self.G[k].reshape(-1)
                if l2:
                    c.axpy_(l2, w, g)
                c.axpy_(-lr, g, w)


__all__ = ["BLAS_STEP_MIN_SIZE", "WeightSteps", "addresses", "routines"]
