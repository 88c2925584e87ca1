"""Build the Sphinx docs, gallery included, with warnings as errors (needs
sphinx, numpydoc, sphinx-gallery and matplotlib, which the test extra
installs; skipped without them).  About 35 s on two quiet cores, the seven
gallery scripts included."""

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
            "-b",
            "html",
            str(src),
            str(tmp_path / "html"),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-3000:]
