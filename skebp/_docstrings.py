"""The estimators' docstrings: the parameter and attribute texts the two
classes share, written once and completed for each."""

from textwrap import dedent

from . import _docstring_variants as variants

#: Where the documentation is published; the estimators' HTML repr links
#: each class and parameter to its API page there.
DOCS_URL = "https://skebp.readthedocs.io/en/stable/"


class DocLinkMixin:
    """Link the HTML repr of skebp's estimators to skebp's API pages (not to
    scikit-learn's), one link per class and per parameter."""

    _doc_link_module = "skebp"
    _doc_link_template = DOCS_URL + "generated/{estimator_module}.{estimator_name}.html"


_COMMON_PARAMETERS = """\
    hidden_layer_sizes : int or tuple of int, default=(100,)
        Units of each hidden layer; ``()`` gives no hidden layer (a linear or
        logistic model).
    activation : str or tuple of str, default="relu"
        Hidden activation, one for all layers or one per hidden layer:
        ``"relu"``, ``"lecun_tanh"`` (1.7159 tanh(2x/3), trick 4; the
        former default), ``"tanh"``, ``"logistic"``, ``"leaky_relu"``
        (slope 0.01),
        ``"identity"``, ``"swish"`` (x logistic(x)), ``"softplus"`` (log(1 +
        exp(x))), ``"prelu"`` (max(x, 0) + a min(x, 0) with one slope ``a``
        per unit, learned, starting at 0.25 as in He et al. 2015, not
        penalized by ``alpha``; stored in ``slopes_``), ``"rbf"`` (radial
        units exp(-||x - c||^2 / (2 sigma^2)), trick 8: a layer's weights
        are its centers, its biases the log-widths; centers placed by
        k-means on the layer's inputs for up to 1000 training rows, widths
        the RMS distance to the 2 nearest other centers; when the last
        hidden layer is radial, the output layer is then fitted to its
        outputs on those rows; then all are learned; the L2 penalty skips
        centers and widths).
    solver : {"sgd", "momentum", "adam", "lbfgs", "cg", \
"levenberg_marquardt"}, default=<solver_default>
        First-order, mini-batch: ``"sgd"`` (plain stochastic gradient descent,
        trick 1), ``"momentum"`` (heavy-ball or Nesterov momentum, trick 7),
        ``"adam"``.  Full-batch: ``"lbfgs"`` (scipy's L-BFGS-B), ``"cg"``
        (nonlinear conjugate gradient, Polak-Ribiere), ``"levenberg_marquardt"``
        (Gauss-Newton with Nielsen's or MATLAB trainlm's damping; the generalized
        Gauss-Newton matrix for cross-entropy).  Full-batch solvers ignore
        ``batch_size``, ``batch_growth``, ``shuffle``, ``max_emphasis``,
        ``learning_rate_init``, ``learning_rate``, ``power_t``,
        ``per_weight_rates``, ``sdlm_mu``, ``momentum``, ``nesterovs_momentum``
        and Adam's constants, and have no ``partial_fit``; their ``max_iter``,
        ``n_iter_``, ``loss_curve_`` and ``n_iter_no_change`` count iterations.
<defaults_reason>    batch_size : int or "auto", default="auto"
        Samples per update; 1 is pure on-line learning (trick 1), "auto" is
        <auto_batch>.
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
        input stays sparse under ``"none"``, ``"center"`` and
        ``"standardize"``, the first layer taking its products from the
        nonzeros and the columns' shifts (on the numpy path when at most 7 %
        of the entries are nonzero; denser, each mini-batch is whitened on
        its own).  Under ``"pca"`` and
        ``"zca"`` it is whitened once, before training, when its dense
        copy takes at most a quarter of the memory available (whitening
        makes it dense anyway), else one mini-batch at a time.
<target_values><class_weight>    init : {"auto", "lecun", "glorot", "he"}, \
default="auto"
        Weight initialization (trick 6): zero-mean uniform weights with
        standard deviation ``fan_in**-0.5`` (LeCun), ``sqrt(2 / (fan_in +
        fan_out))`` (Glorot) or ``sqrt(2 / fan_in)`` (He); biases start at 0.
        ``"auto"``: Glorot's at half its scale when every hidden unit is
        piecewise linear (``"relu"``, ``"leaky_relu"``, ``"prelu"``), at
        its full scale when there are also four or more hidden layers (at
        half scale, six ReLU layers left most momentum and plain SGD fits
        no better than a constant), LeCun's for any other network
        (sigmoids, smooth and radial units), as the paper derives it for
        sigmoids.  The default units and
        initialization (ReLU, Glorot's at half scale; formerly
        ``lecun_tanh`` and LeCun's) were chosen on real data and confirmed
        on 24 data sets no choice had seen, where they missed scikit-learn's
        MLP in 12 of 72 (data set x budget) cells against 24
        (``docs/real_data.md``): small initial weights start from a nearly
        linear function, which noisy tabular data reward.
    init_scale : float, default=1.0
        Multiplies the standard deviation of the initial weights (on top of
        ``"auto"``'s half, where ``"auto"`` halves it).
    learning_rate_init : float or "auto", default=<rate_default>
        The step size eta (trick 7).  The default ``"auto"`` is
        solver-aware, so that changing only ``solver`` still trains well.
        ``"auto"`` with ``"adam"``: 0.01, the rate the real-data suite chose
        at batches of 200 (``benchmarks/check_defaults.py``; Adam's
        normalized steps have no Hessian-based rate; scikit-learn's default
        is 0.001), times ``sqrt(b / 200)`` for mini-batches of ``b < 200``
        samples (0.00071 on-line, 0.004 at 32: the square-root rule for
        adaptive methods, confirmed on the real-data collections,
        ``benchmarks/check_one_change.py``), unless the batch is the whole
        training set of a ``fit``.  ``batch_size="auto"`` goes with this
        rate: 32 rows for the classifier (so 0.004) and 64 for the
        regressor (0.0057) at ``"auto"``, 200 at a rate given, so that a
        grid over rates that includes ``"auto"`` compares two batch sizes
        too (see ``batch_size``).  A ``fit``
        without early stopping
        (``"auto"`` turns it off where too few rows would be held out) on
        fewer than 500 rows starts from 0.001 (classifier) or 0.003
        (regressor) instead of 0.01, chosen on training sets of 30 to 400
        rows cut from the suite's development half and confirmed on four
        other collections cut the same way (cells more than 0.005 below
        scikit-learn's MLP: 140 -> 22 of 190 classification, 131 -> 120 of
        153 regression; ``benchmarks/check_small.py``; the regressor's fits
        of 100 to 499 rows since the fifteenth round,
        ``benchmarks/check_fifteenth.py``), where ``alpha="auto"`` adds a
        penalty.  During training Adam's ``"auto"`` rate is halved after
        every epoch whose mean training loss exceeds the previous epoch's by
        more than 5 % (a rate too large for the data: on a one-hot table of
        hundreds of columns the epochs' losses went up and down; the
        nineteenth round, ``benchmarks/check_nineteenth.py``; a rate given,
        and ``partial_fit``'s, whose calls may each bring other rows, are
        never changed).  ``"auto"`` with ``"sgd"`` and
        ``"momentum"``: eta = 1 / lambda_max, the largest eigenvalue of the
        Hessian of the objective (of ``R H`` with ``R`` the per-weight rates),
        estimated before training by Efficient BackProp's on-line power method
        on 100 Hessian-vector products of 10-sample batches and stored in
        ``lambda_max_``; mini-batches of ``b`` of ``n`` samples use ``1 /
        (lambda_max + lambda_1 (1/b - 1/n) / (1 - momentum))``, half the
        mean-square stability bound of stochastic steps, with ``lambda_1``
        the mean largest eigenvalue of one sample's Hessian (see the user
        guide).  With unbounded hidden units (ReLU and its relatives,
        ``"swish"``, ``"softplus"``, ``"identity"``) momentum's long-run
        step ``eta / (1 - momentum)`` is held to plain SGD's rate instead
        (``eta = (1 - momentum) / (lambda_max + lambda_1 (1/b - 1/n))``):
        ten times that diverged on some real data sets, where bounded units
        saturate.  Each ``fit`` estimates anew
        (also with ``warm_start``), later ``partial_fit`` calls keep the rate,
        and two epochs in a row of rising loss trigger a new estimate that
        may lower it; an epoch whose loss becomes infinite runs again from
        its start at a tenth of the rate, up to three times (not under the
        per-step ``learning_rate="adaptive"``; one sample's
        curvature can be many times the mean the estimate plans for: a row
        with a rare one-hot level standardized far out).  With a float:
        mini-batches of plain ``"sgd"`` on normalized inputs often train faster
        with 0.03 to 0.1; on-line learning (``batch_size=1``), momentum (whose
        effective step is ``eta / (1 - momentum)``) and ``"adam"`` need 0.01
        or less.
    learning_rate : {"plateau", "constant", "invscaling", "adaptive"}, default="plateau"
        How eta moves during training (first-order solvers): ``"plateau"``
        keeps eta until training stalls, that is until the stopping rule
        (``n_iter_no_change`` epochs without an improvement of ``tol``: the
        validation score with early stopping, else the training loss) would
        stop it, then divides it by 10 once and goes on, from the best
        validated weights with early stopping; the next stall stops
        training (Keras's ``ReduceLROnPlateau`` followed by early stopping).
        The default since the real-data suite's second round (user guide,
        "Real data"; until then ``"constant"``): on its development half it
        took the cells that miss the target from 5 of 45 to 3, on the
        confirmation half it kept them at 8 of 39; of the 84 median test
        scores it lowered one by more than 0.001 (hpc_data at convergence,
        by 0.005) and raised some by up to 0.018.  ``"constant"``;
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
        step = gradient``; with ``lm_damping="nielsen"``, relative to the
        largest diagonal entry of G.
    lm_mu_inc : float, default=10.0
        ``lm_damping="trainlm"``: factor on mu after a step that does not
        lower the loss (the step is rejected and retried).
    lm_mu_dec : float, default=0.1
        ``lm_damping="trainlm"``: factor on mu after an accepted step.
    lm_mu_max : float, default=1e10
        Training stops when mu exceeds this.
    lm_damping : {"nielsen", "trainlm"}, default="nielsen"
        How mu moves: ``"nielsen"``, Nielsen's gain-ratio rule (mu scaled by
        how well the quadratic model predicted the step's decrease; far fewer
        iterations near a minimum, see the user guide), or ``"trainlm"``,
        MATLAB trainlm's fixed factors ``lm_mu_inc`` and ``lm_mu_dec``.
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
    alpha : float or "auto", default="auto"
        L2 penalty: the objective adds ``alpha / (2 n) * sum ||W||^2`` with n
        the (weighted) number of training samples, as scikit-learn's
        full-batch MLP does; every mini-batch step uses the same unbiased
        gradient ``alpha / n * W``.  Biases are not penalized.
        <small_alpha>
    max_iter : int, default=200
        Maximum number of epochs (iterations of a full-batch solver).
    tol : float, default=1e-4
        Training stops when the loss (or the validation score) has not
        improved by ``tol`` for ``n_iter_no_change`` consecutive epochs (or
        iterations of a full-batch solver); ``"lbfgs"`` and ``"cg"`` also stop
        when the gradient's largest entry falls below ``tol``.  The squared
        error is summed over the outputs (the paper's E_p), where
        scikit-learn's MLP averages it, so its improvements are compared to
        ``tol`` times the number of outputs: ``tol`` means the same as there.
    n_iter_no_change : int, default=<patience_default>
        See ``tol``.
    early_stopping : bool or "auto", default="auto"
        Hold out ``validation_fraction`` of the training data (or use the
        ``X_val, y_val`` given to ``fit``), stop when its score stops
        improving and keep the best weights.  ``"auto"`` (as
        ``HistGradientBoosting*``'s ``early_stopping="auto"``) does so, with
        every solver, when those validation rows number at least
        <auto_min_validation>, never in ``partial_fit``; below that a held-out
        score is too coarse to follow (<auto_min_reason>), and every row is
        used for training.  The full-batch solvers (``"lbfgs"``, ``"cg"``,
        ``"levenberg_marquardt"``) stop on it too, unlike scikit-learn's
        L-BFGS: run to their own convergence they overfit the real-data
        suite (``benchmarks/check_one_change.py``; L-BFGS more than 0.005
        below scikit-learn's MLP on 18 of 28 data sets, on 10 stopping
        early).
    validation_fraction : float, default=0.1
        Size of that split (stratified for single-output classification
        where every class can be on both sides).
    random_state : int, RandomState instance or None, default=None
        Seeds initialization, shuffling and the validation split; the same
        seed gives the same model, bit for bit.
    verbose : bool, default=False
        Print the loss after each epoch.
    warm_start : bool, default=False
        Start from the previous solution (same network required).
    scoring : str, callable or None, default=<scoring_default>
        The validation score that ``early_stopping`` maximizes and
        ``validation_scores_`` records: None is <default_score>; ``"loss"``
        is minus the validation loss;<brier> any other value is a
        scikit-learn scorer name or callable (``sklearn.metrics.get_scorer``),
        evaluated on the untransformed validation rows.<scoring_note>"""

