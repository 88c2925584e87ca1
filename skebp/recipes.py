"""Named sets of hyperparameters: ``EBPClassifier(**RECIPES["lecun98"])``.

``RECIPES`` maps a name to a dict of constructor parameters:

``"lecun98"``
    The paper's recipe (Efficient BackProp, section 1.4): ``lecun_tanh``
    units, targets at +-1, fan-in initialization, standardized inputs,
    class-alternating presentation, on-line stochastic diagonal
    Levenberg-Marquardt (``per_weight_rates="sdlm"``) with
    ``learning_rate_init="auto"``.
``"modern"``
    What replaced it: ReLU, He initialization, softmax with cross-entropy,
    standardized inputs, Adam.

Examples
--------
>>> from skebp import RECIPES, EBPClassifier
>>> sorted(RECIPES)
['lecun98', 'modern']
>>> clf = EBPClassifier((30,), **RECIPES["lecun98"])
>>> clf.target_values
(-1.0, 1.0)
"""

#: Recipe name -> constructor parameters shared by EBPClassifier and
#: EBPRegressor, except ``target_values`` and ``shuffle="class_alternate"``,
#: which only the classifier takes (see :func:`regressor_params`).
RECIPES = {
    # The paper's recipe (section 1.4): lecun_tanh units, targets at +-1,
    # fan-in initialization, normalized inputs, class-alternating order,
    # on-line stochastic diagonal Levenberg-Marquardt with its global rate
    # from the largest Hessian eigenvalue.
    "lecun98": {
        "activation": "lecun_tanh",
        "target_values": (-1.0, 1.0),
        "init": "lecun",
        "whitening": "standardize",
        "shuffle": "class_alternate",
        "solver": "sgd",
        "batch_size": 1,
        "per_weight_rates": "sdlm",
        "learning_rate_init": "auto",
    },
    # What replaced it: ReLU, He initialization, softmax + cross-entropy,
    # standardized inputs, Adam.
    "modern": {
        "activation": "relu",
        "target_values": "softmax",
        "init": "he",
        "whitening": "standardize",
        "shuffle": "random",
        "solver": "adam",
        "learning_rate_init": 0.01,
    },
}


def regressor_params(recipe):
    """The parameters of ``recipe`` that EBPRegressor accepts.

    Parameters
    ----------
    recipe : str or dict
        A key of :data:`RECIPES`, or such a dict.

    Returns
    -------
    params : dict
        Without ``target_values``; ``shuffle="class_alternate"`` becomes
        ``"random"``.

    Examples
    --------
    >>> from skebp.recipes import regressor_params
    >>> regressor_params("lecun98")["shuffle"]
    'random'
    """
    params = dict(RECIPES[recipe] if isinstance(recipe, str) else recipe)
    params.pop("target_values", None)
    if params.get("shuffle") == "class_alternate":
        params["shuffle"] = "random"
    return params
