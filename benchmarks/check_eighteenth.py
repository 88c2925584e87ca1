"""The eighteenth round: the regressor's mini-batches of 64 rows.

The search (``check_regressor_batch.py``, the 80 regression data sets of
the suite's halves and the fresh, hold-out, fifth and sixth collections,
seeds 0 to 4, only skebp refitted): with Adam's ``"auto"`` rate scaled by
the square-root rule already shipped (0.0057 at 64 rows), mini-batches of
64 rows missed as many cells as the shipped 200 (33 of 240), and moved
more data sets above the shipped regressor than below it by more than
0.005 at every budget (31 / 6 at 10 epochs, 23 / 10 at 30, 14 / 10 at
convergence; mean differences +0.011, +0.004, +0.000); 32 rows missed more
(43, one loss after Holm's correction).  The candidate is 64 rows: the
regressor's remaining misses are mostly noisy regression at 10 and 30
epochs, where more steps per epoch help, and 64 rows lost nothing in
misses where 32 did.  The classifier is not changed.

The rule, fixed and committed with the eleventh collection
(``tabular-eleventh``, 12 regression data sets) before any model was
fitted on it, is the seventeenth round's (``check_seventeenth.py``): the
candidate, ``EBPRegressor(batch_size=64)``, and the shipped regressor are
fitted in the same run on the collection's seeds 0 to 19 (scikit-learn's
MLP, gradient boosting and the linear model keep the scores and CPU
seconds of the collection's shipped run, ``check_defaults.py`` on seeds 0
to 4 and ``check_more_seeds.py``'s 5 to 19, on the same splits); the
candidate is adopted if

- (a) it misses no more cells (data set x budget) than the shipped regressor;
- (b) no loss to scikit-learn's MLP survives Holm's correction;
- (c) the time target is met on at least 90 % of the data sets;
- (d) at each budget (10 and 30 epochs, convergence), no more data sets
  have a median difference to the shipped regressor below -0.005 than
  above +0.005.

Run (after the collection's shipped runs), then summarize:
    python benchmarks/check_defaults.py --datasets tabular-eleventh
        --out benchmarks/results/eleventh_current.jsonl
    python benchmarks/check_defaults.py --datasets tabular-eleventh
        --seeds 15 --first-seed 5
        --out benchmarks/results/eleventh_more_seeds.jsonl
    python benchmarks/check_eighteenth.py
        --out benchmarks/results/eighteenth_eleventh.jsonl
    python benchmarks/check_eighteenth.py

The candidate passed and became the regressor's ``batch_size="auto"``.
``--adopt`` then fitted the regressor again, as it ships, at every budget
on every regression row of the shipped defaults' committed runs (each
collection's five seeds, ``check_defaults.SHIPPED``, and its extra
fifteen, ``check_more_seeds.MORE``), and put its scores and CPU seconds in
place of skebp's; the rows as they were are kept in
``check_defaults.BEFORE_EIGHTEENTH`` (``before_eighteenth_round``), the
baseline of the rounds and experiments before it.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from check_defaults import (  # noqa: E402
    BEFORE_EIGHTEENTH,
    RESULTS,
    read_rows,
    rows_parser,
    shown,
)
from check_more_seeds import SEEDS  # noqa: E402
from check_regressor_batch import one_seed  # noqa: E402
from check_seventeenth import adopt, cost, run  # noqa: E402
from check_seventeenth import report as round_report  # noqa: E402

#: The collection the rule is decided on.
KEY = "eleventh"
#: The candidate, by its name in ``check_regressor_batch.VARIANTS``.
CANDIDATE = "batch_size=64"
FILE = "eighteenth_eleventh.jsonl"


def report(rows, out=sys.stdout):
    """The table and the rule's checks on the eleventh collection."""
    return round_report(rows, out, KEY, CANDIDATE)


#: The search's rows (with the compiled epoch).
SEARCH = {"compiled epoch": "regressor_batch.jsonl"}


def page(out=sys.stdout):
    """The page's part: :func:`report` of the committed rows, then the
    candidate's CPU cost per fit in the search."""
    found = report(read_rows([RESULTS / FILE]), out)
    print(file=out)
    return found, cost(out, SEARCH, CANDIDATE, "64 rows")


def main():
    parser = rows_parser(__doc__, datasets=None, seeds=SEEDS)
    parser.add_argument(
        "--adopt", action="store_true", help="refit the shipped regressor rows"
    )
    args = parser.parse_args()
    if args.adopt:
        adopt(args.n_jobs, "regression", one_seed, BEFORE_EIGHTEENTH)
        return
    if shown(args, report, page):
        return
    report(run(one_seed, CANDIDATE, args, KEY))


if __name__ == "__main__":
    main()
