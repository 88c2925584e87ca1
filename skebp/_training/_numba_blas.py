"""Calls of BLAS from compiled code: the compiled epoch's products, dot
products and ``axpy`` (numba kernels, imported only with numba).

The kernel (:mod:`skebp._training._numba_epoch`) receives the addresses of
BLAS's Fortran routines (:data:`BLAS_ROUTINES`, in that order): numpy's own
OpenBLAS where its wheel exports them (64-bit integers,
:func:`skebp._blas.addresses`), else scipy's wrappers (32-bit), and calls
them through :func:`_call_c` with every argument by pointer, from scratch
arrays it is given (``blas``: ``(addresses, integers, reals in the
parameters' dtype, b"NT", ...)``), so that nothing is allocated per call.
:func:`_matmul` makes the calls numba's ``np.dot`` makes (``gemm``, and
``gemv`` or ``dot`` for a product with a single row or column): on scipy's
routines it gives ``np.dot``'s bits.
"""

import numba
import numpy as np
from llvmlite import ir
from numba.core import cgutils, types
from numba.extending import intrinsic

#: numba's options for every compiled function of the kernel: cached on
#: disk, errors as numpy's (no bounds checks), the GIL released.
_JIT = {"nogil": True, "cache": True, "error_model": "numpy"}

#: The BLAS routines the kernel calls (:func:`_gemm`, :func:`_axpy`,
#: :func:`_dot`, :func:`_gemv`), by dtype, in the order of the addresses it
#: receives (``_compiled.blas_routines``).
BLAS_ROUTINES = {
    np.float64: ("dgemm", "daxpy", "ddot", "dgemv"),
    np.float32: ("sgemm", "saxpy", "sdot", "sgemv"),
}


def _call_codegen(returns):
    """The code of a call of the C function at ``args[0]`` with the
    pointers ``args[1]``, returning ``returns`` (a numba type)."""

    def codegen(context, builder, signature, args):
        fn_address, addresses = args[0], args[1]
        n = len(signature.args[1])
        result = context.get_value_type(returns) if returns != types.void else None
        fnty = ir.FunctionType(result or ir.VoidType(), [cgutils.voidptr_t] * n)
        fn = builder.inttoptr(fn_address, fnty.as_pointer())
        value = builder.call(
            fn,
            [
                builder.inttoptr(builder.extract_value(addresses, i), cgutils.voidptr_t)
                for i in range(n)
            ],
        )
        return value if result is not None else context.get_dummy_value()

    return codegen


@intrinsic
def _call_c(typingctx, address, pointers):
    """Call the C function at ``address`` (an integer) with ``pointers`` (a
    tuple of addresses): BLAS's Fortran routines take every argument by
    pointer.  The address is an argument, not a constant, so the compiled
    code stays cacheable on disk."""
    if not isinstance(address, types.Integer) or not isinstance(
        pointers, types.UniTuple
    ):
        return None
    return types.void(address, pointers), _call_codegen(types.void)


@intrinsic
def _call_c_real(typingctx, address, pointers, like):
    """:func:`_call_c` for a function returning a real of ``like``'s dtype
    (an array): BLAS's ``dot``."""
    if not (
        isinstance(address, types.Integer)
        and isinstance(pointers, types.UniTuple)
        and isinstance(like, types.Array)
        and isinstance(like.dtype, types.Float)
    ):
        return None
    return like.dtype(address, pointers, like), _call_codegen(like.dtype)


@numba.njit(**_JIT)
def _axpy(blas, alpha, x, y):
    """``y += alpha * x`` (flat arrays) with BLAS."""
    routines, ints, reals = blas[0], blas[1], blas[2]
    ints[0], ints[1] = x.size, 1
    reals[0] = alpha
    one = ints[1:].ctypes.data
    _call_c(routines[1], (ints.ctypes.data, reals.ctypes.data, x.ctypes.data, one,
                          y.ctypes.data, one))  # fmt: skip


@numba.njit(**_JIT)
def _dot(blas, x, y):
    """``x @ y`` (contiguous arrays of one size) with BLAS when the kernel
    has one, else numba's ``np.dot`` (scipy's)."""
    if blas[0].size == 0:
        return np.dot(x, y)
    ints = blas[1]
    ints[0], ints[1] = x.size, 1
    one = ints[1:].ctypes.data
    return _call_c_real(blas[0][2], (ints.ctypes.data, x.ctypes.data, one,
                                     y.ctypes.data, one), x)  # fmt: skip


