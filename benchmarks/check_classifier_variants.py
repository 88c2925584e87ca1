"""After the sixteenth round: variants of the classifier's early stopping
and penalty aimed at its shortfalls at convergence (an exploration; none
became a candidate).

The classifier's remaining real shortfalls are at convergence (hpc_data,
Mroz, SwissLabor, TitanicSurvival, Spambase, eBayAuctions on 20 seeds),
where early stopping ends a fit at the validation loss's minimum while
scikit-learn's 200 epochs still raise the accuracy.  Each variant below
changes one thing about how a default classifier fit stops or is
penalized; each is fitted on every classification data set of the
collections already seen (the suite's two halves, the fresh, hold-out,
seventh and eighth collections: 65 data sets), seeds 0 to 4, at every
budget of ``check_defaults.py``.  The tenth collection, written to confirm
a choice, is left out: nothing here was chosen, and it stays unseen by any
choice.

:data:`VARIANTS`: parameters, or a change of the stopping rule made here
(:func:`_stopping`) and undone after each fit:

- ``"accuracy too"``: the patience restarts when the validation accuracy
  improves as well as when the loss does (the best weights stay the
  loss's);
- ``"tempered loss"``: the validation loss after the best of 41
  temperatures (``0.3`` to ``30``) is applied to the outputs' log
  probabilities, which scores how well they rank the classes and not
  how confident they are;
- ``"training loss after the drop"``: once ``"plateau"`` has lowered the
  rate, the fit stops on its training loss (scikit-learn's rule) and
  keeps its last weights.

Only skebp is fitted, with each variant and as it ships (in the same
run); scikit-learn's MLP, gradient boosting and the linear model keep
their scores and CPU seconds from the committed runs of the shipped
defaults on the same seeds' splits, as in ``check_cooldown.py``.

Run (about seven minutes on two cores), then summarize:
    python benchmarks/check_classifier_variants.py
        --out benchmarks/results/classifier_variants.jsonl
    python benchmarks/check_classifier_variants.py

(The committed rows of "accuracy too" and "training loss after the drop"
were run again with ``--only`` after their first run failed on the fits
that do not stop early, which these rules had not let through; those
failed rows were removed.)

The batch sizes (``batch_size=64``, ``100``, ``32`` and ``16``, in that
order, Adam's ``"auto"`` rate scaled by the shipped square-root rule) were
run later with ``--only``; the shipped defaults and ``batch_size=32``
again without numba (``SKEBP_COMPILED=0``, the numpy path's CPU seconds:
``classifier_variants_numpy.jsonl``).  32 rows became the seventeenth
round's candidate (``check_seventeenth.py``).
"""

import io
import sys
import warnings
from contextlib import contextmanager, nullcontext
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from check_cooldown import EFFECT, TAGS, merged, moves  # noqa: E402
from check_defaults import (  # noqa: E402
    RESULTS,
    add_up,
    budget_scores,
    collect,
    read_rows,
    rows_parser,
    shown,
    split_prepared,
    summarize,
)
from check_fresh import paired  # noqa: E402
from check_target_noise import COLLECTIONS, shipped_rows  # noqa: E402
from joblib import Parallel, delayed  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

from skebp import EBPClassifier  # noqa: E402
from skebp._scoring import mean_brier  # noqa: E402
from skebp._training import _monitor  # noqa: E402
from skebp.study import _datasets  # noqa: E402

#: The variants, by name: parameters of ``EBPClassifier`` (``rows_below``:
#: only in fits of fewer training rows), or a stopping rule of
#: :func:`_stopping`.
VARIANTS = {
    "shipped": {},
    "alpha=0.3": {"alpha": 0.3},
    "alpha=3": {"alpha": 3.0},
    "n_iter_no_change=20": {"n_iter_no_change": 20},
    "validation_fraction=0.2": {"validation_fraction": 0.2},
    "tol=0": {"tol": 0.0},
    "below 1,000 rows: no early stopping, Adam at 0.001, alpha=1": {
        "rows_below": 1000,
        "early_stopping": False,
        "learning_rate_init": 0.001,
        "alpha": 1.0,
    },
    "accuracy too": {"rule": "accuracy too"},
    "tempered loss": {"rule": "tempered loss"},
    "training loss after the drop": {"rule": "training loss after the drop"},
    "batch_size=64": {"batch_size": 64},
    "batch_size=100": {"batch_size": 100},
    "batch_size=32": {"batch_size": 32},
    "batch_size=16": {"batch_size": 16},
}
#: The collections run (every one seen before the tenth with classifiers).
KEYS = ("dev", "confirm", "fresh", "holdout", "seventh", "eighth")
#: The temperatures of ``"tempered loss"``.
TEMPERATURES = np.logspace(-0.5, 1.5, 41)
FILE = "classifier_variants.jsonl"


