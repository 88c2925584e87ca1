"""Target encodings shared by the estimators: the ``target_values`` pair,
the "classes" of a real-valued target, and the checks of targets and class
weights.

:func:`finite_pair` validates a ``(low, high)`` pair (the classifier's
sigmoid targets, the regressor's target range); :func:`target_bins` gives a
regression target the quantile bins that ``shuffle="class_alternate"``
alternates between.
"""

import numbers

import numpy as np
from sklearn.utils.class_weight import compute_sample_weight

from ._stats import mean_and_scale

#: Targets must stay this factor below the largest value of the model's dtype,
#: so that predictions scaled back to their units cannot overflow.
TARGET_HEADROOM = 100.0


def check_target_range(y, dtype):
    """Refuse regression targets within ``TARGET_HEADROOM`` of ``dtype``'s
    largest value (the model computes in the training data's dtype)."""
    largest = float(np.max(np.abs(y))) if np.size(y) else 0.0
    limit = float(np.finfo(dtype).max)
    if largest > limit / TARGET_HEADROOM:
        fix = (
            "rescale y"
            if dtype == np.float64
            else "fit on float64 X (the model computes in X's dtype), or rescale y"
        )
        raise ValueError(
            f"y reaches {largest:.3g}, within a factor {TARGET_HEADROOM:g} of the "
            f"largest {np.dtype(dtype)} ({limit:.3g}): predictions scaled back to "
            f"these units could overflow; {fix}."
        )


def unscale_targets(A, mean, scale):
    """Network outputs ``A`` in the units of the training targets, computed
    in float64 (a float32 model near float32's limits would overflow on the
    way) and returned in ``A``'s dtype; a clear error if they do not fit."""
    Y = A.astype(np.float64) * scale + mean
    with np.errstate(over="ignore"):
        Y = Y.astype(A.dtype, copy=False)
    if not np.all(np.isfinite(Y)):
        raise ValueError(
            f"predictions reach {float(np.max(np.abs(A))):.3g} standard units, "
            f"beyond the range of {A.dtype} in the units of the training "
            "targets; rescale y, or fit on float64 data."
        )
    return Y


def class_sample_weight(class_weight, y, incremental):
    """Per-sample weights from a classifier's ``class_weight`` (None for
    None); refuses negative weights, and ``"balanced"`` in ``partial_fit``."""
    if class_weight is None:
        return None
    if incremental and isinstance(class_weight, str):
        raise ValueError(
            "class_weight='balanced' is not supported by partial_fit: one call "
            "does not see the class counts of all the data. Compute them once "
            "with sklearn.utils.class_weight.compute_class_weight('balanced', "
            "classes=classes, y=y_all) and pass class_weight as a dict."
        )
    check_class_weight(class_weight)
    return compute_sample_weight(class_weight, y)


def check_class_weight(class_weight):
    """Refuse negative weights in a ``class_weight`` dict (or list of dicts,
    one per output), as scikit-learn does."""
    given = [class_weight] if isinstance(class_weight, dict) else class_weight
    for weights in given if isinstance(given, list) else ():
        if not isinstance(weights, dict):
            continue
        negative = {k: v for k, v in weights.items() if not v >= 0}
        if negative:
            raise ValueError(
                f"class_weight must give every class a weight >= 0; got {negative}."
            )


#: Quantile bins of a regression target that ``shuffle="class_alternate"``
#: alternates between (the "classes" of a real-valued target).
TARGET_BINS = 10


def finite_pair(tv, alternative):
    """``target_values`` as a pair ``(low, high)`` of floats, or a clear error
    naming ``alternative``, the other value the parameter takes."""
    if not (
        len(tv) == 2
        and all(isinstance(v, numbers.Real) and np.isfinite(v) for v in tv)
        and tv[0] < tv[1]
    ):
        raise ValueError(
            f"target_values must be {alternative} or a pair (low, high) of finite "
            f"numbers with low < high, such as (-1, 1) or (0.1, 0.9); got {tv!r}."
        )
    return float(tv[0]), float(tv[1])


def target_bins(y, n_bins=TARGET_BINS):
    """The quantile bin of each sample's target (of the mean of the
    standardized targets when there are several)."""
    Y = np.asarray(y, dtype=np.float64).reshape(len(y), -1)
    t = ((Y - Y.mean(axis=0)) / mean_and_scale(Y)[1]).mean(axis=1)
    edges = np.quantile(t, np.arange(1, n_bins) / n_bins)
    return np.searchsorted(edges, t)
