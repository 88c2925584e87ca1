"""The sixteenth round: ``learning_rate="plateau"`` with a cooldown (not
adopted).

Many of the cells the shipped defaults still miss are at 10 and 30 epochs
(hotel_rates at 10 epochs, DoctorContacts and Unemployment at 30, on 20
seeds), where a fit ends before any stall has dropped the rate: its last
epochs run at Adam's full rate, and the weights it ends with (or the best
validated ones) carry that rate's noise.  A warmup-stable-decay schedule
(Hägele et al., 2024, "Scaling laws and compute-optimal training beyond
fixed training durations") ends every budget with a decay instead.  The
candidate, :class:`CooledPlateau`: ``"plateau"``'s one drop (the rate
divided by 10), if no stall has taken it by then, is taken when the last
``fraction`` of the ``max_iter`` epochs begins, provided the fit has seen
``samples`` training samples by then (one still descending fast would
lose its last epochs' progress).  It is defined here, not in the package:
the round refused it.

The round (``docs/real_data.md``, "The sixteenth round"):

- ``--round dev``: the cooldowns of :data:`VARIANTS` on the development
  half's 15 data sets, 20 seeds; the one with the fewest cells missed
  there (ties: the larger mean over data sets of the median difference to
  the shipped defaults at 10 epochs, then at 30) is the candidate;
- ``--round confirm``: the candidate on every other collection (the
  confirmation half and the fresh, hold-out, fifth to ninth collections),
  20 seeds; :func:`rule`, fixed and committed before that run, decides.

Only skebp is fitted, with each cooldown and without one (the shipped
defaults, in the same run): scikit-learn's MLP, gradient boosting and the
linear model keep their scores and CPU seconds from the committed runs of
the shipped defaults on the same seeds' splits, whose skebp fields these
replace (the time target compares CPU seconds measured in different runs
of the same machine, one BLAS thread each).

The rows were run with the compiled epoch as it was before it took one-hot
tables in compressed rows (the same stop, afterwards): run again, fits on
such tables agree with them to rounding, which convergence can amplify;
elsewhere to the bit (a test refits Auto).

Run (about ten and twenty minutes on two cores), then summarize:
    python benchmarks/check_cooldown.py --round dev
        --out benchmarks/results/cooldown_dev.jsonl
    python benchmarks/check_cooldown.py --round confirm --variant 0.3 20000
        --out benchmarks/results/cooldown_confirm.jsonl
    python benchmarks/check_cooldown.py
"""

import io
import math
import sys
import warnings
from contextlib import contextmanager
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from check_defaults import (  # noqa: E402
    RESULTS,
    add_up,
    budget_scores,
    collect,
    read_rows,
    rows_parser,
    split_prepared,
    summarize,
)
from check_fresh import paired  # noqa: E402
from check_more_seeds import SEEDS, rows_of  # noqa: E402
from check_target_noise import BEFORE_TENTH  # noqa: E402
from joblib import Parallel, delayed  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

from skebp import EBPClassifier, EBPRegressor  # noqa: E402
from skebp._solvers import _schedules  # noqa: E402
from skebp.study import _datasets  # noqa: E402

#: The cooldowns tried on the development half, ``(fraction of the epochs,
#: samples seen before it)``, in the order tried: the first three without
#: a threshold, the others after them.
VARIANTS = (
    (0.1, 0),
    (0.2, 0),
    (0.3, 0),
    (0.1, 20_000),
    (0.2, 20_000),
    (0.3, 20_000),
    (0.1, 50_000),
    (0.2, 50_000),
    (0.3, 50_000),
)
#: No cooldown: the shipped defaults, run again beside the candidates (the
#: committed rows' scores agree with a run today to rounding, which
#: convergence on a large set can amplify: the comparison is within one
#: run).
SHIPPED = (0.0, 0)
#: The ninth collection's shipped rows (20 seeds; the fifteenth round's
#: candidate, shipped since).
NINTH = "ninth_candidate.jsonl"
TAGS = ("10", "30", "conv")
#: A data set's median difference to the shipped defaults that counts as
#: one (the target's margin).
EFFECT = 0.005


