"""The study's results file never loses or invents a row: append-only
writes, keys on every row, refused resumes, a lock, corrupt lines reported;
Ctrl-C stops ``study`` and ``compare`` without recording a cut fit."""

import json
import os
import signal
import subprocess
import sys

import numpy as np
import pytest
import sklearn.neural_network._multilayer_perceptron as sk_mlp
from _helpers import benchmark_script

import skebp._training._stochastic as stochastic
from skebp.cli import main
from skebp.study import StudyInterrupted, read_rows, run_study
from skebp.study._store import ResultsStore

TIMING = {"fit_seconds", "fit_cpu_seconds", "tuning_seconds", "tuning_cpu_seconds"}


def _study(out, configs=("modern",), seeds=2, **kw):
    kw.setdefault("max_iter", 6)
    kw.setdefault("progress", None)
    return run_study(["iris"], list(configs), seeds=seeds, out_dir=out, **kw)


def _plain(rows):
    return [{k: v for k, v in r.items() if k not in TIMING} for r in rows]


def test_rows_are_appended_never_rewritten(tmp_path):
    first = _study(tmp_path, seeds=2)
    path = tmp_path / "results.jsonl"
    before = path.read_bytes()
    more = _study(tmp_path, seeds=3)
    assert path.read_bytes().startswith(before)
    assert len(path.read_text().splitlines()) == 3
    assert _plain(more[:2]) == _plain(first)
    key = more[0]["key"]
    assert key["max_iter"] == 6 and key["tune"] is True and key["test_size"] == 0.3
    assert {"skebp", "scikit-learn", "numpy", "scipy"} <= set(key["versions"])
    assert key["rate_grid"] and key["params"]["solver"] == "adam"
    assert len(key["data"]) == 16


def test_resume_says_how_many_fits_were_done(tmp_path, capsys):
    _study(tmp_path, seeds=2)
    capsys.readouterr()
    _study(tmp_path, seeds=3)
    assert "2 of 3 fits already done" in capsys.readouterr().err


@pytest.mark.parametrize(
    "change, named",
    [
        ({"max_iter": 7}, "max_iter 6 in the file, 7 in this run"),
        ({"test_size": 0.25}, "test_size 0.3 in the file, 0.25"),
        ({"tune": False}, "tune True in the file, False"),
    ],
)
def test_resume_with_other_settings_is_refused(tmp_path, change, named):
    _study(tmp_path, seeds=1)
    before = (tmp_path / "results.jsonl").read_bytes()
    with pytest.raises(ValueError, match=named):
        _study(tmp_path, seeds=1, **change)
    assert (tmp_path / "results.jsonl").read_bytes() == before


def test_resume_with_other_data_or_parameters_is_refused(tmp_path):
    X = np.random.RandomState(0).normal(size=(60, 3))
    y = (X[:, 0] > 0).astype(int)
    kw = dict(seeds=1, max_iter=3, out_dir=tmp_path, progress=None)
    run_study([("mine", X, y)], {"net": {"alpha": 0.0}}, **kw)
    with pytest.raises(ValueError, match="data '[0-9a-f]+' in the file"):
        run_study([("mine", X * 2, y)], {"net": {"alpha": 0.0}}, **kw)
    with pytest.raises(ValueError, match="params .*'alpha': 0.0.*'alpha': 1.0"):
        run_study([("mine", X, y)], {"net": {"alpha": 1.0}}, **kw)


def test_a_changed_default_refuses_the_rows_it_changes(tmp_path, monkeypatch):
    """The key records every parameter of the estimator a configuration
    builds, so that rows fitted under other defaults (the "defaults" rows;
    a recipe's rows when it leaves the changed parameter unset) are refused,
    while configurations that set the parameter are reused."""
    from skebp import EBPClassifier

    _study(tmp_path, configs=("defaults", "modern"), seeds=1)
    key = read_rows(tmp_path / "results.jsonl")[0]["key"]
    assert key["estimator_params"]["activation"] == "relu"
    assert "max_iter" not in key["estimator_params"]
    # a release that changes the default activation
    init = EBPClassifier.__init__
    names = init.__code__.co_varnames[1 : init.__code__.co_argcount]
    defaults = dict(zip(names[-len(init.__defaults__) :], init.__defaults__))
    defaults["activation"] = "tanh"
    monkeypatch.setattr(init, "__defaults__", tuple(defaults.values()))
    assert EBPClassifier().activation == "tanh"
    with pytest.raises(
        ValueError, match="defaults, seed 0: estimator_params .*'activation': 'relu'"
    ):
        _study(tmp_path, configs=("defaults", "modern"), seeds=1)
    _study(tmp_path, configs=("modern",), seeds=1)  # "modern" sets activation


