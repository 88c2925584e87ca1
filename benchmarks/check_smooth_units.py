"""What the small fits' penalty costs smooth units run to convergence.

``alpha="auto"`` puts an L2 penalty on every ``fit`` that nothing stops
early below the small-fit size (``alpha=1`` for a classifier under 500
rows), whatever the solver.  Units that are nearly linear around zero
(``softplus``, whose slope there is 1/2, and ``swish``) become a nearly
linear model when the penalty holds their weights small, and a full-batch
solver run to convergence finds that minimum; Adam in 200 epochs stops
short of it.  This measures the effect on scikit-learn's two moons (300
training rows, noise 0.15; accuracy on 2,000 fresh rows), the case a test
of the units met: each activation with Adam and with L-BFGS, at
``alpha="auto"`` and at ``alpha=0``, over 5 seeds (mean and range), next to
scikit-learn's default MLP.

Run (the page is built from the committed rows)::

    python benchmarks/check_smooth_units.py \\
        --out benchmarks/results/smooth_units.jsonl
    python benchmarks/check_smooth_units.py \\
        --summary benchmarks/results/smooth_units.jsonl
"""

import argparse
import sys
import warnings

import numpy as np
from check_defaults import rows_or_run
from sklearn.datasets import make_moons
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

from skebp import EBPClassifier

ACTIVATIONS = ("relu", "tanh", "softplus", "swish")
SOLVERS = ("adam", "lbfgs")
ALPHAS = ("auto", 0.0)
SEEDS = range(5)


def rows():
    """One row per model and seed: ``{"model", "activation", "solver",
    "alpha", "seed", "score"}`` (scikit-learn's MLP: model "sklearn")."""
    X, y = make_moons(300, noise=0.15, random_state=0)
    X_test, y_test = make_moons(2000, noise=0.15, random_state=1)
    models = [("sklearn", None, None, None)] + [
        ("skebp", act, solver, alpha)
        for act in ACTIVATIONS
        for solver in SOLVERS
        for alpha in ALPHAS
    ]
    for model, activation, solver, alpha in models:
        for seed in SEEDS:
            if model == "sklearn":
                est = MLPClassifier(random_state=seed)
            else:
                est = EBPClassifier(
                    activation=activation, solver=solver, alpha=alpha,
                    random_state=seed,
                )  # fmt: skip
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                score = est.fit(X, y).score(X_test, y_test)
            yield {
                "model": model, "activation": activation, "solver": solver,
                "alpha": alpha, "seed": seed, "score": score,
            }  # fmt: skip


def _cell(scores):
    scores = np.asarray(scores)
    return f"{scores.mean():.3f} ({scores.min():.3f}-{scores.max():.3f})"


def summarize(rows, out=sys.stdout):
    """The mean accuracy (and range over seeds) of each model (markdown)."""
    scores = {}
    for r in rows:
        key = (r["model"], r["activation"], r["solver"], r["alpha"])
        scores.setdefault(key, []).append(r["score"])
    print(
        "scikit-learn's MLP (Adam, alpha=1e-4): "
        f"{_cell(scores[('sklearn', None, None, None)])}\n\n"
        '| activation | solver | alpha="auto" (1 here) | alpha=0 |\n'
        "|---|---|---|---|",
        file=out,
    )
    for activation in ACTIVATIONS:
        for solver in SOLVERS:
            cells = [_cell(scores[("skebp", activation, solver, a)]) for a in ALPHAS]
            print(f"| {activation} | {solver} | {cells[0]} | {cells[1]} |", file=out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", help="write the rows (JSON lines) here")
    parser.add_argument("--summary", help="only summarize this file")
    args = parser.parse_args()
    summarize(rows_or_run(args.summary, args.out, rows))


if __name__ == "__main__":
    main()
