"""Process-wide settings: :func:`get_config`, :func:`set_config` and
:func:`config_context`, on the model of scikit-learn's.

``compiled``
    Run the mini-batch epochs of the first-order solvers in the compiled
    kernel when numba is installed (``pip install "skebp[fast]"``) and the
    configuration is one it covers (default ``True``).  ``False`` keeps
    every fit on the numpy path.  The environment variable
    ``SKEBP_COMPILED=0`` sets the default to ``False``.

The settings are global to the process (not per thread); worker processes
(joblib, Dask) start from the default, so set the environment variable to
reach them.
"""

import os
from contextlib import contextmanager

_DEFAULTS = {"compiled": os.environ.get("SKEBP_COMPILED", "1").lower()
             not in ("0", "false", "no", "off")}  # fmt: skip
_config = dict(_DEFAULTS)


def get_config():
    """The current settings, as a new dict.

    Returns
    -------
    config : dict
        ``{"compiled": bool}``.

    Examples
    --------
    >>> import skebp
    >>> skebp.get_config()["compiled"] in (True, False)
    True
    """
    return dict(_config)


def set_config(compiled=None):
    """Change the settings for the rest of the process.

    Parameters
    ----------
    compiled : bool, default=None
        Whether the first-order solvers' mini-batch epochs may run in the
        compiled kernel (numba).  None leaves it unchanged.

    Examples
    --------
    >>> import skebp
    >>> skebp.set_config(compiled=False)  # numpy only from here on
    >>> skebp.get_config()["compiled"]
    False
    >>> skebp.set_config(compiled=True)
    """
    if compiled is not None:
        if not isinstance(compiled, bool):
            raise TypeError(
                f"compiled must be True or False, got {compiled!r} "
                f"({type(compiled).__name__})."
            )
        _config["compiled"] = compiled


@contextmanager
def config_context(*, compiled=None):
    """Change the settings within a ``with`` block, restoring them after.

    Parameters
    ----------
    compiled : bool, default=None
        See :func:`set_config`.

    Examples
    --------
    >>> import skebp
    >>> with skebp.config_context(compiled=False):
    ...     skebp.get_config()["compiled"]
    False
    """
    before = get_config()
    set_config(compiled=compiled)
    try:
        yield
    finally:
        set_config(**before)