def test_rows_whose_time_to_target_was_measured_otherwise_are_refused(tmp_path):
    """A folder written before the validation curve (its keys have no
    ``time_to_target``) is refused on resume, naming the setting."""
    _study(tmp_path, seeds=1)
    path = tmp_path / "results.jsonl"
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    for row in rows:
        del row["key"]["time_to_target"]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    with pytest.raises(ValueError, match="time_to_target None in the file"):
        _study(tmp_path, seeds=1)


def test_rows_without_a_key_are_refused(tmp_path):
    path = tmp_path / "results.jsonl"
    row = {"dataset": "iris", "config": "modern", "seed": 0, "status": "ok"}
    path.write_text(json.dumps(row) + "\n")
    with pytest.raises(ValueError, match="carry no key"):
        _study(tmp_path, seeds=1)


def test_fresh_keeps_the_old_file_aside(tmp_path):
    _study(tmp_path, seeds=1)
    old = (tmp_path / "results.jsonl").read_bytes()
    _study(tmp_path, seeds=1, max_iter=4, resume=False)
    assert (tmp_path / "results.jsonl.old").read_bytes() == old
    assert read_rows(tmp_path / "results.jsonl")[0]["n_iter"] <= 4


def test_a_second_study_on_the_folder_is_refused(tmp_path):
    with ResultsStore(tmp_path / "results.jsonl"):
        with pytest.raises(ValueError, match=f"process {os.getpid()}.*--out"):
            _study(tmp_path, seeds=1)
    _study(tmp_path, seeds=1)  # the lock is released with the store


def test_corrupt_lines_are_reported_and_skipped(tmp_path, capsys):
    rows = _study(tmp_path, seeds=2)
    path = tmp_path / "results.jsonl"
    good = path.read_bytes().splitlines()
    path.write_bytes(
        b"\n".join(
            [
                good[0],
                b"\xff\xfe not utf-8",
                b'["a", "list"]',
                b'{"dataset": "iris", "config": "modern"}',
                good[0],  # a duplicate, as two runs without a lock wrote
                good[1][:40],  # cut by a kill: no newline at the end
            ]
        )
    )
    capsys.readouterr()
    again = _study(tmp_path, seeds=2)
    err = capsys.readouterr().err
    for text in (
        "line 2: not UTF-8",
        "line 3: not a row (a JSON list",
        "line 4: not a row (no 'seed')",
        "line 5: iris, modern, seed 0 again (first on line 1)",
        "line 6: not JSON",
        "1 of 2 fits already done",
    ):
        assert text in err
    assert _plain(again) == _plain(rows)
    # the row fitted again starts a line of its own after the cut one
    lines = path.read_bytes().splitlines()
    assert lines[-2] == good[1][:40] and json.loads(lines[-1])["seed"] == 1
    with pytest.warns(UserWarning, match="line 2: not UTF-8"):
        assert len(read_rows(path)) == 2


def _interrupt_after(monkeypatch, module, name, n_calls):
    """Ctrl-C at the ``n_calls``-th call of ``module.name``."""
    original = getattr(module, name)
    calls = [0]

    def wrapped(*args, **kwargs):
        calls[0] += 1
        if calls[0] == n_calls:
            raise KeyboardInterrupt
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, wrapped)


@pytest.mark.parametrize(
    "config, module, name",
    [
        # skebp's loop calls presentation_order once an epoch, scikit-learn's
        # gen_batches; each row makes two fits of 6 epochs (the second on the
        # validation split): the second row is cut during its fourth epoch
        ("modern", stochastic, "presentation_order"),
        ("sklearn", sk_mlp, "gen_batches"),
    ],
)
def test_a_fit_cut_by_ctrl_c_is_not_recorded(
    tmp_path, monkeypatch, config, module, name
):
    clean = _study(None, [config], seeds=3, max_iter=6, tune=False)
    _interrupt_after(monkeypatch, module, name, 2 * 6 + 4)
    with pytest.raises(StudyInterrupted) as info:
        _study(tmp_path, [config], seeds=3, max_iter=6, tune=False)
    assert (info.value.done, info.value.total, info.value.new) == (1, 3, 1)
    assert "run the same study again to resume" in str(info.value)
    assert _plain(read_rows(tmp_path / "results.jsonl")) == _plain(clean[:1])
    monkeypatch.undo()
    resumed = _study(tmp_path, [config], seeds=3, max_iter=6, tune=False)
    assert _plain(resumed) == _plain(clean)


def test_ctrl_c_while_a_row_is_written_counts_what_the_file_holds(
    tmp_path, monkeypatch
):
    """A real SIGINT that arrives while the second row is being written:
    the row is finished and counted, then the study stops; the message's
    count is the file's."""
    original, calls = ResultsStore.append, []

    def append(self, row):
        calls.append(1)
        if len(calls) == 2:
            os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C mid-write
        return original(self, row)

    monkeypatch.setattr(ResultsStore, "append", append)
    # Python's own handler, whatever the test runner installed
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(StudyInterrupted) as info:
            _study(tmp_path, ["modern"], seeds=3, max_iter=3, tune=False)
    finally:
        signal.signal(signal.SIGINT, previous)
    rows = read_rows(tmp_path / "results.jsonl")
    assert len(rows) == info.value.done == info.value.new == 2
    assert "2 of 3 fits are saved" in str(info.value)


