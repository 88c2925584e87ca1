"""Target encodings shared by the estimators: the ``target_values`` pair and
the "classes" of a real-valued target.

:func:`finite_pair` validates a ``(low, high)`` pair (the classifier's
sigmoid targets, the regressor's target range); :func:`target_bins` gives a
regression target the quantile bins that ``shuffle="class_alternate"``
alternates between.
"""

import numbers

import numpy as np

from ._stats import mean_and_scale

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
