"""The reliability audit's scripted hostile cases (``tools/reliability_audit.py``)
as tests: bad inputs, refused and warned parameters, diverging solvers,
extreme scales, memory limits and Ctrl-C during set-up each end in a valid
model, the expected warning or state, or a clear error."""

import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
import reliability_audit as audit  # noqa: E402

CASES = audit.scripted_cases()


@pytest.mark.parametrize("name, case", CASES, ids=[name for name, _ in CASES])
def test_hostile_case_is_handled(name, case):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        outcome = case()
    assert outcome in (audit.OK, audit.CLEAR), f"{name}: {outcome}"


def test_init_scale_reaches_the_initial_weights(iris):
    from skebp import EBPClassifier

    X, y = iris
    spreads = []
    for scale in (1.0, 3.0):
        clf = EBPClassifier(
            (40,),
            init="lecun",
            init_scale=scale,
            learning_rate_init=1e-12,
            max_iter=1,
            random_state=0,
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            clf.fit(X, y)
        spreads.append(np.std(clf.coefs_[0]))
    assert spreads[1] == pytest.approx(3 * spreads[0], rel=1e-6)
    assert spreads[0] == pytest.approx(4**-0.5, rel=0.2)  # LeCun: fan_in**-0.5