def test_the_command_exits_130_after_ctrl_c(tmp_path, monkeypatch, capsys):
    _interrupt_after(monkeypatch, stochastic, "presentation_order", 2)
    args = ["study", "--datasets", "iris", "--configs", "modern", "--seeds", "2"]
    code = main([*args, "--max-iter", "5", "--no-tune", "--out", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 130 and "0 of 2 fits are saved" in err and "Traceback" not in err
    _interrupt_after(monkeypatch, stochastic, "presentation_order", 3)
    code = main(["compare", "--dataset", "iris", "--seeds", "2", "--progress", "none"])
    out, err = capsys.readouterr()
    assert code == 130 and "nothing was recorded" in err and "recipe" not in out


def _warm_the_compiled_kernel():
    """Fit the study's configuration once here, so that a fresh install's
    numba compiles (and caches on disk) its kernel before the study's
    processes start: a worker still compiling when SIGINT arrives gets a
    traceback printed by llvmlite's cache callback ("Exception ignored"),
    which is numba's, not the study's, and would say nothing of how the
    study stops."""
    from sklearn.datasets import load_iris

    from skebp import EBPClassifier
    from skebp.recipes import RECIPES

    EBPClassifier(**{**RECIPES["modern"], "max_iter": 1}).fit(
        *load_iris(return_X_y=True)
    )


@pytest.mark.parametrize("n_jobs", ["1", "2"])
def test_a_real_ctrl_c_stops_the_study(tmp_path, n_jobs):
    """SIGINT to the whole process group, as a terminal sends it, once the
    first fit is reported: exit 130, a message, only finished fits saved."""
    _warm_the_compiled_kernel()
    command = [sys.executable, "-m", "skebp", "study", "--datasets", "iris"]
    command += ["--configs", "modern", "--seeds", "200", "--no-tune"]
    command += ["--n-jobs", n_jobs, "--out", str(tmp_path)]
    proc = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    # the first fit's report, after the workers' start (announced first);
    # other lines (a warning) may come before them
    before = []
    while not (line := proc.stderr.readline()).startswith("[1/200]"):
        assert line and len(before) < 20, before
        before.append(line)
    if n_jobs != "1":
        assert any(b.startswith("starting 2 worker processes") for b in before)
    os.killpg(proc.pid, signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "study interrupted" in err
    rows = read_rows(tmp_path / "results.jsonl")
    assert 1 <= len(rows) < 200
    assert all(r["status"] == "ok" and r["n_iter"] >= 1 for r in rows)
    assert f"{len(rows)} of 200 fits are saved" in err


def test_rekeying_keeps_only_rows_whose_fits_come_out_the_same(
    tmp_path, monkeypatch, capsys
):
    """benchmarks/rekey_study.py gives the current key to the rows of a
    configuration whose fits, re-run, are the same to the bit, and drops
    the rows of one whose fits are not (and diverged rows on request), so
    that the resumed study fits only those again."""
    configs = ("defaults", "modern", "sklearn")
    _study(tmp_path, configs=configs, seeds=2)
    path = tmp_path / "results.jsonl"
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    for row in rows:  # written before keys named every parameter
        del row["key"]["estimator_params"]
        if row["config"] == "defaults" and row["seed"] == 1:
            row["score"] -= 0.25  # fitted by other code
        if row["config"] == "modern" and row["seed"] == 0:
            row["loss_curve"][0] *= 1 + 2**-50  # a penalty summed otherwise
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    with pytest.raises(ValueError, match="estimator_params None in the file"):
        _study(tmp_path, configs=configs, seeds=2)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # the re-run fits write no folder
    argv = ["rekey_study.py", str(tmp_path), "--datasets", "iris"]
    monkeypatch.setattr(sys, "argv", [*argv, "--verify", "iris", "--n-jobs", "1"])
    benchmark_script("rekey_study").main()
    said = capsys.readouterr().out
    assert "defaults: 1 of 2 differ: its rows dropped" in said
    assert "modern: all 2 the same: re-keyed" in said
    assert "4 of 6 rows kept" in said
    assert not list(elsewhere.iterdir())
    assert path.with_name("results.jsonl.old").read_text() == "".join(
        json.dumps(r) + "\n" for r in rows
    )
    kept = read_rows(path)
    assert {r["config"] for r in kept} == {"modern", "sklearn"}
    assert _plain([{**r, "key": None} for r in kept]) == _plain(
        [{**r, "key": None} for r in rows if r["config"] != "defaults"]
    )
    _study(tmp_path, configs=configs, seeds=2)
    assert "4 of 6 fits already done" in capsys.readouterr().err
