"""Build the Sphinx docs with warnings as errors (needs sphinx, numpydoc,
sphinx-gallery and matplotlib, which the test extra installs; skipped
without them), and run every gallery script, checking what the texts of
five of them say against what they print (``CLAIMS``).

The build does not execute the gallery (``plot_gallery=0``, about 30 s):
each script runs as a test of its own, so that pytest-xdist spreads the
scripts (about 150 s together) over its workers instead of one worker
running them all inside the build."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"


@pytest.mark.skipif(not DOCS.exists(), reason="no docs/ beside the tests")
def test_docs_build_without_warnings(tmp_path):
    pytest.importorskip("sphinx")
    pytest.importorskip("numpydoc")
    pytest.importorskip("sphinx_gallery")
    pytest.importorskip("matplotlib")
    src = tmp_path / "docs"
    shutil.copytree(
        DOCS, src, ignore=shutil.ignore_patterns("_build", "generated", "auto_examples")
    )
    shutil.copytree(DOCS.parent / "examples", tmp_path / "examples")
    shutil.copy(DOCS.parent / "CHANGELOG.md", tmp_path / "CHANGELOG.md")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "--keep-going",
            "-q",
            "-D",
            "plot_gallery=0",
            "-b",
            "html",
            str(src),
            str(tmp_path / "html"),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-3000:]


EXAMPLES = sorted((DOCS.parent / "examples").glob("plot_*.py"))


@pytest.mark.parametrize("script", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_gallery_script_runs(script, tmp_path):
    pytest.importorskip("matplotlib")
    done = subprocess.run(
        [sys.executable, str(script)],
        cwd=tmp_path,
        # one BLAS thread: beside the other worker, two threads per script
        # oversubscribe the two cores (a script took twice as long)
        env={**os.environ, "MPLBACKEND": "Agg", "OPENBLAS_NUM_THREADS": "1"},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    claims = CLAIMS.get(script.stem)
    if claims is not None:
        claims(done.stdout)


# What each example's text says, checked on what it prints.  The margins
# are measured: each is many times the difference between one BLAS thread
# (as here) and two.


def _line(out, prefix):
    """The ``name value`` pairs of the printed line that starts ``prefix``."""
    found = re.search(rf"^{re.escape(prefix)}(.*)$", out, flags=re.MULTILINE)
    assert found, f"no line starting {prefix!r}"
    return {k: float(v) for k, v in re.findall(r"(\w+) (-?\d+\.\d+)", found[1])}


def _solvers(out):
    row = r"^  (\w+)\s+(\d+) iterations\s+\S+ s  final loss (\S+)  test score (\S+)$"
    diabetes, cancer = (
        {n: (int(i), float(loss), float(score)) for n, i, loss, score in
         re.findall(row, part, flags=re.MULTILINE)}
        for part in out.split("breast cancer (classification")
    )  # fmt: skip
    # LM reaches the lowest loss on diabetes and overfits it (test R^2
    # -0.58); on breast cancer 5e-12 in 28 iterations, L-BFGS 1e-9 in 37
    assert min(diabetes, key=lambda n: diabetes[n][1]) == "levenberg_marquardt"
    assert diabetes["levenberg_marquardt"][2] < -0.2
    assert cancer["levenberg_marquardt"][0] < 40
    assert cancer["levenberg_marquardt"][1] < 1e-10
    assert cancer["lbfgs"][1] < 1e-7
    # the first-order solvers flatten out at 0.02 to 0.06 on breast cancer
    assert all(0.01 < cancer[n][1] < 0.1 for n in ("sgd", "momentum", "adam"))
    # the defaults' penalty: diabetes R^2 0.33 to 0.40 for every solver
    # (-0.58 to 0.39 without), breast cancer 0.95 to 0.98
    assert all(0.25 < r2 < 0.45 for r2 in _line(out, "diabetes, alpha=").values())
    assert all(0.92 < a < 1.0 for a in _line(out, "breast cancer, alpha=").values())


def _layer_types(out):
    loss = {
        (data, units.strip()): float(value)
        for data, units, value in re.findall(
            r"^(iris|digits)\s+(.+?)\s+training loss after \d+ iterations (\S+),",
            out,
            flags=re.MULTILINE,
        )
    }
    # radial units fit iris better than sigmoids (4.3e-5 against 4.4e-3) and
    # digits far worse (0.14 against 2e-9); above sigmoids, in between
    assert loss["iris", "20 rbf"] < loss["iris", "20 lecun_tanh"] / 10
    assert loss["digits", "20 rbf"] > 1e4 * loss["digits", "20 lecun_tanh"]
    between = loss["digits", "50 lecun_tanh + 20 rbf"]
    assert loss["digits", "20 lecun_tanh"] < between < loss["digits", "20 rbf"] / 100


def _learning_rates(out):
    exact, estimated = map(
        float,
        re.search(r"lambda_max: exact (\S+), estimated by the power method (\S+)", out)
        .groups(),
    )  # fmt: skip
    assert abs(estimated / exact - 1) < 0.01  # 1.006 against 1.004
    assert re.search(r"\(0\.9 x bound\): converged", out)
    assert re.search(r"\(1\.1 x bound\): Training diverged", out)
    # the prediction is conservative in batch mode (best at 4 times it) and
    # within a factor 2 on-line
    best = dict(re.findall(r"^(batch|on-line) .* at ratio (\S+)$", out, re.MULTILINE))
    assert float(best["batch"]) > 1 and float(best["on-line"]) <= 2
    # per-weight rates pay off, by less than the paper's factor of three
    fewer = float(re.search(r"in \d+: (\S+) times fewer", out)[1])
    assert 1 < fewer < 3


def _input_normalization(out):
    runs = {
        (method, eta): float(loss)
        for method, eta, loss in re.findall(
            r"^(\w+)\s+eta=(\S+): test accuracy .* final training loss (\S+)$",
            out,
            flags=re.MULTILINE,
        )
    }
    # at one small rate ZCA trains slower than standardization; each at
    # 0.5 / lambda_max of its own H, ZCA reaches the lower loss
    assert runs["zca", "0.01"] > 2 * runs["standardize", "0.01"]
    own = {m: loss for (m, eta), loss in runs.items() if eta != "0.01"}
    assert own["zca"] < own["standardize"] / 2


def _deck_items(out):
    # the deep ReLU networks train with every initialization (0.954 to
    # 0.958), none loses its gradient (layer 1 / layer 6: 0.39 to 0.56)
    accuracy = [float(a) for a in re.findall(r"init='\w+': accuracy\s+(\S+)", out)]
    ratios = [float(r) for r in re.findall(r"after epoch 1: (\S+);", out)]
    assert len(accuracy) == len(ratios) == 3
    assert min(accuracy) > 0.9 and max(accuracy) - min(accuracy) < 0.03
    assert all(0.1 < r < 10 for r in ratios)


CLAIMS = {
    "plot_deck_items": _deck_items,
    "plot_solvers": _solvers,
    "plot_layer_types": _layer_types,
    "plot_learning_rates": _learning_rates,
    "plot_input_normalization": _input_normalization,
}
