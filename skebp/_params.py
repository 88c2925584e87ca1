"""What the estimators accept: every hyperparameter's valid values and the
combinations that cannot work.

``PARAMETER_CONSTRAINTS`` is scikit-learn's declaration, checked by
``_fit_context`` before every fit; :func:`check_combinations` refuses, before
any fitted attribute is written, what the single values allow but their
combination does not.
"""

import numbers

from ._activations import ACTIVATIONS
from ._compat import Interval, StrOptions
from ._inits import INITS
from ._normalization import NORMALIZATIONS
from ._order import MODES
from ._rates import PER_WEIGHT_RATES
from ._solvers import SCHEDULES, SOLVERS
from ._warnings import warn

#: Accepted ``whitening`` values: "none" or an InputWhitener method.
WHITENINGS = ("none", "center", "standardize", "pca", "zca")

PARAMETER_CONSTRAINTS = {
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
    "init": [StrOptions({*INITS, "auto"})],
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
    "alpha": [Interval(numbers.Real, 0, None, closed="left"), StrOptions({"auto"})],
    "max_iter": [Interval(numbers.Integral, 1, None, closed="left")],
    "tol": [Interval(numbers.Real, 0, None, closed="left")],
    "n_iter_no_change": [Interval(numbers.Integral, 1, None, closed="left")],
    "early_stopping": ["boolean", StrOptions({"auto"})],
    "validation_fraction": [Interval(numbers.Real, 0, 1, closed="neither")],
    "random_state": ["random_state"],
    "verbose": ["verbose"],
    "warm_start": ["boolean"],
    "scoring": [None, str, callable],
}


#: Hyperparameters every solver uses: the network, the data, the stopping
#: rule.  The others belong to solvers, which declare what they consume.
UNIVERSAL = frozenset(
    {
        "hidden_layer_sizes",
        "activation",
        "solver",
        "whitening",
        "target_values",
        "class_weight",
        "init",
        "init_scale",
        "normalization",
        "alpha",
        "max_iter",
        "tol",
        "n_iter_no_change",
        "early_stopping",
        "validation_fraction",
        "random_state",
        "verbose",
        "warm_start",
        "scoring",
    }
)


def _same(a, b):
    """Parameter values equal, with shuffle=True/False as "random"/"none"."""
    canon = {True: "random", False: "none"}
    if isinstance(a, bool) or isinstance(b, bool):
        a, b = canon.get(a, a), canon.get(b, b)
    try:
        return bool(a == b)
    except ValueError:  # array-likes
        return False


def ignored_parameters(params, defaults):
    """The parameters set to a non-default value that ``params["solver"]``
    does not use: ``[(name, users)]`` with the solvers that use it."""
    used = SOLVERS[params["solver"]].consumes() | UNIVERSAL
    ignored = []
    for name in sorted(params):
        if name in used or name not in defaults or _same(params[name], defaults[name]):
            continue
        users = sorted(k for k, cls in SOLVERS.items() if name in cls.consumes())
        ignored.append((name, users))
    return ignored


def _warn_ignored(params, defaults):
    solver = params["solver"]
    if solver == "levenberg_marquardt" and params["lm_damping"] == "nielsen":
        for name in ("lm_mu_inc", "lm_mu_dec"):
            if not _same(params[name], defaults[name]):
                warn(
                    f"lm_damping='nielsen' ignores {name}={params[name]!r}: it is "
                    "used only by lm_damping='trainlm'.",
                    IgnoredParameterWarning,
                )
    for name, users in ignored_parameters(params, defaults):
        hint = ""
        if name in ("momentum", "nesterovs_momentum") and solver == "sgd":
            hint = (
                " skebp's 'sgd' is plain gradient descent; scikit-learn's "
                "'sgd' has momentum, skebp's is solver='momentum'."
            )
        warn(
            f"solver={solver!r} ignores {name}={params[name]!r}: it is used "
            f"only by {', '.join(repr(u) for u in users)}.{hint}",
            IgnoredParameterWarning,
        )


