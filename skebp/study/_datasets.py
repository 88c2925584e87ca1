"""The study's data sets: every real data set scikit-learn ships, a large
synthetic one and a badly scaled variant, or the user's own."""

from pathlib import Path

import numpy as np
from sklearn import datasets

#: Built-in data sets: name -> (loader, task).  ``task`` is
#: "classification" or "regression".
BUILTIN = {
    "digits": (lambda: datasets.load_digits(return_X_y=True), "classification"),
    "breast_cancer": (
        lambda: datasets.load_breast_cancer(return_X_y=True),
        "classification",
    ),
    "wine": (lambda: datasets.load_wine(return_X_y=True), "classification"),
    "iris": (lambda: datasets.load_iris(return_X_y=True), "classification"),
    "diabetes": (lambda: datasets.load_diabetes(return_X_y=True), "regression"),
    "linnerud": (lambda: datasets.load_linnerud(return_X_y=True), "regression"),
    "synthetic": (lambda: _synthetic(), "classification"),
    "badly_scaled": (lambda: _badly_scaled(), "classification"),
}
#: The suite ``run_study`` uses by default (the 50,000-row set is left out of
#: the default because it dominates the time; name it to include it).
DEFAULT_SUITE = (
    "digits",
    "breast_cancer",
    "wine",
    "iris",
    "diabetes",
    "linnerud",
    "badly_scaled",
)


def _synthetic(n=50_000, seed=0):
    X, y = datasets.make_classification(
        n_samples=n,
        n_features=40,
        n_informative=20,
        n_redundant=10,
        n_classes=5,
        n_clusters_per_class=2,
        class_sep=1.0,
        flip_y=0.02,
        random_state=seed,
    )
    return X, y


def _badly_scaled(seed=0):
    """A 5,000-row problem whose features span scales from 1e-3 to 1e3."""
    X, y = datasets.make_classification(
        n_samples=5_000,
        n_features=20,
        n_informative=10,
        n_classes=3,
        random_state=seed,
    )
    scales = np.logspace(-3, 3, X.shape[1])
    return X * scales, y


def _task_of(y):
    y = np.asarray(y)
    if y.dtype.kind in "OUSb" or (
        y.dtype.kind in "iu" and np.unique(y).size <= max(20, y.size // 50)
    ):
        return "classification"
    return "regression"


def load_csv(path, target):
    """``(X, y)`` from a CSV file with a header row; ``target`` names the
    target column, the others are the (numeric) features."""
    import csv

    path = Path(path)
    if not path.exists():
        raise ValueError(f"dataset file {str(path)!r} does not exist.")
    with path.open(newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    if target not in header:
        raise ValueError(
            f"CSV file {str(path)!r} has no target column {target!r}; its columns "
            f"are {header}. Name the target with 'file.csv:COLUMN'."
        )
    j = header.index(target)
    try:
        X = np.array([[float(v) for i, v in enumerate(r) if i != j] for r in body])
    except ValueError as exc:
        raise ValueError(
            f"CSV file {str(path)!r}: the feature columns must be numbers ({exc})."
        ) from None
    y = np.array([r[j] for r in body])
    try:
        y = y.astype(float)
    except ValueError:
        pass
    return X, y


def load_openml(name):
    """``(X, y)`` of an OpenML data set by name (needs a network)."""
    try:
        bunch = datasets.fetch_openml(name, as_frame=False, parser="auto")
    except Exception as exc:  # no network, unknown name
        raise ValueError(f"could not fetch OpenML data set {name!r}: {exc}") from exc
    return np.asarray(bunch.data, dtype=float), bunch.target


def resolve(spec):
    """``(name, X, y, task)`` for a data set given by built-in name,
    ``"file.csv:TARGET"``, ``"openml:NAME"`` or ``(name, X, y)``."""
    if isinstance(spec, tuple):
        if len(spec) != 3:
            raise ValueError(
                "a data set given in Python is a (name, X, y) tuple; got a tuple "
                f"of {len(spec)}."
            )
        name, X, y = spec
        return name, np.asarray(X, dtype=float), np.asarray(y), _task_of(y)
    if not isinstance(spec, str):
        raise ValueError(f"unknown data set {spec!r}.")
    if spec in BUILTIN:
        loader, task = BUILTIN[spec]
        X, y = loader()
        return spec, X, y, task
    if spec.startswith("openml:"):
        X, y = load_openml(spec.split(":", 1)[1])
        return spec, X, y, _task_of(y)
    if ".csv" in spec:
        path, _, target = spec.partition(".csv:")
        if not target:
            raise ValueError(
                f"data set {spec!r}: name the target column, as 'file.csv:COLUMN'."
            )
        X, y = load_csv(path + ".csv", target)
        return Path(path).name, X, y, _task_of(y)
    raise ValueError(
        f"unknown data set {spec!r}: use one of {sorted(BUILTIN)}, "
        "'file.csv:TARGET', 'openml:NAME' or a (name, X, y) tuple."
    )
