"""Weight initialization (trick 6): the methods ``init`` names, and what
``init="auto"`` means for a network."""

#: How each ``init`` draws the weights: the standard deviation as a function
#: of (fan_in, fan_out).  All draws are uniform with that standard deviation.
INITS = {
    "lecun": lambda fan_in, fan_out: fan_in**-0.5,
    "glorot": lambda fan_in, fan_out: (2.0 / (fan_in + fan_out)) ** 0.5,
    "he": lambda fan_in, fan_out: (2.0 / fan_in) ** 0.5,
}
#: ``init="auto"``: networks whose hidden units are all piecewise linear
#: start from Glorot's draws at half their scale (chosen on real data and
#: confirmed on data sets no choice had seen, ``docs/real_data.md``), those
#: of :data:`AUTO_DEEP_LAYERS` or more hidden layers at their full scale
#: (each ReLU layer at half scale passes on about an eighth of its input's
#: variance, and six such layers left most momentum and plain SGD fits at
#: the constant model: the fourteenth round, ``benchmarks/check_deep.py``);
#: any other network (sigmoids, radial units, smooth units, no hidden layer)
#: from LeCun's, the paper's initialization for sigmoids (trick 6).
PIECEWISE_LINEAR = frozenset({"relu", "leaky_relu", "prelu"})
AUTO_SMALL_INIT = ("glorot", 0.5)
AUTO_DEEP_INIT = ("glorot", 1.0)
AUTO_DEEP_LAYERS = 4


def resolve_init(init, hidden_activations):
    """``(method, scale factor)`` that ``init`` means for a network with
    these hidden activations (a key of :data:`INITS` and factor 1 unless
    ``init="auto"``)."""
    if init != "auto":
        return init, 1.0
    hidden = tuple(hidden_activations)
    if hidden and all(a in PIECEWISE_LINEAR for a in hidden):
        return AUTO_DEEP_INIT if len(hidden) >= AUTO_DEEP_LAYERS else AUTO_SMALL_INIT
    return "lecun", 1.0
