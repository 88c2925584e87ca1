"""The default estimators against scikit-learn's default MLP, gradient
boosting and a linear model, on the real-data suite or any data sets.

For every data set and seed (each its own 70/30 split, stratified for
classification), every model sees the same preprocessing fitted on the
training rows (``skebp.study._tabular.preprocessor``: impute, one-hot) and:

- ``EBPClassifier()`` / ``EBPRegressor()`` (or candidate defaults given with
  ``--classifier`` / ``--regressor``) at budgets of 3, 10 and 30 epochs and
  at convergence (their default ``max_iter``);
- scikit-learn's default MLP behind a ``StandardScaler`` (targets scaled too
  for regression) at the same budgets;
- ``HistGradientBoostingClassifier/Regressor()`` and
  ``LogisticRegression()`` / ``RidgeCV()`` behind a ``StandardScaler``.

Each fit's CPU seconds are measured (BLAS held to one thread).  Targets
(issue 20): at 10 and 30 epochs and at convergence, the median paired
difference skebp - scikit-learn over seeds is at least -0.005 and no loss
survives Holm's correction (Nadeau-Bengio corrected t over the seeds'
splits, across every cell of the table); skebp reaches scikit-learn's
converged score minus 0.01 in at most half its CPU time on at least 90 % of
the data sets (time to reach: the CPU time of the shortest budget whose fit
reaches it, a coarse upper bound).

Run:
    python benchmarks/check_defaults.py --datasets tabular-dev --out FILE
    python benchmarks/check_defaults.py --datasets tabular-confirm ...
    python benchmarks/check_defaults.py --summary FILE [FILE ...]

``--datasets`` takes suite names, ``tabular``, ``tabular-dev``,
``tabular-confirm``, the study's built-in sets or OpenML references.
"""

import argparse
import contextlib
import functools
import json
import math
import os
import sys
import time
import warnings
from pathlib import Path

import numpy as np
from joblib import Parallel, delayed
from sklearn.model_selection import train_test_split
from threadpoolctl import threadpool_limits

from skebp import EBPClassifier, EBPRegressor
from skebp._training import _stochastic
from skebp.study import _datasets, _tabular
from skebp.study._runner import baseline, reference
from skebp.study._statistics import corrected_t, holm

BUDGETS = (3, 10, 30, None)  # None: each model's default max_iter
TEST_SIZE = 0.3
#: Targets: median paired difference, time ratio, share of data sets.
MARGIN, TIME_RATIO, TIME_SHARE = -0.005, 0.5, 0.9


def _timed_score(est, X_tr, y_tr, X_te, y_te):
    c = time.process_time()
    try:
        est.fit(X_tr, y_tr)
    except Exception as exc:  # recorded, the run goes on
        return {"error": f"{type(exc).__name__}: {exc}"}
    cpu = time.process_time() - c
    return {"score": float(est.score(X_te, y_te)), "cpu": cpu}


def split_rows(n):
    """How many of ``n`` rows a split trains on (scikit-learn rounds the
    test share up)."""
    return n - math.ceil(TEST_SIZE * n)


def split_prepared(X, y, task, seed, train_rows=None):
    """One seed's 70/30 split (stratified for classification), both parts
    through the preprocessing fitted on the training rows; ``train_rows``:
    only that many of the 70 % are drawn to train on (the test rows stay
    the same 30 %)."""
    if train_rows is not None and train_rows >= split_rows(len(y)):
        raise ValueError(
            f"train_rows={train_rows} is not below the {split_rows(len(y))} "
            f"of the data set's {len(y)} rows that a split trains on."
        )
    X_tr, X_te, y_tr, y_te = train_test_split(
        X,
        y,
        test_size=TEST_SIZE,
        random_state=seed,
        stratify=y if task == "classification" else None,
    )
    if train_rows is not None:
        _, counts = np.unique(y_tr, return_counts=True)
        stratify = task == "classification" and counts.min() >= 2
        X_tr, _, y_tr, _ = train_test_split(
            X_tr,
            y_tr,
            train_size=train_rows,
            random_state=seed,
            stratify=y_tr if stratify else None,
        )
    return (*_tabular.prepare(X_tr, X_te), y_tr, y_te)


def collect(rows, out=None, tag=None):
    """The rows as they come, each appended to the JSON-lines file ``out``
    (if any) and announced on standard error; ``tag(row)`` adds fields."""
    sink = Path(out).open("a") if out else None
    kept = []
    for row in rows:
        if tag is not None:
            tag(row)
        kept.append(row)
        print(f"{row['dataset']} seed {row['seed']} done", file=sys.stderr, flush=True)
        if sink is not None:
            sink.write(json.dumps(row) + "\n")
            sink.flush()
    return kept


