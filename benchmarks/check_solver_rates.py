"""Changing only ``solver``: each first-order solver at its default rate.

The default ``learning_rate_init="auto"`` is solver-aware: Adam takes the
fixed rate the real-data suite chose (0.01), plain SGD and momentum a rate
from the largest Hessian eigenvalue (``1 / lambda_max``).  This script
measures that choice on the development half of the real-data suite: for
``solver="sgd"`` and ``solver="momentum"`` (every other parameter at its
default), ``"auto"`` against the former fixed default 0.01, test score after
10 epochs and at convergence, 5 seeds, the same preprocessing and splits as
``check_defaults.py``.  A cell is (data set, budget); the line counts the
cells where ``"auto"`` is more than 0.005 below 0.01 (median paired
difference) and those where that loss survives Holm's correction
(Nadeau-Bengio corrected t), and the reverse.

Run: python benchmarks/check_solver_rates.py [--datasets tabular-dev]
         [--seeds 5] [--out FILE] [--summary FILE]
"""

import sys
from pathlib import Path

import numpy as np
from _timing import one_blas_thread
from check_defaults import (
    TEST_SIZE,
    read_rows,
    rows_parser,
    run_and_summarize,
    split_prepared,
)

from skebp import EBPClassifier, EBPRegressor
from skebp.study._statistics import corrected_t, holm

SOLVERS = ("sgd", "momentum")
RATES = ("auto", 0.01)
BUDGETS = (10, None)
MARGIN = -0.005
#: The committed run the docs quote.
RESULTS = Path(__file__).parent / "results" / "solver_rates_dev.jsonl"


def one_seed(name, X, y, task, seed):
    X_tr, X_te, y_tr, y_te = split_prepared(X, y, task, seed)
    cls = EBPClassifier if task == "classification" else EBPRegressor
    row = {"dataset": name, "task": task, "seed": seed}
    with one_blas_thread():
        for solver in SOLVERS:
            for rate in RATES:
                for budget in BUDGETS:
                    extra = {} if budget is None else {"max_iter": budget}
                    est = cls(
                        solver=solver,
                        learning_rate_init=rate,
                        random_state=seed,
                        **extra,
                    )
                    key = f"{solver}@{rate}@{budget or 'conv'}"
                    try:
                        row[key] = float(est.fit(X_tr, y_tr).score(X_te, y_te))
                    except Exception as exc:  # a diverged fit is a result
                        row[key] = float("nan")
                        row[key + ":error"] = f"{type(exc).__name__}: {exc}"
    return row


def summarize(rows, out=sys.stdout):
    """Per solver: the cells where "auto" loses to / beats 0.01."""
    by_set = {}
    for r in rows:
        by_set.setdefault(r["dataset"], []).append(r)
    for solver in SOLVERS:
        cells = []
        for name, rs in sorted(by_set.items()):
            for budget in ("10", "conv"):
                auto = np.array([r[f"{solver}@auto@{budget}"] for r in rs])
                fixed = np.array([r[f"{solver}@0.01@{budget}"] for r in rs])
                d = np.nan_to_num(auto, nan=-1.0) - np.nan_to_num(fixed, nan=-1.0)
                mean, _, p = corrected_t(d, TEST_SIZE)
                cells.append((name, budget, float(np.median(d)), mean, p))
        p_loss = holm([p / 2 if m < 0 else 1 - p / 2 for *_, m, p in cells])
        p_win = holm([p / 2 if m > 0 else 1 - p / 2 for *_, m, p in cells])
        worse = sum(c[2] < MARGIN for c in cells)
        better = sum(c[2] > -MARGIN for c in cells)
        print(
            f'solver={solver!r}: "auto" against 0.01 over {len(cells)} cells '
            f"({len(by_set)} data sets x 10 epochs, convergence): more than "
            f"{-MARGIN} below in {worse} ({sum(p < 0.05 for p in p_loss)} "
            f"after Holm), more than {-MARGIN} above in {better} "
            f"({sum(p < 0.05 for p in p_win)} after Holm).",
            file=out,
        )


def main():
    args = rows_parser(__doc__).parse_args()
    if args.summary:
        summarize(read_rows(args.summary))
        return
    run_and_summarize(args, one_seed, summarize)


if __name__ == "__main__":
    main()
