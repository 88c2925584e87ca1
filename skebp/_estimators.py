"""EBPClassifier and EBPRegressor: every Efficient BackProp trick a hyperparameter."""

import numbers
from textwrap import dedent

import numpy as np
from sklearn.base import ClassifierMixin, RegressorMixin
from sklearn.metrics import r2_score
from sklearn.preprocessing import LabelBinarizer
from sklearn.utils.metaestimators import available_if
from sklearn.utils.multiclass import type_of_target, unique_labels

from ._activations import ACTIVATIONS
from ._base import _BaseEBP
from ._compat import StrOptions, _check_partial_fit_first_call, _fit_context
from ._solvers import SOLVERS

_COMMON_PARAMETERS = """\
    hidden_layer_sizes : int or tuple of int, default=(100,)
        Units of each hidden layer; ``()`` gives no hidden layer (a linear or
        logistic model).
    activation : str or tuple of str, default="lecun_tanh"
        Hidden activation, one for all layers or one per hidden layer:
        ``"lecun_tanh"`` (1.7159 tanh(2x/3), trick 4), ``"tanh"``,
        ``"logistic"``, ``"relu"``, ``"leaky_relu"`` (slope 0.01),
        ``"identity"``, ``"swish"`` (x logistic(x)), ``"softplus"`` (log(1 +
        exp(x))), ``"rbf"`` (radial units exp(-||x - c||^2 / (2 sigma^2)),
        trick 8: a layer's weights are its centers, its biases the
        log-widths; centers placed by k-means on the layer's inputs for up
        to 1000 training rows, widths the RMS distance to the 2 nearest
        other centers, then both learned; the L2 penalty skips them).
    solver : {"sgd", "momentum", "adam", "lbfgs", "cg", \
"levenberg_marquardt"}, default="sgd"
        First-order, mini-batch: ``"sgd"`` (plain stochastic gradient descent,
        trick 1), ``"momentum"`` (heavy-ball or Nesterov momentum, trick 7),
        ``"adam"``.  Full-batch: ``"lbfgs"`` (scipy's L-BFGS-B), ``"cg"``
        (nonlinear conjugate gradient, Polak-Ribiere), ``"levenberg_marquardt"``
        (Gauss-Newton with MATLAB trainlm's damping; the generalized
        Gauss-Newton matrix for cross-entropy).  Full-batch solvers ignore
        ``batch_size``, ``batch_growth``, ``shuffle``, ``max_emphasis``,
        ``learning_rate_init``, ``learning_rate``, ``power_t``,
        ``per_weight_rates``, ``sdlm_mu``, ``momentum``, ``nesterovs_momentum``
        and Adam's constants, and have no ``partial_fit``; their ``max_iter``,
        ``n_iter_``, ``loss_curve_`` and ``n_iter_no_change`` count iterations.
    batch_size : int or "auto", default="auto"
        Samples per update; 1 is pure on-line learning (trick 1), "auto" is
        ``min(200, n_samples)``.
    batch_growth : float, default=1.0
        The mini-batch size is multiplied by this after each epoch, capped at
        the number of samples: the paper's alternative to annealing the rate.
    shuffle : {"random", "class_alternate", "emphasize", "none"} or bool, \
default="random"
        Presentation order of each epoch (trick 2), see
        :func:`skebp.presentation_order`; True and False mean "random" and
        "none".<shuffle_note>
    max_emphasis : float, default=5.0
        With ``shuffle="emphasize"``: no sample is drawn more than this many
        times as often as under uniform sampling.
    whitening : {"standardize", "none", "center", "pca", "zca"}, \
default="standardize"
        Input normalization (trick 3) by an :class:`InputWhitener` fitted on
        the training rows (the validation split excluded) and applied in
        predict.  Its statistics are set by the first ``fit`` or
        ``partial_fit`` and kept by ``warm_start`` and later ``partial_fit``
        calls, because the weights are learned in its coordinates.  Sparse
        input is whitened one mini-batch at a time.
<target_values>    init : {"lecun", "glorot", "he"}, default="lecun"
        Weight initialization (trick 6): zero-mean uniform weights with
        standard deviation ``fan_in**-0.5`` (LeCun), ``sqrt(2 / (fan_in +
        fan_out))`` (Glorot) or ``sqrt(2 / fan_in)`` (He); biases start at 0.
    init_scale : float, default=1.0
        Multiplies the standard deviation of the initial weights.
    learning_rate_init : float or "auto", default=0.01
        The step size eta (trick 7).  ``"auto"`` (``"sgd"`` and
        ``"momentum"``): eta = 1 / lambda_max, the largest eigenvalue of the
        Hessian of the objective (of ``R H`` with ``R`` the per-weight rates),
        estimated before training by Efficient BackProp's on-line power method
        on 100 Hessian-vector products of 10-sample batches and stored in
        ``lambda_max_``; mini-batches of ``b`` of ``n`` samples use ``1 /
        (lambda_max + tr(R H) (1/b - 1/n))``, the mean-square stability bound
        of stochastic steps (see the user guide).  Each ``fit`` estimates anew
        (also with ``warm_start``), later ``partial_fit`` calls keep the rate,
        and two epochs in a row of rising loss trigger a new estimate that
        may lower it.  With a float:
        mini-batches of plain ``"sgd"`` on normalized inputs often train faster
        with 0.03 to 0.1; on-line learning (``batch_size=1``), momentum (whose
        effective step is ``eta / (1 - momentum)``) and ``"adam"`` need 0.01
        or less.
    learning_rate : {"constant", "invscaling", "adaptive"}, default="constant"
        How eta moves during training (first-order solvers): ``"constant"``;
        ``"invscaling"``: after each epoch ``eta = eta_0 / (t + 1)**power_t``
        with ``t`` the samples seen (as scikit-learn's); ``"adaptive"``: the
        Murata-Amari rule ``r <- (1 - delta) r + delta g``, ``eta <- eta +
        alpha eta (beta |r| - eta)`` after every mini-batch gradient ``g``,
        which lowers eta as the gradients start to cancel near a minimum and
        raises it when they agree again, with ``delta = 0.05``, ``alpha = 0.02
        / eta_0``, ``beta`` set at the end of the first epoch so that the
        rule starts at ``eta_0``, and eta at most ``10 eta_0`` (constants in
        ``skebp._solvers._schedules``).  Not scikit-learn's ``"adaptive"``,
        which divides eta by 5 when the loss stalls.
    power_t : float, default=0.5
        Exponent of ``"invscaling"``.
    per_weight_rates : {"none", "fan_in", "sdlm"}, default="none"
        Per-weight learning rates that equalize the learning speeds (trick 7;
        ``"sgd"`` and ``"momentum"``): ``"fan_in"`` multiplies each layer's
        rate by ``1 / sqrt(fan_in)`` (the common reading of the paper's
        "proportional to the square root of the number of inputs", which
        matches weights of spread ``fan_in**-0.5``); ``"sdlm"`` is stochastic
        diagonal Levenberg-Marquardt: ``eta_k = eta / (sdlm_mu + <h_kk>)``
        with ``<h>`` the Gauss-Newton diagonal of the objective, backpropagated
        layer by layer on 500 random training samples before each epoch and
        averaged with the previous estimate (weights 1/2, 1/2).  With
        ``"sdlm"``, ``learning_rate_init`` is the paper's epsilon: the rate
        relative to a Newton step, so values near 0.01 to 0.1 suit it.
        ``partial_fit`` updates the estimate before each call.
    sdlm_mu : float, default=0.02
        The damping mu of ``"sdlm"``: caps every rate at ``eta / mu`` where
        the curvature is small.
    max_fun : int, default=15000
        ``"lbfgs"`` only: the most loss and gradient evaluations.
    lm_mu : float, default=1e-3
        ``"levenberg_marquardt"``: the initial damping mu of ``(G + mu I)
        step = gradient``.
    lm_mu_inc : float, default=10.0
        Factor on mu after a step that does not lower the loss (the step is
        rejected and retried).
    lm_mu_dec : float, default=0.1
        Factor on mu after an accepted step.
    lm_mu_max : float, default=1e10
        Training stops when mu exceeds this.
    normalization : {"none", "batch", "layer"}, default="none"
        Normalization of every hidden layer's pre-activations (radial layers
        excepted), with a learned scale and shift per unit: ``"batch"``
        (statistics of each mini-batch in training, running averages with
        momentum 0.1 in prediction, kept by ``warm_start`` and
        ``partial_fit``; needs a mini-batch solver and ``batch_size > 1``)
        or ``"layer"`` (statistics of each sample over the layer's units,
        the same in training and prediction; every solver).  SDLM's curvature
        estimate drops the statistics' coupling terms.
    momentum : float, default=0.9
        Momentum of ``solver="momentum"``.
    nesterovs_momentum : bool, default=False
        Use Nesterov's momentum with ``solver="momentum"``.
    beta_1, beta_2, epsilon : float, default=0.9, 0.999, 1e-8
        Adam's constants.
    alpha : float, default=0.0
        L2 penalty: the objective adds ``alpha / (2 n) * sum ||W||^2`` with n
        the (weighted) number of training samples, as scikit-learn's
        full-batch MLP does; every mini-batch step uses the same unbiased
        gradient ``alpha / n * W``.  Biases are not penalized.
    max_iter : int, default=200
        Maximum number of epochs (iterations of a full-batch solver).
    tol : float, default=1e-4
        Training stops when the loss (or the validation score) has not
        improved by ``tol`` for ``n_iter_no_change`` consecutive epochs (or
        iterations of a full-batch solver); ``"lbfgs"`` and ``"cg"`` also stop
        when the gradient's largest entry falls below ``tol``.
    n_iter_no_change : int, default=10
        See ``tol``.
    early_stopping : bool, default=False
        Hold out ``validation_fraction`` of the training data, stop when its
        score stops improving and keep the best weights.
    validation_fraction : float, default=0.1
        Size of that split.
    random_state : int, RandomState instance or None, default=None
        Seeds initialization, shuffling and the validation split; the same
        seed gives the same model, bit for bit.
    verbose : bool, default=False
        Print the loss after each epoch.
    warm_start : bool, default=False
        Start from the previous solution (same network required)."""

