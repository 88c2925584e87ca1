"""Learning-rate tricks in the estimators: learning_rate_init="auto"
(lambda_max), per_weight_rates (fan_in, sdlm), learning_rate schedules."""

import math
import warnings
from functools import partial

import numpy as np
import pytest
from _helpers import linear_toy
from sklearn.datasets import load_digits, make_regression
from sklearn.exceptions import ConvergenceWarning

import skebp
from skebp import DivergenceError, IgnoredParameterWarning
from skebp._rates import AutoRate
from skebp._training import TrainingData
from skebp._training._diagnosis import likely_causes
from skebp._training._stochastic import SMALL_FIT

# The rate tricks are those of SGD and momentum: the tests start from plain
# SGD at 0.01 (the first defaults); any argument overrides them.
EBPClassifier = partial(skebp.EBPClassifier, solver="sgd", learning_rate_init=0.01)
EBPRegressor = partial(skebp.EBPRegressor, solver="sgd", learning_rate_init=0.01)


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        yield


#: One linear unit trained by batch gradient descent on the toy.
TOY_UNIT = dict(
    alpha=0.0,  # the paper's toy: no penalty (alpha="auto" would give 3)
    whitening="none",
    shuffle="none",
    batch_size=100,
    early_stopping=False,
    learning_rate="constant",
    random_state=0,
)


def _toy_unit(eta, **params):
    return EBPRegressor((), learning_rate_init=eta, tol=0.0, **TOY_UNIT, **params)


def _toy_exact_lambda_max():
    X, y = linear_toy()
    Xa = np.c_[X, np.ones(len(X))]
    return np.linalg.eigvalsh(Xa.T @ Xa / len(X)).max()


# -- learning_rate_init="auto" on Efficient BackProp's linear toy ------------
def test_auto_estimates_the_toys_lambda_max():
    X, y = linear_toy()
    reg = _toy_unit("auto", max_iter=500).fit(X, y)
    assert reg.lambda_max_ == pytest.approx(_toy_exact_lambda_max(), rel=0.05)
    assert reg.learning_rates_ == [pytest.approx(1 / reg.lambda_max_)]
    # eta = 1 / lambda_max: the least-squares solution
    coef, *_ = np.linalg.lstsq(np.c_[X, np.ones(len(X))], y, rcond=None)
    np.testing.assert_allclose(
        np.r_[reg.coefs_[0].ravel(), reg.intercepts_[0]], coef, atol=1e-3
    )


def test_toy_batch_rate_below_two_over_lambda_max_converges_above_diverges():
    X, y = linear_toy()
    lam = _toy_unit("auto", max_iter=1).fit(X, y).lambda_max_
    below = _toy_unit(0.9 * 2 / lam, max_iter=1000).fit(X, y)
    assert below.loss_curve_[-1] < 0.025  # the least-squares optimum: 0.0238
    with pytest.raises(DivergenceError, match="loss grew"):
        _toy_unit(1.1 * 2 / lam, max_iter=1000, n_iter_no_change=1000).fit(X, y)


def test_toy_paper_rates_oscillate_and_converge_or_diverge():
    # The paper's figure: eta = 1.5 oscillates and converges, eta = 2.5
    # diverges; the bound is 2 / lambda_max = 1.99 on this draw.
    X, y = linear_toy()
    bias = []
    reg = _toy_unit(1.5, max_iter=1, warm_start=True)
    for _ in range(40):
        reg.fit(X, y)
        bias.append(reg.intercepts_[0][0])
    steps = np.diff(bias[:10])
    assert np.all(steps[:-1] * steps[1:] < 0)  # overshoots: the sign alternates
    coef, *_ = np.linalg.lstsq(np.c_[X, np.ones(len(X))], y, rcond=None)
    assert abs(bias[-1] - coef[-1]) < 1e-3  # and settles at the optimum
    # With the default stopping rule the rising loss stops training within
    # n_iter_no_change epochs, and that is reported as a divergence too.
    with pytest.raises(DivergenceError, match="rose at each"):
        _toy_unit(2.5, max_iter=200).fit(X, y)


def test_auto_with_momentum_partial_fit_and_refit(iris):
    X, y = iris
    clf = EBPClassifier(
        (8,), solver="momentum", learning_rate_init="auto", random_state=0
    )
    clf.partial_fit(X, y, classes=np.unique(y))
    lam = clf.lambda_max_
    clf.partial_fit(X, y)
    assert clf.lambda_max_ == lam  # partial_fit keeps the estimate
    clf.set_params(learning_rate_init=0.05).fit(X, y)
    assert not hasattr(clf, "lambda_max_")


