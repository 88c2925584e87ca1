"""One-hot encoded tables: the first layer's products from compressed rows,
against gathered whole rows and scikit-learn, in the compiled epoch and on
the numpy path.

A table behind ``OneHotEncoder`` is mostly zeros, and standardized (the
default ``whitening="standardize"``) each column is one value but for a
few of its entries.  The compiled epoch (``skebp[fast]``) then keeps the
table as those values plus a matrix in compressed rows, and takes the
first layer's two products (forward and weight gradient), which hold
nearly all the parameters, from the other entries alone
(``skebp._training._data.ROW_SPARSE_DENSITY``: at most 10 % of them); the
numpy path (without numba) draws its mini-batches from the same rows
(:class:`skebp._layers.OffsetRows`) and takes the products in scipy, up to
``NUMPY_ROW_SPARSE_DENSITY`` (7 %).

Contenders, each ``EBPRegressor((100,))`` with Adam at batches of 200 for a
fixed number of epochs, and scikit-learn's ``MLPRegressor((100,))`` behind
a ``StandardScaler`` configured the same way:

- "rows": skebp as it ships (compressed rows where the table allows);
- "gathered": the same with the compressed rows turned off (each batch's
  rows gathered and multiplied whole, as before);
- "forced": compressed rows whatever the share (where the threshold
  would have to sit);
- "numpy rows", "numpy gathered" and "numpy forced": the first three on
  the numpy path;
- "sklearn".

On synthetic tables of 10,000 rows, 5 numeric columns and categorical
columns of 20 levels each (the share of entries off their column's
common value set by how many), and on the real-data suite's
``hotel_rates`` (10,781 training rows, 415 columns after the suite's
preprocessing; needs ``skebp[benchmark]``).  CPU seconds of whole fits,
one BLAS thread, interleaved rounds after one untimed fit of each; each
ratio is the median over rounds of the ratio within a round [min, max].

Run: python benchmarks/bench_onehot.py [--epochs 10] [--repeats 5]
"""

import functools
import time
from contextlib import contextmanager

import numpy as np
from _timing import epoch_parser, fit_seconds, fixed_epochs, interleaved, ratio
from sklearn.neural_network import MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from skebp import EBPRegressor
from skebp._training import _data


def table(categoricals, n=10_000, numeric=5, levels=20, seed=0):
    """``numeric`` Gaussian columns and ``categoricals`` one-hot encoded
    ones, with a target that depends on both."""
    rng = np.random.RandomState(seed)
    Xn = rng.normal(size=(n, numeric))
    codes = rng.randint(levels, size=(n, categoricals))
    effects = rng.normal(size=(categoricals, levels))
    y = Xn @ rng.normal(size=numeric) + effects[np.arange(categoricals), codes].sum(1)
    onehot = [np.eye(levels)[codes[:, j]] for j in range(categoricals)]
    return np.hstack([Xn, *onehot]), y + rng.normal(size=n)


def off_common_share(X):
    """The share of the standardized table's entries that differ from their
    column's most common value (what compressed rows would hold)."""
    common = sum(np.unique(c, return_counts=True)[1].max() for c in X.T)
    return 1.0 - common / X.size


@contextmanager
def threshold(density):
    """Compressed rows up to ``density`` on both paths (below 0: never;
    None: as shipped)."""
    names = ("ROW_SPARSE_DENSITY", "NUMPY_ROW_SPARSE_DENSITY")
    old = [getattr(_data, name) for name in names]
    for name in names:
        setattr(_data, name, getattr(_data, name) if density is None else density)
    try:
        yield
    finally:
        for name, value in zip(names, old):
            setattr(_data, name, value)


def _at(density, model, X, y, epochs, compiled=True):
    with threshold(density):
        return fit_seconds(
            model, X, y, epochs, clock=time.process_time, compiled=compiled
        )