_COMMON_ATTRIBUTES = """\
    coefs_ : list of ndarray
        ``coefs_[i]`` of shape (fan_in, fan_out): views into one flat
        parameter vector.
    intercepts_ : list of ndarray
        The biases, views into the same vector.
    n_iter_ : int
        Epochs run by the last ``fit`` (``partial_fit`` adds one per call).
    t_ : int
        Samples seen in training.
    loss_ : float
        Mean training loss of the last epoch (measured during the epoch).
    loss_curve_ : list of float
        One entry per epoch.
    best_loss_ : float or None
        Best training loss; None with ``early_stopping``.
    validation_scores_ : list of float or None
        One validation score per epoch with ``early_stopping``.
    best_validation_score_ : float or None
        Best validation score with ``early_stopping``, else None.
    n_layers_ : int
        Layers including input and output.
    n_outputs_ : int
        Output units.
    out_activation_ : str
        Output activation: ``"softmax"``, ``"logistic"``, ``"lecun_tanh"`` or
        ``"identity"``.
    whitener_ : InputWhitener or None
        The fitted input normalization, None for ``whitening="none"``.
    learning_rates_ : list of float or None
        First-order solvers: each layer's effective rate at the end of
        training, the global rate times the layer's mean per-weight multiplier
        (``1 / sqrt(fan_in)`` or SDLM's ``1 / (mu + <h>)``); None for
        full-batch solvers.
    lambda_max_ : float
        With ``learning_rate_init="auto"``: the estimated largest eigenvalue
        behind the current rate.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Defined when X has feature names that are all strings."""

