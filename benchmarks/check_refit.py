"""Early stopping, then retraining on every training row: tried against the
defaults on the four collections (not adopted).

Most of the cells the defaults still miss are small data sets at
convergence, where early stopping holds out 10 % of a few hundred rows.
Goodfellow, Bengio and Courville (2016, *Deep Learning*, section 7.8,
Algorithm 7.2) retrain on all the training rows for the number of steps
early stopping found best.  Here, for every data set and seed where the
defaults stopped early (their ``validation_scores_`` exist):

- ``refit, epochs``: a new fit from the same ``random_state`` without early
  stopping, ``max_iter`` the best validated epoch of the first fit, on all
  the training rows;
- ``refit, steps``: the same number of steps rather than epochs (an epoch
  over all the rows takes more steps than one over 90 % of them).

Both are fitted on each seed's split of ``check_defaults.py`` and compared
with scikit-learn's converged score in the committed run of the shipped
defaults (:data:`REFERENCE`: the same seeds' splits), and with the defaults
themselves, whose scores must equal that run's.  Their CPU time includes
the first fit.

Run:
    python benchmarks/check_refit.py --out benchmarks/results/refit.jsonl
    python benchmarks/check_refit.py --summary benchmarks/results/refit.jsonl
"""

import math
import sys
import time

import numpy as np
from _timing import one_blas_thread
from check_defaults import (
    MARGIN,
    RESULTS,
    SHIPPED,
    _score,
    before_fifteenth_round,
    read_rows,
    rows_parser,
    run_and_summarize,
    split_prepared,
)

from skebp import EBPClassifier, EBPRegressor
from skebp._training._stochastic import resolve_batch_size
from skebp.study import _tabular

#: The committed run of the shipped defaults on each collection tried.
LATER = ("fifth", "sixth", "seventh", "eighth", "tenth")  # written after the experiment
REFERENCE = {k: v for k, v in SHIPPED.items() if k not in LATER}
VARIANTS = ("defaults", "refit, epochs", "refit, steps")


def _timed(est, X_tr, y_tr, X_te, y_te):
    start = time.process_time()
    est.fit(X_tr, y_tr)
    return float(est.score(X_te, y_te)), time.process_time() - start, est


def refit_epochs(n_train, validation_fraction, best_epoch, steps):
    """Epochs on ``n_train`` rows for the retraining: ``best_epoch``, or
    with ``steps`` the epochs whose steps (batches of the default size)
    match ``best_epoch`` epochs over the rows early stopping trained on."""
    if not steps:
        return best_epoch
    n_fit = n_train - math.ceil(validation_fraction * n_train)

    def batches(n):
        return math.ceil(n / resolve_batch_size("auto", n))

    return max(1, round(best_epoch * batches(n_fit) / batches(n_train)))


def one_seed(name, X, y, task, seed):
    """The defaults and both retrainings on one seed's split."""
    X_tr, X_te, y_tr, y_te = split_prepared(X, y, task, seed)
    cls = EBPClassifier if task == "classification" else EBPRegressor
    row = {"dataset": name, "task": task, "seed": seed}
    with one_blas_thread():
        score, cpu, first = _timed(cls(random_state=seed), X_tr, y_tr, X_te, y_te)
        row["defaults"] = [score, cpu, int(first.n_iter_)]
        scores = first.validation_scores_
        row["stopped_early"] = scores is not None
        for label, steps in (("refit, epochs", False), ("refit, steps", True)):
            if scores is None:
                row[label] = row["defaults"]
                continue
            best = int(np.argmax(scores)) + 1
            epochs = refit_epochs(len(y_tr), first.validation_fraction, best, steps)
            again = cls(random_state=seed, early_stopping=False, max_iter=epochs)
            score, more, _ = _timed(again, X_tr, y_tr, X_te, y_te)
            row[label] = [score, cpu + more, epochs]
    return row


def _reference():
    """The shipped defaults' committed rows as the experiment ran them
    (before the fifteenth round ended the regressor's early stopping below
    500 rows)."""
    return {
        (r["dataset"], r["seed"]): r
        for name in REFERENCE.values()
        for r in before_fifteenth_round(read_rows([RESULTS / name]))
    }


def summarize(rows, out=sys.stdout):
    """Per collection: the sets below scikit-learn's MLP at convergence
    (median over seeds more than 0.005 below) with the defaults and each
    retraining; each retraining against the defaults; CPU time."""
    ref = _reference()
    by_set = {}
    for r in rows:
        by_set.setdefault(r["dataset"], []).append(r)
    same = sum(
        r["defaults"][0] == _score(ref[(r["dataset"], r["seed"])], "skebp@conv")
        for r in rows
    )
    print(
        f"The defaults' scores equal the committed run's on {same} of "
        f"{len(rows)} fits.\n\n"
        "| collection | data sets (stopped early) | below scikit-learn's MLP: "
        "defaults / refit, epochs / refit, steps | median difference to it "
        "| refit against the defaults: below / above (epochs; steps) "
        "| median CPU time of refit / defaults |\n|---|---|---|---|---|---|",
        file=out,
    )
    for where in REFERENCE:
        sets = {n: rs for n, rs in by_set.items() if _tabular.half(n) == where}
        if not sets:
            continue
        early = sum(any(r["stopped_early"] for r in rs) for rs in sets.values())
        below, medians, against, cpu = [], [], [], []
        for label in VARIANTS:
            diffs = [
                float(
                    np.median(
                        [
                            r[label][0] - _score(ref[(n, r["seed"])], "sklearn@conv")
                            for r in rs
                        ]
                    )
                )
                for n, rs in sets.items()
            ]
            below.append(sum(d < MARGIN for d in diffs))
            medians.append(float(np.median(diffs)))
            if label == "defaults":
                continue
            gains = [
                float(np.median([r[label][0] - r["defaults"][0] for r in rs]))
                for rs in sets.values()
            ]
            against.append(
                f"{sum(g < MARGIN for g in gains)} / {sum(g > -MARGIN for g in gains)}"
            )
            cpu.append(
                float(
                    np.median(
                        [
                            np.median([r[label][1] / r["defaults"][1] for r in rs])
                            for rs in sets.values()
                        ]
                    )
                )
            )
        print(
            f"| {where} | {len(sets)} ({early}) | "
            + " / ".join(map(str, below))
            + " | "
            + " / ".join(f"{m:+.4f}" for m in medians)
            + f" | {against[0]}; {against[1]} | "
            + "; ".join(f"{c:.2f}x" for c in cpu)
            + " |",
            file=out,
        )


def main():
    parser = rows_parser(__doc__, datasets="tabular")
    args = parser.parse_args()
    if args.summary:
        summarize(read_rows(args.summary))
        return
    if args.datasets == ["tabular"]:
        args.datasets = ["tabular", "tabular-fresh", "tabular-holdout"]
    run_and_summarize(args, one_seed, summarize)


if __name__ == "__main__":
    main()
