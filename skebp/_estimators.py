"""EBPClassifier and EBPRegressor: every Efficient BackProp trick a hyperparameter."""

import numpy as np
from sklearn.base import ClassifierMixin, RegressorMixin
from sklearn.metrics import r2_score
from sklearn.preprocessing import LabelBinarizer
from sklearn.utils.metaestimators import available_if
from sklearn.utils.multiclass import type_of_target, unique_labels
from sklearn.utils.validation import check_is_fitted, column_or_1d

from ._activations import ACTIVATIONS
from ._base import _BaseEBP
from ._compat import StrOptions, _check_partial_fit_first_call, _fit_context
from ._docstrings import CLASSIFIER_DOC, FIT_VALIDATION_PARAMETERS, REGRESSOR_DOC
from ._solvers import SOLVERS
from ._stats import mean_and_scale, range_map
from ._targets import (
    check_target_range,
    class_sample_weight,
    finite_pair,
    target_bins,
    unscale_targets,
)


class EBPClassifier(ClassifierMixin, _BaseEBP):
    _parameter_constraints = {
        **_BaseEBP._parameter_constraints,
        "target_values": [StrOptions({"softmax"}), tuple, list],
        "class_weight": [dict, list, StrOptions({"balanced"}), None],
    }
    _y_numeric = False

    def __init__(
        self,
        hidden_layer_sizes=(100,),
        activation="relu",
        *,
        solver="adam",
        batch_size="auto",
        batch_growth=1.0,
        shuffle="random",
        max_emphasis=5.0,
        whitening="standardize",
        target_values="softmax",
        class_weight=None,
        init="auto",
        init_scale=1.0,
        learning_rate_init="auto",
        learning_rate="plateau",
        power_t=0.5,
        per_weight_rates="none",
        sdlm_mu=0.02,
        max_fun=15000,
        lm_mu=1e-3,
        lm_mu_inc=10.0,
        lm_mu_dec=0.1,
        lm_mu_max=1e10,
        lm_damping="nielsen",
        normalization="none",
        momentum=0.9,
        nesterovs_momentum=False,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-8,
        alpha="auto",
        max_iter=200,
        tol=1e-4,
        n_iter_no_change=10,
        early_stopping="auto",
        validation_fraction=0.1,
        random_state=None,
        verbose=False,
        warm_start=False,
        scoring="loss",
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
        self.lm_damping = lm_damping
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
        self.scoring = scoring
        self.target_values = target_values
        self.class_weight = class_weight

    # -- targets ------------------------------------------------------------
    def _target_pair(self):
        """``(low, high)`` for a target pair, None for "softmax"."""
        tv = self.target_values
        if isinstance(tv, str):
            return None
        low, high = finite_pair(tv, "'softmax'")
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
        pair = self._pair
        return 0.5 if pair is None else 0.5 * (pair[0] + pair[1])

    def _encode_targets(self, y, sample_weight, reset, incremental, y_all):
        if reset and not incremental:
            self._label_binarizer = LabelBinarizer().fit(y_all)
            self.classes_ = self._label_binarizer.classes_
        elif not reset:
            classes = unique_labels(y_all)
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
        # Fixed at fit: predictions decode with the pair the network learned,
        # whatever set_params does afterwards.
        self._pair = self._target_pair()
        # (labels were checked above, except on partial_fit's first call)
        return self._transform_targets(y, check=reset and incremental)

    def _transform_targets(self, y, check=True):
        """Encode labels known to ``classes_`` as network targets; ``check``
        refuses the others."""
        if check and len(unknown := np.setdiff1d(unique_labels(y), self.classes_)):
            raise ValueError(
                f"y has labels {unknown.tolist()} that are not among the classes "
                f"{self.classes_.tolist()}."
            )
        Y = self._label_binarizer.transform(y)
        pair = self._pair
        if pair is not None:
            Y = pair[0] + (pair[1] - pair[0]) * Y
        return Y

    def _check_target_shape(self, y):
        # A column of labels is one output, not a multilabel indicator
        # (scikit-learn's MLP, with the same DataConversionWarning).
        if y.ndim == 2 and y.shape[1] == 1:
            return column_or_1d(y, warn=True)
        return y

    def _class_sample_weight(self, y, incremental):
        return class_sample_weight(self.class_weight, y, incremental)

    def _class_labels(self, y):
        return y

    def _output(self):
        pair = self._target_pair()
        if pair is None:
            return ("softmax" if self._multiclass else "logistic"), "cross_entropy"
        return ("lecun_tanh" if pair[0] < 0 else "logistic"), "squared_error"

    def _probabilities(self, A):
        """The class probabilities of network outputs ``A``, one column per
        output (:meth:`predict_proba` without its two-column binary form)."""
        if self._pair is not None:
            A = self._unit_scale(A)
            if self._multiclass:
                A /= A.sum(axis=1, keepdims=True)
        return A

    def _score_outputs(self, A, Y, sample_weight):
        if self._multiclass:
            correct = A.argmax(axis=1) == Y.argmax(axis=1)
        else:
            thr = self._threshold()
            correct = np.all((A > thr) == (Y > thr), axis=1)
        return float(np.average(correct, weights=sample_weight))

    # -- fitting ---------------------------------------------------------------
    @_fit_context(prefer_skip_nested_validation=True)
    def fit(
        self,
        X,
        y,
        sample_weight=None,
        *,
        X_val=None,
        y_val=None,
        sample_weight_val=None,
    ):
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
        <validation_set>

        Returns
        -------
        self : EBPClassifier
            The fitted estimator.
        """
        validation = (X_val, y_val, sample_weight_val)
        return self._fit(X, y, sample_weight, False, validation)

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

        def first_call():
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

        return self._fit(X, y, sample_weight, True, first_call=first_call)

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
        check_is_fitted(self)
        if self._pair is None:
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
        A = self._probabilities(self._forward(X))
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
        # scikit-learn's multi_output means multiclass-multioutput for a
        # classifier, which is not supported (multilabel is).
        tags.target_tags.multi_output = False
        return tags


class EBPRegressor(RegressorMixin, _BaseEBP):
    _parameter_constraints = {
        **_BaseEBP._parameter_constraints,
        "target_values": [None, tuple, list],
    }
    _y_numeric = True

    def __init__(
        self,
        hidden_layer_sizes=(100,),
        activation="relu",
        *,
        solver="adam",
        batch_size="auto",
        batch_growth=1.0,
        shuffle="random",
        max_emphasis=5.0,
        whitening="standardize",
        target_values=None,
        init="auto",
        init_scale=1.0,
        learning_rate_init="auto",
        learning_rate="plateau",
        power_t=0.5,
        per_weight_rates="none",
        sdlm_mu=0.02,
        max_fun=15000,
        lm_mu=1e-3,
        lm_mu_inc=10.0,
        lm_mu_dec=0.1,
        lm_mu_max=1e10,
        lm_damping="nielsen",
        normalization="none",
        momentum=0.9,
        nesterovs_momentum=False,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-8,
        alpha="auto",
        max_iter=200,
        tol=1e-4,
        n_iter_no_change=20,
        early_stopping="auto",
        validation_fraction=0.1,
        random_state=None,
        verbose=False,
        warm_start=False,
        scoring=None,
    ):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.solver = solver
        self.batch_size = batch_size
        self.batch_growth = batch_growth
        self.shuffle = shuffle
        self.max_emphasis = max_emphasis
        self.whitening = whitening
        self.target_values = target_values
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
        self.lm_damping = lm_damping
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
        self.scoring = scoring

    def _encode_targets(self, y, sample_weight, reset, incremental, y_all):
        Y = np.asarray(y, dtype=np.float64)
        if Y.ndim == 1:
            Y = Y[:, None]
        if reset:
            if self.target_values is None:
                self._y_mean, self._y_scale = mean_and_scale(Y, sample_weight)
            else:
                pair = finite_pair(self.target_values, "None")
                self._y_mean, self._y_scale = range_map(Y, *pair)
        return (Y - self._y_mean) / self._y_scale

    def _class_labels(self, y):
        """Quantile bins of the target (of the mean of the standardized
        targets when there are several) for ``shuffle="class_alternate"``;
        None otherwise."""
        return target_bins(y) if self.shuffle == "class_alternate" else None

    def _transform_targets(self, y):
        """Encode targets with the map of the first fit."""
        Y = np.asarray(y, dtype=np.float64)
        return (Y.reshape(Y.shape[0], -1) - self._y_mean) / self._y_scale

    def _output(self):
        return "identity", "squared_error"

    def _score_outputs(self, A, Y, sample_weight):
        return float(r2_score(Y, A, sample_weight=sample_weight))

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(
        self,
        X,
        y,
        sample_weight=None,
        *,
        X_val=None,
        y_val=None,
        sample_weight_val=None,
    ):
        """Fit the network to X and the targets y.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            The input samples.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            The target values.
        sample_weight : array-like of shape (n_samples,), default=None
            Weights of the samples; None gives every sample weight 1.
        <validation_set>

        Returns
        -------
        self : EBPRegressor
            The fitted estimator.
        """
        validation = (X_val, y_val, sample_weight_val)
        return self._fit(X, y, sample_weight, False, validation)

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
        Y = unscale_targets(self._forward(X), self._y_mean, self._y_scale)
        return Y.ravel() if Y.shape[1] == 1 else Y

    _check_target_range = staticmethod(check_target_range)


EBPClassifier.__doc__ = CLASSIFIER_DOC
EBPRegressor.__doc__ = REGRESSOR_DOC
for _cls in (EBPClassifier, EBPRegressor):
    _cls.fit.__doc__ = _cls.fit.__doc__.replace(
        "        <validation_set>", FIT_VALIDATION_PARAMETERS
    )


# Public under skebp (see skebp/__init__.py): pickles and skops files name it there.
EBPClassifier.__module__ = EBPRegressor.__module__ = "skebp"
