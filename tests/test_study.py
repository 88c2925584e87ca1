"""The evidence study's runner: the same rows sequentially, with joblib and
on a Dask cluster; resuming; clear errors; the report and the command."""

import json

import numpy as np
import pytest
from scipy import stats
from sklearn.datasets import load_diabetes

import skebp.study
from skebp.cli import main
from skebp.study import markdown, paired_effects, read_rows, run_study, summarize

CONFIGS = ["modern", "modern: momentum", "lecun98", "lecun98: no SDLM", "sklearn"]
TIMING = {"fit_seconds", "fit_cpu_seconds", "tuning_seconds", "tuning_cpu_seconds"}


def _small(**kw):
    kw.setdefault("progress", None)
    kw.setdefault("out_dir", None)
    return run_study(["iris"], CONFIGS, seeds=2, max_iter=8, **kw)


def _without_timing(rows):
    return [{k: v for k, v in r.items() if k not in TIMING} for r in rows]


@pytest.fixture(scope="module")
def sequential():
    return _small()


def test_rows_record_every_fit(sequential):
    assert len(sequential) == len(CONFIGS) * 2
    for r in sequential:
        assert r["status"] == "ok", r
        assert 0 <= r["score"] <= 1 and r["n_iter"] == len(r["loss_curve"])
        assert r["fit_seconds"] > 0 and r["fit_cpu_seconds"] > 0
        if r["config"] != "sklearn":
            # the test score per epoch (not the configuration's scoring)
            assert len(r["test_curve"]) == r["n_iter"]
            assert r["test_curve"][-1] == pytest.approx(r["score"])
            # the score on the validation rows per epoch, from a second fit
            assert 1 <= len(r["validation_curve"]) <= r["n_iter"]
            assert "validation_score" not in r
        else:
            assert 0 <= r["validation_score"] <= 1 and "validation_curve" not in r
    tuned = {r["config"]: r["tuned_rate"] for r in sequential}
    assert tuned["modern"] is not None and tuned["lecun98"] is None  # "auto"


def test_time_to_target_never_reads_the_test_rows(sequential):
    """The validation curve and the reference's validation score come from
    fits on the training rows outside the validation rows (the rate tuning's
    split), scored on those rows; the test rows never enter them."""
    from sklearn.datasets import load_iris

    from skebp.study import _configs, _runner
    from skebp.study._report import TARGET_MARGIN, time_to_target

    X, y = load_iris(return_X_y=True)
    seed = 1
    X_tr, _, y_tr, _ = _runner._split(X, y, "classification", seed, 0.3)
    X_fit, X_val, y_fit, y_val = _runner._split(X_tr, y_tr, "classification", seed, 0.2)
    rows = {r["config"]: r for r in sequential if r["seed"] == seed}
    ref = _runner.reference("classification", seed, 8).fit(X_fit, y_fit)
    assert rows["sklearn"]["validation_score"] == ref.score(X_val, y_val)
    row = rows["lecun98"]
    est = _runner._estimator(
        _configs.resolve(["lecun98"])["lecun98"], "classification", seed, row["n_iter"]
    )
    est.set_params(early_stopping=False, scoring=None)
    est.fit(X_fit, y_fit, X_val=X_val, y_val=y_val)
    assert row["validation_curve"] == [float(v) for v in est.validation_scores_]
    # the target is read on the validation curve, whatever the test curve says
    target = rows["sklearn"]["validation_score"] - TARGET_MARGIN
    first = next(
        (i for i, v in enumerate(row["validation_curve"], 1) if v >= target), None
    )
    epochs, cpu = time_to_target(row, target)
    if first is None:
        assert np.isnan(epochs) and np.isnan(cpu)
    else:
        assert epochs == first
        assert cpu == pytest.approx(first * row["fit_cpu_seconds"] / row["n_iter"])
    blind = {**row, "validation_curve": [0.0] * row["n_iter"]}
    assert row["test_curve"][-1] > 0 and np.isnan(time_to_target(blind, 0.5)[0])
    # a row without a validation curve (an older study's) has no time
    assert np.isnan(time_to_target({**row, "validation_curve": None}, 0.0)[0])


