import math
import pickle
import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from _helpers import ONE_HOT_CASES, one_hot_table
from sklearn.base import clone
from sklearn.datasets import (
    load_breast_cancer,
    load_diabetes,
    load_digits,
    make_classification,
    make_multilabel_classification,
    make_regression,
)
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.pipeline import Pipeline

from skebp import (
    RECIPES,
    DivergenceError,
    EBPClassifier,
    EBPRegressor,
    InputWhitener,
    config_context,
    presentation_order,
)
from skebp._layers import Affine, OffsetRows
from skebp._training import _data, small_fit_rate
from skebp._training._stochastic import SMALL_FIT_ALPHA


# Small full-batch problems train in fewer epochs with a larger step than
# the default 0.01 (tuned for mini-batches and on-line learning).
def _split(load, stratify=True):
    X, y = load(return_X_y=True)
    return train_test_split(
        X, y, test_size=0.3, random_state=0, stratify=y if stratify else None
    )


# -- the acceptance targets -------------------------------------------
@pytest.mark.parametrize("load", [load_digits, load_breast_cancer])
def test_default_classifier_accuracy(load):
    X_train, X_test, y_train, y_test = _split(load)
    clf = EBPClassifier(random_state=0).fit(X_train, y_train)
    assert clf.score(X_test, y_test) >= 0.95


def test_default_regressor_on_raw_diabetes_targets():
    X_train, X_test, y_train, y_test = _split(load_diabetes, stratify=False)
    reg = EBPRegressor((20,), random_state=0).fit(X_train, y_train)
    assert reg.score(X_test, y_test) >= 0.35


@pytest.mark.parametrize("recipe", sorted(RECIPES))
def test_recipes_fit(recipe, iris):
    X, y = iris
    clf = EBPClassifier((10,), **RECIPES[recipe], random_state=0)
    assert clf.fit(X, y).score(X, y) > 0.9


# -- targets ---------------------------------------------------------------
def test_binary_multiclass_string_labels(iris):
    X, y = iris
    names = np.array(["setosa", "versicolor", "virginica"])[y]
    clf = EBPClassifier((8,), random_state=0).fit(X, names)
    assert clf.out_activation_ == "softmax"
    assert set(clf.predict(X)) <= set(names)
    np.testing.assert_array_equal(clf.classes_, sorted(set(names)))
    proba = clf.predict_proba(X)
    np.testing.assert_allclose(proba.sum(axis=1), 1, rtol=1e-6)
    binary = EBPClassifier((8,), random_state=0).fit(X, names == "setosa")
    assert binary.n_outputs_ == 1 and binary.out_activation_ == "logistic"
    assert binary.predict_proba(X).shape == (150, 2)
    assert binary.decision_function(X).shape == (150,)
    np.testing.assert_array_equal(
        binary.predict(X), binary.classes_[(binary.decision_function(X) > 0) * 1]
    )


def test_multilabel():
    X, Y = make_multilabel_classification(n_samples=200, n_classes=4, random_state=0)
    clf = EBPClassifier((20,), random_state=0, learning_rate_init=0.1).fit(X, Y)
    assert clf.predict(X).shape == Y.shape
    assert clf.predict_proba(X).shape == Y.shape
    assert clf.score(X, Y) > 0.5
    np.testing.assert_array_equal(clf.predict(X), clf.predict_proba(X) > 0.5)


@pytest.mark.parametrize("pair", [(-1, 1), (0.1, 0.9), (-1.0, 0.5)])
def test_target_pairs(pair, iris):
    X, y = iris
    clf = EBPClassifier(
        (8,), target_values=pair, random_state=0, learning_rate_init=0.1
    ).fit(X, y)
    assert clf.out_activation_ == ("lecun_tanh" if pair[0] < 0 else "logistic")
    assert clf.score(X, y) > 0.85
    proba = clf.predict_proba(X)
    assert np.all((proba > 0) & (proba <= 1))
    np.testing.assert_allclose(proba.sum(axis=1), 1)
    np.testing.assert_array_equal(clf.classes_[proba.argmax(axis=1)], clf.predict(X))
    np.testing.assert_array_equal(
        clf.decision_function(X).argmax(axis=1), proba.argmax(axis=1)
    )
    binary = EBPClassifier(
        (8,), target_values=pair, random_state=0, learning_rate_init=0.1
    ).fit(X, y == 0)
    p = binary.predict_proba(X)[:, 1]
    np.testing.assert_array_equal(binary.predict(X), p > 0.5)


@pytest.mark.parametrize(
    "pair, match",
    [
        ((1, -1), "low < high"),
        ((0, 1, 2), "pair"),
        ((-2, 1), "outside the range"),
        ((0.1, 1.5), "outside the range"),
    ],
)
def test_bad_target_values(pair, match, iris):
    X, y = iris
    with pytest.raises(ValueError, match=match):
        EBPClassifier(target_values=pair).fit(X, y)


