"""Epoch time of a first-order fit against scikit-learn and the GEMM bound.

EBPClassifier((100,), "relu", solver="momentum", batch_size=200,
whitening="none", alpha=ALPHA, early_stopping=False) and MLPClassifier
configured the same way (sgd, momentum 0.9, no Nesterov, batch 200,
shuffling, its default alpha=1e-4, no early stopping) on
20,000 x 784 synthetic data with 10 classes, in float64 and float32: every
contender applies an L2 penalty and computes the loss of each mini-batch,
as skebp and scikit-learn do.  The GEMM bound is 6 * n_samples * n_params
floating-point operations at the rate numpy's matrix product reaches on this
machine, measured in the same run.

"floor" is the time of the work no implementation can skip at numpy's own
speed (gathering the shuffled mini-batches and the first layer's forward and
weight-gradient products, which hold 99 % of the parameters): floor/sklearn
is the best ratio any numpy implementation can reach against scikit-learn.

When JAX is installed (an optional peer, never a dependency), the same
network and momentum SGD written in JAX, the whole epoch (gather, forward,
backward, update over every mini-batch) compiled by XLA with ``jax.jit`` and
``lax.scan``, is timed beside them (compilation excluded): "skebp/jax".

"skebp" may run its compiled epoch (``skebp[fast]``, numba, when
installed); "numpy" is the same fit with it turned off
(``skebp.config_context(compiled=False)``).  A second, small problem (the
digits, 1,797 x 64, 30 units, batches of 32) shows where the compiled epoch
pays most: per-batch Python overhead, not matrix products, fills its epochs.

"lean numpy" is the issue's design of a numpy epoch without a compiler,
written out for this one network (:class:`LeanNumpy`: the inputs copied
once with a column of ones so that the biases ride in the products,
momentum folded into the gradient's product, the L2 term and the step as
``axpy``, about 25 calls a batch): numpy epoch/lean numpy is what skebp's
general numpy path costs against a path specialized to the benchmark's
network.

"numba floor" is the floor's work compiled as the kernel compiles it
(its rows copied by ``memcpy``, its products through the kernel's calls of
numpy's own BLAS): numba floor/floor is what the compiled gather and the
calls cost or gain the kernel, skebp epoch/numba floor what the rest of the
network costs.  "scipy BLAS" is skebp's compiled fit with the kernel on
scipy's BLAS, as it ran before it moved to numpy's (numba's ``np.dot``
calls scipy's OpenBLAS, a second one beside numpy's, which is then held to
one thread): skebp epoch/scipy BLAS epoch is what the move gained.

"skebp epoch" and "numpy epoch" take the fit's set-up out (validation,
input checks, the losses measured before and after training): a fit of one
epoch is timed in the same round, and an epoch is ``(E t_E - t_1) / (E -
1)`` from the per-epoch times ``t_E`` and ``t_1`` of fits of E and 1 epochs.

The contenders are interleaved (``_timing.interleaved``): each round runs
every one once, in rotated order, and the ratios are taken within rounds;
the script prints their median with the minimum and maximum.

Run: python benchmarks/bench_epoch.py [--epochs 5] [--repeats 7]
"""

import functools
import time
from contextlib import nullcontext

import numpy as np
from _timing import (
    blas_kernels,
    epoch_parser,
    epochs_only,
    fixed_epochs,
    interleaved,
    per_epoch,
    ratio,
)
from sklearn.base import clone
from sklearn.neural_network import MLPClassifier

import skebp
from skebp import EBPClassifier

#: The L2 penalty every contender applies (scikit-learn's default).
ALPHA = 1e-4


def gemm_rate(dtype, size=2048, repeats=5):
    """Floating-point operations per second of a square matrix product."""
    rng = np.random.RandomState(0)
    A = rng.normal(size=(size, size)).astype(dtype)
    B = rng.normal(size=(size, size)).astype(dtype)
    A @ B  # warm up
    best = np.inf
    for _ in range(repeats):
        t = time.perf_counter()
        A @ B
        best = min(best, time.perf_counter() - t)
    return 2 * size**3 / best


def floor_buffers(X, hidden, batch_size):
    """The floor's shuffled order, batch buffer, weights, error signal and
    outputs ``(order, Xb, W, D, Z, G)``."""
    rng = np.random.RandomState(0)
    n, d = X.shape
    W = rng.normal(size=(d, hidden)).astype(X.dtype)
    D = rng.normal(size=(batch_size, hidden)).astype(X.dtype)
    Z = np.empty((batch_size, hidden), X.dtype)
    G = np.empty((d, hidden), X.dtype)
    Xb = np.empty((batch_size, d), X.dtype)
    return rng.permutation(n), Xb, W, D, Z, G