_DIVERGENCE_NOTE = """\
    A mini-batch loss or weights that are not finite stop training at once
    with a ``DivergenceError`` (a ``ValueError``) that says what to change;
    reaching ``max_iter`` warns ``ConvergenceWarning``; Ctrl-C stops training
    and leaves the model of the last completed step."""


class EBPClassifier(ClassifierMixin, _BaseEBP):
    _parameter_constraints = {
        **_BaseEBP._parameter_constraints,
        "target_values": [StrOptions({"softmax"}), tuple, list],
    }
    _y_numeric = False

    def __init__(
        self,
        hidden_layer_sizes=(100,),
        activation="lecun_tanh",
        *,
        solver="sgd",
        batch_size="auto",
        batch_growth=1.0,
        shuffle="random",
        max_emphasis=5.0,
        whitening="standardize",
        target_values="softmax",
        init="lecun",
        init_scale=1.0,
        learning_rate_init=0.01,
        learning_rate="constant",
        power_t=0.5,
        per_weight_rates="none",
        sdlm_mu=0.02,
        max_fun=15000,
        lm_mu=1e-3,
        lm_mu_inc=10.0,
        lm_mu_dec=0.1,
        lm_mu_max=1e10,
        normalization="none",
        momentum=0.9,
        nesterovs_momentum=False,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-8,
        alpha=0.0,
        max_iter=200,
        tol=1e-4,
        n_iter_no_change=10,
        early_stopping=False,
        validation_fraction=0.1,
        random_state=None,
        verbose=False,
        warm_start=False,
    ):
        super().__init__(
            hidden_layer_sizes,
            activation,
            solver=solver,
            batch_size=batch_size,
            batch_growth=batch_growth,
            shuffle=shuffle,
            max_emphasis=max_emphasis,
            whitening=whitening,
            init=init,
            init_scale=init_scale,
            learning_rate_init=learning_rate_init,
            learning_rate=learning_rate,
            power_t=power_t,
            per_weight_rates=per_weight_rates,
            sdlm_mu=sdlm_mu,
            max_fun=max_fun,
            lm_mu=lm_mu,
            lm_mu_inc=lm_mu_inc,
            lm_mu_dec=lm_mu_dec,
            lm_mu_max=lm_mu_max,
            normalization=normalization,
            momentum=momentum,
            nesterovs_momentum=nesterovs_momentum,
            beta_1=beta_1,
            beta_2=beta_2,
            epsilon=epsilon,
            alpha=alpha,
            max_iter=max_iter,
            tol=tol,
            n_iter_no_change=n_iter_no_change,
            early_stopping=early_stopping,
            validation_fraction=validation_fraction,
            random_state=random_state,
            verbose=verbose,
            warm_start=warm_start,
        )
        self.target_values = target_values

    # -- targets ------------------------------------------------------------
    def _target_pair(self):
        """``(low, high)`` for a target pair, None for "softmax"."""
        tv = self.target_values
        if isinstance(tv, str):
            return None
        if not (
            len(tv) == 2
            and all(isinstance(v, numbers.Real) and np.isfinite(v) for v in tv)
            and tv[0] < tv[1]
        ):
            raise ValueError(
                "target_values must be 'softmax' or a pair (low, high) of finite "
                f"numbers with low < high, such as (-1, 1) or (0.1, 0.9); got {tv!r}."
            )
        low, high = float(tv[0]), float(tv[1])
        out = "lecun_tanh" if low < 0 else "logistic"
        lo, hi = ACTIVATIONS[out].bounds
        if not (lo <= low and high <= hi):
            raise ValueError(
                f"target_values={tv!r} lie outside the range [{lo}, {hi}] of the "
                f"{out!r} output that a pair with low {'<' if low < 0 else '>='} 0 "
                "uses; choose targets inside it (Efficient BackProp recommends the "
                "points of maximum curvature, (-1, 1) for lecun_tanh)."
            )
        return low, high

    def _unit_scale(self, A):
        """Map sigmoid outputs strictly increasingly onto (0, 1), the
        threshold to 1/2: piecewise linear from the output's lower bound to
        the threshold and from the threshold to the upper bound."""
        lo, hi = ACTIVATIONS[self.out_activation_].bounds
        mid = self._threshold()
        U = np.where(
            A < mid, 0.5 * (A - lo) / (mid - lo), 0.5 + 0.5 * (A - mid) / (hi - mid)
        )
        tiny = np.finfo(A.dtype).tiny
        return np.clip(U, tiny, 1.0)

    def _threshold(self):
        pair = self._target_pair()
        return 0.5 if pair is None else 0.5 * (pair[0] + pair[1])

    def _encode_targets(self, y, sample_weight, reset, incremental):
        if reset and not incremental:
            self._label_binarizer = LabelBinarizer().fit(y)
            self.classes_ = self._label_binarizer.classes_
        elif not reset:
            classes = unique_labels(y)
            if self.warm_start and not incremental:
                if set(classes) != set(self.classes_):
                    raise ValueError(
                        "warm_start can only be used where `y` has the same "
                        f"classes as in the previous call to fit. Previously got "
                        f"{self.classes_}, `y` has {classes}"
                    )
            elif len(np.setdiff1d(classes, self.classes_)):
                raise ValueError(
                    f"`y` has classes not in `self.classes_`. `self.classes_` has "
                    f"{self.classes_}. 'y' has {classes}."
                )
        self._multiclass = self._label_binarizer.y_type_ == "multiclass"
        if len(self.classes_) < 2:
            raise ValueError(
                f"{type(self).__name__} needs samples of at least 2 classes in the "
                f"data, but the data contain only one class: {self.classes_[0]}."
            )
        Y = self._label_binarizer.transform(y)
        pair = self._target_pair()
        if pair is not None:
            Y = pair[0] + (pair[1] - pair[0]) * Y
        return Y

    def _class_labels(self, y):
        return y

    def _output(self):
        pair = self._target_pair()
        if pair is None:
            return ("softmax" if self._multiclass else "logistic"), "cross_entropy"
        return ("lecun_tanh" if pair[0] < 0 else "logistic"), "squared_error"

    def _score_outputs(self, A, Y, sample_weight):
        if self._multiclass:
            correct = A.argmax(axis=1) == Y.argmax(axis=1)
        else:
            thr = self._threshold()
            correct = np.all((A > thr) == (Y > thr), axis=1)
        return float(np.average(correct, weights=sample_weight))

    # -- fitting ---------------------------------------------------------------
    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Fit the network to X and the labels y.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            The input samples.
        y : array-like of shape (n_samples,) or (n_samples, n_labels)
            Class labels, or a label indicator matrix (multilabel).
        sample_weight : array-like of shape (n_samples,), default=None
            Weights of the samples in the loss (and in the whitening
            statistics).

        Returns
        -------
        self : EBPClassifier
            The fitted estimator.
        """
        return self._fit(X, y, sample_weight, incremental=False)

    def _check_first_order(self):
        if not SOLVERS[self.solver].stochastic:
            raise AttributeError(
                f"partial_fit is only available for first-order solvers; "
                f"solver={self.solver!r} is a full-batch solver."
            )
        return True

    @available_if(_check_first_order)
    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, classes=None, sample_weight=None):
        """One epoch over the given data, keeping the solver's state.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            The input samples.
        y : array-like of shape (n_samples,) or (n_samples, n_labels)
            The class labels, or a label indicator matrix.
        classes : array-like of shape (n_classes,), default=None
            All the classes; required on the first call.
        sample_weight : array-like of shape (n_samples,), default=None
            Weights of the samples; None gives every sample weight 1.

        Returns
        -------
        self : EBPClassifier
            The fitted estimator.
        """
        if _check_partial_fit_first_call(self, classes):
            self._label_binarizer = LabelBinarizer()
            if type_of_target(y).startswith("multilabel"):
                self._label_binarizer.fit(y)
            else:
                self._label_binarizer.fit(classes)
            self.classes_ = self._label_binarizer.classes_
            for attr in ("_theta", "whitener_"):
                if hasattr(self, attr):
                    delattr(self, attr)
        return self._fit(X, y, sample_weight, incremental=True)

    # -- prediction ------------------------------------------------------------
    def decision_function(self, X):
        """Confidence scores: output pre-activations (``"softmax"`` targets)
        or outputs minus the targets' midpoint (target pairs).

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            The input samples.

        Returns
        -------
        scores : ndarray of shape (n_samples,) or (n_samples, n_outputs)
            One score per sample for binary problems, else one per output.
            Positive means the positive class (binary, multilabel); the
            argmax is the predicted class (multiclass).
        """
        pair = self._target_pair()
        if pair is None:
            scores = self._forward(X, pre_activation=True)
        else:
            scores = self._forward(X) - self._threshold()
        return scores.ravel() if scores.shape[1] == 1 else scores

    def predict(self, X):
        """Predict class labels.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            The input samples.

        Returns
        -------
        y : ndarray of shape (n_samples,) or (n_samples, n_labels)
            The predicted class labels.
        """
        A = self._forward(X)
        if self._multiclass:
            return self.classes_[A.argmax(axis=1)]
        return self._label_binarizer.inverse_transform(A, threshold=self._threshold())

    def predict_proba(self, X):
        """Probability estimates.

        With ``target_values="softmax"`` these are the softmax (multiclass)
        or logistic (binary, multilabel) outputs.  With a target pair
        (low, high): for binary and multilabel problems each output is mapped
        linearly onto [0, 1] by ``(o - low) / (high - low)`` and clipped; for
        multiclass problems each output is mapped onto [0, 1] over the full
        range of the sigmoid and the row is normalized to sum to one, as
        scikit-learn's one-vs-rest LogisticRegression normalizes its sigmoid
        outputs.  Either way the most probable class is the predicted one.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            The input samples.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Class probabilities, columns in the order of ``classes_``.
        """
        A = self._forward(X)
        pair = self._target_pair()
        if pair is not None:
            A = self._unit_scale(A)
            if self._multiclass:
                A /= A.sum(axis=1, keepdims=True)
        if A.shape[1] == 1 and self._label_binarizer.y_type_ == "binary":
            A = np.hstack([1 - A, A])
        return A

    def predict_log_proba(self, X):
        """Logarithm of :meth:`predict_proba`.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            The input samples.

        Returns
        -------
        log_proba : ndarray of shape (n_samples, n_classes)
            Logarithm of the class probabilities.
        """
        proba = self.predict_proba(X)
        with np.errstate(divide="ignore"):
            return np.log(proba, out=proba)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_label = True
        return tags


class EBPRegressor(RegressorMixin, _BaseEBP):
    _y_numeric = True

    def __init__(
        self,
        hidden_layer_sizes=(100,),
        activation="lecun_tanh",
        *,
        solver="sgd",
        batch_size="auto",
        batch_growth=1.0,
        shuffle="random",
        max_emphasis=5.0,
        whitening="standardize",
        init="lecun",
        init_scale=1.0,
        learning_rate_init=0.01,
        learning_rate="constant",
        power_t=0.5,
        per_weight_rates="none",
        sdlm_mu=0.02,
        max_fun=15000,
        lm_mu=1e-3,
        lm_mu_inc=10.0,
        lm_mu_dec=0.1,
        lm_mu_max=1e10,
        normalization="none",
        momentum=0.9,
        nesterovs_momentum=False,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-8,
        alpha=0.0,
        max_iter=200,
        tol=1e-4,
        n_iter_no_change=10,
        early_stopping=False,
        validation_fraction=0.1,
        random_state=None,
        verbose=False,
        warm_start=False,
    ):
        super().__init__(
            hidden_layer_sizes,
            activation,
            solver=solver,
            batch_size=batch_size,
            batch_growth=batch_growth,
            shuffle=shuffle,
            max_emphasis=max_emphasis,
            whitening=whitening,
            init=init,
            init_scale=init_scale,
            learning_rate_init=learning_rate_init,
            learning_rate=learning_rate,
            power_t=power_t,
            per_weight_rates=per_weight_rates,
            sdlm_mu=sdlm_mu,
            max_fun=max_fun,
            lm_mu=lm_mu,
            lm_mu_inc=lm_mu_inc,
            lm_mu_dec=lm_mu_dec,
            lm_mu_max=lm_mu_max,
            normalization=normalization,
            momentum=momentum,
            nesterovs_momentum=nesterovs_momentum,
            beta_1=beta_1,
            beta_2=beta_2,
            epsilon=epsilon,
            alpha=alpha,
            max_iter=max_iter,
            tol=tol,
            n_iter_no_change=n_iter_no_change,
            early_stopping=early_stopping,
            validation_fraction=validation_fraction,
            random_state=random_state,
            verbose=verbose,
            warm_start=warm_start,
        )

    def _encode_targets(self, y, sample_weight, reset, incremental):
        Y = np.asarray(y, dtype=np.float64)
        if Y.ndim == 1:
            Y = Y[:, None]
        if reset:
            mean = np.average(Y, axis=0, weights=sample_weight)
            var = np.average((Y - mean) ** 2, axis=0, weights=sample_weight)
            scale = np.sqrt(var)
            scale[scale < 10 * np.finfo(np.float64).eps * np.maximum(1, abs(mean))] = 1
            self._y_mean, self._y_scale = mean, scale
        return (Y - self._y_mean) / self._y_scale

    def _output(self):
        return "identity", "squared_error"

    def _score_outputs(self, A, Y, sample_weight):
        return float(r2_score(Y, A, sample_weight=sample_weight))

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Fit the network to X and the targets y.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            The input samples.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            The target values.
        sample_weight : array-like of shape (n_samples,), default=None
            Weights of the samples; None gives every sample weight 1.

        Returns
        -------
        self : EBPRegressor
            The fitted estimator.
        """
        return self._fit(X, y, sample_weight, incremental=False)

    @available_if(EBPClassifier._check_first_order)
    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, sample_weight=None):
        """One epoch over the given data, keeping the solver's state.

        The target standardization is set by the first call.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            The input samples.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            The target values.
        sample_weight : array-like of shape (n_samples,), default=None
            Weights of the samples; None gives every sample weight 1.

        Returns
        -------
        self : EBPRegressor
            The fitted estimator.
        """
        return self._fit(X, y, sample_weight, incremental=True)

    def predict(self, X):
        """Predict targets, in the units of the training targets.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            The input samples.

        Returns
        -------
        y : ndarray of shape (n_samples,) or (n_samples, n_outputs)
            The predictions, in the units of the training targets.
        """
        A = self._forward(X)
        A = A * self._y_scale.astype(A.dtype) + self._y_mean.astype(A.dtype)
        return A.ravel() if A.shape[1] == 1 else A


