"""Sphinx configuration of the skebp documentation."""

import skebp

project = "skebp"
author = "The skebp developers"
copyright = "2026, The skebp developers"
version = release = skebp.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.intersphinx",
    "sphinx.ext.mathjax",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
    "myst_parser",
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}

autosummary_generate = True
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
# numpydoc validation of the public docstrings: warnings fail `sphinx-build -W`.
numpydoc_validation_checks = {"PR01", "PR02", "PR07", "RT03"}
exclude_patterns = [
    "_build",
    "auto_examples/*.ipynb",
    "**.ipynb_checkpoints",
    # included by tricks.md, study_report.md and real_data.md
    "study/*.md",
    "study_real/*.md",
]

# Links to scikit-learn, NumPy and SciPy.  The build has no network, so the
# inventories are files written from the installed packages by
# _inventories/make_inventories.py (the URLs are those of the published docs).
intersphinx_mapping = {
    "sklearn": ("https://scikit-learn.org/stable/", "_inventories/sklearn.inv"),
    "numpy": ("https://numpy.org/doc/stable/", "_inventories/numpy.inv"),
    "scipy": ("https://docs.scipy.org/doc/scipy/", "_inventories/scipy.inv"),
}

sphinx_gallery_conf = {
    "examples_dirs": "../examples",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    "download_all_examples": False,
    # "Examples using ..." on each API page (the class template includes it)
    "doc_module": ("skebp",),
    "backreferences_dir": "gen_modules/backreferences",
}

html_theme = (
    "pydata_sphinx_theme"
    if __import__("importlib").util.find_spec("pydata_sphinx_theme")
    else "alabaster"
)
html_static_path = []
templates_path = ["_templates"]
