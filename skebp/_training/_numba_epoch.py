"""The compiled mini-batch epoch: numba kernels (imported only with numba).

One call runs a whole epoch of mini-batch steps: gather the batch's rows,
forward pass, loss, backward pass, L2 penalty and the optimizer's update,
for every batch.  The matrix products go to BLAS: numpy's own where its
wheel exports the Fortran routines (:func:`skebp._blas.addresses`), so that
the kernel and numpy share one pool of threads, else scipy's (the routines
numba's ``np.dot`` calls), with the calls ``np.dot`` makes
(:mod:`skebp._training._numba_blas`).  Everything between them is
compiled loops and allocates nothing, except the transcendental
activations of large batches, which numpy's SIMD loops compute (one
object-mode call each, :func:`_activate`).

It covers networks of affine layers with the element-wise activations of
:data:`ACTIVATION_CODES`, softmax or logistic outputs with the
cross-entropy and any of them with the squared error; plain, momentum,
Nesterov and Adam steps; L2; sample weights; per-weight rates; each
sample's loss for ``"emphasize"``.  :mod:`skebp._training._compiled`
decides when it applies and calls it.

The large weight matrices' steps of plain and (non-Nesterov) momentum SGD
go to BLAS as well, whose threads share the work (:func:`_blas_step`):
momentum is folded into the weight gradient's product (``beta``), and the
L2 term and the step are two ``axpy`` calls.  A single-threaded loop over
a large matrix that BLAS's threads have just written is slow (half of it
sits in the other core's cache), and numba's own threads would fight
BLAS's spinning ones for the cores.

The arithmetic is the numpy path's (:meth:`skebp._network.Network.loss_grad`
and the optimizers of :mod:`skebp._solvers._first_order`) in the same
order where it matters, but not bit for bit: each layer's update is
taken as soon as its gradient is known, and BLAS rounds its steps in its
own order.
"""

import math

import numba
import numpy as np
from numba.core import cgutils, types
from numba.extending import intrinsic, overload

from .._activations import (
    ACTIVATIONS,
    LEAKY_SLOPE,
    LECUN_A,
    LECUN_S,
    SOFTMAX_MIN_EXPONENT,
)
from ._numba_blas import (  # noqa: F401 (BLAS_ROUTINES: _compiled reads it here)
    _JIT,
    BLAS_ROUTINES,
    _axpy,
    _dot,
    _gemm,
    _matmul,
)

#: Activation names -> the codes the kernel switches on.
ACTIVATION_CODES = {
    "identity": 0,
    "relu": 1,
    "tanh": 2,
    "lecun_tanh": 3,
    "logistic": 4,
    "leaky_relu": 5,
    "softplus": 6,
    "swish": 7,
    "softmax": 8,
}
#: Optimizer names -> codes (Nesterov is momentum with a flag).
SOLVER_CODES = {"sgd": 0, "momentum": 1, "adam": 2}
#: Loss names -> codes.
LOSS_CODES = {"squared_error": 0, "cross_entropy": 1}

#: numba computes ``exp`` and ``tanh`` one element at a time through libm
#: (about 10 and 35 ns an element here), numpy with SIMD loops (1.4 and 2.4
#: ns).  From this many elements on, :func:`_activate` hands tanh, the
#: logistic, softplus and swish to numpy's own function through one
#: object-mode call (about 5 microseconds): the same bits as the numpy path.
NUMPY_ACTIVATION_MIN_SIZE = 1024
_NAMES = {code: name for name, code in ACTIVATION_CODES.items()}


def _numpy_activate(Z, A, code):
    """The numpy path's ``A = f(Z)`` (called from object mode)."""
    ACTIVATIONS[_NAMES[code]].forward(Z, A)


@numba.njit(**_JIT)
def _expit(z):
    """The logistic function without a branch (``exp(-z)`` overflows to
    inf for very negative ``z``, giving 0)."""
    return 1.0 / (1.0 + math.exp(-z))


