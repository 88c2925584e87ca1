"""The defaults on small training sets, where early stopping has too few
rows to hold out, against scikit-learn's default MLP.

``early_stopping="auto"`` stops early only when the validation rows would be
at least 10 (the regressor; 50 for the classifier), so below 100 training
rows (at ``validation_fraction=0.1``) a default fit runs its ``max_iter``
epochs with nothing to stop it.  None of the real-data collections has a
set that small, so this regime was not measured before this script.  Here
every data set of the collections named is cut to small training sets: for
each seed, ``SIZES`` rows drawn at random (stratified where every class can
be), and up to ``MAX_TEST`` of the other rows as the test set; every model
sees the same preprocessing fitted on the training rows
(``skebp.study._tabular.prepare``).  Models: scikit-learn's default MLP
(behind a ``StandardScaler``, targets scaled for regression), skebp's
defaults as they are when the script runs (the committed rows' "skebp" is
the release before the round: Adam at 0.01 on these sizes; its candidate,
0.001 / 0.003, is the default since), and a candidate (``--classifier`` /
``--regressor``, JSON).

The summary, per task and training size: on how many data sets the median
paired difference over the seeds against scikit-learn's MLP is below
``MARGIN`` (-0.005), the losses that survive Holm's correction across the
table (Nadeau and Bengio's corrected t: the seeds' draws overlap), the
median over data sets of the candidate's median paired difference to the
defaults, and the failed fits.  ``rule`` is the adoption rule of the round
(``docs/real_data.md``, "Small training sets"), fixed before the
confirmation run.

Run:
    python benchmarks/check_small.py --datasets tabular-dev --out FILE \\
        --classifier '{"learning_rate_init": 0.001}' \\
        --regressor '{"learning_rate_init": 0.001}'
    python benchmarks/check_small.py --summary FILE [FILE ...]
"""

import json
import sys
import warnings

import numpy as np
from check_defaults import (
    MARGIN,
    _timed_score,
    candidate_params,
    read_rows,
    rows_parser,
    run_and_summarize,
)
from sklearn.model_selection import train_test_split
from threadpoolctl import threadpool_limits

from skebp import EBPClassifier, EBPRegressor
from skebp.study import _tabular
from skebp.study._runner import reference
from skebp.study._statistics import corrected_t, holm

#: Training rows per draw: all below the 100 at which early stopping starts.
SIZES = (30, 60, 90)
#: Test rows per draw, at most (the rest of the data set when fewer).
MAX_TEST = 300
#: A draw needs at least this many test rows to be scored.
MIN_TEST = 50
MODELS = ("sklearn", "skebp", "candidate")


def draw(X, y, task, n, seed):
    """``n`` training rows and up to ``MAX_TEST`` test rows, prepared; None
    when the data set is too small or the draw has a single class."""
    n_test = min(MAX_TEST, len(y) - n)
    if n_test < MIN_TEST:
        return None
    stratify = None
    if task == "classification":
        _, counts = np.unique(y, return_counts=True)
        if counts.min() >= 2 and n >= counts.size and n_test >= counts.size:
            stratify = y
    X_tr, X_te, y_tr, y_te = train_test_split(
        X, y, train_size=n, test_size=n_test, random_state=seed, stratify=stratify
    )
    if task == "classification" and np.unique(y_tr).size < 2:
        return None
    return (*_tabular.prepare(X_tr, X_te), y_tr, y_te)