@numba.njit(**_JIT)
def _gemv(blas, trans, m, n, lda, M, x, y):
    """``y = op(M) @ x`` with BLAS's ``gemv``, ``M`` seen column-major as
    ``m x n`` with leading dimension ``lda``, ``trans``: transposed."""
    routines, ints, reals, chars = blas[0], blas[1], blas[2], blas[3]
    ints[1], ints[2], ints[3], ints[4] = 1, m, n, lda
    reals[1], reals[2] = 1.0, 0.0
    _call_c(routines[3], (chars[1:].ctypes.data if trans else chars.ctypes.data,
                          ints[2:].ctypes.data, ints[3:].ctypes.data,
                          reals[1:].ctypes.data, M.ctypes.data, ints[4:].ctypes.data,
                          x.ctypes.data, ints[1:].ctypes.data, reals[2:].ctypes.data,
                          y.ctypes.data, ints[1:].ctypes.data))  # fmt: skip


@numba.njit(**_JIT)
def _gemm(blas, trans_a, trans_b, alpha, A, B, beta, C):
    """``C = alpha op(A) @ op(B) + beta * C`` with BLAS, ``op`` transposing
    where asked (C-ordered ``A`` and ``B``, ``C`` of the product's size,
    2-d or flat); seen column-major, ``C.T = op(B).T @ op(A).T``: BLAS is
    called with the operands swapped."""
    routines, ints, reals, chars = blas[0], blas[1], blas[2], blas[3]
    rows = A.shape[1] if trans_a else A.shape[0]
    inner = A.shape[0] if trans_a else A.shape[1]
    ints[2] = B.shape[0] if trans_b else B.shape[1]
    ints[3], ints[4], ints[5], ints[6] = rows, inner, B.shape[1], A.shape[1]
    reals[1], reals[2] = alpha, beta
    n_, m_, k_ = ints[2:].ctypes.data, ints[3:].ctypes.data, ints[4:].ctypes.data
    _call_c(routines[0], (chars[1:].ctypes.data if trans_b else chars.ctypes.data,
                          chars[1:].ctypes.data if trans_a else chars.ctypes.data,
                          n_, m_, k_, reals[1:].ctypes.data, B.ctypes.data,
                          ints[5:].ctypes.data, A.ctypes.data, ints[6:].ctypes.data,
                          reals[2:].ctypes.data, C.ctypes.data, n_))  # fmt: skip


@numba.njit(**_JIT)
def _matmul(blas, trans_a, trans_b, A, B, C):
    """``C = op(A) @ op(B)`` (C-ordered 2-d arrays) in the kernel's BLAS
    when it has one, else numba's ``np.dot`` (scipy's BLAS).  The BLAS calls
    are numba's: a product with a single row or column is BLAS's ``gemv``
    (or ``dot``), as numba's ``np.dot`` makes it, so that scipy's routines
    give ``np.dot``'s bits (on-line steps are such products)."""
    if blas[0].size == 0:
        if trans_a:
            np.dot(A.T, B, C)
        elif trans_b:
            np.dot(A, B.T, C)
        else:
            np.dot(A, B, C)
        return
    rows, cols = C.shape
    inner = A.shape[0] if trans_a else A.shape[1]
    if rows == 1 and cols == 1:
        C[0, 0] = _dot(blas, A.reshape(A.size), B.reshape(B.size))
    elif cols == 1:
        # op(A) @ b: op(A) is A seen column-major (transposed) or A.T
        if trans_a:
            _gemv(blas, False, rows, inner, rows, A, B, C)
        else:
            _gemv(blas, True, inner, rows, inner, A, B, C)
    elif rows == 1:
        # a @ op(B) = op(B).T @ a
        if trans_b:
            _gemv(blas, True, inner, cols, inner, B, A, C)
        else:
            _gemv(blas, False, cols, inner, cols, B, A, C)
    else:
        _gemm(blas, trans_a, trans_b, 1.0, A, B, 0.0, C)
