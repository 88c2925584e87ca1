"""The texts by which the classifier's and the regressor's docstrings
differ: their targets, class weights, shuffling note, the evidence behind
their defaults and ``alpha="auto"``.  :mod:`skebp._docstrings` completes
the shared texts with them."""

import textwrap

REGRESSOR_SHUFFLE = """
        For a regressor, ``"class_alternate"`` alternates between the ten
        quantile bins of the target (of the mean of the standardized targets
        when there are several): successive samples come from different
        parts of the target's range."""

REGRESSOR_TARGETS = """\
    target_values : None or (float, float), default=None
        How the targets are scaled for training (predictions are scaled
        back): None standardizes them (mean 0, standard deviation 1); a pair
        ``(low, high)`` maps each target's training range onto ``[low,
        high]``, the regression form of trick 5, so that the recipes
        (``EBPRegressor(**RECIPES["lecun98"])``) apply to both estimators.
        The output unit is linear either way.
"""

CLASSIFIER_TARGETS = """\
    target_values : "softmax" or (float, float), default="softmax"
        ``"softmax"``: softmax output (logistic for binary and multilabel
        problems) with the cross-entropy loss, the modern choice.  A pair
        ``(low, high)`` such as ``(-1, 1)`` or ``(0.1, 0.9)`` (trick 5): a
        sigmoid output (``lecun_tanh`` when ``low < 0``, else ``logistic``)
        trained with squared error towards ``high`` for the right class and
        ``low`` for the others.
"""

CLASSIFIER_CLASS_WEIGHT = """\
    class_weight : dict, "balanced" or None, default=None
        Weights of the classes, multiplying ``sample_weight``: a dict ``{label:
        weight}`` (a list of dicts for multilabel targets), or ``"balanced"``,
        ``n_samples / (n_classes * np.bincount(y))`` as in scikit-learn's
        linear models.  Every solver and presentation order sees them as
        sample weights.  ``partial_fit`` takes a dict; ``"balanced"`` needs
        the class counts of all the data, which one call does not see:
        compute them once with ``sklearn.utils.class_weight.compute_class_weight``
        and pass the dict.
"""


CLASSIFIER_DEFAULTS = """\
        The default, ``"adam"`` at 0.01 (``learning_rate_init="auto"``; 0.004
        on the default mini-batches of 32 rows since the seventeenth round,
        ``batch_size``), was chosen on the study's seven small data sets:
        it matches or beats scikit-learn's default MLP there at 10 and 30
        epochs.  On the
        real-data suite (``benchmarks/check_defaults.py``, 28 data sets in
        two halves, 5 seeds; user guide, "Real data") it overfit after 10
        epochs, so ``early_stopping="auto"`` became the default, chosen on
        the development half and checked on the confirmation half; in a
        third round ``learning_rate="plateau"``; in a fourth, ReLU units
        with ``init="auto"`` (chosen on a fresh collection of 35 data sets
        no choice had seen and the suite, confirmed on a hold-out collection
        of 24 more).  Cells (data set x budget of 10, 30 epochs,
        convergence) more than 0.005 below scikit-learn's MLP or losing
        after Holm's correction, both estimators together, with the first
        defaults and with these:

<evidence>
"""

REGRESSOR_DEFAULTS = """\
        The default, ``"adam"`` at 0.01 (``learning_rate_init="auto"``) with
        ``early_stopping="auto"`` and a patience (``n_iter_no_change``) of
        20, was chosen on the development half of the real-data suite
        (``benchmarks/check_defaults.py``, user guide, "Real data"): the
        former default, Adam at 0.001 without
        early stopping, underfit (behind scikit-learn's MLP after 10 and 30
        epochs on the larger sets, and on concrete at convergence); in a
        third round ``learning_rate="plateau"``; in a fourth, ReLU units
        with ``init="auto"``, which the third round's defaults needed on
        noisy data no choice had seen (behind scikit-learn's MLP at 10 and
        30 epochs).  Cells more than 0.005 below scikit-learn's MLP or
        losing after Holm's correction, both estimators together, with the
        first defaults and with these:

<evidence>
"""

#: The classifier's ``batch_size="auto"`` (the seventeenth round).
CLASSIFIER_BATCH = """``min(32, n_samples)`` with ``solver="adam"`` at
        ``learning_rate_init="auto"`` (the defaults; Adam's rate is then
        0.004, see ``learning_rate_init``), else ``min(200, n_samples)``:
        the other solvers' ``"auto"`` rates were measured at 200 rows, and a
        rate given was chosen for some batch (the recipes' at 200).  32 rows
        since the seventeenth round (``benchmarks/check_seventeenth.py``),
        chosen among batches of 16 to 200 rows on 65 classification data
        sets (cells, data set x budget, more than 0.005 below
        scikit-learn's MLP: 15 -> 9 of 195) and confirmed on 18 that no
        choice had seen (10 -> 4 of 54, 20 seeds); a fit costs more CPU
        time (a median 1.13x with ``skebp[fast]``, 2.27x without numba)
        but reaches scikit-learn's score sooner.  Until then
        ``min(200, n_samples)``"""

