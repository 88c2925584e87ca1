"""Full-batch solvers: L-BFGS, nonlinear conjugate gradient, Levenberg-Marquardt.

Each sees the flat parameter vector and callables, never an estimator:

``fun(theta) -> (loss, grad)``
    the objective and its gradient over the whole training set;
``gauss_newton(theta) -> (G, grad, loss)``
    (Levenberg-Marquardt only) the generalized Gauss-Newton matrix too;
``callback(theta, loss) -> bool``
    called after every iteration with the new point; True stops the solver
    (early stopping, divergence checks and bookkeeping live there).

``solve`` returns a :class:`SolverResult`.
"""

from dataclasses import dataclass

import numpy as np
import scipy.linalg
import scipy.optimize

from .._memory import check_memory
from .._warnings import warn
from ._declared import DeclaresHyperparameters

#: A conservative rate of the Gauss-Newton build, counted as 2 n K P^2
#: operations (``benchmarks/bench_lm_size.py`` measures 88e9 per second in
#: float64 on two cores), for the warning below and the evidence study's
#: skips (whose committed run it decided); and how long one iteration may
#: take before ``fit`` says so.
LM_FLOPS_PER_SECOND = 2e10
LM_SLOW_ITERATION_SECONDS = 10.0
#: From this many parameters on, Levenberg-Marquardt's Gauss-Newton build
#: (BLAS syrk, P^2 operations per Jacobian row) gets every BLAS thread;
#: below, assembling the Jacobian rows (numpy, one thread, P values per row)
#: costs as much as the syrk, and BLAS's spinning threads slow it down
#: (measured on 2 cores, 50,000 samples, one iteration: 417 parameters 0.38
#: s on one thread, 0.57 s on two; 729: 1.01 s both; 1,041: 1.91 s, 1.74 s;
#: 1,561: 4.01 s, 3.31 s).
LM_THREADED_PARAMS = 1000


@dataclass
class SolverResult:
    """What a full-batch solver returns."""

    theta: np.ndarray
    n_iter: int
    converged: bool
    message: str


class _FullBatch(DeclaresHyperparameters):
    stochastic = False
    #: What the solver needs from the objective, besides ``fun``.
    needs = ()
    #: The estimator hyperparameters every full-batch solver consumes.
    common_hyperparameters = ("max_iter",)

    @classmethod
    def from_params(cls, params):
        """Build the solver from the estimator's ``get_params()``."""
        return cls(max_iter=params["max_iter"], **cls.own_arguments(params))

    def prepare(self, n_params, n_samples, n_outputs):
        """Refuse, before any work, a problem the solver cannot hold."""

    @classmethod
    def blas_flops(cls, n_params, n_samples, n_outputs):
        """Floating-point operations per iteration in matrix products large
        enough to share between BLAS threads: the objective and its
        gradient, about 6 n P."""
        return 6.0 * n_samples * n_params


class _ScipyMinimizer(_FullBatch):
    method = None

    hyperparameters = {"tol": "tol"}

    def __init__(self, *, max_iter, tol, max_fun=15000):
        self.max_iter, self.tol, self.max_fun = max_iter, tol, max_fun

    def _options(self):
        return {"maxiter": self.max_iter, "gtol": self.tol}

    def solve(self, theta, fun, callback):
        stopped = []

        def scipy_callback(intermediate_result):
            if callback(intermediate_result.x, float(intermediate_result.fun)):
                stopped.append(True)
                raise StopIteration

        result = scipy.optimize.minimize(
            fun,
            theta,
            method=self.method,
            jac=True,
            callback=scipy_callback,
            options=self._options(),
        )
        converged = bool(result.success) or bool(stopped)
        return SolverResult(result.x, int(result.nit), converged, str(result.message))