_COMMON_ATTRIBUTES = """\
    coefs_ : list of ndarray
        ``coefs_[i]`` of shape (fan_in, fan_out): views into one flat
        parameter vector.
    intercepts_ : list of ndarray
        The biases, views into the same vector.
    slopes_ : list of ndarray or None
        Per hidden layer, the learned slopes of ``"prelu"`` units (views
        into the same vector), None for the other activations.
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
        One validation score (see ``scoring``) per epoch when there is a
        validation set (``early_stopping``, or ``X_val`` given to ``fit``).
    validation_loss_curve_ : list of float or None
        The validation loss per epoch, beside ``validation_scores_``: the
        data term of the objective (no L2 penalty), in the units of
        ``loss_curve_``.
    best_validation_score_ : float or None
        Best validation score when there is a validation set, else None.
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
        behind the current rate (at the start of a fit whose ``init="auto"``
        drew the weights at half scale, that of the weights at full scale:
        the curvature of a ReLU network grows with its weights).
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Defined when X has feature names that are all strings."""

_DIVERGENCE_NOTE = """\
    A mini-batch loss or weights that are not finite stop training at once
    with a ``DivergenceError`` (a ``ValueError``) that says what to change;
    reaching ``max_iter`` warns ``ConvergenceWarning``; Ctrl-C stops training
    and leaves the model of the last completed step."""