def test_joblib_gives_the_same_rows(sequential):
    assert _without_timing(_small(n_jobs=2)) == _without_timing(sequential)


def test_dask_local_cluster_gives_the_same_rows(sequential):
    pytest.importorskip("distributed")
    rows = _small(n_jobs=2, scheduler="local")
    assert _without_timing(rows) == _without_timing(sequential)


def test_resume_and_outputs(tmp_path, sequential):
    out = tmp_path / "study"
    first = run_study(
        ["iris"], CONFIGS[:2], seeds=2, max_iter=8, out_dir=out, progress=None
    )
    lines = (out / "results.jsonl").read_text().splitlines()
    assert len(lines) == 4 and (out / "report.md").exists()
    # an interruption cut the last line: it is fitted again, the rest kept
    (out / "results.jsonl").write_text("\n".join(lines[:3]) + "\n" + lines[3][:20])
    again = run_study(
        ["iris"], CONFIGS[:2], seeds=2, max_iter=8, out_dir=out, progress=None
    )
    assert _without_timing(again) == _without_timing(first)
    with pytest.warns(UserWarning, match="line 4: not JSON"):
        assert len(read_rows(out / "results.jsonl")) == 4
    assert _without_timing(first) == _without_timing(
        [r for r in sequential if r["config"] in CONFIGS[:2]]
    )


def test_statistics_and_report(sequential):
    summary = {s["config"]: s for s in summarize(sequential)}
    scores = [r["score"] for r in sequential if r["config"] == "modern"]
    assert summary["modern"]["score"] == pytest.approx(np.mean(scores))
    half = stats.t.ppf(0.975, 1) * np.std(scores, ddof=1) / np.sqrt(2)
    assert summary["modern"]["ci"] == pytest.approx(half)
    effects = {e["config"]: e for e in paired_effects(sequential)}
    assert set(effects) == {"modern: momentum", "lecun98: no SDLM"}
    e = effects["modern: momentum"]
    diffs = [
        a["score"] - b["score"]
        for a in sequential
        for b in sequential
        if a["config"] == "modern: momentum"
        and b["config"] == "modern"
        and a["seed"] == b["seed"]
    ]
    assert e["difference"] == pytest.approx(np.mean(diffs))
    # Nadeau-Bengio: the variance of the two differences times 1/2 + 0.3/0.7
    se = np.sqrt(np.var(diffs, ddof=1) * (1 / 2 + 0.3 / 0.7))
    if se > 0:
        assert e["ci"] == pytest.approx(stats.t.ppf(0.975, 1) * se)
    assert e["p_holm"] >= e["p_value"]
    assert e["verdict"] in ("better", "worse", "no detectable difference")
    report = markdown(sequential)
    assert "| iris | modern |" in report and "paired by seed" in report
    assert "Holm" in report and "Friedman" not in report  # one data set only
    assert "fewer than two data sets" in report


def test_a_small_study_says_what_is_missing(tmp_path, monkeypatch):
    """One seed: no '± 0.0000', no empty tables, but what is missing and
    why; without matplotlib, a warning that the figures were skipped."""
    import builtins

    from skebp.study._report import answer, headline, verdicts

    rows = run_study(
        ["iris", "wine"],
        ["modern", "modern: momentum", "sklearn", "defaults", "lecun98"],
        seeds=1,
        max_iter=5,
        tune=False,
        out_dir=None,
        progress=None,
    )
    report = markdown(rows)
    assert "± 0.0000" not in report and "nan" not in report
    assert "(one seed: no interval)" in report
    assert "not tested (fewer than two seeds)" in report
    assert "?" in verdicts(rows) and "(one seed" in headline(rows)
    assert "not tested" in answer(rows)
    assert "No verdicts" in verdicts([r for r in rows if ":" not in r["config"]])
    real_import = builtins.__import__

    def no_matplotlib(name, *args, **kwargs):
        if name.startswith("matplotlib"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_matplotlib)
    from skebp.study._report import write

    with pytest.warns(UserWarning, match="figures were skipped.*matplotlib"):
        write(rows, tmp_path)
    assert (tmp_path / "report.md").exists() and not list(tmp_path.glob("*.png"))


