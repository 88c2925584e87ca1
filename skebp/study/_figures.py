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
        paths.append(_save(plt, fig, out_dir / f"curves_{dataset}.png", dpi=110))
    return paths


def effects_figure(plt, rows, out_dir):
    """One panel per change, data sets as rows: the difference against the
    recipe with its corrected interval; filled where a verdict survived the
    corrections; values beyond ``EFFECT_LIMIT`` clipped and marked."""
    return _save(plt, draw_effects(plt, rows), out_dir / "effects.png", dpi=100)


def _save(plt, fig, path, dpi):
    """Write ``fig`` (if any) to ``path`` and close it; the path, or None."""
    if fig is None:
        return None
    fig.savefig(path, dpi=dpi, bbox_inches="tight")
    plt.close(fig)
    return path


def draw_effects(plt, rows):
    """The figure of :func:`effects_figure`, not yet saved (None without
    paired effects)."""
    effects = paired_effects(rows)
    if not effects:
        return None
    by_config = collections.defaultdict(list)
    for e in effects:
        by_config[e["config"]].append(e)
    datasets = sorted({e["dataset"] for e in effects})
    configs = sorted(by_config)
    n_rows = math.ceil(len(configs) / COLUMNS)
    # constrained layout keeps the caption below the tick labels, which
    # tight_layout let it overlap
    fig, axes = plt.subplots(
        n_rows,
        COLUMNS,
        figsize=(3.0 * COLUMNS, 0.25 * len(datasets) * n_rows + 0.9 * n_rows),
        sharey=True,
        squeeze=False,
        layout="constrained",
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
    return fig


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
    path = out_dir / "critical_difference.png"
    return _save(plt, draw_critical_difference(plt, rows), path, dpi=110)


def draw_critical_difference(plt, rows):
    """The figure of :func:`critical_difference_figure`, not yet saved
    (None when the ranks are not computed)."""
    a = across_datasets(rows)
    if a is None:
        return None
    k = len(a["configs"])
    groups = a["groups"]
    rank_of = dict(zip(a["configs"], a["ranks"]))
    order = sorted(zip(a["ranks"], a["configs"]))
    half = (k + 1) // 2
    fig, ax = plt.subplots(figsize=(7, 1.6 + 0.3 * (half + len(groups))))
    # Demšar's layout (2006, Fig. 1): each rank's stick turns to its label,
    # the better half's to the left and the rest to the right, nested so
    # that no line crosses another; under the sticks, a bar per group of
    # ranks within the critical difference, and under the bars its scale
    low = -0.35 * len(groups)
    for i, (rank, config) in enumerate(order):
        left = i < half
        y = 1 + (i if left else k - 1 - i)
        edge = 0.7 if left else k + 0.3
        ax.plot([rank, rank, edge], [low, y, y], color="black", lw=0.8)
        ax.text(
            edge + (-0.05 if left else 0.05),
            y,
            f"{config} ({rank:.2f})",
            ha="right" if left else "left",
            va="center",
            fontsize=9,
        )
    for g, members in enumerate(groups):
        ranks = [rank_of[c] for c in members]
        y = -0.35 * (g + 0.5)
        ax.plot([min(ranks) - 0.03, max(ranks) + 0.03], [y, y], color="black", lw=3)
    cd = a["critical_difference"]
    y_cd = low - 0.6
    ax.plot([1, 1 + cd], [y_cd, y_cd], color="tab:red", lw=2)
    joins = "; a bar joins ranks that Nemenyi's test does not tell apart"
    ax.text(
        1 + cd + 0.1,
        y_cd,
        f"CD = {cd:.2f}" + (joins if groups else ""),
        va="center",
        fontsize=8,
    )
    ax.set_xlim(0.7, k + 0.3)
    ax.set_ylim(y_cd - 0.5, max(half, k - half) + 0.6)
    ax.set_xticks(range(1, k + 1))
    ax.set_yticks([])
    ax.set_xlabel(
        f"average rank over {len(a['datasets'])} data sets (1 = best); "
        f"Friedman p = {a['friedman_p']:.3f}",
        fontsize=9,
    )
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    return fig
