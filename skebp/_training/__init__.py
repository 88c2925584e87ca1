"""Training, apart from the estimator: data access, the epoch monitor, the
stochastic and full-batch loops and the callback bridge.

Every function here takes a network, the flat parameter vector, the training
data and its settings as arguments; none reads an estimator's attributes.
"""

from ._callbacks import CallbackBridge, FitCallbacks
from ._compiled import blas_limits
from ._data import (
    PREDICT_CHUNK,
    TrainingData,
    densify_once,
    forward_chunked,
    in_model_dtype,
    split_validation,
)
from ._full_batch import fit_full_batch
from ._monitor import EpochMonitor, TrainingRecord, Validation
from ._stochastic import (
    StochasticState,
    auto_batch_size,
    fit_alpha,
    fit_stochastic,
    small_fit_rate,
    task_settings,
)

__all__ = [
    "PREDICT_CHUNK",
    "CallbackBridge",
    "EpochMonitor",
    "FitCallbacks",
    "StochasticState",
    "TrainingData",
    "TrainingRecord",
    "Validation",
    "blas_limits",
    "fit_full_batch",
    "fit_alpha",
    "fit_stochastic",
    "densify_once",
    "forward_chunked",
    "in_model_dtype",
    "auto_batch_size",
    "small_fit_rate",
    "task_settings",
    "split_validation",
]
