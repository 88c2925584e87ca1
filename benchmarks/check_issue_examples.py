"""The two examples issue 20 opened with, measured with the shipped
defaults.

- ``make_friedman1(2000, noise=0.5)``: ``EBPRegressor()`` against
  scikit-learn's default MLP (``skebp.study._runner.reference``: behind a
  ``StandardScaler``, targets scaled) at 10 and 30 epochs and at
  convergence, on 5 seeds' 70/30 splits (the data drawn with the seed);
  the median over seeds of the difference in test R^2.  The issue had
  -0.024, -0.122 and -0.019.
- The digits, a 3-fold ``GridSearchCV`` over ``hidden_layer_sizes`` in
  {(50,), (100,)} x ``learning_rate_init`` in {0.003, 0.01, 0.03}, for
  ``EBPClassifier()``, for it without early stopping (its validation set
  takes 10 % of each training fold) and for scikit-learn's MLP behind a
  ``StandardScaler``: the best mean CV accuracy, estimators seeded 0 to 9
  (the folds are ``GridSearchCV``'s own, unshuffled, so only the
  initialization changes with the seed).  The issue had 0.939-0.943 for
  skebp against 0.944-0.948.  The summary gives each skebp contender's
  difference to scikit-learn's best on the same seed: its mean with a 95 %
  t interval over the seeds (independent initializations on the same
  folds, so no resampling correction) and on how many seeds it is below.

Run:
    python benchmarks/check_issue_examples.py --out \\
        benchmarks/results/issue_examples.jsonl
    python benchmarks/check_issue_examples.py --summary \\
        benchmarks/results/issue_examples.jsonl
"""

import sys

import numpy as np
from _timing import one_blas_thread
from check_defaults import collect, read_rows, rows_parser
from joblib import Parallel, delayed
from sklearn.datasets import load_digits, make_friedman1
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skebp import EBPClassifier, EBPRegressor
from skebp.study._runner import reference
from skebp.study._statistics import corrected_t

BUDGETS = (10, 30, None)
#: The seeds of Friedman's splits and of the digits grid's estimators.
FRIEDMAN_SEEDS, GRID_SEEDS = range(5), range(10)
GRID = {
    "hidden_layer_sizes": [(50,), (100,)],
    "learning_rate_init": [0.003, 0.01, 0.03],
}
#: The digits grid's contenders: name -> the estimator for a seed.
GRIDDED = {
    "skebp": lambda seed: EBPClassifier(random_state=seed),
    "skebp, early_stopping=False": lambda seed: EBPClassifier(
        early_stopping=False, random_state=seed
    ),
    "scikit-learn": lambda seed: make_pipeline(
        StandardScaler(), MLPClassifier(random_state=seed)
    ),
}


def friedman(seed):
    """skebp's and scikit-learn's test R^2 at each budget on one seed."""
    X, y = make_friedman1(2000, noise=0.5, random_state=seed)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.3, random_state=seed)
    row = {"example": "friedman1", "dataset": "friedman1", "seed": seed}
    with one_blas_thread():
        for budget in BUDGETS:
            extra = {} if budget is None else {"max_iter": budget}
            ours = EBPRegressor(random_state=seed, **extra).fit(X_tr, y_tr)
            theirs = reference("regression", seed, budget or 200).fit(X_tr, y_tr)
            row[str(budget or "conv")] = [
                ours.score(X_te, y_te),
                theirs.score(X_te, y_te),
            ]
    return row


def digits_grid(name, seed):
    """The best mean CV accuracy of one contender's grid."""
    X, y = load_digits(return_X_y=True)
    est = GRIDDED[name](seed)
    grid = (
        GRID
        if name.startswith("skebp")
        else {f"mlpclassifier__{k}": v for k, v in GRID.items()}
    )
    with one_blas_thread():
        search = GridSearchCV(est, grid, cv=3).fit(X, y)
    return {
        "example": "digits grid",
        "dataset": name,
        "seed": seed,
        "best": float(search.best_score_),
    }


def summarize(rows, out=sys.stdout):
    """Both examples' lines."""
    fried = [r for r in rows if r["example"] == "friedman1"]
    if fried:
        parts = []
        for budget in ("10", "30", "conv"):
            d = np.median([r[budget][0] - r[budget][1] for r in fried])
            where = "convergence" if budget == "conv" else f"{budget} epochs"
            parts.append(f"{d:+.3f} at {where}")
        print(
            f"- `make_friedman1(2000, noise=0.5)`, median over {len(fried)} "
            f"seeds of skebp - scikit-learn (test R^2): " + ", ".join(parts) + ".",
            file=out,
        )
    grid = [r for r in rows if r["example"] == "digits grid"]
    if grid:
        seeds = sorted({r["seed"] for r in grid})
        scores = {(r["dataset"], r["seed"]): r["best"] for r in grid}
        mean = {name: np.mean([scores[(name, s)] for s in seeds]) for name in GRIDDED}
        print(
            f"- The digits, 3-fold `GridSearchCV`, best mean CV accuracy, "
            f"mean over {len(seeds)} seeds: "
            + "; ".join(f"{name} {m:.4f}" for name, m in mean.items())
            + ".",
            file=out,
        )
        for name in GRIDDED:
            if name == "scikit-learn":
                continue
            d = [scores[(name, s)] - scores[("scikit-learn", s)] for s in seeds]
            m, half, p = corrected_t(d, 0.0)  # no resampling: a plain t
            print(
                f"- {name} - scikit-learn: {m:+.4f} "
                f"[{m - half:+.4f}, {m + half:+.4f}] (p = {p:.3f}), below it "
                f"on {sum(x < 0 for x in d)} of {len(d)} seeds.",
                file=out,
            )


def main():
    args = rows_parser(__doc__, datasets=None, seeds=None).parse_args()
    if args.summary:
        summarize(read_rows(args.summary))
        return
    jobs = [delayed(friedman)(seed) for seed in FRIEDMAN_SEEDS]
    jobs += [delayed(digits_grid)(n, seed) for n in GRIDDED for seed in GRID_SEEDS]
    parallel = Parallel(n_jobs=args.n_jobs, return_as="generator_unordered")
    summarize(collect(parallel(jobs), args.out))


if __name__ == "__main__":
    main()
