"""Which rows of the committed study reproduce: re-run part of it and compare.

The committed study (``docs/study/results.jsonl``) was run once, on one
machine.  This script runs the same fits again (same settings: 200 epochs,
30 % held out, tuned rates, the rows' seeds) for the data sets and
configurations named, and sorts each row into

- ``exact``: the same status, epochs and test score to the last bit;
- ``within noise``: the same status, and a test score within the half-width
  of the configuration's 95 % interval over the seeds (as committed);
- ``differs``: anything else (listed).

OpenBLAS picks its kernels by CPU, and each kernel family rounds
differently; on-line training amplifies rounding over thousands of steps.
Run it under each family to see which rows depend on it::

    OPENBLAS_CORETYPE=Haswell python benchmarks/check_study_reproduces.py
    OPENBLAS_CORETYPE=SkylakeX python benchmarks/check_study_reproduces.py

Options: ``--datasets``, ``--configs`` (default: the small data sets and
the headline configurations), ``--n-jobs``.
"""

import argparse
import collections
from pathlib import Path

from _timing import blas_kernels

from skebp.study import read_rows, run_study, summarize

COMMITTED = Path(__file__).resolve().parents[1] / "docs" / "study" / "results.jsonl"
DATASETS = ["iris", "wine", "breast_cancer", "diabetes"]
CONFIGS = ["sklearn", "defaults", "lecun98", "modern", "modern: momentum"]


def verdict(old, new, half_width):
    if old["status"] != new["status"]:
        return "differs"
    if old["status"] != "ok":
        return "exact"
    if old["score"] == new["score"] and old["n_iter"] == new["n_iter"]:
        return "exact"
    if abs(old["score"] - new["score"]) <= half_width:
        return "within noise"
    return "differs"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", nargs="+", default=DATASETS)
    parser.add_argument("--configs", nargs="+", default=CONFIGS)
    parser.add_argument("--n-jobs", type=int, default=2)
    args = parser.parse_args()
    committed = [
        r
        for r in read_rows(COMMITTED)
        if r["dataset"] in args.datasets and r["config"] in args.configs
    ]
    seeds = 1 + max(r["seed"] for r in committed)
    half = {(s["dataset"], s["config"]): s["ci"] for s in summarize(committed)}
    again = run_study(
        args.datasets,
        args.configs,
        seeds,
        n_jobs=args.n_jobs,
        out_dir=None,
        progress=None,
    )
    new = {(r["dataset"], r["config"], r["seed"]): r for r in again}
    kernel = blas_kernels()
    counts = collections.Counter()
    by_config = collections.defaultdict(collections.Counter)
    for old in committed:
        key = (old["dataset"], old["config"], old["seed"])
        width = half.get((old["dataset"], old["config"])) or 0.0
        result = verdict(old, new[key], width)
        counts[result] += 1
        by_config[old["config"]][result] += 1
        if result == "differs":
            print(
                f"  differs: {key}: {old['status']} {old.get('score')} -> "
                f"{new[key]['status']} {new[key].get('score')}"
            )
    print(f"OpenBLAS kernels: {kernel}; {len(committed)} committed rows re-run")
    for config, c in sorted(by_config.items()):
        print(
            f"{config:<20} exact {c['exact']:>3}   within noise "
            f"{c['within noise']:>3}   differs {c['differs']:>3}"
        )
    print(
        f"{'total':<20} exact {counts['exact']:>3}   within noise "
        f"{counts['within noise']:>3}   differs {counts['differs']:>3}"
    )


if __name__ == "__main__":
    main()
