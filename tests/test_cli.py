import subprocess
import sys

import pytest

from skebp import RECIPES
from skebp.cli import compare, format_table, main


def test_compare_rows():
    rows = compare("iris", seeds=2)
    assert [r["recipe"] for r in rows] == list(RECIPES)
    for r in rows:
        assert 0.8 < r["score"] <= 1.0
        assert r["epochs"] >= 1 and r["seconds"] > 0
    table = format_table(rows, "test accuracy")
    assert "lecun98" in table and "test accuracy" in table


def test_compare_regression():
    rows = compare("diabetes", recipes=["modern"])
    assert rows[0]["recipe"] == "modern"
    assert rows[0]["score"] > 0.2
    rows = compare("diabetes", recipes=["modern"], hidden=())
    assert rows[0]["score"] > 0.3  # a linear model does well on diabetes


def test_main_prints_table(capsys):
    assert main(["compare", "--dataset", "wine", "--recipe", "modern"]) == 0
    out = capsys.readouterr().out
    assert "dataset: wine" in out and "modern" in out and "lecun98" not in out
    assert "hidden layers: (100,)" in out
    assert main(["compare", "--dataset", "iris", "--hidden", "--recipe", "modern"]) == 0
    assert "hidden layers: ()" in capsys.readouterr().out


def test_main_rejects_bad_arguments(capsys):
    with pytest.raises(SystemExit):
        main(["compare", "--dataset", "mnist"])
    with pytest.raises(SystemExit):
        main(["compare", "--seeds", "0"])
    assert "--seeds must be >= 1" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["compare", "--hidden", "0"])
    with pytest.raises(SystemExit):
        main([])


def test_python_dash_m():
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "skebp",
            "compare",
            "--dataset",
            "iris",
            "--recipe",
            "modern",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "modern" in done.stdout


def test_progress_line_per_fit_and_bar(capsys):
    args = ["compare", "--dataset", "iris", "--recipe", "modern", "--seeds", "2"]
    assert main([*args, "--progress", "text"]) == 0
    err = capsys.readouterr().err
    assert err.count("modern, seed") == 2 and "epochs" in err
    assert main([*args, "--progress", "none"]) == 0
    assert capsys.readouterr().err == ""
    pytest.importorskip("rich")
    pytest.importorskip("sklearn.callback")
    rows = compare("iris", recipes=["modern"], progress="bar")
    assert "EBPClassifier" in capsys.readouterr().out  # the bar, per fit
    assert rows[0]["score"] > 0.8


def test_version_answers_without_the_numerical_stack():
    """``skebp --version`` imports neither NumPy nor scikit-learn (it took
    3.7 s when it did)."""
    code = (
        "import sys; from skebp.cli import main\n"
        "try:\n    main(['--version'])\n"
        "except SystemExit as e:\n    assert e.code == 0\n"
        "heavy = {'numpy', 'scipy', 'sklearn'} & set(sys.modules)\n"
        "assert not heavy, heavy"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().startswith("skebp ")
