"""An experiment for the defaults (issue 20): the readout fitted at the
start of every fit, not only above radial units.

Radial networks fit their output layer to the last hidden layer's outputs
after placement (``skebp._rbf.fit_readout``).  On ``make_moons`` the same
start also rescued small sigmoid networks from the near-linear plateau
that the default early stopping stops on (``check_rbf.py``'s ``lecun_tanh``
reference).  This script runs ``check_defaults.py`` (same arguments; one
process, so that the change reaches every fit) with
``place_radial_layers(..., readout_always=True)`` in place of the shipped
initialization: the defaults' table with a fitted output layer, to set
beside ``benchmarks/results/dev_new.jsonl`` and the other candidate runs.
Nothing ships from it: a change of the defaults would be chosen on the
development half and confirmed on the other, as the page describes.  On the
development half (``benchmarks/results/dev_candidate_readout_all.jsonl``)
17 of 45 cells missed the target, against 5 for the shipped defaults:
rejected there, never run on the confirmation half.

Run: python benchmarks/check_readout_all.py --datasets tabular-dev --out FILE
"""

import functools
import sys

import check_defaults

import skebp._base
from skebp import _rbf


def main():
    skebp._base.place_radial_layers = functools.partial(
        _rbf.place_radial_layers, readout_always=True
    )
    sys.argv = [sys.argv[0], *sys.argv[1:], "--n-jobs", "1"]
    check_defaults.main()


if __name__ == "__main__":
    main()
