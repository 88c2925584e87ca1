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


def mean_brier(P, outcome, complement, sample_weight):
    """The mean Brier score of probabilities ``P`` (a column per output)
    for the 0/1 ``outcome``: each row's squared distances summed over the
    columns (Brier, 1950; 0 to 2 for classes that sum to one), each counted
    twice when ``complement`` (every column a binary output, whose other
    class's probability is 1 - p)."""
    per_row = np.square(outcome - P).sum(axis=1)
    if complement:
        per_row *= 2
    return float(np.average(per_row, weights=sample_weight))


def brier_score(classifier, A, Y, sample_weight):
    """The mean Brier score of a fitted classifier's network outputs ``A``
    against encoded ``Y`` (:func:`mean_brier` of its class probabilities;
    binary and multilabel outputs each with their complement)."""
    P = classifier._probabilities(A)
    outcome = Y > classifier._threshold()
    return mean_brier(P, outcome, not classifier._multiclass, sample_weight)


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
