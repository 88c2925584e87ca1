"""The two scale-out recipes of docs/scale_out.rst, as written there: a
``GridSearchCV`` over trick combinations on a Dask cluster (joblib's dask
backend), and dask-ml's ``Incremental`` feeding ``partial_fit`` block by
block.  Each must give exactly what the plain, in-memory run gives."""

import warnings

import numpy as np
import pytest
from joblib import parallel_config
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV

from skebp import EBPClassifier

GRID = {
    "solver": ["momentum", "adam"],
    "whitening": ["standardize", "zca"],
    "shuffle": ["random", "class_alternate"],
}


def _search():
    return GridSearchCV(
        EBPClassifier((16,), max_iter=5, random_state=0), GRID, cv=3, n_jobs=2
    )


@pytest.fixture(scope="module")
def cluster_client():
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


def test_grid_search_on_a_dask_cluster_equals_joblib(digits, cluster_client):
    X, y = digits
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        local = _search().fit(X, y)
        with parallel_config(backend="dask"):
            remote = _search().fit(X, y)
    assert remote.best_params_ == local.best_params_
    np.testing.assert_array_equal(
        remote.cv_results_["mean_test_score"], local.cv_results_["mean_test_score"]
    )
    assert len(remote.cv_results_["params"]) == 8


def test_dask_ml_incremental_is_partial_fit_block_by_block(digits):
    da = pytest.importorskip("dask.array")
    wrappers = pytest.importorskip("dask_ml.wrappers")
    X, y = digits
    classes = np.unique(y)
    blocks = 200
    Xd = da.from_array(X, chunks=(blocks, X.shape[1]))
    yd = da.from_array(y, chunks=blocks)
    inc = wrappers.Incremental(
        EBPClassifier((16,), random_state=0), shuffle_blocks=False
    )
    by_hand = EBPClassifier((16,), random_state=0)
    for _ in range(2):
        inc.partial_fit(Xd, yd, classes=classes)
        for start in range(0, len(y), blocks):
            by_hand.partial_fit(
                X[start : start + blocks], y[start : start + blocks], classes=classes
            )
    assert inc.estimator_._theta.tobytes() == by_hand._theta.tobytes()
    assert inc.score(Xd, yd) == by_hand.score(X, y) > 0.5  # six steps so far
