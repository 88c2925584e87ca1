"""Sphinx configuration of the skebp documentation."""

import skebp

project = "skebp"
author = "The skebp developers"
copyright = "2026, The skebp developers"
version = release = skebp.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
]

autosummary_generate = True
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
# numpydoc validation of the public docstrings: warnings fail `sphinx-build -W`.
numpydoc_validation_checks = {"PR01", "PR02", "PR07", "RT03"}
exclude_patterns = ["_build", "auto_examples/*.ipynb", "**.ipynb_checkpoints"]

sphinx_gallery_conf = {
    "examples_dirs": "../examples",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    "download_all_examples": False,
    "reference_url": {"skebp": None},
}

html_theme = (
    "pydata_sphinx_theme"
    if __import__("importlib").util.find_spec("pydata_sphinx_theme")
    else "alabaster"
)
html_static_path = []
templates_path = ["_templates"]
