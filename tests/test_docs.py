"""Build the Sphinx docs with warnings as errors (needs sphinx, numpydoc,
sphinx-gallery and matplotlib, which the test extra installs; skipped
without them).  The gallery's slowest example is shown without being run
(``SKEBP_QUICK_GALLERY=1``, see ``docs/conf.py``) unless ``SKEBP_FULL_DOCS=1``
asks for the whole build."""

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
            "-b",
            "html",
            str(src),
            str(tmp_path / "html"),
        ],
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "SKEBP_QUICK_GALLERY": "0" if os.environ.get("SKEBP_FULL_DOCS") else "1",
        },
    )
    assert done.returncode == 0, done.stderr[-3000:]
