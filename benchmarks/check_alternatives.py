"""When an MLP is worth it: skebp's defaults against gradient boosting and
a linear model on every data set of the thirteen collections (20 seeds).

For each data set, the medians over seeds 0 to 19 of the test scores at
convergence (accuracy or R^2) of skebp's default estimator, scikit-learn's
default MLP, ``HistGradientBoosting*`` with its defaults and the linear
model (``LogisticRegression`` / ``RidgeCV`` behind a ``StandardScaler``),
each behind the same preprocessing (``check_defaults.py``'s committed rows
of the shipped defaults and ``check_more_seeds.py``'s extra seeds).  A
data set counts for

- skebp, when its defaults are ahead of both gradient boosting and the
  linear model by more than :data:`EFFECT`;
- gradient boosting, when it is ahead of both MLPs by more than
  :data:`EFFECT` (as ``check_defaults.summarize`` counts it);
- the linear model, when it is within :data:`EFFECT` of the better MLP,
  or above it,

by task, by the number of test rows (30 % of each data set's rows, up to
3,000) and by whether the data set has categorical columns: what a user
can know before fitting anything.

Run (a few seconds; nothing is fitted):
    python benchmarks/check_alternatives.py
"""

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from check_defaults import (  # noqa: E402
    ALTERNATIVE_EFFECT,
    _score,
    hgb_ahead,
    linear_level,
)
from check_more_seeds import rows_of  # noqa: E402
from check_target_noise import COLLECTIONS  # noqa: E402

from skebp.study import _tabular  # noqa: E402

#: The difference in test score that counts as ahead (or level), as
#: ``check_defaults.summarize`` counts gradient boosting and the linear model.
EFFECT = ALTERNATIVE_EFFECT
#: The test rows' bins: (label, lowest, highest + 1).
SIZES = (
    ("fewer than 300 test rows", 0, 300),
    ("300 to 999 test rows", 300, 1000),
    ("1,000 test rows or more", 1000, np.inf),
)


def per_set():
    """``{data set: (task, test rows, categorical columns, skebp, best
    MLP, gradient boosting, linear)}``: the medians over 20 seeds at
    convergence."""
    found = {}
    for key in COLLECTIONS:
        rows = rows_of(key)
        for name in sorted({r["dataset"] for r in rows}):
            mine = [r for r in rows if r["dataset"] == name]

            def median(field, mine=mine):
                return float(np.median([_score(r, field) for r in mine]))

            skebp, sklearn = median("skebp@conv"), median("sklearn@conv")
            X = _tabular.load(name)[0]
            found[name] = (
                mine[0]["task"],
                mine[0]["n_test"],
                X.select_dtypes(exclude="number").shape[1],
                skebp,
                max(skebp, sklearn),
                median("hgb"),
                median("linear"),
            )
    return found


def counts(sets):
    """``(data sets, skebp ahead of both, gradient boosting ahead, linear
    level)`` over the values of :func:`per_set` in ``sets``."""
    return (
        len(sets),
        sum(s[3] > max(s[5], s[6]) + EFFECT for s in sets),
        sum(hgb_ahead(s[5], s[4]) for s in sets),
        sum(linear_level(s[6], s[4]) for s in sets),
    )


def groups(found):
    """``[(label, counts)]``: every data set, then by task, size and
    categorical columns, then each task by size."""
    sets = list(found.values())
    out = [("every data set", counts(sets))]
    for task in ("classification", "regression"):
        out.append((task, counts([s for s in sets if s[0] == task])))
    for label, low, high in SIZES:
        out.append((label, counts([s for s in sets if low <= s[1] < high])))
    out.append(("no categorical column", counts([s for s in sets if not s[2]])))
    out.append(("categorical columns", counts([s for s in sets if s[2]])))
    for task in ("classification", "regression"):
        for label, low, high in SIZES:
            mine = [s for s in sets if s[0] == task and low <= s[1] < high]
            out.append((f"{task}, {label}", counts(mine)))
    return out


def page(out=sys.stdout):
    """The page's table.  Returns :func:`groups`."""
    found = groups(per_set())
    print(
        f"| data sets | number | skebp's defaults ahead of gradient boosting "
        f"and the linear model by more than {EFFECT} | gradient boosting ahead "
        f"of both MLPs by more than {EFFECT} | the linear model within "
        f"{EFFECT} of the better MLP, or above it |\n|---|---|---|---|---|",
        file=out,
    )
    for label, (n, skebp, hgb, linear) in found:
        print(f"| {label} | {n} | {skebp} | {hgb} | {linear} |", file=out)
    return found


if __name__ == "__main__":
    page()