def first_layer_floor(X, hidden, batch_size, repeats=1):
    """Seconds per epoch of the work no implementation can skip: gathering
    each shuffled mini-batch (``np.take`` with ``mode="clip"``, which does
    not buffer its output) and the first layer's two matrix products
    (forward X_b W and weight gradient X_b^T D), at numpy's own speed."""
    order, Xb, W, D, Z, G = floor_buffers(X, hidden, batch_size)
    best = np.inf
    for _ in range(repeats):
        t = time.perf_counter()
        for s in range(0, X.shape[0], batch_size):
            np.take(X, order[s : s + batch_size], axis=0, out=Xb, mode="clip")
            np.dot(Xb, W, out=Z)
            np.dot(Xb.T, D, out=G)
        best = min(best, time.perf_counter() - t)
    return best


def numba_floor(X, hidden, batch_size):
    """The floor's work compiled as the kernel does it (rows copied by
    ``memcpy``, the products through the kernel's calls of numpy's BLAS, or
    of scipy's where numpy's does not export its routines, numpy's then
    held to one thread as during a compiled fit): a callable returning its
    seconds per epoch, or None without numba."""
    try:
        import numba

        from skebp._training._compiled import blas_routines, kernel_blas
        from skebp._training._numba_blas import _matmul
        from skebp._training._numba_epoch import _copy_row
    except ImportError:
        return None
    from skebp._compat import numpy_blas_threads

    routines, integer = blas_routines(X.dtype)
    blas = kernel_blas(routines, integer, X.dtype)
    own = integer is np.int64

    @numba.njit
    def epoch(X, order, Xb, W, D, Z, G, blas):
        for s in range(0, X.shape[0], Xb.shape[0]):
            idx = order[s : s + Xb.shape[0]]
            for r in range(idx.size):
                _copy_row(X[idx[r]], Xb[r])
            _matmul(blas, False, False, Xb, W, Z)
            _matmul(blas, True, False, Xb, D, G)

    order, Xb, W, D, Z, G = floor_buffers(X, hidden, batch_size)
    epoch(X, order, Xb, W, D, Z, G, blas)  # compile

    def run():
        with nullcontext() if own else numpy_blas_threads(1):
            t = time.perf_counter()
            epoch(X, order, Xb, W, D, Z, G, blas)
            return time.perf_counter() - t

    return run