_REGRESSOR_SHUFFLE = """
        ``"class_alternate"`` needs classes and is refused."""

_CLASSIFIER_TARGETS = """\
    target_values : "softmax" or (float, float), default="softmax"
        ``"softmax"``: softmax output (logistic for binary and multilabel
        problems) with the cross-entropy loss, the modern choice.  A pair
        ``(low, high)`` such as ``(-1, 1)`` or ``(0.1, 0.9)`` (trick 5): a
        sigmoid output (``lecun_tanh`` when ``low < 0``, else ``logistic``)
        trained with squared error towards ``high`` for the right class and
        ``low`` for the others.
"""

# The blocks are written indented like a method's docstring; the class
# docstrings below start at column 0, so the blocks are dedented into them.
_CLASSIFIER_PARAMETERS = dedent(
    _COMMON_PARAMETERS.replace("<shuffle_note>", "").replace(
        "<target_values>", _CLASSIFIER_TARGETS
    )
)
_REGRESSOR_PARAMETERS = dedent(
    _COMMON_PARAMETERS.replace("<shuffle_note>", _REGRESSOR_SHUFFLE).replace(
        "<target_values>", ""
    )
)
_ATTRIBUTES = dedent(_COMMON_ATTRIBUTES)
_DIVERGENCE = dedent(_DIVERGENCE_NOTE)

