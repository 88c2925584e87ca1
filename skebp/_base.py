"""Shared estimator logic: validate -> encode targets -> whiten -> init -> solve.

The subclasses in ``_estimators`` only say how targets are encoded and
decoded (labels or real values) and how the validation split is scored.
"""

import numbers
import os
import time
import warnings
from abc import ABCMeta, abstractmethod

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.utils import check_random_state
from sklearn.utils.validation import (
    _check_sample_weight,
    check_is_fitted,
    validate_data,
)

from . import _rbf
from ._activations import ACTIVATIONS
from ._compat import Interval, StrOptions, blas_threads
from ._curvature import DiagonalLevenbergMarquardt, estimate_lambda_max
from ._network import INITS, Network
from ._normalization import NORMALIZATIONS
from ._order import MODES, presentation_order
from ._solvers import SCHEDULES, SOLVERS, OnlineSGD, augment
from ._whitening import InputWhitener

#: Bytes one row block of the Jacobian may take in Levenberg-Marquardt.
JACOBIAN_CHUNK_BYTES = 64 * 2**20
#: Full-batch evaluations of fewer floating-point operations than this run
#: BLAS on one thread: between two evaluations the solver's own work lets
#: BLAS's worker threads fall asleep, and waking them costs more than they
#: save on small products (measured: L-BFGS on digits 2.5 ms per iteration
#: on one thread, 8 ms on two).
SINGLE_THREAD_FLOPS = 1e9

#: Accepted ``whitening`` values: "none" or an InputWhitener method.
WHITENINGS = ("none", "center", "standardize", "pca", "zca")
#: Rows per chunk in predict: bounds the memory of a prediction.
PREDICT_CHUNK = 4096
#: Training rows that k-means sees when it places radial units.
RBF_INIT_SAMPLES = 1000
#: ``learning_rate_init="auto"`` lowers its rate during training only to
#: a new estimate below this fraction of it (estimates vary by a few %).
AUTO_LOWER_MARGIN = 0.9
#: ... after two epochs in a row each raising the loss by more than this
#: fraction (not rounding at convergence).
AUTO_RISE = 1e-3
#: Accepted ``per_weight_rates`` values.
PER_WEIGHT_RATES = ("none", "fan_in", "sdlm")
#: An epoch loss this many times the first epoch's (or than 1, if larger)
#: means the fit diverges, even while the numbers are still finite: a rate
#: above 2 / lambda_max grows the loss geometrically, slowly when just above.
DIVERGENCE_GROWTH = 1e6
#: Training stopped by ``n_iter_no_change`` with a loss that rose at every
#: epoch of the window to this many times the first epoch's also diverged.
DIVERGENCE_RISE = 10.0


class DivergenceError(ValueError, FloatingPointError):
    """Training diverged: a mini-batch loss or the weights are not finite.

    Raised by ``fit`` and ``partial_fit`` of :class:`EBPClassifier` and
    :class:`EBPRegressor` at the first non-finite loss, instead of running on
    with NaN weights; the message names the parameters to change.  A
    subclass of ``ValueError`` (and of ``FloatingPointError``).

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from skebp import DivergenceError, EBPRegressor
    >>> X, y = load_iris(return_X_y=True)
    >>> reg = EBPRegressor((10,), "relu", learning_rate_init=1000.0, random_state=0)
    >>> try:
    ...     reg.fit(X, y)
    ... except DivergenceError:
    ...     print("diverged")
    diverged
    """


