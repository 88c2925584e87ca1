"""Deep ReLU networks: ``init="auto"`` with each first-order solver.

``init="auto"`` starts networks of piecewise-linear units from Glorot's
draws at half their scale, a choice made and confirmed on the real-data
collections with one hidden layer of 100 units (``docs/real_data.md``).
Each ReLU layer at that scale passes on about an eighth of its input's
variance (``fan_in * Var(w) / 2`` with ``Var(w) = 2 / (fan_in + fan_out) /
4``), so a deep stack starts from a nearly constant function.  Adam's
normalized steps do not mind; plain SGD and momentum, at the Hessian-based
``"auto"`` rate, may sit on the plateau until early stopping ends the fit.

This measures it on scikit-learn's digits (70/30 split per seed, stratified,
5 seeds): ``EBPClassifier((64,) * depth, solver=...)`` with every other
parameter at its default and ``init`` each of ``"auto"``, ``"glorot"``,
``"lecun"``, ``"he"``, for depths 1 to 6, beside scikit-learn's default MLP
of the same depth (behind a ``StandardScaler``).  Printed per cell: the
median test accuracy over the seeds, its range, and how many fits ended at
chance (accuracy below 0.2).

A thirteenth round, planned on this table (development: digits alone) and
committed before its confirmation run: ``init="auto"`` starts networks of
two or more hidden layers (piecewise-linear units) from Glorot's draws at
their full scale, keeping half the scale for one hidden layer (so no fit
the collections measured changes).  Confirmation (``--confirm``): the
suite's 28 real data sets (``tabular``, the same 70/30 splits and
preprocessing as ``check_defaults.py``), 5 seeds, networks of 2 and of 6
hidden layers of 64 units, each solver of ``SOLVERS`` at its defaults, at
convergence: the shipped ``init="auto"`` against the candidate (given as
``init="glorot"``, what it means there), beside the constant model (the
training majority class; R^2 = 0).  Rule (:func:`deep_rule`), all three
required:

(a) for every depth and solver, no more fits of the candidate than of the
    shipped init end no better than the constant model;
(b) at each depth, over the solvers, no more (data set, solver) cells with a
    median paired difference candidate - shipped below -0.005 than above
    +0.005;
(c) the median of those cells' median differences is not negative.

Not adopted (``--summary benchmarks/results/deep_confirm.jsonl``): at six
hidden layers the candidate left 23 of 140 momentum fits at the constant
model against 94, but at two it fell behind on 27 (data set, solver)
cells against 6 ahead.

A fourteenth round, planned after the thirteenth's run (development:
digits and that run, both seen) and committed before its own: Glorot's
draws at full scale from **four** hidden layers on (half scale for one to
three).  Confirmation (``--confirm --round 14``): the fresh collection
(``tabular-fresh``, 35 data sets no deep network has run on), networks of
4 and of 6 hidden layers of 64 units, otherwise as the thirteenth's, under
the same rule.  Adopted (``--summary
benchmarks/results/deep_confirm_fourteenth.jsonl``): at six hidden layers
the fits at the constant model fell from 126 to 25 of 175 (momentum), 118
to 20 (SGD) and 61 to 27 (Adam), at four from 49 to 21, 49 to 18 and 29
to 20, with more data sets ahead than behind at both depths.  The rows'
``init="auto"`` (the "shipped" init of the confirmations) is the init as
it was before: Glorot's half scale at every depth (a re-run sets
``skebp._inits.AUTO_DEEP_LAYERS`` past every depth for those fits).

Run (the docs quote the committed rows)::

    python benchmarks/check_deep.py --out benchmarks/results/deep_digits.jsonl
    python benchmarks/check_deep.py --summary benchmarks/results/deep_digits.jsonl
    python benchmarks/check_deep.py --confirm \\
        --out benchmarks/results/deep_confirm.jsonl
    python benchmarks/check_deep.py --summary benchmarks/results/deep_confirm.jsonl
    python benchmarks/check_deep.py --confirm --round 14 \\
        --out benchmarks/results/deep_confirm_fourteenth.jsonl
"""

import argparse
import math
import sys
import warnings
from contextlib import contextmanager, nullcontext

import check_defaults
import numpy as np
from check_defaults import rows_or_run, split_prepared
from joblib import Parallel, delayed
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from skebp import EBPClassifier, EBPRegressor, _inits

DEPTHS = (1, 2, 3, 4, 6)
SOLVERS = ("adam", "momentum", "sgd")
INITS = ("auto", "glorot", "lecun", "he")
SEEDS = range(5)
#: A fit below this test accuracy learned nothing (ten balanced classes).
CHANCE = 0.2