@contextlib.contextmanager
def rise_rule(value):
    """Adam's rise rule (``skebp._training._stochastic.ADAM_RISE``: ``(rise,
    factor)``, or None: off) set to ``value`` within, the shipped one after:
    the fits of a run that compares it with another."""
    shipped, _stochastic.ADAM_RISE = _stochastic.ADAM_RISE, value
    try:
        yield
    finally:
        _stochastic.ADAM_RISE = shipped


def budget_scores(make, X_tr, y_tr, X_te, y_te):
    """skebp's fields of a row, ``{"skebp@<budget>": _timed_score(...)}``
    for every budget of :data:`BUDGETS`: ``make(extra)`` builds the
    estimator with ``extra`` (``{"max_iter": budget}``, nothing at
    convergence)."""
    found = {}
    for budget in BUDGETS:
        tag = "conv" if budget is None else str(budget)
        est = make({} if budget is None else {"max_iter": budget})
        found[f"skebp@{tag}"] = _timed_score(est, X_tr, y_tr, X_te, y_te)
    return found


def one_seed(name, X, y, task, seed, params, train_rows=None):
    """Every model's scores and CPU seconds on one seed's split (trained on
    ``train_rows`` of its training rows if given: the row's data set is
    then ``"name@rows"``)."""
    X_tr, X_te, y_tr, y_te = split_prepared(X, y, task, seed, train_rows)
    cls = EBPClassifier if task == "classification" else EBPRegressor
    row = {"dataset": name, "task": task, "seed": seed, "n_test": len(y_te)}
    if train_rows is not None:
        row.update(dataset=f"{name}@{train_rows}", train_rows=train_rows)
    with threadpool_limits(1, user_api="blas"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for budget in BUDGETS:
            tag = "conv" if budget is None else str(budget)
            extra = {} if budget is None else {"max_iter": budget}
            ours = cls(random_state=seed, **params, **extra)
            row[f"skebp@{tag}"] = _timed_score(ours, X_tr, y_tr, X_te, y_te)
            theirs = (
                reference(task, seed)
                if budget is None
                else reference(task, seed, budget)
            )
            row[f"sklearn@{tag}"] = _timed_score(theirs, X_tr, y_tr, X_te, y_te)
        for key in ("hgb", "linear"):
            row[key] = _timed_score(baseline(key, task), X_tr, y_tr, X_te, y_te)
    return row


def run(specs, seeds, params_by_task, n_jobs, first=0, train_rows=None):
    names = []
    for spec in specs:
        names.extend(_datasets.expand(spec))
    loaded = {}
    for spec in names:
        try:
            name, X, y, task = _datasets.resolve(spec)
        except (ValueError, ImportError) as exc:
            print(f"{spec}: failed to load: {exc}", file=sys.stderr)
            continue
        loaded[name] = (X, y, task)
    jobs = [
        delayed(one_seed)(name, X, y, task, seed, params_by_task[task], rows)
        for name, (X, y, task) in loaded.items()
        for rows in train_rows or [None]
        for seed in range(first, first + seeds)
        if rows is None or rows < split_rows(len(y))
    ]
    parallel = Parallel(n_jobs=n_jobs, return_as="generator_unordered")
    yield from parallel(jobs)


def _score(row, key):
    return row.get(key, {}).get("score", math.nan)


#: The difference in test score at which gradient boosting counts as ahead
#: of the better MLP, and the linear model as level with it.
ALTERNATIVE_EFFECT = 0.01


def hgb_ahead(hgb, best_mlp):
    """Gradient boosting's score is ahead of the better MLP's."""
    return hgb > best_mlp + ALTERNATIVE_EFFECT


def linear_level(linear, best_mlp):
    """The linear model's score is level with the better MLP's, or above."""
    return linear >= best_mlp - ALTERNATIVE_EFFECT


def summarize(rows, out=sys.stdout):
    """The table of the targets, from rows of :func:`one_seed`."""
    by_set = {}
    for r in rows:
        by_set.setdefault(r["dataset"], []).append(r)
    cells = []  # (name, budget, median diff, p of a loss)
    lines = []
    fast = 0
    for name in sorted(by_set, key=lambda n: (by_set[n][0]["task"], n.lower())):
        rs = sorted(by_set[name], key=lambda r: r["seed"])
        half = _tabular.half(name) if name in _tabular.SETS else "-"
        parts = []
        for tag in ("10", "30", "conv"):
            d = [_score(r, f"skebp@{tag}") - _score(r, f"sklearn@{tag}") for r in rs]
            mean, width, p = corrected_t(d, TEST_SIZE)
            # one-sided p of "skebp loses"
            p_loss = p / 2 if mean < 0 else 1 - p / 2
            med = float(np.median(d))
            cells.append((name, tag, med, p_loss))
            parts.append(
                (
                    tag,
                    float(np.median([_score(r, f"skebp@{tag}") for r in rs])),
                    float(np.median([_score(r, f"sklearn@{tag}") for r in rs])),
                    med,
                    width,
                )
            )
        ratios = []
        for r in rs:
            target = _score(r, "sklearn@conv") - 0.01
            reached = [
                r[f"skebp@{t}"]["cpu"]
                for t in ("3", "10", "30", "conv")
                if _score(r, f"skebp@{t}") >= target
            ]
            ratios.append(
                min(reached) / r["sklearn@conv"]["cpu"] if reached else math.inf
            )
        ratio = float(np.median(ratios))
        fast += ratio <= TIME_RATIO
        hgb = float(np.median([_score(r, "hgb") for r in rs]))
        lin = float(np.median([_score(r, "linear") for r in rs]))
        lines.append(
            (
                name,
                rs[0]["task"],
                half,
                len(rs),
                rs[0]["n_test"],
                parts,
                ratio,
                hgb,
                lin,
            )
        )
    adjusted = holm([c[3] for c in cells])
    losing = {(c[0], c[1]) for c, a in zip(cells, adjusted) if a < 0.05}
    print(
        "data set          task  half     seeds  10 ep: skebp sklearn diff   "
        "30 ep: skebp sklearn diff   conv: skebp sklearn diff  time  hgb   linear",
        file=out,
    )
    missed = set()
    for name, task, half, n, n_test, parts, ratio, hgb, lin in lines:
        cols = []
        for tag, m, t, med, _ in parts:
            if med < MARGIN or (name, tag) in losing:
                missed.add((name, tag))
            mark = "!" if (name, tag) in losing else ("*" if med < MARGIN else " ")
            cols.append(f"{m:6.3f} {t:6.3f} {med:+.3f}{mark}")
        small = " (small)" if n_test < _tabular.MIN_TEST_ROWS else ""
        print(
            f"{name:<17} {task[:5]:<5} {half:<8} {n:>3}   "
            + "   ".join(cols)
            + f"  {ratio:5.2f} {hgb:6.3f} {lin:6.3f}{small}",
            file=out,
        )
    print(
        f"\ncells below {MARGIN} (*) or losing after Holm (!): {len(missed)} of "
        f"{len(cells)}; time <= {TIME_RATIO}: {fast} of {len(lines)} data sets "
        f"(target >= {TIME_SHARE:.0%})",
        file=out,
    )
    # The better MLP at convergence (skebp or scikit-learn), per data set.
    best_mlp = {ln[0]: max(ln[5][2][1], ln[5][2][2]) for ln in lines}
    return {
        "misses": len(missed),
        "missed": missed,
        "ratios": {ln[0]: ln[6] for ln in lines},  # the time column
        "cells": len(cells),
        "fast": fast,
        "datasets": len(lines),
        "losing": len(losing),
        "hgb_ahead": sum(hgb_ahead(ln[7], best_mlp[ln[0]]) for ln in lines),
        "linear_level": sum(linear_level(ln[8], best_mlp[ln[0]]) for ln in lines),
    }


#: The counts of a :func:`summarize` result (the rest is not additive).
COUNTS = ("misses", "cells", "fast", "datasets", "losing", "hgb_ahead", "linear_level")


def add_up(summaries):
    """:func:`summarize` results of several collections as one: their
    :data:`COUNTS` added."""
    summaries = list(summaries)
    return {k: sum(s[k] for s in summaries) for k in COUNTS}


def describe(out=sys.stdout):
    """The suite and the later collections as a Markdown table: half, task,
    rows, columns (before one-hot encoding), categorical columns, missing
    values, classes."""
    print(
        "| data set | half | task | rows | columns | categorical | missing "
        "values | classes |\n|---|---|---|---|---|---|---|---|",
        file=out,
    )
    order = {where: i for i, where in enumerate(("dev", "confirm", *_tabular.LATER))}
    for name in sorted(
        _tabular.SETS,
        key=lambda n: (order[_tabular.half(n)], _tabular.SETS[n].task, n.lower()),
    ):
        X, y, task = _tabular.load(name)
        categorical = X.select_dtypes(exclude="number").shape[1]
        classes = len(np.unique(y)) if task == "classification" else "-"
        print(
            f"| {name} | {_tabular.half(name)} | {task} | {len(y):,} | "
            f"{X.shape[1]} | {categorical} | {int(X.isna().sum().sum()):,} | "
            f"{classes} |",
            file=out,
        )


RESULTS = Path(__file__).parent / "results"
#: The committed run of the defaults as they ship, on each collection.
SHIPPED = {
    "dev": "dev_candidate_s.jsonl",
    "confirm": "confirm_candidate_s.jsonl",
    "fresh": "fresh_candidate_s.jsonl",
    "holdout": "holdout_candidate_s.jsonl",
    "fifth": "fifth_current.jsonl",
    "sixth": "sixth_current.jsonl",
    "seventh": "seventh_current.jsonl",
    "eighth": "eighth_current.jsonl",
    "tenth": "tenth_current.jsonl",
    "eleventh": "eleventh_current.jsonl",
    "twelfth": "twelfth_current.jsonl",
    "thirteenth": "thirteenth_current.jsonl",
    "fourteenth": "fourteenth_current.jsonl",
}
#: The shipped defaults' rows that the eleventh round (``alpha="auto"``'s
#: penalty in the regressor's fits of 100 to 499 rows) ran again, as they
#: were before it: the baseline of every round run before it.
BEFORE_ELEVENTH = "shipped_before_eleventh_round.jsonl"


#: The same for the fifteenth round (the regressor's fits of 100 to 499
#: rows without early stopping): every row of the shipped defaults' runs
#: (``SHIPPED`` and the extra seeds') that it ran again, as it was.
BEFORE_FIFTEENTH = "shipped_before_fifteenth_round.jsonl"


#: The same for the seventeenth round (the classifier's mini-batches of 32
#: rows): every classification row of the shipped defaults' runs
#: (``SHIPPED`` and the extra seeds') as it was before the round ran them
#: again (``benchmarks/check_seventeenth.py --adopt``).
BEFORE_SEVENTEENTH = "shipped_before_seventeenth_round.jsonl"
#: The same for the eighteenth round (the regressor's mini-batches of 64 rows).
BEFORE_EIGHTEENTH = "shipped_before_eighteenth_round.jsonl"
#: The same for the nineteenth round (Adam's "auto" rate halved after an
#: epoch whose training loss rose by more than 5 %): every row, both tasks.
BEFORE_NINETEENTH = "shipped_before_nineteenth_round.jsonl"


def _put_back(rows, name):
    """``rows`` with those of the committed file ``name`` in their place (by
    data set and seed)."""
    old = {(r["dataset"], r["seed"]): r for r in read_rows([RESULTS / name])}
    return [old.get((r["dataset"], r["seed"]), r) for r in rows]


def before_eleventh_round(rows):
    """``rows`` of the shipped defaults with the rows the eleventh round
    replaced put back as they were (by data set and seed): the defaults the
    rounds before it measured against."""
    return _put_back(before_seventeenth_round(rows), BEFORE_ELEVENTH)


def before_fifteenth_round(rows):
    """``rows`` of the shipped defaults as the rounds from the eleventh to
    the fourteenth, and the experiments of that time, measured them (the
    rows the fifteenth round ran again put back as they were)."""
    return _put_back(before_seventeenth_round(rows), BEFORE_FIFTEENTH)


def before_seventeenth_round(rows):
    """``rows`` of the shipped defaults as the rounds from the fifteenth to
    the sixteenth, and the experiments up to the seventeenth, measured them
    (the classifier's rows the seventeenth round ran again put back as they
    were, and the regressor's the eighteenth ran again)."""
    return _put_back(before_eighteenth_round(rows), BEFORE_SEVENTEENTH)


def before_eighteenth_round(rows):
    """``rows`` of the shipped defaults as the seventeenth round and the
    experiments up to the eighteenth measured them (the regressor's rows the
    eighteenth round ran again put back as they were, and every row the
    nineteenth ran again)."""
    return _put_back(before_nineteenth_round(rows), BEFORE_EIGHTEENTH)


def before_nineteenth_round(rows):
    """``rows`` of the shipped defaults as the eighteenth round and the
    experiments up to the nineteenth measured them (the rows the nineteenth
    round ran again put back as they were)."""
    return _put_back(rows, BEFORE_NINETEENTH)


#: The committed runs the page is built from (``--page``), in the order made:
#: the former defaults; candidates A/C (early stopping always on, the
#: regressor at 0.01 with a patience of 20) and D (A/C with ReLU units); the
#: defaults adopted (``early_stopping="auto"``), the classifier's
#: ``scoring="loss"`` (second round), ``learning_rate="plateau"`` (third).
RUNS = {
    "development half, former defaults": ["dev_current.jsonl"],
    "development half, candidate A/C (early_stopping=True)": [
        "dev_candidate_a.jsonl:classification",
        "dev_candidate_c.jsonl:regression",
    ],
    "development half, candidate D (A/C with ReLU)": ["dev_candidate_d.jsonl"],
    "confirmation half, former defaults": ["confirm_current.jsonl"],
    "confirmation half, candidate A/C (early_stopping=True)": [
        "confirm_candidate.jsonl"
    ],
    "development half, the first early-stopping defaults (classifier scoring=None)": [
        "dev_new.jsonl"
    ],
    "confirmation half, the first early-stopping defaults (classifier scoring=None)": [
        "confirm_new.jsonl"
    ],
    "development half, classifier candidate n_iter_no_change=20 (after the first "
    "early-stopping defaults)": ["dev_candidate_patience20.jsonl:classification"],
    "development half, candidate: the readout fitted in every network (an "
    "experiment, benchmarks/check_readout_all.py)": ["dev_candidate_readout_all.jsonl"],
    # The second round's defaults: the classifier's rows are the
    # scoring="loss" candidate's runs, the regressor's the first round's.
    "development half, second-round defaults (classifier scoring='loss')": [
        "dev_new.jsonl:regression",
        "dev_candidate_scoring_loss.jsonl:classification",
    ],
    "confirmation half, second-round defaults (classifier scoring='loss')": [
        "confirm_new.jsonl:regression",
        "confirm_candidate_scoring_loss.jsonl:classification",
    ],
    # The third round: learning_rate="plateau" for both estimators over the
    # second round's defaults, run as a candidate and adopted.
    "development half, third-round defaults (learning_rate='plateau')": [
        "dev_candidate_plateau.jsonl"
    ],
    "confirmation half, third-round defaults (learning_rate='plateau')": [
        "confirm_candidate_plateau.jsonl"
    ],
    # After the third round: the regressor without early stopping where its
    # validation set would hold fewer than 50 rows (the classifier's "auto"
    # threshold), on the two development sets that rule changes; not adopted.
    "development half, regressor candidate early_stopping=False on Auto and "
    "Carseats (validation sets under 50 rows; not adopted)": [
        "dev_candidate_es_off_small.jsonl"
    ],
    # The fourth round, on the two later collections (skebp.study._collections):
    # the candidate chosen on the fresh one and the suite (ReLU, init="auto")
    # was adopted on the hold-out one; its rows are what the estimators do.
    "fresh collection, third-round defaults": ["fresh_current.jsonl"],
    "fresh collection, candidate: ReLU units (LeCun's initialization; not adopted)": [
        "fresh_candidate_relu.jsonl"
    ],
    "hold-out collection, third-round defaults": ["holdout_current.jsonl"],
    "hold-out collection, new defaults": [SHIPPED["holdout"]],
    "fresh collection, new defaults": [SHIPPED["fresh"]],
    "development half, new defaults": [SHIPPED["dev"]],
    "confirmation half, new defaults": [SHIPPED["confirm"]],
    # The fifth collection (regression only): the shipped defaults and the
    # regressor's Adam at 0.003, which its rule did not adopt.
    "fifth collection, new defaults": [SHIPPED["fifth"]],
    "fifth collection, candidate: the regressor's Adam at 0.003 (not adopted)": [
        "fifth_candidate_rate.jsonl"
    ],
    # The sixth collection (regression only), written for the weight-decay
    # round's small training sets; the shipped defaults at full size.
    "sixth collection, new defaults": [SHIPPED["sixth"]],
    # The seventh (classification only), written for the classifier's side.
    "seventh collection, new defaults": [SHIPPED["seventh"]],
    # The eighth (the dmba wheel), written after the last change of the
    # full-size defaults: the shipped defaults on data no choice had seen.
    "eighth collection, new defaults": [SHIPPED["eighth"]],
    # The tenth (classification), written after the sixteenth round: the
    # shipped defaults on classification data no choice had seen.
    "tenth collection, new defaults": [SHIPPED["tenth"]],
    # The eleventh (regression), written after the seventeenth round: the
    # shipped defaults on regression data no choice had seen (the regressor's
    # rows since refitted by the eighteenth round it confirmed).
    "eleventh collection, new defaults": [SHIPPED["eleventh"]],
    # The twelfth (four other wheels, both tasks), written after the
    # eighteenth round: the shipped defaults on data no choice had seen.
    "twelfth collection, new defaults": [SHIPPED["twelfth"]],
    # The thirteenth (the KEEL repository's data sets, both tasks), written
    # after the nineteenth round: the shipped defaults on data no choice
    # had seen.
    "thirteenth collection, new defaults": [SHIPPED["thirteenth"]],
    # The fourteenth (the rest of the same wheel's regression folder), on
    # data no choice had seen.
    "fourteenth collection, new defaults": [SHIPPED["fourteenth"]],
}


def _rows(specs):
    rows = []
    for spec in specs:
        name, _, task = spec.partition(":")
        for line in (RESULTS / name).read_text().splitlines():
            row = json.loads(line)
            if not task or row["task"] == task:
                rows.append(row)
    return rows


def _stats(title):
    import io

    specs = RUNS[title]
    if not all((RESULTS / f.split(":")[0]).exists() for f in specs):
        return None, ""
    buffer = io.StringIO()
    return summarize(_rows(specs), buffer), buffer.getvalue()


#: The page's answer: per collection, the runs it compares, in order.
ANSWER = {
    "development half": ("former", "third-round", "new"),
    "confirmation half": ("former", "third-round", "new"),
    "fresh collection": ("third-round", "new"),
    "hold-out collection": ("third-round", "new"),
    "fifth collection": ("new",),
    "sixth collection": ("new",),
    "seventh collection": ("new",),
    "eighth collection": ("new",),
    "tenth collection": ("new",),
    "eleventh collection": ("new",),
    "twelfth collection": ("new",),
    "thirteenth collection": ("new",),
    "fourteenth collection": ("new",),
}


def _answer_title(where, defaults):
    """The title in :data:`RUNS` of a collection's run of some defaults."""
    if defaults == "third-round" and where.endswith("half"):
        return f"{where}, third-round defaults (learning_rate='plateau')"
    return f"{where}, {defaults} defaults"


def answer(out=sys.stdout):
    """The page's answer: one row per collection, its runs of the
    successive defaults side by side (5 seeds)."""
    rows = []
    for where, rounds in ANSWER.items():
        stats = [_stats(_answer_title(where, r))[0] for r in rounds]
        if any(st is None for st in stats):
            rows.append(f"| {where} | not run yet | | | | |")
            continue

        def listed(key, st=stats):
            return " / ".join(str(x[key]) for x in st)

        rows.append(
            f"| {where} | {stats[0]['datasets']} | {' / '.join(rounds)} | "
            f"{listed('misses')} of {stats[0]['cells']} | {listed('losing')} | "
            f"{listed('fast')} of {stats[0]['datasets']} |"
        )
    print(
        f"Cells (data set x budget: 10 and 30 epochs, convergence) more than "
        f"{-MARGIN} below scikit-learn's default MLP or losing to it after "
        f"Holm's correction, each the median of 5 seeds, and the data sets "
        f"where skebp reaches scikit-learn's converged score in at most "
        f"{TIME_RATIO:g}x its CPU time (the time target: {TIME_SHARE:.0%} of "
        f"them), for each collection's runs of the successive defaults, the "
        f"new defaults last:\n",
        file=out,
    )
    print(
        "| collection | data sets | defaults | cells missed | losses after "
        "Holm's correction | time target met |\n|---|---|---|---|---|---|",
        file=out,
    )
    print("\n".join(rows), file=out)
    new = [_stats(_answer_title(w, "new"))[0] for w in ANSWER]
    if all(new):
        fast, sets = sum(b["fast"] for b in new), sum(b["datasets"] for b in new)
        print(
            f"| all {len(new)} | {sets} | new | "
            f"{sum(b['misses'] for b in new)} of {sum(b['cells'] for b in new)} | "
            f"{sum(b['losing'] for b in new)} | {fast} of {sets} ({fast / sets:.0%}) |",
            file=out,
        )


def page(out=sys.stdout):
    """The page's tables, one per committed run (docs/real_data.md)."""
    for title in RUNS:
        st, table = _stats(title)
        if st is None:
            continue
        print(
            f"\n### {title[0].upper()}{title[1:]}\n\n"
            f"{st['datasets']} data sets, {st['cells']} cells: {st['misses']} "
            f"miss the target ({st['losing']} losses survive Holm's "
            f"correction); time target met on {st['fast']}; gradient boosting "
            f"ahead of both MLPs by more than 0.01 on {st['hgb_ahead']}; the "
            f"linear model within 0.01 of the better MLP on "
            f"{st['linear_level']}.\n\n```text\n{table.rstrip()}\n```",
            file=out,
        )


#: Other scripts' committed runs the page shows, (script, rows), each after
#: ``<!-- python benchmarks/<script>.py --summary benchmarks/results/<rows> -->``.
COMMITTED = (
    ("check_solver_rates", "solver_rates_dev.jsonl"),
    *(
        ("check_target_noise", f"target_noise{s}.jsonl")
        for s in (
            "",
            "_later",
            "_fifth",
            "_sixth_seventh",
            "_eighth",
            "_tenth",
            "_eleventh",
            "_twelfth",
            "_thirteenth",
            "_fourteenth",
        )
    ),
    *(
        ("check_one_change", f"one_change{s}.jsonl")
        for s in ("", "_holdout", "_fifth", "_batch_size", "_tricks", "_online")
    ),
    ("check_variants", "variants.jsonl"),
    ("check_variants", "variants_fifth.jsonl"),
    ("check_refit", "refit.jsonl"),
    ("check_issue_examples", "issue_examples.jsonl"),
    ("check_smooth_units", "smooth_units.jsonl"),
    ("check_deep", "deep_digits.jsonl"),
    ("check_deep", "deep_confirm.jsonl"),
    ("check_deep", "deep_confirm_fourteenth.jsonl"),
)
#: Other scripts' parts of the page, (script, flag, function): each after
#: ``<!-- python benchmarks/<script>.py<flag> -->``, what ``function(out)``
#: prints.
SCRIPTED = (
    ("check_target_noise", " --chance", "chance"),
    ("check_fifteenth", "", "report"),
    ("check_cooldown", "", "page"),
    ("check_classifier_variants", "", "page"),
    ("check_seventeenth", "", "page"),
    ("check_regressor_batch", "", "page"),
    ("check_eighteenth", "", "page"),
    ("check_adam_rise", "", "page"),
    ("check_nineteenth", "", "page"),
    ("check_small_natural", "", "page"),
    ("check_brier", "", "page"),
    ("check_averaging", "", "page"),
    ("check_alternatives", "", "page"),
    ("check_more_seeds", "", "report"),
    ("check_more_seeds", " --eighteenth", "eighteenth"),
    ("check_more_seeds", " --nineteenth", "nineteenth"),
    ("check_fresh", " --twelfth", "twelfth_report"),
    ("check_small", " --alpha-round", "alpha_round"),
    ("check_small", " --unguarded-round", "unguarded_round"),
    ("check_small", " --solver-round", "solver_round"),
    ("check_small", " --es-alpha-round", "es_alpha_round"),
)
END = "<!-- end of generated part -->"


def _script(name):
    """``benchmarks/<name>.py``, imported."""
    sys.path.insert(0, str(Path(__file__).parent))
    return __import__(name)


def _committed_summary(script, name):
    """A writer of the summary ``benchmarks/<script>.py`` prints of its
    committed rows ``results/<name>``."""

    def make(out=sys.stdout):
        _script(script).summarize(read_rows([RESULTS / name]), out)

    make.__name__ = f"{script} {name}"
    return make


def _scripted(script, function):
    """A writer of what ``benchmarks/<script>.py``'s ``function(out)``
    prints."""

    def make(out=sys.stdout):
        getattr(_script(script), function)(out)

    make.__name__ = f"{script} {function}"
    return make


def plans(out=sys.stdout):
    """``check_fresh.py``: the fresh and hold-out plans' outcomes."""
    _script("check_fresh").both(out)


def generated():
    """The page's generated parts: ``{marker: writer}``, each writer
    printing what follows its marker, up to :data:`END`."""
    parts = {
        "<!-- the answer: python benchmarks/check_defaults.py --answer -->": answer,
        "<!-- the suite: python benchmarks/check_defaults.py --describe -->": (
            describe
        ),
        "<!-- generated by: python benchmarks/check_defaults.py --page -->": page,
        "<!-- python benchmarks/check_fresh.py -->": plans,
    }
    for script, flag, function in SCRIPTED:
        marker = f"<!-- python benchmarks/{script}.py{flag} -->"
        parts[marker] = _scripted(script, function)
    for script, name in COMMITTED:
        marker = (
            f"<!-- python benchmarks/{script}.py --summary benchmarks/results/"
            f"{name} -->"
        )
        parts[marker] = _committed_summary(script, name)
    return parts


def write_page(path):
    """Replace the generated parts of the page at ``path``."""
    import io

    text = Path(path).read_text()
    for marker, make in generated().items():
        out = io.StringIO()
        make(out)
        start = text.index(marker) + len(marker)
        stop = text.index(END, start)
        text = text[:start] + "\n" + out.getvalue() + text[stop:]
    Path(path).write_text(text)


def rows_parser(doc, datasets="tabular-dev", seeds=5, candidates=False):
    """The options of the scripts that append rows to a file and summarize
    files of them (this one, ``check_solver_rates.py``,
    ``check_target_noise.py``, ...); ``datasets`` or ``seeds`` None: no
    such option; ``candidates``: ``--classifier`` / ``--regressor``
    (:func:`candidate_params`)."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    if candidates:
        parser.add_argument("--classifier", default="{}", help="candidate (JSON)")
        parser.add_argument("--regressor", default="{}", help="candidate (JSON)")
    if datasets is not None:
        parser.add_argument("--datasets", nargs="+", default=[datasets])
    if seeds is not None:
        parser.add_argument("--seeds", type=int, default=seeds)
    parser.add_argument("--n-jobs", type=int, default=2)
    parser.add_argument("--out", help="append the rows (JSON lines) here")
    parser.add_argument("--summary", nargs="+", help="only summarize these files")
    return parser


def rows_or_run(summary, out, make):
    """The rows of the JSON-lines file ``summary``, or else those ``make()``
    returns, written to ``out`` (replacing it) when given: the scripts that
    write one file and summarize it (``check_deep.py``,
    ``check_smooth_units.py``)."""
    if summary:
        return [json.loads(line) for line in open(summary)]
    found = list(make())
    if out:
        with open(out, "w") as f:
            f.writelines(json.dumps(r) + "\n" for r in found)
    return found


def candidate_params(args):
    """``{task: params}`` of the candidates named by ``--classifier`` and
    ``--regressor``."""
    return {
        "classification": json.loads(args.classifier),
        "regression": json.loads(args.regressor),
    }


def run_and_summarize(args, one_seed, summarize, *extra):
    """The scripts' run: ``one_seed(name, X, y, task, seed, *extra)`` for
    every data set of ``args.datasets`` and seed below ``args.seeds``, in
    ``args.n_jobs`` processes, each row appended to ``args.out``; then
    ``summarize(rows)``."""
    loaded = []
    for spec in args.datasets:
        for one in _datasets.expand(spec):
            loaded.append(_datasets.resolve(one))
    jobs = [
        delayed(one_seed)(name, X, y, task, seed, *extra)
        for name, X, y, task in loaded
        for seed in range(args.seeds)
    ]
    parallel = Parallel(n_jobs=args.n_jobs, return_as="generator_unordered")
    summarize(collect(parallel(jobs), args.out))


def shown(args, report, page):
    """A round script's dispatch: ``report`` of the rows of ``--summary``'s
    files, or without ``--out`` the page's part (``page()``); True when
    either was printed (nothing to run)."""
    if args.summary:
        report(read_rows(args.summary))
        return True
    if args.out is None:
        page()
        return True
    return False


@functools.lru_cache(maxsize=256)
def _parsed(path, _version):
    """The rows of one JSON-lines file (``_version``: its modification time
    and size, so that a file written again is read again)."""
    with open(path) as f:
        return tuple(json.loads(line) for line in f)


def read_rows(files):
    """The rows of JSON-lines files, in order: each a new dict (a file is
    parsed once per version; the page's tables read the same committed
    files hundreds of times), whose nested fields must not be changed."""
    rows = []
    for f in files:
        stat = os.stat(f)
        rows.extend(dict(r) for r in _parsed(str(f), (stat.st_mtime_ns, stat.st_size)))
    return rows


def main():
    parser = rows_parser(__doc__, candidates=True)
    parser.add_argument("--describe", action="store_true", help="the suite's table")
    parser.add_argument("--page", action="store_true", help="the docs' tables")
    parser.add_argument("--answer", action="store_true", help="the docs' answer")
    parser.add_argument("--write-page", help="update the generated parts of a page")
    parser.add_argument(
        "--first-seed", type=int, default=0, help="seeds from this one on"
    )
    parser.add_argument(
        "--train-rows",
        type=int,
        nargs="+",
        help="train on this many of each split's training rows (each size "
        "its own cells; data sets with fewer are left out)",
    )
    args = parser.parse_args()
    if args.write_page:
        write_page(args.write_page)
        return
    if args.page:
        page()
        return
    if args.answer:
        answer()
        return
    if args.describe:
        describe()
        return
    if args.summary:
        summarize(read_rows(args.summary))
        return
    params = candidate_params(args)
    print(f"candidates: {params}; {args.seeds} seeds", file=sys.stderr)
    rows = collect(
        run(
            args.datasets,
            args.seeds,
            params,
            args.n_jobs,
            args.first_seed,
            args.train_rows,
        ),
        args.out,
        tag=lambda row: row.update(params=params[row["task"]]),
    )
    summarize(rows)


if __name__ == "__main__":
    main()
