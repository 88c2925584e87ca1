"""The study's statistics, report and figures, from its rows."""

import collections
import math

import numpy as np
from scipy import stats

from . import _configs

#: Confidence level of the intervals.
LEVEL = 0.95


def interval(values):
    """Mean and half-width of its ``LEVEL`` confidence interval (Student's
    t over the seeds; 0 with one value)."""
    values = np.asarray(values, dtype=float)
    mean = float(values.mean()) if values.size else math.nan
    if values.size < 2:
        return mean, 0.0
    half = stats.t.ppf(0.5 + LEVEL / 2, values.size - 1) * values.std(ddof=1)
    return mean, float(half / math.sqrt(values.size))


#: The target of the time-to-target columns: the reference's final test
#: score on the same seed's split, minus this.
TARGET_MARGIN = 0.01


def time_to_target(row, target):
    """``(epochs, CPU seconds)`` until the per-epoch test score first reached
    ``target`` (seconds: epochs times the fit's CPU seconds per epoch), or
    ``(nan, nan)`` when it never did or was not recorded."""
    curve = row.get("test_curve") or []
    reached = [i for i, s in enumerate(curve, 1) if s >= target]
    if not reached or not row.get("n_iter"):
        return math.nan, math.nan
    return reached[0], reached[0] * row["fit_cpu_seconds"] / row["n_iter"]


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
        if r["config"] == _configs.REFERENCE and r["status"] == "ok":
            targets[(r["dataset"], r["seed"])] = r["score"] - TARGET_MARGIN
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
                "diverged": sum(r["status"] == "diverged" for r in group),
                "failed": sum(r["status"] == "failed" for r in group),
                "skipped": sum(r["status"] == "skipped" for r in group),
                "reached": sum(not math.isnan(e) for e, _ in to_target),
                "epochs_to_target": _median([e for e, _ in to_target]),
                "cpu_to_target": _median([c for _, c in to_target]),
                "score": mean,
                "ci": half,
                "epochs": float(np.mean([r["n_iter"] for r in ok])) if ok else math.nan,
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


def paired_effects(rows):
    """Each ablation against its base recipe, paired by seed (same split,
    same initialization): mean difference of test scores, its interval and
    the verdict ("better", "worse", "no detectable difference")."""
    by_key = {(r["dataset"], r["config"], r["seed"]): r for r in rows}
    effects = []
    pairs = collections.defaultdict(list)
    for (dataset, config, seed), r in by_key.items():
        base = _configs.base_of(config)
        other = by_key.get((dataset, base, seed)) if base else None
        if other is None or r["status"] != "ok" or other["status"] != "ok":
            continue
        pairs[(dataset, config, base)].append(r["score"] - other["score"])
    for (dataset, config, base), diffs in sorted(pairs.items()):
        mean, half = interval(diffs)
        if len(diffs) < 2 or abs(mean) <= half:
            verdict = "no detectable difference"
        else:
            verdict = "better" if mean > 0 else "worse"
        effects.append(
            {
                "dataset": dataset,
                "config": config,
                "base": base,
                "pairs": len(diffs),
                "difference": mean,
                "ci": half,
                "verdict": verdict,
            }
        )
    return effects