def _parameters(
    *,
    shuffle_note,
    target_values,
    class_weight,
    default_score,
    scoring,
    defaults,
    patience,
    auto_min,
    small_alpha,
    auto_batch,
):
    # The blocks are written indented like a method's docstring; the class
    # docstrings below start at column 0, so the blocks are dedented into them.
    solver, rate, reason = defaults
    return dedent(
        _COMMON_PARAMETERS.replace("<shuffle_note>", shuffle_note)
        .replace("<target_values>", target_values)
        .replace("<class_weight>", class_weight)
        .replace("<default_score>", default_score)
        .replace("<scoring_default>", scoring[0])
        .replace("<scoring_note>", scoring[1])
        .replace("<brier>", scoring[2])
        .replace("<solver_default>", solver)
        .replace("<rate_default>", rate)
        .replace("<defaults_reason>", reason)
        .replace("<patience_default>", patience)
        .replace("<auto_min_validation>", str(auto_min[0]))
        .replace("<auto_min_reason>", auto_min[1])
        .replace("<small_alpha>", small_alpha)
        .replace("<auto_batch>", auto_batch)
    )


_CLASSIFIER_PARAMETERS = _parameters(
    shuffle_note="",
    target_values=variants.CLASSIFIER_TARGETS,
    class_weight=variants.CLASSIFIER_CLASS_WEIGHT,
    default_score="the (weighted) accuracy",
    scoring=('"loss"', variants.CLASSIFIER_SCORING, variants.CLASSIFIER_BRIER),
    defaults=('"adam"', '"auto"', variants.CLASSIFIER_DEFAULTS),
    patience="10",
    auto_min=(
        50,
        "the threshold was set when early stopping watched the accuracy, "
        "which on fewer rows moves in steps of 2 % or more",
    ),
    small_alpha=variants.CLASSIFIER_ALPHA,
    auto_batch=variants.CLASSIFIER_BATCH,
)
_REGRESSOR_PARAMETERS = _parameters(
    shuffle_note=variants.REGRESSOR_SHUFFLE,
    target_values=variants.REGRESSOR_TARGETS,
    class_weight="",
    default_score="R^2",
    scoring=("None", "", ""),
    defaults=('"adam"', '"auto"', variants.REGRESSOR_DEFAULTS),
    patience="20",
    auto_min=(
        50,
        "R^2 on a few dozen rows stops at a noisy epoch; 10 rows until the "
        "fifteenth round, ``benchmarks/check_fifteenth.py``",
    ),
    small_alpha=variants.REGRESSOR_ALPHA,
    auto_batch=variants.REGRESSOR_BATCH,
)
_ATTRIBUTES = dedent(_COMMON_ATTRIBUTES)
_DIVERGENCE = dedent(_DIVERGENCE_NOTE)