@numba.njit(**_JIT)
def _tanh(z):
    """``tanh`` from one ``exp`` (saturating to +-1 through inf and 0):
    libm's scalar ``tanh`` costs three and a half of them, and numba has no
    vectorized one."""
    return 1.0 - 2.0 / (math.exp(2.0 * z) + 1.0)


@intrinsic
def _copy_row(typingctx, src, dst):
    """``dst[:] = src`` for C-contiguous rows of one dtype, as one
    ``memcpy``, as ``np.take`` copies them (a compiled loop was slower)."""
    if not (
        isinstance(src, types.Array)
        and isinstance(dst, types.Array)
        and src.layout == dst.layout == "C"
        and src.ndim == dst.ndim == 1
        and src.dtype == dst.dtype
    ):
        return None

    def codegen(context, builder, signature, args):
        source = context.make_array(signature.args[0])(context, builder, args[0])
        target = context.make_array(signature.args[1])(context, builder, args[1])
        itemsize = context.get_abi_sizeof(context.get_data_type(src.dtype))
        cgutils.raw_memcpy(builder, target.data, source.data, source.nitems, itemsize)
        return context.get_dummy_value()

    return types.void(src, dst), codegen


def _like(A, x):
    """``x`` as a scalar of ``A``'s dtype (in compiled code)."""


@overload(_like, jit_options=_JIT)
def _like_compiled(A, x):
    real = A.dtype

    def impl(A, x):
        return real(x)

    return impl


@numba.njit(**_JIT)
def _softmax(Z, A):
    """``A = softmax(Z)`` row by row, the exponents floored as the numpy
    path floors them, in ``Z``'s dtype (float32's ``exp`` is the cheaper)."""
    m, k = Z.shape
    lowest = _like(Z, SOFTMAX_MIN_EXPONENT)
    for r in range(m):
        top = Z[r, 0]
        for c in range(1, k):
            top = max(top, Z[r, c])
        total = 0.0
        for c in range(k):
            e = math.exp(max(Z[r, c] - top, lowest))
            A[r, c] = e
            total += A[r, c]
        for c in range(k):
            A[r, c] /= total


# nogil=False: the object-mode call takes the GIL anyway (numba warns about
# nogil=True there); the epoch that calls it releases the GIL.
@numba.njit(**{**_JIT, "nogil": False})
def _activate(Z, A, code):
    """``A = f(Z)`` for an element-wise activation, or a row-wise softmax.
    One flat loop per activation, without branches inside, so that each
    vectorizes (a branch on ``code`` per element made the derivative 25x
    slower); transcendental ones on ``NUMPY_ACTIVATION_MIN_SIZE`` elements
    or more in numpy."""
    if code == 8:
        _softmax(Z, A)
        return
    transcendental = code in (2, 3, 4, 6, 7)
    if transcendental and Z.size >= NUMPY_ACTIVATION_MIN_SIZE:
        with numba.objmode():
            _numpy_activate(Z, A, code)
        return
    z, a = Z.reshape(Z.size), A.reshape(A.size)
    n = z.size
    if code == 1:
        for j in range(n):
            a[j] = max(z[j], 0.0)
    elif code == 2:
        for j in range(n):
            a[j] = _tanh(z[j])
    elif code == 3:
        for j in range(n):
            a[j] = LECUN_A * _tanh(z[j] * LECUN_S)
    elif code == 4:
        for j in range(n):
            a[j] = _expit(z[j])
    elif code == 5:
        for j in range(n):
            a[j] = max(z[j], LEAKY_SLOPE * z[j])
    elif code == 6:
        for j in range(n):
            a[j] = max(z[j], 0.0) + math.log1p(math.exp(-abs(z[j])))
    elif code == 7:
        for j in range(n):
            a[j] = z[j] * _expit(z[j])
    else:
        for j in range(n):
            a[j] = z[j]