def contenders(X, y, epochs):
    common = fixed_epochs(epochs)
    ours = EBPRegressor((100,), batch_size=200, learning_rate_init=1e-3, **common)
    theirs = make_pipeline(
        StandardScaler(),
        MLPRegressor(
            hidden_layer_sizes=(100,), batch_size=200, learning_rate_init=1e-3, **common
        ),
    )
    shipped = None
    return {
        "rows": functools.partial(_at, shipped, ours, X, y, epochs),
        "gathered": functools.partial(_at, -1.0, ours, X, y, epochs),
        "forced": functools.partial(_at, 1.0, ours, X, y, epochs),
        "numpy rows": functools.partial(_at, shipped, ours, X, y, epochs, False),
        "numpy gathered": functools.partial(_at, -1.0, ours, X, y, epochs, False),
        "numpy forced": functools.partial(_at, 1.0, ours, X, y, epochs, False),
        "sklearn": functools.partial(
            fit_seconds, theirs, X, y, clock=time.process_time
        ),
    }


def hotel_rates():
    """The suite's hotel_rates, seed 0's training split, preprocessed."""
    try:
        from check_defaults import split_prepared

        from skebp.study import _datasets

        name, X, y, task = _datasets.resolve("hotel_rates")
    except ImportError as exc:
        print(f"hotel_rates skipped: {exc} (pip install 'skebp[benchmark]')")
        return None
    X_tr, _, y_tr, _ = split_prepared(X, y, task, 0)
    return np.ascontiguousarray(X_tr, dtype=float), (y_tr - y_tr.mean()) / y_tr.std()


def main():
    args = epoch_parser(__doc__, epochs=10, repeats=5).parse_args()
    cases = [(f"{k} categoricals", *table(k)) for k in (1, 2, 3, 5, 10, 20)]
    real = hotel_rates()
    if real is not None:
        cases.append(("hotel_rates", *real))
    print(
        f"EBPRegressor((100,)), Adam, batch 200, {args.epochs} epochs; CPU "
        f"seconds, one BLAS thread, {args.repeats} interleaved rounds; ratio: "
        "median [min, max] of the per-round ratios"
    )
    print(
        f"{'table':<17} {'columns':>7} {'off':>6} {'rows s':>8} {'gathered s':>10} "
        f"{'sklearn s':>9} {'gathered/rows':>17} {'gathered/forced':>17} "
        f"{'sklearn/rows':>17} {'numpy: gathered/rows':>20} "
        f"{'gathered/forced':>17} {'sklearn/numpy rows':>18}"
    )
    with threadpool_limits(1, user_api="blas"):
        for name, X, y in cases:
            timed = contenders(X, y, args.epochs)
            for fit in timed.values():  # compiled kernels, caches: not timed
                fit()
            times = interleaved(timed, rounds=args.repeats)
            g = ratio(times, "gathered", "rows")
            f = ratio(times, "gathered", "forced")
            s = ratio(times, "sklearn", "rows")
            ng = ratio(times, "numpy gathered", "numpy rows")
            nf = ratio(times, "numpy gathered", "numpy forced")
            ns = ratio(times, "sklearn", "numpy rows")
            print(
                f"{name:<17} {X.shape[1]:>7} {off_common_share(X):>6.1%} "
                f"{np.median(times['rows']):>8.3f} "
                f"{np.median(times['gathered']):>10.3f} "
                f"{np.median(times['sklearn']):>9.3f} "
                f"{f'{g[0]:.2f} [{g[1]:.2f}, {g[2]:.2f}]':>17} "
                f"{f'{f[0]:.2f} [{f[1]:.2f}, {f[2]:.2f}]':>17} "
                f"{f'{s[0]:.2f} [{s[1]:.2f}, {s[2]:.2f}]':>17} "
                f"{f'{ng[0]:.2f} [{ng[1]:.2f}, {ng[2]:.2f}]':>20} "
                f"{f'{nf[0]:.2f} [{nf[1]:.2f}, {nf[2]:.2f}]':>17} "
                f"{f'{ns[0]:.2f} [{ns[1]:.2f}, {ns[2]:.2f}]':>18}",
                flush=True,
            )


if __name__ == "__main__":
    main()
