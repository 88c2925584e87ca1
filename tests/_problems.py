"""Small random problems shared by the kernel tests."""

import numpy as np


def make_problem(rng, n, n_features, n_outputs, out):
    """Inputs and targets suited to the output activation ``out``: one-hot
    rows for softmax, 0/1 labels for logistic, real values otherwise."""
    X = rng.normal(size=(n, n_features))
    if out == "softmax":
        Y = np.eye(n_outputs)[rng.randint(n_outputs, size=n)]
    elif out == "logistic":
        Y = rng.randint(2, size=(n, n_outputs)).astype(float)
    else:
        Y = rng.normal(size=(n, n_outputs))
    return X, Y
