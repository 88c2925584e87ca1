"""What happens inside a network: per-layer gradient norms and saturation.

:func:`layer_statistics` measures, at a fitted estimator's current weights,
the quantities behind the vanishing- and exploding-gradient story of
Efficient BackProp (sections 4.4 to 4.6) and of deep ReLU networks: how
large each layer's gradient is, and how many of its units sit where their
activation is flat.  Called after each ``partial_fit`` (one epoch each),
it records them per epoch::

    clf = EBPClassifier((64,) * 6, "relu", init="glorot")
    history = []
    for epoch in range(20):
        clf.partial_fit(X, y, classes=classes)
        history.append(layer_statistics(clf, X, y))
"""

import numpy as np
from sklearn.utils.validation import check_is_fitted

from ._activations import ACTIVATIONS

#: A unit is saturated where its activation's derivative is below this
#: fraction of the largest one (sigmoids in their flat tails, ReLU units
#: that are off).
SATURATION = 0.1


def _peak_derivative(activation):
    """The largest derivative of ``activation`` (at 0 for the sigmoids,
    on the positive side for the ReLU family)."""
    z = np.array([[-1e-3, 0.0, 1e-3]])
    a = ACTIVATIONS[activation].forward(z.copy(), np.empty_like(z))
    return float(ACTIVATIONS[activation].derivative(z, a, np.empty_like(z)).max())


def layer_statistics(estimator, X, y, *, saturation=SATURATION):
    """Per-layer gradient norms and saturated fractions at the current weights.

    Parameters
    ----------
    estimator : EBPClassifier or EBPRegressor
        A fitted estimator, whose current weights are measured.
    X : {array-like, sparse matrix} of shape (n_samples, n_features)
        Inputs, as ``fit`` takes them (whitened by the estimator).
    y : array-like
        Targets, as ``fit`` takes them (labels known to the classifier).
    saturation : float, default=0.1
        A unit is saturated on a sample where the derivative of its
        activation is below ``saturation`` times the activation's largest
        derivative.

    Returns
    -------
    stats : dict
        ``"gradient_norm"``: for every layer (hidden layers, then the output
        layer), the Euclidean norm of the gradient of the data term of the
        loss with respect to its weights; ``"saturated"``: for every hidden
        layer, the fraction of (sample, unit) pairs that are saturated
        (None for radial layers, whose units are not sigmoids).

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from skebp import EBPClassifier
    >>> from skebp.diagnostics import layer_statistics
    >>> X, y = load_iris(return_X_y=True)
    >>> clf = EBPClassifier((8, 8), max_iter=5, random_state=0).fit(X, y)
    >>> stats = layer_statistics(clf, X, y)
    >>> len(stats["gradient_norm"]), len(stats["saturated"])
    (3, 2)
    """
    check_is_fitted(estimator, "_theta")
    if not 0.0 < saturation < 1.0:
        raise ValueError(f"saturation must be in (0, 1); got {saturation!r}.")
    X = estimator._network_input(X)
    Y = np.asarray(estimator._transform_targets(y), dtype=X.dtype)
    if Y.shape[0] != X.shape[0]:
        raise ValueError(
            f"X has {X.shape[0]} samples but y has {Y.shape[0]}; they must match."
        )
    net, theta = estimator._network, estimator._theta
    ws = net.workspace(X.shape[0], theta.dtype)
    grad = np.empty_like(theta)
    net.loss_grad(theta, X, Y, None, 0.0, grad, ws)
    norms = [float(np.linalg.norm(grad[s])) for s in net.coef_slices]
    params = ws.views(theta)  # made by loss_grad's pass
    saturated = []
    for i, act in enumerate(net.activations[:-1]):
        if act == "rbf":
            saturated.append(None)
            continue
        d = net._activation_derivative(i, ws, X.shape[0], params[i])
        if d is None:  # identity units never saturate
            saturated.append(0.0)
            continue
        peak = 1.0 if act == "prelu" else _peak_derivative(act)
        saturated.append(float(np.mean(np.abs(d) < saturation * peak)))
    return {"gradient_norm": norms, "saturated": saturated}