class LeanNumpy:
    """The issue's numpy design without a compiler, written out for this one
    network (dense inputs, one ReLU layer, softmax and cross-entropy,
    momentum with L2 on the weights, the loss of every mini-batch): the
    inputs augmented once with a column of ones, so that each layer's bias
    is a row of its weight matrix (``theta`` holds ``[W1; b1]`` then ``[W2;
    b2]``, so no bias add and no bias sum), the velocity formed in the
    gradient's product (BLAS ``gemm`` with ``beta = mu``), the L2 term and
    the step by ``axpy``.  About 25 numpy and BLAS calls a mini-batch
    against skebp's general path's 40 or so: "lean numpy" in the output is
    what a numpy path specialized to this network reaches, beside skebp's.

    ``epoch(order)`` runs one epoch over ``X[order]`` and returns its mean
    mini-batch objective (data term plus penalty).
    """

    def __init__(self, X, Y, hidden, batch_size, lr=0.01, mu=0.9, l2=0.0, seed=0):
        from skebp._blas import _Caller, routines

        n, d = X.shape
        k, dt = Y.shape[1], X.dtype
        self.Xa = np.empty((n, d + 1), dt)
        self.Xa[:, :d], self.Xa[:, d] = X, 1.0
        self.Y, self.lr, self.mu, self.l2 = Y, lr, mu, l2
        rng = np.random.RandomState(seed)
        first = (d + 1) * hidden
        self.theta = (0.05 * rng.normal(size=first + (hidden + 1) * k)).astype(dt)
        self.theta[d * hidden : first] = 0.0  # biases start at 0
        self.theta[first + hidden * k :] = 0.0
        self.velocity = np.zeros_like(self.theta)
        self.W1a = self.theta[:first].reshape(d + 1, hidden)
        self.W2a = self.theta[first:].reshape(hidden + 1, k)
        self.V1a = self.velocity[:first].reshape(d + 1, hidden)
        self.V2a = self.velocity[first:].reshape(hidden + 1, k)
        # the penalized weights (not the biases' rows), flat
        self.W = (self.W1a[:d].reshape(-1), self.W2a[:hidden].reshape(-1))
        self.V = (self.V1a[:d].reshape(-1), self.V2a[:hidden].reshape(-1))
        self.Xb = np.empty((batch_size, d + 1), dt)
        self.Yb = np.empty((batch_size, k), dt)
        self.Z1 = np.empty((batch_size, hidden), dt)
        self.A1a = np.ones((batch_size, hidden + 1), dt)  # its last column: 1
        self.D1 = np.empty_like(self.Z1)
        self.A2 = np.empty((batch_size, k), dt)
        self.top = np.empty((batch_size, 1), dt)
        self.batch_size = batch_size
        self.blas = _Caller(dt, *routines(dt)[:2])

    def epoch(self, order):
        Xa, Y, Xb, Yb, Z1, A1a, D1, A2, top = (
            self.Xa, self.Y, self.Xb, self.Yb, self.Z1, self.A1a, self.D1,
            self.A2, self.top,
        )  # fmt: skip
        W1a, W2a, V1a, V2a, blas = self.W1a, self.W2a, self.V1a, self.V2a, self.blas
        lr, mu, l2, m = self.lr, self.mu, self.l2, self.batch_size
        hidden = Z1.shape[1]
        A1, W2T = A1a[:, :hidden], W2a[:hidden].T
        eps = np.finfo(Xa.dtype).eps
        total = 0.0
        for s in range(0, len(order) - m + 1, m):
            idx = order[s : s + m]
            np.take(Xa, idx, axis=0, out=Xb, mode="clip")
            np.take(Y, idx, axis=0, out=Yb, mode="clip")
            np.dot(Xb, W1a, out=Z1)
            np.maximum(Z1, 0, out=A1)
            np.dot(A1a, W2a, out=A2)
            np.maximum.reduce(A2, axis=1, keepdims=True, out=top)
            np.subtract(A2, top, out=A2)
            np.exp(A2, out=A2)
            np.add.reduce(A2, axis=1, keepdims=True, out=top)
            np.divide(A2, top, out=A2)
            loss = -float(np.vdot(Yb, np.log(np.maximum(A2, eps)))) / m
            loss += 0.5 * l2 * sum(float(np.dot(w, w)) for w in self.W)
            np.subtract(A2, Yb, out=A2)  # the output's error signal
            np.multiply(A2, 1.0 / m, out=A2)
            np.dot(A2, W2T, out=D1)
            blas.gemm_tn(-lr, A1a, A2, mu, V2a)  # v = mu v - lr [A1 1]^T D2
            np.multiply(D1, Z1 > 0, out=D1)
            blas.gemm_tn(-lr, Xb, D1, mu, V1a)
            for w, v in zip(self.W, self.V):
                blas.axpy_(-lr * l2, w, v)
            blas.axpy_(1.0, self.velocity, self.theta)
            total += loss
        return total / (len(order) // m)


def lean_numpy(X, y, hidden, batch_size, epochs):
    """A callable returning the seconds per epoch of :class:`LeanNumpy` on
    ``(X, y)`` with the benchmark's rate, momentum and penalty (None where
    numpy's BLAS routines are not found)."""
    from skebp._blas import routines

    if routines(X.dtype) is None:
        return None
    Y = np.eye(int(y.max()) + 1, dtype=X.dtype)[y]
    lean = LeanNumpy(X, Y, hidden, batch_size, l2=ALPHA / X.shape[0])
    rng = np.random.RandomState(0)
    orders = [rng.permutation(X.shape[0]) for _ in range(epochs)]

    def run():
        t = time.perf_counter()
        for order in orders:
            lean.epoch(order)
        return (time.perf_counter() - t) / epochs

    return run


def on_scipy_blas(function):
    """``function`` (a contender) run with the compiled epoch on scipy's
    BLAS, as it ran before it moved to numpy's (numpy's held to one
    thread): the kernel's gain from the move."""
    from skebp import _blas

    def run():
        found = _blas.addresses
        _blas.addresses = lambda dtype: None
        try:
            return function()
        finally:
            _blas.addresses = found

    return run


def jax_epoch(X, y, hidden, batch_size, epochs):
    """A callable returning the seconds per epoch of the same training in
    JAX, compiled beforehand (None without JAX)."""
    try:
        import jax
    except ImportError:
        return None
    jax.config.update("jax_enable_x64", True)
    import jax.numpy as jnp

    n, d = X.shape
    k = int(y.max()) + 1
    steps = n // batch_size
    rng = np.random.RandomState(0)
    bound = np.sqrt(6.0 / (d + hidden)), np.sqrt(6.0 / (hidden + k))
    params = [
        rng.uniform(-bound[0], bound[0], (d, hidden)),
        np.zeros(hidden),
        rng.uniform(-bound[1], bound[1], (hidden, k)),
        np.zeros(k),
    ]
    params = [jnp.asarray(a, dtype=X.dtype) for a in params]
    velocity = [jnp.zeros_like(a) for a in params]
    Xj, Yj = jnp.asarray(X), jnp.asarray(np.eye(k, dtype=X.dtype)[y])

    def loss(params, xb, yb):
        W1, b1, W2, b2 = params
        logits = jax.nn.relu(xb @ W1 + b1) @ W2 + b2
        penalty = 0.5 * ALPHA / n * (jnp.sum(W1 * W1) + jnp.sum(W2 * W2))
        return -jnp.mean(jnp.sum(yb * jax.nn.log_softmax(logits), axis=1)) + penalty

    # the loss is computed with the gradient, as skebp and scikit-learn do
    value_and_grad = jax.value_and_grad(loss)

    @jax.jit
    def epoch(params, velocity, order):
        batches = order[: steps * batch_size].reshape(steps, batch_size)

        def step(carry, idx):
            params, velocity = carry
            value, g = value_and_grad(params, Xj[idx], Yj[idx])
            velocity = [0.9 * v - 0.01 * gi for v, gi in zip(velocity, g)]
            params = [p + v for p, v in zip(params, velocity)]
            return (params, velocity), value

        (params, velocity), losses = jax.lax.scan(step, (params, velocity), batches)
        return params, velocity, losses.mean()

    orders = [jnp.asarray(rng.permutation(n)) for _ in range(epochs)]
    jax.block_until_ready(epoch(params, velocity, orders[0]))  # compile

    def run():
        t = time.perf_counter()
        state = params, velocity
        for order in orders:
            *state, _ = epoch(*state, order)
        jax.block_until_ready(state)
        return (time.perf_counter() - t) / epochs

    return run


def small_problem(epochs, rounds):
    """The digits with a small network and small batches: skebp (compiled
    and numpy) against scikit-learn."""
    from sklearn.datasets import load_digits

    X, y = load_digits(return_X_y=True)
    X = (X - X.mean(axis=0)) / (X.std(axis=0) + 1e-8)
    common = dict(
        batch_size=32,
        learning_rate_init=0.01,
        momentum=0.9,
        nesterovs_momentum=False,
        alpha=ALPHA,
        **fixed_epochs(epochs),
    )
    ours = EBPClassifier((30,), "relu", solver="momentum", whitening="none", **common)
    theirs = MLPClassifier((30,), solver="sgd", shuffle=True, **common)
    print(
        f"\nsmall: digits {X.shape[0]} x {X.shape[1]}, hidden (30,) relu, batch 32, "
        f"momentum 0.9, {epochs} epochs, float64"
    )
    times = interleaved(
        {
            "skebp": functools.partial(per_epoch, ours, X, y, epochs),
            "numpy": functools.partial(per_epoch, ours, X, y, epochs, False),
            "sklearn": functools.partial(per_epoch, theirs, X, y, epochs),
        },
        rounds=rounds,
    )
    print(
        "  median s/epoch "
        + ", ".join(f"{name} {np.median(t):.4f}" for name, t in times.items())
    )
    for a, b in [("skebp", "numpy"), ("skebp", "sklearn"), ("numpy", "sklearn")]:
        med, lo, hi = ratio(times, a, b)
        print(f"  {a}/{b}: {med:.3f} [{lo:.3f}, {hi:.3f}]")


def main(argv=None):
    parser = epoch_parser(__doc__, epochs=5, repeats=7)
    parser.add_argument("--n-samples", type=int, default=20_000)
    args = parser.parse_args(argv)
    if args.epochs < 2:
        parser.error("--epochs must be at least 2 (an epoch is timed without set-up)")
    rng = np.random.RandomState(0)
    n, d, k, h = args.n_samples, 784, 10, 100
    X = rng.normal(size=(n, d))
    y = (X[:, :k] @ rng.normal(size=(k, k))).argmax(axis=1)
    n_params = d * h + h + h * k + k
    common = fixed_epochs(args.epochs)
    print(
        f"{n} x {d}, {k} classes, hidden (100,) relu, batch 200, momentum 0.9, "
        f"{args.epochs} epochs; {args.repeats} interleaved rounds, ratios: median "
        f"of the per-round ratios [min, max]; OpenBLAS kernels: {blas_kernels()}"
    )
    for dtype in (np.float64, np.float32):
        Xd = X.astype(dtype)
        ours = EBPClassifier(
            (h,),
            "relu",
            solver="momentum",
            batch_size=200,
            whitening="none",
            learning_rate_init=0.01,
            momentum=0.9,
            nesterovs_momentum=False,
            alpha=ALPHA,
            **common,
        )
        theirs = MLPClassifier(
            (h,),
            activation="relu",
            solver="sgd",
            batch_size=200,
            learning_rate_init=0.01,
            momentum=0.9,
            nesterovs_momentum=False,
            shuffle=True,
            alpha=ALPHA,
            **common,
        )
        one = clone(ours).set_params(max_iter=1)
        contenders = {
            "skebp": functools.partial(per_epoch, ours, Xd, y, args.epochs),
            "numpy": functools.partial(per_epoch, ours, Xd, y, args.epochs, False),
            "sklearn": functools.partial(per_epoch, theirs, Xd, y, args.epochs),
            "floor": functools.partial(first_layer_floor, Xd, h, 200),
            # fits of one epoch: their set-up (validation, checks, the first
            # and last sampled losses) is taken out below
            "skebp@1": functools.partial(per_epoch, one, Xd, y, 1),
            "numpy@1": functools.partial(per_epoch, one, Xd, y, 1, False),
        }
        if skebp._blas.addresses(dtype) is not None:
            for name in ("skebp", "skebp@1"):
                contenders[f"scipy BLAS{name[5:]}"] = on_scipy_blas(contenders[name])
        # warm up: numba loads each of the kernel's compiled versions (one
        # per BLAS library's integers) from its cache on first use
        warm = functools.partial(per_epoch, one, Xd[:400], y[:400], 1)
        warm()
        on_scipy_blas(warm)()
        run_jax = jax_epoch(Xd, y, h, 200, args.epochs)
        if run_jax is not None:
            contenders["jax"] = run_jax
        run_lean = lean_numpy(Xd, y, h, 200, args.epochs)
        if run_lean is not None:
            contenders["lean numpy"] = run_lean
        run_numba_floor = numba_floor(Xd, h, 200)
        if run_numba_floor is not None:
            contenders["numba floor"] = run_numba_floor
        times = interleaved(contenders, rounds=args.repeats)
        bound = 6 * n * n_params / gemm_rate(dtype)
        print(
            f"\n{np.dtype(dtype).name}: median s/epoch "
            + ", ".join(f"{name} {np.median(t):.4f}" for name, t in times.items())
            + f"; GEMM bound {bound:.4f}"
        )
        pairs = [
            ("skebp", "sklearn"),
            ("skebp", "floor"),
            ("numpy", "floor"),
            ("skebp", "numpy"),
            ("floor", "sklearn"),
        ]
        if "jax" in times:
            pairs += [("skebp", "jax"), ("jax", "floor")]
        for name in ("skebp", "numpy", "scipy BLAS"):
            if name not in times:
                continue
            times[f"{name} epoch"] = epochs_only(
                times[name], times[f"{name}@1"], args.epochs
            )
        pairs += [("skebp epoch", "floor"), ("numpy epoch", "floor")]
        if "lean numpy" in times:
            pairs += [("lean numpy", "floor"), ("numpy epoch", "lean numpy")]
        if "jax" in times:
            pairs += [("skebp epoch", "jax")]
        if "scipy BLAS" in times:
            pairs += [
                ("scipy BLAS epoch", "floor"),
                ("skebp epoch", "scipy BLAS epoch"),
            ]
        if "numba floor" in times:
            pairs += [("numba floor", "floor"), ("skebp epoch", "numba floor")]
        for a, b in pairs:
            med, lo, hi = ratio(times, a, b)
            print(f"  {a}/{b}: {med:.3f} [{lo:.3f}, {hi:.3f}]")
    small_problem(args.epochs, args.repeats)


if __name__ == "__main__":
    main()