def test_one_class_is_refused():
    with pytest.raises(ValueError, match="at least 2 classes"):
        EBPClassifier().fit(np.ones((5, 2)), np.zeros(5))


def test_regressor_multi_output_and_scale():
    X, Y = make_regression(
        n_samples=200, n_features=5, n_targets=2, noise=1.0, random_state=0
    )
    Y = Y * 1e4 + 1e6  # raw, badly scaled targets work out of the box
    reg = EBPRegressor((20,), random_state=0).fit(X, Y)
    assert reg.predict(X).shape == (200, 2)
    assert reg.score(X, Y) > 0.95
    y1 = EBPRegressor((5,), max_iter=5, random_state=0).fit(X, Y[:, 0]).predict(X)
    assert y1.shape == (200,)


# -- inputs ----------------------------------------------------------------
@pytest.mark.parametrize("whitening", ["none", "standardize", "zca"])
@pytest.mark.parametrize("fmt", ["csr", "csc"])
def test_sparse_matches_dense(whitening, fmt, iris):
    X, y = iris
    X = np.where(X > 2, X, 0)
    params = dict(
        hidden_layer_sizes=(5,), whitening=whitening, max_iter=20, random_state=0
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        dense = EBPClassifier(**params).fit(X, y)
        sparse = EBPClassifier(**params).fit(sp.csr_matrix(X).asformat(fmt), y)
    np.testing.assert_allclose(sparse._theta, dense._theta, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(
        sparse.predict_proba(sp.csr_matrix(X)), dense.predict_proba(X), atol=1e-10
    )


#: One-hot fits on the numpy path, beside the kernel's cases: layers it
#: does not take (normalized first layers, radial units).
NUMPY_ONE_HOT_CASES = {
    **ONE_HOT_CASES,
    # plain SGD: with batch normalization some weight directions have a
    # gradient of pure rounding noise, which Adam turns into whole steps
    # (in float32 the two ways of rounding then part by 1 %)
    "batch normalization": dict(solver="sgd", normalization="batch"),
    "radial units": dict(solver="adam", activation=("rbf",), hidden_layer_sizes=(9,)),
}


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("case", sorted(NUMPY_ONE_HOT_CASES))
def test_the_numpy_path_takes_one_hot_tables_as_offset_rows(case, dtype, monkeypatch):
    """Without the kernel, a mostly one-value table's batches come as
    OffsetRows (the first layer's products from the entries off their
    columns' values) and the fit agrees with whole rows to rounding, for
    both estimators, weighted or not; a first layer of radial units takes
    whole rows."""
    X, y = one_hot_table()
    X = X.astype(dtype)
    params = dict(
        hidden_layer_sizes=(16,),
        max_iter=5,
        random_state=0,
        early_stopping=False,
        learning_rate_init=0.01,
        batch_size=50,
    )
    params.update(NUMPY_ONE_HOT_CASES[case])
    w = np.random.RandomState(1).uniform(0.2, 3.0, X.shape[0])
    binary = y > np.median(y)
    compressed = []
    original = _data.TrainingData.compress_rows

    def spy(self):
        compressed.append(original(self))
        return compressed[-1]

    monkeypatch.setattr(_data.TrainingData, "compress_rows", spy)
    rtol = 1e-4 if dtype == np.float32 else 1e-9
    for make, target, kw in (
        (EBPRegressor, y, {}),
        (EBPClassifier, binary, {"sample_weight": w}),
    ):
        fits = []
        for density in (1.0, 0.0):  # OffsetRows whatever the share, never
            monkeypatch.setattr(_data, "NUMPY_ROW_SPARSE_DENSITY", density)
            with warnings.catch_warnings(), config_context(compiled=False):
                warnings.simplefilter("ignore", ConvergenceWarning)
                fits.append(make(**params).fit(X, target, **kw))
        offset_rows, whole_rows = (f._theta for f in fits)
        assert offset_rows.dtype == dtype
        np.testing.assert_allclose(
            offset_rows, whole_rows, rtol=rtol, atol=rtol * np.abs(whole_rows).max()
        )
        np.testing.assert_allclose(fits[0].loss_curve_, fits[1].loss_curve_, rtol=rtol)
    radial = case == "radial units"
    assert compressed == ([] if radial else [True, False, True, False])


def test_the_numpy_path_takes_sparse_standardized_rows_as_offset_rows(monkeypatch):
    """Sparse input standardized, 4 % of its entries nonzero: its batches
    come as OffsetRows (not densified one at a time) and the fit matches
    the dense input's; at 30 % they are densified one at a time as
    before."""
    rng = np.random.RandomState(0)
    taken = []
    forward = Affine.forward

    def spy(self, A, *args):
        taken.append(isinstance(A, OffsetRows))
        return forward(self, A, *args)

    monkeypatch.setattr(Affine, "forward", spy)
    params = dict(hidden_layer_sizes=(5,), max_iter=20, random_state=0)
    for share, offset_rows in ((0.04, True), (0.3, False)):
        X = rng.normal(size=(400, 60)) * (rng.uniform(size=(400, 60)) < share)
        y = X[:, :30].sum(axis=1) > 0
        with warnings.catch_warnings(), config_context(compiled=False):
            warnings.simplefilter("ignore", ConvergenceWarning)
            dense = EBPClassifier(**params).fit(X, y)
            taken.clear()
            sparse = EBPClassifier(**params).fit(sp.csr_matrix(X), y)
        assert any(taken) == offset_rows
        np.testing.assert_allclose(sparse._theta, dense._theta, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("whitening", ["pca", "zca"])
def test_sparse_whitened_per_batch_when_its_dense_copy_would_not_fit(
    whitening, iris, monkeypatch
):
    # Whitening the sparse matrix once needs its dense copy; without the
    # memory for it each mini-batch is whitened as it is drawn.
    import skebp._training._data as data_access

    monkeypatch.setattr(data_access, "DENSIFY_FRACTION", 0.0)
    X, y = iris
    X = sp.csr_matrix(np.where(X > 2, X, 0))
    calls = []
    original = InputWhitener._transform_rows

    def spy(self, rows):
        calls.append(rows.shape[0])
        return original(self, rows)

    monkeypatch.setattr(InputWhitener, "_transform_rows", spy)
    params = dict(hidden_layer_sizes=(5,), whitening=whitening, max_iter=3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        per_batch = EBPClassifier(**params, batch_size=50, random_state=0).fit(X, y)
        monkeypatch.setattr(data_access, "DENSIFY_FRACTION", 1.0)
        once = EBPClassifier(**params, batch_size=50, random_state=0).fit(X, y)
    # the starting loss (all 150 rows), then three batches in each of 3 epochs
    assert calls[: 1 + 3 * 3] == [150] + [50] * 9
    np.testing.assert_allclose(per_batch._theta, once._theta, rtol=1e-9, atol=1e-11)


def test_pandas_feature_names(iris):
    pd = pytest.importorskip("pandas")
    X, y = iris
    df = pd.DataFrame(X, columns=["a", "b", "c", "d"])
    clf = EBPClassifier((5,), max_iter=5, random_state=0).fit(df, y)
    np.testing.assert_array_equal(clf.feature_names_in_, ["a", "b", "c", "d"])
    with pytest.warns(UserWarning, match="feature names"):
        clf.predict(X)


@pytest.mark.parametrize("Est", [EBPClassifier, EBPRegressor])
def test_float32_kept(Est, iris):
    X, y = iris
    est = Est((5,), max_iter=5, random_state=0).fit(X.astype(np.float32), y)
    assert est._theta.dtype == np.float32
    assert all(c.dtype == np.float32 for c in est.coefs_)
    out = est.predict_proba(X) if Est is EBPClassifier else est.predict(X)
    assert out.dtype == np.float32


# -- training behaviour ------------------------------------------------------------
def test_deterministic_bit_for_bit(iris):
    X, y = iris
    for params in [
        {},
        {"shuffle": "emphasize"},
        {"shuffle": "class_alternate"},
        {"early_stopping": True},
    ]:
        a = EBPClassifier((6,), max_iter=15, random_state=7, **params).fit(X, y)
        b = EBPClassifier((6,), max_iter=15, random_state=7, **params).fit(X, y)
        assert a._theta.tobytes() == b._theta.tobytes()
        assert a.loss_curve_ == b.loss_curve_


def test_divergence_stops_with_clear_error(iris):
    X, y = iris
    reg = EBPRegressor((10,), activation="relu", learning_rate_init=1e3, random_state=0)
    with pytest.raises(DivergenceError, match="diverged.*learning_rate_init"):
        reg.fit(X, y)
    assert issubclass(DivergenceError, ValueError)


def test_max_iter_warns(iris):
    X, y = iris
    with pytest.warns(ConvergenceWarning, match="Maximum iterations \\(3\\)"):
        EBPClassifier((5,), max_iter=3, random_state=0).fit(X, y)


def test_loss_curve_and_stopping(iris):
    X, y = iris
    clf = EBPClassifier((10,), max_iter=500, tol=1e-3, random_state=0).fit(X, y)
    assert len(clf.loss_curve_) == clf.n_iter_ < 500
    assert clf.loss_ == clf.loss_curve_[-1]
    assert clf.best_loss_ == min(clf.loss_curve_)
    assert clf.t_ == clf.n_iter_ * len(X)
    assert clf.loss_curve_[-1] < clf.loss_curve_[0]
    assert clf.n_layers_ == 3 and clf.n_outputs_ == 3


def test_early_stopping_keeps_best(iris):
    X, y = iris
    clf = EBPClassifier((10,), early_stopping=True, max_iter=300, random_state=0).fit(
        X, y
    )
    assert clf.best_loss_ is None
    assert len(clf.validation_scores_) == clf.n_iter_
    assert clf.best_validation_score_ == max(clf.validation_scores_)
    with pytest.raises(ValueError, match="validation set is too small"):
        EBPClassifier(early_stopping=True, validation_fraction=0.01).fit(X[::3], y[::3])


def test_alpha_shrinks_weights(iris):
    X, y = iris
    norms = [
        np.linalg.norm(
            EBPClassifier((10,), alpha=a, random_state=0, learning_rate_init=0.1)
            .fit(X, y)
            .coefs_[0]
        )
        for a in (0.0, 10.0)
    ]
    assert norms[1] < 0.5 * norms[0]


def test_sample_weight_zero_removes_samples(iris):
    X, y = iris
    sw = np.ones(len(y))
    sw[::3] = 0
    a = EBPClassifier((5,), max_iter=10, random_state=0, shuffle="none")
    b = clone(a)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        a.fit(X, y, sample_weight=sw)
        b.fit(X[sw > 0], y[sw > 0])
    np.testing.assert_array_equal(a._theta, b._theta)
    with pytest.raises(ValueError, match="[Nn]egative"):
        EBPClassifier().fit(X, y, sample_weight=-sw)


def test_batch_growth_takes_fewer_steps(iris):
    X, y = iris
    steps = []
    for growth in (1.0, 2.0):
        clf = EBPClassifier(
            (5,), batch_size=10, batch_growth=growth, max_iter=6, tol=0, random_state=0
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            clf.fit(X, y)
        steps.append(clf._state.optimizer.n_steps)
    # 15 steps per epoch fixed; 15, 8, 4, 2, 1, 1 when doubling.
    assert steps == [90, 31]


def test_online_learning_batch_size_one(iris):
    X, y = iris
    clf = EBPClassifier(
        (10,), batch_size=1, learning_rate_init=0.01, max_iter=30, random_state=0
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X, y)
    assert clf._state.optimizer.n_steps == 150 * clf.n_iter_
    assert clf.score(X, y) > 0.9


@pytest.mark.parametrize("solver", ["sgd", "momentum", "adam"])
def test_solvers_learn(solver, iris):
    X, y = iris
    lr = 0.01 if solver == "adam" else 0.1
    clf = EBPClassifier(
        (10,),
        solver=solver,
        learning_rate_init=lr,
        nesterovs_momentum=solver == "momentum",
        random_state=0,
    ).fit(X, y)
    assert clf.score(X, y) > 0.95


def test_partial_fit(iris):
    X, y = iris
    clf = EBPClassifier((10,), random_state=0, learning_rate_init=0.1)
    with pytest.raises(ValueError, match="classes must be passed"):
        clf.partial_fit(X, y)
    rng = np.random.RandomState(0)
    for _ in range(100):
        idx = rng.choice(150, 50, replace=False)
        clf.partial_fit(X[idx], y[idx], classes=[0, 1, 2])
    assert clf.n_iter_ == 100
    assert clf.score(X, y) > 0.9
    with pytest.raises(ValueError, match="classes not in"):
        clf.partial_fit(X, y + 5)
    with pytest.raises(ValueError, match="early_stopping"):
        EBPClassifier(early_stopping=True).partial_fit(X, y, classes=[0, 1, 2])
    reg = EBPRegressor((5,), random_state=0, learning_rate_init=0.1)
    for _ in range(3):
        reg.partial_fit(X, y * 100.0)
    assert reg.n_iter_ == 3
    np.testing.assert_allclose(reg._y_mean, [100.0])


def test_partial_fit_whitener_set_on_first_call(iris):
    X, y = iris
    clf = EBPClassifier((5,), random_state=0).partial_fit(
        X[:50], y[:50], classes=[0, 1, 2]
    )
    mean = clf.whitener_.mean_.copy()
    clf.partial_fit(X[50:], y[50:])
    np.testing.assert_array_equal(clf.whitener_.mean_, mean)


def test_warm_start(iris):
    X, y = iris
    clf = EBPClassifier((10,), max_iter=5, warm_start=True, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X, y)
        first = clf.loss_curve_[-1]
        theta_id = id(clf._theta)
        clf.fit(X, y)
    assert len(clf.loss_curve_) == 10
    assert clf.loss_curve_[-1] < first
    assert id(clf._theta) == theta_id
    clf.set_params(hidden_layer_sizes=(3,))
    with pytest.raises(ValueError, match="same network"):
        clf.fit(X, y)
    clf.set_params(hidden_layer_sizes=(10,))
    with pytest.raises(ValueError, match="same classes"):
        clf.fit(X[:100], y[:100])


@config_context(compiled=False)  # a Ctrl-C between two steps of the numpy path
def test_keyboard_interrupt_leaves_usable_model(iris, monkeypatch):
    X, y = iris
    from skebp._solvers import SGD

    calls = {"n": 0}
    step = SGD.step

    def interrupting(self, theta, grad, parts=None):
        calls["n"] += 1
        if calls["n"] == 7:
            raise KeyboardInterrupt
        step(self, theta, grad, parts)

    monkeypatch.setattr(SGD, "step", interrupting)
    clf = EBPClassifier((5,), solver="sgd", batch_size=30, random_state=0)
    with pytest.warns(UserWarning, match="interrupted"):
        clf.fit(X, y)
    assert clf.n_iter_ == 1
    assert clf.predict(X).shape == (150,)


def test_coefs_are_views_and_pickle(iris):
    X, y = iris
    clf = EBPClassifier((4,), max_iter=20, random_state=0).fit(X, y)
    assert [c.shape for c in clf.coefs_] == [(4, 4), (4, 3)]
    assert all(np.shares_memory(c, clf._theta) for c in clf.coefs_)
    clf2 = pickle.loads(pickle.dumps(clf))
    np.testing.assert_array_equal(clf2.predict_proba(X), clf.predict_proba(X))
    clf2.coefs_[1][...] = 0
    clf2.intercepts_[1][...] = [0, 0, 5]
    assert np.all(clf2.predict(X) == 2)
    with pytest.raises(AttributeError):
        EBPClassifier().coefs_  # noqa: B018


def test_no_hidden_layer_is_logistic_regression(iris):
    X, y = iris
    clf = EBPClassifier((), random_state=0, learning_rate_init=0.1).fit(X, y)
    assert clf.n_layers_ == 2 and len(clf.coefs_) == 1
    assert clf.score(X, y) > 0.9


def test_per_layer_activations(iris):
    X, y = iris
    clf = EBPClassifier(
        (6, 4),
        activation=("relu", "lecun_tanh"),
        random_state=0,
        learning_rate_init=0.1,
    )
    assert clf.fit(X, y).score(X, y) > 0.9
    assert clf._network.activations == ("relu", "lecun_tanh", "softmax")
    with pytest.raises(ValueError, match="2 hidden layers"):
        EBPClassifier((6, 4), activation=("relu",)).fit(X, y)
    with pytest.raises(ValueError, match="activation entries"):
        EBPClassifier((6,), activation=("swishy",)).fit(X, y)


@pytest.mark.parametrize(
    "params, match",
    [
        ({"hidden_layer_sizes": (3, 0)}, "hidden_layer_sizes"),
        ({"solver": "newton"}, "solver"),
        ({"shuffle": "sorted"}, "shuffle"),
        ({"whitening": "l2"}, "whitening"),
        ({"batch_growth": 0.5}, "batch_growth"),
        ({"learning_rate_init": 0}, "learning_rate_init"),
    ],
)
def test_parameter_errors_name_the_parameter(params, match, iris):
    X, y = iris
    with pytest.raises(ValueError, match=match):
        EBPClassifier(**params).fit(X, y)


def test_regressor_alternates_between_target_bins(diabetes):
    X, y = diabetes
    # 8 on-line epochs at the small fits' rate (442 rows: no early stopping)
    # reach R^2 0.40-0.50 over seeds 0-9
    reg = EBPRegressor((5,), shuffle="class_alternate", batch_size=1, max_iter=8)
    bins = reg._class_labels(y)
    assert np.unique(bins).tolist() == list(range(10))
    assert np.ptp(np.bincount(bins)) <= 5  # deciles (ties in the target)
    order = presentation_order(bins, mode="class_alternate", random_state=0)
    assert all(bins[a] != bins[b] for a, b in zip(order, order[1:]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        assert reg.set_params(random_state=0).fit(X, y).score(X, y) > 0.3


def test_regressor_target_values_map_the_range(iris):
    X, y = iris
    reg = EBPRegressor((5,), target_values=(-1, 1), max_iter=3, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        reg.fit(X, y)
    encoded = reg._transform_targets(y)
    assert encoded.min() == pytest.approx(-1) and encoded.max() == pytest.approx(1)
    with pytest.raises(ValueError, match="target_values must be None or a pair"):
        EBPRegressor(target_values=(1, -1)).fit(X, y)
    with pytest.raises(ValueError, match="target_values"):
        EBPRegressor(target_values="softmax").fit(X, y)


def test_recipes_apply_to_both_estimators(diabetes):
    X, y = diabetes
    for params in RECIPES.values():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            reg = EBPRegressor((8,), **params, max_iter=3, random_state=0).fit(X, y)
        assert np.isfinite(reg.predict(X)).all()


def test_verbose_prints(iris, capsys):
    X, y = iris
    EBPClassifier((3,), max_iter=2, verbose=True, random_state=0).fit(X, y)
    assert "Iteration 2, loss = " in capsys.readouterr().out


def test_whitening_param_and_pipeline_grid_search(iris):
    X, y = iris
    for w in ["none", "center", "standardize", "pca", "zca"]:
        clf = EBPClassifier((5,), whitening=w, max_iter=30, random_state=0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            clf.fit(X, y)
        assert (clf.whitener_ is None) == (w == "none")
    pipe = Pipeline(
        [
            ("w", InputWhitener()),
            ("m", EBPClassifier((5,), whitening="none", random_state=0)),
        ]
    )
    grid = GridSearchCV(
        pipe, {"w__method": ["standardize", "zca"], "w__n_components": [None, 2]}, cv=3
    )
    grid.fit(X, y)
    # best mean CV accuracy over random_state 0-9: 0.793 to 0.840 (5 units,
    # 100 training rows, Adam's mini-batches of 32; 0.85 and up at 200)
    assert grid.best_score_ > 0.75


def test_class_alternate_stratified_early_stopping(iris):
    X, y = iris
    clf = EBPClassifier(
        (5,),
        shuffle="class_alternate",
        early_stopping=True,
        random_state=0,
        learning_rate_init=0.1,
    ).fit(X, y)
    # stratified: the 15 validation samples hold 5 of each class
    assert clf.score(X, y) > 0.75


def test_make_classification_emphasize_runs():
    X, y = make_classification(n_samples=300, random_state=0)
    clf = EBPClassifier(
        (10,),
        shuffle="emphasize",
        max_emphasis=3.0,
        random_state=0,
        learning_rate_init=0.1,
    ).fit(X, y)
    assert clf.score(X, y) > 0.85


def test_online_sample_weight_scales_the_step(iris):
    # With one sample per step, a weight must still matter: weighting one
    # class up changes the model (it would cancel if each batch were
    # normalized by its own weight sum, as scikit-learn's MLP does).
    X, y = iris
    params = dict(
        hidden_layer_sizes=(5,),
        batch_size=1,
        max_iter=3,
        learning_rate_init=0.001,  # (not the smaller small-fit rate)
        # Without a penalty: its weight is alpha over the summed sample
        # weights (as in scikit-learn), so uniform weights of 3 weaken it.
        alpha=0.0,
        random_state=0,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        plain = EBPClassifier(**params).fit(X, y)
        same = EBPClassifier(**params).fit(X, y, sample_weight=np.full(150, 3.0))
        heavy = EBPClassifier(**params).fit(X, y, sample_weight=1.0 + 4.0 * (y == 2))
    # uniform weights change nothing; unequal ones change the model
    np.testing.assert_allclose(same._theta, plain._theta, rtol=1e-12)
    assert not np.allclose(heavy._theta, plain._theta)
    assert heavy.predict_proba(X)[:, 2].mean() > plain.predict_proba(X)[:, 2].mean()


FULL_BATCH = ["lbfgs", "cg", "levenberg_marquardt"]


@pytest.mark.parametrize("solver", FULL_BATCH)
def test_full_batch_solvers(solver, iris):
    X, y = iris
    clf = EBPClassifier((8,), solver=solver, max_iter=60, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X, y)
    assert clf.score(X, y) > 0.95
    assert len(clf.loss_curve_) == clf.n_iter_ <= 60
    assert clf.loss_ == clf.loss_curve_[-1]
    assert not hasattr(clf, "partial_fit")
    with pytest.raises(AttributeError, match="partial_fit") as info:
        clf.partial_fit(X, y)
    assert "full-batch solver" in str(info.value.__cause__)
    reg = EBPRegressor((5,), solver=solver, max_iter=30, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        reg.fit(X[:, :3], X[:, 3])
    assert reg.score(X[:, :3], X[:, 3]) > 0.9


@pytest.mark.parametrize("solver", FULL_BATCH)
def test_full_batch_max_iter_warns_and_float32(solver, iris):
    X, y = iris
    clf = EBPClassifier((8,), solver=solver, max_iter=2, random_state=0)
    with pytest.warns(ConvergenceWarning, match=f"{solver}.*max_iter=2"):
        clf.fit(X.astype(np.float32), y)
    assert clf._theta.dtype == np.float32
    assert clf.predict_proba(X).dtype == np.float32


def test_levenberg_marquardt_in_float32_trains_as_in_float64(diabetes):
    # float32 builds the Gauss-Newton matrix in float32 chunks (twice as
    # fast): the fit follows the float64 one to float32's precision times the
    # damped system's conditioning, compounded over 20 iterations: measured
    # up to 4.5e-3 (final loss 1.7e-3) over seeds 0-9 under OpenBLAS's
    # SkylakeX kernels, 1.2e-3 under Haswell's.
    X, y = diabetes
    losses = {}
    for dtype in (np.float64, np.float32):
        reg = EBPRegressor(
            (8,), solver="levenberg_marquardt", max_iter=20, random_state=0
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            reg.fit(X.astype(dtype), y)
        losses[dtype] = np.array(reg.loss_curve_)
    assert losses[np.float64].size == losses[np.float32].size == 20
    np.testing.assert_allclose(losses[np.float32], losses[np.float64], rtol=2e-2)
    np.testing.assert_allclose(
        losses[np.float32][-1], losses[np.float64][-1], rtol=1e-2
    )


@pytest.mark.parametrize("solver", FULL_BATCH)
def test_full_batch_early_stopping_and_warm_start(solver, iris):
    X, y = iris
    clf = EBPClassifier(
        (8,), solver=solver, early_stopping=True, max_iter=200, random_state=0
    ).fit(X, y)
    assert len(clf.validation_scores_) == clf.n_iter_
    assert clf.best_validation_score_ == max(clf.validation_scores_)
    warm = EBPClassifier(
        (8,), solver=solver, max_iter=3, warm_start=True, random_state=0
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warm.fit(X, y)
        first = warm.loss_curve_[-1]
        warm.fit(X, y)
    assert warm.n_iter_ == 3 and len(warm.loss_curve_) == 6
    assert warm.loss_curve_[-1] < first


def test_levenberg_marquardt_chunked_equals_unchunked(iris, monkeypatch):
    X, y = iris
    params = dict(
        hidden_layer_sizes=(4,),
        solver="levenberg_marquardt",
        max_iter=8,
        alpha=0.5,
        random_state=0,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        whole = EBPClassifier(**params).fit(X, y)
        import skebp._training._full_batch

        monkeypatch.setattr(skebp._training._full_batch, "JACOBIAN_CHUNK_BYTES", 2000)
        chunked = EBPClassifier(**params).fit(X, y)
    np.testing.assert_allclose(chunked._theta, whole._theta, rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(chunked.loss_curve_, whole.loss_curve_, rtol=1e-10)


def test_levenberg_marquardt_refuses_huge_networks_before_work():
    X = np.zeros((10, 2000))
    y = np.arange(10) % 2
    reg = EBPClassifier((200,), solver="levenberg_marquardt")
    with pytest.raises(MemoryError, match="400401 parameters.*GiB.*lbfgs"):
        reg.fit(X, y)
    assert not hasattr(reg, "loss_curve_")  # atomic: still unfitted


def test_huge_layers_are_refused_before_allocating(iris):
    X, y = iris
    clf = EBPClassifier((10**6, 10**6), max_iter=1)
    with pytest.raises(MemoryError, match="GiB.*smaller hidden layers"):
        clf.fit(X, y)
    assert not hasattr(clf, "coefs_") or not hasattr(clf, "_theta")


def test_levenberg_marquardt_sample_weight_and_sparse(iris):
    X, y = iris
    params = dict(
        hidden_layer_sizes=(4,),
        solver="levenberg_marquardt",
        max_iter=5,
        alpha=0.5,
        random_state=0,
        whitening="standardize",
    )
    sw = np.random.RandomState(0).randint(1, 3, size=150)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        weighted = EBPClassifier(**params).fit(X, y, sample_weight=sw)
        repeated = EBPClassifier(**params).fit(
            np.repeat(X, sw, axis=0), np.repeat(y, sw)
        )
        sparse = EBPClassifier(**params).fit(sp.csr_matrix(X), y)
        dense = EBPClassifier(**params).fit(X, y)
    np.testing.assert_allclose(weighted._theta, repeated._theta, rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(sparse._theta, dense._theta, rtol=1e-8, atol=1e-10)


def test_lecun98_converges_on_digits_before_max_iter():
    """The paper's recipe stops by scikit-learn's rule (its squared error is
    summed over the 10 outputs, so tol is compared per output) at the
    on-line "auto" rate, instead of running to max_iter."""
    X, y = load_digits(return_X_y=True)
    X_tr, X_te, y_tr, y_te = train_test_split(
        X, y, test_size=0.3, random_state=0, stratify=y
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        clf = EBPClassifier(**RECIPES["lecun98"], random_state=0).fit(X_tr, y_tr)
    assert clf.n_iter_ < clf.max_iter
    assert clf.score(X_te, y_te) > 0.97


@pytest.mark.parametrize("size", [1, 2, 17, 60])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_sparse_rows_are_gathered_as_scipy_gathers_them(size, dtype):
    """The on-line loop's CSR gather gives the arrays of ``X[idx]``, empty
    rows and repeated indices included."""
    import scipy.sparse as sp

    from skebp._training._data import take_rows

    X = sp.random(60, 9, density=0.2, format="csr", random_state=0, dtype=dtype)
    X[3] = 0  # an empty row
    X.eliminate_zeros()
    idx = np.random.RandomState(size).randint(60, size=size)
    idx[0] = 3
    expected, got = X[idx], take_rows(X, idx)
    assert got.shape == expected.shape and got.dtype == expected.dtype
    for name in ("indptr", "indices", "data"):
        np.testing.assert_array_equal(getattr(got, name), getattr(expected, name))


@pytest.mark.parametrize(
    "Estimator, n_off, n_on",
    # "auto" stops early once the held-out 10 % holds 50 rows (classifier:
    # coarser accuracy; regressor: since the fifteenth round, 10 before).
    [(EBPClassifier, 480, 500), (EBPRegressor, 490, 500)],
)
def test_auto_early_stopping_needs_enough_validation_rows(Estimator, n_off, n_on):
    from sklearn.datasets import make_classification

    X, y = make_classification(n_on, n_features=6, random_state=0)
    if Estimator is EBPRegressor:
        y = X[:, 0] - X[:, 1]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        assert Estimator().early_stopping == "auto"
        off = Estimator(max_iter=3, random_state=0).fit(X[:n_off], y[:n_off])
        on = Estimator(max_iter=3, random_state=0).fit(X, y)
        assert off.validation_scores_ is None and len(on.validation_scores_) == 3
        # The same as early_stopping=True / False, bit for bit (an unguarded
        # small fit's "auto" rate is the small-fit one, and its "auto"
        # penalty the small fit's; a regressor's below 500 rows has it too).
        for auto, given, n in ((off, False, n_off), (on, True, n_on)):
            small = small_fit_rate(Estimator is EBPClassifier, n, given, False)
            task = "classification" if Estimator is EBPClassifier else "regression"
            auto_batch = 32 if Estimator is EBPClassifier else 64
            if small:  # Adam's "auto" batches of 32 (classifier) or 64 rows
                small *= math.sqrt(auto_batch / 200)
            rate = small or "auto"
            penalized = small or (task == "regression" and n < 500)
            fixed = Estimator(
                max_iter=3,
                random_state=0,
                early_stopping=given,
                learning_rate_init=rate,
                alpha=SMALL_FIT_ALPHA[task] if penalized else 0.0,
                # a rate given keeps batches of 200: the "auto" ones given
                batch_size=auto_batch,
            )
            fixed.fit(X[:n], y[:n])
            np.testing.assert_array_equal(fixed.coefs_[0], auto.coefs_[0])
        # Given validation rows count instead of the held-out fraction: 5
        # rows are too few, so this fit trains on every row, as with False.
        val = {"X_val": X[:5], "y_val": y[:5]}
        few = Estimator(max_iter=3, random_state=0).fit(X, y, **val)
        fixed = Estimator(max_iter=3, random_state=0, early_stopping=False)
        np.testing.assert_array_equal(fixed.fit(X, y, **val).coefs_[0], few.coefs_[0])
        # A full-batch solver stops early under "auto" by the same rule.
        for solver in ("lbfgs", "cg", "levenberg_marquardt"):
            kw = dict(solver=solver, max_iter=3, random_state=0)
            full = Estimator(**kw).fit(X, y)
            assert len(full.validation_scores_) == full.n_iter_
            fixed = Estimator(early_stopping=True, **kw).fit(X, y)
            np.testing.assert_array_equal(fixed.coefs_[0], full.coefs_[0])
            assert Estimator(**kw).fit(X[:n_off], y[:n_off]).validation_scores_ is None
        # partial_fit never stops early under "auto"; True is refused there.
        kwargs = {"classes": np.unique(y)} if Estimator is EBPClassifier else {}
        Estimator(random_state=0).partial_fit(X, y, **kwargs)
        with pytest.raises(ValueError, match="partial_fit does not support"):
            Estimator(early_stopping=True).partial_fit(X, y, **kwargs)
    with pytest.raises(ValueError, match="'early_stopping' parameter"):
        Estimator(early_stopping="sometimes").fit(X, y)