def markdown(rows, title="Which tricks still pay off"):
    """The report: the summary table and the paired effects, in Markdown."""
    lines = [f"# {title}", ""]
    lines += [
        f"{len(rows)} fits; test score (accuracy or R²) mean ± half-width of "
        f"its {LEVEL:.0%} interval over the seeds; seconds are fit seconds "
        "(wall, and CPU) after the rate tuning; *to target*: median epochs and "
        "CPU seconds until the per-epoch test score reached scikit-learn's "
        f"final one minus {TARGET_MARGIN} on the same split (over the seeds "
        "that reached it: *reached*); *diverged / skipped / failed*: seeds.",
        "",
        "| data set | configuration | seeds | test score | epochs | seconds "
        "| CPU s | reached | epochs to target | CPU s to target "
        "| diverged / skipped / failed |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for s in summarize(rows):
        lines.append(
            f"| {s['dataset']} | {s['config']} | {s['seeds']} | "
            f"{s['score']:.4f} ± {s['ci']:.4f} | {s['epochs']:.1f} | "
            f"{s['seconds']:.3f} | {s['cpu_seconds']:.3f} | {s['reached']} | "
            f"{s['epochs_to_target']:.0f} | {s['cpu_to_target']:.3f} | "
            f"{s['diverged']} / {s['skipped']} / {s['failed']} |"
        )
    effects = paired_effects(rows)
    if effects:
        lines += [
            "",
            "## Each change against its recipe (paired by seed)",
            "",
            "| data set | change | difference | verdict |",
            "|---|---|---|---|",
        ]
        for e in effects:
            lines.append(
                f"| {e['dataset']} | {_label(e['config'])} | "
                f"{e['difference']:+.4f} ± {e['ci']:.4f} | {e['verdict']} |"
            )
    return "\n".join(lines) + "\n"


#: The headline's columns: scikit-learn's MLP, the defaults, both recipes.
HEADLINE = (_configs.REFERENCE, "defaults", *_configs.BASES)
_MARKS = {"better": "+", "worse": "−", "no detectable difference": "·"}


def headline(rows):
    """The short table: per data set, the test score (mean ± interval) of
    scikit-learn's MLP, the defaults and both recipes, in Markdown."""
    cells = {(s["dataset"], s["config"]): s for s in summarize(rows)}
    datasets = sorted({d for d, _ in cells})
    lines = [
        "| data set | " + " | ".join(HEADLINE) + " |",
        "|---|" + "---|" * len(HEADLINE),
    ]
    for d in datasets:
        row = []
        for c in HEADLINE:
            s = cells.get((d, c))
            row.append("" if s is None else f"{s['score']:.3f} ± {s['ci']:.3f}")
        lines.append(f"| {d} | " + " | ".join(row) + " |")
    return "\n".join(lines) + "\n"


def verdicts(rows):
    """Every change against its recipe (rows) on every data set (columns):
    ``+`` better, ``−`` worse, ``·`` no detectable difference, paired by
    seed; the mean difference beside the mark, in Markdown."""
    effects = paired_effects(rows)
    datasets = sorted({e["dataset"] for e in effects})
    table = collections.defaultdict(dict)
    for e in effects:
        table[e["config"]][e["dataset"]] = e
    lines = [
        "| change | " + " | ".join(datasets) + " |",
        "|---|" + "---|" * len(datasets),
    ]
    for config in sorted(table, key=lambda c: (_configs.base_of(c), c)):
        cells = []
        for d in datasets:
            e = table[config].get(d)
            cells.append(
                "" if e is None else f"{_MARKS[e['verdict']]} {e['difference']:+.3f}"
            )
        lines.append(f"| {_label(config)} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def write(rows, out_dir):
    """``report.md``, ``headline.md``, ``verdicts.md`` and the figures into
    ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "report.md").write_text(markdown(rows))
    (out_dir / "headline.md").write_text(headline(rows))
    (out_dir / "verdicts.md").write_text(verdicts(rows))
    figures(rows, out_dir)


def figures(rows, out_dir):
    """Learning curves per data set and a forest plot of the paired effects,
    as PNG files in ``out_dir`` (needs matplotlib); returns their paths."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return []
    paths = []
    by_dataset = collections.defaultdict(lambda: collections.defaultdict(list))
    for r in rows:
        if r["status"] == "ok" and r.get("test_curve"):
            by_dataset[r["dataset"]][r["config"]].append(r["test_curve"])
    for dataset, curves in sorted(by_dataset.items()):
        fig, ax = plt.subplots(figsize=(7, 4))
        for config, runs in sorted(curves.items()):
            n = min(len(c) for c in runs)
            ax.plot(
                np.arange(1, n + 1),
                np.mean([c[:n] for c in runs], axis=0),
                label=config,
                lw=1,
            )
        ax.set(xlabel="epoch (iteration)", ylabel="test score", title=dataset)
        ax.legend(fontsize=5, ncol=2)
        path = out_dir / f"curves_{dataset}.png"
        fig.savefig(path, dpi=120, bbox_inches="tight")
        plt.close(fig)
        paths.append(path)
    effects = paired_effects(rows)
    if effects:
        fig, ax = plt.subplots(figsize=(7, 0.25 * len(effects) + 1))
        y = np.arange(len(effects))
        ax.errorbar(
            [e["difference"] for e in effects],
            y,
            xerr=[e["ci"] for e in effects],
            fmt="o",
            ms=3,
        )
        ax.axvline(0, color="grey", lw=0.8)
        ax.set_yticks(
            y, [f"{e['dataset']}: {e['config']}" for e in effects], fontsize=6
        )
        ax.set_xlabel("test score difference against the recipe")
        path = out_dir / "effects.png"
        fig.savefig(path, dpi=120, bbox_inches="tight")
        plt.close(fig)
        paths.append(path)
    return paths
