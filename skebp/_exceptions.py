"""The package's own exception."""


class DivergenceError(ValueError, FloatingPointError):
    """Training diverged: a mini-batch loss or the weights are not finite.

    Raised by ``fit`` and ``partial_fit`` of :class:`EBPClassifier` and
    :class:`EBPRegressor` at the first non-finite loss, instead of running on
    with NaN weights; the message names the parameters to change.  A
    subclass of ``ValueError`` (and of ``FloatingPointError``).

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from skebp import DivergenceError, EBPRegressor
    >>> X, y = load_iris(return_X_y=True)
    >>> reg = EBPRegressor((10,), "relu", learning_rate_init=1000.0, random_state=0)
    >>> try:
    ...     reg.fit(X, y)
    ... except DivergenceError:
    ...     print("diverged")
    diverged
    """


# Public under skebp (see skebp/__init__.py): pickles and skops files name it there.
DivergenceError.__module__ = "skebp"
