"""The nineteenth round: Adam's ``"auto"`` rate halved after an epoch that
raised the training loss by more than 5 %.

The search (``check_adam_rise.py``, every data set of the collections
already seen, both tasks, seeds 0 to 19, only skebp refitted): halving the
rate after any epoch whose training loss exceeds the previous epoch's
missed more regression cells than the shipped defaults (22 against 20 of
285) and met the time target on fewer data sets (85 of 95: the halvings
of noisy epochs slow the fits down); after a rise of more than 5 % it
missed fewer (17 of 285 regression cells, 9 against 10 of 249
classification cells), no loss survived Holm's correction where the
shipped regressor had one (hotel_rates at 10 epochs), the time target held
on every data set it held on, and it moved no data set below the shipped
defaults by more than 0.005 at any budget (regression: 1 / 0, 2 / 0, 0 /
0 above / below at 10, 30 epochs, convergence).  The candidate is the
rise of 5 %: ``skebp._training._stochastic.ADAM_RISE = (0.05, 0.5)``, for
both estimators (each trains by Adam at ``"auto"``).

The rule, fixed and committed with the twelfth collection's integration
(``tabular-twelfth``, 8 data sets of four other wheels, both tasks) before
any model was fitted on it, is the seventeenth and eighteenth rounds'
(``check_seventeenth.py``): the candidate and the shipped defaults are
fitted in the same run on the collection's seeds 0 to 19 (scikit-learn's
MLP, gradient boosting and the linear model keep the scores and CPU
seconds of the collection's shipped run, ``check_defaults.py`` on seeds 0
to 4 and ``check_more_seeds.py``'s 5 to 19, on the same splits); the
candidate is adopted if

- (a) it misses no more cells (data set x budget) than the shipped defaults;
- (b) no loss to scikit-learn's MLP survives Holm's correction;
- (c) the time target is met on at least 90 % of the data sets;
- (d) at each budget (10 and 30 epochs, convergence), no more data sets
  have a median difference to the shipped defaults below -0.005 than
  above +0.005.

Run (after the collection's shipped runs), then summarize:
    python benchmarks/check_defaults.py --datasets tabular-twelfth
        --out benchmarks/results/twelfth_current.jsonl
    python benchmarks/check_defaults.py --datasets tabular-twelfth
        --seeds 15 --first-seed 5
        --out benchmarks/results/twelfth_more_seeds.jsonl
    python benchmarks/check_nineteenth.py
        --out benchmarks/results/nineteenth_twelfth.jsonl
    python benchmarks/check_nineteenth.py
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from check_adam_rise import one_seed  # noqa: E402
from check_defaults import (  # noqa: E402
    BEFORE_NINETEENTH,
    RESULTS,
    before_nineteenth_round,
    read_rows,
)
from check_eighteenth import adopted, flips  # noqa: E402
from check_seventeenth import cost, round_main  # noqa: E402
from check_seventeenth import report as round_report  # noqa: E402
from check_target_noise import BEFORE_THIRTEENTH_COLLECTION  # noqa: E402

#: The collection the rule is decided on.
KEY = "twelfth"
#: The candidate, by its name in ``check_adam_rise.VARIANTS``.
CANDIDATE = "halved after a rise of 5 %"
FILE = "nineteenth_twelfth.jsonl"


def report(rows, out=sys.stdout):
    """The table and the rule's checks on the twelfth collection."""
    return round_report(rows, out, KEY, CANDIDATE)


#: The search's rows, whose CPU seconds the round's cost is read from (the
#: rule changes an epoch's cost by one comparison: only where it fires does
#: a fit take other epochs).
SEARCH = {"compiled epoch": "adam_rise.jsonl"}
#: The round's comparisons: every row of every collection before the
#: thirteenth (written after the round), both tasks.
NINETEENTH = dict(
    task=None,
    before=before_nineteenth_round,
    after=lambda rows: rows,
    keys=tuple(BEFORE_THIRTEENTH_COLLECTION),
)


def page(out=sys.stdout):
    """The page's part: :func:`report` of the committed rows, the
    candidate's CPU cost per fit in the search, and the adopted defaults
    against the former on every collection (``check_eighteenth.adopted``
    and ``flips``)."""
    found = report(read_rows([RESULTS / FILE]), out)
    print(file=out)
    spent = cost(out, SEARCH, CANDIDATE, "the rate halved after a rise of 5 %")
    return (
        found,
        spent,
        adopted(out, "defaults", **NINETEENTH),
        flips(out, **NINETEENTH),
    )


def as_adopted(name, X, y, seed, variant):
    """The estimators as they ship since the round (the candidate), whatever
    ``variant`` ``adopt`` names: a row's skebp fields."""
    return one_seed(name, X, y, seed, CANDIDATE)


def main():
    adopting = dict(
        task=("classification", "regression"), fit=as_adopted, before=BEFORE_NINETEENTH
    )
    round_main(__doc__, report, page, one_seed, CANDIDATE, KEY, adopting)


if __name__ == "__main__":
    main()
