"""The default mini-batches (32 rows for the classifier, 64 for the
regressor): the CPU cost of an epoch, with and without numba, against 200
rows and scikit-learn.

Since the seventeenth round (``check_seventeenth.py``) ``EBPClassifier()``
takes mini-batches of 32 rows where it took 200, and since the eighteenth
(``check_eighteenth.py``) ``EBPRegressor()`` takes 64: more steps per
epoch, each with the same per-step overhead.  Here fits of ``--epochs``
epochs on every training row (early stopping off,
``_timing.fixed_epochs``) of three classification data sets of the
real-data suite's confirmation half and the eighth collection and three
regression data sets of the suite (split and preprocessed as
``check_defaults.py`` does, seed 0; needs ``skebp[benchmark]``), one BLAS
thread, CPU seconds, in interleaved rounds after one untimed fit of each:

- "32" (or "64") and "200": ``EBPClassifier(batch_size=...)`` (or
  ``EBPRegressor``), everything else at its defaults, with the compiled
  epoch (``skebp[fast]``) and on the numpy path (``numpy 32``, ``numpy
  200``);
- "sklearn": scikit-learn's default MLP (batches of 200) behind a
  ``StandardScaler`` (the regressor's targets scaled too).

Each ratio is the median over rounds of the ratio within a round [min,
max].  An epoch is not the unit of the targets: at the smaller batches the
estimators reach scikit-learn's converged score in fewer epochs
(``check_defaults.py``'s time target counts the CPU seconds to it).

Run: python benchmarks/bench_default_batch.py [--epochs 20] [--repeats 5]
"""

import functools
import time

from _timing import epoch_parser, fit_seconds, fixed_epochs, interleaved, ratio
from check_defaults import split_prepared
from sklearn.compose import TransformedTargetRegressor
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from skebp import EBPClassifier, EBPRegressor
from skebp._training._stochastic import ADAM_AUTO_BATCH
from skebp.study import _datasets

#: The data sets by task: a small table, a wider one, a one-hot-heavy
#: survey (classification); a large table, a wide one-hot one and a small
#: one (regression).
DATASETS = {
    "classification": ("hpc_data", "Spambase", "reddit_finance"),
    "regression": ("hotel_rates", "check_times", "Wage"),
}
#: Each task's default mini-batch (``batch_size="auto"`` on enough rows):
#: the estimators' own.
BATCH = ADAM_AUTO_BATCH


def pairs(batch):
    """The ratios printed, ``(numerator, denominator)``, for the default
    mini-batch ``batch``."""
    return (
        (f"{batch}", "200"),
        (f"numpy {batch}", "numpy 200"),
        (f"{batch}", "sklearn"),
        (f"numpy {batch}", "sklearn"),
    )


def contenders(X, y, epochs, task):
    """``{name: callable}`` timing one fit each (CPU seconds)."""
    fixed = fixed_epochs(epochs)
    classifier = task == "classification"

    def ours(batch, compiled):
        model = (EBPClassifier if classifier else EBPRegressor)(
            batch_size=batch, **fixed
        )
        return fit_seconds(
            model, X, y, epochs, clock=time.process_time, compiled=compiled
        )

    def sklearn():
        scaler = StandardScaler(with_mean=not hasattr(X, "tocsr"))
        if classifier:
            mlp = MLPClassifier(**fixed)
        else:
            mlp = TransformedTargetRegressor(
                MLPRegressor(**fixed), transformer=StandardScaler()
            )
        return fit_seconds(make_pipeline(scaler, mlp), X, y, clock=time.process_time)

    small = BATCH[task]
    return {
        f"{small}": functools.partial(ours, small, True),
        "200": functools.partial(ours, 200, True),
        f"numpy {small}": functools.partial(ours, small, False),
        "numpy 200": functools.partial(ours, 200, False),
        "sklearn": sklearn,
    }


def main():
    parser = epoch_parser(__doc__, epochs=20, repeats=5)
    args = parser.parse_args()
    with threadpool_limits(1, user_api="blas"):
        for task, names in DATASETS.items():
            for name in names:
                _, X, y, _ = _datasets.resolve(name)
                X_tr, _, y_tr, _ = split_prepared(X, y, task, 0)
                timed = contenders(X_tr, y_tr, args.epochs, task)
                for run in timed.values():  # untimed: compile, warm the caches
                    run()
                times = interleaved(timed, rounds=args.repeats)
                ms = {k: 1000 * min(v) / args.epochs for k, v in times.items()}
                print(
                    f"{name} ({X_tr.shape[0]:,} x {X_tr.shape[1]}): CPU ms per "
                    "epoch, " + ", ".join(f"{k} {v:.1f}" for k, v in ms.items())
                )
                for a, b in pairs(BATCH[task]):
                    med, low, high = ratio(times, a, b)
                    print(f"  {a} / {b}: {med:.2f}x [{low:.2f}, {high:.2f}]")


if __name__ == "__main__":
    main()