class LBFGS(_ScipyMinimizer):
    """scipy's L-BFGS-B on the flat vector; ``tol`` is its ``gtol``,
    ``max_fun`` bounds the function evaluations."""

    name = "lbfgs"
    method = "L-BFGS-B"
    hyperparameters = {"tol": "tol", "max_fun": "max_fun"}

    def _options(self):
        return {**super()._options(), "maxfun": self.max_fun}


class ConjugateGradient(_ScipyMinimizer):
    """scipy's nonlinear conjugate gradient: Polak-Ribiere directions with a
    Wolfe line search, restarting along the gradient when the direction is
    not a descent direction; ``tol`` is its ``gtol``."""

    name = "cg"
    method = "CG"


class LevenbergMarquardt(_FullBatch):
    """Levenberg-Marquardt: Gauss-Newton steps with an adaptive damping.

    Each iteration solves ``(G + mu I) step = grad`` by a Cholesky
    factorization (G the generalized Gauss-Newton matrix, positive
    semi-definite).  Two damping rules:

    ``"nielsen"`` (default)
        Nielsen's gain-ratio rule (Madsen, Nielsen and Tingleff, 2004,
        algorithm 3.16): ``mu`` starts at ``mu`` times the largest diagonal
        entry of G; after a step, ``rho`` is the actual decrease of the loss
        over the one the quadratic model predicts, ``step . (mu step +
        grad) / 2``; a step with ``rho > 0`` is taken and ``mu`` scaled by
        ``max(1/3, 1 - (2 rho - 1)^3)`` (down when the model is good, up when
        it is poor), else ``mu`` is multiplied by ``nu``, which doubles at
        each rejection in a row.  It converges in far fewer iterations than
        the fixed factors near a minimum.
    ``"trainlm"``
        MATLAB ``trainlm``'s rule: ``mu`` starts at ``mu``; a step that does
        not lower the loss is rejected and retried with ``mu * mu_inc``; an
        accepted one sets ``mu * mu_dec``.

    It stops at ``max_iter``, when ``mu > mu_max``, when the gradient's
    largest entry is below ``min_grad``, or when ``callback`` says so.  An L2
    penalty is the objective's business: it is already in G, the gradient
    and the loss that ``gauss_newton`` returns.
    """

    name = "levenberg_marquardt"
    needs = ("gauss_newton", "objective")
    hyperparameters = {
        "mu": "lm_mu",
        "mu_inc": "lm_mu_inc",
        "mu_dec": "lm_mu_dec",
        "mu_max": "lm_mu_max",
        "damping": "lm_damping",
    }

    def __init__(
        self,
        *,
        max_iter,
        mu=1e-3,
        mu_inc=10.0,
        mu_dec=0.1,
        mu_max=1e10,
        damping="nielsen",
        min_grad=1e-10,
    ):
        self.max_iter = max_iter
        self.mu, self.mu_inc, self.mu_dec, self.mu_max = mu, mu_inc, mu_dec, mu_max
        self.damping = damping
        self.min_grad = min_grad

    @staticmethod
    def iteration_cost(n_params, n_samples, n_outputs):
        """``(flops, seconds)`` of one iteration: building G is 2 n K P^2
        operations, its Cholesky factor P^3 / 3."""
        flops = 2.0 * n_samples * n_outputs * n_params**2 + n_params**3 / 3.0
        return flops, flops / LM_FLOPS_PER_SECOND

    @classmethod
    def blas_flops(cls, n_params, n_samples, n_outputs):
        """The Gauss-Newton build and factorization (:meth:`iteration_cost`)
        from ``LM_THREADED_PARAMS`` parameters on; below, as a gradient."""
        if n_params < LM_THREADED_PARAMS:
            return super().blas_flops(n_params, n_samples, n_outputs)
        return cls.iteration_cost(n_params, n_samples, n_outputs)[0]

    def prepare(self, n_params, n_samples, n_outputs):
        """Refuse, before any work, Gauss-Newton matrices that cannot fit;
        warn when one iteration will take long."""
        flops, seconds = self.iteration_cost(n_params, n_samples, n_outputs)
        if seconds > LM_SLOW_ITERATION_SECONDS:
            warn(
                f"solver='levenberg_marquardt': one iteration on {n_samples} "
                f"samples x {n_outputs} outputs with {n_params} parameters is "
                f"about {flops:.2g} floating-point operations, up to about "
                f"{seconds:.0f} s on two cores; solver='lbfgs' or 'cg' are much "
                "faster per iteration at this size."
            )
        # Alive at once: G, the Cholesky factor, the next iteration's G
        # while the old one is still referenced, and (float32 networks) the
        # chunk's J^T J in float32 before it is added: at most four.
        check_memory(
            4 * n_params**2 * 8,
            f"solver='levenberg_marquardt' on this network of {n_params} "
            f"parameters (four {n_params} x {n_params} float64 matrices)",
            "use solver='lbfgs' or 'cg', or a smaller network",
        )

    def solve(self, theta, fun, callback, gauss_newton, objective=None):
        """Levenberg-Marquardt from ``theta``; a trial step needs only the
        objective, which ``objective(theta)`` (when given) computes without
        the gradient."""
        if objective is None:
            objective = lambda x: fun(x)[0]  # noqa: E731
        theta = theta.copy()
        G, grad, loss = gauss_newton(theta)
        damped = _DampedSolve(G)
        nielsen = self.damping == "nielsen"
        mu = self.mu * (max(float(np.max(np.diag(G))), 1e-300) if nielsen else 1.0)
        nu = 2.0
        n_iter = 0
        while n_iter < self.max_iter:
            if np.max(np.abs(grad)) < self.min_grad:
                return SolverResult(theta, n_iter, True, "gradient below min_grad")
            diag = np.diag(G).copy()
            while True:
                if mu > self.mu_max:
                    return SolverResult(
                        theta, n_iter, True, f"mu exceeded mu_max={self.mu_max:g}"
                    )
                step = damped(G, diag, mu, grad)
                if step is not None:
                    candidate = theta - step
                    new_loss = objective(candidate)
                    if nielsen:
                        predicted = 0.5 * float(step @ (mu * step + grad))
                        rho = (loss - new_loss) / predicted if predicted > 0 else -1.0
                        if np.isfinite(new_loss) and rho > 0:
                            mu *= max(1.0 / 3.0, 1.0 - (2.0 * rho - 1.0) ** 3)
                            nu = 2.0
                            break
                    elif np.isfinite(new_loss) and new_loss < loss:
                        mu *= self.mu_dec
                        break
                if nielsen:
                    mu *= nu
                    nu *= 2.0
                else:
                    mu *= self.mu_inc
            theta = candidate
            n_iter += 1
            G, grad, loss = gauss_newton(theta)
            if callback(theta, loss):
                return SolverResult(theta, n_iter, True, "stopped by the callback")
        return SolverResult(theta, n_iter, False, "max_iter reached")


class _DampedSolve:
    """``solve(G, diag, mu, grad)``: ``(G + mu I)^-1 grad``, or None when the
    damped matrix is not positive definite (more damping is needed).  Only
    ``G``'s upper triangle is read (the objective builds only that one);
    its diagonal is overwritten with ``diag + mu``.

    LAPACK's Cholesky factorization and solve (``potrf``, ``potrs``) are
    called directly: on the small networks Levenberg-Marquardt is for,
    ``scipy.linalg.cho_factor`` / ``cho_solve``'s argument checks took a
    tenth of an iteration.
    """

    def __init__(self, G):
        self.potrf, self.potrs = scipy.linalg.lapack.get_lapack_funcs(
            ("potrf", "potrs"), (G,)
        )
        self.diagonal = np.diag_indices_from(G)

    def __call__(self, G, diag, mu, grad):
        G[self.diagonal] = diag + mu
        factor, info = self.potrf(G, lower=0, overwrite_a=0, clean=0)
        if info != 0:
            return None
        step, info = self.potrs(factor, grad, lower=0)
        return step if info == 0 else None