def committed(key):
    """The shipped defaults' committed rows of collection ``key`` on
    :data:`SEEDS` seeds (:data:`BEFORE_TENTH`' keys and ``"ninth"``)."""
    return read_rows([RESULTS / NINTH]) if key == "ninth" else rows_of(key)


def variant(row):
    """A row's cooldown, ``(fraction, samples)``."""
    return (row["cooldown"], row.get("cooldown_samples", 0))


class CooledPlateau(_schedules.Plateau):
    """``"plateau"`` whose drop, if still left when the last ``fraction`` of
    the fit's ``epochs`` begins, is taken there once ``samples`` training
    samples have been seen.  The run sets the class attributes before each
    fit (:func:`one_seed`)."""

    fraction, samples, epochs = 0.0, 0, None

    def __init__(self, eta0, n_params, dtype, power_t=0.5):
        super().__init__(eta0, n_params, dtype, power_t)
        self.epoch = 0
        self.cooldown_at = (
            None
            if not self.fraction
            else self.epochs - math.ceil(self.fraction * self.epochs)
        )

    def epoch_end(self, t, eta):
        self.epoch += 1
        if self.epoch == self.cooldown_at and self.drops_left and t >= self.samples:
            self.drops_left -= 1
            self.eta0 *= _schedules.PLATEAU_FACTOR
            return eta * _schedules.PLATEAU_FACTOR
        return eta


def one_seed(name, X, y, task, seed, cooldown):
    """skebp's defaults with the cooldown ``(fraction, samples)`` at every
    budget of ``check_defaults.BUDGETS`` on one seed's split: the
    ``skebp@*`` fields of a ``check_defaults.py`` row."""
    CooledPlateau.fraction, CooledPlateau.samples = cooldown
    X_tr, X_te, y_tr, y_te = split_prepared(X, y, task, seed)
    cls = EBPClassifier if task == "classification" else EBPRegressor

    def make(extra):
        # the mini-batches of the defaults the round measured, before the
        # seventeenth and eighteenth rounds made them 32 and 64 rows
        est = cls(random_state=seed, batch_size=200, **extra)
        CooledPlateau.epochs = est.max_iter
        return est

    row = {"dataset": name, "task": task, "seed": seed}
    row.update(cooldown=cooldown[0], cooldown_samples=cooldown[1])
    with (
        threadpool_limits(1, user_api="blas"),
        warnings.catch_warnings(),
        _plateau(CooledPlateau),
    ):
        warnings.simplefilter("ignore")
        row.update(budget_scores(make, X_tr, y_tr, X_te, y_te))
    return row


@contextmanager
def _plateau(schedule):
    """``learning_rate="plateau"`` is ``schedule`` within."""
    old = _schedules.SCHEDULES["plateau"]
    _schedules.SCHEDULES["plateau"] = schedule
    try:
        yield
    finally:
        _schedules.SCHEDULES["plateau"] = old


def merged(rows, base):
    """Each candidate row of ``rows`` with the committed row ``base`` of its
    data set and seed: the committed fields, skebp's replaced."""
    by_key = {(r["dataset"], r["seed"]): r for r in base}
    out = []
    for r in rows:
        other = by_key[(r["dataset"], r["seed"])]
        out.append({**other, **{k: v for k, v in r.items() if k.startswith("skebp@")}})
    return out


def compare(rows, key, cooldown):
    """The rows of collection ``key`` with the cooldown ``cooldown``
    against those of the same run without one: ``(the shipped defaults'
    summary, the candidate's, {budget: {data set: the median over seeds of
    the candidate's difference to the shipped defaults}})``."""
    base = committed(key)
    mine = [r for r in rows if r["collection"] == key]
    shipped = merged([r for r in mine if variant(r) == SHIPPED], base)
    candidate = merged([r for r in mine if variant(r) == cooldown], base)
    a = summarize(shipped, io.StringIO())
    b = summarize(candidate, io.StringIO())
    return a, b, {tag: paired(candidate, shipped, tag) for tag in TAGS}