_DIVERGENCE_AND_REFERENCES = f"""{_DIVERGENCE}

References
----------
Y. LeCun, L. Bottou, G. Orr, K.-R. Mueller, "Efficient BackProp", in Neural
Networks: Tricks of the Trade, Springer, 1998."""

CLASSIFIER_DOC = f"""Multilayer perceptron classifier with the EBP tricks.

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
{_DIVERGENCE_AND_REFERENCES}

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

REGRESSOR_DOC = f"""Multilayer perceptron regressor with the EBP tricks.

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
{_DIVERGENCE_AND_REFERENCES}

Examples
--------
>>> from sklearn.datasets import load_diabetes
>>> from skebp import EBPRegressor
>>> X, y = load_diabetes(return_X_y=True)
>>> reg = EBPRegressor((20,), random_state=0).fit(X, y)
>>> reg.score(X, y) > 0.4
True
"""

#: The fit parameters of a user-supplied validation set.
FIT_VALIDATION_PARAMETERS = """\
        X_val : {array-like, sparse matrix} of shape (n_val, n_features), \
default=None
            A validation set to use instead of holding out
            ``validation_fraction`` of the training data: scored after every
            epoch into ``validation_scores_`` and ``validation_loss_curve_``,
            and what ``early_stopping`` watches.  In a Pipeline it reaches
            this step through metadata routing (``set_fit_request(X_val=True,
            y_val=True)``), untransformed by the steps before.
        y_val : array-like of shape (n_val,) or (n_val, n_outputs), default=None
            Its targets.
        sample_weight_val : array-like of shape (n_val,), default=None
            Its sample weights."""