def test_auto_divergence_message_names_the_rate(iris):
    X, y = iris
    reg = EBPRegressor((10,), learning_rate_init="auto", random_state=0)
    reg.fit(X[:, :3], X[:, 3])
    eta = reg._state.optimizer.learning_rate
    data = TrainingData(X[:, :3], X[:, 3:])
    params = reg.get_params() | {"alpha": 0.0}  # "auto" as this fit applied it
    causes = likely_causes(params, data, reg._state.optimizer)
    assert (
        f"float learning_rate_init below the rate {eta:.3g} that 'auto' reached"
        in (causes[0])
    )


def test_auto_lowers_the_rate_when_the_curvature_grows(monkeypatch):
    # Radial units narrow during training and the curvature grows: two
    # epochs in a row of rising loss make "auto" estimate lambda_max again
    # (without it this fit ended at R^2 = -2.6 as its loss kept rising).
    # The output layer starts at random, as before radial networks had their
    # readout fitted after placement: from the fitted one this fit's loss
    # no longer rises, and the rule is not exercised.
    from skebp import _rbf

    monkeypatch.setattr(_rbf, "READOUT_ITERATIONS", 0)
    X, y = make_regression(200, 10, noise=10.0, random_state=0)
    reg = EBPRegressor(
        (10, 8), ("lecun_tanh", "rbf"), learning_rate_init="auto", random_state=0
    )
    first = []
    original = AutoRate.estimate

    def record(*args, **kwargs):
        rate, lam = original(*args, **kwargs)
        first.append(rate)
        return rate, lam

    monkeypatch.setattr(AutoRate, "estimate", record)
    reg.fit(X, y)
    assert len(first) > 1 and min(first) < first[0]
    assert reg.learning_rates_[0] < first[0]
    assert reg.score(X, y) > 0.5


# -- per_weight_rates ----------------------------------------------------------
def test_fan_in_rates_leave_normalization_parameters_at_one(iris):
    X, y = iris
    clf = EBPClassifier(
        (6,), per_weight_rates="fan_in", normalization="layer", random_state=0
    ).fit(X, y)
    net = clf._network
    rates = clf._state.optimizer.rates
    np.testing.assert_array_equal(rates[net.gamma_slices[0]], 1.0)
    np.testing.assert_array_equal(rates[net.beta_slices[0]], 1.0)


def test_fan_in_rates(iris):
    X, y = iris
    clf = EBPClassifier(
        (16, 9),
        per_weight_rates="fan_in",
        learning_rate_init=0.2,
        learning_rate="constant",  # no drop on a plateau
        random_state=0,
    )
    clf.fit(X, y)
    np.testing.assert_allclose(clf.learning_rates_, 0.2 / np.sqrt([4, 16, 9]))
    assert clf.score(X, y) > 0.9


@pytest.mark.parametrize("solver", ["sgd", "momentum"])
def test_sdlm_rates_come_from_the_gauss_newton_diagonal(solver, iris):
    X, y = iris
    clf = EBPClassifier(
        (8,),
        "lecun_tanh",  # the paper's units for its rates
        solver=solver,
        per_weight_rates="sdlm",
        sdlm_mu=0.05,
        learning_rate_init=0.02,
        max_iter=60,
        random_state=0,
    ).fit(X, y)
    rates = 0.02 / (0.05 + clf._state.rule.sdlm.h)
    net = clf._network
    expected = [
        rates[c.start : b.stop].mean()
        for c, b in zip(net.coef_slices, net.intercept_slices)
    ]
    np.testing.assert_allclose(clf.learning_rates_, expected)
    assert np.all(rates <= 0.02 / 0.05)
    assert clf.score(X, y) > 0.9


def test_sdlm_partial_fit_updates_the_running_average(iris):
    X, y = iris
    clf = EBPClassifier((8,), per_weight_rates="sdlm", random_state=0)
    clf.partial_fit(X, y, classes=np.unique(y))
    sdlm, h1 = clf._state.rule.sdlm, clf._state.rule.sdlm.h.copy()
    clf.partial_fit(X, y)
    assert clf._state.rule.sdlm is sdlm  # one running average across calls
    assert not np.array_equal(h1, sdlm.h)


def test_sdlm_speeds_up_badly_scaled_inputs():
    # Without whitening, digits' pixels of very different variances make one
    # global rate too slow for some weights and too fast for others; SDLM's
    # per-weight rates fix the scale (the paper's motivation).
    X, y = load_digits(return_X_y=True)
    X = X[:600] * np.linspace(0.05, 2.0, 64)
    y = y[:600]
    common = dict(whitening="none", max_iter=15, random_state=0)
    sdlm = EBPClassifier((20,), per_weight_rates="sdlm", **common).fit(X, y)
    plain = [
        EBPClassifier((20,), learning_rate_init=eta, **common).fit(X, y).loss_
        for eta in (0.01, 0.003)
    ]
    assert sdlm.loss_ < min(plain)


