"""After the eighteenth round: Adam's ``"auto"`` rate lowered after an epoch
that raised the training loss (an exploration on the collections already
seen).

On 20 seeds the development half's last misses are hotel_rates at 10 and
30 epochs, where the regressor's fits at Adam's ``"auto"`` rate (0.0057 on
64-row batches) do not descend: the epochs' training losses go up and down
(on seed 1: 0.186, 0.111, 0.129, 0.099, 0.145, ...), the validation score
with them, and a fit of 10 epochs ends with the best validated weights of
its third.  The rate is too large for that table; a lower one for every
fit failed the fifth round.  The classic answer of the paper's time is to
lower the rate when the loss rises (Vogl et al., 1988; Battiti's "bold
driver", 1989): the Hessian-based ``"auto"`` rates of plain and momentum
SGD already estimate theirs again after two rising epochs
(``AutoRate.lower_if_rising``); Adam's fixed ``"auto"`` rate has no such
guard.

:data:`VARIANTS`: ``(rise, factor)``: after an epoch whose mean training
loss exceeds the previous epoch's by more than the fraction ``rise``, the
rate (and the schedule's base rate) is multiplied by ``factor``; only fits
at Adam's ``"auto"`` rate are affected (``skebp._training._stochastic.
ADAM_RISE``, set in each fit's process).  Each variant is fitted on every
data set of the collections already seen, both tasks (the classifier runs
Adam at ``"auto"`` too), seeds 0 to 19, at every budget of
``check_defaults.py``; scikit-learn's MLP, gradient boosting and the
linear model keep their scores and CPU seconds from the committed runs of
the shipped defaults on the same splits (five seeds of each collection's
shipped run and fifteen of its extra seeds').

Run (about ten minutes a task on two cores), then summarize:
    python benchmarks/check_adam_rise.py --tasks regression classification
        --out benchmarks/results/adam_rise.jsonl
    python benchmarks/check_adam_rise.py
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
    rise_rule,
    rows_parser,
    shown,
    split_prepared,
)
from check_more_seeds import SEEDS, rows_of  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

from skebp import EBPClassifier, EBPRegressor  # noqa: E402

#: ``(rise, factor)`` of each variant (None: as shipped).
VARIANTS = {
    "shipped": None,
    "halved after any rise": (0.0, 0.5),
    "halved after a rise of 5 %": (0.05, 0.5),
}
#: The collections already seen, by task.
KEYS = {
    "regression": (
        "dev",
        "confirm",
        "fresh",
        "holdout",
        "fifth",
        "sixth",
        "eighth",
        "eleventh",
    ),
    "classification": (
        "dev",
        "confirm",
        "fresh",
        "holdout",
        "seventh",
        "eighth",
        "tenth",
    ),
}
FILE = "adam_rise.jsonl"


def one_seed(name, X, y, seed, variant):
    """skebp's estimator of the data set's task with ``variant`` at every
    budget on one seed's split: the ``skebp@*`` fields of a
    ``check_defaults.py`` row."""
    task = "classification" if y.dtype.kind in "OUS" else "regression"
    X_tr, X_te, y_tr, y_te = split_prepared(X, y, task, seed)
    cls = EBPClassifier if task == "classification" else EBPRegressor
    row = {"dataset": name, "task": task, "seed": seed, "variant": variant}
    with (
        rise_rule(VARIANTS[variant]),
        threadpool_limits(1, user_api="blas"),
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("ignore")
        row.update(
            budget_scores(
                lambda extra: cls(random_state=seed, **extra), X_tr, y_tr, X_te, y_te
            )
        )
    return row


def report(rows, out=sys.stdout):
    """Per task, a line per variant (``check_classifier_variants.report``
    on 20 seeds)."""
    found = {}
    for task, keys in KEYS.items():
        mine = [r for r in rows if r["task"] == task]
        if not mine:
            continue
        run = [v for v in VARIANTS if any(r["variant"] == v for r in mine)]
        found[task] = variants_report(
            mine, out, task, keys, run, "the shipped defaults", base=rows_of
        )
        print(file=out)
    return found


def page(out=sys.stdout):
    """The page's part: :func:`report` of the committed rows."""
    return report(read_rows([RESULTS / FILE]), out)


def main():
    parser = rows_parser(__doc__, datasets=None, seeds=SEEDS)
    parser.add_argument("--tasks", nargs="+", default=list(KEYS), choices=list(KEYS))
    parser.add_argument(
        "--variants", nargs="+", default=list(VARIANTS), choices=list(VARIANTS)
    )
    args = parser.parse_args()
    if shown(args, report, page):
        return
    keyed = [
        pair
        for task in args.tasks
        for pair in variant_jobs(args.seeds, args.variants, task, KEYS[task], one_seed)
    ]
    run_keyed(keyed, args.n_jobs, args.out, report)


if __name__ == "__main__":
    main()