def test_divergence_and_failure_are_results():
    rows = run_study(
        ["iris"],
        {
            "wild": {"learning_rate_init": 1e4, "activation": "relu"},
            "refused": {"solver": "adam", "per_weight_rates": "sdlm"},
        },
        seeds=1,
        max_iter=20,
        tune=False,
        out_dir=None,
        progress=None,
    )
    status = {r["config"]: r["status"] for r in rows}
    assert status == {"wild": "diverged", "refused": "failed"}
    assert (
        "per_weight_rates" in next(r for r in rows if r["config"] == "refused")["error"]
    )


def test_user_data(tmp_path):
    rng = np.random.RandomState(0)
    X = rng.normal(size=(60, 3))
    y = (X[:, 0] > 0).astype(int)
    rows = run_study(
        [("mine", X, y)], ["defaults"], seeds=1, max_iter=5, out_dir=None, progress=None
    )
    assert rows[0]["dataset"] == "mine" and rows[0]["task"] == "classification"
    path = tmp_path / "data.csv"
    path.write_text(
        "a,b,target\n"
        + "\n".join(f"{a},{b},{a + b}" for a, b in rng.normal(size=(40, 2)))
    )
    rows = run_study(
        [f"{path}:target"],
        ["defaults"],
        seeds=1,
        max_iter=5,
        out_dir=None,
        progress=None,
    )
    assert rows[0]["task"] == "regression" and rows[0]["status"] == "ok"


def test_clear_errors(tmp_path, monkeypatch):
    with pytest.raises(ValueError, match="unknown data set 'mnist'"):
        run_study(["mnist"], out_dir=None)
    with pytest.raises(ValueError, match="unknown configuration 'turbo'"):
        run_study(["iris"], ["turbo"], out_dir=None)
    path = tmp_path / "d.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(ValueError, match="no target column 'y'.*columns"):
        run_study([f"{path}:y"], out_dir=None)
    with pytest.raises(ValueError, match="seeds must be a positive int"):
        run_study(["iris"], seeds=0, out_dir=None)
    pytest.importorskip("distributed")
    monkeypatch.setattr(skebp.study, "SCHEDULER_TIMEOUT", "1s")  # port 9 refuses
    with pytest.raises(ValueError, match="could not reach the Dask scheduler"):
        run_study(
            ["iris"],
            ["defaults"],
            seeds=1,
            scheduler="tcp://127.0.0.1:9",
            out_dir=None,
            progress=None,
        )


def test_command_line(tmp_path, capsys):
    out = tmp_path / "cli"
    args = [
        "study",
        "--datasets",
        "iris",
        "--configs",
        "modern",
        "sklearn",
        "--seeds",
        "2",
        "--max-iter",
        "5",
        "--out",
        str(out),
    ]
    assert main(args) == 0
    assert "4 fits" in capsys.readouterr().out
    rows = (
        [
            json.loads(line)
            for line in (out / "results.jsonl").read_text().split()
            if line.startswith("{")
        ]
        if False
        else read_rows(out / "results.jsonl")
    )
    assert len(rows) == 4
    with pytest.raises(SystemExit):
        main(["study", "--datasets", "mnist", "--out", str(out)])
    assert "unknown data set 'mnist'" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--version"])
    assert "skebp" in capsys.readouterr().out


def test_the_committed_study_is_what_the_docs_show():
    """docs/study/ holds a full run's rows; its report, headline and verdicts
    are regenerated from them, and the README's table is the headline."""
    from pathlib import Path

    from skebp.study._report import answer, headline, verdicts

    root = Path(__file__).resolve().parents[1]
    study = root / "docs" / "study"
    rows = read_rows(study / "results.jsonl")
    assert len(rows) == len({(r["dataset"], r["config"], r["seed"]) for r in rows})
    assert {r["seed"] for r in rows} == set(range(5))
    assert (study / "report.md").read_text() == markdown(sorted_rows(rows))
    assert (study / "headline.md").read_text() == headline(rows)
    assert (study / "verdicts.md").read_text() == verdicts(rows)
    assert (study / "answer.md").read_text() == answer(rows)
    assert headline(rows) in (root / "README.md").read_text()
    # the order the rows come in (as appended, or sorted) changes nothing:
    # the last bit of a mean decides ties in the average ranks
    assert answer(rows[::-1]) == answer(sorted_rows(rows)) == answer(rows)


