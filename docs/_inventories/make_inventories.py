"""Write the intersphinx inventories the docs link to, without a network.

The docs build has no network (nor does CI), so Sphinx cannot download
scikit-learn's, NumPy's and SciPy's ``objects.inv``.  This script writes
equivalent inventories of their public API from the installed packages,
with the URLs of their published docs; ``conf.py`` points intersphinx at
these files.  Run it again after a new release changes the API::

    python docs/_inventories/make_inventories.py
"""

import importlib
import inspect
import pkgutil
import zlib
from pathlib import Path

HERE = Path(__file__).parent


def _public_objects(package, modules):
    """``(qualified name, role)`` for the public classes and functions of the
    ``modules`` of ``package`` (by ``__all__`` where given)."""
    seen = set()
    for name in modules:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        seen.add((name, "py:module"))
        names = getattr(module, "__all__", None) or [
            n for n in dir(module) if not n.startswith("_")
        ]
        for attr in names:
            try:
                obj = getattr(module, attr, None)
            except ImportError:  # experimental names that need an opt-in
                continue
            if inspect.isclass(obj):
                seen.add((f"{name}.{attr}", "py:class"))
            elif callable(obj):
                seen.add((f"{name}.{attr}", "py:function"))
    return sorted(seen)


def _write(path, project, version, entries, uri):
    lines = [f"{name} {role} 1 {uri(name, role)} -" for name, role in entries]
    header = (
        "# Sphinx inventory version 2\n"
        f"# Project: {project}\n# Version: {version}\n"
        "# The remainder of this file is compressed using zlib.\n"
    )
    path.write_bytes(header.encode() + zlib.compress("\n".join(lines).encode()))
    print(f"{path.name}: {len(lines)} entries")


def main():
    import numpy
    import scipy
    import sklearn

    sk_modules = ["sklearn"] + [
        f"sklearn.{m.name}"
        for m in pkgutil.iter_modules(sklearn.__path__)
        if not m.name.startswith("_") and m.name not in ("tests", "conftest")
    ]
    _write(
        HERE / "sklearn.inv",
        "scikit-learn",
        sklearn.__version__,
        _public_objects("sklearn", sk_modules),
        lambda name, role: (
            f"api/{name}.html"
            if role == "py:module"
            else f"modules/generated/{name}.html#{name}"
        ),
    )
    _write(
        HERE / "numpy.inv",
        "NumPy",
        numpy.__version__,
        _public_objects("numpy", ["numpy", "numpy.random", "numpy.linalg"]),
        lambda name, role: f"reference/generated/{name}.html#{name}",
    )
    _write(
        HERE / "scipy.inv",
        "SciPy",
        scipy.__version__,
        _public_objects(
            "scipy", ["scipy.optimize", "scipy.linalg", "scipy.sparse", "scipy.special"]
        ),
        lambda name, role: f"reference/generated/{name}.html#{name}",
    )


if __name__ == "__main__":
    main()