@numba.njit(**_JIT)
def _times_derivative(D, Z, A, code):
    """``D *= f'(Z)`` (from the cheaper of ``Z`` and ``A = f(Z)``), one
    flat loop per activation as in :func:`_activate`."""
    if code == 0:
        return
    d, z, a = D.reshape(D.size), Z.reshape(Z.size), A.reshape(A.size)
    n = d.size
    if code == 1:
        for j in range(n):
            d[j] = d[j] if a[j] > 0 else 0.0
    elif code == 2:
        for j in range(n):
            d[j] *= 1.0 - a[j] * a[j]
    elif code == 3:
        for j in range(n):
            d[j] *= a[j] * a[j] * (-LECUN_S / LECUN_A) + LECUN_A * LECUN_S
    elif code == 4:
        for j in range(n):
            d[j] *= (1.0 - a[j]) * a[j]
    elif code == 5:
        for j in range(n):
            d[j] *= 1.0 if z[j] > 0 else LEAKY_SLOPE
    elif code == 6:
        for j in range(n):
            d[j] *= _expit(z[j])
    else:
        for j in range(n):
            s = _expit(z[j])
            d[j] *= s * (1.0 + z[j] * (1.0 - s))


@numba.njit(**_JIT)
def _output_loss_and_delta(Y, Z, A, D, losses, out_code, loss_code, eps):
    """Each row's loss (into ``losses``) and ``D = dE_p / dz`` at the output."""
    m, k = A.shape
    for r in range(m):
        total = 0.0
        for c in range(k):
            a, y = A[r, c], Y[r, c]
            D[r, c] = a - y
            if loss_code == 0:
                total += 0.5 * (a - y) * (a - y)
            else:
                # a term with a zero factor adds nothing: its logarithm is
                # skipped (nine in ten of a one-hot softmax's)
                p = min(max(a, eps), 1.0 - eps)
                if y != 0.0:
                    total -= y * math.log(p)
                if out_code != 8 and y != 1.0:
                    total -= (1.0 - y) * math.log1p(-p)
        losses[r] = total
    if loss_code == 0:
        _times_derivative(D, Z, A, out_code)


@numba.njit(**_JIT)
def _update(theta, grad, l2, rates, solver, lr, mu, nesterov, m1, m2, v, b1, b2,
            eps, adam_lr):  # fmt: skip
    """One optimizer step on the parameters ``theta`` (views of one layer's
    weights or biases, as are the other arrays) from ``grad`` plus ``l2``
    times the parameters.  One loop per case, indexed from 0 and without
    branches or reductions inside, so that each vectorizes."""
    n = theta.size
    if rates.size > 0:
        for j in range(n):
            grad[j] = (grad[j] + l2 * theta[j]) * rates[j]
    elif l2 != 0.0:
        for j in range(n):
            grad[j] += l2 * theta[j]
    if solver == 0:
        for j in range(n):
            theta[j] -= lr * grad[j]
    elif solver == 1 and not nesterov:
        for j in range(n):
            vel = mu * v[j] - lr * grad[j]
            v[j] = vel
            theta[j] += vel
    elif solver == 1:
        for j in range(n):
            g = lr * grad[j]
            vel = mu * v[j] - g
            v[j] = vel
            theta[j] += mu * vel - g
    else:
        for j in range(n):
            g = grad[j]
            mj = b1 * m1[j] + (1.0 - b1) * g
            vj = b2 * m2[j] + (1.0 - b2) * (g * g)
            m1[j] = mj
            m2[j] = vj
            theta[j] -= adam_lr * (mj / (math.sqrt(vj) + eps))


@numba.njit(**_JIT)
def _step(theta, grad, lo, hi, l2, rates, solver, lr, mu, nesterov, m1, m2, v,
          b1, b2, eps, adam_lr):  # fmt: skip
    """:func:`_update` on ``[lo:hi]`` of every flat vector (that is used)."""
    _update(theta[lo:hi], grad[lo:hi], l2, rates[lo:hi] if rates.size else rates,
            solver, lr, mu, nesterov, m1[lo:hi] if m1.size else m1,
            m2[lo:hi] if m2.size else m2, v[lo:hi] if v.size else v, b1, b2, eps,
            adam_lr)  # fmt: skip


