"""Timing helper shared by the benchmark scripts."""

import argparse
import time
import warnings
from contextlib import contextmanager, nullcontext

import numpy as np
from sklearn.exceptions import ConvergenceWarning

from skebp import config_context


def best_fit_seconds(model, X, y, repeats, epochs=None):
    """Best of ``repeats`` wall-clock seconds of ``model.fit(X, y)``
    (ConvergenceWarning silenced); checks ``n_iter_ == epochs`` if given."""
    return min(fit_seconds(model, X, y, epochs) for _ in range(repeats))


def interleaved(contenders, rounds=7, pause=0.2):
    """Time ``contenders`` (``{name: callable}``, each returning the seconds
    it measured, or None to be timed whole) in rounds: every round runs each
    contender once, in an order rotated from round to round, after a pause
    of ``pause`` seconds (idle BLAS threads stop spinning).  These machines
    change speed by up to 2x within seconds: ratios taken within a round
    share its speed.

    Returns ``{name: [seconds of each round]}``; :func:`ratio` summarizes
    two of them.
    """
    names = list(contenders)
    times = {name: [] for name in names}
    for r in range(rounds):
        for name in names[r % len(names) :] + names[: r % len(names)]:
            time.sleep(pause)
            t = time.perf_counter()
            measured = contenders[name]()
            elapsed = time.perf_counter() - t
            times[name].append(elapsed if measured is None else measured)
    return times


@contextmanager
def one_blas_thread():
    """BLAS held to one thread and warnings silenced: how the real-data
    scripts fit and time their models (CPU seconds comparable across
    models)."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1, user_api="blas"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def whole(function):
    """``function`` as an :func:`interleaved` contender timed whole (its
    return value ignored)."""

    def run():
        function()

    return run


def ratio(times, a, b):
    """``(median, min, max)`` over the rounds of ``times[a] / times[b]``
    taken round by round."""
    r = np.asarray(times[a]) / np.asarray(times[b])
    return float(np.median(r)), float(r.min()), float(r.max())


def fit_seconds(model, X, y, epochs=None, clock=time.perf_counter, compiled=None):
    """Seconds of one ``model.fit(X, y)`` by ``clock`` (wall clock by
    default; ``time.process_time`` for CPU seconds), ConvergenceWarning
    silenced; checks ``n_iter_ == epochs`` if given.  ``compiled``: whether
    skebp may use its compiled epoch (None: as configured)."""
    context = nullcontext() if compiled is None else config_context(compiled=compiled)
    with warnings.catch_warnings(), context:
        warnings.simplefilter("ignore", ConvergenceWarning)
        t = clock()
        model.fit(X, y)
        elapsed = clock() - t
    if epochs is not None:
        assert model.n_iter_ == epochs, model.n_iter_
    return elapsed


def per_epoch(model, X, y, epochs, compiled=True):
    """Wall seconds per epoch of one fit of ``epochs`` epochs (``compiled``:
    whether skebp may use its compiled epoch)."""
    return fit_seconds(model, X, y, epochs, compiled=compiled) / epochs


def epochs_only(per_epoch_long, per_epoch_one, epochs):
    """Round by round, the seconds of one epoch without the fit's set-up,
    from the per-epoch times of fits of ``epochs`` and of 1 epoch timed in
    the same rounds: ``(epochs * t_long - t_one) / (epochs - 1)``."""
    long, one = np.asarray(per_epoch_long), np.asarray(per_epoch_one)
    return list((epochs * long - one) / (epochs - 1))


def blas_kernels():
    """The kernel family OpenBLAS picked (``"Haswell"``, ``"SkylakeX"``,
    ... ; ``OPENBLAS_CORETYPE`` sets it), or ``"not OpenBLAS"``: each family
    rounds and runs at its own speed."""
    import threadpoolctl

    return next(
        (
            lib.get("architecture")
            for lib in threadpoolctl.threadpool_info()
            if lib.get("internal_api") == "openblas"
        ),
        "not OpenBLAS",
    )


def epoch_parser(doc, epochs=3, repeats=3):
    """An argument parser titled by ``doc``'s first line, with ``--epochs``
    and ``--repeats`` (best of, or interleaved rounds)."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=epochs)
    parser.add_argument("--repeats", type=int, default=repeats)
    return parser


def fixed_epochs(epochs):
    """Parameters, shared by skebp's estimators and scikit-learn's MLP, that
    make a seeded fit run exactly ``epochs`` epochs on every training row:
    early stopping off (scikit-learn's default; skebp's ``"auto"`` would
    hold out validation rows and score them every epoch)."""
    return dict(
        max_iter=epochs,
        tol=0.0,
        n_iter_no_change=10**6,
        random_state=0,
        early_stopping=False,
    )


def synthetic(n=20_000, d=784, classes=10, seed=0):
    """``n`` x ``d`` Gaussian clusters around ``classes`` random centers."""
    rng = np.random.RandomState(seed)
    centers = rng.normal(size=(classes, d))
    y = rng.randint(classes, size=n)
    return centers[y] + 3.0 * rng.normal(size=(n, d)), y