def test_the_numbers_the_docs_quote_are_in_the_generated_tables():
    """Every number with three decimals that the tricks page or the README's
    study section states is one the generated tables or answer hold: the
    small sets' study's (``docs/study``) for both, and for the README's
    section, whose last sentences quote the suite's, those of
    ``docs/study_real`` as well."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]

    def generated(study):
        return "".join(
            (root / "docs" / study / name).read_text()
            for name in ("report.md", "verdicts.md", "headline.md", "answer.md")
        )

    small = generated("study")
    readme = (root / "README.md").read_text()
    section = readme.split("## Which tricks still pay off", 1)[1].split("\n## ", 1)[0]
    for text, tables in (
        ((root / "docs" / "tricks.md").read_text(), small),
        (section, small + generated("study_real")),
    ):
        quoted = set(re.findall(r"\d+\.\d{3}", text))
        assert quoted and not [n for n in quoted if n not in tables]


def sorted_rows(rows):
    return sorted(rows, key=lambda r: (r["dataset"], r["config"], r["seed"]))


def test_levenberg_marquardt_skip_counts_the_network_the_fit_builds(iris):
    """The skip decision counts the parameters of the very network a fit
    builds (an int hidden_layer_sizes, normalization scales included)."""
    from skebp.study._runner import _lm_too_slow

    X, y = iris
    params = {"solver": "levenberg_marquardt", "hidden_layer_sizes": 600}
    params["normalization"] = "layer"
    reason = _lm_too_slow(params, X, y, "classification")
    # weights and biases of 4-600-3, and the layer's 600 scales and shifts
    n_params = 4 * 600 + 600 + 600 * 3 + 3 + 2 * 600
    assert reason is not None and f"{n_params} parameters" in reason


def test_tuning_races_the_grid_and_extends_it_past_an_edge(monkeypatch):
    from skebp.study import _configs, _runner

    X, y = load_diabetes(return_X_y=True)
    # A grid far too low: the best rate is at its top edge, so rates beyond
    # it are tried until one does no better (or MAX_EXTENSIONS of them).
    monkeypatch.setitem(_configs.RATE_GRIDS, "adam", (1e-6, 1e-5))
    validation = _runner._validation_split(X, y, "regression", 0)
    rate, trials = _runner._tune_rate(
        {"solver": "adam", "learning_rate_init": 0.01}, "regression", validation, 0, 18
    )
    epochs = [e for _, e, _ in trials]
    assert epochs[:2] == [2, 2] and epochs[2:4] == [6, 6] and epochs[4:6] == [18, 18]
    beyond = [r for r, _, _ in trials if r > 1e-5]
    assert 1 <= len(beyond) <= _runner.MAX_EXTENSIONS
    assert rate > 1e-5 and all(e == 18 for r, e, _ in trials if r > 1e-5)
    row = _runner.fit_one(
        ("diabetes", "c", 0),
        (X, y, "regression"),
        {"solver": "adam", "learning_rate_init": 0.01},
        18,
        0.3,
        True,
    )
    # The row records every trial: the rates raced and those beyond the edge.
    assert row["tuned_rate"] > 1e-5 and len(row["tuning_trials"]) > 6
    assert row["tuned_rate"] in [r for r, _, _ in row["tuning_trials"]]


def test_the_validation_split_survives_a_class_of_one_training_row():
    """Stratification needs two rows a class: with a single one the split
    is drawn unstratified (the same rows for every configuration) instead
    of failing the row."""
    from skebp.study import _runner

    X = np.arange(40.0).reshape(20, 2)
    y = np.array([0] * 10 + [1] * 9 + [2])
    X_fit, X_val, y_fit, y_val = _runner._validation_split(X, y, "classification", 0)
    assert len(y_val) == 4 and len(y_fit) == 16
    again = _runner._validation_split(X, y, "classification", 0)
    assert np.array_equal(again[1], X_val)
    # with two rows a class or more it stays stratified
    y2 = np.array([0] * 10 + [1] * 10)
    _, _, _, y_val2 = _runner._validation_split(X, y2, "classification", 0)
    assert sorted(y_val2.tolist()) == [0, 0, 1, 1]


def test_each_change_is_tested_across_the_data_sets():
    """Demšar's test of a change over data sets: its mean differences'
    better / tie / worse counts and Wilcoxon's p-value, Holm-adjusted over
    the changes; the verdict table and the answer carry them."""
    from skebp.study._report import UNTESTED, changes_across_datasets

    def effect(config, dataset, difference, verdict="no detectable difference"):
        return {"config": config, "dataset": dataset, "difference": difference,
                "verdict": verdict}  # fmt: skip

    worse = [-0.1, -0.2, -0.05, -0.3, -0.02, -0.4, -0.15, -0.06, -0.08, -0.25]
    mixed = [0.01, -0.02, 0.003, 0.04, -0.01, 0.0, -0.03, 0.02, 0.001, -0.004]
    effects = [effect("a: worse", f"d{i}", v) for i, v in enumerate(worse)]
    effects += [effect("a: mixed", f"d{i}", v) for i, v in enumerate(mixed)]
    effects.append(effect("a: mixed", "d10", 0.5, UNTESTED))
    across = changes_across_datasets(effects)
    assert across["a: worse"]["win_tie_loss"] == (0, 0, 10)
    assert across["a: mixed"]["win_tie_loss"] == (3, 4, 3)  # untested: left out
    assert across["a: worse"]["datasets"] == across["a: mixed"]["datasets"] == 10
    p_worse = stats.wilcoxon(worse).pvalue
    assert across["a: worse"]["p_wilcoxon"] == pytest.approx(p_worse)
    # Holm over two changes: the smaller p doubled, the larger at least it
    assert across["a: worse"]["p_holm"] == pytest.approx(min(1, 2 * p_worse))
    assert across["a: mixed"]["p_holm"] >= across["a: worse"]["p_holm"]


def test_the_verdict_table_and_the_answer_give_the_test_across_data_sets(
    sequential,
):
    from skebp.study._report import answer, verdicts

    table = verdicts(sequential)
    assert "better / tie / worse (Holm-adjusted Wilcoxon p)" in table
    # one data set: no test across data sets, counts still given
    assert "| modern: momentum | " in table and "(—)" in table
    assert "**Each trick across the data sets**" in answer(sequential)


def test_gradient_boosting_takes_several_targets_one_at_a_time():
    """linnerud's three targets: the baseline that takes one target is fitted
    once per target (it used to fail), the linear model as it is."""
    rows = run_study(["linnerud"], ["hgb", "linear"], 1, out_dir=None, progress=None)
    assert [r["status"] for r in rows] == ["ok", "ok"]
    assert all(np.isfinite(r["score"]) for r in rows)


def test_a_fit_that_scores_the_test_rows_never_stops_on_them():
    """The test curve passes the test rows as validation rows; under
    early_stopping="auto" they would be numerous enough to stop on (wine:
    54 test rows, a fit too small to hold out its own 50), so that the test
    rows chose the epoch.  The study's fit is the one a user gets from the
    training rows alone."""
    from skebp import EBPClassifier
    from skebp.study import _runner, _tabular
    from skebp.study._datasets import resolve

    _, X, y, task = resolve("wine")
    rows = run_study(
        ["wine"], ["defaults"], 2, max_iter=60, out_dir=None, progress=None
    )
    for row in rows:
        X_tr, X_te, y_tr, y_te = _runner._split(X, y, task, row["seed"], 0.3)
        X_tr, X_te = _tabular.prepare(X_tr, X_te)
        alone = EBPClassifier(max_iter=60, random_state=row["seed"]).fit(X_tr, y_tr)
        assert row["n_iter"] == alone.n_iter_ == 60
        assert row["score"] == alone.score(X_te, y_te)
        assert len(row["test_curve"]) == 60


def _overlapping(boxes):
    """Pairs of the display boxes ``[(name, bbox), ...]`` that overlap."""
    return [
        (a, b)
        for i, (a, box_a) in enumerate(boxes)
        for b, box_b in boxes[i + 1 :]
        if box_a.overlaps(box_b)
    ]


def test_the_figures_text_overlaps_nothing():
    """The committed real-data study's figures, drawn again: the effects'
    caption sits below every panel's tick labels (tight_layout once let it
    overlap them), and no label of the critical-difference diagram
    overlaps another or a group's bar."""
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    from pathlib import Path

    import matplotlib.pyplot as plt

    from skebp.study._figures import draw_critical_difference, draw_effects

    root = Path(__file__).resolve().parents[1]
    rows = read_rows(root / "docs" / "study_real" / "results.jsonl")
    fig = draw_effects(plt, rows)
    renderer = fig.canvas.get_renderer()
    caption = fig._supxlabel.get_window_extent(renderer)
    panels = [ax.get_tightbbox(renderer) for ax in fig.axes if ax.get_visible()]
    assert len(panels) == 30
    assert all(caption.y1 < panel.y0 for panel in panels)
    plt.close(fig)

    fig = draw_critical_difference(plt, rows)
    renderer = fig.canvas.get_renderer()
    (ax,) = fig.axes
    labels = [(t.get_text(), t.get_window_extent(renderer)) for t in ax.texts]
    assert len(labels) == 8  # seven configurations and the scale's
    bars = [
        (f"bar {i}", line.get_window_extent(renderer))
        for i, line in enumerate(ax.lines)
        if line.get_linewidth() == 3
    ]
    assert len(bars) == 2
    assert _overlapping(labels + bars) == []
    plt.close(fig)