@pytest.mark.parametrize(
    "params",
    [
        {"per_weight_rates": "sdlm"},
        {"per_weight_rates": "fan_in", "learning_rate_init": "auto"},
        {"per_weight_rates": "sdlm", "learning_rate": "invscaling"},
    ],
)
def test_rate_tricks_with_online_learning_are_deterministic(params, iris):
    X, y = iris
    fits = [
        EBPClassifier((6,), batch_size=1, max_iter=5, random_state=3, **params).fit(
            X, y
        )
        for _ in range(2)
    ]
    assert fits[0]._theta.tobytes() == fits[1]._theta.tobytes()
    assert np.all(np.isfinite(fits[0].loss_curve_))


@pytest.mark.parametrize(
    "params, match",
    [
        ({"per_weight_rates": "sdlm"}, "per_weight_rates='sdlm' needs solver"),
        ({"per_weight_rates": "fan_in"}, "per_weight_rates='fan_in' needs solver"),
    ],
)
def test_adam_refuses_hessian_rates(params, match, iris):
    X, y = iris
    with pytest.raises(ValueError, match=match):
        EBPClassifier((4,), solver="adam", **params).fit(X, y)


def test_auto_rate_of_adam_is_the_studys_fixed_rate(iris):
    # Adam's normalized steps have no curvature-based rate: "auto" is the
    # rate the real-data suite chose for it (benchmarks/check_defaults.py).
    # (a regressor on 600 rows, which stops early: not a small fit, whose
    # rate is lower)
    X, y = iris
    X, y = np.tile(X, (4, 1)), np.tile(y, 4).astype(float)
    kw = dict(hidden_layer_sizes=(4,), solver="adam", max_iter=3, random_state=0)
    kw["batch_size"] = 200  # the batch it was chosen at ("auto": 64 rows)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        auto = EBPRegressor(**kw, learning_rate_init="auto").fit(X, y)
        fixed = EBPRegressor(**kw, learning_rate_init=0.01).fit(X, y)
    assert auto._theta.tobytes() == fixed._theta.tobytes()
    assert not hasattr(auto, "lambda_max_")


def _rare_levels(seed=0, n=400):
    """Five normal columns and three one-hot columns of a level seen once
    each: standardized, those rows lie 20 standard deviations out, and one
    on-line step on them is many times the mean step ``"auto"`` plans for."""
    rng = np.random.RandomState(seed)
    X = rng.normal(size=(n, 5))
    rare = np.zeros((n, 3))
    rare[rng.choice(n, 3, replace=False), [0, 1, 2]] = 1.0
    y = X[:, 0] + 0.5 * rng.normal(size=n)
    return np.hstack([X, rare]), y


@pytest.mark.parametrize("compiled", [True, False])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_auto_rate_backs_off_when_an_epoch_blows_up(seed, compiled, monkeypatch):
    """On-line SGD at the "auto" rate: an epoch whose loss became infinite
    runs again from its start at a tenth of the rate.  Without the retries
    the same fit diverges; a float rate is never retried."""
    import re

    from skebp._training import _stochastic

    X, y = _rare_levels(seed)
    kw = dict(hidden_layer_sizes=(20,), solver="sgd", batch_size=1, max_iter=5)
    # (without the penalty alpha="auto" gives a regressor under 500 rows: at
    # alpha=3 the rare rows still make seed 0's epoch losses spike to 80
    # at a hundredth of the estimate, a fit the end checks refuse)
    kw.update(random_state=seed, alpha=0.0)
    with warnings.catch_warnings(), skebp.config_context(compiled=compiled):
        warnings.simplefilter("ignore", ConvergenceWarning)
        with monkeypatch.context() as m:
            m.setattr(_stochastic, "AUTO_BACKOFFS", 0)
            with pytest.raises(
                DivergenceError, match="(mini-batch|epoch) is (inf|nan)"
            ) as info:
                skebp.EBPRegressor(**kw).fit(X, y)
        estimate = float(re.search(r"the rate ([0-9.e-]+) that", str(info.value))[1])
        reg = skebp.EBPRegressor(**kw).fit(X, y)
        with pytest.raises(DivergenceError, match="lower learning_rate_init"):
            skebp.EBPRegressor(**{**kw, "learning_rate_init": 1.0}).fit(X, y)
    common = X[:, 5:].sum(axis=1) == 0  # (the rare rows' own fit is wild)
    assert np.isfinite(reg.loss_) and reg.score(X[common], y[common]) > 0.5
    # a power of ten (one to three retries) below the estimate (3 digits)
    tenths = np.log10(estimate / reg.learning_rates_[0])
    assert 1 - 0.01 < tenths < 3 + 0.01
    assert abs(tenths - round(tenths)) < 0.01


