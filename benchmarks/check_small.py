"""The defaults on small training sets, where early stopping has too few
rows to hold out, against scikit-learn's default MLP.

``early_stopping="auto"`` stops early only when the validation rows would be
at least 10 (the regressor, until the fifteenth round; 50 for the
classifier, and for both since), so below 100 training rows (at
``validation_fraction=0.1``) a default fit runs its ``max_iter`` epochs
with nothing to stop it.  None of the real-data collections has a
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

import io
import json
import sys
import warnings

import numpy as np
from check_defaults import (
    MARGIN,
    RESULTS,
    SHIPPED,
    _timed_score,
    before_eleventh_round,
    candidate_params,
    read_rows,
    rise_rule,
    rows_parser,
    run_and_summarize,
)
from check_defaults import summarize as summarize_full_size
from sklearn.model_selection import train_test_split
from threadpoolctl import threadpool_limits

from skebp import EBPClassifier, EBPRegressor
from skebp._training import _stochastic
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
    candidate = dict(params[task])
    # not a parameter: Adam's rise rule for the candidate's fits ([rise,
    # factor], or None: off; the nineteenth round's former defaults)
    shipped = _stochastic.ADAM_RISE
    rise = candidate.pop("adam_rise", shipped)
    rise = tuple(rise) if rise is not None else None
    rules = {"candidate": rise}
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
                "candidate": cls(random_state=seed, **candidate),
            }
            for model, est in models.items():
                with rise_rule(rules.get(model, shipped)):
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


#: The weight-decay round (the regressor below 100 rows): its development
#: runs on the five collections, ``results/<file>`` by candidate, and the
#: candidate it chose.
ALPHA_DEV = {
    "alpha=1": "small_alpha_dev_1.jsonl",
    "alpha=3": "small_alpha_dev_3.jsonl",
    "alpha=10": "small_alpha_dev_10.jsonl",
    "alpha=30": "small_alpha_dev_30.jsonl",
    "Adam at 0.001": "small_alpha_dev_rate0.001.jsonl",
    "Adam at 0.001, alpha=1": "small_alpha_dev_rate0.001_alpha1.jsonl",
    # the first probe, on two collections only
    "alpha=0.1": "small_alpha_dev_0.1.jsonl",
}
ALPHA_CHOSEN = "alpha=3"
#: Its confirmation runs: the regressor's on the sixth collection, the
#: classifier's (``alpha=1``, the fewest cells below on the development
#: runs) on the seventh.
ALPHA_CONFIRM = "small_alpha_confirm.jsonl"
ALPHA_CONFIRM_CLASSIFIER = "small_alpha_confirm_classifier.jsonl"
#: The classifier's small fits with the same penalties, on the development
#: collections (no classification data to confirm them on).
ALPHA_DEV_CLASSIFIER = {
    "alpha=1": "small_alpha_dev_classifier_1.jsonl",
    "alpha=3": "small_alpha_dev_classifier_3.jsonl",
}


def alpha_round(out=sys.stdout):
    """The weight-decay round's development table (markdown) and the paired
    comparison of the chosen candidate with the runner-up, from the
    committed rows."""
    runs = {k: read_rows([RESULTS / f]) for k, f in ALPHA_DEV.items()}
    print(
        "| candidate | data sets | cells below at 30 / 60 / 90 rows | total | "
        "candidate − defaults (median) |\n|---|---|---|---|---|",
        file=out,
    )
    shown = None  # the data sets of the last row of the defaults
    for label, rows in runs.items():
        rows = [r for r in rows if r["task"] == "regression"]
        sets = sorted({r["dataset"] for r in rows})
        n_sets = len(sets)
        models = [("the defaults", "skebp")] if sets != shown else []
        shown = sets
        counts = table(rows)
        for name, model in [*models, (label, "candidate")]:
            below = [counts[("regression", n)][f"below ({model})"] for n in SIZES]
            diff = "" if model == "skebp" else f"{_median_diff(rows):+.4f}"
            print(
                f"| {name} | {n_sets} | {' / '.join(map(str, below))} | "
                f"{sum(below)} of {n_sets * len(SIZES)} | {diff} |",
                file=out,
            )
    chosen, other = runs[ALPHA_CHOSEN], runs["Adam at 0.001, alpha=1"]
    ahead, behind = paired_sets(chosen, other)
    print(
        f"\n{ALPHA_CHOSEN} against Adam at 0.001 with alpha=1, paired on the same "
        "draws: more than 0.005 ahead on "
        + " / ".join(map(str, ahead))
        + " and behind on "
        + " / ".join(map(str, behind))
        + f" of the {len({r['dataset'] for r in chosen if r['task'] == 'regression'})} "
        "data sets at 30 / 60 / 90 rows.",
        file=out,
    )
    _classifier_lead(out)
    for task, name, where in (
        ("regression", ALPHA_CONFIRM, "tabular-sixth"),
        ("classification", ALPHA_CONFIRM_CLASSIFIER, "tabular-seventh"),
    ):
        _confirmation(task, read_rows([RESULTS / name]), f"`{name}`, `{where}`", out)


#: The tenth round: the regressor's early stopping needs 50 validation rows
#: (as the classifier's), its fits left unguarded below 500 rows get the
#: small fits' rate and penalty.  The candidate as explicit parameters (on
#: fits of 100 to 499 rows), its development run (``check_defaults.py`` on
#: the five collections' 18 regression data sets with fewer than 500
#: training rows) and its confirmation runs on the sixth collection: cut to
#: 150, 250 and 400 training rows, and at full size on its 5 such sets.
UNGUARDED = {"early_stopping": False, "learning_rate_init": 0.003, "alpha": 3.0}
UNGUARDED_DEV = "dev_regressor_unguarded.jsonl"
UNGUARDED_CONFIRM = "small_unguarded_confirm.jsonl"
UNGUARDED_FULL = "sixth_candidate_unguarded.jsonl"


def _shipped_rows(datasets):
    """The shipped defaults' committed rows of ``datasets`` as the tenth and
    eleventh rounds measured against them (before the eleventh's change)."""
    rows = before_eleventh_round(read_rows([RESULTS / f for f in SHIPPED.values()]))
    return [r for r in rows if r["dataset"] in datasets]


def _full_size(name, out, shipped=True, label="candidate"):
    """The shipped defaults (unless ``shipped`` is False) and the candidate
    (named ``label``) at full size on the data sets of the candidate's run
    ``name``: cells missed and time target met."""
    cand = read_rows([RESULTS / name])
    sets = {r["dataset"] for r in cand}
    runs = [(label, cand)]
    if shipped:
        runs.insert(0, ("shipped defaults", _shipped_rows(sets)))
    found = {}
    for who, rows in runs:
        found[who] = summarize_full_size(rows, io.StringIO())
        st = found[who]
        print(
            f"- {who}: {st['misses']} of {st['cells']} cells missed, time "
            f"target met on {st['fast']} of {st['datasets']} data sets",
            file=out,
        )
    return found


def unguarded_round(out=sys.stdout):
    """The tenth round's development and confirmation results."""
    print(f"Development (`{UNGUARDED_DEV}`, full size):\n", file=out)
    _full_size(UNGUARDED_DEV, out)
    _confirmation(
        "regression",
        read_rows([RESULTS / UNGUARDED_CONFIRM]),
        f"`{UNGUARDED_CONFIRM}`, `tabular-sixth` cut to 150, 250, 400 rows",
        out,
    )
    _full_size_rule(UNGUARDED_FULL, out)


def _full_size_rule(name, out):
    """A full-size confirmation run ``name`` against the shipped defaults:
    its table and the rule (no more cells missed, the time target met on no
    fewer data sets); True if it passes."""
    print(f"\nConfirmation at full size (`{name}`):\n", file=out)
    found = _full_size(name, out)
    ship, cand = found["shipped defaults"], found["candidate"]
    passed = cand["misses"] <= ship["misses"] and cand["fast"] >= ship["fast"]
    print(
        f"\nFull-size rule: {'PASSED' if passed else 'FAILED'} (cells missed "
        f"{cand['misses']} <= {ship['misses']}; time target {cand['fast']} >= "
        f"{ship['fast']}).",
        file=out,
    )
    return passed


#: The solver round (adopted): ``alpha="auto"``'s penalty in every small fit
#: that nothing stops early, whatever the solver (before it, only where Adam
#: started at the small-fit rate).  Its development runs
#: (``results/<file>``): each other solver changed alone, without the
#: penalty (``"auto"`` as it was) and with the estimator's small-fit one.
SOLVER_DEV = {
    (task, solver, penalty): f"small_solver_dev_{task}_{solver}{suffix}.jsonl"
    for task, alpha, solvers in (
        ("regressor", "3.0", ("lbfgs", "momentum", "sgd")),
        ("classifier", "1.0", ("lbfgs", "momentum")),
    )
    for solver in solvers
    for penalty, suffix in (("none", ""), (f"alpha={alpha}", f"alpha{alpha}"))
}


def solver_round(out=sys.stdout):
    """The round's development runs (cells more than 0.005 below
    scikit-learn's MLP with each solver changed alone, without and with the
    penalty, against the defaults) and its confirmation (markdown)."""
    print(
        "| estimator | solver | penalty | cells below (solver) | cells below "
        "(the defaults) |\n|---|---|---|---|---|",
        file=out,
    )
    for (task, solver, penalty), name in SOLVER_DEV.items():
        counts = table(read_rows([RESULTS / name])).values()
        total = sum(e["sets"] for e in counts)
        print(
            f"| {task} | {solver} | {penalty} | "
            f"{sum(e['below (candidate)'] for e in counts)} of {total} | "
            f"{sum(e['below (skebp)'] for e in counts)} |",
            file=out,
        )
    print("\nConfirmation (the sixth and seventh collections):\n", file=out)
    solver_confirmation(out)


#: Its confirmation runs: each solver alone without and with the penalty,
#: the regressor's on the sixth collection, the classifier's on the seventh.
SOLVER_CONFIRM = {
    ("regressor", solver): (3.0, "small_solver_confirm_regressor_{}_alpha{}.jsonl")
    for solver in ("lbfgs", "momentum", "sgd")
} | {
    ("classifier", solver): (1.0, "small_solver_confirm_classifier_{}_alpha{}.jsonl")
    for solver in ("lbfgs", "momentum")
}


def _candidate_cells(rows):
    """``{(data set, size): [scores by seed]}`` of a run's candidate."""
    found = {}
    for r in sorted(rows, key=lambda r: r["seed"]):
        if r["params"] is None:
            continue
        for n in _sizes(r):
            score = r[f"candidate@{n}"].get("score")
            found.setdefault((r["dataset"], n), []).append(score)
    return found


def solver_confirmation(out=sys.stdout):
    """The planned round's verdict per solver: the penalty against none, on
    cells below scikit-learn's MLP, the median paired difference and the
    failed fits (markdown)."""
    print(
        "| estimator | solver | cells below, no penalty | with it | with it − "
        "without (median) | failed fits | passes |\n|---|---|---|---|---|---|---|",
        file=out,
    )
    verdicts = {}
    for (task, solver), (alpha, pattern) in SOLVER_CONFIRM.items():
        runs = [read_rows([RESULTS / pattern.format(solver, a)]) for a in (0.0, alpha)]
        below = [
            sum(e["below (candidate)"] for e in table(rows).values()) for rows in runs
        ]
        without, with_ = (_candidate_cells(rows) for rows in runs)
        diffs = [  # cells where both fitted on every seed
            np.median(np.subtract(with_[k], without[k]))
            for k in with_
            if k in without and None not in with_[k] + without[k]
        ]
        median = float(np.median(diffs))
        failed = [failures(rows, "candidate") for rows in runs]
        ok = below[1] < below[0] and median >= 0 and failed[1] <= failed[0]
        verdicts[(task, solver)] = ok
        print(
            f"| {task} | {solver} | {below[0]} | {below[1]} | {median:+.4f} | "
            f"{failed[0]} / {failed[1]} | {'yes' if ok else 'no'} |",
            file=out,
        )
    return verdicts


#: The eleventh round: ``alpha="auto"``'s penalty (3) in every regressor
#: ``fit`` of fewer than 500 rows, early stopping kept where it is on (100
#: rows and more).  Its development runs (``check_defaults.py`` at full size
#: on the five collections' 18 regression data sets with fewer than 500
#: training rows; the candidate first, then the others tried beside it).
ES_ALPHA = {"alpha": 3.0}
ES_ALPHA_DEV = {
    "alpha=3 (the candidate)": "dev_regressor_es_alpha3.jsonl",
    "alpha=1": "dev_regressor_es_alpha1.jsonl",
    "alpha=10": "dev_regressor_es_alpha10.jsonl",
    "alpha=3, n_iter_no_change=30": "dev_regressor_es_alpha3_patience30.jsonl",
    "alpha=3, learning_rate_init=0.003": "dev_regressor_es_alpha3_rate003.jsonl",
    "alpha=3, validation_fraction=0.2": "dev_regressor_es_alpha3_vf02.jsonl",
    "n_iter_no_change=30": "dev_regressor_es_patience30.jsonl",
    "validation_fraction=0.2": "dev_regressor_es_vf02.jsonl",
}
#: Its confirmation runs: (a) the five collections' 40 other regression
#: data sets (500 training rows or more at full size, never used for this
#: choice) and (b) the sixth collection, each cut to 150, 250 and 400
#: training rows (``check_small.py``, 10 seeds); (c) the sixth collection's
#: six data sets under 500 training rows at full size.
ES_ALPHA_SIZES = (150, 250, 400)
ES_ALPHA_CONFIRM = {
    "the five collections' other regression data sets": "small_es_alpha_others.jsonl",
    "`tabular-sixth`": "small_es_alpha_sixth.jsonl",
}
ES_ALPHA_FULL = "sixth_candidate_es_alpha.jsonl"
#: (a)'s data sets: every regression data set of the five collections but
#: the development run's.
ES_ALPHA_OTHERS = (
    "ames car_prices check_times concrete deliveries hotel_rates Sacramento "
    "College Wage CPS1988 CPSSW8 CreditCard DoctorVisits GSS7402 Medicaid1986 "
    "NMES1988 PhDPublications STAR GSSvocab SLID nlschools nswdemo science "
    "Galton Gestation SaratogaHouses TenMileRace close_college gov_transfers "
    "nhefs restaurant_inspections azcabgptca azdrg112 azpro medpar rwm1984 "
    "Chem97 Exam acs12 satgpa"
).split()


def es_alpha_round(out=sys.stdout):
    """The eleventh round's development runs and, once run, its
    confirmation (markdown)."""
    print("Development (full size, 18 data sets):\n", file=out)
    for i, (label, name) in enumerate(ES_ALPHA_DEV.items()):
        _full_size(name, out, shipped=i == 0, label=label)
    verdicts = []
    for where, name in ES_ALPHA_CONFIRM.items():
        if not (RESULTS / name).exists():
            print(f"\nConfirmation on {where}: not run yet.", file=out)
            continue
        rows = read_rows([RESULTS / name])
        _confirmation("regression", rows, f"`{name}`, {where}", out)
        verdicts.append(rule(rows)["regression"][0])
    if not (RESULTS / ES_ALPHA_FULL).exists():
        print("\nConfirmation at full size: not run yet.", file=out)
        return None
    full = _full_size_rule(ES_ALPHA_FULL, out)
    return all(verdicts) and len(verdicts) == len(ES_ALPHA_CONFIRM) and full


def _confirmation(task, rows, where, out):
    """A confirmation run's table (markdown) and its rule's verdict."""
    print(
        f"\nConfirmation, {task} ({where}):\n\n"
        "| training rows | data sets | defaults below | candidate below | "
        "candidate − defaults (median) |\n|---|---|---|---|---|",
        file=out,
    )
    for (_, n), entry in sorted(table(rows).items()):
        print(
            f"| {n} | {entry['sets']} | {entry['below (skebp)']} | "
            f"{entry['below (candidate)']} | "
            f"{entry['candidate - skebp (median)']:+.4f} |",
            file=out,
        )
    passed, checks = rule(rows)[task]
    said = "; ".join(f"{c}: {'yes' if ok else 'no'}" for c, ok in checks.items())
    print(f"\nRule: {'PASSED' if passed else 'FAILED'} ({said}).", file=out)


def _classifier_lead(out):
    """The classifier's development runs in one sentence."""
    parts = []
    for label, name in ALPHA_DEV_CLASSIFIER.items():
        rows = read_rows([RESULTS / name])
        counts = table(rows).values()
        parts.append(f"{label} {sum(e['below (candidate)'] for e in counts)}")
    sizes = sorted(n for _, n in table(rows))
    print(
        f"\nThe classifier ({len({r['dataset'] for r in rows if r['params']})} "
        "data sets, "
        f"{', '.join(map(str, sizes))} training rows): cells below, the defaults "
        f"{sum(e['below (skebp)'] for e in counts)}, "
        + ", ".join(parts)
        + f" of {sum(e['sets'] for e in counts)}.",
        file=out,
    )


def _median_diff(rows):
    """The median over cells of the candidate's median paired difference
    to the defaults."""
    return float(
        np.median([np.median(d) for *_, d, _ in cells(rows, "candidate", "skebp")])
    )


def paired_sets(rows, other):
    """Per training size, on how many data sets the candidate of ``rows`` is
    more than 0.005 ahead of (behind) the candidate of ``other``, by the
    median over seeds of their paired difference: two lists."""
    theirs = {(r["dataset"], r["seed"]): r for r in other}
    ahead, behind = [], []
    for n in SIZES:
        diffs = {}
        for r in rows:
            o = theirs.get((r["dataset"], r["seed"]))
            key = f"candidate@{n}"
            if r["task"] == "regression" and o and key in r and key in o:
                d = r[key]["score"] - o[key]["score"]
                diffs.setdefault(r["dataset"], []).append(d)
        meds = [np.median(d) for d in diffs.values()]
        ahead.append(int(sum(m > -MARGIN for m in meds)))
        behind.append(int(sum(m < MARGIN for m in meds)))
    return ahead, behind


def main():
    parser = rows_parser(__doc__, seeds=10, candidates=True)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--tasks", nargs="+", default=["classification", "regression"])
    parser.add_argument(
        "--alpha-round", action="store_true", help="the weight-decay round's table"
    )
    parser.add_argument(
        "--unguarded-round", action="store_true", help="the tenth round's results"
    )
    parser.add_argument(
        "--solver-round", action="store_true", help="the planned round's runs"
    )
    parser.add_argument(
        "--es-alpha-round", action="store_true", help="the eleventh round's runs"
    )
    args = parser.parse_args()
    if args.alpha_round:
        alpha_round()
        return
    if args.unguarded_round:
        unguarded_round()
        return
    if args.solver_round:
        solver_round()
        return
    if args.es_alpha_round:
        es_alpha_round()
        return
    if args.summary:
        summarize(read_rows(args.summary))
        return
    params = {task: candidate_params(args)[task] for task in args.tasks}
    run_and_summarize(args, one_seed, summarize, params, tuple(args.sizes))


if __name__ == "__main__":
    main()
