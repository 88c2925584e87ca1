"""Build the Sphinx docs with warnings as errors (needs sphinx, numpydoc,
sphinx-gallery and matplotlib, which the test extra installs; skipped
without them), and run every gallery script.

The build does not execute the gallery (``plot_gallery=0``, about 30 s):
each script runs as a test of its own, so that pytest-xdist spreads the
scripts (about 150 s together) over its workers instead of one worker
running them all inside the build."""

import os
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
