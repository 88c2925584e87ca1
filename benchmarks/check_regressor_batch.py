"""After the seventeenth round: does the regressor gain from smaller
mini-batches too?  (An exploration; nothing adopted.)

The seventeenth round gave the classifier (Adam at its ``"auto"`` rate)
mini-batches of 32 rows instead of 200 (``check_seventeenth.py``).  The
regressor's shortfalls left are mostly noisy regression at 10 and 30
epochs, where more steps per epoch might help as they did the classifier.
Here the regressor with ``batch_size`` 64 and 32 (Adam's ``"auto"`` rate
scaled by the square-root rule) and as it ships is fitted at every budget
of ``check_defaults.py`` on every regression data set of the collections
that hold them (the suite's two halves, the fresh, hold-out, fifth and
sixth collections), seeds 0 to 4; scikit-learn's MLP, gradient boosting
and the linear model keep their committed scores and CPU seconds on the
same splits (``check_cooldown.merged``).  Every one of these data sets
has been seen by earlier choices: an adoption would need regression data
no choice has seen, which none of the collections holds any more.

Run (a few minutes on two cores), then summarize:
    python benchmarks/check_regressor_batch.py
        --out benchmarks/results/regressor_batch.jsonl
    python benchmarks/check_regressor_batch.py

The eighteenth round (``check_eighteenth.py``) then confirmed 64 rows on a
new collection and adopted it.  Its CPU cost on the numpy path (without
numba) was measured after, on the same data sets and seeds:
    SKEBP_COMPILED=0 python benchmarks/check_regressor_batch.py
        --variants shipped batch_size=64
        --out benchmarks/results/regressor_batch_numpy.jsonl
"""

import sys
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from check_classifier_variants import report as variants_report  # noqa: E402
from check_classifier_variants import run_keyed, variant_jobs  # noqa: E402
from check_defaults import (  # noqa: E402
    RESULTS,
    budget_scores,
    read_rows,
    rows_parser,
    shown,
    split_prepared,
)
from threadpoolctl import threadpool_limits  # noqa: E402

from skebp import EBPRegressor  # noqa: E402

#: The batch sizes, by name ("shipped": as the regressor shipped then,
#: before the eighteenth round made its ``"auto"`` batch 64 rows).
VARIANTS = {"shipped": 200, "batch_size=64": 64, "batch_size=32": 32}
#: The collections with regression data sets.
KEYS = ("dev", "confirm", "fresh", "holdout", "fifth", "sixth")
FILE = "regressor_batch.jsonl"


def one_seed(name, X, y, seed, variant):
    """The regressor with ``variant``'s batch size at every budget on one
    seed's split: the ``skebp@*`` fields of a ``check_defaults.py`` row."""
    X_tr, X_te, y_tr, y_te = split_prepared(X, y, "regression", seed)
    params = {"batch_size": VARIANTS[variant]}

    def make(extra):
        return EBPRegressor(random_state=seed, **params, **extra)

    row = {"dataset": name, "task": "regression", "seed": seed, "variant": variant}
    with threadpool_limits(1, user_api="blas"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        row.update(budget_scores(make, X_tr, y_tr, X_te, y_te))
    return row


def report(rows, out=sys.stdout):
    """A line per variant: cells missed, losses after Holm's correction,
    the time target, and the data sets moved against the shipped regressor
    (``check_classifier_variants.report`` on the regression data sets)."""
    run = [v for v in VARIANTS if any(r["variant"] == v for r in rows)]
    return variants_report(rows, out, "regression", KEYS, run, "the shipped regressor")


def page(out=sys.stdout):
    """The page's part: :func:`report` of the committed rows."""
    return report(read_rows([RESULTS / FILE]), out)


def main():
    parser = rows_parser(__doc__, datasets=None, seeds=5)
    parser.add_argument(
        "--variants", nargs="+", default=list(VARIANTS), choices=list(VARIANTS)
    )
    args = parser.parse_args()
    if shown(args, report, page):
        return
    keyed = list(variant_jobs(args.seeds, args.variants, "regression", KEYS, one_seed))
    run_keyed(keyed, args.n_jobs, args.out, report)


if __name__ == "__main__":
    main()
