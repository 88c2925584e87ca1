"""Re-key a committed study: the key the current code computes, given only to
rows whose fits, re-run, come out the same.

Every row of a study's ``results.jsonl`` carries the key of its fit (the
run's settings, the configuration's parameters and every parameter of the
estimator it builds, the rate grid, the data, the package versions), and a
resumed study refuses rows whose key is not its own.  When the key gains a
field, or a recipe spells out a default it used to leave unset, a committed
study's rows stop matching although most of their fits would come out the
same; and where the code behind an unchanged key changed (what a default
means, how a diverging epoch is handled), rows that still match are stale.
This script sorts them out:

1. it computes each row's key as the current code does (the run's settings
   and seeds taken from the rows; refused when the package versions differ);
2. it re-runs every configuration whose rows' keys differ, or that
   ``--check`` names, on the ``--verify`` data sets, with all the file's
   seeds, and compares each new fit with its row: the same status, epochs,
   tuning trials and rate, test score, per-epoch test and validation
   scores, to the last bit, and the same training loss curve to
   ``LOSS_RTOL``;
3. a configuration whose re-run fits all match gets the new key on all its
   rows (their measurements untouched); every row of a configuration that
   does not, and every diverged row with ``--refit-diverged``, is dropped,
   so that resuming the study fits it again with the current code.

The file is replaced atomically (the old one kept as ``results.jsonl.old``)
under the study's lock; nothing is written with ``--dry-run``.

Run::

    python benchmarks/rekey_study.py docs/study_real --datasets tabular \\
        --verify penguins Credit Auto OJ Carseats --check defaults \\
        --refit-diverged
    skebp study --datasets tabular --configs ... --out docs/study_real
"""

import argparse
import collections
import json
import os
import shutil
from pathlib import Path

import numpy as np

from skebp import study
from skebp.study import _configs, _store

#: What a re-run fit must reproduce, to the bit, for its row to be re-keyed.
COMPARED = (
    "status",
    "n_iter",
    "tuned_rate",
    "tuning_trials",
    "score",
    "test_curve",
    "validation_curve",
    "validation_score",
)
#: The training loss curve (a record of the fit, not what it predicts) to
#: this relative tolerance: where the L2 penalty's sum is now formed in
#: another order, the loss reported differs in its last bit while every
#: weight, and so the score and each epoch's test score, is the same.
LOSS_RTOL = 1e-12


def current_keys(rows, datasets):
    """``{triple: key}`` of every row as the current code computes it."""
    settings = {json.dumps([r["key"][k] for k in _store.RUN_SETTINGS]) for r in rows}
    if len(settings) != 1:
        raise SystemExit("the rows were made by more than one run: re-run the study")
    run = dict(zip(_store.RUN_SETTINGS, json.loads(settings.pop())))
    if run["versions"] != _store.versions():
        raise SystemExit(
            f"the rows were fitted with {run['versions']}, this is "
            f"{_store.versions()}: re-run the study instead"
        )
    if run["time_to_target"] != study.TIME_TO_TARGET:
        raise SystemExit("the rows measured the time to a target otherwise")
    chosen = _configs.resolve(sorted({r["config"] for r in rows}))
    seeds = max(r["seed"] for r in rows) + 1
    loaded, failed = study._load(datasets, chosen, seeds)
    if failed:
        raise SystemExit(f"data sets that do not load: {failed[0]['error']}")
    return study._keys(loaded, chosen, seeds, run), run, seeds


def same_fit(old, new):
    if any(old.get(k) != new.get(k) for k in COMPARED):
        return False
    a, b = old.get("loss_curve"), new.get("loss_curve")
    if a is None or b is None:
        return a is b
    return len(a) == len(b) and np.allclose(a, b, rtol=LOSS_RTOL, atol=0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the study's folder")
    parser.add_argument("--datasets", nargs="+", required=True)
    parser.add_argument("--verify", nargs="+", required=True)
    parser.add_argument("--check", nargs="*", default=[])
    parser.add_argument("--refit-diverged", action="store_true")
    parser.add_argument("--n-jobs", type=int, default=2)
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args()

    path = args.out / "results.jsonl"
    with _store.ResultsStore(path) as store:
        rows = store.read()
        if store.problems:
            raise SystemExit(f"{path}: {store.problems[0]}: repair the file first")
        keys, run, seeds = current_keys(rows, args.datasets)
        stale = {
            r["config"]
            for r in rows
            if _store.differences(keys[_store.triple(r)], r["key"])
        }
        checked = sorted(stale | set(args.check))
        refit = study.run_study(
            args.verify,
            checked,
            seeds,
            max_iter=run["max_iter"],
            test_size=run["test_size"],
            tune=run["tune"],
            n_jobs=args.n_jobs,
            out_dir=None,
            progress=None,
        )
        by_triple = {_store.triple(r): r for r in rows}
        failing = collections.Counter()
        for new in refit:
            if not same_fit(by_triple[_store.triple(new)], new):
                failing[new["config"]] += 1
        kept, dropped = [], collections.Counter()
        for row in rows:
            diverged = args.refit_diverged and row["status"] == "diverged"
            if row["config"] in failing or diverged:
                dropped[row["config"]] += 1
                continue
            if row["config"] in checked:
                row = {**row, "key": keys[_store.triple(row)]}
            kept.append(row)
        n = collections.Counter(r["config"] for r in refit)
        for config in checked:
            verdict = (
                f"{failing[config]} of {n[config]} differ: its rows dropped"
                if config in failing
                else f"all {n[config]} the same: re-keyed"
            )
            print(f"{config}: {verdict}")
        others = {c: k for c, k in dropped.items() if c not in failing}
        if others:
            print(f"diverged rows dropped: {dict(others)}")
        print(f"{len(kept)} of {len(rows)} rows kept")
        if args.dry_run:
            return
        shutil.copy2(path, path.with_name(path.name + ".old"))
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text("".join(json.dumps(r) + "\n" for r in kept))
        os.replace(tmp, path)


if __name__ == "__main__":
    main()
