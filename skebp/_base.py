"""The estimator shell: parameter validation, target encoding, building the
network, the public API.

Training lives in ``_training`` (data access, the epoch monitor, the
stochastic and full-batch loops), learning-rate rules in ``_rates``, solvers
in ``_solvers``; the estimator hands them what they need and keeps their
results.  The subclasses in ``_estimators`` say how targets are encoded and
decoded (labels or real values) and how a validation split is scored.
"""

import functools
import inspect
from abc import ABCMeta, abstractmethod

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, is_classifier
from sklearn.utils import check_random_state
from sklearn.utils.validation import (
    _check_sample_weight,
    check_is_fitted,
    validate_data,
)

from ._atomic import restore, snapshot
from ._compat import CALLBACKS, CallbackSupportMixin
from ._docstrings import DocLinkMixin
from ._inits import resolve_init
from ._memory import check_network_memory
from ._network import Network
from ._params import PARAMETER_CONSTRAINTS, check_combinations, hidden_layers
from ._persistence import from_plain, to_plain
from ._rbf import place_radial_layers
from ._scoring import check_scoring_name, validation_score
from ._solvers import SOLVERS
from ._training import (
    EpochMonitor,
    FitCallbacks,
    StochasticState,
    TrainingData,
    TrainingRecord,
    Validation,
    blas_limits,
    densify_once,
    fit_alpha,
    fit_full_batch,
    fit_stochastic,
    forward_chunked,
    in_model_dtype,
    split_validation,
    task_settings,
)
from ._training._diagnosis import (
    constant_loss,
    likely_causes,
    sampled_loss,
    warn_unlearnable_scale,
)
from ._whitening import InputWhitener


def _copy(values):
    return None if values is None else list(values)


@functools.cache
def _defaults(cls):
    """The default value of each constructor parameter of ``cls``."""
    return {
        name: p.default
        for name, p in inspect.signature(cls.__init__).parameters.items()
        if p.default is not inspect.Parameter.empty
    }


