import numpy as np
import pytest

from skebp import presentation_order


def _same_neighbours(y, order):
    labels = np.asarray(y)[order]
    if labels.ndim > 1:
        return int(np.all(labels[1:] == labels[:-1], axis=1).sum())
    return int((labels[1:] == labels[:-1]).sum())


def test_none_and_random():
    np.testing.assert_array_equal(presentation_order(5, mode="none"), np.arange(5))
    order = presentation_order(np.zeros(50), random_state=0)
    assert sorted(order) == list(range(50))
    assert not np.array_equal(order, np.arange(50))


@pytest.mark.parametrize("mode", ["random", "class_alternate", "emphasize"])
def test_reproducible_from_random_state(mode):
    y = np.repeat([0, 1, 2], [20, 12, 5])
    errors = np.linspace(0, 1, y.size)
    a = presentation_order(y, mode=mode, random_state=3, errors=errors)
    b = presentation_order(y, mode=mode, random_state=3, errors=errors)
    c = presentation_order(y, mode=mode, random_state=4, errors=errors)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_class_alternate_is_optimal_on_random_class_counts():
    rng = np.random.RandomState(0)
    for trial in range(500):
        counts = rng.randint(0, 15, size=rng.randint(1, 7))
        if counts.sum() == 0:
            continue
        y = rng.permutation(np.repeat(np.arange(counts.size), counts))
        order = presentation_order(y, mode="class_alternate", random_state=trial)
        assert sorted(order) == list(range(y.size))
        n_largest = counts.max()
        least = max(0, n_largest - (y.size - n_largest) - 1)
        assert _same_neighbours(y, order) == least, counts


def test_class_alternate_spreads_every_class():
    # Each class appears in every stretch of the epoch, not in one block.
    y = np.repeat(np.arange(10), 100)
    order = presentation_order(y, mode="class_alternate", random_state=0)
    for window in np.split(y[order], 10):
        assert len(np.unique(window)) == 10


def test_class_alternate_random_within_class():
    y = np.repeat([0, 1], 50)
    a = presentation_order(y, mode="class_alternate", random_state=0)
    b = presentation_order(y, mode="class_alternate", random_state=1)
    assert not np.array_equal(a[y[a] == 0], b[y[b] == 0])


def test_class_alternate_string_and_multilabel():
    y = np.array(["b", "a", "b", "c", "b", "a"])
    order = presentation_order(y, mode="class_alternate", random_state=0)
    assert _same_neighbours(y, order) == 0
    Y = np.array([[1, 0], [1, 0], [0, 1], [0, 1], [1, 1], [1, 1]])
    order = presentation_order(Y, mode="class_alternate", random_state=0)
    assert _same_neighbours(Y, order) == 0


def test_class_alternate_needs_labels():
    with pytest.raises(ValueError, match="needs the labels"):
        presentation_order(10, mode="class_alternate")


def test_emphasize_cap_and_floor():
    n, cap = 1000, 3.0
    errors = np.zeros(n)
    errors[:10] = 1.0  # ten outliers carry all the error
    draws = np.concatenate(
        [
            presentation_order(
                n, mode="emphasize", errors=errors, max_emphasis=cap, random_state=s
            )
            for s in range(200)
        ]
    )
    assert draws.size == 200 * n
    freq = np.bincount(draws, minlength=n) / draws.size * n  # 1 = uniform
    assert freq[:10].mean() == pytest.approx(cap, rel=0.05)
    # every other sample keeps the floor (1 - rho) / n
    rho = (cap - 1) / (n * 0.1 - 1)
    assert freq[10:].mean() == pytest.approx(1 - rho, rel=0.05)
    assert freq.max() < cap * 1.3


def test_emphasize_proportional_when_under_cap():
    errors = np.array([1.0, 2.0, 3.0, 4.0])
    draws = np.concatenate(
        [
            presentation_order(4, mode="emphasize", errors=errors, random_state=s)
            for s in range(5000)
        ]
    )
    freq = np.bincount(draws) / draws.size
    np.testing.assert_allclose(freq, errors / errors.sum(), atol=0.01)


def test_emphasize_without_errors_is_a_permutation():
    order = presentation_order(20, mode="emphasize", random_state=0)
    assert sorted(order) == list(range(20))


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"mode": "sorted"}, "mode must be one of"),
        ({"mode": "emphasize", "errors": [1.0, -1.0, 0.0]}, "non-negative"),
        ({"mode": "emphasize", "errors": [1.0]}, "errors has 1 entries"),
        ({"mode": "emphasize", "errors": [1, 1, 1], "max_emphasis": 0.5}, ">= 1"),
    ],
)
def test_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        presentation_order([0, 1, 0], **kwargs)
