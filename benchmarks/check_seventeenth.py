"""The seventeenth round: the classifier's mini-batches of 32 rows.

The search (``check_classifier_variants.py``, the 65 classification data
sets of the collections already seen, seeds 0 to 4, only skebp refitted):
of the variants of the classifier tried there, mini-batches smaller than
the shipped 200 rows (Adam's ``"auto"`` rate scaled by the square-root
rule already shipped: 0.004 at 32) missed the fewest cells, 9 of 195 at 32
and at 16 rows, 12 at 64 and 15 at 100, against 15 for the shipped
defaults, with the time target met on 63 of the 65 data sets (62 shipped;
61 and 62 on the numpy path, without numba,
``classifier_variants_numpy.jsonl``).  The candidate is 32 rows: the
smaller of the two costs more CPU time per epoch (on the numpy path, about
twice 200 rows' at 32), and 32 is the common default of other libraries
(Keras) and within the range of batch sizes Masters and Luschi (2018,
"Revisiting small batch training for deep neural networks") found to
generalize best.  The regressor is not changed.

The rule, fixed and committed before the run on the tenth collection
(18 classification data sets on which nothing has been chosen): the
candidate, ``EBPClassifier(batch_size=32)``, and the shipped defaults are
fitted in the same run on its seeds 0 to 19 (scikit-learn's MLP, gradient
boosting and the linear model keep their committed scores and CPU seconds
on the same splits); the candidate is adopted if

- (a) it misses no more cells (data set x budget) than the shipped defaults;
- (b) no loss to scikit-learn's MLP survives Holm's correction;
- (c) the time target is met on at least 90 % of the data sets;
- (d) at each budget (10 and 30 epochs, convergence), no more data sets
  have a median difference to the shipped defaults below -0.005 than
  above +0.005.

Run (a few minutes on two cores), then summarize:
    python benchmarks/check_seventeenth.py
        --out benchmarks/results/seventeenth_tenth.jsonl
    python benchmarks/check_seventeenth.py
"""

import io
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from check_classifier_variants import one_seed  # noqa: E402
from check_cooldown import EFFECT, TAGS, merged, table  # noqa: E402
from check_defaults import (  # noqa: E402
    RESULTS,
    TIME_SHARE,
    collect,
    read_rows,
    rows_parser,
    summarize,
)
from check_fresh import paired  # noqa: E402
from check_more_seeds import SEEDS, rows_of  # noqa: E402
from joblib import Parallel, delayed  # noqa: E402

from skebp.study import _datasets  # noqa: E402

#: The collection the rule is decided on.
KEY = "tenth"
#: The shipped defaults and the candidate, by their names in
#: ``check_classifier_variants.VARIANTS``.
SHIPPED, CANDIDATE = "shipped", "batch_size=32"
FILE = "seventeenth_tenth.jsonl"


def compare(rows):
    """``(the shipped defaults' summary, the candidate's, {budget: {data
    set: the candidate's median difference to the shipped defaults}})`` on
    the tenth collection, from the round's ``rows``."""
    base = rows_of(KEY)
    shipped = merged([r for r in rows if r["variant"] == SHIPPED], base)
    candidate = merged([r for r in rows if r["variant"] == CANDIDATE], base)
    a = summarize(shipped, io.StringIO())
    b = summarize(candidate, io.StringIO())
    return a, b, {tag: paired(candidate, shipped, tag) for tag in TAGS}


def rule(found):
    """The rule of the module's docstring on :func:`compare`'s result:
    ``(passed, [(check, value, passed)])``."""
    a, b, diffs = found
    checks = [
        (
            "(a) cells missed",
            f"{b['misses']} <= {a['misses']}",
            b["misses"] <= a["misses"],
        ),
        ("(b) losses after Holm", f"{b['losing']} = 0", b["losing"] == 0),
        (
            "(c) time target",
            f"{b['fast']} of {b['datasets']} >= {TIME_SHARE:.0%}",
            b["fast"] >= TIME_SHARE * b["datasets"],
        ),
    ]
    for tag in TAGS:
        above = sum(d > EFFECT for d in diffs[tag].values())
        below = sum(d < -EFFECT for d in diffs[tag].values())
        checks.append(
            (
                f"(d) data sets below / above the shipped defaults by more "
                f"than {EFFECT} at {tag}",
                f"{below} <= {above}",
                below <= above,
            )
        )
    return all(c[2] for c in checks), checks


def report(rows, out=sys.stdout):
    """The table and the rule's checks.  Returns ``(compare(), rule())``."""
    found = compare(rows)
    table({"tenth collection": found}, "collection", out)
    passed, checks = rule(found)
    print(file=out)
    for check, value, ok in checks:
        print(f"- {check}: {value}: {'yes' if ok else 'no'}", file=out)
    verdict = "adopted" if passed else "not adopted"
    print(f"\nThe candidate is {verdict}.", file=out)
    return found, (passed, checks)


def page(out=sys.stdout):
    """The page's part: :func:`report` of the committed rows."""
    return report(read_rows([RESULTS / FILE]), out)


def main():
    parser = rows_parser(__doc__, datasets=None, seeds=SEEDS)
    args = parser.parse_args()
    if args.summary:
        report(read_rows(args.summary))
        return
    if args.out is None:
        page()
        return
    names = sorted({r["dataset"] for r in rows_of(KEY)})
    jobs = []
    for name in names:
        _, X, y, _ = _datasets.resolve(name)
        for variant in (SHIPPED, CANDIDATE):
            for seed in range(args.seeds):
                jobs.append(delayed(one_seed)(name, X, y, seed, variant))
    parallel = Parallel(n_jobs=args.n_jobs, return_as="generator")
    tagged = ({**row, "collection": KEY} for row in parallel(jobs))
    report(list(collect(tagged, args.out)))


if __name__ == "__main__":
    main()
