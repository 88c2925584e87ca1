"""Statistics that neither overflow nor mistake small units for constants.

Weighted means and variances of values near the float64 limits are computed
on values scaled by their largest magnitude and scaled back (the variance
of values over 1e154 overflows otherwise, and that of values under 1e-154
underflows to zero); a column is constant when its variance is within
rounding of zero relative to its own mean, as in scikit-learn's
``StandardScaler``, not below an absolute threshold, so targets or
features in small units keep their scale.
"""

import numpy as np

#: Magnitudes outside [EXTREME_LOW, EXTREME_HIGH] are scaled before their
#: squares are taken.
EXTREME_HIGH = 1e100
EXTREME_LOW = 1e-100


def extreme_scale(values):
    """The largest magnitude of ``values`` when it is extreme (their squares
    would overflow or underflow), else 1."""
    largest = float(np.max(np.abs(values))) if np.size(values) else 0.0
    if largest > EXTREME_HIGH or 0.0 < largest < EXTREME_LOW:
        return largest
    return 1.0


def is_constant(var, mean, n_samples):
    """Whether each column of variance ``var`` and mean ``mean`` over
    ``n_samples`` rows is constant up to rounding (scikit-learn's rule)."""
    eps = np.finfo(np.float64).eps
    upper_bound = n_samples * eps * var + (n_samples * mean * eps) ** 2
    return var <= upper_bound


def mean_and_scale(Y, sample_weight=None):
    """Weighted mean and standard deviation of each column of ``Y``; the
    scale of a constant column is 1."""
    Y = np.asarray(Y, dtype=np.float64)
    c = extreme_scale(Y)
    Ys = Y / c if c != 1.0 else Y
    mean = np.average(Ys, axis=0, weights=sample_weight)
    var = np.average((Ys - mean) ** 2, axis=0, weights=sample_weight)
    scale = np.sqrt(var) * c
    scale[is_constant(var, mean, Y.shape[0])] = 1.0
    return mean * c, scale


def range_map(Y, low, high):
    """Offset and scale of each column of ``Y`` such that ``(Y - offset) /
    scale`` spans ``[low, high]``; a constant column maps to the midpoint
    with scale 1."""
    Y = np.asarray(Y, dtype=np.float64)
    c = extreme_scale(Y)
    Ys = Y / c if c != 1.0 else Y
    lo, hi, mean = Ys.min(axis=0), Ys.max(axis=0), Ys.mean(axis=0)
    constant = is_constant(Ys.var(axis=0), mean, Y.shape[0])
    scale = np.where(constant, 1.0, (hi - lo) * c / (high - low))
    offset = np.where(constant, mean * c - (low + high) / 2, lo * c - low * scale)
    return offset, scale
