"""Fixtures shared by the test modules: the small data sets they train on.

Helpers that are functions rather than data (finite differences, explicit
Jacobians, problem makers) live in ``_helpers.py``; no test module imports
another.
"""

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


def pytest_collection_modifyitems(items):
    """The docs build (the gallery, about two minutes) first: pytest-xdist
    then runs every other test beside it rather than after it."""
    items.sort(key=lambda item: not item.nodeid.startswith("tests/test_docs.py"))