def _tempered(Y, A, sample_weight):
    """The validation loss at the best temperature for outputs ``A``."""
    if A.shape[1] == 1:  # one logistic output: two classes
        A = np.column_stack([1 - A[:, 0], A[:, 0]])
        Y = np.column_stack([1 - Y[:, 0], Y[:, 0]])
    logp = np.log(np.clip(A, 1e-12, None))
    best = np.inf
    for T in TEMPERATURES:
        z = logp / T
        z -= z.max(axis=1, keepdims=True)
        z -= np.log(np.exp(z).sum(axis=1, keepdims=True))
        best = min(best, float(np.average(-(Y * z).sum(axis=1), weights=sample_weight)))
    return best


@contextmanager
def _stopping(rule):
    """The stopping ``rule`` (a name of :data:`VARIANTS`' rules) in place of
    the monitor's, within; the validation rows' accuracy is kept as each
    epoch scores them."""
    shipped_evaluate = _monitor.Validation.evaluate
    update = _monitor.EpochMonitor._update_stopping

    def evaluate(self, theta):
        A = _monitor.forward_chunked(self.network, theta, self.X)
        loss = self.network.mean_loss(self.Y, A, self.sample_weight)
        self.accuracy = float(
            np.mean(A.argmax(1) == self.Y.argmax(1))
            if A.shape[1] > 1
            else np.mean((A[:, 0] > 0.5) == (self.Y[:, 0] > 0.5))
        )
        # as EBPClassifier(scoring="brier") scores softmax / logistic outputs
        self.brier = -mean_brier(A, self.Y > 0.5, A.shape[1] == 1, self.sample_weight)
        if rule == "tempered loss":
            return -_tempered(self.Y, A, self.sample_weight), loss
        return self.score(A, loss), loss

    def accuracy_too(self, theta, watched="accuracy", margin=0.0):
        """The shipped rule, whose patience also restarts when the
        validation's ``watched`` score beats its best by more than
        ``margin``."""
        stop = update(self, theta)
        if not self.early_stopping:  # no validation rows to watch
            return stop
        value = getattr(self.validation, watched)
        if value > getattr(self, "best_" + watched, -np.inf) + margin:
            setattr(self, "best_" + watched, value)
            self.record.no_improvement_count = 0
            return False
        return stop

    def brier_too(self, theta):
        return accuracy_too(self, theta, "brier", self.tol)

    def after_the_drop(self, theta):
        rec = self.record
        if not self.early_stopping:  # the training loss's rule already
            return update(self, theta)
        if not hasattr(self, "dropped") and self.plateau is not None:
            lower = self.plateau

            def plateau():
                self.dropped = self.dropped or lower()
                return self.dropped

            self.plateau, self.dropped = plateau, False
        if hasattr(self, "best_training"):  # the rate was lowered
            score, loss = self.validation.evaluate(theta)
            rec.validation_scores.append(score)
            rec.validation_loss_curve.append(loss)
            if rec.loss_curve[-1] > self.best_training - self.loss_tol:
                rec.no_improvement_count += 1
            else:
                rec.no_improvement_count = 0
            self.best_training = min(self.best_training, rec.loss_curve[-1])
            return rec.no_improvement_count > self.n_iter_no_change
        stop = update(self, theta)
        if getattr(self, "dropped", False):  # just now: keep the last weights
            self.best_theta, self.best_training = None, np.inf
        return stop

    def averaged_after_the_drop(self, theta):
        """The shipped rule until the plateau's drop; from then on the
        validation rows score the mean of the weights at the end of each
        epoch since the drop (stochastic weight averaging, Izmailov et al.,
        2018), which early stopping follows and keeps as the best weights,
        while training goes on from the last weights."""
        if not self.early_stopping:  # no validation rows to choose by
            return update(self, theta)
        if not hasattr(self, "dropped") and self.plateau is not None:
            lower = self.plateau

            def plateau():
                lowered = lower()  # True once: the drop; then False, to stop
                self.dropped = self.dropped or lowered
                return lowered

            self.plateau, self.dropped = plateau, False
        if getattr(self, "averaged", None) is not None:
            self.averaged_epochs += 1
            self.averaged += (theta - self.averaged) / self.averaged_epochs
            return update(self, self.averaged)
        stop = update(self, theta)
        if getattr(self, "dropped", False):  # just now: average from here
            self.averaged, self.averaged_epochs = np.zeros_like(theta), 0
        return stop

    rules = {
        "averaged after the drop": averaged_after_the_drop,
        "accuracy too": accuracy_too,
        "tempered loss": None,
        "training loss after the drop": after_the_drop,
        "Brier score too": brier_too,
    }
    _monitor.Validation.evaluate = evaluate
    if rules[rule] is not None:
        _monitor.EpochMonitor._update_stopping = rules[rule]
    try:
        yield
    finally:
        _monitor.Validation.evaluate = shipped_evaluate
        _monitor.EpochMonitor._update_stopping = update