@contextmanager
def _as_shipped_before():
    """``init="auto"`` as it was before the fourteenth round: Glorot's half
    scale at every depth (the rows' ``"auto"`` and ``"shipped"`` fits; a
    re-run reproduces them)."""
    saved = _inits.AUTO_DEEP_LAYERS
    _inits.AUTO_DEEP_LAYERS = math.inf
    try:
        yield
    finally:
        _inits.AUTO_DEEP_LAYERS = saved


def _fit(depth, solver, init, seed):
    X, y = load_digits(return_X_y=True)
    X_tr, X_te, y_tr, y_te = train_test_split(
        X, y, test_size=0.3, random_state=seed, stratify=y
    )
    hidden = (64,) * depth
    if solver == "sklearn":
        est = make_pipeline(StandardScaler(), MLPClassifier(hidden, random_state=seed))
    else:
        est = EBPClassifier(hidden, solver=solver, init=init, random_state=seed)
    before = _as_shipped_before() if init == "auto" else nullcontext()
    with threadpool_limits(1, user_api="blas"), warnings.catch_warnings(), before:
        warnings.simplefilter("ignore", ConvergenceWarning)
        est.fit(X_tr, y_tr)
    n_iter = est[-1].n_iter_ if solver == "sklearn" else est.n_iter_
    return {
        "depth": depth, "solver": solver, "init": init, "seed": seed,
        "score": float(est.score(X_te, y_te)), "n_iter": int(n_iter),
    }  # fmt: skip


def rows(n_jobs=2):
    """One row per fit: depth, solver ("sklearn" for scikit-learn's MLP),
    init, seed, test accuracy and epochs."""
    jobs = [
        (depth, solver, init, seed)
        for depth in DEPTHS
        for solver, inits in [("sklearn", (None,))] + [(s, INITS) for s in SOLVERS]
        for init in inits
        for seed in SEEDS
    ]
    return Parallel(n_jobs=n_jobs)(delayed(_fit)(*job) for job in jobs)


def cells(rows):
    """``{(depth, solver, init): (median, min, max, at chance, median
    epochs)}`` over the seeds."""
    grouped = {}
    for r in rows:
        grouped.setdefault((r["depth"], r["solver"], r["init"]), []).append(r)
    out = {}
    for key, rs in grouped.items():
        scores = np.array([r["score"] for r in rs])
        out[key] = (
            float(np.median(scores)),
            float(scores.min()),
            float(scores.max()),
            int((scores < CHANCE).sum()),
            float(np.median([r["n_iter"] for r in rs])),
        )
    return out


def summarize(rows, out=sys.stdout):
    """What the rows say: the round's verdict for the confirmation's rows,
    else the digits table (:func:`digits_table`)."""
    if rows and "constant" in rows[0]:
        deep_rule(rows, out)
    else:
        digits_table(rows, out)


def digits_table(rows, out=sys.stdout):
    """A markdown table: one row per depth and solver, one column per init;
    a cell is the median accuracy [range], with the fits at chance."""
    table = cells(rows)
    n_seeds = len({r["seed"] for r in rows})
    print(
        f"digits, (64,) x depth, {n_seeds} seeds: median test accuracy "
        f"[min, max]; fits below {CHANCE} (chance) marked\n\n"
        "| depth | scikit-learn's MLP | solver | "
        + " | ".join(
            f'init="{i}"' + (" before the fourteenth round" if i == "auto" else "")
            for i in INITS
        )
        + " |\n|---|---|---|"
        + "---|" * len(INITS),
        file=out,
    )
    for depth in DEPTHS:
        med, lo, hi, _, _ = table[depth, "sklearn", None]
        ref = f"{med:.3f} [{lo:.3f}, {hi:.3f}]"
        for solver in SOLVERS:
            row = []
            for init in INITS:
                med, lo, hi, chance, _ = table[depth, solver, init]
                mark = f", {chance} at chance" if chance else ""
                row.append(f"{med:.3f} [{lo:.3f}, {hi:.3f}]{mark}")
            print(f"| {depth} | {ref} | {solver} | " + " | ".join(row) + " |", file=out)


#: Each round's confirmation: data sets and network depths; its seeds, and
#: the candidate as it is given explicitly (what ``init="auto"`` would mean
#: at these depths).
ROUNDS = {13: (("tabular",), (2, 6)), 14: (("tabular-fresh",), (4, 6))}
CONFIRM_SEEDS = range(5)
CANDIDATE = {"init": "glorot"}
#: A cell's median difference beyond this is a difference (the collections'
#: margin, ``check_defaults.MARGIN``, which is negative: a loss).
MARGIN = -check_defaults.MARGIN