@numba.njit(**_JIT)
def _blas_step(blas, theta, grad, v, A_prev, D, l2, solver, lr, mu):
    """A weight matrix's plain or momentum step (``theta``, ``grad``, ``v``:
    its flat views) on BLAS's threads, from the weight gradient
    ``A_prev.T @ D``: momentum computes ``v = mu v - lr A_prev.T D`` in the
    product itself, then ``v -= lr l2 theta`` and ``theta += v``; plain
    SGD takes ``grad = A_prev.T D``, ``grad += l2 theta``, ``theta -= lr
    grad``."""
    if solver == 1:
        _gemm(blas, True, False, -lr, A_prev, D, mu, v)
        if l2 != 0.0:
            _axpy(blas, -lr * l2, theta, v)
        _axpy(blas, 1.0, v, theta)
    else:
        _gemm(blas, True, False, 1.0, A_prev, D, 0.0, grad)
        if l2 != 0.0:
            _axpy(blas, l2, theta, grad)
        _axpy(blas, -lr, grad, theta)


@numba.njit(**_JIT)
def _sparse_rows_times(sparse, idx, W, Z):
    """``Z = X[idx] @ W`` from X's compressed rows ``sparse`` (``(indptr,
    indices, values, offset, scratch)``: ``X = S + offset`` row by row, S's
    nonzeros in compressed rows): ``offset @ W`` plus, for each row, the
    rows of W its nonzeros pick."""
    indptr, indices, values, offset, base = sparse
    m, n = Z.shape
    base[:] = 0.0
    for j in range(offset.size):
        o = offset[j]
        if o != 0.0:
            w = W[j]
            for c in range(n):
                base[c] += o * w[c]
    for r in range(m):
        z = Z[r]
        z[:] = base
        row = idx[r]
        for k in range(indptr[row], indptr[row + 1]):
            x = values[k]
            w = W[indices[k]]
            for c in range(n):
                z[c] += x * w[c]


@numba.njit(**_JIT)
def _sparse_rows_gradient(sparse, idx, D, G):
    """``G = X[idx].T @ D`` from X's compressed rows: ``offset`` times the
    error signal's column sums, plus each row's error signal added to the
    rows of ``G`` its nonzeros pick."""
    indptr, indices, values, offset, total = sparse
    m, n = D.shape
    total[:] = 0.0
    for r in range(m):
        for c in range(n):
            total[c] += D[r, c]
    for j in range(offset.size):
        g = G[j]
        o = offset[j]
        for c in range(n):
            g[c] = o * total[c]
    for r in range(m):
        d = D[r]
        row = idx[r]
        for k in range(indptr[row], indptr[row + 1]):
            x = values[k]
            g = G[indices[k]]
            for c in range(n):
                g[c] += x * d[c]


@numba.njit(**_JIT)
def _forward(theta, Xb, layout, pre_all, out_all, blas, sparse, idx):
    """The forward pass of the batch ``Xb`` (or, when ``sparse`` holds X's
    compressed rows, of X's rows ``idx``, from their nonzeros); returns the
    output activations (a view of ``out_all``)."""
    sizes, acts, starts, rows = layout
    m = idx.size
    A_prev = Xb
    for i in range(sizes.size - 1):
        fan_in, fan_out = sizes[i], sizes[i + 1]
        w_end = starts[i] + fan_in * fan_out
        Z = pre_all[rows[i] : rows[i] + m * fan_out].reshape(m, fan_out)
        A = out_all[rows[i] : rows[i] + m * fan_out].reshape(m, fan_out)
        W = theta[starts[i] : w_end].reshape(fan_in, fan_out)
        if i == 0 and sparse[0].size > 0:
            _sparse_rows_times(sparse, idx, W, Z)
        else:
            _matmul(blas, False, False, A_prev, W, Z)
        b = theta[w_end : starts[i + 1]]
        for r in range(m):
            for c in range(fan_out):
                Z[r, c] += b[c]
        _activate(Z, A, acts[i])
        A_prev = A
    return A_prev


