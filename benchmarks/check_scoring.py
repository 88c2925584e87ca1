"""What early stopping should watch in ``EBPClassifier``: the validation
accuracy (``scoring=None``, the default until the real-data suite's
second round) or the validation loss (``scoring="loss"``, the default now).

On ``make_moons`` (not in the real-data suite), 70/30 stratified splits,
5 seeds: the test accuracy of scikit-learn's default MLP (behind a
``StandardScaler``), of ``EBPClassifier`` stopping on the accuracy, on the
loss, and without early stopping, with the mean epochs run.  The suite's
own evidence (both halves) is ``benchmarks/check_defaults.py``'s.

Run: python benchmarks/check_scoring.py [--seeds 5]
"""

import argparse
import warnings

import numpy as np
from sklearn.datasets import make_moons
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skebp import EBPClassifier

PROBLEMS = [(1000, 0.2), (2000, 0.3), (5000, 0.3)]


def contenders(seed):
    return {
        "sklearn": make_pipeline(StandardScaler(), MLPClassifier(random_state=seed)),
        "stop on accuracy": EBPClassifier(scoring=None, random_state=seed),
        "stop on loss": EBPClassifier(scoring="loss", random_state=seed),
        "no early stopping": EBPClassifier(early_stopping=False, random_state=seed),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    args = parser.parse_args(argv)
    print(f"make_moons, test accuracy (mean over {args.seeds} seeds) [mean epochs]")
    for n, noise in PROBLEMS:
        X, y = make_moons(n, noise=noise, random_state=0)
        scores, epochs = {}, {}
        for seed in range(args.seeds):
            X_tr, X_te, y_tr, y_te = train_test_split(
                X, y, test_size=0.3, random_state=seed, stratify=y
            )
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                for name, model in contenders(seed).items():
                    model.fit(X_tr, y_tr)
                    scores.setdefault(name, []).append(model.score(X_te, y_te))
                    fitted = model[-1] if hasattr(model, "steps") else model
                    epochs.setdefault(name, []).append(fitted.n_iter_)
        cells = ", ".join(
            f"{name} {np.mean(scores[name]):.3f} [{np.mean(epochs[name]):.0f}]"
            for name in scores
        )
        print(f"  n={n}, noise={noise}: {cells}")


if __name__ == "__main__":
    main()
