"""Fixtures shared by the test modules: the small data sets they train on.

Helpers that are functions rather than data (finite differences, explicit
Jacobians, problem makers) live in ``_helpers.py``; no test module imports
another.
"""

import os

import pytest
from sklearn.datasets import load_diabetes, load_digits, load_iris, make_moons


@pytest.fixture(scope="session")
def iris():
    return load_iris(return_X_y=True)


@pytest.fixture(scope="session")
def digits():
    """The first 600 digits: enough to train on, quick to fit."""
    X, y = load_digits(return_X_y=True)
    return X[:600], y[:600]


@pytest.fixture(scope="session")
def moons():
    return make_moons(300, noise=0.15, random_state=0)


@pytest.fixture(scope="session")
def diabetes():
    return load_diabetes(return_X_y=True)


@pytest.fixture(scope="session", autouse=True)
def one_blas_thread_per_worker():
    """With pytest-xdist's workers already on every core, each runs BLAS on
    one thread (as the study runs its fits): a second thread per worker only
    oversubscribes the cores, and OpenBLAS's idle threads spin."""
    if os.environ.get("PYTEST_XDIST_WORKER") is None:
        yield
        return
    from threadpoolctl import threadpool_limits

    os.environ["OPENBLAS_NUM_THREADS"] = "1"  # subprocesses (the docs build)
    with threadpool_limits(1, user_api="blas"):
        yield
