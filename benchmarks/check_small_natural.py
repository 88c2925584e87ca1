"""After the thirteenth collection (exploratory): the classifier's natural
small fits, and three other settings of their rate and batch.

The thirteenth collection's two real shortfalls on 20 seeds, ionosphere
and movement_libras at convergence, are small classification fits: a
split trains on fewer than 500 rows, too few for early stopping's 50
validation rows, so ``SMALL_FIT`` starts Adam at 0.001 (scaled to 0.0004
by the square-root rule on the classifier's 32-row batches) with
``alpha="auto"``'s penalty of 1.  Here every classification data set of
the collections whose 70 % split trains on fewer than 500 rows
(:func:`small_sets`: 20 data sets of 8 collections) is fitted with each
setting of :data:`VARIANTS` on seeds 0 to 19, at every budget of
``check_defaults.py`` (given as explicit parameters, which every fit of
these sizes takes: a rate given keeps batches of 200 unless one is named,
and ``alpha="auto"`` stays 1).  The shipped defaults' rows are the
committed ones (``check_more_seeds.rows_of``), scikit-learn's MLP is the
same in every run.  Nothing here was adopted: it is what the shortfalls
would need, measured after the collection was written.

Run (about five minutes on two cores), then summarize:
    python benchmarks/check_small_natural.py
        --out benchmarks/results/small_natural_classifier.jsonl
    python benchmarks/check_small_natural.py
"""

import io
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from check_defaults import (  # noqa: E402
    RESULTS,
    collect,
    read_rows,
    rows_parser,
    run,
    shown,
    split_rows,
    summarize,
)
from check_more_seeds import SEEDS, rows_of  # noqa: E402
from check_target_noise import COLLECTIONS  # noqa: E402

from skebp._training._stochastic import SMALL_FIT  # noqa: E402
from skebp.study import _tabular  # noqa: E402

#: The settings tried, as explicit parameters of every fit of these sizes.
VARIANTS = {
    "Adam at 0.003, batches of 200": {"learning_rate_init": 0.003},
    "Adam at 0.001, batches of 200": {"learning_rate_init": 0.001},
    "Adam at 0.0012, batches of 32": {"learning_rate_init": 0.0012, "batch_size": 32},
}
FILE = "small_natural_classifier.jsonl"
TAGS = {"10": "10 epochs", "30": "30 epochs", "conv": "convergence"}


def small_sets():
    """``{data set: training rows}`` of every classification data set of
    the collections whose split trains on fewer rows than ``SMALL_FIT``'s
    size (no early stopping by ``"auto"``)."""
    _, rows = SMALL_FIT["classification"]
    found = {}
    for key in COLLECTIONS:
        for name in sorted({r["dataset"] for r in rows_of(key)}):
            spec = _tabular.SETS[name]
            if spec.task != "classification":
                continue
            n = split_rows(len(_tabular.load(name)[1]))
            if n < rows:
                found[name] = n
    return found


def named(missed):
    """The cells of ``summarize``'s ``"missed"`` as ``"data set at
    budget"``, in the order of :data:`TAGS`, then by name."""
    return [
        f"{name} at {where}"
        for tag, where in TAGS.items()
        for name in sorted(n for n, t in missed if t == tag)
    ]


def report(rows, out=sys.stdout):
    """A line per setting (the shipped defaults' committed rows first):
    cells missed, losses after Holm, time target and the cells missed.
    Returns ``{setting: (summary, cells missed)}``."""
    sets = small_sets()
    shipped = [r for k in COLLECTIONS for r in rows_of(k) if r["dataset"] in sets]
    runs = {"shipped defaults": shipped}
    for label, params in VARIANTS.items():
        runs[label] = [r for r in rows if r.get("params") == params]
    print(
        f"{len(sets)} classification data sets of the collections whose "
        f"split trains on fewer than {SMALL_FIT['classification'][1]} rows, "
        f"{SEEDS} seeds.\n\n| setting | cells missed | losses after Holm | "
        "time target met | the cells missed |\n|---|---|---|---|---|",
        file=out,
    )
    found = {}
    for label, these in runs.items():
        st = summarize(these, io.StringIO())
        cells = named(st["missed"])
        found[label] = (st, cells)
        print(
            f"| {label} | {st['misses']} of {st['cells']} | {st['losing']} | "
            f"{st['fast']} of {st['datasets']} | {', '.join(cells)} |",
            file=out,
        )
    return found


def page(out=sys.stdout):
    """The page's part: :func:`report` of the committed rows."""
    return report(read_rows([RESULTS / FILE]), out)


def main():
    parser = rows_parser(__doc__, datasets=None, seeds=SEEDS)
    args = parser.parse_args()
    if shown(args, report, page):
        return
    names = list(small_sets())
    rows = []
    for params in VARIANTS.values():
        found = run(names, args.seeds, {"classification": params}, args.n_jobs)
        rows.extend(
            collect(found, args.out, tag=lambda r, p=params: r.update(params=p))
        )
    report(rows)


if __name__ == "__main__":
    main()
