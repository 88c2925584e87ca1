"""Presentation order: the sequence of sample indices for one epoch (tricks 1-2)."""

import numbers

import numpy as np
from sklearn.utils import check_random_state

MODES = ("none", "random", "class_alternate", "emphasize")


def presentation_order(
    y, *, mode="random", random_state=None, errors=None, max_emphasis=5.0
):
    """Indices of the samples in the order one epoch presents them.

    The function the estimators call before every epoch, public so that the
    order can be inspected and reused (Efficient BackProp, section 1.4.2).

    Parameters
    ----------
    y : array-like of shape (n_samples,) or (n_samples, n_outputs), or int
        The targets, or simply the number of samples for the modes that do
        not look at the labels (``"none"``, ``"random"``, ``"emphasize"``).
    mode : {"random", "none", "class_alternate", "emphasize"}, default="random"
        - ``"none"``: ``0, 1, ..., n_samples - 1``.
        - ``"random"``: a random permutation.
        - ``"class_alternate"``: successive samples come from different
          classes wherever the class counts allow; with a class larger than
          all others together, the number of same-class neighbours is the
          least possible, ``max(0, n_largest - n_rest - 1)``.  Within each
          class the order is random.  For 2-d ``y`` (multilabel or
          multi-output) the distinct rows of ``y`` act as classes.
        - ``"emphasize"``: ``n_samples`` draws with replacement, sample ``i``
          with probability ``p_i = (1 - rho) / n + rho * e_i / sum(e)``, with
          ``rho`` in [0, 1] the largest value for which no ``p_i`` exceeds
          ``max_emphasis / n``.  High-error samples are shown more often, no
          sample more than ``max_emphasis`` times as often as under uniform
          sampling, and every sample keeps at least ``(1 - rho) / n``.
    random_state : int, RandomState instance or None, default=None
        Seeds the permutations and draws.
    errors : array-like of shape (n_samples,), default=None
        Non-negative per-sample errors (for example last epoch's losses) that
        drive ``"emphasize"``; ``None`` means uniform.  Ignored by the other
        modes.
    max_emphasis : float, default=5.0
        The cap ``M >= 1`` of ``"emphasize"``.

    Returns
    -------
    order : ndarray of shape (n_samples,)
        Sample indices (each once, except for ``"emphasize"``).

    Notes
    -----
    ``"class_alternate"`` spreads every class evenly over the epoch: the j-th
    sample of class c (in random order) gets the key ``(j + u_c) / n_c`` with
    a random offset ``u_c``, and the samples are sorted by key.  Between two
    samples of a class there is then a sample of every class at least as
    large, so only a unique largest class can meet itself; it is therefore
    inserted afterwards into the gaps of the others, one sample into each gap
    between two samples of the same class and the rest into evenly spaced
    gaps, at most one per gap (or, if it holds more than half of the
    samples, in ``n_rest + 1`` runs of nearly equal length).  The
    construction is vectorised: O(n log n).

    References
    ----------
    Y. LeCun, L. Bottou, G. Orr, K.-R. Mueller, "Efficient BackProp", in
    Neural Networks: Tricks of the Trade, 1998, section 1.4.2.

    Examples
    --------
    >>> from skebp import presentation_order
    >>> y = [0, 0, 0, 1, 1, 2]
    >>> order = presentation_order(y, mode="class_alternate", random_state=0)
    >>> labels = [y[i] for i in order]
    >>> any(a == b for a, b in zip(labels, labels[1:]))
    False
    >>> presentation_order(4, mode="none")
    array([0, 1, 2, 3])
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}; got {mode!r}.")
    if isinstance(y, numbers.Integral):
        if mode == "class_alternate":
            raise ValueError("mode='class_alternate' needs the labels y, not a count.")
        n_samples = int(y)
    else:
        y = np.asarray(y)
        n_samples = y.shape[0]
    if n_samples < 0:
        raise ValueError(f"the number of samples must be >= 0; got {n_samples}.")
    rng = check_random_state(random_state)
    if mode == "none":
        return np.arange(n_samples)
    if mode == "random":
        return rng.permutation(n_samples)
    if mode == "class_alternate":
        return _class_alternate(y, rng)
    return _emphasize(n_samples, errors, max_emphasis, rng)


def _spread(codes, counts, rng):
    """Indices of the samples ordered by proportional keys: the j-th sample
    (random within its class) of class c gets key (j + offset_c) / n_c, so
    each class is spread evenly over the sequence.  Between two successive
    samples of a class lies a sample of every class at least as large."""
    n = codes.size
    perm = rng.permutation(n)
    c = codes[perm]
    # rank of each sample within its class, in the random order ``perm``
    order_by_class = np.argsort(c, kind="stable")
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    rank = np.empty(n, dtype=np.float64)
    rank[order_by_class] = np.arange(n) - np.repeat(starts, counts)
    offsets = rng.random_sample(counts.size)
    keys = (rank + offsets[c]) / counts[c]
    return perm[np.argsort(keys, kind="stable")]


def _class_alternate(y, rng):
    n = y.shape[0]
    if y.ndim > 1:
        _, codes = np.unique(y.reshape(n, -1), axis=0, return_inverse=True)
    else:
        _, codes = np.unique(y, return_inverse=True)
    codes = codes.ravel()
    counts = np.bincount(codes)
    if counts.size <= 1:
        return rng.permutation(n)
    largest = int(np.argmax(counts))
    n_largest = int(counts[largest])
    n_rest = n - n_largest
    if np.sum(counts == n_largest) > 1:
        # No unique largest class: the spread order has no same-class pair.
        return _spread(codes, counts, rng)
    is_largest = codes == largest
    others = np.flatnonzero(~is_largest)
    big = rng.permutation(np.flatnonzero(is_largest))
    counts_rest = counts.copy()
    counts_rest[largest] = 0
    keep = counts_rest > 0
    remap = np.cumsum(keep) - 1
    rest = others[_spread(remap[codes[others]], counts_rest[keep], rng)]
    if n_largest > n_rest + 1:
        # Unavoidable pairs: the largest class in n_rest + 1 runs of nearly
        # equal length, separated by single other samples.
        n_runs = n_rest + 1
        run_lengths = np.full(n_runs, n_largest // n_runs)
        run_lengths[rng.permutation(n_runs)[: n_largest % n_runs]] += 1
        run_ends = np.cumsum(run_lengths + 1)[:-1] - 1
        is_other = np.zeros(n, dtype=bool)
        is_other[run_ends] = True
        order = np.empty(n, dtype=np.intp)
        order[~is_other] = big
        order[is_other] = rest
        return order
    # Insert the largest class into the gaps of ``rest`` (gap g lies before
    # rest[g]): one into every gap between two samples of the same class,
    # the others into evenly spaced free gaps, at most one per gap.
    rest_codes = codes[rest]
    mandatory = np.flatnonzero(rest_codes[1:] == rest_codes[:-1]) + 1
    free = np.setdiff1d(np.arange(n_rest + 1), mandatory, assume_unique=True)
    n_free = n_largest - mandatory.size
    picks = (
        ((np.arange(n_free) + rng.random_sample()) * (free.size / n_free)).astype(
            np.intp
        )
        if n_free
        else np.arange(0)
    )
    gaps = np.sort(np.concatenate([mandatory, free[picks]]))
    return np.insert(rest, gaps, big)


def _emphasize(n, errors, max_emphasis, rng):
    if not (isinstance(max_emphasis, numbers.Real) and max_emphasis >= 1):
        raise ValueError(f"max_emphasis must be a number >= 1; got {max_emphasis!r}.")
    if n == 0:
        return np.arange(0)
    if errors is None:
        return rng.permutation(n)
    e = np.asarray(errors, dtype=np.float64).ravel()
    if e.shape[0] != n:
        raise ValueError(f"errors has {e.shape[0]} entries; expected {n}.")
    if not np.all(np.isfinite(e)) or np.any(e < 0):
        raise ValueError("errors must be finite and non-negative.")
    total = e.sum()
    if total <= 0:
        return rng.permutation(n)
    q = e / total
    excess = n * q.max() - 1.0
    rho = 1.0 if excess <= 0 else min(1.0, (max_emphasis - 1.0) / excess)
    p = (1.0 - rho) / n + rho * q
    # Inverse-CDF sampling (what rng.choice does, without its checks).
    cdf = np.cumsum(p)
    cdf /= cdf[-1]
    return np.minimum(np.searchsorted(cdf, rng.random_sample(n), side="right"), n - 1)
