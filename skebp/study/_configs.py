"""The study's configurations: the two recipes, one-at-a-time ablations of
each, the package defaults, and scikit-learn's MLP as the reference."""

from ..recipes import RECIPES

#: Learning-rate grids tuned per configuration (on a validation split of
#: the training data), by solver; SDLM's rate is its epsilon.
#: Three decades in half-decade steps; ``_runner._tune_rate`` races them by
#: successive halving and extends the grid when the best rate is at an edge.
RATE_GRIDS = {
    "sgd": (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0),
    "momentum": (0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1),
    "adam": (0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1),
}
#: The estimators' default solver (both).
DEFAULT_SOLVER = "adam"
#: The configuration every other one is compared with, by name prefix.
BASES = ("lecun98", "modern")
#: The reference row: scikit-learn's default MLP behind a StandardScaler.
REFERENCE = "sklearn"
#: What a user would pick instead of an MLP: configurations that are not
#: skebp's (their "parameters" name the model; ``_runner.baseline``).
BASELINES = {"hgb": "hgb", "linear": "linear"}
#: A recipe as a user gets it (``RECIPES[name]`` unchanged, rate not tuned):
#: this key in a configuration's parameters, removed before the fit.
AS_GIVEN = "_as_given"

_LECUN98_ABLATIONS = {
    "no SDLM": {"per_weight_rates": "none"},
    "fan_in rates": {"per_weight_rates": "fan_in"},
    "fixed rate": {"learning_rate_init": 0.01},
    "random order": {"shuffle": "random"},
    "emphasize": {"shuffle": "emphasize"},
    "softmax": {"target_values": "softmax"},
    "relu": {"activation": "relu"},
    "he init": {"init": "he"},
    "no whitening": {"whitening": "none"},
    "zca": {"whitening": "zca"},
    "no weight decay": {"alpha": 0.0},
    "mini-batch": {"batch_size": "auto"},
    # Full-batch gradient steps (the batch size is clipped to the training set).
    "full batch": {"batch_size": 1_000_000},
    "momentum": {"solver": "momentum", "per_weight_rates": "none"},
    "lbfgs": {
        "solver": "lbfgs",
        "per_weight_rates": "none",
        "batch_size": "auto",
        "learning_rate_init": 0.01,
        "shuffle": "random",
    },
    "levenberg_marquardt": {
        "solver": "levenberg_marquardt",
        "per_weight_rates": "none",
        "batch_size": "auto",
        "learning_rate_init": 0.01,
        "shuffle": "random",
    },
}
_MODERN_ABLATIONS = {
    "no weight decay": {"alpha": 0.0},
    "momentum": {"solver": "momentum"},
    "nesterov": {"solver": "momentum", "nesterovs_momentum": True},
    "prelu": {"activation": "prelu"},
    "tanh": {"activation": "lecun_tanh"},
    "lecun init": {"init": "lecun"},
    "glorot init": {"init": "glorot"},
    "batch norm": {"normalization": "batch"},
    "layer norm": {"normalization": "layer"},
    "+-1 targets": {"target_values": (-1.0, 1.0)},
    "no whitening": {"whitening": "none"},
    "zca": {"whitening": "zca"},
    "class_alternate": {"shuffle": "class_alternate"},
    "emphasize": {"shuffle": "emphasize"},
    "lbfgs": {"solver": "lbfgs"},
}


def builtin_configs():
    """``{name: params}`` of every built-in configuration (``REFERENCE``
    maps to None: it is scikit-learn's estimator, not skebp's)."""
    configs = {"lecun98": dict(RECIPES["lecun98"]), "modern": dict(RECIPES["modern"])}
    for base, ablations in (
        ("lecun98", _LECUN98_ABLATIONS),
        ("modern", _MODERN_ABLATIONS),
    ):
        for change, params in ablations.items():
            configs[f"{base}: {change}"] = {**RECIPES[base], **params}
    for base in BASES:
        if tuned(RECIPES[base]):  # else the recipe is the same as given
            configs[f"{base} (as given)"] = {**RECIPES[base], AS_GIVEN: True}
    configs["defaults"] = {}
    configs[REFERENCE] = None
    configs.update(BASELINES)
    return configs


def is_skebp(params):
    """Whether a configuration is one of skebp's estimators (not the
    scikit-learn reference or a baseline)."""
    return isinstance(params, dict)


def estimator_params(params):
    """A skebp configuration's parameters as the estimator takes them."""
    return {k: v for k, v in params.items() if k != AS_GIVEN}


#: Ablations compared with another ablation rather than with their recipe:
#: Nesterov's momentum against plain momentum (both replace Adam).
BASE_OVERRIDES = {"modern: nesterov": "modern: momentum"}


def base_of(name):
    """The configuration ``name`` is compared with (None for the others)."""
    if name in BASE_OVERRIDES:
        return BASE_OVERRIDES[name]
    base = name.split(":", 1)[0]
    return base if ":" in name and base in BASES else None


def tuned(params):
    """Whether the configuration's rate is tuned: a first-order solver with
    a float rate (``"auto"`` sets its own; full-batch solvers have none; the
    defaults are measured as they are)."""
    if not is_skebp(params) or not params or params.get(AS_GIVEN):
        # the reference and the baselines, the defaults and the recipes as a
        # user gets them
        return False
    solver = params.get("solver", DEFAULT_SOLVER)
    return solver in RATE_GRIDS and params.get("learning_rate_init") != "auto"


def rate_grid(params):
    """The rates tuning tries for a configuration (None: nothing tuned)."""
    if not tuned(params):
        return None
    return list(RATE_GRIDS[params.get("solver", DEFAULT_SOLVER)])


def resolve(configs):
    """``{name: params}`` from names of built-in configurations and
    ``{name: params}`` dicts of the user's own."""
    known = builtin_configs()
    if configs is None:
        return known
    out = {}
    items = configs.items() if isinstance(configs, dict) else configs
    for item in items:
        if isinstance(item, str):
            if item not in known:
                raise ValueError(
                    f"unknown configuration {item!r}; built-in ones are: "
                    f"{', '.join(repr(k) for k in known)}."
                )
            out[item] = known[item]
        else:
            name, params = item
            if not is_skebp(params):
                raise ValueError(
                    f"configuration {name!r} must be a dict of EBPClassifier/"
                    f"EBPRegressor parameters; got {type(params).__name__}."
                )
            out[name] = params
    return out