def cells(rows, key, cooldown):
    """The cells (data set, budget) of collection ``key`` missed without the
    cooldown and with ``cooldown`` in the round's ``rows``."""
    a, b, _ = compare(rows, key, cooldown)
    return a["missed"], b["missed"]


def rule(found):
    """The rule fixed before the confirmation run, on ``found`` (``{key:
    compare()}`` of the confirmation collections): the candidate misses
    fewer cells than the shipped defaults over all of them; no loss survives Holm's
    correction in any; the time target is met on at least as many data
    sets; more data sets have a median difference to the shipped defaults
    above :data:`EFFECT` than below ``-EFFECT`` at 10 and at 30 epochs, and
    no fewer at convergence (where a cooldown seldom acts).  Returns
    ``(passed, [(check, value, passed)])``."""
    a, b, pooled = _pooled(found)
    total = {k: (a[k], b[k]) for k in ("misses", "losing", "fast")}
    checks = [
        (
            "(a) cells missed",
            f"{total['misses'][1]} < {total['misses'][0]}",
            total["misses"][1] < total["misses"][0],
        ),
        (
            "(b) losses after Holm",
            f"{total['losing'][1]} = 0",
            total["losing"][1] == 0,
        ),
        (
            "(c) time target",
            f"{total['fast'][1]} >= {total['fast'][0]}",
            total["fast"][1] >= total["fast"][0],
        ),
    ]
    for tag in TAGS:
        diffs = pooled[tag].values()
        above, below = above_below(diffs)
        strict = tag != "conv"
        checks.append(
            (
                f"(d) data sets above / below the defaults by more than {EFFECT} "
                f"at {tag}",
                f"{above} {'>' if strict else '>='} {below}",
                above > below if strict else above >= below,
            )
        )
    return all(c[2] for c in checks), checks


def above_below(diffs):
    """How many of the median differences ``diffs`` are above :data:`EFFECT`
    and how many below ``-EFFECT``."""
    diffs = list(diffs)
    return sum(d > EFFECT for d in diffs), sum(d < -EFFECT for d in diffs)


def moves(diffs):
    """``(counts, means)``, two table cells of ``diffs`` (``{budget: {data
    set: median difference to the shipped defaults}}``): per budget the
    data sets above / below by more than :data:`EFFECT`, and the mean
    difference."""
    counts = ", ".join("{} / {}".format(*above_below(diffs[t].values())) for t in TAGS)
    means = " / ".join(f"{np.mean(list(diffs[t].values())):+.4f}" for t in TAGS)
    return counts, means


def table(found, first, out, total=False):
    """One line per entry of ``found`` (``{label: compare()}``), the labels
    in a first column headed ``first``; with ``total``, a line that adds
    them up."""
    print(
        f"| {first} | data sets | cells missed: shipped / candidate | "
        "losses after Holm: shipped / candidate | time target met: shipped / "
        f"candidate | data sets above / below the shipped defaults by more "
        f"than {EFFECT} at 10, 30 epochs, convergence | mean difference at "
        "10 / 30 epochs / convergence |\n|---|---|---|---|---|---|---|",
        file=out,
    )
    lines = list(found.items())
    if total:
        lines.append(("all", _pooled(found)))
    for label, (a, b, diffs) in lines:
        counts, means = moves(diffs)
        print(
            f"| {label} | {b['datasets']} | {a['misses']} / {b['misses']} of "
            f"{b['cells']} | {a['losing']} / {b['losing']} | {a['fast']} / "
            f"{b['fast']} | {counts} | {means} |",
            file=out,
        )


def _pooled(found):
    """The entries of ``found`` added up, as one ``compare()`` result."""
    a, b = (add_up(f[i] for f in found.values()) for i in range(2))
    diffs = {
        t: {(w, n): d for w, f in found.items() for n, d in f[2][t].items()}
        for t in TAGS
    }
    return a, b, diffs


def _name(cooldown):
    fraction, samples = cooldown
    return f"the last {fraction:g} of the epochs after {samples:,} samples"