EBPClassifier.__doc__ = f"""Multilayer perceptron classifier with the EBP tricks.

Each trick of LeCun, Bottou, Orr and Mueller's "Efficient BackProp" (1998)
is a hyperparameter, beside the modern methods that replaced it, so that
combinations can be grid-searched in scikit-learn pipelines.

Parameters
----------
{_CLASSIFIER_PARAMETERS}

Attributes
----------
classes_ : ndarray of shape (n_classes,)
{_ATTRIBUTES}

See Also
--------
EBPRegressor : The regressor.
sklearn.neural_network.MLPClassifier : scikit-learn's perceptron.

Notes
-----
The loss is the mean over samples of the cross-entropy (``"softmax"``) or of
``1/2 sum_k (o_k - t_k)^2`` (target pairs), weighted by ``sample_weight``.
Binary problems use one output unit.
{_DIVERGENCE}

References
----------
Y. LeCun, L. Bottou, G. Orr, K.-R. Mueller, "Efficient BackProp", in Neural
Networks: Tricks of the Trade, Springer, 1998.

Examples
--------
>>> from sklearn.datasets import load_iris
>>> from skebp import EBPClassifier
>>> X, y = load_iris(return_X_y=True)
>>> clf = EBPClassifier((10,), learning_rate_init=0.1, random_state=0).fit(X, y)
>>> clf.score(X, y) > 0.9
True
>>> clf.predict_proba(X[:1]).shape
(1, 3)
"""

EBPRegressor.__doc__ = f"""Multilayer perceptron regressor with the EBP tricks.

The targets are standardized inside ``fit`` (weighted mean and standard
deviation) and the predictions mapped back, so raw targets such as prices
work out of the box; ``loss_curve_`` is in standardized units.

Parameters
----------
{_REGRESSOR_PARAMETERS}

Attributes
----------
{_ATTRIBUTES}

See Also
--------
EBPClassifier : The classifier.
sklearn.neural_network.MLPRegressor : scikit-learn's perceptron.

Notes
-----
The loss is the mean over samples of ``1/2 sum_k (o_k - y_k)^2`` on the
standardized targets, weighted by ``sample_weight``, with an identity output.
{_DIVERGENCE}

References
----------
Y. LeCun, L. Bottou, G. Orr, K.-R. Mueller, "Efficient BackProp", in Neural
Networks: Tricks of the Trade, Springer, 1998.

Examples
--------
>>> from sklearn.datasets import load_diabetes
>>> from skebp import EBPRegressor
>>> X, y = load_diabetes(return_X_y=True)
>>> reg = EBPRegressor((20,), random_state=0).fit(X, y)
>>> reg.score(X, y) > 0.4
True
"""
