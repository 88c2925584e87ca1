"""After the Brier score: the classifier's weights averaged over the
epochs after the plateau's drop (an exploration on the collections
already seen; see the page for whether it became a candidate).

The classifier's real shortfalls at convergence on 20 seeds include fits
that stop early (hpc_data, Wells, Spambase, eBayAuctions, SwissLabor):
early stopping ends them at the validation loss's minimum while
scikit-learn's 200 epochs at a smaller rate and without held-out rows
still raise the accuracy.  After ``learning_rate="plateau"`` has lowered
Adam's rate, the fit's weights wander around a minimum at the noise level
of its 32-row mini-batches, and early stopping picks one of those epochs
by a few hundred validation rows.  Averaging the weights of those epochs
(stochastic weight averaging: Izmailov, Podoprikhin, Garipov, Vetrov and
Wilson, *Averaging weights leads to wider optima and better
generalization*, UAI 2018; Polyak and Juditsky, 1992, for the averaged
iterates of stochastic approximation) keeps the centre of that wandering
instead, a point the literature finds generalizes better, and smooths the
validation curve that early stopping follows.

:data:`VARIANTS`: ``"shipped"``, and ``"averaged after the drop"``: the
shipped fit until the plateau's drop; from then on the validation rows
score the running mean of the weights at the end of each epoch since the
drop, which early stopping follows (its patience, its second stall) and
keeps as the best weights when it beats the best before the drop, while
training goes on from the last weights (a stopping rule of
``check_classifier_variants._stopping``, set within each fit's process).
Fits too small to hold out validation rows, and those that stop before
the drop (every fit at 10 epochs, most at 30), are unchanged.  Each is
fitted on every classification data set of the collections already seen
(106 data sets of 10 collections; the fifteenth, kept for a classifier
round, is not among them), seeds 0 to 19, at every budget of
``check_defaults.py``; scikit-learn's MLP, gradient boosting and the
linear model keep their scores and CPU seconds from the committed runs of
the shipped defaults on the same splits (``check_more_seeds.rows_of``).
The ``"shipped"`` rows are ``check_brier.py``'s, the same fits
(``check_brier.py``'s shipped fits equal the committed rows to the bit).

Run (about four minutes a variant on two cores), then summarize:
    python benchmarks/check_averaging.py --only "averaged after the drop"
        --out benchmarks/results/averaging.jsonl
    python benchmarks/check_averaging.py
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from check_brier import main  # noqa: E402
from check_brier import page as search_page  # noqa: E402
from check_defaults import RESULTS, read_rows  # noqa: E402

#: The variants' parameters.
VARIANTS = {
    "shipped": {},
    "averaged after the drop": {"rule": "averaged after the drop"},
}
FILE = "averaging.jsonl"


def page(out=sys.stdout):
    """The page's part: the search's table and the variant's cells
    (``check_brier.page`` of these rows)."""
    found = search_page(out, FILE, VARIANTS)
    print(file=out)
    return found, changed(read_rows([RESULTS / FILE]), out)


def changed(rows, out=sys.stdout):
    """How many fits the averaging changed at each budget: those whose test
    score differs from the shipped fit's on the same split.  Returns
    ``{budget: (changed, fits)}``."""
    shipped = {(r["dataset"], r["seed"]): r for r in rows if r["variant"] == "shipped"}
    mine = [r for r in rows if r["variant"] == "averaged after the drop"]
    found = {}
    for tag, label in (
        ("10", "10 epochs"),
        ("30", "30 epochs"),
        ("conv", "convergence"),
    ):
        key = f"skebp@{tag}"
        n = sum(
            r[key]["score"] != shipped[r["dataset"], r["seed"]][key]["score"]
            for r in mine
        )
        found[tag] = (n, len(mine))
        print(
            f"- Fits whose test score changed at {label}: {n} of {len(mine)}.", file=out
        )
    return found


if __name__ == "__main__":
    main(__doc__, VARIANTS, FILE, page)