class _BaseEBP(DocLinkMixin, CallbackSupportMixin, BaseEstimator, metaclass=ABCMeta):
    """Base class of EBPClassifier and EBPRegressor (not public)."""

    # The subclasses' constructors store each parameter under its own name
    # (scikit-learn's explicit-signature convention); this class adds none.
    _parameter_constraints = PARAMETER_CONSTRAINTS

    # ------------------------------------------------------------------
    # Hooks of the subclasses
    @abstractmethod
    def _encode_targets(self, y, sample_weight, reset, incremental, y_all):
        """Return ``Y`` (2-d) and set the target bookkeeping; ``y_all``: the
        targets with the rows of weight zero (the classes a classifier
        knows)."""

    @abstractmethod
    def _output(self):
        """Return ``(out_activation, loss_name)``."""

    @abstractmethod
    def _score_outputs(self, A, Y, sample_weight):
        """Validation score of network outputs ``A`` against encoded ``Y``."""

    def _class_labels(self, y):
        """Labels to alternate (``shuffle="class_alternate"``) and to stratify
        a validation split on, or None."""

    def _check_target_shape(self, y):
        """The targets as the subclass takes them (regression: any shape)."""
        return y

    def _class_sample_weight(self, y, incremental):
        """Per-sample weights from ``class_weight``; None for regression."""
        return None

    def _check_target_range(self, y, dtype):
        """Refuse targets that the model's ``dtype`` cannot hold (regression)."""

    # ------------------------------------------------------------------
    # Resolved parameters
    def _shuffle_mode(self):
        if self.shuffle is True:
            return "random"
        if self.shuffle is False:
            return "none"
        return self.shuffle

    def _build_network(self, n_features, n_outputs):
        hidden, activations = hidden_layers(self.hidden_layer_sizes, self.activation)
        out_activation, loss = self._output()
        activations = activations + [out_activation]
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

    @property
    def slopes_(self):
        """PReLU's learned slopes per hidden layer (None elsewhere): views
        into the flat parameter vector."""
        if not hasattr(self, "_theta"):
            raise AttributeError("slopes_ is set by fit")
        return [p.slope for p in self._network.params(self._theta)[:-1]]

    @property
    def lambda_max_(self):
        """With ``learning_rate_init="auto"``: the estimated largest
        eigenvalue behind the current rate."""
        lam = getattr(getattr(self, "_state", None), "auto", None)
        if self.learning_rate_init != "auto" or lam is None or lam.lambda_max is None:
            raise AttributeError(
                "lambda_max_ is set by fit with learning_rate_init='auto' and "
                "solver 'sgd' or 'momentum'"
            )
        return lam.lambda_max

    # ------------------------------------------------------------------
    def _fit(
        self,
        X,
        y,
        sample_weight,
        incremental,
        validation=(None, None, None),
        first_call=None,
    ):
        """Validate, encode, split, whiten, build and train; ``validation``
        is ``(X_val, y_val, sample_weight_val)`` as ``fit`` received them;
        ``first_call`` (``partial_fit``'s set-up of its classes) runs inside
        the fit, so that it is undone with the rest when the fit fails."""
        # Everything is checked before anything is written, and the new model
        # is committed only when the fit succeeds: a fit that raises (a refused
        # combination, a divergence, Ctrl-C during set-up) leaves it as it was.
        self._check_parameter_combinations(incremental)
        continued = hasattr(self, "_theta") and (incremental or self.warm_start)
        saved = snapshot(self, deep=continued)
        try:
            if first_call is not None:
                first_call()
            reset = not (hasattr(self, "_theta") and (incremental or self.warm_start))
            return self._fit_steps(X, y, sample_weight, incremental, validation, reset)
        except BaseException:
            restore(self, saved)
            raise

    def _fit_steps(self, X, y, sample_weight, incremental, validation, reset):
        """The fit itself, on the estimator (undone by :meth:`_fit` if it
        raises)."""
        X, y, sample_weight, y_all = self._validate_training_data(
            X, y, sample_weight, reset, incremental
        )
        # One generator per fit; partial_fit goes on with the one of the first call.
        if incremental and not reset:
            rng = self._random_state
        else:
            rng = self._random_state = check_random_state(self.random_state)
        data, validation_set = self._training_data(
            X, y, sample_weight, rng, reset, incremental, validation, y_all
        )
        params = {**self.get_params(), "solver_class": SOLVERS[self.solver]}
        classifier = is_classifier(self)
        params |= task_settings(
            params, classifier, data.n_samples, self._stopping_early, incremental
        )
        alpha = params["alpha"] = fit_alpha(params, classifier, X.shape[0], incremental)
        params["init_factor"] = self._setup_network(
            data, rng, reset, incremental, alpha
        )
        with blas_limits(self._network, data, params):
            callbacks = self._fit_callbacks(X, y, sample_weight, incremental)
            self._record.start(
                incremental=incremental,
                reset=reset,
                early_stopping=self._stopping_early,
                validation=validation_set is not None,
            )
            if reset or not incremental:
                # The loss of the starting weights, for the divergence checks;
                # partial_fit keeps the first call's (its curve goes on).
                self._initial_loss = sampled_loss(self._network, self._theta, data)
                self._initial_objective = self._initial_loss + self._network.penalty(
                    self._theta, alpha / data.total_weight
                )
            monitor = self._monitor(data, validation_set, callbacks, alpha)
            self._train(data, monitor, rng, incremental, params)
            if callbacks is not None:
                callbacks.end()
        return self

    def _fit_callbacks(self, X, y, sample_weight, incremental):
        """The scikit-learn callbacks of this fit (None without the API)."""
        if not CALLBACKS:
            return None
        return FitCallbacks(
            self,
            X,
            y,
            sample_weight,
            # A full-batch solver's next iteration begins when the last one
            # ends (as in scikit-learn's L-BFGS bridge): one task more.
            n_tasks=1
            if incremental
            else self.max_iter + (not SOLVERS[self.solver].stochastic),
            task_name="partial_fit" if incremental else "fit",
        )

    def _monitor(self, data, validation_set, callbacks, alpha):
        """The epoch monitor of this fit (``alpha``: the penalty it applies)."""
        return EpochMonitor(
            self._record,
            tol=self.tol,
            n_iter_no_change=self.n_iter_no_change,
            loss_units=data.Y.shape[1] if self._output()[1] == "squared_error" else 1,
            early_stopping=self._stopping_early,
            validation=self._validation(validation_set),
            verbose=self.verbose,
            advice=lambda: likely_causes(
                {**self.get_params(), "alpha": alpha}, data, self._state.optimizer
            ),
            callbacks=None if callbacks is None else callbacks.bridge(self._theta),
            baseline=constant_loss(self._network, data.Y, data.sample_weight),
            initial=self._initial_loss,
            initial_objective=getattr(self, "_initial_objective", None),
            final_loss=functools.partial(sampled_loss, self._network, data=data),
            penalty=functools.partial(
                self._network.penalty, l2=alpha / data.total_weight
            ),
            level_checks=self._shuffle_mode() != "emphasize",
        )

    def _training_data(
        self, X, y, sample_weight, rng, reset, incremental, validation, y_all
    ):
        """Encode the targets, hold out the validation rows (or take the given
        ones), fit the whitener on the training rows and whiten them: the
        :class:`TrainingData` and the validation set (or None)."""
        Y = np.asarray(
            self._encode_targets(y, sample_weight, reset, incremental, y_all),
            dtype=X.dtype,
        )
        if reset:
            self._check_target_range(y, X.dtype)
        labels = self._class_labels(y)
        validation_set = self._validation_set(*validation)
        self._stopping_early = self._early_stopping_on(
            X.shape[0], validation_set, incremental
        )
        # Validation split before whitening: the statistics see training rows only.
        if self._stopping_early and validation_set is None:
            # As scikit-learn: stratified for single-output classification.
            stratify = labels if labels is not None and labels.ndim == 1 else None
            (X, Y, labels, sample_weight, y), validation_set = split_validation(
                [X, Y, labels, sample_weight, y],
                self.validation_fraction,
                rng,
                stratify,
            )
        if reset:
            self.whitener_ = (
                None
                if self.whitening == "none"
                else InputWhitener(self.whitening)._fit_arrays(X, sample_weight)
            )
        if self.whitener_ is not None and (
            not sp.issparse(X) or densify_once(X, self.whitener_)
        ):
            X = self.whitener_._transform_rows(X)
        if self.whitening in ("none", "center"):
            warn_unlearnable_scale(X, self.whitening)
        return TrainingData(X, Y, sample_weight, labels, self.whitener_), validation_set

    #: ``early_stopping="auto"`` stops early when the validation rows (the
    #: held-out ``validation_fraction``, or ``X_val``) are at least this many
    #: (the reasons: the estimators' ``early_stopping`` docs).
    _AUTO_MIN_VALIDATION = 50

    def _early_stopping_on(self, n_rows, validation_set, incremental):
        """Whether this fit stops early: ``early_stopping`` as given, or for
        ``"auto"``, when ``fit`` (not ``partial_fit``) would hold out at
        least ``_AUTO_MIN_VALIDATION`` validation rows, whatever the solver
        (scikit-learn's full-batch L-BFGS runs to its own convergence; on
        the real-data suite skebp's full-batch solvers overfit that way:
        ``benchmarks/check_one_change.py``)."""
        if self.early_stopping != "auto":
            return bool(self.early_stopping)
        if incremental:
            return False
        rows = (
            validation_set[0].shape[0]
            if validation_set is not None
            else int(np.ceil(self.validation_fraction * n_rows))
        )
        return rows >= self._AUTO_MIN_VALIDATION

    def _validate_Xy(self, X, y, reset):
        """Inputs (float32 or float64, dense or CSR) and targets, checked as
        scikit-learn checks them."""
        if sp.issparse(y):
            raise TypeError(
                "Sparse data was passed for y, but dense data is required. Use "
                "'.toarray()' to convert to a dense numpy array."
            )
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
        return X, self._check_target_shape(y)

    def _validate_training_data(self, X, y, sample_weight, reset, incremental):
        """``(X, y, sample_weight, y_all)``: the rows of positive weight, and
        every row's target (a class whose rows all weigh zero is still a
        class, as in scikit-learn)."""
        X, y = self._validate_Xy(X, y, reset)
        y_all = y
        if sample_weight is not None:
            sample_weight = _check_sample_weight(
                sample_weight, X, dtype=X.dtype, ensure_non_negative=True
            )
        class_weights = self._class_sample_weight(y, incremental)
        if class_weights is not None:
            class_weights = class_weights.astype(X.dtype)
            sample_weight = (
                class_weights
                if sample_weight is None
                else sample_weight * class_weights
            )
        if sample_weight is not None:
            with np.errstate(over="ignore"):  # an overflow is the error below
                total = float(np.sum(sample_weight, dtype=np.float64))
            if not np.isfinite(total):
                raise ValueError(
                    f"sample_weight sums to {total} (its largest weight is "
                    f"{float(np.max(sample_weight)):.3g}): the weighted mean loss "
                    "is not defined; rescale the weights (only their ratios "
                    "matter, and alpha is relative to their sum)."
                )
            # A sample of weight zero is a sample removed: drop it up front.
            keep = sample_weight > 0
            if not keep.any():
                raise ValueError("sample_weight must have a positive sum.")
            if not keep.all():
                X, y, sample_weight = X[keep], y[keep], sample_weight[keep]
        return X, y, sample_weight, y_all

    def _setup_network(self, data, rng, reset, incremental, alpha):
        """A new network (``reset``) or the previous one checked; the
        training record and solver state to continue from (``alpha``: the
        fit's L2 penalty, which radial layers are placed with).  Returns how
        much smaller than their method's scale the weights were drawn (1 for
        weights already trained)."""
        n_outputs, dtype = data.Y.shape[1], data.Y.dtype
        if reset:
            self._network = self._build_network(self.n_features_in_, n_outputs)
            check_network_memory(self._network, data, self.batch_size)
            method, factor = resolve_init(self.init, self._network.activations[:-1])
            self._theta = self._network.init_params(
                rng, method, self.init_scale * factor, dtype
            )
            place_radial_layers(
                self._network, self._theta, data, rng, alpha / data.total_weight
            )
            self._record = TrainingRecord()
            self._state = StochasticState()
        else:
            factor = 1.0
            self._check_warm_start_compatible(n_outputs)
            if self._theta.dtype != dtype:
                self._theta = self._theta.astype(dtype)
                self._state.reset_dtype()
            if not incremental:
                self._record.no_improvement_count = 0
        self.n_outputs_ = n_outputs
        self.n_layers_ = self._network.n_layers + 1
        self.out_activation_ = self._network.activations[-1]
        return factor

    def _train(self, data, monitor, rng, incremental, params):
        """Hand the network, its parameters and the data to the solver's
        training loop (``params``: the hyperparameters, with
        ``"solver_class"``); the record becomes the fitted attributes, also
        when training raises or is interrupted."""
        solver = params["solver_class"]
        net, theta = self._network, self._theta
        try:
            # Overflow is caught by the finiteness checks, with a clear error.
            with np.errstate(over="ignore", invalid="ignore"):
                if solver.stochastic:
                    self.learning_rates_ = fit_stochastic(
                        net,
                        theta,
                        data,
                        self._state,
                        params,
                        monitor,
                        rng,
                        incremental=incremental,
                        mode=self._shuffle_mode(),
                    )
                else:
                    self.learning_rates_ = None
                    fit_full_batch(
                        net,
                        theta,
                        data,
                        solver.from_params(params),
                        monitor,
                        alpha=params["alpha"],
                        name=self.solver,
                    )
        finally:
            if monitor.callbacks is not None:
                monitor.callbacks.finish()
            self._publish(monitor.record)

    def _publish(self, record):
        """The training record as fitted attributes."""
        self.n_iter_, self.t_ = record.n_iter, record.t
        if record.loss is not None:
            self.loss_ = record.loss
        # Copies: the record goes on growing in the next fit, and a fit that
        # raises restores these lists as they were.
        self.loss_curve_ = list(record.loss_curve)
        self.best_loss_ = record.best_loss
        self.validation_scores_ = _copy(record.validation_scores)
        self.validation_loss_curve_ = _copy(record.validation_loss_curve)
        self.best_validation_score_ = record.best_validation_score

    def _validation(self, validation_set):
        """The held-out set as a :class:`Validation` (None without one)."""
        if validation_set is None:
            return None
        X_val, Y_val, _, sw_val, y_val = validation_set
        X_net = X_val
        if self.whitener_ is not None:
            X_net = self.whitener_._transform_rows(X_val)
        score = validation_score(self, X_val, y_val, Y_val, sw_val)
        return Validation(self._network, X_net, Y_val, sw_val, score)

    def _validation_set(self, X_val, y_val, sample_weight_val):
        """A user-supplied validation set, validated and encoded like the
        training data: ``(X, Y, labels, sample_weight, y)`` or None."""
        if X_val is None and y_val is None:
            if sample_weight_val is not None:
                raise ValueError("sample_weight_val is given without X_val and y_val.")
            return None
        if X_val is None or y_val is None:
            raise ValueError("X_val and y_val must be given together.")
        X_val, y_val = self._validate_Xy(X_val, y_val, reset=False)
        if sample_weight_val is not None:
            sample_weight_val = _check_sample_weight(
                sample_weight_val, X_val, dtype=X_val.dtype, ensure_non_negative=True
            )
        Y_val = np.asarray(self._transform_targets(y_val), dtype=X_val.dtype)
        return X_val, Y_val, None, sample_weight_val, y_val

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

    def _check_parameter_combinations(self, incremental):
        """Refuse the parameter combinations that cannot work, saying why;
        warn about parameters the chosen solver ignores."""
        check_combinations(
            self.get_params(),
            incremental=incremental,
            defaults=_defaults(type(self)),
        )
        check_scoring_name(self)

    # ------------------------------------------------------------------
    def _validated_input(self, X):
        """``X`` checked against the fit (features, dtype), CSR if sparse, in
        the parameters' dtype."""
        check_is_fitted(self)
        X = validate_data(
            self,
            X,
            accept_sparse=("csr", "csc"),
            dtype=(np.float64, np.float32),
            reset=False,
        )
        return in_model_dtype(X.tocsr() if sp.issparse(X) else X, self._theta.dtype)

    def _network_input(self, X):
        """``X`` as the network takes it: validated and whitened, all rows at
        once (for diagnostics; predictions whiten chunk by chunk)."""
        X = self._validated_input(X)
        return X if self.whitener_ is None else self.whitener_._transform_rows(X)

    def _forward(self, X, pre_activation=False):
        """Validate ``X``, whiten it chunk by chunk and run the network."""
        X = self._validated_input(X)
        transform = None if self.whitener_ is None else self.whitener_._transform_rows
        return forward_chunked(
            self._network, self._theta, X, transform, pre_activation=pre_activation
        )

    def __getstate__(self):
        # Private training objects as plain data: pickle and skops files
        # then hold only builtins, arrays and public classes.
        return to_plain(super().__getstate__())

    def __setstate__(self, state):
        super().__setstate__(from_plain(state))

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        tags.target_tags.multi_output = True
        return tags
