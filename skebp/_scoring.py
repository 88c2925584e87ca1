"""What the ``scoring`` parameter means: the score of the validation rows
that early stopping maximizes and ``validation_scores_`` records, and the
check of a scoring name before any training."""

import numbers

import numpy as np
from sklearn.base import is_classifier
from sklearn.metrics import check_scoring, get_scorer


def check_scoring_name(estimator):
    """Refuse a ``scoring`` string that names no score, before any
    training (a fit without validation rows never uses it)."""
    scoring = estimator.scoring
    classifier = is_classifier(estimator)
    if scoring == "brier" and not classifier:
        raise ValueError(
            "scoring='brier' scores class probabilities (the Brier score); "
            f"{type(estimator).__name__} predicts numbers: use scoring='loss', "
            "None (R^2) or a regression scorer."
        )
    if isinstance(scoring, str) and scoring not in ("loss", "brier"):
        try:
            get_scorer(scoring)
        except ValueError as exc:
            raise ValueError(
                f"scoring={scoring!r} is neither 'loss', "
                + ("'brier', " if classifier else "")
                + f"None nor a scikit-learn scorer name: {exc}"
            ) from None


def brier_score(classifier, A, Y, sample_weight):
    """The mean Brier score of a fitted classifier's network outputs ``A``
    against encoded ``Y``: each row's squared distance between its class
    probabilities and its one-hot outcome, summed over the classes (Brier,
    1950; 0 to 2), each binary output counted with its complement's
    probability."""
    P = classifier._probabilities(A)
    outcome = Y > classifier._threshold()
    per_row = np.square(outcome - P).sum(axis=1)
    if not classifier._multiclass:  # p and 1 - p: twice the output's square
        per_row *= 2
    return float(np.average(per_row, weights=sample_weight))


def validation_score(estimator, X_val, y_val, Y_val, sample_weight):
    """``score(A, loss) -> float`` of the validation rows (``X_val`` and
    ``y_val`` as given, ``Y_val`` encoded) from the network's outputs ``A``
    on them and their loss, by ``estimator.scoring``: minus the loss
    (``"loss"``), minus the Brier score (``"brier"``), a scikit-learn
    scorer, which must give a finite number, or the estimator's own score
    of the outputs (None)."""
    scoring = estimator.scoring
    if scoring == "loss":
        return lambda A, loss: -loss
    if scoring == "brier":
        return lambda A, loss: -brier_score(estimator, A, Y_val, sample_weight)
    if scoring is None:
        return lambda A, loss: estimator._score_outputs(A, Y_val, sample_weight)
    scorer = check_scoring(estimator, scoring)
    kw = {} if sample_weight is None else {"sample_weight": sample_weight}

    def score(A, loss):
        # the estimator predicts with the parameters being trained
        value = scorer(estimator, X_val, y_val, **kw)
        if not isinstance(value, numbers.Real) or not np.isfinite(value):
            raise ValueError(
                f"scoring={scoring!r} gave {value!r} on the validation rows: "
                "validation_scores_ and early stopping need a finite number "
                "to compare epochs by."
            )
        return float(value)

    return score
