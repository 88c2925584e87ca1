"""
First-order solvers and the two recipes on digits
=================================================

Training loss per epoch of plain SGD, momentum and Adam on scikit-learn's
digits, and the test accuracy of the paper's recipe (``lecun98``: on-line
SGD, ``lecun_tanh`` units, targets at +-1, class-alternating order) against the
``modern`` one (ReLU, He initialization, softmax, Adam).  Three seeds each.
"""

import warnings

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split

from skebp import RECIPES, EBPClassifier

warnings.simplefilter("ignore", ConvergenceWarning)
X, y = load_digits(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.3, random_state=0, stratify=y
)

solvers = {
    "sgd, eta=0.1": dict(solver="sgd", learning_rate_init=0.1),
    "momentum 0.9, eta=0.01": dict(solver="momentum", learning_rate_init=0.01),
    "adam, eta=0.001": dict(solver="adam", learning_rate_init=0.001),
}
fig, ax = plt.subplots(figsize=(6, 4))
for label, params in solvers.items():
    curves = [
        EBPClassifier(
            (64,),
            "lecun_tanh",
            max_iter=60,
            tol=0,
            early_stopping=False,  # every epoch's training loss, all 60
            random_state=seed,
            **params,
        )
        .fit(X_train, y_train)
        .loss_curve_
        for seed in range(3)
    ]
    mean = np.mean(curves, axis=0)
    ax.semilogy(np.arange(1, len(mean) + 1), mean, label=label)
ax.set_xlabel("epoch")
ax.set_ylabel("training loss (mean of 3 seeds)")
ax.set_title("digits, 64 lecun_tanh units, batch 200")
ax.legend()
fig.tight_layout()

# %%
# The two recipes
# ---------------
for name, recipe in RECIPES.items():
    scores = [
        EBPClassifier((64,), **recipe, max_iter=50, random_state=seed)
        .fit(X_train, y_train)
        .score(X_test, y_test)
        for seed in range(3)
    ]
    print(f"{name:8s} test accuracy {np.mean(scores):.4f} ± {np.std(scores):.4f}")

plt.show()