def test_the_answer_names_what_nemenyis_test_tells_apart():
    """After Friedman's test finds a difference, the answer names the pairs
    further apart than the critical difference; before, none."""
    from skebp.study._report import _nemenyi
    from skebp.study._statistics import told_apart

    a = {
        "configs": ["sklearn", "defaults", "hgb", "linear"],
        "ranks": [3.4, 1.2, 2.0, 3.4],
        "critical_difference": 2.0,
        "friedman_p": 0.01,
    }
    assert told_apart(a["configs"], a["ranks"], 2.0) == [
        ("defaults", ["linear", "sklearn"])
    ]
    found = "; by that difference defaults ranks ahead of linear and sklearn"
    assert _nemenyi(a) == found
    a["ranks"] = [3.0, 1.2, 2.0, 3.0]
    assert _nemenyi(a) == "; no two of them rank further apart than that"
    assert _nemenyi({**a, "friedman_p": 0.2}) == ""


def test_the_readme_quotes_the_small_sets_ranks_as_the_study_gives_them():
    """The README's account of the seven small sets: the defaults' and
    scikit-learn's average ranks, the defaults' wins, ties and losses and
    their Holm-adjusted p-value, and Friedman's p, as ``docs/study``'s
    answer gives them (a rerun of the study changes them all)."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    answer = (root / "docs" / "study" / "answer.md").read_text()
    readme = " ".join((root / "README.md").read_text().split())
    listed = re.search(r"average ranks \(1 = best\) are (.*?); Friedman", answer)[1]
    ranks = dict(entry.rsplit(" ", 1) for entry in listed.split(", "))
    friedman = re.search(r"Friedman's test finds .*?\(p = (\d\.\d{3})", answer)[1]
    wins, ties, losses, p = re.search(
        r"defaults (\d+)/(\d+)/(\d+) \(Holm-adjusted Wilcoxon p = (\d\.\d{3})\)", answer
    ).groups()
    assert losses == "0"
    for text in (
        f"(Friedman's test over the seven data sets, p = {friedman})",
        f"they rank ahead of it ({ranks['defaults']} against {ranks['sklearn']})",
        f"({wins} wins, {ties} ties, no loss; Holm-adjusted Wilcoxon p = {p})",
    ):
        assert text in readme, text
