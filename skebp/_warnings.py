"""Warnings that point at the user's line, not at skebp's or scikit-learn's.

A fixed ``stacklevel`` is wrong as soon as the call goes through another
layer (scikit-learn's ``_fit_context`` wrapper, a training module, a
Pipeline): the warning then names a library file.  :func:`warn` walks up the
stack past every frame of skebp and of scikit-learn and reports the first
frame outside them, as ``warnings.warn``'s ``skip_file_prefixes`` (Python
3.12) does.
"""

import os
import re
import sys
import warnings

import sklearn

_LIBRARY_DIRS = tuple(
    os.path.dirname(os.path.abspath(mod.__file__)) + os.sep
    for mod in (sys.modules[__package__], sklearn)
)


def warn(message, category=UserWarning):
    """``warnings.warn`` attributed to the first caller outside skebp and
    scikit-learn."""
    frame = sys._getframe(1)  # the caller: warnings.warn's stacklevel 2
    level = 2
    while frame is not None and frame.f_code.co_filename.startswith(_LIBRARY_DIRS):
        frame = frame.f_back
        level += 1
    warnings.warn(message, category, stacklevel=level)


#: What a fit says when Ctrl-C stops its training (scikit-learn's MLP says
#: the same): it keeps the epochs done and returns.
INTERRUPTED = "Training interrupted by user."


def raise_interruptions():
    """Within a ``warnings.catch_warnings()`` block: make a fit that Ctrl-C
    cut short raise (its warning as an error) instead of returning a model
    that looks finished; scikit-learn's MLP included.  For runners that
    record or average fits: a cut fit must not count as done."""
    warnings.filterwarnings(
        "error", message=re.escape(INTERRUPTED), category=UserWarning
    )


def interrupted(exc):
    """Whether ``exc`` is a cut fit made to raise by :func:`raise_interruptions`."""
    return isinstance(exc, UserWarning) and str(exc) == INTERRUPTED