def one_seed(name, X, y, seed, variant, variants=VARIANTS):
    """skebp's classifier with ``variant`` (a name of ``variants``, whose
    entries are as :data:`VARIANTS`') at every budget on one seed's split:
    the ``skebp@*`` fields of a ``check_defaults.py`` row."""
    X_tr, X_te, y_tr, y_te = split_prepared(X, y, "classification", seed)
    params = dict(variants[variant])
    rule = params.pop("rule", None)
    below = params.pop("rows_below", None)
    if below is not None and len(y_tr) >= below:
        params = {}
    row = {"dataset": name, "task": "classification", "seed": seed}
    row["variant"] = variant
    with (
        threadpool_limits(1, user_api="blas"),
        warnings.catch_warnings(),
        _stopping(rule) if rule else nullcontext(),
    ):
        warnings.simplefilter("ignore")
        row.update(
            budget_scores(
                lambda extra: EBPClassifier(random_state=seed, **params, **extra),
                X_tr,
                y_tr,
                X_te,
                y_te,
            )
        )
    return row


def variant_jobs(seeds, variants, task="classification", keys=KEYS, fit=None):
    """``(collection, job)`` of every data set of ``task`` in the
    collections ``keys``, variant and seed (``fit``: the one-seed function,
    :func:`one_seed` by default)."""
    fit = fit or one_seed
    for key in keys:
        names = sorted({r["dataset"] for r in shipped_rows(key) if r["task"] == task})
        for name in names:
            _, X, y, _ = _datasets.resolve(name)
            for variant in variants:
                for seed in range(seeds):
                    yield key, delayed(fit)(name, X, y, seed, variant)


def compare(
    rows, task="classification", keys=KEYS, variants=VARIANTS, base=shipped_rows
):
    """``{variant: (summary over the collections, {budget: {(collection,
    data set): the median difference to the shipped defaults}})}``, each
    collection summarized on its own (Holm's correction within it): the
    ``task``'s data sets of the collections ``keys``; ``base(key)``: the
    committed rows whose other models' fields the rows take."""
    runs = {}  # each collection's committed rows and shipped run, read once
    for key in keys:
        committed = [r for r in base(key) if r["task"] == task]
        mine = [r for r in rows if r["collection"] == key]
        shipped = merged([r for r in mine if r["variant"] == "shipped"], committed)
        runs[key] = committed, mine, shipped
    found = {}
    for variant in variants:
        summaries, diffs = [], {t: {} for t in TAGS}
        for key, (committed, mine, shipped) in runs.items():
            these = merged([r for r in mine if r["variant"] == variant], committed)
            summaries.append(summarize(these, io.StringIO()))
            for t in TAGS:
                for name, d in paired(these, shipped, t).items():
                    diffs[t][key, name] = d
        found[variant] = (add_up(summaries), diffs)
    return found


def report(
    rows,
    out=sys.stdout,
    task="classification",
    keys=KEYS,
    variants=VARIANTS,
    against="the shipped defaults",
    base=shipped_rows,
):
    """The table: a line per variant.  Returns :func:`compare`'s result."""
    found = compare(rows, task, keys, variants, base)
    seeds = len({r["seed"] for r in rows})
    total = found["shipped"][0]
    print(
        f"{total['datasets']} {task} data sets of "
        f"{', '.join(COLLECTIONS[k] for k in keys)}; {seeds} seeds; "
        f"{total['cells']} cells.\n\n"
        "| variant | cells missed | losses after Holm | time target met | data "
        f"sets above / below {against} by more than {EFFECT} at 10, "
        "30 epochs, convergence | mean difference at 10 / 30 epochs / "
        "convergence |\n|---|---|---|---|---|---|",
        file=out,
    )
    for variant, (st, diffs) in found.items():
        counts, means = moves(diffs)
        print(
            f"| {variant} | {st['misses']} | {st['losing']} | {st['fast']} of "
            f"{st['datasets']} | {counts} | {means} |",
            file=out,
        )
    return found


def run_keyed(keyed, n_jobs, out, report):
    """Run the ``(collection, job)`` pairs of :func:`variant_jobs`, tag each
    row with its collection, append the rows to ``out`` and print
    ``report`` of them."""
    parallel = Parallel(n_jobs=n_jobs, return_as="generator")
    rows = parallel(job for _, job in keyed)
    tagged = ({**row, "collection": key} for (key, _), row in zip(keyed, rows))
    report(list(collect(tagged, out)))


def page(out=sys.stdout):
    """The page's part: :func:`report` of the committed rows."""
    return report(read_rows([RESULTS / FILE]), out)


def main():
    parser = rows_parser(__doc__, datasets=None, seeds=5)
    parser.add_argument(
        "--only", nargs="+", choices=tuple(VARIANTS), help="run these variants"
    )
    args = parser.parse_args()
    if shown(args, report, page):
        return
    keyed = list(variant_jobs(args.seeds, args.only or VARIANTS))
    run_keyed(keyed, args.n_jobs, args.out, report)


if __name__ == "__main__":
    main()
