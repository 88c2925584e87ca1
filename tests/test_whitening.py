import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.decomposition import PCA
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skebp import InputWhitener

METHODS = ["center", "standardize", "pca", "zca"]


def _data(seed=0, n=400, d=5):
    rng = np.random.RandomState(seed)
    mix = rng.normal(size=(d, d)) + 3 * np.eye(d)
    return rng.normal(size=(n, d)) @ mix + rng.uniform(-5, 5, size=d)


def _cov(X):
    return np.cov(X, rowvar=False, bias=True)


@pytest.mark.parametrize("method", METHODS)
def test_round_trip(method):
    X = _data()
    w = InputWhitener(method).fit(X)
    np.testing.assert_allclose(w.inverse_transform(w.transform(X)), X, atol=1e-10)


@pytest.mark.parametrize("method", ["pca", "zca"])
def test_whitened_covariance_is_identity(method):
    X = _data()
    Xw = InputWhitener(method).fit_transform(X)
    np.testing.assert_allclose(Xw.mean(axis=0), 0, atol=1e-10)
    np.testing.assert_allclose(_cov(Xw), np.eye(X.shape[1]), rtol=1e-6, atol=1e-6)


def test_center_and_standardize_match_scikit_learn():
    X = _data()
    np.testing.assert_allclose(
        InputWhitener("standardize").fit_transform(X),
        StandardScaler().fit_transform(X),
    )
    np.testing.assert_allclose(
        InputWhitener("center").fit_transform(X), X - X.mean(axis=0)
    )


def test_pca_matches_scikit_learn_up_to_sign():
    X = _data()
    ours = InputWhitener("pca", epsilon=0).fit_transform(X)
    # PCA divides by the unbiased variance (n - 1), we by the biased one (n).
    theirs = PCA(whiten=True).fit_transform(X) * np.sqrt(len(X) / (len(X) - 1))
    np.testing.assert_allclose(np.abs(ours), np.abs(theirs), rtol=1e-5, atol=1e-6)


def test_zca_keeps_outputs_aligned_with_inputs():
    # ZCA is the whitening closest to the input: each output correlates
    # most with its own input.
    X = _data()
    Xw = InputWhitener("zca").fit_transform(X)
    d = X.shape[1]
    corr = np.corrcoef(X.T, Xw.T)[:d, d:]
    assert np.all(np.argmax(np.abs(corr), axis=0) == np.arange(d))
    # ZCA's matrix is symmetric
    w = InputWhitener("zca").fit(X)
    T, _ = w._linear_map(np.float64)
    np.testing.assert_allclose(T, T.T, atol=1e-12)


@pytest.mark.parametrize("method", METHODS)
def test_constant_and_dependent_columns_stay_finite(method):
    X = _data()
    X = np.c_[X, np.full(len(X), 3.0), 2 * X[:, 0] - X[:, 1]]
    Xw = InputWhitener(method).fit_transform(X)
    assert np.all(np.isfinite(Xw))
    X_new = _data(seed=1)
    X_new = np.c_[X_new, np.full(len(X_new), 4.0), X_new[:, 0]]
    assert np.all(np.isfinite(InputWhitener(method).fit(X).transform(X_new)))


def test_pca_n_components():
    X = _data(d=6)
    w = InputWhitener("pca", n_components=2).fit(X)
    assert w.transform(X).shape == (400, 2)
    assert w.components_.shape == (2, 6)
    assert w.n_components_ == 2
    np.testing.assert_allclose(_cov(w.transform(X)), np.eye(2), atol=1e-6)
    assert list(w.get_feature_names_out()) == ["inputwhitener0", "inputwhitener1"]
    z = InputWhitener("zca", n_components=2).fit(X)
    assert z.transform(X).shape == (400, 6)
    with pytest.raises(ValueError, match="n_components=7 must be <= n_features=6"):
        InputWhitener("pca", n_components=7).fit(X)


def test_sample_weight_equals_repetition():
    X = _data(n=50)
    sw = np.random.RandomState(0).randint(1, 4, size=50)
    Xr = np.repeat(X, sw, axis=0)
    for method in METHODS:
        a = InputWhitener(method).fit(X, sample_weight=sw)
        b = InputWhitener(method).fit(Xr)
        np.testing.assert_allclose(a.transform(X), b.transform(X), atol=1e-8)


def test_float32_kept():
    X = _data().astype(np.float32)
    for method in METHODS:
        assert InputWhitener(method).fit_transform(X).dtype == np.float32


def test_sparse_refused_with_reason():
    X = sp.csr_matrix(_data())
    with pytest.raises(TypeError, match="[Ss]parse"):
        InputWhitener("standardize").fit(X)


def test_sparse_statistics_match_dense():
    X = _data()
    X[np.abs(X) < 2] = 0
    for method in METHODS:
        dense = InputWhitener(method)._fit_arrays(X)
        sparse = InputWhitener(method)._fit_arrays(sp.csr_matrix(X))
        np.testing.assert_allclose(
            dense._transform_rows(X),
            sparse._transform_rows(sp.csr_matrix(X)),
            atol=1e-9,
        )


def test_pandas_output_and_feature_names():
    pd = pytest.importorskip("pandas")
    X = pd.DataFrame(_data(d=3), columns=["a", "b", "c"])
    w = InputWhitener("zca").set_output(transform="pandas").fit(X)
    out = w.transform(X)
    assert list(out.columns) == ["a", "b", "c"]
    assert list(w.feature_names_in_) == ["a", "b", "c"]


def test_in_pipeline():
    X = _data()
    pipe = make_pipeline(InputWhitener("pca", n_components=3), StandardScaler())
    assert pipe.fit_transform(X).shape == (400, 3)


def test_inverse_transform_shape_error():
    w = InputWhitener("pca", n_components=2).fit(_data())
    with pytest.raises(ValueError, match="expects 2 columns"):
        w.inverse_transform(np.zeros((3, 5)))