#: The regressor's ``batch_size="auto"`` (the eighteenth round).
REGRESSOR_BATCH = """``min(64, n_samples)`` with ``solver="adam"`` at
        ``learning_rate_init="auto"`` (the defaults; Adam's rate is then
        0.0057, see ``learning_rate_init``), else ``min(200, n_samples)``:
        the other solvers' ``"auto"`` rates were measured at 200 rows, and a
        rate given was chosen for some batch (the recipes' at 200).  64 rows
        since the eighteenth round (``benchmarks/check_eighteenth.py``),
        chosen among batches of 32, 64 and 200 rows on 80 regression data
        sets (as many cells, data set x budget, more than 0.005 below
        scikit-learn's MLP, 33 of 240, with more data sets above the former
        default than below it at every budget) and confirmed on 12 that no
        choice had seen (3 -> 3 of 36 cells on 20 seeds; data sets more than
        0.005 above / below the former default: 8 / 1 at 10 epochs, 4 / 1 at
        30, 4 / 0 at convergence).  Until then ``min(200, n_samples)``"""

CLASSIFIER_SCORING = """

        The default is ``"loss"`` (as in scikit-learn's
        ``HistGradientBoostingClassifier``): the accuracy on a small
        validation set moves in steps of one row, and early stopping on it
        stopped on its first plateau (``benchmarks/check_scoring.py``:
        ``make_moons(1000, noise=0.2)``, 0.880 test accuracy against 0.962
        on the loss and 0.944 for scikit-learn's MLP).  On the real-data
        suite the two tied on the development half (2 of 24 classification
        cells missing the target each) and the loss missed 2 of 21 on the
        confirmation half, against 3.  Until then the default was None."""

#: The classifier's ``scoring="brier"`` (``<brier>``, within a sentence).
CLASSIFIER_BRIER = """
        ``"brier"`` is minus the mean Brier score of the class probabilities
        (those of ``predict_proba``, summed over the classes: 0 to 2, and
        over the labels of multilabel targets; scikit-learn's
        ``brier_score_loss`` halves it for two classes), a
        proper score whose penalty per row is bounded, where the loss's
        grows without bound on a row predicted wrongly with confidence
        (``benchmarks/check_brier.py``: as early stopping's score on 106
        classification data sets, level with the loss);"""

#: The list both defaults' paragraphs end with (``<evidence>``).
_EVIDENCE = """\
        - development half: <dev_before> cells before, <dev_after> after;
        - confirmation half: <confirm_before> cells before, <confirm_after>
          after;
        - fresh collection: <fresh_before> with the third round's
          defaults, <fresh_after> after;
        - hold-out collection: <holdout_before> with the third round's
          defaults, <holdout_after> after."""
#: The before/after counts the defaults' paragraphs quote, as
#: ``benchmarks/check_defaults.py --page`` prints them (a test checks).
DEFAULTS_EVIDENCE = {
    "<dev_before>": "23 of 45",
    "<dev_after>": "1 of 45",
    "<confirm_before>": "15 of 39",
    "<confirm_after>": "1 of 39",
    "<fresh_before>": "44 of 105",
    "<fresh_after>": "13 of 105",
    "<holdout_before>": "24 of 72",
    "<holdout_after>": "7 of 72",
}
CLASSIFIER_DEFAULTS = CLASSIFIER_DEFAULTS.replace("<evidence>", _EVIDENCE)
REGRESSOR_DEFAULTS = REGRESSOR_DEFAULTS.replace("<evidence>", _EVIDENCE)
for _key, _value in DEFAULTS_EVIDENCE.items():
    CLASSIFIER_DEFAULTS = CLASSIFIER_DEFAULTS.replace(_key, _value)
    REGRESSOR_DEFAULTS = REGRESSOR_DEFAULTS.replace(_key, _value)


#: ``alpha="auto"`` (``skebp._training._stochastic.SMALL_FIT_ALPHA``), and
#: the round that chose it for each estimator.
_ALPHA = """``"auto"`` is {alpha} in a ``fit`` of fewer than {rows} rows{which}
        (see ``learning_rate_init``), whatever the solver and rate, and 0
        in every other fit ({others}, ``partial_fit``): {why}.  Chosen for
        Adam on {dev} real-data collections cut to {sizes} training rows
        and confirmed on a {confirm} (cells more than 0.005 below
        scikit-learn's MLP: {cells}; ``benchmarks/check_small.py
        --alpha-round``), then confirmed there for {solvers} changed alone
        ({solver_cells}; ``--solver-round``){more}."""


def _wrapped(text):
    """``text`` as one paragraph of the docstrings' parameter descriptions
    (8 spaces in, 79 columns)."""
    return textwrap.fill(
        " ".join(text.split()),
        79,
        initial_indent=" " * 8,
        subsequent_indent=" " * 8,
        break_on_hyphens=False,
        break_long_words=False,
    ).lstrip()


REGRESSOR_ALPHA = _wrapped(_ALPHA.format(
    alpha=3, rows=500, which=", early stopping or not", others="larger ones",
    why="a fit that small overfits noisy data, or stops early on a few "
    "dozen validation rows at a noisy epoch",
    dev="five", sizes="30 to 90", confirm="sixth",
    cells="46 -> 5 of 66", solvers="L-BFGS, momentum and SGD",
    solver_cells="51 -> 4, 19 -> 7, 19 -> 6 of 66",
    more=", and from 100 to 499 rows beside early stopping on 40 other "
    "data sets of the five collections and on the sixth cut to 150 to 400 "
    "rows (20 -> 13 of 120, 16 -> 11 of 64; ``--es-alpha-round``)",
))  # fmt: skip
CLASSIFIER_ALPHA = _wrapped(_ALPHA.format(
    alpha=1, rows=500, which=" that nothing stops early",
    others="larger ones, those that stop early",
    why="such a fit holds out no validation rows, and on noisy data it "
    "overfits without a penalty",
    dev="four", sizes="30 to 400", confirm="seventh",
    cells="3 -> 0 of 48", solvers="L-BFGS and momentum",
    solver_cells="25 -> 12, 13 -> 2 of 48", more="",
))  # fmt: skip
