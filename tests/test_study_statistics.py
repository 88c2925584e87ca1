"""The study's statistics against hand computations, scipy and Demšar's
published table."""

import math

import numpy as np
import pytest
from scipy import stats

from skebp.study._statistics import (
    average_ranks,
    benjamini_hochberg,
    corrected_t,
    critical_difference,
    friedman,
    holm,
    rank_groups,
    wilcoxon,
    win_tie_loss,
)

P = [0.01, 0.04, 0.03, 0.005]


def test_holm_by_hand():
    # sorted 0.005, 0.01, 0.03, 0.04 times 4, 3, 2, 1, made monotone
    np.testing.assert_allclose(holm(P), [0.03, 0.06, 0.06, 0.02])
    np.testing.assert_allclose(holm([0.5, 0.9]), [1.0, 1.0])
    out = holm([0.01, np.nan, 0.02])
    assert math.isnan(out[1])
    np.testing.assert_allclose(out[[0, 2]], [0.02, 0.02])


def test_benjamini_hochberg_by_hand_and_as_scipy():
    # 0.005*4/1, 0.01*4/2, 0.03*4/3, 0.04*4/4, made monotone from the top
    np.testing.assert_allclose(benjamini_hochberg(P), [0.02, 0.04, 0.04, 0.02])
    rng = np.random.default_rng(0)
    p = rng.uniform(size=30) ** 3
    if hasattr(stats, "false_discovery_control"):
        np.testing.assert_allclose(
            benjamini_hochberg(p), stats.false_discovery_control(p), rtol=1e-12
        )


def test_corrected_t_widens_the_plain_interval():
    d = [0.02, 0.01, 0.03, -0.005, 0.015]
    mean, half, p = corrected_t(d, test_fraction=0.3)
    J = len(d)
    se = math.sqrt(np.var(d, ddof=1) * (1 / J + 0.3 / 0.7))
    assert mean == pytest.approx(np.mean(d))
    assert half == pytest.approx(stats.t.ppf(0.975, J - 1) * se)
    assert p == pytest.approx(2 * stats.t.sf(abs(np.mean(d)) / se, J - 1))
    plain = stats.ttest_1samp(d, 0.0).pvalue
    assert p > plain  # the overlap of the splits makes the evidence weaker
    assert math.isnan(corrected_t([0.1], 0.3)[1])
    assert corrected_t([0.0, 0.0, 0.0], 0.3)[1:] == (0.0, 1.0)


def test_rank_tests_as_scipy_computes_them():
    rng = np.random.default_rng(1)
    scores = rng.normal(size=(12, 4)) + [0.0, 0.3, 0.6, 0.9]  # no ties
    chi2, p_chi2, F, p_F = friedman(scores)
    expected = stats.friedmanchisquare(*scores.T)
    assert chi2 == pytest.approx(expected.statistic)
    assert p_chi2 == pytest.approx(expected.pvalue)
    N, k = scores.shape
    assert F == pytest.approx((N - 1) * chi2 / (N * (k - 1) - chi2))
    np.testing.assert_allclose(
        average_ranks([[0.9, 0.8, 0.8], [0.1, 0.3, 0.2]]), [2.0, 1.75, 2.25]
    )
    a, b = scores[:, 3], scores[:, 0]
    assert wilcoxon(a, b) == pytest.approx(stats.wilcoxon(a - b).pvalue)
    assert wilcoxon(a, a) == 1.0
    assert win_tie_loss([0.9, 0.5, 0.7], [0.8, 0.5, 0.75], tie=0.01) == (1, 1, 1)


@pytest.mark.parametrize(
    "k, q", [(2, 1.960), (3, 2.343), (4, 2.569), (5, 2.728), (10, 3.164)]
)
def test_critical_difference_matches_demsar_table(k, q):
    # Demšar (2006), Table 5(a): q_0.05 of the Nemenyi test
    N = 20
    expected = q * math.sqrt(k * (k + 1) / (6 * N))
    assert critical_difference(k, N) == pytest.approx(expected, rel=2e-3)


def test_rank_groups_are_the_bars_of_demsars_diagram():
    # the real-data study's ranks: two overlapping groups, and the best
    # is told apart from the two worst only
    ranks = [2.80, 3.46, 3.91, 3.93, 4.02, 4.77, 5.11]
    assert rank_groups(ranks, 1.70) == [[0, 1, 2, 3, 4], [1, 2, 3, 4, 5, 6]]
    # in any order, best rank first; a group inside another is not a bar
    assert rank_groups([3.0, 1.0, 2.0], 1.5) == [[1, 2], [2, 0]]
    assert rank_groups([1.0, 2.0, 3.0], 0.5) == []
    assert rank_groups([1.0, 1.2, 1.4], 1.0) == [[0, 1, 2]]
    # two configurations share a group exactly when their ranks are within
    # the critical difference
    rng = np.random.default_rng(0)
    for _ in range(50):
        r = rng.uniform(1, 6, size=6)
        cd = rng.uniform(0.2, 3)
        groups = rank_groups(r, cd)
        for i in range(6):
            for j in range(i + 1, 6):
                together = any(i in g and j in g for g in groups)
                assert together == (abs(r[i] - r[j]) <= cd)