class IgnoredParameterWarning(UserWarning):
    """A hyperparameter is set to a non-default value that the chosen solver
    does not use.

    Issued by ``fit`` and ``partial_fit`` of :class:`EBPClassifier` and
    :class:`EBPRegressor`, naming the parameter and the solvers that use it;
    a ``UserWarning``.

    Examples
    --------
    >>> import warnings
    >>> from sklearn.datasets import load_iris
    >>> from skebp import EBPClassifier, IgnoredParameterWarning
    >>> X, y = load_iris(return_X_y=True)
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     _ = EBPClassifier((5,), solver="lbfgs", batch_size=10).fit(X, y)
    >>> any(issubclass(w.category, IgnoredParameterWarning) for w in caught)
    True
    """


def check_combinations(params, *, incremental, defaults):
    """Refuse the parameter combinations that cannot work, saying why, and
    warn about parameters the chosen solver ignores.

    ``params`` is the estimator's ``get_params()`` and ``defaults`` its
    class's defaults; ``incremental`` whether this is ``partial_fit``.
    """
    _refuse_combinations(params, incremental)
    _warn_ignored(params, defaults)


def _refuse_combinations(params, incremental):
    if params["solver"] == "levenberg_marquardt" and not (
        params["lm_mu_max"] > params["lm_mu"]
    ):
        raise ValueError(
            f"lm_mu_max={params['lm_mu_max']!r} must be larger than "
            f"lm_mu={params['lm_mu']!r}: Levenberg-Marquardt stops as soon as "
            "its damping exceeds lm_mu_max, so it would stop before a step."
        )
    if params["normalization"] == "layer":
        sizes, activations = hidden_layers(
            params["hidden_layer_sizes"], params["activation"]
        )
        if any(m == 1 and a != "rbf" for m, a in zip(sizes, activations)):
            raise ValueError(
                f"normalization='layer' needs at least 2 units per hidden layer; "
                f"hidden_layer_sizes={params['hidden_layer_sizes']!r} has a layer "
                "of 1, whose normalized pre-activation is always 0 (the unit "
                "would output its shift). Widen it or use normalization='none'."
            )
    if incremental and params["early_stopping"] not in (False, "auto"):
        raise ValueError("partial_fit does not support early_stopping=True.")
    solver, rates = params["solver"], params["per_weight_rates"]
    stochastic = SOLVERS[solver].stochastic
    if params["normalization"] == "batch":
        if not stochastic:
            raise ValueError(
                f"normalization='batch' needs a mini-batch solver ('sgd', "
                f"'momentum' or 'adam'), not solver={solver!r}: it "
                "normalizes with each mini-batch's statistics, which a "
                "full-batch solver does not have (and Levenberg-Marquardt's "
                "per-sample Jacobian does not exist when samples share "
                "statistics). Use normalization='layer'."
            )
        if params["batch_size"] == 1:
            raise ValueError(
                "normalization='batch' needs batch_size > 1: a one-sample "
                "batch has zero variance, so every unit would output its "
                "shift. Use normalization='layer' for on-line learning."
            )
    if solver != "adam":
        return
    if rates != "none":
        raise ValueError(
            f"per_weight_rates={rates!r} needs solver='sgd' or "
            "'momentum': Adam divides every step by its own running gradient "
            "size, which cancels per-weight rates. Use per_weight_rates='none' "
            "with solver='adam'."
        )


def hidden_layers(hidden_layer_sizes, activation):
    """``(sizes, activations)`` of the hidden layers, one entry each, from
    the ``hidden_layer_sizes`` and ``activation`` parameters."""
    sizes = hidden_layer_sizes
    sizes = [sizes] if isinstance(sizes, numbers.Integral) else list(sizes)
    for s in sizes:
        if not isinstance(s, numbers.Integral) or isinstance(s, bool) or s < 1:
            raise ValueError(
                "hidden_layer_sizes must hold positive integers; got "
                f"{hidden_layer_sizes!r}."
            )
    sizes = [int(s) for s in sizes]
    if isinstance(activation, str):
        return sizes, [activation] * len(sizes)
    activations = list(activation)
    if len(activations) != len(sizes):
        raise ValueError(
            f"activation has {len(activations)} entries but hidden_layer_sizes "
            f"{hidden_layer_sizes!r} has {len(sizes)} hidden layers; give one "
            "activation per hidden layer, or a single string."
        )
    for a in activations:
        if a not in ACTIVATIONS:
            raise ValueError(
                f"activation entries must be among {sorted(ACTIVATIONS)}; got {a!r}."
            )
    return sizes, activations


# Public under skebp (see skebp/__init__.py): pickles and skops files name it there.
IgnoredParameterWarning.__module__ = "skebp"
