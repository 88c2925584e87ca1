"""Full-batch training: the objective over the whole training set, evaluated
in chunks, handed to a full-batch solver (L-BFGS, CG, Levenberg-Marquardt)
whose every iteration is reported to the epoch monitor."""

import numpy as np
from scipy.linalg import blas
from sklearn.exceptions import ConvergenceWarning

from .._compat import blas_threads
from .._warnings import INTERRUPTED, warn
from ._data import PREDICT_CHUNK

#: Bytes one row block of the Jacobian may take in Levenberg-Marquardt.
JACOBIAN_CHUNK_BYTES = 64 * 2**20
#: Full-batch iterations of fewer floating-point operations than this
#: (``solver.blas_flops``: a gradient evaluation, or Levenberg-Marquardt's
#: Gauss-Newton build) run BLAS on one thread: between two evaluations the
#: solver's own work lets BLAS's worker threads fall asleep, and waking them
#: costs more than they save on small products (measured: L-BFGS on digits
#: 2.5 ms per iteration on one thread, 8 ms on two).
SINGLE_THREAD_FLOPS = 1e9


def full_batch_objective(network, dtype, data, alpha):
    """``fun(theta, with_grad=True) -> (loss, grad)`` (``grad`` None without
    it: no backward pass) and ``gauss_newton(theta) -> (G, grad, loss)``
    over the whole training set, evaluated in chunks (float64
    results; the network computes in ``dtype``; ``G`` holds the Gauss-Newton
    matrix in its upper triangle only)."""
    net, n, total = network, data.n_samples, data.total_weight
    l2 = alpha / total
    rows = min(n, PREDICT_CHUNK)
    ws = net.workspace(rows, dtype)
    grad_chunk = np.empty(net.n_params, dtype=dtype)

    def fun(x, with_grad=True):
        theta = x if x.dtype == dtype else x.astype(dtype)
        loss = 0.0
        grad = np.zeros(net.n_params) if with_grad else None
        for i, (Xc, Yc, swc) in enumerate(data.chunks(rows)):
            loss += net.loss_grad(
                theta,
                Xc,
                Yc,
                swc,
                l2 if i == 0 else 0.0,
                grad_chunk if with_grad else None,
                ws,
                weight_total=total,
            )
            if with_grad:
                grad += grad_chunk
        return loss, grad

    n_outputs = data.Y.shape[1]
    row_bytes = np.dtype(dtype).itemsize * n_outputs * net.n_params
    jac_rows = max(1, min(n, JACOBIAN_CHUNK_BYTES // row_bytes))
    ws_jac = net.workspace(jac_rows, dtype)
    weights = net.weight_mask(dtype=np.float64)

    add_chunk = _gauss_newton_accumulator(net.n_params, dtype)

    def gauss_newton(x):
        theta = x.astype(dtype, copy=False)
        G = np.zeros((net.n_params, net.n_params), order="F")
        grad, loss = np.zeros(net.n_params), 0.0
        for Xc, Yc, swc in data.chunks(jac_rows):
            Jt, gc, lc = net.gauss_newton_factor(theta, Xc, Yc, swc, total, ws_jac)
            G = add_chunk(G, Jt)
            grad += gc
            loss += lc
        if l2:
            G[np.diag_indices_from(G)] += l2 * weights
            grad += l2 * weights * x
            loss += 0.5 * l2 * float(np.sum(weights * x * x))
        return G, grad, loss

    return fun, gauss_newton


def _gauss_newton_accumulator(n_params, dtype):
    """``add(G, Jt)``: ``G += Jt^T Jt`` into the upper triangle of the float64
    ``G`` (the solver reads only that triangle), by BLAS syrk.

    A float32 network's chunk is multiplied in float32 (``ssyrk``, twice the
    rate of ``dsyrk``: a chunk's few thousand rows keep a relative error
    near 1e-6, far below the damping) into a buffer allocated once, and the
    chunks are summed in float64.
    """
    if np.dtype(dtype) != np.float32:

        def add(G, Jt):
            return blas.dsyrk(1.0, Jt.T, beta=1.0, c=G, overwrite_c=1)

        return add
    chunk = []  # allocated at the first build: L-BFGS and CG never build G

    def add(G, Jt):
        if not chunk:
            chunk.append(np.zeros((n_params, n_params), dtype=np.float32, order="F"))
        # beta=0 overwrites the upper triangle; the lower one stays zero
        C = blas.ssyrk(1.0, Jt.T, beta=0.0, c=chunk[0], overwrite_c=1)
        G += C
        return G

    return add


def _checked_at_start(function, monitor, initial):
    """``function`` (an objective returning the loss first, or last for the
    Gauss-Newton build) raising :class:`DivergenceError` when its first
    value, at the initial weights, is not finite; that value goes into
    ``initial``."""

    def checked(x, **kwargs):
        out = function(x, **kwargs)
        if not initial:
            loss = out[0] if len(out) == 2 else out[2]
            initial.append(loss)
            if not np.isfinite(loss):
                monitor.diverged(
                    f"the objective is {loss} at the initial weights, before any step"
                )
        return out

    return checked


def fit_full_batch(network, theta, data, solver, monitor, *, alpha, name):
    """Train ``theta`` in place with the full-batch ``solver`` instance.

    ``name`` is the solver's name, for the warnings.
    """
    solver.prepare(network.n_params, data.n_samples, data.Y.shape[1])
    fun, gauss_newton = full_batch_objective(network, theta.dtype, data, alpha)
    initial = []
    fun = _checked_at_start(fun, monitor, initial)
    n_samples = data.n_samples

    def callback(x, loss):
        theta[...] = x
        monitor.end_epoch(theta, loss, n_samples)
        stop = monitor.should_stop(theta)
        monitor.begin_epoch()
        return stop

    extra = {}
    if "gauss_newton" in solver.needs:
        extra["gauss_newton"] = _checked_at_start(gauss_newton, monitor, initial)
    if "objective" in solver.needs:
        # the objective alone, to the same bits as fun's (no backward pass)
        extra["objective"] = lambda x: fun(x, with_grad=False)[0]
    work = solver.blas_flops(network.n_params, n_samples, data.Y.shape[1])
    small = work < SINGLE_THREAD_FLOPS
    monitor.begin_epoch()
    try:
        with blas_threads(1 if small else None):
            result = solver.solve(theta.astype(np.float64), fun, callback, **extra)
        if not np.all(np.isfinite(result.theta)):
            monitor.diverged("the solver returned weights that are not finite")
        theta[...] = result.theta
        if result.n_iter == 0:
            # No step was taken: the model is the initial one.  Say so, and
            # record the loss it has.
            monitor.record.loss = initial[0]
            monitor.record.loss_curve.append(initial[0])
            warn(
                f"{name} made no progress: it stopped before its first step "
                f"({result.message}); the model is the initial network. Check "
                "the data and tol, or try another solver.",
                ConvergenceWarning,
            )
        elif not result.converged:
            warn(
                f"{name}: the optimization hasn't converged yet after "
                f"{result.n_iter} iterations (max_iter={solver.max_iter}): "
                f"{result.message}",
                ConvergenceWarning,
            )
    except KeyboardInterrupt:
        monitor.interrupted()
        warn(INTERRUPTED)
    monitor.finish(theta)
