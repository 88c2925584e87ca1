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

The candidate passed and became the classifier's ``batch_size="auto"``.
``--adopt`` then fitted the classifier again, as it ships, at every budget
on every classification row of the shipped defaults' committed runs (each
collection's five seeds, ``check_defaults.SHIPPED``, and its extra
fifteen, ``check_more_seeds.MORE``), and put its scores and CPU seconds in
place of skebp's; the rows as they were are kept in
``check_defaults.BEFORE_SEVENTEENTH`` (``before_seventeenth_round``), the
baseline of the rounds and experiments before it.  The other models'
fields stay as committed.  On small training sets
(``check_small.py --classifier '{"batch_size": 32}' --tasks
classification``: 60 to 400 rows from the suite and the seventh
collection, 10 seeds, ``seventeenth_small_seen.jsonl``; 30 to 400 from the
tenth, 5 seeds, ``seventeenth_small_tenth.jsonl``) mini-batches of 32 left
the data sets more than 0.005 below scikit-learn's MLP as many as before.
"""

import io
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import numpy as np  # noqa: E402
from check_classifier_variants import one_seed  # noqa: E402
from check_cooldown import EFFECT, TAGS, above_below, merged, table  # noqa: E402
from check_defaults import (  # noqa: E402
    BEFORE_SEVENTEENTH,
    RESULTS,
    SHIPPED,
    TIME_SHARE,
    collect,
    read_rows,
    rows_parser,
    shown,
    summarize,
)
from check_fresh import paired  # noqa: E402
from check_more_seeds import MORE, SEEDS, rows_of  # noqa: E402
from joblib import Parallel, delayed  # noqa: E402

from skebp.study import _datasets  # noqa: E402

#: The collection the rule is decided on.
KEY = "tenth"
#: The shipped defaults and the candidate, by their names in
#: ``check_classifier_variants.VARIANTS``.
SHIPPED_NAME, CANDIDATE = "shipped", "batch_size=32"
FILE = "seventeenth_tenth.jsonl"


def compare(rows, key=KEY, candidate_name=CANDIDATE):
    """``(the shipped defaults' summary, the candidate's, {budget: {data
    set: the candidate's median difference to the shipped defaults}})`` on
    collection ``key`` (the tenth), from the round's ``rows``."""
    base = rows_of(key)
    shipped = merged([r for r in rows if r["variant"] == SHIPPED_NAME], base)
    candidate = merged([r for r in rows if r["variant"] == candidate_name], base)
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
        above, below = above_below(diffs[tag].values())
        checks.append(
            (
                f"(d) data sets below / above the shipped defaults by more "
                f"than {EFFECT} at {tag}",
                f"{below} <= {above}",
                below <= above,
            )
        )
    return all(c[2] for c in checks), checks


#: The search's rows: with the compiled epoch, and on the numpy path.
SEARCH = {
    "compiled epoch": "classifier_variants.jsonl",
    "numpy path": "classifier_variants_numpy.jsonl",
}


def cost(
    out=sys.stdout,
    search=SEARCH,
    candidate_name=CANDIDATE,
    what="mini-batches of 32 rows",
):
    """The candidate's CPU seconds per fit against the shipped defaults'
    in the search's rows (``search``: ``{path: file}``; the same splits, the
    same run), median ratio at each budget, with the compiled epoch and on
    the numpy path.  Returns ``{path: {budget: ratio}}``."""
    found = {}
    for path, name in search.items():
        pairs = {}
        for r in read_rows([RESULTS / name]):
            if r["variant"] in (SHIPPED_NAME, candidate_name):
                key = (r["collection"], r["dataset"], r["seed"])
                pairs.setdefault(key, {})[r["variant"]] = r
        found[path] = {
            tag: float(
                np.median(
                    [
                        p[candidate_name][f"skebp@{tag}"]["cpu"]
                        / p[SHIPPED_NAME][f"skebp@{tag}"]["cpu"]
                        for p in pairs.values()
                        if len(p) == 2
                    ]
                )
            )
            for tag in TAGS
        }
        ratios = " / ".join(f"{found[path][t]:.2f}x" for t in TAGS)
        print(
            f"- CPU seconds of a fit, {what} against the shipped "
            f"defaults' (median over the search's fits, {path}): {ratios} at 10, "
            "30 epochs and convergence.",
            file=out,
        )
    return found


def report(rows, out=sys.stdout, key=KEY, candidate_name=CANDIDATE):
    """The table and the rule's checks on collection ``key``.  Returns
    ``(compare(), rule())``."""
    found = compare(rows, key, candidate_name)
    table({f"{key} collection": found}, "collection", out)
    passed, checks = rule(found)
    print(file=out)
    for check, value, ok in checks:
        print(f"- {check}: {value}: {'yes' if ok else 'no'}", file=out)
    verdict = "adopted" if passed else "not adopted"
    print(f"\nThe candidate is {verdict}.", file=out)
    return found, (passed, checks)


def page(out=sys.stdout):
    """The page's part: :func:`report` of the committed rows, then
    :func:`cost`."""
    found = report(read_rows([RESULTS / FILE]), out)
    print(file=out)
    return found, cost(out)


def adopt(n_jobs, task="classification", fit=one_seed, before=BEFORE_SEVENTEENTH):
    """Fit the shipped estimator of ``task`` (a task, or a tuple of them)
    again (``fit(name, X, y, seed, "shipped")``: a row's skebp fields) on
    every row of that task of the shipped defaults' committed runs and put
    its fields in place of the rows' skebp fields (the rows as they were
    appended to the committed file ``before``, :data:`BEFORE_SEVENTEENTH`
    for the classifier)."""
    tasks = (task,) if isinstance(task, str) else tuple(task)
    files = sorted(set(SHIPPED.values()) | set(MORE.values()))
    before = RESULTS / before
    if before.exists():
        raise SystemExit(f"{before} exists: the rows were replaced already")
    for name in files:
        path = RESULTS / name
        rows = read_rows([path])
        chosen = [r for r in rows if r["task"] in tasks]
        data = {n: _datasets.resolve(n)[1:3] for n in {r["dataset"] for r in chosen}}
        jobs = (
            delayed(fit)(r["dataset"], *data[r["dataset"]], r["seed"], SHIPPED_NAME)
            for r in chosen
        )
        fitted = {
            (f["dataset"], f["seed"]): f
            for f in Parallel(n_jobs=n_jobs, return_as="generator")(jobs)
        }
        with before.open("a") as out:
            out.writelines(json.dumps(r) + "\n" for r in chosen)
        replaced = {
            (r["dataset"], r["seed"]): r for r in merged(list(fitted.values()), rows)
        }
        new = [replaced.get((r["dataset"], r["seed"]), r) for r in rows]
        tmp = path.with_suffix(".tmp")
        tmp.write_text("".join(json.dumps(r) + "\n" for r in new))
        os.replace(tmp, path)
        print(f"{name}: {len(fitted)} of {len(rows)} rows fitted again", flush=True)


def round_main(doc, report, page, fit, candidate_name, key, adopting):
    """A round script's command line: ``--adopt`` refits the shipped rows
    (``adopt(n_jobs, **adopting)``), ``--summary`` or nothing shows the
    committed rows (``shown``), ``--out`` runs the round on collection
    ``key`` (:func:`run` with ``fit`` and ``candidate_name``)."""
    parser = rows_parser(doc, datasets=None, seeds=SEEDS)
    parser.add_argument(
        "--adopt", action="store_true", help="refit the shipped defaults' rows"
    )
    args = parser.parse_args()
    if args.adopt:
        adopt(args.n_jobs, **adopting)
        return
    if shown(args, report, page):
        return
    report(run(fit, candidate_name, args, key))


def main():
    round_main(__doc__, report, page, one_seed, CANDIDATE, KEY, {})


def run(fit, candidate_name, args, key=KEY):
    """Fit the shipped defaults and the candidate (``fit(name, X, y, seed,
    variant)``: a row's skebp fields) on every data set of collection
    ``key`` and seeds ``0 .. args.seeds - 1``; returns the rows (also
    written to ``args.out``)."""
    names = sorted({r["dataset"] for r in rows_of(key)})
    jobs = []
    for name in names:
        _, X, y, _ = _datasets.resolve(name)
        for variant in (SHIPPED_NAME, candidate_name):
            for seed in range(args.seeds):
                jobs.append(delayed(fit)(name, X, y, seed, variant))
    parallel = Parallel(n_jobs=args.n_jobs, return_as="generator")
    tagged = ({**row, "collection": key} for row in parallel(jobs))
    return list(collect(tagged, args.out))


if __name__ == "__main__":
    main()
