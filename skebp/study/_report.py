"""The study's statistics, report and figures, from its rows."""

import collections
import math

import numpy as np
from scipy import stats

from .._warnings import warn
from . import _configs
from ._runner import TUNING_FRACTION
from ._statistics import (
    ALPHA,
    average_ranks,
    corrected_t,
    critical_difference,
    friedman,
    holm,
    rank_groups,
    told_apart,
    wilcoxon,
    win_tie_loss,
)

#: Confidence level of the intervals.
LEVEL = 0.95


def interval(values):
    """Mean and half-width of its ``LEVEL`` confidence interval (Student's
    t over the seeds; 0 with one value).  The values are sorted first, so
    that the result does not depend on the order the rows came in (the
    last bit of a mean decides ties between configurations' ranks)."""
    values = np.sort(np.asarray(values, dtype=float))
    mean = float(values.mean()) if values.size else math.nan
    if values.size < 2:
        return mean, 0.0
    half = stats.t.ppf(0.5 + LEVEL / 2, values.size - 1) * values.std(ddof=1)
    return mean, float(half / math.sqrt(values.size))


#: The headline's columns: what a user would pick instead (gradient
#: boosting, a linear model), scikit-learn's MLP, the defaults, both recipes
#: as given and at tuned rates.
HEADLINE = (
    *_configs.BASELINES,
    _configs.REFERENCE,
    "defaults",
    *(f"{b} (as given)" for b in _configs.BASES),
    *_configs.BASES,
)


def headline_configs(rows):
    """The :data:`HEADLINE` configurations the rows have (a study of fewer
    configurations shows fewer columns)."""
    present = {r["config"] for r in rows}
    return [c for c in HEADLINE if c in present]


#: Scores closer than this count as a tie in win/tie/loss counts.
TIE = 0.005

#: The target of the time-to-target columns: the reference's score on the
#: same seed's validation rows (fitted on the other training rows), minus
#: this.
TARGET_MARGIN = 0.01


def time_to_target(row, target):
    """``(epochs, CPU seconds)`` until the configuration's per-epoch score on
    the validation rows (``validation_curve``, never the test rows) first
    reached ``target`` within the epochs its fit ran (seconds: epochs times
    the fit's CPU seconds per epoch), or ``(nan, nan)`` when it never did or
    was not recorded (rows of a study run before the validation curve)."""
    curve = row.get("validation_curve") or []
    reached = [i for i, s in enumerate(curve, 1) if s >= target]
    if not reached or not row.get("n_iter"):
        return math.nan, math.nan
    return reached[0], reached[0] * row["fit_cpu_seconds"] / row["n_iter"]


def _mean(values):
    """The mean of the values recorded (None: not recorded), or nan."""
    values = [v for v in values if v is not None]
    return float(np.mean(values)) if values else math.nan


def _median(values):
    values = [v for v in values if not math.isnan(v)]
    return float(np.median(values)) if values else math.nan


def summarize(rows):
    """One entry per (data set, configuration): seeds, mean test score and
    its interval, epochs, fit seconds (wall and CPU), divergences, and the
    median epochs and CPU seconds to the reference's score (over the seeds
    that reached it)."""
    groups = collections.defaultdict(list)
    targets = {}
    for r in rows:
        groups[(r["dataset"], r["config"])].append(r)
        if r["config"] == _configs.REFERENCE and r.get("validation_score") is not None:
            targets[(r["dataset"], r["seed"])] = r["validation_score"] - TARGET_MARGIN
    summary = []
    for (dataset, config), group in sorted(groups.items()):
        ok = [r for r in group if r["status"] == "ok"]
        to_target = [
            time_to_target(r, targets[(dataset, r["seed"])])
            for r in ok
            if (dataset, r["seed"]) in targets
        ]
        mean, half = interval([r["score"] for r in ok])
        summary.append(
            {
                "dataset": dataset,
                "config": config,
                "seeds": len(group),
                "ok": len(ok),
                "diverged": sum(r["status"] == "diverged" for r in group),
                "failed": sum(r["status"] == "failed" for r in group),
                "skipped": sum(r["status"] == "skipped" for r in group),
                "reached": sum(not math.isnan(e) for e, _ in to_target),
                "epochs_to_target": _median([e for e, _ in to_target]),
                "cpu_to_target": _median([c for _, c in to_target]),
                "score": mean,
                "ci": half,
                "epochs": _mean([r["n_iter"] for r in ok]),
                "seconds": float(np.mean([r["fit_seconds"] for r in ok]))
                if ok
                else math.nan,
                "cpu_seconds": float(np.mean([r["fit_cpu_seconds"] for r in ok]))
                if ok
                else math.nan,
            }
        )
    return summary


