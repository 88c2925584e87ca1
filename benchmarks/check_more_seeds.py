"""The shipped defaults on 20 seeds instead of 5: what the target's misses
become when each cell's median is taken over more splits.

``check_defaults.py`` measures each collection on seeds 0 to 4, and a
model exactly as good as scikit-learn's MLP misses its target in about 89
of the 396 cells by chance (``check_target_noise.py --chance``).  The same
shipped defaults, run on seeds 5 to 19 of every collection (the same
splits as any other run on those seeds), give each cell a median of 20
paired differences.  This script sets, per collection, the cells missed on
5 and on 20 seeds, the losses that survive Holm's correction and the time
target on 20, and the chance baseline recomputed for medians of 20.  The
extra seeds were run once for every data set of every collection, not for
the cells that missed: a cell that passed on 5 seeds can miss on 20.

Run (a few minutes a collection on two cores), then summarize:
    python benchmarks/check_defaults.py --datasets tabular --seeds 15
        --first-seed 5 --out benchmarks/results/suite_more_seeds.jsonl
    (the same for tabular-fresh, -holdout, -fifth, -sixth, -seventh,
    -eighth and -tenth, into fresh_, ..., tenth_more_seeds.jsonl)
    python benchmarks/check_more_seeds.py
"""

import io
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from check_defaults import (  # noqa: E402
    RESULTS,
    add_up,
    before_eighteenth_round,
    before_nineteenth_round,
    read_rows,
    summarize,
)
from check_target_noise import (  # noqa: E402
    BEFORE_THIRTEENTH_COLLECTION,
    BEFORE_TWELFTH_COLLECTION,
    COLLECTIONS,
    NUMBERS,
    chance,
    shipped_rows,
)

#: Each collection's run on the extra seeds (the suite's two halves share one).
MORE = {
    "dev": "suite_more_seeds.jsonl",
    "confirm": "suite_more_seeds.jsonl",
    "fresh": "fresh_more_seeds.jsonl",
    "holdout": "holdout_more_seeds.jsonl",
    "fifth": "fifth_more_seeds.jsonl",
    "sixth": "sixth_more_seeds.jsonl",
    "seventh": "seventh_more_seeds.jsonl",
    "eighth": "eighth_more_seeds.jsonl",
    "tenth": "tenth_more_seeds.jsonl",
    "eleventh": "eleventh_more_seeds.jsonl",
    "twelfth": "twelfth_more_seeds.jsonl",
    "thirteenth": "thirteenth_more_seeds.jsonl",
    "fourteenth": "fourteenth_more_seeds.jsonl",
}
#: Seeds per data set once the extra ones are added.
SEEDS = 20


def rows_of(key):
    """Collection ``key``'s shipped rows and its extra seeds' rows (of the
    same data sets), every data set on :data:`SEEDS` distinct seeds."""
    shipped = shipped_rows(key)
    sets = {r["dataset"] for r in shipped}
    rows = shipped + [
        r for r in read_rows([RESULTS / MORE[key]]) if r["dataset"] in sets
    ]
    for name in sets:
        seeds = [r["seed"] for r in rows if r["dataset"] == name]
        if sorted(seeds) != list(range(SEEDS)):
            raise ValueError(f"{name}: seeds {sorted(seeds)}, not 0 to {SEEDS - 1}")
    return rows


def report(out=sys.stdout):
    """Per collection, 5 seeds against 20; then the chance baseline for 20.
    Returns ``({collection: (summary on 5 seeds, on 20)}, chance's
    result)``."""
    print(
        "| collection | data sets | cells missed, 5 seeds | cells missed, 20 seeds | "
        "losses after Holm, 20 seeds | time target met, 20 seeds |\n"
        "|---|---|---|---|---|---|",
        file=out,
    )
    found = {}
    rows = {key: rows_of(key) for key in COLLECTIONS}  # read once, used twice
    for key, where in COLLECTIONS.items():
        five = summarize(shipped_rows(key), io.StringIO())
        twenty = summarize(rows[key], io.StringIO())
        found[where] = (five, twenty)
        print(
            f"| {where} | {twenty['datasets']} | {five['misses']} of {five['cells']} "
            f"| {twenty['misses']} of {twenty['cells']} | {twenty['losing']} | "
            f"{twenty['fast']} of {twenty['datasets']} |",
            file=out,
        )
    total = add_up(found[w][1] for w in found)
    five_total = sum(found[w][0]["misses"] for w in found)
    print(
        f"| all {NUMBERS[len(COLLECTIONS)]} | {total['datasets']} | "
        f"{five_total} of {total['cells']} | "
        f"{total['misses']} of {total['cells']} | {total['losing']} | "
        f"{total['fast']} of {total['datasets']} |\n",
        file=out,
    )
    print(
        f"The same cells beside chance, medians of {SEEDS} seeds "
        "(`check_target_noise.py --chance` for 20):\n",
        file=out,
    )
    return found, chance(out, rows.__getitem__, SEEDS)


def _as_committed(rows):
    return rows


def before_after(
    before, after=_as_committed, keys=tuple(COLLECTIONS), task=None, out=sys.stdout
):
    """A round's table of cells missed on 5 and on 20 seeds, before (the
    committed rows through ``before``: a ``check_defaults.before_*_round``)
    and after it (through ``after``: the rows as committed, or those before
    a later round), per collection of ``keys`` that holds data sets of
    ``task`` (None: any), and in all of them.  Returns ``[(collection, 5
    before, 5 after, cells, 20 before, 20 after)]``, totals last."""
    print(
        "| collection | cells missed, 5 seeds: before / after | "
        "20 seeds: before / after |\n|---|---|---|",
        file=out,
    )
    lines = []
    for key in keys:
        shipped, more = shipped_rows(key), rows_of(key)
        if task is not None and all(r["task"] != task for r in shipped):
            continue
        five = [
            summarize(rows, io.StringIO()) for rows in (before(shipped), after(shipped))
        ]
        twenty = [
            summarize(rows, io.StringIO()) for rows in (before(more), after(more))
        ]
        lines.append(
            (
                COLLECTIONS[key],
                five[0]["misses"],
                five[1]["misses"],
                five[1]["cells"],
                twenty[0]["misses"],
                twenty[1]["misses"],
            )
        )
    label = f"all {NUMBERS[len(lines)]}"
    if task is not None:
        label += f" with {task} data"
    total = (label,) + tuple(sum(line[i] for line in lines) for i in range(1, 6))
    for where, a, b, cells, c, d in (*lines, total):
        print(f"| {where} | {a} / {b} of {cells} | {c} / {d} |", file=out)
    return [*lines, total]


def eighteenth(out=sys.stdout):
    """The eighteenth round's table (:func:`before_after` of the collections
    with regression data sets)."""
    return before_after(
        before_eighteenth_round,
        before_nineteenth_round,
        keys=tuple(BEFORE_TWELFTH_COLLECTION),
        task="regression",
        out=out,
    )


def nineteenth(out=sys.stdout):
    """The nineteenth round's table (:func:`before_after` of every
    collection before the thirteenth, both tasks)."""
    return before_after(
        before_nineteenth_round, keys=tuple(BEFORE_THIRTEENTH_COLLECTION), out=out
    )


def main():
    if sys.argv[1:] == ["--eighteenth"]:
        eighteenth()
    elif sys.argv[1:] == ["--nineteenth"]:
        nineteenth()
    elif sys.argv[1:]:
        raise SystemExit("usage: check_more_seeds.py [--eighteenth | --nineteenth]")
    else:
        report()


if __name__ == "__main__":
    main()