def _confirm_fit(name, X, y, task, seed, depths):
    X_tr, X_te, y_tr, y_te = split_prepared(X, y, task, seed)
    if task == "classification":
        cls = EBPClassifier
        values, counts = np.unique(y_tr, return_counts=True)
        constant = float(np.mean(y_te == values[counts.argmax()]))
    else:
        cls, constant = EBPRegressor, 0.0
    found = []
    with threadpool_limits(1, user_api="blas"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for depth in depths:
            for solver in SOLVERS:
                row = {
                    "dataset": name, "task": task, "seed": seed, "depth": depth,
                    "solver": solver, "constant": constant,
                }  # fmt: skip
                for key, params in (("shipped", {}), ("candidate", CANDIDATE)):
                    est = cls((64,) * depth, solver=solver, random_state=seed, **params)
                    before = _as_shipped_before() if key == "shipped" else nullcontext()
                    try:
                        with before:
                            est.fit(X_tr, y_tr)
                        row[key] = float(est.score(X_te, y_te))
                    except Exception as exc:  # a failed fit is a result
                        row[key] = None
                        row[f"{key}_error"] = f"{type(exc).__name__}: {exc}"
                found.append(row)
    return found


def confirm_rows(round_=13, n_jobs=2):
    """A round's confirmation rows (:data:`ROUNDS`): one per data set, seed,
    depth and solver, with both inits' test scores and the constant
    model's."""
    from skebp.study import _datasets

    datasets, depths = ROUNDS[round_]
    loaded = []
    for spec in datasets:
        for name in _datasets.expand(spec):
            loaded.append(_datasets.resolve(name))
    jobs = [
        delayed(_confirm_fit)(name, X, y, task, seed, depths)
        for name, X, y, task in loaded
        for seed in CONFIRM_SEEDS
    ]
    return [r for found in Parallel(n_jobs=n_jobs)(jobs) for r in found]


def _at_constant(score, constant):
    """A fit no better than the constant model (or one that failed)."""
    return score is None or score <= constant


def _scored(row, key):
    """``row[key]``'s test score, a failed fit scoring -1 (a loss)."""
    return -1.0 if row[key] is None else row[key]


def deep_rule(rows, out=sys.stdout):
    """The round's verdict (the module's docstring) on the confirmation's
    rows: prints a table and each part's outcome; returns whether all three
    parts pass."""
    cells = {}
    for r in rows:
        cells.setdefault((r["depth"], r["solver"], r["dataset"]), []).append(r)
    depths = sorted({r["depth"] for r in rows})
    table, counts, constant_ok, medians = [], {}, True, []
    for depth in depths:
        counts[depth] = [0, 0]
        for solver in SOLVERS:
            keys = sorted(k for k in cells if k[:2] == (depth, solver))
            rs = [r for k in keys for r in cells[k]]
            bad = [
                sum(_at_constant(r[key], r["constant"]) for r in rs)
                for key in ("shipped", "candidate")
            ]
            constant_ok &= bad[1] <= bad[0]
            diffs = [
                float(
                    np.median(
                        [
                            _scored(r, "candidate") - _scored(r, "shipped")
                            for r in cells[k]
                        ]
                    )
                )
                for k in keys
            ]
            medians.extend(diffs)
            lo, hi = sum(d < -MARGIN for d in diffs), sum(d > MARGIN for d in diffs)
            counts[depth][0] += lo
            counts[depth][1] += hi
            table.append(
                f"| {depth} | {solver} | {bad[0]} / {bad[1]} of {len(rs)} | "
                f"{lo} / {hi} of {len(keys)} | {np.median(diffs):+.4f} |"
            )
    cells_ok = all(lo <= hi for lo, hi in counts.values())
    overall = float(np.median(medians))
    passed = constant_ok and cells_ok and overall >= 0
    print(
        "| depth | solver | fits no better than the constant model: shipped / "
        "candidate | data sets below / above the shipped init by more than "
        f"{MARGIN} | median difference |\n|---|---|---|---|---|",
        file=out,
    )
    print("\n".join(table), file=out)
    yes = {True: "yes", False: "no"}
    print(
        "\n- (a) no more fits at the constant model, every depth and solver: "
        f"{yes[constant_ok]}; (b) no more data sets below than above, each "
        "depth: "
        + ", ".join(f"{d}: {lo} / {hi}" for d, (lo, hi) in counts.items())
        + f", {yes[cells_ok]}; (c) median difference {overall:+.4f} not "
        f"negative: {yes[overall >= 0]}.\n- "
        + ("**Adopted.**" if passed else "**Not adopted.**"),
        file=out,
    )
    return passed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", help="write the rows (JSON lines) here")
    parser.add_argument("--summary", help="only summarize this file")
    parser.add_argument("--n-jobs", type=int, default=2)
    parser.add_argument(
        "--confirm", action="store_true", help="a round's confirmation run"
    )
    parser.add_argument("--round", type=int, default=13, choices=sorted(ROUNDS))
    args = parser.parse_args()
    summarize(
        rows_or_run(
            args.summary,
            args.out,
            lambda: (
                confirm_rows(args.round, args.n_jobs)
                if args.confirm
                else rows(args.n_jobs)
            ),
        )
    )


if __name__ == "__main__":
    main()