class _BaseEBP(BaseEstimator, metaclass=ABCMeta):
    """Base class of EBPClassifier and EBPRegressor (not public)."""

    _parameter_constraints = {
        "hidden_layer_sizes": [
            "array-like",
            Interval(numbers.Integral, 1, None, closed="left"),
        ],
        "activation": [StrOptions(set(ACTIVATIONS)), tuple, list],
        "solver": [StrOptions(set(SOLVERS))],
        "batch_size": [
            StrOptions({"auto"}),
            Interval(numbers.Integral, 1, None, closed="left"),
        ],
        "batch_growth": [Interval(numbers.Real, 1, None, closed="left")],
        "shuffle": [StrOptions(set(MODES)), "boolean"],
        "max_emphasis": [Interval(numbers.Real, 1, None, closed="left")],
        "whitening": [StrOptions(set(WHITENINGS))],
        "init": [StrOptions(set(INITS))],
        "init_scale": [Interval(numbers.Real, 0, None, closed="neither")],
        "learning_rate_init": [
            Interval(numbers.Real, 0, None, closed="neither"),
            StrOptions({"auto"}),
        ],
        "learning_rate": [StrOptions(set(SCHEDULES))],
        "power_t": [Interval(numbers.Real, 0, None, closed="left")],
        "per_weight_rates": [StrOptions(set(PER_WEIGHT_RATES))],
        "sdlm_mu": [Interval(numbers.Real, 0, None, closed="neither")],
        "normalization": [StrOptions(set(NORMALIZATIONS))],
        "max_fun": [Interval(numbers.Integral, 1, None, closed="left")],
        "lm_mu": [Interval(numbers.Real, 0, None, closed="neither")],
        "lm_mu_inc": [Interval(numbers.Real, 1, None, closed="neither")],
        "lm_mu_dec": [Interval(numbers.Real, 0, 1, closed="neither")],
        "lm_mu_max": [Interval(numbers.Real, 0, None, closed="neither")],
        "momentum": [Interval(numbers.Real, 0, 1, closed="both")],
        "nesterovs_momentum": ["boolean"],
        "beta_1": [Interval(numbers.Real, 0, 1, closed="left")],
        "beta_2": [Interval(numbers.Real, 0, 1, closed="left")],
        "epsilon": [Interval(numbers.Real, 0, None, closed="neither")],
        "alpha": [Interval(numbers.Real, 0, None, closed="left")],
        "max_iter": [Interval(numbers.Integral, 1, None, closed="left")],
        "tol": [Interval(numbers.Real, 0, None, closed="left")],
        "n_iter_no_change": [Interval(numbers.Integral, 1, None, closed="left")],
        "early_stopping": ["boolean"],
        "validation_fraction": [Interval(numbers.Real, 0, 1, closed="neither")],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
        "warm_start": ["boolean"],
    }

    @abstractmethod
    def __init__(
        self,
        hidden_layer_sizes,
        activation,
        *,
        solver,
        batch_size,
        batch_growth,
        shuffle,
        max_emphasis,
        whitening,
        init,
        init_scale,
        learning_rate_init,
        learning_rate,
        power_t,
        per_weight_rates,
        sdlm_mu,
        max_fun,
        lm_mu,
        lm_mu_inc,
        lm_mu_dec,
        lm_mu_max,
        normalization,
        momentum,
        nesterovs_momentum,
        beta_1,
        beta_2,
        epsilon,
        alpha,
        max_iter,
        tol,
        n_iter_no_change,
        early_stopping,
        validation_fraction,
        random_state,
        verbose,
        warm_start,
    ):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.solver = solver
        self.batch_size = batch_size
        self.batch_growth = batch_growth
        self.shuffle = shuffle
        self.max_emphasis = max_emphasis
        self.whitening = whitening
        self.init = init
        self.init_scale = init_scale
        self.learning_rate_init = learning_rate_init
        self.learning_rate = learning_rate
        self.power_t = power_t
        self.per_weight_rates = per_weight_rates
        self.sdlm_mu = sdlm_mu
        self.max_fun = max_fun
        self.lm_mu = lm_mu
        self.lm_mu_inc = lm_mu_inc
        self.lm_mu_dec = lm_mu_dec
        self.lm_mu_max = lm_mu_max
        self.normalization = normalization
        self.momentum = momentum
        self.nesterovs_momentum = nesterovs_momentum
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.alpha = alpha
        self.max_iter = max_iter
        self.tol = tol
        self.n_iter_no_change = n_iter_no_change
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.random_state = random_state
        self.verbose = verbose
        self.warm_start = warm_start

    # ------------------------------------------------------------------
    # Hooks of the subclasses
    @abstractmethod
    def _encode_targets(self, y, sample_weight, reset, incremental):
        """Return ``Y`` (2-d) and set the target bookkeeping."""

    @abstractmethod
    def _output(self):
        """Return ``(out_activation, loss_name)``."""

    @abstractmethod
    def _score_outputs(self, A, Y, sample_weight):
        """Validation score of network outputs ``A`` against encoded ``Y``."""

    def _class_labels(self, y):
        """Class labels to alternate and stratify on; None for regression."""
        return None

    # ------------------------------------------------------------------
    # Resolved parameters
    def _hidden_sizes(self):
        sizes = self.hidden_layer_sizes
        sizes = [sizes] if isinstance(sizes, numbers.Integral) else list(sizes)
        for s in sizes:
            if not isinstance(s, numbers.Integral) or isinstance(s, bool) or s < 1:
                raise ValueError(
                    "hidden_layer_sizes must hold positive integers; got "
                    f"{self.hidden_layer_sizes!r}."
                )
        return [int(s) for s in sizes]

    def _hidden_activations(self, n_hidden):
        act = self.activation
        if isinstance(act, str):
            return [act] * n_hidden
        act = list(act)
        if len(act) != n_hidden:
            raise ValueError(
                f"activation has {len(act)} entries but hidden_layer_sizes "
                f"{self.hidden_layer_sizes!r} has {n_hidden} hidden layers; give "
                "one activation per hidden layer, or a single string."
            )
        for a in act:
            if a not in ACTIVATIONS:
                raise ValueError(
                    f"activation entries must be among {sorted(ACTIVATIONS)}; "
                    f"got {a!r}."
                )
        return act

    def _shuffle_mode(self):
        if self.shuffle is True:
            return "random"
        if self.shuffle is False:
            return "none"
        return self.shuffle

    def _build_network(self, n_features, n_outputs):
        hidden = self._hidden_sizes()
        out_activation, loss = self._output()
        activations = self._hidden_activations(len(hidden)) + [out_activation]
        return Network(
            [n_features, *hidden, n_outputs], activations, loss, self.normalization
        )

    # ------------------------------------------------------------------
    # Fitted parameters: views into the one flat vector ``_theta``
    @property
    def coefs_(self):
        """Weight matrices (fan_in, fan_out): views into the parameter vector."""
        if not hasattr(self, "_theta"):
            raise AttributeError("coefs_ is set by fit")
        return self._network.unpack(self._theta)[0]

    @property
    def intercepts_(self):
        """Bias vectors: views into the flat parameter vector."""
        if not hasattr(self, "_theta"):
            raise AttributeError("intercepts_ is set by fit")
        return self._network.unpack(self._theta)[1]

    # ------------------------------------------------------------------
    def _fit(self, X, y, sample_weight, incremental):
        fitted = hasattr(self, "_theta")
        reset = not (fitted and (incremental or self.warm_start))
        X, y = validate_data(
            self,
            X,
            y,
            accept_sparse=("csr", "csc"),
            dtype=(np.float64, np.float32),
            order="C",
            multi_output=True,
            y_numeric=self._y_numeric,
            reset=reset,
        )
        if sp.issparse(X):
            X = X.tocsr()
        dtype = X.dtype
        if sample_weight is not None:
            sample_weight = _check_sample_weight(
                sample_weight, X, dtype=dtype, ensure_non_negative=True
            )
            # A sample of weight zero is a sample removed: drop it up front.
            keep = sample_weight > 0
            if not keep.any():
                raise ValueError("sample_weight must have a positive sum.")
            if not keep.all():
                X, y, sample_weight = X[keep], y[keep], sample_weight[keep]
        Y = np.asarray(
            self._encode_targets(y, sample_weight, reset, incremental), dtype=dtype
        )
        labels = self._class_labels(y)
        if self._shuffle_mode() == "class_alternate" and labels is None:
            raise ValueError(
                f"shuffle='class_alternate' needs class labels; {type(self).__name__} "
                "has none. Use 'random', 'emphasize' or 'none'."
            )
        if incremental and self.early_stopping:
            raise ValueError("partial_fit does not support early_stopping=True.")
        self._check_parameter_combinations()

        # One generator per fit; partial_fit goes on with the one of the first call.
        if incremental and not reset:
            rng = self._random_state
        else:
            rng = self._random_state = check_random_state(self.random_state)

        # Validation split before whitening: the statistics see training rows only.
        X_val = Y_val = sw_val = None
        if self.early_stopping:
            if np.ceil(self.validation_fraction * X.shape[0]) < 2:
                raise ValueError(
                    "The validation set is too small. Increase 'validation_fraction' "
                    "or the size of your dataset."
                )
            # As scikit-learn: stratified for single-output classification.
            stratify = labels if labels is not None and labels.ndim == 1 else None
            arrays = [X, Y] + [a for a in (labels, sample_weight) if a is not None]
            split = train_test_split(
                *arrays,
                test_size=self.validation_fraction,
                random_state=rng,
                stratify=stratify,
            )
            X, X_val, Y, Y_val = split[:4]
            rest = split[4:]
            if labels is not None:
                labels, rest = rest[0], rest[2:]
            if sample_weight is not None:
                sample_weight, sw_val = rest

        if reset:
            if self.whitening == "none":
                self.whitener_ = None
            else:
                self.whitener_ = InputWhitener(self.whitening)._fit_arrays(
                    X, sample_weight
                )
        if self.whitener_ is not None and not sp.issparse(X):
            X = self.whitener_._transform_dense(X)
            if X_val is not None:
                X_val = self.whitener_._transform_dense(X_val)
        elif X_val is not None and self.whitener_ is not None:
            X_val = self.whitener_._transform_dense(X_val)

        if reset:
            self._network = self._build_network(self.n_features_in_, Y.shape[1])
            self._theta = self._network.init_params(
                rng, self.init, self.init_scale, dtype
            )
            self._place_radial_units(X, sample_weight, rng)
            self.n_iter_ = 0
            self.t_ = 0
            self.loss_curve_ = []
            self._no_improvement_count = 0
            self._optimizer = None
            self._lambda_psi = None
            if self.learning_rate_init != "auto" and hasattr(self, "lambda_max_"):
                del self.lambda_max_
        else:
            self._check_warm_start_compatible(Y.shape[1])
            if self._theta.dtype != dtype:
                self._theta = self._theta.astype(dtype)
                self._optimizer = None
            if not incremental:
                self._no_improvement_count = 0
        self.n_outputs_ = Y.shape[1]
        self.n_layers_ = self._network.n_layers + 1
        self.out_activation_ = self._network.activations[-1]
        if self.early_stopping:
            self.validation_scores_ = []
            self.best_validation_score_ = -np.inf
            self.best_loss_ = None
        else:
            self.validation_scores_ = None
            self.best_validation_score_ = None
            if reset or not incremental:
                self.best_loss_ = np.inf

        if not incremental:
            self.n_iter_ = 0
        # Overflow is caught by the finiteness checks, with a clear error.
        with np.errstate(over="ignore", invalid="ignore"):
            if SOLVERS[self.solver].stochastic:
                self._fit_stochastic(
                    X, Y, sample_weight, labels, X_val, Y_val, sw_val, incremental, rng
                )
            else:
                self._fit_full_batch(X, Y, sample_weight, X_val, Y_val, sw_val)
        return self

    def _place_radial_units(self, X, sample_weight, rng):
        """Centers of each ``"rbf"`` layer by k-means on that layer's inputs
        (the training rows, up to ``RBF_INIT_SAMPLES`` of them at random,
        through the layers below as initialized), widths from the distances
        between centers (``_rbf.place_centers``)."""
        net = self._network
        if not any(net.rbf):
            return
        n = X.shape[0]
        rows = rng.permutation(n)[:RBF_INIT_SAMPLES] if n > RBF_INIT_SAMPLES else None
        sample = X if rows is None else X[rows]
        weights = sample_weight
        if weights is not None and rows is not None:
            weights = weights[rows]
        if sp.issparse(sample) and self.whitener_ is not None:
            sample = self.whitener_._transform_dense(sample)
        coefs, intercepts = net.unpack(self._theta)
        ws = net.workspace(sample.shape[0], self._theta.dtype)
        for i, rbf in enumerate(net.rbf):
            if not rbf:
                continue
            if i > 0:
                net.forward(self._theta, sample, ws, train=True)
            inputs = sample if i == 0 else ws.A[i - 1][: sample.shape[0]]
            centers, log_widths = _rbf.place_centers(
                inputs, coefs[i].shape[1], rng, weights
            )
            coefs[i][...] = centers
            intercepts[i][...] = log_widths

    def _check_warm_start_compatible(self, n_outputs):
        expected = self._build_network(self.n_features_in_, n_outputs)
        if (
            expected.layer_sizes != self._network.layer_sizes
            or expected.activations != self._network.activations
            or expected.normalization != self._network.normalization
        ):
            raise ValueError(
                "warm_start/partial_fit need the same network as the previous fit: "
                f"it had layers {self._network.layer_sizes} with activations "
                f"{self._network.activations} and normalization "
                f"{self._network.normalization!r}, the current parameters give "
                f"{expected.layer_sizes} with {expected.activations} and "
                f"{expected.normalization!r}. Set "
                "warm_start=False to train a new network."
            )

    def _check_parameter_combinations(self):
        """Refuse the parameter combinations that cannot work, saying why."""
        if self.normalization == "batch":
            if not SOLVERS[self.solver].stochastic:
                raise ValueError(
                    f"normalization='batch' needs a mini-batch solver ('sgd', "
                    f"'momentum' or 'adam'), not solver={self.solver!r}: it "
                    "normalizes with each mini-batch's statistics, which a "
                    "full-batch solver does not have (and Levenberg-Marquardt's "
                    "per-sample Jacobian does not exist when samples share "
                    "statistics). Use normalization='layer'."
                )
            if self.batch_size == 1:
                raise ValueError(
                    "normalization='batch' needs batch_size > 1: a one-sample "
                    "batch has zero variance, so every unit would output its "
                    "shift. Use normalization='layer' for on-line learning."
                )
        if self.solver != "adam":
            return
        if self.per_weight_rates != "none":
            raise ValueError(
                f"per_weight_rates={self.per_weight_rates!r} needs solver='sgd' or "
                "'momentum': Adam divides every step by its own running gradient "
                "size, which cancels per-weight rates. Use per_weight_rates='none' "
                "with solver='adam'."
            )
        if self.learning_rate_init == "auto":
            raise ValueError(
                "learning_rate_init='auto' (eta = 1 / lambda_max) needs solver='sgd' "
                "or 'momentum': Adam's normalized steps have no Hessian-based rate. "
                "Give solver='adam' a float learning_rate_init."
            )

    def _sampler(self, X, Y, sample_weight, rng):
        """``sample(size)``: a random float64 batch, whitened, drawn with
        replacement, for the curvature estimates."""
        whitener = self.whitener_ if sp.issparse(X) else None
        n = X.shape[0]

        def sample(size):
            idx = rng.randint(n, size=size)
            Xs = X[idx]
            if whitener is not None:
                Xs = whitener._transform_dense(Xs)
            sw = None if sample_weight is None else sample_weight[idx]
            return (
                Xs.astype(np.float64),
                Y[idx].astype(np.float64),
                None if sw is None else sw.astype(np.float64),
            )

        return sample

    def _fan_in_rates(self, dtype):
        """Rate multipliers ``1 / sqrt(fan_in)`` on each layer's weights and
        biases (1 on normalization scales and shifts)."""
        net = self._network
        rates = np.ones(net.n_params, dtype=dtype)
        for c, b, fan_in in zip(
            net.coef_slices, net.intercept_slices, net.layer_sizes[:-1]
        ):
            rates[c.start : b.stop] = fan_in**-0.5
        return rates

    def _start_rates(self, optimizer, sample, l2, mean_weight, rng, batch_size, n):
        """The initial global rate and the schedule that moves it.

        With ``learning_rate_init="auto"``: ``eta = 1 / (lambda_max + tr(R H)
        (1 / b - 1 / n))`` for mini-batches of ``b`` of ``n`` samples.  The
        trace term is the mean-square stability bound of stochastic (LMS)
        updates: the spread of a batch's Hessian about ``H`` grows the error
        along the top eigenvector by ``eta^2 lambda tr(H) / b`` per step
        (Gaussian inputs), so ``eta < 2 / (lambda_max + tr(H) / b)``, with
        the finite-population factor ``1 / b - 1 / n``; it vanishes for
        full-batch steps, where the paper's ``1 / lambda_max`` is exact.
        ``tr(R H)`` is the Gauss-Newton diagonal's (SDLM's, when used)
        weighted by the per-weight rates.
        """
        if self.learning_rate_init == "auto":
            optimizer.learning_rate, self.lambda_max_ = self._auto_rate(
                optimizer, sample, l2, mean_weight, rng, batch_size, n
            )
        schedule = SCHEDULES[self.learning_rate](
            optimizer.learning_rate,
            self._network.n_params,
            self._theta.dtype,
            power_t=self.power_t,
        )
        optimizer.schedule = schedule if schedule.per_step else None
        self._schedule = schedule

    def _auto_rate(self, optimizer, sample, l2, mean_weight, rng, batch_size, n):
        """``(1 / (lambda_max + tr(R H) (1/b - 1/n)), lambda_max)`` at the
        current weights (see :meth:`_start_rates`).  A previous estimate's
        vector starts the power method."""
        lam, self._lambda_psi = estimate_lambda_max(
            self._network,
            self._theta,
            sample,
            l2,
            mean_weight,
            rng,
            rates=optimizer.rates,
            psi=getattr(self, "_lambda_psi", None),
        )
        if not (np.isfinite(lam) and lam > 0):
            raise ValueError(
                "learning_rate_init='auto' could not estimate lambda_max (got "
                f"{lam}): the network's curvature at these weights is zero or not "
                "finite. Give learning_rate_init a float."
            )
        lambda_max = lam
        noise = 1.0 / batch_size - 1.0 / n
        if noise > 0:
            if self._sdlm is not None:
                h = self._sdlm.h
            else:
                h = (
                    DiagonalLevenbergMarquardt(self._network, 1.0)
                    .update(self._theta, sample, l2, mean_weight, n)
                    .h
                )
            rates = 1.0 if optimizer.rates is None else optimizer.rates
            lam += float(np.sum(rates * h)) * noise
        return 1.0 / lam, lambda_max

    def _lower_auto_rate(self, optimizer, sample, l2, mean_weight, rng, batch_size, n):
        """With ``learning_rate_init="auto"``, after two epochs in a row that
        raised the loss: estimate lambda_max again at the current weights
        (the curvature grows during training, e.g. when radial units narrow)
        and lower the rate if the new estimate is more than 10 % lower."""
        curve = self.loss_curve_
        rise = 1.0 + AUTO_RISE
        if not (len(curve) >= 3 and curve[-3] * rise < curve[-2] < curve[-1] / rise):
            return
        base = self._schedule.eta0
        rate, lam = self._auto_rate(
            optimizer, sample, l2, mean_weight, rng, batch_size, n
        )
        if rate < AUTO_LOWER_MARGIN * base:  # not for the estimate's own noise
            self.lambda_max_ = lam
            optimizer.learning_rate *= rate / base
            self._schedule.rescale(rate / base)

    def _layer_rates(self, optimizer):
        """Effective rate of each layer: the global rate times the mean
        per-weight multiplier over the layer's weights and biases."""
        net, lr, rates = self._network, optimizer.learning_rate, optimizer.rates
        return [
            lr if rates is None else lr * float(rates[c.start : b.stop].mean())
            for c, b in zip(net.coef_slices, net.intercept_slices)
        ]

    def _make_optimizer(self, dtype):
        solver = SOLVERS[self.solver]
        params = {}
        if self.solver == "momentum":
            params = {"momentum": self.momentum, "nesterov": self.nesterovs_momentum}
        elif self.solver == "adam":
            params = {
                "beta_1": self.beta_1,
                "beta_2": self.beta_2,
                "epsilon": self.epsilon,
            }
        lr = 1.0 if self.learning_rate_init == "auto" else self.learning_rate_init
        return solver(self._network.n_params, dtype, lr, **params)

    def _resolve_batch_size(self, n_samples):
        if self.batch_size == "auto":
            return min(200, n_samples)
        if self.batch_size > n_samples:
            warnings.warn(
                f"batch_size={self.batch_size} is larger than the number of "
                f"training samples ({n_samples}); it is clipped to {n_samples}.",
                stacklevel=4,
            )
        return min(self.batch_size, n_samples)

    def _fit_stochastic(
        self, X, Y, sample_weight, labels, X_val, Y_val, sw_val, incremental, rng
    ):
        net, theta, dtype = self._network, self._theta, self._theta.dtype
        n_samples = X.shape[0]
        fresh = self._optimizer is None or not incremental
        if fresh:
            self._optimizer = self._make_optimizer(dtype)
            if self.per_weight_rates == "fan_in":
                self._optimizer.rates = self._fan_in_rates(dtype)
            self._sdlm = (
                DiagonalLevenbergMarquardt(net, self.sdlm_mu)
                if self.per_weight_rates == "sdlm"
                else None
            )
        optimizer = self._optimizer
        total_weight = float(
            n_samples if sample_weight is None else sample_weight.sum()
        )
        if not total_weight > 0:
            raise ValueError("sample_weight must have a positive sum.")
        mean_weight = total_weight / n_samples
        l2 = self.alpha / total_weight
        mode = self._shuffle_mode()
        batch_size = self._resolve_batch_size(n_samples)
        n_epochs = 1 if incremental else self.max_iter
        max_batch = min(
            n_samples, int(np.ceil(batch_size * self.batch_growth ** (n_epochs - 1)))
        )
        ws = net.workspace(max_batch, dtype)
        grad = np.empty_like(theta)
        dense = not sp.issparse(X)
        if dense:
            Xb_buf = np.empty((max_batch, X.shape[1]), dtype=dtype)
        Yb_buf = np.empty((max_batch, Y.shape[1]), dtype=dtype)
        errors = np.zeros(n_samples) if mode == "emphasize" else None
        batch_losses = np.empty(max_batch, dtype=dtype) if errors is not None else None
        have_errors = False
        whitener = self.whitener_ if not dense else None
        sample = self._sampler(X, Y, sample_weight, rng)
        # Efficient BackProp's on-line mode gets the fused one-sample kernel
        # (whose rate can change between epochs, not between steps).
        online = None
        if (
            self.solver == "sgd"
            and batch_size == 1
            and dense
            and not SCHEDULES[self.learning_rate].per_step
            and OnlineSGD.supports(net)
        ):
            online = OnlineSGD(net, dtype)
            online.Xa = augment(X)
            online.outputs = np.empty((n_samples, Y.shape[1]), dtype=dtype)

        try:
            for epoch in range(n_epochs):
                t0 = time.perf_counter()
                if self._sdlm is not None:
                    self._sdlm.update(theta, sample, l2, mean_weight, n_samples)
                    optimizer.rates = self._sdlm.rates(dtype)
                if fresh and epoch == 0:
                    self._start_rates(
                        optimizer, sample, l2, mean_weight, rng, batch_size, n_samples
                    )
                order = presentation_order(
                    labels if mode == "class_alternate" else n_samples,
                    mode=mode,
                    random_state=rng,
                    errors=errors if have_errors else None,
                    max_emphasis=self.max_emphasis,
                )
                contiguous = mode == "none"
                bs = min(n_samples, int(batch_size * self.batch_growth**epoch))
                if bs == 1 and online is not None:
                    self.loss_ = self._online_epoch(
                        online, X, Y, order, sample_weight, mean_weight, l2, errors
                    )
                    optimizer.n_steps += n_samples
                else:
                    acc_loss = 0.0
                    for start in range(0, n_samples, bs):
                        stop = min(start + bs, n_samples)
                        m = stop - start
                        if contiguous:
                            Xb, Yb = X[start:stop], Y[start:stop]
                            swb = (
                                None
                                if sample_weight is None
                                else sample_weight[start:stop]
                            )
                        else:
                            idx = order[start:stop]
                            if dense:
                                Xb = np.take(X, idx, axis=0, out=Xb_buf[:m])
                            else:
                                Xb = X[idx]
                            Yb = np.take(Y, idx, axis=0, out=Yb_buf[:m])
                            swb = None if sample_weight is None else sample_weight[idx]
                        if whitener is not None:
                            Xb = whitener._transform_dense(Xb)
                        loss = net.loss_grad(
                            theta,
                            Xb,
                            Yb,
                            swb,
                            l2,
                            grad,
                            ws,
                            sample_losses=batch_losses,
                            weight_total=m * mean_weight,
                            update_stats=True,
                        )
                        if not np.isfinite(loss):
                            self._diverged(f"the loss of a mini-batch is {loss}")
                        if errors is not None:
                            errors[order[start:stop]] = batch_losses[:m]
                        optimizer.step(theta, grad)
                        acc_loss += loss * m * mean_weight
                    self.loss_ = acc_loss / total_weight
                have_errors = errors is not None
                self._end_epoch(n_samples, t0)
                optimizer.learning_rate = self._schedule.epoch_end(
                    self.t_, optimizer.learning_rate
                )
                if self.learning_rate_init == "auto":
                    self._lower_auto_rate(
                        optimizer, sample, l2, mean_weight, rng, bs, n_samples
                    )
                if self._no_improvement(X_val, Y_val, sw_val):
                    self._report_stop()
                    break
            else:
                if not incremental:
                    warnings.warn(
                        f"Stochastic Optimizer: Maximum iterations ({self.max_iter}) "
                        "reached and the optimization hasn't converged yet.",
                        ConvergenceWarning,
                        stacklevel=4,
                    )
        except KeyboardInterrupt:
            warnings.warn("Training interrupted by user.", stacklevel=4)
        finally:
            self.learning_rates_ = self._layer_rates(optimizer)
        if self.early_stopping and hasattr(self, "_best_theta"):
            theta[...] = self._best_theta
            del self._best_theta

    def _check_lm_memory(self):
        """Refuse, before any work, a Gauss-Newton matrix that cannot fit."""
        n_params = self._network.n_params
        need = 3 * n_params**2 * 8  # G, its damped copy, the Cholesky factor
        try:
            memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
        except (ValueError, OSError, AttributeError):
            memory = 8 * 2**30
        if need > memory / 2:
            raise ValueError(
                f"solver='levenberg_marquardt' needs {n_params} x {n_params} "
                f"matrices for this network of {n_params} parameters: about "
                f"{need / 2**30:.1f} GiB, more than half of this machine's "
                f"{memory / 2**30:.1f} GiB. Use solver='lbfgs' or 'cg', or a "
                "smaller network."
            )

    def _full_batch_objective(self, X, Y, sample_weight):
        """``fun(theta) -> (loss, grad)`` and ``gauss_newton(theta) -> (G,
        grad, loss)`` over the whole training set, evaluated in chunks."""
        net, dtype = self._network, self._theta.dtype
        n = X.shape[0]
        total = float(n if sample_weight is None else sample_weight.sum())
        l2 = self.alpha / total
        whitener = self.whitener_ if sp.issparse(X) else None

        def chunks(rows):
            for start in range(0, n, rows):
                Xc = X[start : start + rows]
                if whitener is not None:
                    Xc = whitener._transform_dense(Xc)
                swc = None if sample_weight is None else sample_weight[start:][:rows]
                yield Xc, Y[start : start + rows], swc

        rows = min(n, PREDICT_CHUNK)
        ws = net.workspace(rows, dtype)
        grad_chunk = np.empty(net.n_params, dtype=dtype)

        def fun(x):
            theta = x if x.dtype == dtype else x.astype(dtype)
            loss, grad = 0.0, np.zeros(net.n_params)
            for i, (Xc, Yc, swc) in enumerate(chunks(rows)):
                loss += net.loss_grad(
                    theta,
                    Xc,
                    Yc,
                    swc,
                    l2 if i == 0 else 0.0,
                    grad_chunk,
                    ws,
                    weight_total=total,
                )
                grad += grad_chunk
            return loss, grad

        jac_rows = max(
            1, min(n, JACOBIAN_CHUNK_BYTES // (8 * Y.shape[1] * net.n_params))
        )
        ws_jac = net.workspace(jac_rows, dtype)
        weights = net.weight_mask(dtype=np.float64)

        def gauss_newton(x):
            theta = x.astype(dtype, copy=False)
            G = np.zeros((net.n_params, net.n_params))
            grad, loss = np.zeros(net.n_params), 0.0
            for Xc, Yc, swc in chunks(jac_rows):
                Gc, gc, lc = net.gauss_newton(theta, Xc, Yc, swc, total, ws_jac)
                G += Gc
                grad += gc
                loss += lc
            if l2:
                G[np.diag_indices_from(G)] += l2 * weights
                grad += l2 * weights * x
                loss += 0.5 * l2 * float(np.sum(weights * x * x))
            return G, grad, loss

        return fun, gauss_newton

    def _fit_full_batch(self, X, Y, sample_weight, X_val, Y_val, sw_val):
        solver = SOLVERS[self.solver]
        if solver is SOLVERS["levenberg_marquardt"]:
            self._check_lm_memory()
            instance = solver(
                max_iter=self.max_iter,
                mu=self.lm_mu,
                mu_inc=self.lm_mu_inc,
                mu_dec=self.lm_mu_dec,
                mu_max=self.lm_mu_max,
            )
        else:
            instance = solver(
                max_iter=self.max_iter, tol=self.tol, max_fun=self.max_fun
            )
        fun, gauss_newton = self._full_batch_objective(X, Y, sample_weight)
        theta = self._theta
        n_samples = X.shape[0]
        self.learning_rates_ = None
        t0 = [time.perf_counter()]

        def callback(x, loss):
            theta[...] = x
            self.loss_ = loss
            if not np.isfinite(loss):
                self._diverged(f"the loss is {loss}")
            self._end_epoch(n_samples, t0[0])
            t0[0] = time.perf_counter()
            if self._no_improvement(X_val, Y_val, sw_val):
                self._report_stop()
                return True
            return False

        extra = {"gauss_newton": gauss_newton} if "gauss_newton" in solver.needs else {}
        small = 6.0 * n_samples * self._network.n_params < SINGLE_THREAD_FLOPS
        try:
            with blas_threads(1 if small else None):
                result = instance.solve(
                    theta.astype(np.float64), fun, callback, **extra
                )
            theta[...] = result.theta
            if not result.converged:
                warnings.warn(
                    f"{self.solver}: the optimization hasn't converged yet after "
                    f"{result.n_iter} iterations (max_iter={self.max_iter}): "
                    f"{result.message}",
                    ConvergenceWarning,
                    stacklevel=4,
                )
        except KeyboardInterrupt:
            warnings.warn("Training interrupted by user.", stacklevel=4)
        if self.early_stopping and hasattr(self, "_best_theta"):
            theta[...] = self._best_theta
            del self._best_theta

    def _online_epoch(
        self, online, X, Y, order, sample_weight, mean_weight, l2, errors
    ):
        """One epoch of the fused one-sample kernel; returns the epoch loss."""
        theta = self._theta
        step_scale = None if sample_weight is None else sample_weight / mean_weight
        online.epoch(
            theta,
            online.Xa,
            Y,
            order,
            self._optimizer.learning_rate,
            l2,
            step_scale,
            online.outputs,
            rates=self._optimizer.rates,
        )
        net = self._network
        losses = net.loss.per_sample(Y[order], online.outputs, net.activations[-1])
        if errors is not None:
            errors[order] = losses
        if sample_weight is None:
            loss = float(losses.mean())
        else:
            w = sample_weight[order]
            loss = float(losses @ w / w.sum())
        if l2:
            loss += 0.5 * l2 * float(sum(np.vdot(W, W) for W in self.coefs_))
        if not np.isfinite(loss):
            self._diverged(f"the loss of the epoch is {loss}")
        return loss

    def _end_epoch(self, n_samples, t0):
        """Bookkeeping after an epoch whose loss is in ``loss_``."""
        if not np.all(np.isfinite(self._theta)):
            self._diverged("the weights are no longer finite")
        if self.loss_curve_ and self.loss_ > DIVERGENCE_GROWTH * max(
            self.loss_curve_[0], 1.0
        ):
            self._diverged(
                f"the loss grew to {self.loss_:.3g} from {self.loss_curve_[0]:.3g} "
                "after the first epoch"
            )
        self.n_iter_ += 1
        self.t_ += n_samples
        self.loss_curve_.append(self.loss_)
        if self.verbose:
            print(
                f"Iteration {self.n_iter_}, loss = {self.loss_:.8f}, "
                f"time = {time.perf_counter() - t0:.3f}s"
            )

    def _report_stop(self):
        if self.verbose:
            what = "Validation score" if self.early_stopping else "Training loss"
            print(
                f"{what} did not improve more than tol={self.tol} for "
                f"{self.n_iter_no_change} consecutive epochs. Stopping."
            )

    def _diverged(self, what):
        optimizer = getattr(self, "_optimizer", None)
        if self.learning_rate_init == "auto" and optimizer is not None:
            rate = (
                f"give a float learning_rate_init below the rate "
                f"{optimizer.learning_rate:.3g} that 'auto' reached"
            )
        else:
            rate = f"lower learning_rate_init (now {self.learning_rate_init})"
        raise DivergenceError(
            f"Training diverged at epoch {self.n_iter_ + 1}: {what}. The step is "
            f"too large for this problem: {rate}, normalize the inputs "
            "(whitening), or use solver='adam'."
        )

    def _no_improvement(self, X_val, Y_val, sw_val):
        """Update the stopping counters (scikit-learn's rule); True to stop."""
        if self.early_stopping:
            A = self._forward_dense(X_val)
            score = self._score_outputs(A, Y_val, sw_val)
            self.validation_scores_.append(score)
            if self.verbose:
                print(f"Validation score: {score:f}")
            if score < self.best_validation_score_ + self.tol:
                self._no_improvement_count += 1
            else:
                self._no_improvement_count = 0
            if score > self.best_validation_score_:
                self.best_validation_score_ = score
                self._best_theta = self._theta.copy()
        else:
            if self.loss_curve_[-1] > self.best_loss_ - self.tol:
                self._no_improvement_count += 1
            else:
                self._no_improvement_count = 0
            self.best_loss_ = min(self.best_loss_, self.loss_curve_[-1])
        stop = self._no_improvement_count > self.n_iter_no_change
        if stop and not self.early_stopping:
            # A loss that rose at every epoch of the window to well above the
            # first epoch's is a divergence, not a plateau.
            window = self.loss_curve_[-self.n_iter_no_change - 1 :]
            if window[-1] > DIVERGENCE_RISE * self.loss_curve_[0] and all(
                a < b for a, b in zip(window, window[1:])
            ):
                self._diverged(
                    f"the loss rose at each of the last {self.n_iter_no_change} "
                    f"epochs, to {self.loss_:.3g} from {self.loss_curve_[0]:.3g} "
                    "after the first"
                )
        return stop

    # ------------------------------------------------------------------
    def _forward_dense(self, X, pre_activation=False):
        """Network outputs for already whitened (dense) ``X``, by chunks."""
        n = X.shape[0]
        out = np.empty((n, self.n_outputs_), dtype=self._theta.dtype)
        ws = self._network.workspace(min(max(n, 1), PREDICT_CHUNK), self._theta.dtype)
        for start in range(0, n, PREDICT_CHUNK):
            chunk = X[start : start + PREDICT_CHUNK]
            A = self._network.forward(self._theta, chunk, ws)
            out[start : start + chunk.shape[0]] = (
                ws.Z[-1][: chunk.shape[0]] if pre_activation else A
            )
        return out

    def _forward(self, X, pre_activation=False):
        """Validate ``X``, whiten it chunk by chunk and run the network."""
        check_is_fitted(self)
        X = validate_data(
            self,
            X,
            accept_sparse=("csr", "csc"),
            dtype=(np.float64, np.float32),
            reset=False,
        )
        if sp.issparse(X):
            X = X.tocsr()
        X = X.astype(self._theta.dtype, copy=False)
        if self.whitener_ is None:
            return self._forward_dense(X, pre_activation)
        n = X.shape[0]
        out = np.empty((n, self.n_outputs_), dtype=self._theta.dtype)
        for start in range(0, n, PREDICT_CHUNK):
            chunk = self.whitener_._transform_dense(X[start : start + PREDICT_CHUNK])
            out[start : start + chunk.shape[0]] = self._forward_dense(
                chunk, pre_activation
            )
        return out

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        tags.target_tags.multi_output = True
        return tags