def _label(config):
    """An ablation's name, with what it is compared with when that is not
    its recipe."""
    base = _configs.base_of(config)
    return config if base == config.split(":", 1)[0] else f"{config} (vs {base})"


#: The held-out fraction of rows written before their keys recorded it
#: (the study's default then and now).
DEFAULT_TEST_SIZE = 0.3
#: Verdicts, and their marks in ``verdicts.md``.
BETTER, WORSE, NONE, UNTESTED = (
    "better",
    "worse",
    "no detectable difference",
    "not tested (fewer than two seeds)",
)


def _test_fraction(rows):
    for r in rows:
        key = r.get("key")
        if isinstance(key, dict) and "test_size" in key:
            return key["test_size"]
    return DEFAULT_TEST_SIZE


def paired_effects(rows):
    """Each ablation against its base recipe, paired by seed (same split,
    same initialization).

    The seeds' splits overlap, so the interval and p-value are Nadeau and
    Bengio's corrected resampled t (``_statistics.corrected_t``); the
    p-values of all the effects are then Holm-adjusted together (one table,
    one family), and only a difference whose adjusted p-value is below
    ``ALPHA`` gets a verdict "better" or "worse".

    Returns
    -------
    effects : list of dict
        ``dataset``, ``config``, ``base``, ``pairs``, ``difference``, ``ci``
        (half-width of the corrected 95 % interval), ``p_value`` (corrected
        t), ``p_holm`` and ``verdict``.
    """
    by_key = {(r["dataset"], r["config"], r["seed"]): r for r in rows}
    pairs = collections.defaultdict(list)
    for (dataset, config, seed), r in by_key.items():
        base = _configs.base_of(config)
        other = by_key.get((dataset, base, seed)) if base else None
        if other is None or r["status"] != "ok" or other["status"] != "ok":
            continue
        pairs[(dataset, config, base)].append(r["score"] - other["score"])
    fraction = _test_fraction(rows)
    effects = []
    for (dataset, config, base), diffs in sorted(pairs.items()):
        mean, half, p = corrected_t(diffs, fraction)
        effects.append(
            {
                "dataset": dataset,
                "config": config,
                "base": base,
                "pairs": len(diffs),
                "difference": mean,
                "ci": half,
                "p_value": p,
            }
        )
    for e, adjusted in zip(effects, holm([e["p_value"] for e in effects])):
        e["p_holm"] = float(adjusted)
        if e["pairs"] < 2:
            e["verdict"] = UNTESTED
        elif adjusted < ALPHA:
            e["verdict"] = BETTER if e["difference"] > 0 else WORSE
        else:
            e["verdict"] = NONE
    return effects


def _score(mean, half, n, digits=4):
    """A mean and its interval, or what is missing and why."""
    if n == 0:
        return "— (no fit succeeded)"
    if n == 1:
        return f"{mean:.{digits}f} (one seed: no interval)"
    return f"{mean:.{digits}f} ± {half:.{digits}f}"


def across_datasets(rows, configs=None):
    """The headline configurations over the data sets where each has a
    score: average ranks, Friedman's test and Nemenyi's critical difference,
    and each against scikit-learn's MLP (win/tie/loss within ``TIE``,
    Wilcoxon's signed-rank p-value, Holm-adjusted over the comparisons).
    None with fewer than two such data sets."""
    configs = list(configs or headline_configs(rows))
    if _configs.REFERENCE not in configs:
        return None
    cells = {(s["dataset"], s["config"]): s["score"] for s in summarize(rows)}
    datasets = sorted(
        d
        for d in {d for d, _ in cells}
        if all(not math.isnan(cells.get((d, c), math.nan)) for c in configs)
    )
    if len(datasets) < 2:
        return None
    S = np.array([[cells[(d, c)] for c in configs] for d in datasets])
    _, _, F, p_F = friedman(S)
    reference = configs.index(_configs.REFERENCE)
    others = [i for i in range(len(configs)) if i != reference]
    p = [wilcoxon(S[:, i], S[:, reference]) for i in others]
    ranks = [float(r) for r in average_ranks(S)]
    cd = critical_difference(len(configs), len(datasets))
    return {
        "datasets": datasets,
        "configs": configs,
        "ranks": ranks,
        "friedman_F": F,
        "friedman_p": p_F,
        "critical_difference": cd,
        "groups": [[configs[i] for i in g] for g in rank_groups(ranks, cd)],
        "against_reference": [
            {
                "config": configs[i],
                "win_tie_loss": win_tie_loss(S[:, i], S[:, reference], TIE),
                "p_wilcoxon": pi,
                "p_holm": float(ph),
            }
            for i, pi, ph in zip(others, p, holm(p))
        ],
    }