def test_auto_rate_backoff_says_so_when_verbose(capsys):
    X, y = _rare_levels(0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        skebp.EBPRegressor(
            (20,),
            solver="sgd",
            batch_size=1,
            max_iter=5,
            alpha=0.0,
            verbose=True,
            random_state=0,
        ).fit(X, y)
    assert "'auto' lowers it to" in capsys.readouterr().out


def _adam_fit(X, y, method="fit", **params):
    # a regressor without early stopping: on 500 rows or more not a small
    # fit, so Adam's rate is the one chosen at 200 (below, the small fits')
    est = skebp.EBPRegressor(
        (4,),
        solver="adam",
        max_iter=2,
        early_stopping=False,
        learning_rate="constant",
        random_state=0,
        **params,
    )
    y = np.asarray(y, dtype=float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        if method == "partial_fit":
            return est.partial_fit(X, y)
        return est.fit(X, y)


@pytest.mark.parametrize(
    "batch_size, n_rows, factor",
    [
        (1, 600, math.sqrt(1 / 200)),
        (32, 600, math.sqrt(32 / 200)),
        (199, 600, math.sqrt(199 / 200)),
        (200, 600, 1.0),
        ("auto", 600, math.sqrt(64 / 200)),  # batches of 64 (eighteenth round)
        (32, 300, math.sqrt(32 / 200)),  # a small fit: its rate, scaled
        ("auto", 60, 1.0),  # the whole training set: no noise to scale to
        (150, 150, 1.0),
    ],
)
def test_auto_rate_of_adam_scales_below_batches_of_200(
    batch_size, n_rows, factor, iris
):
    # Adam's "auto" rate (0.01, chosen at batches of 200; a small fit's
    # below 500 rows) times sqrt(B / 200) for smaller batches (the
    # square-root rule, Malladi et al., 2022): the same bits as that rate
    # given explicitly.
    X, y = iris
    X, y = np.tile(X, (4, 1))[:n_rows], np.tile(y, 4)[:n_rows]
    expected = (0.01 if n_rows >= 500 else SMALL_FIT["regression"][0]) * factor
    auto = _adam_fit(X, y, batch_size=batch_size, learning_rate_init="auto")
    # a rate given keeps "auto"'s batches of 200: give "auto"'s 64
    given = 64 if batch_size == "auto" and n_rows > 64 else batch_size
    fixed = _adam_fit(X, y, batch_size=given, learning_rate_init=expected)
    assert auto._theta.tobytes() == fixed._theta.tobytes()
    assert auto.learning_rates_ == pytest.approx([expected] * 2, rel=1e-12)


def test_the_rise_rule_lowers_the_rate_after_a_rise_beyond_its_fraction():
    # the rule alone: a rise of more than 5 % halves the optimizer's rate and
    # the schedule's base rate; a smaller rise, or a fall, leaves them
    from skebp._solvers import SCHEDULES
    from skebp._training._stochastic import ADAM_RISE, lower_after_rise

    class Optimizer:
        learning_rate = 0.004

    rise, factor = ADAM_RISE
    for curve, lowered in [
        ([1.0], False),
        ([1.0, 0.9], False),
        ([1.0, 1.0 + rise], False),
        ([1.0, 1.0 + 1.01 * rise], True),
        ([2.0, 1.0, 1.2], True),
    ]:
        optimizer, schedule = Optimizer(), SCHEDULES["plateau"](0.004, 10, np.float64)
        lower_after_rise(curve, optimizer, schedule, verbose=False)
        expected = 0.004 * (factor if lowered else 1.0)
        assert optimizer.learning_rate == pytest.approx(expected), curve
        assert schedule.eta0 == pytest.approx(expected), curve


@pytest.mark.parametrize("compiled", [True, False])
@pytest.mark.parametrize("cls", [skebp.EBPClassifier, skebp.EBPRegressor])
def test_adams_auto_rate_follows_the_rise_rule_in_a_fit(
    cls, compiled, monkeypatch, iris
):
    """With a rule that fires after every epoch but the first (any loss above
    a tenth of the last), a fit at Adam's "auto" rate ends at that rate
    times the factor once per such epoch, on either path; a rate given, and the
    Hessian-based "auto" of SGD, are never touched."""
    from skebp._solvers import SOLVERS
    from skebp._training import _stochastic

    monkeypatch.setattr(_stochastic, "ADAM_RISE", (-0.9, 0.5))
    X, y = iris
    X, y = np.tile(X, (4, 1)), np.tile(y, 4)
    y = y if cls is skebp.EBPClassifier else y.astype(float)
    kw = dict(max_iter=4, early_stopping=False, random_state=0)
    with skebp.config_context(compiled=compiled):
        auto = cls(**kw).fit(X, y)
        given = cls(**kw, learning_rate_init=0.004).fit(X, y)
        sgd = cls(**kw, solver="sgd").fit(X, y)
    start = _stochastic.auto_rate(
        SOLVERS["adam"],
        _stochastic.auto_batch_size(cls is skebp.EBPClassifier, "adam", "auto"),
        len(y),
        False,
    )
    assert auto.n_iter_ == 4
    # the first epoch has none before it to rise over
    assert auto.learning_rates_[0] == pytest.approx(start * 0.5**3, rel=1e-12)
    assert given.learning_rates_[0] == pytest.approx(0.004, rel=1e-12)
    assert sgd.learning_rates_[0] == pytest.approx(1.0 / sgd.lambda_max_, rel=0.5)


def test_the_rise_rule_leaves_partial_fit_alone(monkeypatch, iris):
    # partial_fit's calls may each bring other rows: a higher loss on the
    # next call says nothing of the rate, which stays as "auto" gave it
    from skebp._training import _stochastic

    monkeypatch.setattr(_stochastic, "ADAM_RISE", (-0.9, 0.5))
    X, y = iris
    est = skebp.EBPClassifier(random_state=0)
    for _ in range(3):
        est.partial_fit(X, y, classes=np.unique(y))
    first = est.learning_rates_[0]
    est.partial_fit(X, y)
    assert est.learning_rates_[0] == first


def test_the_rise_rule_says_so_when_verbose(monkeypatch, capsys, iris):
    from skebp._training import _stochastic

    monkeypatch.setattr(_stochastic, "ADAM_RISE", (-0.9, 0.5))
    X, y = iris
    skebp.EBPClassifier(max_iter=3, early_stopping=False, verbose=True).fit(X, y)
    out = capsys.readouterr().out
    assert out.count("Adam's 'auto' rate is multiplied by 0.5") == 2  # epochs 2, 3


def _small_fit_data(iris, cls, n_rows):
    """The last ``n_rows`` of iris (its rows repeated with a little noise
    beyond its 150), with a real-valued target for the regressor."""
    X, y = iris
    X, y = X[::-1], y[::-1]
    if n_rows > len(y):
        reps = -(-n_rows // len(y))
        noise = np.random.RandomState(0).normal(scale=0.05, size=(reps * len(y), 4))
        X, y = np.tile(X, (reps, 1)) + noise, np.tile(y, reps)
    X, y = X[:n_rows], y[:n_rows]
    return X, X[:, 0] * 2.0 + y if cls is skebp.EBPRegressor else y


@pytest.mark.parametrize(
    "cls, n_rows, params, expected",
    [
        # fewer than 100 rows, early_stopping="auto" off for lack of rows
        (skebp.EBPClassifier, 90, {}, 0.001),
        (skebp.EBPRegressor, 60, {}, 0.003),
        (skebp.EBPRegressor, 60, {"batch_size": 32}, 0.003 * math.sqrt(32 / 200)),
        # the classifier's early stopping needs 50 rows: up to 499 unguarded
        (skebp.EBPClassifier, 150, {}, 0.001),
        # the regressor's too, since the fifteenth round (10 rows before)
        (skebp.EBPRegressor, 300, {}, 0.003),
        # guarded: the rate chosen with early stopping
        (skebp.EBPClassifier, 150, {"validation_fraction": 0.4}, 0.01),
        (skebp.EBPRegressor, 120, {"validation_fraction": 0.5}, 0.01),
        # turned off by the user: nothing stops it early either
        (skebp.EBPClassifier, 90, {"early_stopping": False}, 0.001),
        (skebp.EBPRegressor, 120, {"early_stopping": False}, 0.003),
        # not guarded: 12 rows held out are too few
        (skebp.EBPRegressor, 60, {"validation_fraction": 0.2}, 0.003),
    ],
)
def test_auto_rate_of_adam_on_small_fits_nothing_stops_early(
    cls, n_rows, params, expected, iris
):
    # A small fit nothing stops early (early stopping off, by "auto" for
    # lack of rows or by the user; below 500 rows) starts from the small-fit
    # rate
    # (benchmarks/check_small.py): the same bits as that rate given
    # explicitly.
    X, y = _small_fit_data(iris, cls, n_rows)
    kw = {"hidden_layer_sizes": (4,), "max_iter": 3, "random_state": 0, **params}
    auto = cls(**kw).fit(X, y)
    # alpha="auto" goes with it: a small fit is penalized (and every
    # regressor fit below 500 rows)
    small = expected != 0.01
    if cls is skebp.EBPClassifier:
        # its "auto" mini-batches of 32 rows (the seventeenth round) scale
        # Adam's rate by the square-root rule
        expected *= math.sqrt(32 / 200)
    # a rate given keeps batches of 200: the classifier's "auto" ones given
    batch = {"batch_size": 32} if cls is skebp.EBPClassifier else {}
    if cls is skebp.EBPRegressor:
        penalty = 3.0
        if small and n_rows > 64 and "batch_size" not in params:
            # its "auto" mini-batches of 64 rows (the eighteenth round), on
            # more training rows than that (the guarded fit holds out half)
            expected *= math.sqrt(64 / 200)
            batch = {"batch_size": 64}
    else:
        penalty = 1.0 if small else 0.0
    fixed = cls(**{**batch, **kw}, learning_rate_init=expected, alpha=penalty)
    fixed.fit(X, y)
    assert auto._theta.tobytes() == fixed._theta.tobytes()
    assert auto.learning_rates_ == pytest.approx([expected] * 2, rel=1e-12)
    # partial_fit is never a small fit (its rows are a part of the data):
    # Adam's rate for its batch
    classes = {"classes": np.unique(y)} if cls is skebp.EBPClassifier else {}
    part = cls(**kw).partial_fit(X, y, **classes)
    auto_batch = 32 if cls is skebp.EBPClassifier else 64
    batch = min(params.get("batch_size", auto_batch), n_rows)
    assert part.learning_rates_[0] == pytest.approx(0.01 * math.sqrt(batch / 200))


@pytest.mark.parametrize(
    "cls, params, n_rows, penalty",
    [
        # a small fit that nothing stops early, whatever the solver and rate
        (skebp.EBPRegressor, {}, 60, 3.0),
        (skebp.EBPRegressor, {"batch_size": 16}, 60, 3.0),
        (skebp.EBPClassifier, {}, 90, 1.0),
        (skebp.EBPClassifier, {}, 150, 1.0),  # unguarded up to 499 rows
        (skebp.EBPRegressor, {"learning_rate_init": 0.003}, 60, 3.0),
        (skebp.EBPRegressor, {"solver": "lbfgs"}, 60, 3.0),
        (skebp.EBPRegressor, {"solver": "momentum"}, 60, 3.0),
        (skebp.EBPRegressor, {"solver": "levenberg_marquardt"}, 60, 3.0),
        (skebp.EBPClassifier, {"solver": "sgd"}, 90, 1.0),
        (skebp.EBPClassifier, {"solver": "cg"}, 90, 1.0),
        # the regressor: every fit below 500 rows, stopping early or not
        (skebp.EBPRegressor, {"validation_fraction": 0.2}, 60, 3.0),  # guarded
        (skebp.EBPRegressor, {"early_stopping": False}, 120, 3.0),
        (skebp.EBPRegressor, {"solver": "lbfgs"}, 120, 3.0),  # stops early
        (skebp.EBPRegressor, {}, 499, 3.0),
        # every other fit: no penalty
        (skebp.EBPRegressor, {}, 500, 0.0),
        (skebp.EBPRegressor, {"early_stopping": False}, 600, 0.0),
        (skebp.EBPClassifier, {"validation_fraction": 0.4}, 150, 0.0),  # guarded
        (skebp.EBPClassifier, {"early_stopping": True}, 150, 0.0),
    ],
)
def test_auto_alpha_penalizes_only_small_fits(cls, params, n_rows, penalty, iris):
    # alpha="auto" is 1 in a classifier's fit below the small-fit size that
    # nothing stops early, 3 in every regressor fit below 500 rows, whatever
    # the solver (benchmarks/check_small.py --alpha-round, --solver-round,
    # --es-alpha-round), else 0: the same bits as that alpha given
    # explicitly.
    X, y = _small_fit_data(iris, cls, n_rows)
    kw = {"hidden_layer_sizes": (4,), "max_iter": 3, "random_state": 0, **params}
    auto = cls(**kw).fit(X, y)
    assert cls().alpha == "auto"
    fixed = cls(**kw, alpha=penalty).fit(X, y)
    assert auto._theta.tobytes() == fixed._theta.tobytes()
    other = cls(**kw, alpha=3.0 - penalty).fit(X, y)
    assert auto._theta.tobytes() != other._theta.tobytes()


def test_auto_alpha_leaves_partial_fit_unpenalized(iris):
    X, y = iris
    X, y = X[::-1][:90], y[::-1][:90]
    kw = {"hidden_layer_sizes": (4,), "max_iter": 3, "random_state": 0}
    for cls, extra in [
        (skebp.EBPClassifier, {"classes": np.unique(y)}),
        (skebp.EBPRegressor, {}),
    ]:
        auto = cls(**kw).partial_fit(X, y, **extra)
        fixed = cls(**kw, alpha=0.0).partial_fit(X, y, **extra)
        assert auto._theta.tobytes() == fixed._theta.tobytes()


def test_auto_rate_of_adam_in_partial_fit_scales_to_the_calls_batch(iris):
    # partial_fit's rows are a part of the data: its batch of 50 rows
    # ("auto" = min(200, 50)) is noisy and gets the scaled rate.
    X, y = iris
    rows = np.random.RandomState(0).permutation(len(y))[:50]
    expected = 0.01 * math.sqrt(50 / 200)
    auto = _adam_fit(X[rows], y[rows], "partial_fit", learning_rate_init="auto")
    fixed = _adam_fit(X[rows], y[rows], "partial_fit", learning_rate_init=expected)
    assert auto._theta.tobytes() == fixed._theta.tobytes()
    assert auto.learning_rates_ == pytest.approx([expected] * 2, rel=1e-12)
    # a later call of another size keeps the rate, as "auto" keeps its others
    auto.partial_fit(X, y)
    assert auto.learning_rates_ == pytest.approx([expected] * 2, rel=1e-12)


@pytest.mark.parametrize(
    "params, match",
    [
        ({"learning_rate_init": "fast"}, "learning_rate_init"),
        ({"learning_rate": "optimal"}, "learning_rate"),
        ({"per_weight_rates": "newton"}, "per_weight_rates"),
        ({"sdlm_mu": 0.0}, "sdlm_mu"),
        ({"power_t": -1.0}, "power_t"),
    ],
)
def test_rate_parameter_errors(params, match, iris):
    X, y = iris
    with pytest.raises(ValueError, match=match):
        EBPClassifier((4,), **params).fit(X, y)


def test_full_batch_solvers_ignore_rate_parameters(iris):
    X, y = iris
    clf = EBPClassifier(
        (5,),
        solver="lbfgs",
        per_weight_rates="sdlm",
        learning_rate_init=0.05,
        learning_rate="adaptive",
        random_state=0,
    )
    with pytest.warns(IgnoredParameterWarning) as caught:
        clf.fit(X, y)
    ignored = {str(w.message).split("ignores ")[1].split("=")[0] for w in caught}
    assert ignored == {"per_weight_rates", "learning_rate_init", "learning_rate"}
    assert clf.learning_rates_ is None
    assert not hasattr(clf, "lambda_max_")


# -- learning_rate schedules -----------------------------------------------------
@pytest.mark.parametrize("batch_size", [1, 30])
def test_invscaling_anneals_like_scikit_learn(batch_size, iris):
    X, y = iris
    clf = EBPClassifier(
        (5,),
        learning_rate="invscaling",
        power_t=0.25,
        learning_rate_init=0.1,
        batch_size=batch_size,
        max_iter=4,
        random_state=0,
    ).fit(X, y)
    assert clf.t_ == 4 * len(X)
    assert clf.learning_rates_ == [pytest.approx(0.1 / (clf.t_ + 1) ** 0.25)] * 2


def _plateau_pair(iris, **params):
    X, y = iris
    common = dict(
        hidden_layer_sizes=(),
        learning_rate_init=0.05,
        n_iter_no_change=5,
        max_iter=2000,
        random_state=0,
        **params,
    )
    constant = EBPRegressor(learning_rate="constant", **common)
    plateau = EBPRegressor(learning_rate="plateau", **common)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return (
            constant.fit(X[:, :3], X[:, 3]),
            plateau.fit(X[:, :3], X[:, 3]),
        )


def test_plateau_lowers_the_rate_once_where_constant_stops(iris):
    constant, plateau = _plateau_pair(iris, early_stopping=False)
    n = constant.n_iter_
    assert n < 2000  # the stopping rule stopped it
    # The same epochs until the rule would stop, then more at a tenth of
    # the rate, and a stop at the next stall.
    assert plateau.loss_curve_[:n] == constant.loss_curve_
    assert n < plateau.n_iter_ < 2000
    assert constant.learning_rates_ == [0.05]
    assert plateau.learning_rates_ == [pytest.approx(0.005)]
    assert plateau.best_loss_ <= constant.best_loss_


def test_plateau_goes_on_from_the_best_validated_weights(iris, capsys):
    constant, plateau = _plateau_pair(iris, early_stopping=True, verbose=True)
    out = capsys.readouterr().out
    assert "learning rate lowered, from the best validated weights" in out
    n = constant.n_iter_
    assert plateau.validation_scores_[:n] == constant.validation_scores_
    assert plateau.n_iter_ > n
    assert plateau.best_validation_score_ == max(plateau.validation_scores_)
    assert plateau.best_validation_score_ >= constant.best_validation_score_


def test_plateau_keeps_its_drop_across_partial_fit(iris):
    X, y = iris
    clf = EBPClassifier(
        (5,), learning_rate="plateau", learning_rate_init=0.05, n_iter_no_change=2
    ).set_params(random_state=0, tol=1e9)  # every epoch counts as a stall
    for _ in range(8):
        clf.partial_fit(X, y, classes=np.unique(y))
    assert clf.learning_rates_ == [pytest.approx(0.005)] * 2


def test_adaptive_rate_decreases_near_a_minimum(iris):
    X, y = iris
    clf = EBPRegressor(
        (), learning_rate="adaptive", learning_rate_init=0.05, max_iter=300, tol=0
    )
    clf.set_params(random_state=0).fit(X[:, :3], X[:, 3])
    assert clf.learning_rates_[0] < 0.05 / 3
    assert clf.score(X[:, :3], X[:, 3]) > 0.9


@pytest.mark.parametrize("activation", ["relu", "lecun_tanh"])
def test_momentum_auto_rate_holds_unbounded_units_to_sgds_step(activation, digits):
    # ReLU networks: momentum's long-run step eta / (1 - beta) is SGD's rate,
    # so its rate is (1 - beta) times SGD's on the same curvature estimate;
    # bounded units keep the rate of the noise bound (larger than that)
    X, y = digits

    def rate(solver):
        clf = EBPClassifier(
            (20,),
            activation,
            solver=solver,
            learning_rate_init="auto",
            learning_rate="constant",
            max_iter=1,
            random_state=0,
        ).fit(X, y)
        return clf.learning_rates_[0], clf.lambda_max_

    (sgd, lam_sgd), (momentum, lam_momentum) = rate("sgd"), rate("momentum")
    assert lam_sgd == lam_momentum  # the same estimate
    if activation == "relu":
        assert momentum == pytest.approx(0.1 * sgd, rel=1e-12)
    else:
        assert 0.3 * sgd < momentum < sgd


@pytest.mark.parametrize(
    "cls, solver, rows",
    [
        # the seventeenth and eighteenth rounds (benchmarks/check_seventeenth.py,
        # check_eighteenth.py)
        (skebp.EBPClassifier, "adam", 32),
        (skebp.EBPRegressor, "adam", 64),
        # the solvers the rounds did not measure keep their batches of 200
        (skebp.EBPClassifier, "momentum", 200),
        (skebp.EBPClassifier, "sgd", 200),
        (skebp.EBPRegressor, "momentum", 200),
        # so does a rate given (the recipes')
        (skebp.EBPClassifier, ("adam", 0.01), 200),
        (skebp.EBPRegressor, ("adam", 0.01), 200),
    ],
)
def test_the_auto_batch_size(cls, solver, rows):
    # "auto" is min(rows, n_samples): the same bits as that size given
    X, y = load_digits(return_X_y=True)
    X, y = X[:400], (y if cls is skebp.EBPClassifier else X[:, 20])[:400]
    solver, rate = solver if isinstance(solver, tuple) else (solver, "auto")
    kw = {"hidden_layer_sizes": (8,), "solver": solver, "max_iter": 2}
    kw["learning_rate_init"] = rate
    kw.update(random_state=0, early_stopping=False)
    auto = cls(**kw).fit(X, y)
    given = cls(**kw, batch_size=rows).fit(X, y)
    assert auto._theta.tobytes() == given._theta.tobytes()
    # fewer rows than that: one batch of all of them, without a warning
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        warnings.simplefilter("ignore", ConvergenceWarning)
        few = cls(**kw).fit(X[:20], y[:20])
    whole = cls(**kw, batch_size=20).fit(X[:20], y[:20])
    assert few._theta.tobytes() == whole._theta.tobytes()
