"""After the fourteenth collection: the classifier's early stopping on the
validation rows' Brier score instead of their log loss (an exploration on
the collections already seen; not a candidate).

The classifier's real shortfalls at convergence on 20 seeds include five
fits that stop early (hpc_data, Wells, Spambase, eBayAuctions and
SwissLabor): early stopping ends them at the validation log loss's
minimum while scikit-learn's 200 epochs still raise the accuracy, and
neither a longer patience nor the validation accuracy (too coarse on a
few hundred rows) nor a tempered loss closed them
(``check_classifier_variants.py``).  The log loss is unbounded: as a fit
goes on, a few validation rows predicted wrongly with more and more
confidence raise it while the rest of the rows, and the accuracy, still
improve.  The Brier score (Brier, 1950: the squared distance between the
predicted probabilities and the one-hot outcome, summed over the classes)
is, like the log loss, a strictly proper scoring rule, so its best
weights are still those whose probabilities are right; unlike it, each
row's penalty is bounded (at most 2), so no few rows decide when the fit
stops.

:data:`VARIANTS`: ``"shipped"``, and ``"Brier score"``:
``EBPClassifier(scoring="brier")``, the same fit whose validation rows are
scored, for early stopping, the plateau schedule's drop and the best
weights, by minus their mean Brier score (summed over the classes, two
for a binary output; weighted as the loss is); and ``"Brier score too"``:
the shipped fit (best weights and the plateau's drop by the loss) whose
patience also restarts when the validation Brier score improves by more
than ``tol``, so that it stops only when neither improves (a stopping
rule of ``check_classifier_variants._stopping``, set within each fit's
process, as its ``"accuracy too"`` is with the accuracy; run after the
other two with ``--only``).  Each is fitted on every
classification data set of the collections already seen (106 data sets
of 10 collections; the fifteenth, kept for a classifier round, is not
among them), seeds 0 to 19, at every budget of ``check_defaults.py``;
scikit-learn's MLP, gradient boosting and the linear model keep their
scores and CPU seconds from the committed runs of the shipped defaults on
the same splits (``check_more_seeds.rows_of``).

Run (about fifteen minutes on two cores), then summarize:
    python benchmarks/check_brier.py --only shipped "Brier score"
        --out benchmarks/results/brier.jsonl
    python benchmarks/check_brier.py --only "Brier score too"
        --out benchmarks/results/brier.jsonl
    python benchmarks/check_brier.py
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from check_classifier_variants import one_seed as variant_seed  # noqa: E402
from check_classifier_variants import report as variants_report  # noqa: E402
from check_classifier_variants import run_keyed, variant_jobs  # noqa: E402
from check_cooldown import merged  # noqa: E402
from check_defaults import (  # noqa: E402
    RESULTS,
    read_rows,
    rows_parser,
    shown,
)
from check_eighteenth import flips as round_flips  # noqa: E402
from check_more_seeds import SEEDS, rows_of  # noqa: E402

#: The variants' parameters.
VARIANTS = {
    "shipped": {},
    "Brier score": {"scoring": "brier"},
    "Brier score too": {"rule": "Brier score too"},
}
#: The collections already seen that hold classification data sets.
KEYS = (
    "dev",
    "confirm",
    "fresh",
    "holdout",
    "seventh",
    "eighth",
    "tenth",
    "twelfth",
    "thirteenth",
    "fourteenth",
)
FILE = "brier.jsonl"


def one_seed(name, X, y, seed, variant, variants=VARIANTS):
    """The default classifier with ``variant`` (of ``variants``) at every
    budget on one seed's split: the ``skebp@*`` fields of a
    ``check_defaults.py`` row."""
    return variant_seed(name, X, y, seed, variant, variants)


def report(rows, out=sys.stdout, variants=VARIANTS):
    """A line per variant (``check_classifier_variants.report`` on 20
    seeds, against the committed rows of the shipped defaults)."""
    return variants_report(
        rows,
        out,
        "classification",
        KEYS,
        [v for v in variants if any(r["variant"] == v for r in rows)],
        "the shipped defaults",
        base=rows_of,
    )


def flips(rows, variant, out=sys.stdout):
    """The cells (data set x budget, 20 seeds) that ``variant`` takes
    across the target's margin, either way (``check_eighteenth.flips``, the
    shipped defaults' committed rows before, the variant's after).  Returns
    ``(now missed, no longer missed)``."""
    mine = [r for r in rows if r["variant"] == variant]
    committed = {(r["dataset"], r["seed"]): r for k in KEYS for r in rows_of(k)}

    def after(shipped):
        names = {r["dataset"] for r in shipped}
        return merged([r for r in mine if r["dataset"] in names], shipped)

    def before(found):
        return [committed[r["dataset"], r["seed"]] for r in found]

    print(f"{variant}:\n", file=out)
    return round_flips(
        out, task="classification", before=before, after=after, keys=KEYS
    )


def page(out=sys.stdout, file=FILE, variants=VARIANTS):
    """The page's part: :func:`report` of the committed rows (of ``file``,
    ``variants``) and each variant's :func:`flips`."""
    rows = read_rows([RESULTS / file])
    found = report(rows, out, variants)
    cells = {}
    for variant in list(variants)[1:]:
        print(file=out)
        cells[variant] = flips(rows, variant, out)
    return found, cells


def main(doc=__doc__, variants=VARIANTS, file=FILE, shown_page=None):
    """The command line of a search of ``variants`` (rows in ``file``;
    ``shown_page(out)``: the page's part, :func:`page` of them by
    default)."""
    parser = rows_parser(doc, datasets=None, seeds=SEEDS)
    parser.add_argument(
        "--only", nargs="+", choices=tuple(variants), help="run these variants"
    )
    args = parser.parse_args()
    if shown(
        args,
        lambda rows, out=sys.stdout: report(rows, out, variants),
        shown_page or (lambda out=sys.stdout: page(out, file, variants)),
    ):
        return
    chosen = {v: variants[v] for v in (args.only or variants)}

    def fit(name, X, y, seed, variant):
        return one_seed(name, X, y, seed, variant, variants)

    keyed = list(variant_jobs(args.seeds, chosen, "classification", KEYS, fit))
    # The whole file's report: a run of some variants (--only) appends to
    # the rows of the others, the shipped defaults' among them.
    run_keyed(
        keyed,
        args.n_jobs,
        args.out,
        lambda _: report(read_rows([args.out]), variants=variants),
    )


if __name__ == "__main__":
    main()