def markdown(rows, title="Which tricks still pay off"):
    """The report: the summary table, the paired effects with their
    corrections, and the headline configurations across data sets."""
    lines = [f"# {title}", ""]
    lines += [
        f"{len(rows)} fits; test score (accuracy or R²) mean ± half-width of "
        f"its {LEVEL:.0%} interval over the seeds; seconds are fit seconds "
        "(wall, and CPU) after the rate tuning; *to target*: median epochs and "
        "CPU seconds until the score on the validation rows "
        f"({TUNING_FRACTION:.0%} of the training rows; never the test rows) "
        "reached that of scikit-learn's MLP fitted on the other training rows, "
        f"minus {TARGET_MARGIN}, in a second fit of the configuration on those "
        "rows within the epochs of its own fit (over the seeds that reached "
        "it: *reached*); *diverged / skipped / failed*: seeds.",
        "",
    ]
    if not any(r.get("validation_curve") for r in rows):
        lines += [
            "The time to a target is not given: no row has a validation curve "
            "(rows of a study run before it was recorded; run the study again).",
            "",
        ]
    lines += [
        "| data set | configuration | seeds | test score | epochs | seconds "
        "| CPU s | reached | epochs to target | CPU s to target "
        "| diverged / skipped / failed |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for s in summarize(rows):
        lines.append(
            f"| {s['dataset']} | {s['config']} | {s['seeds']} | "
            f"{_score(s['score'], s['ci'], s['ok'])} | {_number(s['epochs'], 1)} | "
            f"{_number(s['seconds'], 3)} | {_number(s['cpu_seconds'], 3)} | "
            f"{s['reached']} | {_number(s['epochs_to_target'], 0)} | "
            f"{_number(s['cpu_to_target'], 3)} | "
            f"{s['diverged']} / {s['skipped']} / {s['failed']} |"
        )
    lines += ["", "## Each change against its recipe (paired by seed)", ""]
    effects = paired_effects(rows)
    if not effects:
        lines.append(
            "No paired effects: no change was fitted beside its recipe on the "
            "same seeds with both fits succeeding."
        )
    else:
        survived = sum(e["verdict"] in (BETTER, WORSE) for e in effects)
        lines += [
            "Difference of the test score, mean ± half-width of its "
            f"{LEVEL:.0%} interval; the seeds' splits overlap, so the "
            "interval and *p* are Nadeau and Bengio's corrected resampled t; "
            f"*Holm*: the p-value adjusted over the table's {len(effects)} "
            f"cells.  A verdict needs an adjusted p-value below {ALPHA}: "
            f"{survived} of {len(effects)} cells have one.",
            "",
            "| data set | change | difference | p | Holm | verdict |",
            "|---|---|---|---|---|---|",
        ]
        for e in effects:
            lines.append(
                f"| {e['dataset']} | {_label(e['config'])} | "
                f"{_difference(e)} | {_number(e['p_value'], 3)} | "
                f"{_number(e['p_holm'], 3)} | {e['verdict']} |"
            )
    lines += ["", "## The headline configurations across data sets", ""]
    lines += _across_lines(across_datasets(rows))
    return "\n".join(lines) + "\n"


def _number(value, digits):
    return "—" if value is None or math.isnan(value) else f"{value:.{digits}f}"


def _direction(win_tie_loss):
    """``better`` when a change beats its recipe on more data sets than it
    loses on, else ``worse``."""
    return "better" if win_tie_loss[0] > win_tie_loss[2] else "worse"


def _counts(win_tie_loss):
    """``wins/ties/losses``."""
    return "/".join(map(str, win_tie_loss))


def _p_value(p, name=""):
    """A p-value to three decimals, ``< 0.001`` below that, ``—`` for nan;
    after ``name`` (``"p"``: ``p = 0.049``, ``p < 0.001``) if given."""
    if p < 0.001:
        return f"{name} < 0.001".lstrip()
    return f"{name} = {_number(p, 3)}" if name else _number(p, 3)


def _difference(e):
    if e["pairs"] < 2:
        return f"{e['difference']:+.4f} (one seed: no interval)"
    return f"{e['difference']:+.4f} ± {e['ci']:.4f}"


def _across_lines(a):
    if a is None:
        return [
            "Not computed: fewer than two data sets have a score for each of "
            "the headline's configurations (scikit-learn's MLP among them)."
        ]
    lines = [
        f"Over the {len(a['datasets'])} data sets where each has a score "
        f"({', '.join(a['datasets'])}); rank 1 is the best mean score.  "
        f"Friedman's test (Iman-Davenport F = {_number(a['friedman_F'], 2)}): "
        f"p = {_number(a['friedman_p'], 3)}; Nemenyi's critical difference of "
        f"average ranks at {ALPHA}: {a['critical_difference']:.2f}.",
        "",
        "| configuration | average rank |",
        "|---|---|",
    ]
    for c, r in sorted(zip(a["configs"], a["ranks"]), key=lambda t: t[1]):
        lines.append(f"| {c} | {r:.2f} |")
    groups = "; ".join(f"{{{', '.join(g)}}}" for g in a["groups"]) or "none"
    lines += [
        "",
        "Groups whose average ranks lie within the critical difference (the "
        f"bars of the diagram; Nemenyi's test does not tell their members "
        f"apart): {groups}.",
        "",
        f"Against scikit-learn's MLP: wins / ties (within {TIE}) / losses over "
        "the data sets, Wilcoxon's signed-rank p-value and its Holm adjustment "
        "over the comparisons.",
        "",
        "| configuration | wins / ties / losses | p | Holm |",
        "|---|---|---|---|",
    ]
    for c in a["against_reference"]:
        w, t, l_ = c["win_tie_loss"]
        lines.append(
            f"| {c['config']} | {w} / {t} / {l_} | "
            f"{_number(c['p_wilcoxon'], 3)} | {_number(c['p_holm'], 3)} |"
        )
    return lines


_MARKS = {BETTER: "+", WORSE: "−", NONE: "·", UNTESTED: "?"}


def headline(rows):
    """The short table: per data set, the test score (mean ± interval) of
    scikit-learn's MLP, the defaults and both recipes, in Markdown."""
    cells = {(s["dataset"], s["config"]): s for s in summarize(rows)}
    datasets = sorted({d for d, _ in cells})
    configs = headline_configs(rows)
    lines = [
        "| data set | " + " | ".join(configs) + " |",
        "|---|" + "---|" * len(configs),
    ]
    for d in datasets:
        row = []
        for c in configs:
            s = cells.get((d, c))
            row.append("" if s is None else _score(s["score"], s["ci"], s["ok"], 3))
        lines.append(f"| {d} | " + " | ".join(row) + " |")
    return "\n".join(lines) + "\n"


def changes_across_datasets(effects):
    """Each change against its recipe over the data sets it was compared on
    (Demšar, 2006): better / tie / worse counts of its mean differences
    (within :data:`TIE` a tie) and Wilcoxon's signed-rank p-value of them,
    Holm-adjusted over the changes; ``{config: {"win_tie_loss", "datasets",
    "p_wilcoxon", "p_holm"}}``."""
    differences = collections.defaultdict(list)
    for e in effects:
        if e["verdict"] != UNTESTED:
            differences[e["config"]].append(e["difference"])
    configs = sorted(differences)
    p = [wilcoxon(differences[c], np.zeros(len(differences[c]))) for c in configs]
    return {
        c: {
            "win_tie_loss": win_tie_loss(differences[c], 0.0, TIE),
            "datasets": len(differences[c]),
            "p_wilcoxon": pi,
            "p_holm": float(ph),
        }
        for c, pi, ph in zip(configs, p, holm(p))
    }


def verdicts(rows):
    """Every change against its recipe (rows) on every data set (columns):
    ``+`` better, ``−`` worse (after the corrections of
    :func:`paired_effects`), ``·`` no detectable difference, ``?`` not
    tested; the mean difference beside the mark; first, the change across
    the data sets (:func:`changes_across_datasets`), in Markdown."""
    effects = paired_effects(rows)
    if not effects:
        return (
            "No verdicts: no change was fitted beside its recipe on the same "
            "seeds with both fits succeeding.\n"
        )
    datasets = sorted({e["dataset"] for e in effects})
    table = collections.defaultdict(dict)
    for e in effects:
        table[e["config"]][e["dataset"]] = e
    across = changes_across_datasets(effects)
    lines = [
        "| change | better / tie / worse (Holm-adjusted Wilcoxon p) | "
        + " | ".join(datasets)
        + " |",
        "|---|---|" + "---|" * len(datasets),
    ]
    for config in sorted(table, key=lambda c: (_configs.base_of(c), c)):
        a = across.get(config)
        cells = [
            "?"
            if a is None
            else f"{_counts(a['win_tie_loss'])} ({_p_value(a['p_holm'])})"
        ]
        for d in datasets:
            e = table[config].get(d)
            cells.append(
                "" if e is None else f"{_MARKS[e['verdict']]} {e['difference']:+.3f}"
            )
        lines.append(f"| {_label(config)} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _nemenyi(a):
    """The answer's clause on Nemenyi's test: asked only after Friedman's
    test finds a difference (Demšar 2006)."""
    if not a["friedman_p"] < ALPHA:
        return ""
    pairs = told_apart(a["configs"], a["ranks"], a["critical_difference"])
    if not pairs:
        return "; no two of them rank further apart than that"
    return "; by that difference " + "; ".join(
        f"{c} ranks ahead of "
        + (below[0] if len(below) == 1 else f"{', '.join(below[:-1])} and {below[-1]}")
        for c, below in pairs
    )


def answer(rows):
    """The page's first paragraph: what survives the corrections, with the
    numbers behind it, in Markdown."""
    a = across_datasets(rows)
    effects = paired_effects(rows)
    lines = []
    if a is None:
        lines.append(
            "Across data sets: not computed (fewer than two data sets have a "
            "score for each headline configuration)."
        )
    else:
        ranks = ", ".join(
            f"{c} {r:.2f}"
            for r, c in sorted(zip(a["ranks"], a["configs"]), key=lambda t: t[0])
        )
        found = (
            "finds no difference among them"
            if not a["friedman_p"] < ALPHA
            else "finds a difference among them"
        )
        lines.append(
            f"- **Across the {len(a['datasets'])} data sets**, the average ranks "
            f"(1 = best) are {ranks}; Friedman's test {found} "
            f"(p = {a['friedman_p']:.3f}; Nemenyi's critical difference "
            f"{a['critical_difference']:.2f}){_nemenyi(a)}."
        )
        against = "; ".join(
            f"{c['config']} {_counts(c['win_tie_loss'])} "
            f"(Holm-adjusted Wilcoxon p = {c['p_holm']:.3f})"
            for c in a["against_reference"]
        )
        lines.append(
            "- **Against scikit-learn's MLP**, wins/ties/losses over the data "
            f"sets: {against}."
        )
    tested = [e for e in effects if e["verdict"] != UNTESTED]
    kept = [e for e in tested if e["verdict"] in (BETTER, WORSE)]
    if not tested:
        lines.append(
            "- **Each trick against its recipe**: not tested (fewer than two "
            "seeds, or no change fitted beside its recipe)."
        )
    else:
        listed = "; ".join(
            f"`{e['config']}` on {e['dataset']}: {e['verdict']}, "
            f"{e['difference']:+.3f} ± {e['ci']:.3f}"
            for e in kept
        )
        lines.append(
            f"- **Each trick against its recipe**: {len(kept)} of {len(tested)} "
            "paired comparisons survive Holm's correction over the table "
            "(intervals corrected for the overlap of the splits)"
            + (f": {listed}." if kept else ".")
            + " For every other cell the data do not tell the trick from its "
            "recipe at this number of seeds."
        )
        across = changes_across_datasets(effects)
        found = [
            f"`{c}` {_direction(a['win_tie_loss'])} "
            f"({_counts(a['win_tie_loss'])} better/tie/worse, "
            f"{_p_value(a['p_holm'], 'p')})"
            for c, a in across.items()
            if a["p_holm"] < ALPHA
        ]
        lines.append(
            "- **Each trick across the data sets** (Wilcoxon's signed-rank test "
            "of its mean differences, Holm-adjusted over the "
            f"{len(across)} changes): "
            + (
                "; ".join(found) + "."
                if found
                else "no change differs from its recipe at this number of data sets."
            )
        )
    return "\n".join(lines) + "\n"


def write(rows, out_dir):
    """``report.md``, ``headline.md``, ``verdicts.md``, ``answer.md`` and the
    figures into ``out_dir``; without matplotlib, says that the figures were skipped."""
    from ._figures import figures

    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "report.md").write_text(markdown(rows))
    (out_dir / "headline.md").write_text(headline(rows))
    (out_dir / "verdicts.md").write_text(verdicts(rows))
    (out_dir / "answer.md").write_text(answer(rows))
    if figures(rows, out_dir) is None:
        warn(
            "the study's figures were skipped: they need matplotlib "
            "(pip install matplotlib); the tables are written"
        )
