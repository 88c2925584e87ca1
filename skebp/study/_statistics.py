"""Statistics for comparing configurations as the field does (Demšar 2006;
Nadeau and Bengio 2003): resampling-corrected intervals, corrections for
multiple comparisons, and rank tests across data sets.

- :func:`corrected_t`: the paired differences of repeated random splits are
  not independent (the training sets overlap), so the plain t-test
  understates their variance; Nadeau and Bengio's correction multiplies it
  by ``1/J + n_test/n_train``.
- :func:`holm` and :func:`benjamini_hochberg`: adjusted p-values for the
  cells of one table (family-wise error, or false discovery rate).
- :func:`wilcoxon`, :func:`win_tie_loss`: one configuration against
  another across data sets.
- :func:`friedman`, :func:`critical_difference`, :func:`rank_groups` and
  :func:`told_apart`: several configurations across data sets, by their
  average ranks (Friedman's test, Nemenyi's critical difference, the groups
  it cannot tell apart for the diagram, the pairs it can).

Every function takes plain sequences and returns plain numbers.
"""

import math

import numpy as np
from scipy import stats

#: Significance level of the tests and corrections.
ALPHA = 0.05


def corrected_t(differences, test_fraction, level=1 - ALPHA):
    """Nadeau-Bengio corrected resampled t-test of paired differences.

    Parameters
    ----------
    differences : sequence of float
        One paired difference per repetition (random split) of ``J``.
    test_fraction : float
        ``n_test / (n_train + n_test)`` of each split.
    level : float, default=0.95
        Confidence level of the interval.

    Returns
    -------
    mean, half_width, p_value : float
        The mean difference, the half-width of its corrected interval and
        the two-sided p-value of "no difference" (nan with fewer than two
        repetitions; 1 when every difference is 0).
    """
    d = np.asarray(differences, dtype=float)
    J = d.size
    mean = float(d.mean()) if J else math.nan
    if J < 2:
        return mean, math.nan, math.nan
    ratio = test_fraction / (1.0 - test_fraction)
    var = float(d.var(ddof=1)) * (1.0 / J + ratio)
    if var == 0.0:
        return mean, 0.0, 1.0 if mean == 0.0 else 0.0
    se = math.sqrt(var)
    half = float(stats.t.ppf(0.5 + level / 2, J - 1)) * se
    p = float(2 * stats.t.sf(abs(mean) / se, J - 1))
    return mean, half, p


def _ranked(p_values):
    """``(p, out, order)``: the p-values as floats, an all-nan output of
    their shape, and the indices of the non-nan ones from the smallest."""
    p = np.asarray(p_values, dtype=float)
    valid = np.flatnonzero(~np.isnan(p))
    return p, np.full(p.shape, np.nan), valid[np.argsort(p[valid], kind="stable")]


def holm(p_values):
    """Holm's step-down adjusted p-values (family-wise error), in the order
    given; nan entries stay nan and do not count."""
    p, out, order = _ranked(p_values)
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (order.size - rank) * p[i]))
        out[i] = running
    return out


def benjamini_hochberg(p_values):
    """Benjamini-Hochberg adjusted p-values (false discovery rate), in the
    order given; nan entries stay nan and do not count."""
    p, out, order = _ranked(p_values)
    running = 1.0
    for rank in range(order.size - 1, -1, -1):
        i = order[rank]
        running = min(running, order.size * p[i] / (rank + 1))
        out[i] = running
    return out


def win_tie_loss(a, b, tie=0.0):
    """How often ``a`` beats, ties (within ``tie``) and loses to ``b``,
    element by element (one per data set)."""
    d = np.asarray(a, dtype=float) - np.asarray(b, dtype=float)
    return int(np.sum(d > tie)), int(np.sum(np.abs(d) <= tie)), int(np.sum(d < -tie))


def wilcoxon(a, b):
    """Two-sided Wilcoxon signed-rank test of ``a`` against ``b`` across
    data sets: the p-value (1 when every difference is 0, nan with fewer
    than two data sets)."""
    d = np.asarray(a, dtype=float) - np.asarray(b, dtype=float)
    if d.size < 2:
        return math.nan
    if not np.any(d):
        return 1.0
    return float(stats.wilcoxon(d, zero_method="zsplit").pvalue)


def average_ranks(scores):
    """Each configuration's average rank over the data sets (rank 1: the
    highest score; ties share their average rank).  ``scores``: data sets
    as rows, configurations as columns."""
    S = np.asarray(scores, dtype=float)
    ranks = np.vstack([stats.rankdata(-row) for row in S])
    return ranks.mean(axis=0)


def friedman(scores):
    """Friedman's test that the configurations (columns) rank alike over the
    data sets (rows), with Iman and Davenport's F form (Demšar 2006).

    Returns
    -------
    chi2, p_chi2, F, p_F : float
    """
    S = np.asarray(scores, dtype=float)
    N, k = S.shape
    if N < 2 or k < 2:
        return math.nan, math.nan, math.nan, math.nan
    R = average_ranks(S)
    chi2 = 12 * N / (k * (k + 1)) * (np.sum(R**2) - k * (k + 1) ** 2 / 4)
    p_chi2 = float(stats.chi2.sf(chi2, k - 1))
    if chi2 >= N * (k - 1):  # every data set ranks them the same way
        return float(chi2), p_chi2, math.inf, 0.0
    F = (N - 1) * chi2 / (N * (k - 1) - chi2)
    p_F = float(stats.f.sf(F, k - 1, (k - 1) * (N - 1)))
    return float(chi2), p_chi2, float(F), p_F


def critical_difference(k, n_datasets, alpha=ALPHA):
    """Nemenyi's critical difference of average ranks for ``k``
    configurations over ``n_datasets`` data sets: two configurations whose
    average ranks differ by more differ significantly (Demšar 2006)."""
    q = stats.studentized_range.ppf(1 - alpha, k, np.inf) / math.sqrt(2)
    return float(q * math.sqrt(k * (k + 1) / (6.0 * n_datasets)))


def rank_groups(ranks, cd):
    """The bars of a critical-difference diagram: the maximal groups of
    configurations whose average ranks all lie within ``cd`` of each other,
    which Nemenyi's test cannot tell apart (Demšar 2006, Fig. 1).  Each group
    is a list of indices into ``ranks``, best rank first; groups of one are
    left out, so two configurations are told apart exactly when no group
    holds both."""
    r = np.asarray(ranks, dtype=float)
    order = np.argsort(r, kind="stable")
    spans = []
    for i in range(len(order)):
        j = i
        while j + 1 < len(order) and r[order[j + 1]] - r[order[i]] <= cd:
            j += 1
        if j > i and not (spans and spans[-1][1] >= j):
            spans.append((i, j))
    return [[int(k) for k in order[i : j + 1]] for i, j in spans]


def told_apart(names, ranks, cd):
    """Nemenyi's verdicts: each configuration of ``names`` with those whose
    average ``ranks`` are worse than its own by more than ``cd``, ``[(name,
    [worse, ...]), ...]``, best first (those with none left out)."""
    order = sorted(zip(ranks, names))
    found = []
    for i, (rank, name) in enumerate(order):
        below = [other for r, other in order[i + 1 :] if r - rank > cd]
        if below:
            found.append((name, below))
    return found