@numba.njit(**_JIT)
def _objective(theta, Yb, A, weights, mean_weight, l2, loss_code, dtype_eps, layout,
               pre_all, delta_all, losses, errors, idx, blas):  # fmt: skip
    """The batch's objective as ``(weighted mean loss, L2 penalty)``, with
    the output's error signal scaled by each sample's share of it left in
    ``delta_all``, and each sample's loss in ``errors[idx]`` (when kept)."""
    sizes, acts, starts, rows = layout
    n_layers = sizes.size - 1
    m, k = A.shape
    last = rows[n_layers - 1]
    D = delta_all[last : last + m * k].reshape(m, k)
    Z = pre_all[last : last + m * k].reshape(m, k)
    _output_loss_and_delta(Yb, Z, A, D, losses, acts[n_layers - 1], loss_code,
                           dtype_eps)  # fmt: skip
    total = m * mean_weight
    loss = 0.0
    for r in range(m):
        w = weights[idx[r]] if weights.size > 0 else 1.0
        loss += losses[r] * w
        if errors.size > 0:
            errors[idx[r]] = losses[r] * (w / mean_weight)
        for c in range(k):
            D[r, c] *= w / total
    loss /= total
    penalty = 0.0
    if l2 != 0.0:
        for i in range(n_layers):
            W = theta[starts[i] : starts[i] + sizes[i] * sizes[i + 1]]
            penalty += 0.5 * l2 * _dot(blas, W, W)
    return loss, penalty


@numba.njit(**_JIT)
def _backward_step(theta, grad, Xb, layout, pre_all, out_all, delta_all, l2,
                   no_l2, rates, optimizer, adam_lr, blas, sparse,
                   idx):  # fmt: skip
    """The backward pass from the output's error signal, each layer's step
    taken as soon as its error signal is passed on to the layer below (the
    weights' on BLAS's threads where :func:`_blas_step` applies; the first
    layer's gradient from X's nonzeros when ``sparse`` holds its rows)."""
    sizes, acts, starts, rows = layout
    solver, lr, mu, nesterov, m1, m2, v, b1, b2, eps = optimizer
    blas_steps = blas[0].size > 0 and solver < 2 and not nesterov and rates.size == 0
    m = idx.size
    for i in range(sizes.size - 2, -1, -1):
        fan_in, fan_out = sizes[i], sizes[i + 1]
        w_end = starts[i] + fan_in * fan_out
        D = delta_all[rows[i] : rows[i] + m * fan_out].reshape(m, fan_out)
        gb = grad[w_end : starts[i + 1]]
        gb[:] = 0.0
        for r in range(m):
            for c in range(fan_out):
                gb[c] += D[r, c]
        if i > 0:
            p = rows[i - 1]
            A_prev = out_all[p : p + m * fan_in].reshape(m, fan_in)
            D_prev = delta_all[p : p + m * fan_in].reshape(m, fan_in)
            W = theta[starts[i] : w_end].reshape(fan_in, fan_out)
            _matmul(blas, False, True, D, W, D_prev)
            Z_prev = pre_all[p : p + m * fan_in].reshape(m, fan_in)
            _times_derivative(D_prev, Z_prev, A_prev, acts[i - 1])
        else:
            A_prev = Xb
        if i == 0 and sparse[0].size > 0:
            G = grad[starts[i] : w_end].reshape(fan_in, fan_out)
            _sparse_rows_gradient(sparse, idx, D, G)
            _step(theta, grad, starts[i], w_end, l2, rates, solver, lr, mu,
                  nesterov, m1, m2, v, b1, b2, eps, adam_lr)  # fmt: skip
        elif blas_steps and fan_in * fan_out >= blas[4]:
            lo = starts[i]
            _blas_step(blas, theta[lo:w_end], grad[lo:w_end],
                       v[lo:w_end] if v.size else v, A_prev, D, l2, solver, lr,
                       mu)  # fmt: skip
        else:
            _matmul(blas, True, False, A_prev, D,
                    grad[starts[i] : w_end].reshape(fan_in, fan_out))  # fmt: skip
            _step(theta, grad, starts[i], w_end, l2, rates, solver, lr, mu,
                  nesterov, m1, m2, v, b1, b2, eps, adam_lr)  # fmt: skip
        _step(theta, grad, w_end, starts[i + 1], no_l2, rates, solver, lr, mu,
              nesterov, m1, m2, v, b1, b2, eps, adam_lr)  # fmt: skip


