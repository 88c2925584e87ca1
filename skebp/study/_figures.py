"""The study's figures: learning curves of the headline configurations,
the paired effects as small multiples, and the critical-difference diagram
(PNG files; they need matplotlib)."""

import collections
import math

import numpy as np

from ._report import HEADLINE, across_datasets, paired_effects

#: Effects beyond this are drawn at the edge of their panel, marked, with
#: their value written beside.
EFFECT_LIMIT = 0.1
#: Panels per row of the effects figure.
COLUMNS = 5


def figures(rows, out_dir):
    """Write the figures into ``out_dir``; their paths, or None without
    matplotlib."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    paths = learning_curves(plt, rows, out_dir)
    for draw in (effects_figure, critical_difference_figure):
        path = draw(plt, rows, out_dir)
        if path is not None:
            paths.append(path)
    return paths


def learning_curves(plt, rows, out_dir):
    """Test score per epoch (mean over the seeds) of the headline
    configurations, a figure per data set."""
    by_dataset = collections.defaultdict(lambda: collections.defaultdict(list))
    for r in rows:
        if r["status"] == "ok" and r.get("test_curve") and r["config"] in HEADLINE:
            by_dataset[r["dataset"]][r["config"]].append(r["test_curve"])
    paths = []
    for dataset, curves in sorted(by_dataset.items()):
        fig, ax = plt.subplots(figsize=(6, 3.5))
        for config in HEADLINE:
            runs = curves.get(config)
            if not runs:
                continue
            n = min(len(c) for c in runs)
            mean = np.mean([c[:n] for c in runs], axis=0)
            ax.plot(np.arange(1, n + 1), mean, label=config, lw=1.5)
        ax.set(xlabel="epoch (iteration)", ylabel="test score", title=dataset)
        ax.legend(fontsize=9)
        path = out_dir / f"curves_{dataset}.png"
        fig.savefig(path, dpi=110, bbox_inches="tight")
        plt.close(fig)
        paths.append(path)
    return paths


def effects_figure(plt, rows, out_dir):
    """One panel per change, data sets as rows: the difference against the
    recipe with its corrected interval; filled where a verdict survived the
    corrections; values beyond ``EFFECT_LIMIT`` clipped and marked."""
    effects = paired_effects(rows)
    if not effects:
        return None
    by_config = collections.defaultdict(list)
    for e in effects:
        by_config[e["config"]].append(e)
    datasets = sorted({e["dataset"] for e in effects})
    configs = sorted(by_config)
    n_rows = math.ceil(len(configs) / COLUMNS)
    fig, axes = plt.subplots(
        n_rows,
        COLUMNS,
        figsize=(3.0 * COLUMNS, 0.25 * len(datasets) * n_rows + 0.9 * n_rows),
        sharey=True,
        squeeze=False,
    )
    y_of = {d: i for i, d in enumerate(datasets)}
    for ax, config in zip(axes.flat, configs):
        for e in by_config[config]:
            _draw_effect(ax, e, y_of[e["dataset"]])
        ax.axvline(0, color="grey", lw=0.8)
        ax.set_xlim(-EFFECT_LIMIT * 1.15, EFFECT_LIMIT * 1.15)
        ax.set_title(config, fontsize=9)
        ax.tick_params(labelsize=8)
    for ax in axes.flat[len(configs) :]:
        ax.set_visible(False)
    for ax in axes[:, 0]:
        ax.set_yticks(range(len(datasets)), datasets)
        ax.set_ylim(len(datasets) - 0.5, -0.5)
    fig.supxlabel(
        "test score difference against the recipe (filled: survives the "
        f"corrections; beyond ±{EFFECT_LIMIT}: clipped, value written)",
        fontsize=9,
    )
    fig.tight_layout()
    path = out_dir / "effects.png"
    fig.savefig(path, dpi=100, bbox_inches="tight")
    plt.close(fig)
    return path


def _draw_effect(ax, e, y):
    d = e["difference"]
    half = 0.0 if math.isnan(e["ci"]) else e["ci"]
    low = max(d - half, -EFFECT_LIMIT)
    high = min(d + half, EFFECT_LIMIT)
    color = {"better": "tab:green", "worse": "tab:red"}.get(e["verdict"], "black")
    filled = e["verdict"] in ("better", "worse")
    if abs(d) > EFFECT_LIMIT:
        x = math.copysign(EFFECT_LIMIT, d)
        ax.plot([x], [y], marker=">" if d > 0 else "<", color=color, ms=6)
        ax.annotate(
            f"{d:+.2f}",
            (x, y),
            xytext=(-4 if d > 0 else 4, 4),
            textcoords="offset points",
            ha="right" if d > 0 else "left",
            fontsize=7,
            color=color,
        )
        return
    ax.plot([low, high], [y, y], color=color, lw=1)
    ax.plot(
        [d], [y], "o", ms=4, color=color, markerfacecolor=color if filled else "white"
    )


def critical_difference_figure(plt, rows, out_dir):
    """Average ranks of the headline configurations on a line, with the
    critical difference of the Nemenyi test (Demšar 2006)."""
    a = across_datasets(rows)
    if a is None:
        return None
    k = len(a["configs"])
    fig, ax = plt.subplots(figsize=(6, 1.2 + 0.3 * k))
    order = sorted(zip(a["ranks"], a["configs"]))
    for i, (rank, config) in enumerate(order):
        y = 1 + i
        ax.plot([rank, rank], [0, y], color="black", lw=0.8)
        ax.text(rank + 0.03, y, f"{config} ({rank:.2f})", va="center", fontsize=9)
    cd = a["critical_difference"]
    ax.plot([1, 1 + cd], [-0.6, -0.6], color="tab:red", lw=2)
    ax.text(1 + cd / 2, -0.95, f"CD = {cd:.2f}", ha="center", fontsize=8)
    ax.set_xlim(0.8, k + 0.6)
    ax.set_ylim(-1.3, k + 0.6)
    ax.set_yticks([])
    ax.set_xlabel(
        f"average rank over {len(a['datasets'])} data sets (1 = best); "
        f"Friedman p = {a['friedman_p']:.3f}",
        fontsize=9,
    )
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    path = out_dir / "critical_difference.png"
    fig.savefig(path, dpi=110, bbox_inches="tight")
    plt.close(fig)
    return path