def one_seed(name, X, y, task, seed, params, sizes=SIZES):
    """Every model's scores on one seed's draw of each size."""
    cls = EBPClassifier if task == "classification" else EBPRegressor
    row = {"dataset": name, "task": task, "seed": seed}
    if task not in params:  # --tasks leaves it out: no draw, no score
        return {**row, "params": None}
    row["params"] = params[task]
    with threadpool_limits(1, user_api="blas"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for n in sizes:
            drawn = draw(X, y, task, n, seed)
            if drawn is None:
                continue
            X_tr, X_te, y_tr, y_te = drawn
            row[f"n_test@{n}"] = len(y_te)
            models = {
                "sklearn": reference(task, seed),
                "skebp": cls(random_state=seed),
                "candidate": cls(random_state=seed, **params[task]),
            }
            for model, est in models.items():
                row[f"{model}@{n}"] = _timed_score(est, X_tr, y_tr, X_te, y_te)
    return row


def cells(rows, model, against):
    """``(task, size, data set, paired differences, test fraction)`` of
    every cell where both models scored on at least two seeds."""
    out = {}
    for row in rows:
        for n in _sizes(row):
            a, b = row.get(f"{model}@{n}"), row.get(f"{against}@{n}")
            if not a or not b or "score" not in a or "score" not in b:
                continue
            key = (row["task"], n, row["dataset"])
            fraction = row[f"n_test@{n}"] / (row[f"n_test@{n}"] + n)
            out.setdefault(key, ([], fraction))[0].append(a["score"] - b["score"])
    return [(*k, np.array(d), f) for k, (d, f) in sorted(out.items()) if len(d) > 1]


def _sizes(row):
    """The training sizes a row holds."""
    return sorted(int(k.split("@")[1]) for k in row if k.startswith("n_test@"))


def holm_losses(found):
    """How many cells lose (one-sided) after Holm's correction over all."""
    tests = []
    for *_, d, fraction in found:
        mean, _, p = corrected_t(d, fraction)
        tests.append(p / 2 if mean < 0 else 1 - p / 2)
    return int(np.sum(np.asarray(holm(tests)) < 0.05)) if tests else 0


def failures(rows, model):
    return sum(
        "error" in row[f"{model}@{n}"]
        for row in rows
        for n in _sizes(row)
        if f"{model}@{n}" in row
    )


def table(rows):
    """``{(task, size): {measure: value}}`` of the summary."""
    out = {}
    for model in ("skebp", "candidate"):
        found = cells(rows, model, "sklearn")
        losses = holm_losses(found)
        for task, n, _, d, _ in found:
            entry = out.setdefault((task, n), {"sets": 0})
            entry["sets"] += model == "skebp"
            key = f"below ({model})"
            entry[key] = entry.get(key, 0) + (np.median(d) < MARGIN)
            entry[f"holm losses ({model}, whole table)"] = losses
    for task, n, _, d, _ in cells(rows, "candidate", "skebp"):
        out[(task, n)].setdefault("differences", []).append(float(np.median(d)))
    for entry in out.values():
        entry["candidate - skebp (median)"] = float(np.median(entry.pop("differences")))
    return out


def rule(rows):
    """The round's adoption rule, per task: the candidate is more than 0.005
    below scikit-learn's MLP on fewer (data set, size) cells than the
    defaults, its median paired difference to the defaults over the cells
    is at least 0, and no more of its fits fail.  ``{task: (passed,
    reasons)}``."""
    verdicts = {}
    for task in ("classification", "regression"):
        mine = [r for r in rows if r["task"] == task]
        if not mine:
            continue
        below = {
            m: sum(np.median(d) < MARGIN for *_, d, _ in cells(mine, m, "sklearn"))
            for m in ("skebp", "candidate")
        }
        paired = [np.median(d) for *_, d, _ in cells(mine, "candidate", "skebp")]
        failed = {m: failures(mine, m) for m in ("skebp", "candidate")}
        checks = {
            f"cells below scikit-learn's MLP {below['candidate']} < {below['skebp']}": (
                below["candidate"] < below["skebp"]
            ),
            f"median difference to the defaults {np.median(paired):+.4f} >= 0": (
                np.median(paired) >= 0
            ),
            f"failed fits {failed['candidate']} <= {failed['skebp']}": (
                failed["candidate"] <= failed["skebp"]
            ),
        }
        verdicts[task] = (all(checks.values()), checks)
    return verdicts


def summarize(rows, out=sys.stdout):
    rows = [r for r in rows if r["params"] is not None]
    params = {json.dumps(r["params"]) for r in rows}
    print(f"candidate(s): {', '.join(sorted(params))}", file=out)
    for (task, n), entry in sorted(table(rows).items()):
        parts = [
            f"{k} {v:+.4f}" if isinstance(v, float) else f"{k} {v}"
            for k, v in entry.items()
        ]
        print(f"{task}, {n} training rows: " + "; ".join(parts), file=out)
    for task, (passed, checks) in rule(rows).items():
        said = "; ".join(f"{c}: {'yes' if ok else 'no'}" for c, ok in checks.items())
        print(f"rule, {task}: {'PASSED' if passed else 'FAILED'} ({said})", file=out)


def main():
    parser = rows_parser(__doc__, seeds=10, candidates=True)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--tasks", nargs="+", default=["classification", "regression"])
    args = parser.parse_args()
    if args.summary:
        summarize(read_rows(args.summary))
        return
    params = {task: candidate_params(args)[task] for task in args.tasks}
    run_and_summarize(args, one_seed, summarize, params, tuple(args.sizes))


if __name__ == "__main__":
    main()