@numba.njit(**_JIT)
def epoch(
    X, Y, sample_weight, order, batch_size, mean_weight,
    theta, grad, sizes, acts, loss_code, l2, buffers, errors, dtype_eps,
    rates, solver, lr, mu, nesterov, m1, m2, v, b1, b2, eps, n_steps, blas,
    sparse,
):  # fmt: skip
    """One epoch of mini-batch steps over ``X[order]``, updating ``theta``
    and the optimizer's buffers in place.

    Each layer's step is taken as soon as its gradient is known, during the
    backward pass, once the error signal below it has been computed with
    the weights before the step: the same step as after the whole pass.

    ``blas``: ``(addresses of BLAS_ROUTINES, integer scratch of 7, scratch
    of 3 in the parameters' dtype, b"NT" as uint8, the smallest layer whose
    steps go to BLAS)`` for :func:`_blas_step`; empty addresses take every
    step in compiled loops.

    ``sparse``: X in compressed rows around a per-column offset,
    ``(indptr, indices, values, offset, scratch of the first hidden
    layer's width)``, or empty arrays.  Given, the first layer's products
    are taken from the nonzeros of ``X - offset`` (:func:`_sparse_rows_times`,
    :func:`_sparse_rows_gradient`) and the batch's rows are not gathered:
    one-hot encoded tables, standardized, are one value per column but for
    a few percent of their entries.

    Returns ``(accumulated loss, accumulated penalty, steps taken, bad)``:
    the sums over batches of each batch's mean loss and L2 penalty times its
    expected weight, and ``bad`` the objective of the batch that was not
    finite (the epoch stops before its step) or 0.
    """
    n, d = X.shape
    k = Y.shape[1]
    n_layers = sizes.size - 1
    Xb_all, Yb_all, losses_all, pre_all, out_all, delta_all = buffers
    optimizer = (solver, lr, mu, nesterov, m1, m2, v, b1, b2, eps)
    no_l2 = l2 - l2  # biases: no penalty (a zero of l2's type: one compilation)
    # parameter offsets (W_i then b_i, layer after layer) and buffer offsets
    starts = np.zeros(n_layers + 1, dtype=np.int64)
    rows = np.zeros(n_layers + 1, dtype=np.int64)
    for i in range(n_layers):
        starts[i + 1] = starts[i] + sizes[i] * sizes[i + 1] + sizes[i + 1]
        rows[i + 1] = rows[i] + sizes[i + 1] * batch_size
    layout = (sizes, acts, starts, rows)
    acc = 0.0
    acc_penalty = 0.0
    steps = n_steps
    for start in range(0, n, batch_size):
        m = min(start + batch_size, n) - start
        idx = order[start : start + m]
        Xb = Xb_all[: m * d].reshape(m, d)
        Yb = Yb_all[: m * k].reshape(m, k)
        for r in range(m):
            if sparse[0].size == 0:
                _copy_row(X[idx[r]], Xb[r])
            _copy_row(Y[idx[r]], Yb[r])
        A = _forward(theta, Xb, layout, pre_all, out_all, blas, sparse, idx)
        loss, penalty = _objective(theta, Yb, A, sample_weight, mean_weight, l2,
                                   loss_code, dtype_eps, layout, pre_all,
                                   delta_all, losses_all[:m], errors, idx,
                                   blas)  # fmt: skip
        if not math.isfinite(loss + penalty):
            return acc, acc_penalty, steps, loss + penalty
        steps += 1
        adam_lr = 0.0
        if solver == 2:
            adam_lr = lr * math.sqrt(1.0 - b2**steps) / (1.0 - b1**steps)
        _backward_step(theta, grad, Xb, layout, pre_all, out_all, delta_all, l2,
                       no_l2, rates, optimizer, adam_lr, blas, sparse,
                       idx)  # fmt: skip
        acc += loss * m * mean_weight
        acc_penalty += penalty * m * mean_weight
    return acc, acc_penalty, steps, 0.0