def _where(key):
    return BEFORE_TENTH.get(key, f"{key} collection")


def report(rows, out=sys.stdout):
    """The development round's table (a line per cooldown), then the
    confirmation round's (a line per collection) and the rule.  Returns
    ``(the chosen cooldown, {collection: compare()} of the confirmation
    round, the rule's result or None)``."""
    dev = [r for r in rows if r.get("round") == "dev"]
    tried = {
        _name(v): compare(dev, "dev", v)
        for v in dict.fromkeys(variant(r) for r in dev)
        if v != SHIPPED
    }
    chosen = None
    if tried:
        print(f"Development half, {SEEDS} seeds, each cooldown tried:\n", file=out)
        table(tried, "cooldown", out)

        def key(name):
            _, b, diffs = tried[name]
            return (-b["misses"], *(np.mean(list(diffs[t].values())) for t in TAGS[:2]))

        chosen = max(tried, key=key)
        print(f"\nChosen on the development half: {chosen}.\n", file=out)
    confirm = [r for r in rows if r.get("round") == "confirm"]
    if not confirm:
        return chosen, {}, None
    cooldown = next(variant(r) for r in confirm if variant(r) != SHIPPED)
    found = {
        _where(key): compare(confirm, key, cooldown)
        for key in dict.fromkeys(r["collection"] for r in confirm)
    }
    print(f"The other collections, {_name(cooldown)}, {SEEDS} seeds:\n", file=out)
    table(found, "collection", out, total=True)
    passed, checks = rule(found)
    print("\nThe rule, fixed before the run:\n", file=out)
    for check, value, ok in checks:
        print(f"- {check}: {value}: {'yes' if ok else 'no'}", file=out)
    print(f"\n**{'Adopted' if passed else 'Not adopted'}.**", file=out)
    return chosen, found, (passed, checks)


#: The round's committed rows.
FILES = ("cooldown_dev.jsonl", "cooldown_confirm.jsonl")


def page(out=sys.stdout):
    """The page's part: :func:`report` of the committed rows."""
    return report(read_rows([RESULTS / f for f in FILES]), out)


#: The collections of each round.
ROUNDS = {
    "dev": ("dev",),
    "confirm": (*(k for k in BEFORE_TENTH if k != "dev"), "ninth"),
}


def _jobs(round_name, cooldowns):
    for key in ROUNDS[round_name]:
        base = committed(key)
        names = sorted({r["dataset"] for r in base})
        for name in names:
            _, X, y, task = _datasets.resolve(name)
            for cooldown in cooldowns:
                for seed in range(SEEDS):
                    yield key, delayed(one_seed)(name, X, y, task, seed, cooldown)


def main():
    parser = rows_parser(__doc__, datasets=None, seeds=None)
    parser.add_argument("--round", choices=tuple(ROUNDS))
    parser.add_argument(
        "--variant",
        nargs=2,
        type=float,
        metavar=("FRACTION", "SAMPLES"),
        help="the confirmation's cooldown",
    )
    parser.add_argument(
        "--only",
        nargs="+",
        type=float,
        help="run only these of VARIANTS (their fractions and samples, in pairs)",
    )
    args = parser.parse_args()
    if args.summary:
        report(read_rows(args.summary))
        return
    if args.round is None:
        page()
        return
    if args.round == "confirm":
        if not args.variant:
            parser.error("--round confirm needs --variant")
        cooldowns = (SHIPPED, (args.variant[0], int(args.variant[1])))
    elif args.only:
        pairs = list(zip(args.only[::2], args.only[1::2]))
        cooldowns = tuple(v for v in (SHIPPED, *VARIANTS) if v in pairs)
    else:
        cooldowns = (SHIPPED, *VARIANTS)
    keyed = list(_jobs(args.round, cooldowns))
    parallel = Parallel(n_jobs=args.n_jobs, return_as="generator")
    rows = parallel(job for _, job in keyed)
    tagged = (
        {**row, "round": args.round, "collection": key}
        for (key, _), row in zip(keyed, rows)
    )
    report(collect(tagged, args.out))


if __name__ == "__main__":
    main()
