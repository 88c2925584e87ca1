"""Atomic fits: the estimator's state saved before a fit and put back if
the fit raises, so that a failed fit leaves the estimator as it was."""

import copy

#: Attributes scikit-learn's callback support sets during a fit and removes
#: after it.
_CALLBACK_KEYS = ("_callback_fit_ctx", "_skl_callbacks_to_teardown")


def snapshot(estimator, deep):
    """The estimator's state, to restore if a fit fails; ``deep`` copies
    what a continued fit (``warm_start``, ``partial_fit``) changes in place:
    the parameters, the network's running statistics, the training record,
    the solver state and the random generator."""
    saved = dict(estimator.__dict__)
    if deep:
        saved["_theta"] = estimator._theta.copy()
        names = ("_network", "_record", "_state", "_random_state")
        copies = copy.deepcopy(tuple(saved[k] for k in names))
        saved.update(zip(names, copies))
    return saved


def restore(estimator, saved):
    """Put back a :func:`snapshot`.  scikit-learn's callback context of the
    running fit is torn down by its own wrapper, after this: it is kept."""
    running = {k: v for k, v in vars(estimator).items() if k in _CALLBACK_KEYS}
    estimator.__dict__.clear()
    estimator.__dict__.update(saved)
    estimator.__dict__.update(running)
