"""The docstrings: every public name documented with a runnable example, and
every example in the package run as a doctest (on the installed package)."""

import doctest
import importlib
import inspect
import pkgutil

import pytest

import skebp

MODULES = sorted(
    name
    for _, name, _ in pkgutil.walk_packages(skebp.__path__, "skebp.")
    if name != "skebp.__main__"
)


@pytest.mark.parametrize("module_name", MODULES)
def test_doctests(module_name):
    module = importlib.import_module(module_name)
    flags = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS
    result = doctest.testmod(module, optionflags=flags, verbose=False)
    assert result.failed == 0


@pytest.mark.parametrize("name", skebp.__all__)
def test_public_names_have_numpydoc_sections(name):
    obj = getattr(skebp, name)
    if name == "__version__":
        return
    # RECIPES is a dict: its documentation is its module's.
    doc = inspect.getdoc(skebp.recipes if name == "RECIPES" else obj) or ""
    sections = ["Examples"]
    is_exception = inspect.isclass(obj) and issubclass(obj, Exception)
    if callable(obj) and name != "RECIPES" and not is_exception:
        if inspect.signature(obj).parameters:
            sections.append("Parameters")
    for section in sections:
        assert f"{section}\n--------" in doc, f"{name} lacks {section}"
    if inspect.isclass(obj):
        for meth in ("fit", "predict", "transform", "predict_proba"):
            if hasattr(obj, meth):
                assert "Parameters" in inspect.getdoc(getattr(obj, meth))


def test_recipes_documented():
    assert "RECIPES" in skebp.__all__
    assert set(skebp.RECIPES) >= {"lecun98", "modern"}
